"""Issue 19: a Word draft reviewed (a comment on each flagged passage, the text unchanged), the review
as a Word report and Markdown for other inputs, and the wording rules and their examples."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from framework.kb.loader import load
from framework.outputs import review
from framework.render.docx import _deterministic_zip
from framework.textcheck.matcher import Unit, check
from framework.textcheck.names import Names
from framework.textcheck.readers import CFB_SIGNATURE, docx_pieces
from framework.textcheck.render import in_order
from framework.textcheck.wording import example_problems

REPO = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

AUTHOR = review.AUTHOR

# -- a Word draft with everything a review must keep: a title and headings, a table, an existing comment,
# a footnote, tracked changes (an insertion and a deletion), and flagged passages that start and end
# inside runs; built with python-docx plus the XML it has no API for, deterministic.

FOOTNOTES = (
    f'<w:footnotes {nsdecls("w")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Customer Data as defined in the Agreement.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
FLAGGED = (
    "The Provider shall unlearn the Customer Data.",
    "The Vendor warrants that no prompt will extract the Customer Data from the model.",
    "The Provider shall certify in writing that the Customer Data has been deleted from the Model.",
)


def draft(protected: bool = False) -> bytes:
    doc = Document()
    doc.add_heading("Data Processing Addendum", level=1)
    intro = doc.add_paragraph("This addendum sets out how the Provider handles Customer Data.")
    doc.add_comment(intro.runs[0], text="Existing reviewer comment: check the defined terms.", author="Counsel", initials="C")

    p = doc.add_paragraph()
    p.add_run("1. Deletion. ").bold = True
    p.add_run(f"On termination the Provider shall return the data. {FLAGGED[0][:24]}")
    p.add_run(f"{FLAGGED[0][24:]} Nothing else")
    p.add_run(" changes.")
    ref = OxmlElement("w:r")
    ref.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): "1"}))
    p._p.append(ref)

    doc.add_heading("Warranties", level=2)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Clause"
    table.cell(0, 1).text = "Text"
    table.cell(1, 0).text = "2.1"
    table.cell(1, 1).text = FLAGGED[1]

    # 3. a tracked insertion ("in writing ") and deletion ("promptly ") inside a flagged passage
    p3 = doc.add_paragraph()
    p3._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">The Provider shall certify </w:t></w:r>'))
    p3._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="901" w:author="Counsel" w:date="2025-01-01T00:00:00Z">'
                           '<w:r><w:delText xml:space="preserve">promptly </w:delText></w:r></w:del>'))
    p3._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="902" w:author="Counsel" w:date="2025-01-01T00:00:00Z">'
                           '<w:r><w:t xml:space="preserve">in writing </w:t></w:r></w:ins>'))
    p3._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">that the Customer Data has been deleted from the Model.</w:t></w:r>'))

    doc.add_paragraph("Schedule 1 lists the sub-processors.")

    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                FOOTNOTES.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    if protected:
        prot = OxmlElement("w:documentProtection", attrs={qn("w:edit"): "readOnly", qn("w:enforcement"): "1"})
        doc.settings.element.append(prot)
    for c in doc.comments:
        c._comment_elm.date = WHEN
    doc.core_properties.created = doc.core_properties.modified = WHEN
    out = io.BytesIO()
    doc.save(out)
    return _deterministic_zip(out.getvalue(), WHEN)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from framework.cli import main

    folder = tmp_path_factory.mktemp("review")
    src, out = folder / "draft.docx", folder / "reviewed.docx"
    src.write_bytes(draft())
    assert main(["check", str(src), "--format", "docx", "--out", str(out)]) == 1
    return src, out


def _body_texts(d: Any) -> list[str]:
    texts = [p.text for p in d.paragraphs]
    for t in d.tables:
        texts += [c.text for row in t.rows for c in row.cells]
    return texts


def _anchored_text(document_xml: Any, comment_id: str) -> str:
    """The text (w:t, in document order) between a comment's range start and end."""
    inside, out = False, []
    for el in document_xml.iter():
        if el.tag == qn("w:commentRangeStart") and el.get(qn("w:id")) == comment_id:
            inside = True
        elif el.tag == qn("w:commentRangeEnd") and el.get(qn("w:id")) == comment_id:
            return "".join(out)
        elif inside and el.tag == qn("w:t"):
            out.append(el.text or "")
    raise AssertionError(f"comment {comment_id} has no closed range")


def test_the_reviewed_text_equals_the_original_and_everything_is_kept(reviewed: tuple[Path, Path]) -> None:
    src, out = reviewed
    a, b = docx.Document(str(src)), docx.Document(str(out))
    assert _body_texts(a) == _body_texts(b)
    assert "".join(t for _, t in docx_pieces(a)) == "".join(t for _, t in docx_pieces(b))
    assert [p.style.name for p in a.paragraphs] == [p.style.name for p in b.paragraphs]
    za, zb = zipfile.ZipFile(src), zipfile.ZipFile(out)
    assert za.read("word/footnotes.xml") == zb.read("word/footnotes.xml")
    assert set(za.namelist()) <= set(zb.namelist())
    xa, xb = za.read("word/document.xml").decode(), zb.read("word/document.xml").decode()
    for tag in ("<w:ins ", "<w:del ", "<w:delText", "<w:tbl>", "<w:footnoteReference"):
        assert xa.count(tag) == xb.count(tag) >= 1, tag
    existing = [c for c in b.comments if c.author == "Counsel"]
    assert len(existing) == 1 and existing[0].text == "Existing reviewer comment: check the defined terms."


def test_one_comment_per_flagged_passage_anchored_on_its_runs(reviewed: tuple[Path, Path]) -> None:
    _, out = reviewed
    b = docx.Document(str(out))
    ours = [c for c in b.comments if c.author == AUTHOR]
    assert len(ours) == len(FLAGGED) + 1  # and the summary
    body = b.element.body
    for c, passage in zip(ours, FLAGGED, strict=False):
        assert _anchored_text(body, str(c.comment_id)) == passage
        assert f"passage {ours.index(c) + 1}:" in c.text
    summary = ours[-1]
    assert _anchored_text(body, str(summary.comment_id)) == "Data Processing Addendum"
    assert summary.text.startswith("Unlearning Scope review of this text: 3 passages flagged")
    assert "How far to rely on this: in texts the project had never seen, check found" in summary.text
    first, warranty, certificate = (c.text for c in ours[:3])
    assert "aim: open" in first and "The passage does not say: " in first
    unsaid = first.split("The passage does not say: ", 1)[1].split(".", 1)[0].split(", ")
    assert "driver" in unsaid and "built for deletion" in unsaid and "target" not in unsaid  # "Customer Data" names it
    assert "open (the text does not say)" not in first and first.count("May apply, depending on what the text leaves open: ") == 1
    line = next(t for t in first.split("\n") if t.startswith("Mismatches: "))
    assert "leaving the goal open invites M1 (" in line and line.count("M1 ") == line.count("M2 ") == 1  # named once, with the goal
    review_part = first.split("Supportable wording", 1)[0]  # the wording's own text may cite them
    assert review_part.count("M1") == review_part.count("M2") == 1  # and not in the reading as well
    assert "built_for_deletion" not in first and "goal:" not in first
    assert "Bottom line for this passage's answers:" in first and "WR-001" in first and "Removal, by training a model without the data:" in first
    assert "CL-006 (unsupportable)" in warranty and "WR-002" in warranty and "What cannot be promised:" in warranty
    assert "CL-020 (unsupportable)" in certificate and "WR-003" in certificate
    for text in (first, warranty, certificate, summary.text):
        assert "Knowledge base version" in text and "Permalink: " in text and "questionnaire/#v=" in text


def test_the_same_draft_gives_the_same_bytes(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    from framework.cli import main

    src, out = reviewed
    again = tmp_path / "again.docx"
    assert main(["check", str(src), "--format", "docx", "--out", str(again)]) == 1
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("case", ["protected", "encrypted", "corrupt", "no-out"])
def test_a_draft_that_cannot_be_reviewed_gets_an_error_and_no_file(case: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    src, out = tmp_path / "draft.docx", tmp_path / "out.docx"
    src.write_bytes({"protected": draft(protected=True), "encrypted": CFB_SIGNATURE + b"\0" * 600,
                     "corrupt": draft()[:3000], "no-out": draft()}[case])
    run = cli("check", str(src), "--format", "docx", *([] if case == "no-out" else ["--out", str(out)]))
    assert run.code == 2 and not out.exists()
    assert {"protected": "protected against editing (readOnly)", "encrypted": "encrypted (password-protected)",
            "corrupt": "not a readable .docx", "no-out": "give --out"}[case] in run.err


def test_a_huge_draft_is_refused(monkeypatch: pytest.MonkeyPatch, kb, compiled) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(review, "MAX_PARAGRAPHS", 5)
    result = check(kb, compiled, [Unit("x")])
    with pytest.raises(review.ReviewError, match="paragraphs; the limit for a review is 5"):
        review.review_docx(draft(), "draft.docx", result, Names.of(kb), None)


def test_other_inputs_get_a_word_report_and_markdown(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "clause.txt"
    f.write_text("\n\n".join(FLAGGED) + "\n", encoding="utf-8")
    out = tmp_path / "report.docx"
    assert cli("check", str(f), "--format", "docx", "--out", str(out)).code == 1
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert text.count("Passage ") == 3 and "Supportable wording to consider (WR-001" in text and "WR-003" in text
    md = cli("check", str(f), "--format", "markdown").out
    assert "**Supportable wording to consider (WR-002" in md and "> The Provider warrants that, on the tests set out in \\[Schedule\\]" in md
    js = cli("check", str(f), "--format", "json").json()
    assert [[w["id"] for w in p["wording"]] for p in js["passages"]] == [["WR-001"], ["WR-002"], ["WR-003"]]


def test_a_passage_set_aside_is_named_in_the_word_report(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "clause.txt"
    definition = "Machine unlearning is the process of erasing the influence of chosen training data from a trained model."
    f.write_text(FLAGGED[0] + "\n\n" + definition + "\n", encoding="utf-8")
    out = tmp_path / "report.docx"
    assert cli("check", str(f), "--format", "docx", "--out", str(out)).code == 1
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Set aside, not flagged: 1 passage" in text and "\u201cMachine unlearning is the process of erasing" in text
    assert "SIG-ASIDE-001, on \u201cMachine unlearning is the process" in text


def test_the_review_converts_to_pdf_with_its_comments(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    """LibreOffice (installed by scripts/test) prints the reviewed draft; every comment is in the PDF."""
    import pymupdf

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/test installs libreoffice-writer)"
    _, out = reviewed
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180, env=env)
    pdf = pymupdf.open(str(tmp_path / "reviewed.pdf"))
    page_text = " ".join(" ".join(p.get_text().split()) for p in pdf)
    assert FLAGGED[0] in page_text and "Customer Data as defined in the Agreement." in page_text  # and the footnote
    assert "The Provider shall certify promptly in writing that" in page_text  # the tracked deletion still shown, struck through
    notes = [a.info["content"] for p in pdf for a in p.annots() if a.type[1] == "Text"]
    assert len(notes) == len(FLAGGED) + 2  # ours, the summary and the reviewer's own
    assert sum("Supportable wording to consider" in n for n in notes) == 3
    assert any(n.startswith("Existing reviewer comment") for n in notes)


def test_wording_examples_pass(kb) -> None:  # type: ignore[no-untyped-def]
    assert example_problems(kb) == []
    assert len(kb.wording) >= 3


def test_a_wording_example_that_still_fits_is_reported_with_its_line(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    for folder in ("taxonomy", "rules"):
        shutil.copytree(REPO / folder, root / folder)
    path = root / "rules" / "wording" / "contracts.yaml"
    text = path.read_text(encoding="utf-8")
    broken = "        after: The Provider shall keep unlearning the Customer Data.\n"
    example = ("        after: The Provider shall replace the Model with a model trained without the Customer Data, "
               "leaving out of the training data every copy of the Customer Data that the matching method in Schedule 1 finds.\n")
    assert example in text, "the test's example is no longer in contracts.yaml"
    text = text.replace(example, broken, 1)
    path.write_text(text, encoding="utf-8")
    problems = example_problems(load(root))
    assert [(d.code, d.file, d.field) for d in problems] == [("wording-example", "rules/wording/contracts.yaml", "wording[0].examples[0].after")]
    assert problems[0].line == text.splitlines().index(broken.rstrip("\n")) + 1


def test_no_wording_rule_fits_its_own_clauses(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    """The wording offered must not itself be read as making the promise it replaces."""
    for wid, rule in kb.wording.items():
        for option in rule.wording:
            result = check(kb, compiled, [Unit(" ".join(option.text.split()))])
            fitted = {w["id"] for p in result["passages"] for w in p["wording"]}
            assert wid not in fitted, (wid, option.label)


def test_report_bytes_are_deterministic(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    result = check(kb, compiled, [Unit(FLAGGED[0])])
    first = review.report_docx(result, Names.of(kb), "2026-01-01")
    assert first == review.report_docx(result, Names.of(kb), "2026-01-01")
    assert docx.Document(io.BytesIO(first)).core_properties.title.startswith("Unlearning Scope review")


def test_the_word_report_gives_a_bottom_line_once_for_the_same_answers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a report (not in a comment, which is read on its own) a passage with the answers of an earlier one
    refers to its bottom line."""
    f = tmp_path / "filters.txt"
    f.write_text("Detect and redact credit card numbers, SSNs, or account credentials in responses.\n\n"
                 "Block responses that expose other customers' data or internal system details.\n", encoding="utf-8")
    js = cli("check", str(f), "--format", "json").json()
    first, second = js["passages"]
    assert first["permalink"] == second["permalink"] and first["bottom_line"]
    out = tmp_path / "report.docx"
    assert cli("check", str(f), "--format", "docx", "--out", str(out)).code == 1
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert text.count("Bottom line for this passage's answers: " + " ".join(first["bottom_line"]["text"])) == 1
    assert text.count("Bottom line for this passage's answers: as for passage 1, whose answers are the same.") == 1


def test_the_word_report_says_what_the_text_leaves_unsaid_once_per_passage(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each question a passage's words do not bear on is named once in one list, the mismatches that only may
    apply share one caveat, and the knowledge-base version is given once, in the summary."""
    f = tmp_path / "clauses.txt"
    f.write_text("\n\n".join(FLAGGED) + "\n", encoding="utf-8")
    js = cli("check", str(f), "--format", "json").json()
    out = tmp_path / "report.docx"
    assert cli("check", str(f), "--format", "docx", "--out", str(out)).code == 1
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    text = "\n".join(paras)
    names = Names.of(load(REPO))
    readings = [t for t in paras if t.startswith("Reading: ")]
    assert len(readings) == len(js["passages"]) == 3
    for reading, passage in zip(readings, js["passages"], strict=True):
        asked = in_order(names.label)
        unsaid = [names.question(q) for q in asked if q not in passage["labels"]]
        assert unsaid and reading.endswith("The passage does not say: " + ", ".join(unsaid) + ".")
        for q in passage["labels"]:
            assert reading.count(names.question(q) + ": ") == 1
    mismatches = [t for t in paras if t.startswith("Mismatches: ")]
    assert len(mismatches) == 3 and all(t.count("may apply") + t.count("May apply") <= 1 for t in mismatches)
    may = [m for p in js["passages"] for m in p["bottom_line"]["mismatches"] if m["status"] != "applies"]
    assert may and all(f"{m['id']} {m['label']}" in text for m in may)
    assert "open (the text does not say)" not in text
    assert text.count("Knowledge base version " + js["kb_version"]) == 1


def _m(mid: str, status: str) -> dict[str, str]:
    return {"id": mid, "label": f"label of {mid}", "status": status}


@pytest.mark.parametrize(("listed", "goal", "said"), [
    ([], "removal", "none listed for these answers."),
    ([_m("M3", "possible"), _m("M4", "possible")], "removal",
     "none applies as read; may apply, depending on what the text leaves open: M3 label of M3; M4 label of M4."),
    ([_m("M1", "applies"), _m("M3", "possible")], "removal",
     "M1 label of M1. May apply, depending on what the text leaves open: M3 label of M3."),
    ([_m("M1", "possible"), _m("M2", "possible"), _m("M5", "possible")], "open",
     "leaving the goal open invites M1 (label of M1) and M2 (label of M2). May apply, depending on what the text leaves open: M5 label of M5."),
    ([], "open", "leaving the goal open invites M1 and M2."),
    ([_m("M2", "applies"), _m("M1", "possible")], "open",  # a mismatch that applies is said to, not only to be invited
     "M2 label of M2; leaving the goal open invites M1 (label of M1)."),
])
def test_the_mismatch_line_gives_each_mismatch_once(listed: list[dict[str, str]], goal: str, said: str) -> None:
    labels = {"goal": {"value": goal, **({"mismatches": ["M1", "M2"]} if goal == "open" else {})}}
    assert review._mismatches({"mismatches": listed}, labels) == said


def test_a_reading_names_what_the_words_bear_on_then_what_they_do_not(kb) -> None:  # type: ignore[no-untyped-def]
    names = Names.of(kb)
    labels = {"target": {"value": None, "conflict": ["data", "concept"]},
              "goal": {"value": "removal", "evidence": [{"words": "unlearn", "signal": "S", "passage": 1, "span": {}}]}}
    said = review.reading(labels, names, "No passage says")
    target = names.value("target", "data"), names.value("target", "concept")
    assert said.startswith(f'{names.question("goal")}: {names.value("goal", "removal")} (from "unlearn"); '
                           f'{names.question("target")}: open: the words point to {target[0]} and {target[1]}. No passage says: ')
    rest = said.split("No passage says: ", 1)[1].rstrip(".").split(", ")
    assert sorted(rest) == sorted(names.question(q) for q in names.label if q not in labels)
    every = {q: {"value": next(iter(names.options[q]))} for q in names.label}
    assert "says" not in review.reading(every, names, "No passage says")
