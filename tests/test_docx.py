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

from framework.render.changes_text import claim_groups, facts_lines, method_verdict

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BOTH = "goal: both\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\n"
REMOVAL = "goal: removal\ntarget: data\ndeployment: open-weights\n"
SITE = "https://example.org/unlearning-scope/"
PRIVACY = "goal: removal\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\nconcern: in-model\n"


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


def _footnotes(path: Path) -> tuple[str, list[str]]:
    """The document body's XML and each footnote's text (real Word footnotes, separators left out)."""
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        notes_xml = z.read("word/footnotes.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "relationships/footnotes" in rels
    notes = []
    for m in re.finditer(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', notes_xml, re.S):
        assert int(m.group(1)) == len(notes) + 1
        notes.append("".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", m.group(2), re.S)).strip())
    return body, notes


def _claim_paragraph(doc: DocumentObject, claim_id: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.text.startswith(f"{claim_id}. "))


def test_the_memo_comes_first_and_the_detail_in_an_annex(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, PRIVACY)
    doc = Document(str(path))
    heads = _headings(doc)
    order = ["Facts assumed", "Bottom line", "Verdicts", "Mismatches", "Legal questions no method settles", "How to cite",
             "Annex: the detail", "Claims", "Methods", "BibTeX"]
    assert [h for h in heads if h in order] == order
    assert doc.paragraphs[0].text == "Unlearning assessment"
    assert f"knowledge base {result['kb_version']}, of " in doc.paragraphs[1].text
    facts = [p.text for p in _after(doc, "Facts assumed")]
    assert facts == facts_lines(result) and "Deployment: Hosted" in facts[0]
    bottom = _after(doc, "Bottom line")
    assert bottom[0].text == " ".join(result["bottom_line"]["text"])
    bullets = [p.text for p in bottom if p.style.name == "List Bullet"]
    assert bullets == result["bottom_line"]["evidence_needed"] and bullets
    legal = [p.text for p in _after(doc, "Legal questions no method settles")]
    assert any("CL-007" in q and q.startswith("No method settles whether") for q in legal)
    # the annex starts on a page of its own
    annex = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Annex: the detail")
    assert 'w:type="page"' in doc.paragraphs[annex - 1]._p.xml or 'w:type="page"' in doc.paragraphs[annex]._p.xml


def test_paper_is_a4_by_default_with_page_numbers_and_letter_on_request(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, PRIVACY)
    section = Document(str(path)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and result["kb_version"] in section.footer.paragraphs[0].text
    letter, _ = _memo(cli, tmp_path, PRIVACY, "--paper", "letter", name="letter")
    section = Document(str(letter)).sections[0]
    assert round(section.page_width.inches, 2) == 8.5 and round(section.page_height.inches, 2) == 11


def test_verdict_table_gives_each_method_its_verdict_and_what_decides_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, answers in (("both", BOTH), ("removal", REMOVAL)):
        path, result = _memo(cli, tmp_path, answers, name=name)
        table = Document(str(path)).tables[0]
        rows = [[c.text for c in r.cells] for r in table.rows]
        assert rows[0] == ["Method", "Verdict", "What decides it"]
        halves = list(result["methods"][0]["halves"])
        for row, m in zip(rows[1:], result["methods"]):
            assert row[0] == m["label"] and m["id"] not in row[0]
            assert row[1] == method_verdict(m, halves)
            if len(halves) > 1:
                assert ("removal: " in row[1] and "suppression: " in row[1]) or row[1].endswith("(both halves)")
            assert row[2] in ([m["caveats"][0]] if m["caveats"] else []) + ["—"]


def test_mismatches_carry_their_reasons(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    shown = [p.text for p in _after(Document(str(path)), "Mismatches")]
    assert shown == [f"{mm['id']}. {mm['label']}{'' if mm['status'] == 'applies' else ' (may apply, depending on unanswered questions)'}: {mm['why']}"
                     for mm in result["mismatches"]]


def test_claims_sources_are_real_footnotes_in_full_once_then_short(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, PRIVACY)
    doc = Document(str(path))
    body, notes = _footnotes(path)
    with_sources = [c for _, _, group, _ in claim_groups(result) for c in group if c["sources"]]
    assert len(notes) == len(with_sources) == body.count("<w:footnoteReference ")
    for n, c in enumerate(with_sources, 1):
        assert f'w:footnoteReference w:id="{n}"' in _claim_paragraph(doc, c["id"])._p.xml
        for s in c["sources"]:
            assert f"[{s['basis_label']}]" in notes[n - 1]
    text = " ".join(notes)
    paper = next(s["reference"] for c in with_sources for s in c["sources"] if s.get("source") == "cooper2024doesnt")
    assert text.count(paper) == 1, "the paper is cited in full once, then in short form"
    assert "Cooper et al. 2024, n " in text
    assert "not a quotation or pinpoint citation" not in text  # said once, in the memo, not in every note


def test_citation_permalink_and_bibtex(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH, "--site-url", SITE)
    doc = Document(str(path))
    cite = [p for p in _after(doc, "How to cite")]
    assert cite[0].text == result["citation"]["text"]
    link = next(p for p in cite if p.text.startswith("Permalink: "))
    assert result["citation"]["permalink"].startswith(SITE)
    assert [h.url for h in link.hyperlinks] == [result["citation"]["permalink"]]
    assert "\n".join(p.text for p in _after(doc, "BibTeX")) == result["citation"]["bibtex"]
    trees = {h.url for p in _after(doc, "Bottom line") for h in p.hyperlinks}
    assert trees == {f"{SITE}trees/{t['id']}/" for t in result["bottom_line"]["trees"]}


def test_a_relative_permalink_is_never_linked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = _memo(cli, tmp_path, BOTH)
    if result["citation"]["permalink"].startswith("http"):
        pytest.skip("the knowledge base names its published address")
    cite = _after(Document(str(path)), "How to cite")
    assert all(p.hyperlinks == [] for p in cite) and "No permalink" in cite[0].text


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
    assert doc.paragraphs[2].text.startswith("Case CASE-FTC-EVERALBUM: ")
    case_json = cli("evaluate", "--case", "CASE-FTC-EVERALBUM", "--format", "json").json()
    assert any(case_json["citation"]["text"] == p.text for p in doc.paragraphs)
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


def test_the_privacy_erasure_memo_fits_four_a4_pages_before_its_annex(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rendered by LibreOffice (installed by scripts/test), the memo for a GDPR erasure request to a
    hosted chatbot takes at most 4 A4 pages before the annex, and the footnotes are real notes."""
    import os
    import shutil

    import pymupdf

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/test installs libreoffice-writer)"
    path, _ = _memo(cli, tmp_path, PRIVACY)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=180, env=env)
    pdf = pymupdf.open(str(path.with_suffix(".pdf")))
    assert round(pdf[0].rect.width) == 595 and round(pdf[0].rect.height) == 842  # A4 in points
    annex = next(i for i, page in enumerate(pdf) if "Annex: the detail" in page.get_text())
    assert 1 <= annex <= 4, f"the memo takes {annex} pages before its annex"
    last = " ".join(pdf[len(pdf) - 1].get_text().split()) + " " + " ".join(pdf[0].get_text().split())
    assert f"page 1 of {len(pdf)}" in last
