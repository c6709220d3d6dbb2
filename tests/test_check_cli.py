"""`unlearning-scope check`: readers (text, Markdown, HTML, .docx, PDF, standard input), exit codes, the three
output formats, the JSON Schema, and clear errors (never a traceback) for unreadable input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from framework.textcheck import readers
from framework.textcheck.corpus import held_out_total, load_corpus
from framework.textcheck.output_schema import check_schema

CORPUS = Path(__file__).resolve().parent / "check_corpus"

REPO = Path(__file__).resolve().parent.parent
BILL = (
    "Section 1. Definitions.\n\n"
    "Section 2. A developer shall, on request, remove a consumer's personal data from the model's weights\n"
    "and ensure that the chatbot cannot generate that data.\n\n"
    "Section 3. Deleting an account deletes the records.\n"
)


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF, one Helvetica text line per entry, so tests need no PDF writer."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 11 Tf 72 720 Td {ops} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for o in offsets:
        out.write(f"{o:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _docx(paragraphs: list[str], path: Path) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "The provider must delete any models trained on the photos."
    d.save(str(path))
    return path


def test_a_text_file_with_flagged_passages_exits_1_with_positions(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bill.txt"
    f.write_text(BILL, encoding="utf-8")
    run = cli("check", str(f))
    assert run.code == 1
    assert "line 3 column 12 to line 4 column 54" in run.out
    assert "aim: Removal" not in run.out and "aim: Both" in run.out  # one passage asks for both halves
    # people read questions and options by name, not by ID (the answers file keeps the IDs)
    assert "goal:" not in run.out and "proposed answers for the whole text: aim: Both" in run.out
    assert "left unanswered: who might try, where the harm lies, kind of information, built for deletion, training stage" in run.out
    assert "built_for_deletion" not in run.out
    assert "open in the questionnaire: questionnaire/#v=" in run.out


def test_json_output_follows_its_schema_and_markdown_reads_as_a_memo(cli, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    f = tmp_path / "bill.md"
    f.write_text(BILL, encoding="utf-8")
    result = cli("check", str(f), "--format", "json").json()
    jsonschema.validate(result, check_schema(list(kb.questions)))
    assert result["source"]["kind"] == "markdown" and result["flagged"] == 1
    p = result["passages"][0]
    assert p["labels"]["goal"]["value"] == "both"
    assert {e["signal"] for e in p["labels"]["goal"]["evidence"]} >= {"SIG-FIND-003", "SIG-FIND-005"}
    md = cli("check", str(f), "--format", "markdown")
    assert md.code == 1 and md.out.startswith("# Unlearning check: ") and "| What should unlearning achieve? | Both |" in md.out and "```yaml" in md.out
    whole = md.out.split("## Proposed answers", 1)[1]  # the whole text's answers, read as the page reads them
    assert "| Question | Proposed | Words |" in whole and "| What should unlearning achieve? | Both |" in whole
    assert "Left unanswered: who might try" in whole and "_" not in whole.split("Left unanswered:", 1)[1].split(".", 1)[0]


def test_the_committed_check_schema_is_current(kb) -> None:  # type: ignore[no-untyped-def]
    committed = json.loads((REPO / "schema" / "check.schema.json").read_text(encoding="utf-8"))
    assert committed == check_schema(list(kb.questions)), "run: unlearning-scope export --out /tmp/x && cp /tmp/x/schema/*.json schema/"


def test_nothing_found_exits_0(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "plain.txt"
    f.write_text("We delete your account on request. Our business model is simple.\n", encoding="utf-8")
    run = cli("check", str(f))
    assert run.code == 0 and "0 passages flagged" in run.out


def test_every_result_says_how_far_to_rely_on_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The held-out batches, added up as the corpus records them, reach the reader: in the JSON, and as a
    sentence in the text and Markdown reports, whether or not anything was flagged; not for a text not read."""
    total = held_out_total(load_corpus(CORPUS).held_out)
    assert total and total["batches"] >= 10 and 0 < total["recall"] < 1
    for name, text in (("none.txt", "We delete your account on request.\n"),
                       ("some.txt", "The provider shall delete any models trained on the photos.\n")):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        data = json.loads(cli("check", str(f), "--format", "json").out)
        assert data["held_out"] == total
        sentence = f"check found {total['found']:,} of {total['found'] + total['missed']:,} passages"  # "1,012", as people quote counts
        assert sentence in cli("check", str(f)).out
        assert sentence in cli("check", str(f), "--format", "markdown").out
    other = tmp_path / "ko.txt"
    other.write_text("모델에서 개인 데이터를 삭제해야 합니다. 챗봇은 그 데이터를 생성할 수 없어야 합니다.\n", encoding="utf-8")
    assert "How far to rely on this" not in cli("check", str(other)).out
    assert "How far to rely on it" in cli("check", "--help").out


@pytest.mark.parametrize("text, problem", [
    ("measurements:\n  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: 1, missed: 1}\n", "exactly"),
    ("measurements:\n  - {batch: batch-zz, measured_on: 2026-12-06, kb: x, found: 1, missed: 1, false_alarms: 0}\n", "not a batch folder"),
    ("measurements:\n  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: -1, missed: 1, false_alarms: 0}\n", "counts"),
    ("measurements:\n  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: 1, missed: 1, false_alarms: 0}\n"
     "  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: 1, missed: 1, false_alarms: 0}\n", "measured twice"),
    ("measurements:\n  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: 1, missed: 1, false_alarms: 0, thorough: {found: 2}}\n",
     "thorough has exactly found, missed and false_alarms"),
    ("measurements:\n  - {batch: batch-e, measured_on: 2026-12-06, kb: x, found: 1, missed: 1, false_alarms: 0, "
     "thorough: {found: 2, missed: x, false_alarms: 1}}\n", "each a count"),
])
def test_a_bad_held_out_record_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "batch-e").mkdir()
    (tmp_path / "held-out.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_corpus(tmp_path)


def test_the_thorough_mode_is_asked_for_and_said(cli, tmp_path: Path, kb) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bill.txt"
    f.write_text(BILL, encoding="utf-8")
    plain, thorough = cli("check", str(f), "--format", "json").json(), cli("check", str(f), "--thorough", "--format", "json").json()
    assert plain["mode"] == "default" and thorough["mode"] == "thorough"
    assert thorough["flagged"] >= plain["flagged"]
    m = kb.word_score.measured
    assert plain["leave_one_document_out"]["recall"] == m["leave_one_document_out_with_signals"]["recall"]
    assert thorough["leave_one_document_out"]["recall"] == m["thorough_leave_one_document_out_with_signals"]["recall"]
    assert thorough["held_out"] == m.get("held_out_thorough")
    assert "thorough mode" in cli("check", str(f), "--thorough", "--format", "markdown").out.splitlines()[2]
    assert "--thorough" in cli("check", "--help").out and "Thorough mode" in cli("check", "--help").out


def test_answers_are_saved_for_evaluate(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bill.txt"
    f.write_text(BILL, encoding="utf-8")
    saved = tmp_path / "answers.yaml"
    assert cli("check", str(f), "--answers", str(saved)).code == 1
    text = saved.read_text(encoding="utf-8")
    assert "goal: both" in text and "deployment: hosted" in text and "# adversary: not answered" in text and "SIG-FIND-003" in text
    ev = cli("evaluate", str(saved), "--format", "json")
    assert ev.code == 0 and ev.json()["answers"]["goal"] == "both"


def test_docx_paragraphs_and_tables_are_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _docx(["Terms of service.", "We may train a model on your posts; on request we will unlearn them."], tmp_path / "terms.docx")
    result = cli("check", str(f), "--format", "json").json()
    assert result["source"]["kind"] == "docx"
    assert [p["text"] for p in result["passages"]] == ["We may train a model on your posts; on request we will unlearn them.",
                                                       "The provider must delete any models trained on the photos."]
    assert result["passages"][0]["span"]["line"] == 3


def test_pdf_positions_are_page_and_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "order.pdf"
    f.write_bytes(_pdf([["Decision and order."], ["Definitions follow.", "The company must destroy any algorithms derived from the data."]]))
    result = cli("check", str(f), "--format", "json").json()
    assert result["source"]["kind"] == "pdf" and result["source"]["pages"] == 2
    (p,) = result["passages"]
    assert p["span"]["page"] == 2 and p["span"]["line"] == 2 and p["labels"]["goal"]["value"] == "removal"


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Delete the model trained on it</title>
<style>p.unlearn { color: red }</style>
<script>const note = "the provider shall unlearn the data";</script>
<body><nav><ul><li>Home</li><li>Terms</li></ul></nav>
<h1>Terms   of
   use</h1>
<p>On request, we will remove the customer&#8217;s data from the <b>model</b>
   weights.<br>Other terms follow.</p>
<!-- the provider shall unlearn the data -->
<table><tr><td>Deleting an account deletes the records.</td><td>The chatbot must not <em>generate</em> that data.</td></tr></table>
</body></html>
"""


def test_a_web_page_is_read_as_a_browser_shows_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Markup read as plain text hides passages (an entity inside a word, a tag between two words) and
    makes them up (a script, a comment, the title); a web page is read as its visible text, one block a line."""
    f = tmp_path / "terms.html"
    f.write_text(PAGE, encoding="utf-8")
    result = cli("check", str(f), "--format", "json").json()
    assert result["source"]["kind"] == "html"
    assert [(p["text"], p["span"]["line"]) for p in result["passages"]] == [
        ("On request, we will remove the customer\u2019s data from the model weights.", 7),
        ("The chatbot must not generate that data.", 12)]
    shown = ["Home", "Terms", "Terms of use", "On request, we will remove the customer\u2019s data from the model weights.",
             "Other terms follow.", "Deleting an account deletes the records.", "The chatbot must not generate that data."]
    assert result["source"]["words"] == len(" ".join(shown).split())  # nothing from the head, the script or the comment
    plain = tmp_path / "saved.txt"  # a page saved under another name is still read as one
    plain.write_text(PAGE, encoding="utf-8")
    assert cli("check", str(plain), "--format", "json").json()["passages"] == result["passages"]
    assert readers.kind_of("<stdin>", PAGE.encode()) == "html" and readers.kind_of("<stdin>", b"The <html> tag") == "text"
    assert readers.kind_of("notes.md", PAGE.encode()) == "markdown"
    out = tmp_path / "report.docx"
    assert cli("check", str(f), "--format", "docx", "--out", str(out)).code == 1 and out.stat().st_size > 0


@pytest.mark.parametrize("html, text", [
    ("<p>One<p>Two</p>", "One\n\nTwo\n"),  # a paragraph left open ends where the next begins
    ("<html><head><title>T</title><body><p>Shown</p>", "Shown\n"),  # so does a head
    ("<pre>a  b\n  c</pre><p>x  y</p>", "a  b\n  c\n\nx y\n"),  # whitespace kept in <pre> only
    ("<p>one<br>two<br/>three</p>", "one\ntwo\nthree\n"),
    ("<div><svg><svg><text>no</text></svg><text>no</text></svg>yes</div>", "yes\n"),
    ("<p>caf&eacute; &lt;b&gt; &#x2019;</p>", "caf\u00e9 <b> \u2019\n"),
    ("<script>var p = '<p>unlearn</p>';</script>", ""),
])
def test_visible_text_of_a_page(html: str, text: str) -> None:
    from framework.textcheck.html_text import visible_text

    assert visible_text(html) == text


def test_a_page_in_a_declared_encoding_is_read_and_an_empty_one_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "old.htm"
    f.write_bytes(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
                  b"<p>We will erase the customer\x92s data from the model.</p></html>")
    result = cli("check", str(f), "--format", "json").json()
    assert [p["text"] for p in result["passages"]] == ["We will erase the customer\u2019s data from the model."]
    f.write_bytes(b"<html><p>We will erase the customer\x92s data from the model.</p></html>")
    run = cli("check", str(f))
    assert run.code == 2 and "not UTF-8" in run.err
    f.write_text("<html><head><title>Only a title</title></head><body><script>x()</script></body></html>", encoding="utf-8")
    run = cli("check", str(f))
    assert run.code == 2 and run.err.startswith(f"error: {f}: ") and "no visible text" in run.err


def test_standard_input(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("unlearning-scope")
    if not exe.exists():
        pytest.skip("console script not installed")
    run = subprocess.run([str(exe), "check", "-", "--format", "json"], input=BILL.encode(), capture_output=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["source"]["name"] == "<stdin>"


@pytest.mark.parametrize("name, content, message", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx file"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "not a readable PDF"),
    ("empty.pdf", None, "no extractable text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file"),
    ("latin1.txt", "Der Anbieter muss die Daten l\u00f6schen.".encode("latin-1"), "not UTF-8"),
    ("missing.txt", "", "no such file"),
])
def test_unreadable_input_exits_2_naming_the_file(cli, tmp_path: Path, name: str, content: bytes | None, message: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / name
    if content is None:
        f.write_bytes(_pdf([[]]))
    elif content:
        f.write_bytes(content)
    run = cli("check", str(f))
    assert run.code == 2
    assert run.err.startswith(f"error: {f}: ") and message in run.err
    assert "Traceback" not in run.err


def test_a_docx_that_unpacks_too_large_exits_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(readers, "MAX_UNPACKED", 10_000)
    f = _docx(["The model must unlearn it. " * 50], tmp_path / "big.docx")
    run = cli("check", str(f))
    assert run.code == 2 and "unpacks to" in run.err


def test_a_file_over_the_size_limit_exits_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    f = tmp_path / "long.txt"
    f.write_text("x " * 600, encoding="utf-8")
    run = cli("check", str(f))
    assert run.code == 2 and "the limit is 1,000" in run.err


def test_the_size_limit_is_stated_in_help(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", "--help")
    assert f"over {readers.MAX_BYTES // 1_000_000} MB" in run.out and f"{readers.MAX_CHARACTERS // 1_000_000} million characters" in run.out
    assert "exit codes: 0 nothing found; 1 passages flagged; 2" in run.out
    assert "3 not checked" in run.out and "Only English is checked" in run.out


@pytest.mark.parametrize("text, code, name", [
    ("当 Django 删除某个对象时,默认会模仿 SQL 约束的行为。模型应当删除用户的个人数据。", "zh", "Chinese"),
    ("모델에서 개인 데이터를 삭제해야 합니다. 챗봇은 그 데이터를 생성할 수 없어야 합니다.", "ko", "Korean"),
    ("Il fornitore deve cancellare i dati personali dal modello e non deve generare queste informazioni per gli utenti.", "it", "Italian"),
])
def test_a_text_in_another_language_exits_3_not_checked(cli, tmp_path: Path, text: str, code: str, name: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{code}.txt"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    assert run.code == 3
    assert f"NOT CHECKED: the text is mostly in {name}" in run.out and "only English is checked" in run.out
    assert "nothing asks for" not in run.out and "not checked" in run.err
    run = cli("check", str(path), "--format", "json")
    assert run.code == 3 and run.json()["language"] == {**run.json()["language"], "code": code, "name": name, "covered": False}
    run = cli("check", str(path), "--format", "markdown")
    assert run.code == 3 and f"NOT CHECKED: the text is mostly in {name}" in run.out


def test_an_english_text_with_a_foreign_quotation_is_checked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mixed.txt"
    path.write_text(BILL + "\nThe Garante quoted: «la cancellazione dei dati personali».\n", encoding="utf-8")
    run = cli("check", str(path), "--format", "json")
    assert run.code == 1 and run.json()["language"]["code"] == "en" and run.json()["language"]["covered"] is True


def test_the_bottom_line_is_given_for_the_proposed_answers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bill.txt"
    path.write_text(BILL, encoding="utf-8")
    result = cli("check", str(path), "--format", "json").json()
    from framework.kb.loader import load
    from framework.kb.locate import bundled_root
    from framework.logic.engine import compile_kb
    from framework.logic.tables import compile_tables
    from framework.outputs.assessment import assess

    kb = load(bundled_root())
    t = compile_tables(kb, compile_kb(kb)).tables
    assert result["proposal"]["bottom_line"] == assess(t, result["proposal"]["answers"])["bottom_line"]
    for p in result["passages"]:
        assert p["bottom_line"] == assess(t, p["answers"])["bottom_line"]
    text = cli("check", str(path)).out
    assert "bottom line: " + result["proposal"]["bottom_line"]["text"][0] in text
