"""`evaluate --format docx`: a Word memo of the result, read back with python-docx and checked against
the same result's JSON; byte-identical for the same answers; refused without `--out`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from framework.kb.provenance import BASIS_LABELS
from framework.render.words import VERDICT_WORDS

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BOTH = "goal: both\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\n"
REMOVAL = "goal: removal\ntarget: data\ndeployment: open-weights\n"
SITE = "https://example.org/unlearning-scope/"
HEADINGS = ["Bottom line", "What to ask the provider for", "Decision trees to consult", "Verdicts", "What would change each verdict",
            "Mismatches", "Claims", "Unknowns", "How to cite", "BibTeX", "Notes"]


def _memo(cli, tmp_path: Path, answers: str, *extra: str, name: str = "memo") -> tuple[Path, dict[str, Any]]:  # type: ignore[no-untyped-def]
    src = tmp_path / f"{name}.yaml"
    src.write_text(answers)
    out = tmp_path / f"{name}.docx"
    run = cli("evaluate", str(src), "--format", "docx", "--out", str(out), *extra)
    assert run.code == 0, run.err
    assert run.out == "" and f"wrote {out}" in run.err
    result = cli("evaluate", str(src), "--format", "json", *extra).json()
    return out, result


def _headings(doc: DocumentObject) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and (p.style.name or "").startswith("Heading")]


def _after(doc: DocumentObject, heading: str) -> list[Paragraph]:
    """The paragraphs between a heading and the next heading of the same or a higher level."""
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == heading and (p.style.name or "").startswith("Heading"))
    level = paras[start].style.name
    out = []
    for p in paras[start + 1:]:
        name = p.style.name or ""
        if name.startswith("Heading") and name <= level:
            break
        out.append(p)
    return out


def _notes(doc: DocumentObject) -> dict[int, str]:
    notes = {}
    for p in _after(doc, "Notes"):
        m = re.match(r"(\d+)\. ", p.text)
        if m:
            notes[int(m.group(1))] = p.text
    return notes


def _claim_paragraph(doc: DocumentObject, claim_id: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.text.startswith(f"{claim_id}. "))


def _note_numbers(p: Paragraph) -> list[int]:
    sup = [r.text for r in p.runs if r.font.superscript]
    assert len(sup) <= 1
    return [int(n) for n in sup[0].split(",")] if sup else []


def test_document_leads_with_the_bottom_line_and_states_version_and_digest(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    doc = Document(str(path))
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "Unlearning assessment"
    heads = _headings(doc)
    assert [h for h in heads if h in HEADINGS] == HEADINGS  # all of them, in this order
    assert heads.index("Bottom line") == 0
    texts = [p.text for p in doc.paragraphs]
    lines = texts[: texts.index("Bottom line")]
    assert any(result["kb_version"] in t and result["answers_digest"] in t for t in lines)
    bottom = _after(doc, "Bottom line")
    assert bottom[0].text == result["bottom_line"]["text"][0]
    assert [p.text for p in bottom[: len(result["bottom_line"]["text"])]] == result["bottom_line"]["text"]
    asks = [p.text for p in _after(doc, "What to ask the provider for") if p.style.name == "List Bullet"]
    assert asks == result["bottom_line"]["ask_provider"] and asks
    trees = [p.text for p in _after(doc, "Decision trees to consult")]
    assert trees == [f"{t['id']}: {t['label']}" for t in result["bottom_line"]["trees"]] and trees
    assert doc.core_properties.subject == f"Knowledge base version {result['kb_version']}; answers {result['answers_digest']}"


def test_verdict_table_has_every_method_by_half(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    table = Document(str(path)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Method", "Removal", "Suppression", "Overall", "Conditions"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert len(rows) == len(result["methods"])
    for m in result["methods"]:
        removal, suppression, overall, conditions = rows[f"{m['label']} ({m['id']})"]
        assert (removal, suppression, overall) == (VERDICT_WORDS[m["halves"]["removal"]], VERDICT_WORDS[m["halves"]["suppression"]], VERDICT_WORDS[m["verdict"]])
        # each half keeps its own verdict and conditions (contract, "Verdicts"; ML review N4)
        expected = []
        for h, part in m["by_half"].items():
            cs = part["conditions"] or ["—"]
            expected += [f"{h.capitalize()} ({VERDICT_WORDS[part['verdict']]}): {cs[0]}", *cs[1:]]
        assert conditions == "\n".join(expected)
    assert {m["verdict"] for m in result["methods"]} >= {"partial", "does-not-support"}
    # a method that cannot deliver both halves still shows what its partial half needs
    kept = [m for m in result["methods"] if m["verdict"] == "does-not-support" and "partial" in m["halves"].values()]
    assert kept and all(c in rows[f"{m['label']} ({m['id']})"][3] for m in kept for c in m["by_half"]["suppression"]["conditions"])


def test_verdict_table_has_one_verdict_column_when_the_goal_has_one_half(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, REMOVAL)
    table = Document(str(path)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Method", "Verdict", "Conditions"]
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == [(f"{m['label']} ({m['id']})", VERDICT_WORDS[m["verdict"]]) for m in result["methods"]]


def test_mismatches_carry_their_reasons(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    texts = [p.text for p in _after(Document(str(path)), "Mismatches")]
    assert result["mismatches"]
    for mm in result["mismatches"]:
        i = next(i for i, t in enumerate(texts) if t.startswith(f"{mm['id']}. {mm['label']}"))
        assert ("may apply" in texts[i]) == (mm["status"] == "possible")
        assert texts[i + 1: i + 1 + len(mm["reasons"])] == mm["reasons"]


def test_claims_are_grouped_by_verdict_with_conditions_and_changes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    doc = Document(str(path))
    for c in result["claims"]:
        group = f"{VERDICT_WORDS[c['verdict']].capitalize()} ({sum(1 for x in result['claims'] if x['verdict'] == c['verdict'])})"
        under = [p.text for p in _after(doc, group)]
        i = next(i for i, t in enumerate(under) if t.startswith(f"{c['id']}. {c['statement']}"))
        following = under[i + 1:]
        for cond in c["conditions"]:
            assert f"Condition: {cond}" in following
        if c["what_would_change"] and c["what_would_change"].get("stronger"):
            assert any(t.startswith("Would change: stronger with") for t in following)


def test_every_claim_source_is_a_note_with_its_basis_label(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    doc = Document(str(path))
    notes = _notes(doc)
    assert sorted(notes) == list(range(1, len(notes) + 1))
    bases = set()
    for c in result["claims"]:
        numbers = _note_numbers(_claim_paragraph(doc, c["id"]))
        assert len(numbers) == len(c["sources"]), c["id"]
        for n, s in zip(numbers, c["sources"]):
            note = notes[n]
            bases.add(s["basis"])
            assert f"Basis: {s['basis_label']}." in note and s["basis_label"] == BASIS_LABELS[s["basis"]]
            assert (s.get("reference") or "Unlearning Scope (editorial)") in note
            if s.get("note"):
                assert s["note"] in note
            if s["basis"] in ("secondary-summary", "editorial"):
                assert "not a quotation" in note
                if s.get("locator"):  # never a pinpoint into the paper
                    assert f", {s['locator']}" not in note
            elif s.get("locator"):
                assert f", {s['locator']}" in note
    assert {"secondary-summary", "literature", "editorial"} <= bases


def test_notes_link_the_sources_that_have_an_address(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    doc = Document(str(path))
    urls = {h.url for p in _after(doc, "Notes") for h in p.hyperlinks}
    wanted = {s["url"] for c in result["claims"] for s in c["sources"] if s.get("url")}
    assert wanted and urls == wanted


def test_citation_permalink_and_bibtex(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH, "--site-url", SITE)
    doc = Document(str(path))
    cite = [p for p in _after(doc, "How to cite")]
    assert cite[0].text == result["citation"]["text"]
    link = next(p for p in cite if p.text.startswith("Permalink: "))
    assert result["citation"]["permalink"].startswith(SITE)
    assert [h.url for h in link.hyperlinks] == [result["citation"]["permalink"]]
    assert "\n".join(p.text for p in _after(doc, "BibTeX")) == result["citation"]["bibtex"]
    trees = {h.url for p in _after(doc, "Decision trees to consult") for h in p.hyperlinks}
    assert trees == {f"{SITE}trees/{t['id']}/" for t in result["bottom_line"]["trees"]}


def test_a_relative_permalink_is_said_to_be_relative_not_linked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    link = next(p for p in Document(str(path)).paragraphs if p.text.startswith("Permalink: "))
    if result["citation"]["permalink"].startswith("http"):
        pytest.skip("the knowledge base names its published address")
    assert link.hyperlinks == [] and "relative address" in link.text


def test_same_answers_give_byte_identical_documents(cli, tmp_path: Path, tables) -> None:  # type: ignore[no-untyped-def]
    first, _ = _memo(cli, tmp_path, BOTH, name="one")
    second, _ = _memo(cli, tmp_path, BOTH, name="two")
    assert first.read_bytes() == second.read_bytes()
    # another process, to standard output
    src = tmp_path / "one.yaml"
    run = subprocess.run([sys.executable, "-m", "framework", "evaluate", str(src), "--format", "docx", "--out", "-"],
                         cwd=REPO, capture_output=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == first.read_bytes()
    released = tables.data["kb"]["released"]
    y, m, d = (int(x) for x in released.split("-"))
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(y, m, d, 0, 0, 0)}
    props = Document(str(first)).core_properties
    assert props.created is not None and props.created.date().isoformat() == released
    assert props.modified == props.created


def test_docx_without_out_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "a.yaml"
    src.write_text(BOTH)
    run = cli("evaluate", str(src), "--format", "docx")
    assert run.code == 2 and run.out == ""
    assert "--out" in run.err and "binary" in run.err
    assert cli("ask", "--format", "docx").code == 2
    assert cli("evaluate", "--case", "CASE-FTC-EVERALBUM", "--format", "docx").code == 2


def test_malformed_answers_write_no_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "bad.yaml"
    src.write_text("goal: removal\ntarget: nothing-like-this\n")
    out = tmp_path / "memo.docx"
    run = cli("evaluate", str(src), "--format", "docx", "--out", str(out))
    assert run.code == 2 and "bad.yaml:2" in run.err
    assert list(tmp_path.iterdir()) == [src]


def test_an_unwritable_out_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "a.yaml"
    src.write_text(BOTH)
    run = cli("evaluate", str(src), "--format", "docx", "--out", str(tmp_path / "no-such-folder" / "memo.docx"))
    assert run.code == 2 and "cannot write" in run.err and "no-such-folder" in run.err


def test_case_and_ask_write_documents(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "case.docx"
    run = cli("evaluate", "--case", "CASE-FTC-EVERALBUM", "--format", "docx", "--out", str(out))
    assert run.code == 0, run.err
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "Unlearning assessment: CASE-FTC-EVERALBUM"
    assert doc.paragraphs[1].text.startswith("Case CASE-FTC-EVERALBUM: ")
    case_json = cli("evaluate", "--case", "CASE-FTC-EVERALBUM", "--format", "json").json()
    assert any(case_json["answers_digest"] in p.text for p in doc.paragraphs[:4])
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n\n\n\n\n\n"))
    asked = tmp_path / "asked.docx"
    run = cli("ask", "--format", "docx", "--out", str(asked))
    assert run.code == 0, run.err
    assert "Bottom line" in _headings(Document(str(asked)))


def test_out_also_takes_the_text_formats(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "a.yaml"
    src.write_text(BOTH)
    out = tmp_path / "memo.md"
    assert cli("evaluate", str(src), "--format", "markdown", "--out", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == cli("evaluate", str(src), "--format", "markdown").out


def test_help_shows_the_word_examples(cli) -> None:  # type: ignore[no-untyped-def]
    assert "--format docx --out memo.docx" in cli("evaluate", "--help").out
    assert "--format docx --out memo.docx" in cli("ask", "--help").out
