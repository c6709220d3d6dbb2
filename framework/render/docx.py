"""A Word document (.docx) of an assessment, for memos, briefs and annexes.

The bottom line comes first, then a compact verdict table, the mismatches, the claims grouped by verdict,
the unknowns and how to cite the result. Every claim's sources are numbered endnotes (superscript
numbers in the text, a "Notes" section at the end) carrying their basis label: python-docx has no
footnote API, and endnotes in the body survive every word processor. A secondary-summary or editorial
source is never shown as a quotation or a pinpoint citation of the paper (contract: provenance).

Deterministic: the same result gives the same bytes. The core properties' dates are the knowledge
base's release date and every zip member carries that date too (python-docx would stamp the time of
saving). Pure apart from returning bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .changes_text import change_lines
from .urls import entry_url
from .words import VERDICT_WORDS

TITLE = "Unlearning assessment"
CLAIM_ORDER = ("supportable", "conditional", "unsupportable", "not-technical")
PINPOINT_BASES = ("paper-abstract", "paper-reviews", "literature")
"""Bases whose locator may be shown as a pinpoint: secondary summaries and editorial notes never are."""
PARAPHRASE_NOTE = {
    "secondary-summary": "Our paraphrase of secondary summaries of the paper: not a quotation or pinpoint citation of the paper.",
    "editorial": "The project's own reading: not a quotation or citation of the paper.",
}
TEXT_WIDTH = 6.0
"""Inches between the margins of python-docx's default page (US Letter, 1.25 in margins)."""
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)


class _Notes:
    """Numbered endnotes: one number per distinct source (a source cited twice keeps its number)."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._numbers: dict[tuple[Any, ...], int] = {}

    def number(self, source: dict[str, Any]) -> int:
        key = tuple(source.get(k) for k in ("basis", "source", "reference", "locator", "note", "url"))
        if key not in self._numbers:
            self.items.append(source)
            self._numbers[key] = len(self.items)
        return self._numbers[key]


def release_date(result: dict[str, Any], released: str | None = None) -> dt.datetime:
    """The knowledge base's release date (given, or read from the citation text), midnight UTC."""
    text = released
    if text is None:
        m = re.search(r"version \S+ \((\d{4}-\d{2}-\d{2})\)", result.get("citation", {}).get("text", ""))
        text = m.group(1) if m else None
    if text is None:
        return FALLBACK_DATE
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)


def _absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """python-docx reads hyperlinks but cannot write them: the run goes inside a w:hyperlink element."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _superscript(paragraph: Paragraph, numbers: list[int]) -> None:
    if numbers:
        paragraph.add_run(",".join(str(n) for n in numbers)).font.superscript = True


def _bullet(doc: DocumentObject, text: str, lead: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style="List Bullet")
    if lead:
        p.add_run(lead).italic = True
    p.add_run(text)
    return p


def _value(v: Any) -> str:
    return ", ".join(v) if isinstance(v, list) else str(v)


def _site_base(permalink: str) -> str | None:
    """The site's absolute address, when the permalink has one (for links to tree pages)."""
    if not _absolute(permalink) or "questionnaire/" not in permalink:
        return None
    return permalink.split("questionnaire/", 1)[0]


def _header_row(row: Any) -> None:
    """Repeat the table's first row on every page it runs over."""
    trpr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)


def _verdict_table(doc: DocumentObject, methods: list[dict[str, Any]]) -> None:
    halves: list[str] = []
    for m in methods:
        for h in m["halves"]:
            if h not in halves:
                halves.append(h)
    split = len(halves) > 1
    heads = ["Method", *[h.capitalize() for h in halves], "Overall", "Conditions"] if split else ["Method", "Verdict", "Conditions"]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads):
        cell.text = ""
        cell.paragraphs[0].add_run(head).bold = True
    _header_row(table.rows[0])
    for m in methods:
        cells = table.add_row().cells
        cells[0].text = f"{m['label']} ({m['id']})"
        i = 1
        if split:
            for h in halves:
                cells[i].text = VERDICT_WORDS[m["halves"][h]] if h in m["halves"] else "—"
                i += 1
        cells[i].text = ""
        cells[i].paragraphs[0].add_run(VERDICT_WORDS[m["verdict"]]).bold = True
        conditions = cells[i + 1]
        by_half = m.get("by_half", {})
        if split and len(by_half) > 1:  # goal: both - each half keeps its own conditions
            conditions.text = ""
            first = True
            for h, part in by_half.items():
                p = conditions.paragraphs[0] if first else conditions.add_paragraph()
                first = False
                p.add_run(f"{h.capitalize()} ({VERDICT_WORDS[part['verdict']]}): ").italic = True
                p.add_run(part["conditions"][0] if part["conditions"] else "—")
                for c in part["conditions"][1:]:
                    conditions.add_paragraph(c)
        else:
            conditions.text = m["conditions"][0] if m["conditions"] else "—"
            for c in m["conditions"][1:]:
                conditions.add_paragraph(c)
    table.autofit = False
    narrow = [1.4] + [0.8] * (len(heads) - 2)
    widths = [*narrow, TEXT_WIDTH - sum(narrow)]
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)


def _note_text(doc: DocumentObject, n: int, s: dict[str, Any]) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{n}. ")
    reference = s.get("reference") or "Unlearning Scope (editorial)"
    p.add_run(reference)
    if s.get("locator") and s["basis"] in PINPOINT_BASES:
        p.add_run(f", {s['locator']}")
    if s.get("url"):
        p.add_run(", ")
        _hyperlink(p, s["url"], s["url"])
    p.add_run(". ")
    p.add_run(f"Basis: {s['basis_label']}.").italic = True
    if s["basis"] in PARAPHRASE_NOTE:
        p.add_run(" " + PARAPHRASE_NOTE[s["basis"]])
    if s.get("note"):
        p.add_run(f" {s['note']}")


def _drop_thumbnail(doc: DocumentObject) -> None:
    """python-docx's template carries a thumbnail of a blank page: a preview that shows nothing."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(r_id)


def _deterministic_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same members, in the same order, each dated `when` (python-docx stamps the time of saving)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def render(result: dict[str, Any], case: dict[str, str] | None = None, released: str | None = None,
           history: list[str] | None = None) -> bytes:
    """The .docx bytes of one `assess` result; `case` names the case it came from, `history` its
    matter's dated history (one line each, the first a heading line), `released` the knowledge base's
    release date (default: read from the citation)."""
    when = release_date(result, released)
    doc = Document()
    props = doc.core_properties
    props.title = f"{TITLE}: {case['id']}" if case else TITLE
    props.subject = f"Knowledge base version {result['kb_version']}; answers {result['answers_digest']}"
    props.author = props.last_modified_by = "Unlearning Scope"
    props.keywords = "machine unlearning; removal; suppression"
    props.comments = f"Cite with the permalink: {result['citation']['permalink']}"[:255]
    props.created = props.modified = props.last_printed = when
    props.revision = 1

    doc.add_heading(props.title, level=0)
    if case:
        doc.add_paragraph(f"Case {case['id']}: {case['title']}. The case's answers are our reading of its aspiration; "
                          "what it leaves open stays unanswered.")
    line = doc.add_paragraph()
    line.add_run(f"Knowledge base version {result['kb_version']}; answers digest ")
    line.add_run(result["answers_digest"]).font.name = "Courier New"
    line.add_run(".")
    given = "; ".join(f"{q}: {_value(v)}" for q, v in result["answers"].items()) or "none"
    answers = doc.add_paragraph()
    answers.add_run("Answers: ").bold = True
    answers.add_run(given + ".")
    if result["defaults_applied"]:
        answers.add_run(" Defaults applied: " + "; ".join(f"{q}: {_value(v)}" for q, v in result["defaults_applied"].items()) + ".")
    if result["unanswered"]:
        answers.add_run(f" Not answered: {', '.join(result['unanswered'])} (verdicts are the weakest over every possible answer).")
    if history:
        head = doc.add_paragraph()
        head.add_run(history[0][:1].upper() + history[0][1:]).bold = True
        for event in history[1:-1]:
            doc.add_paragraph(event, style="List Bullet")
        doc.add_paragraph(history[-1][:1].upper() + history[-1][1:])

    bl = result["bottom_line"]
    doc.add_heading("Bottom line", level=1)
    for sentence in bl["text"]:
        doc.add_paragraph(sentence)
    doc.add_heading("What to ask the provider for", level=2)
    if bl["ask_provider"]:
        for item in bl["ask_provider"]:
            _bullet(doc, item)
        if bl["ask_provider_more"]:
            doc.add_paragraph(f"And {bl['ask_provider_more']} more conditions, listed with the methods below.")
    else:
        doc.add_paragraph("Nothing: no method can deliver the aim for these answers, so there is no condition to ask a provider to show.")
    doc.add_heading("Decision trees to consult", level=2)
    base = _site_base(result["citation"]["permalink"])
    if not bl["trees"]:
        doc.add_paragraph("No decision tree fits these answers.")
    for t in bl["trees"]:
        p = doc.add_paragraph(style="List Bullet")
        if base:
            _hyperlink(p, base + entry_url("tree", t["id"]), t["id"])
        else:
            p.add_run(t["id"])
        p.add_run(f": {t['label']}")

    doc.add_heading("Verdicts", level=1)
    _verdict_table(doc, result["methods"])
    doc.add_heading("What would change each verdict", level=2)
    for m in result["methods"]:
        lines = change_lines(m.get("what_would_change"))
        _bullet(doc, "; ".join(lines) if lines else "no change of answers changes it.", lead=f"{m['id']} ({VERDICT_WORDS[m['verdict']]}): ")

    doc.add_heading("Mismatches", level=1)
    if not result["mismatches"]:
        doc.add_paragraph("None listed for these answers.")
    for mm in result["mismatches"]:
        p = doc.add_paragraph()
        p.add_run(f"{mm['id']}. {mm['label']}").bold = True
        if mm["status"] != "applies":
            p.add_run(" (may apply, depending on unanswered questions)").italic = True
        for reason in mm.get("reasons") or [mm["why"]]:
            _bullet(doc, reason)

    notes = _Notes()
    doc.add_heading("Claims", level=1)
    doc.add_paragraph("Each claim is our paraphrase; the superscript numbers lead to its sources in the Notes, each with the basis it rests on.")
    for verdict in CLAIM_ORDER:
        group = [c for c in result["claims"] if c["verdict"] == verdict]
        if not group:
            continue
        doc.add_heading(f"{VERDICT_WORDS[verdict].capitalize()} ({len(group)})", level=2)
        for c in group:
            p = doc.add_paragraph()
            p.add_run(f"{c['id']}. ").bold = True
            p.add_run(c["statement"])
            _superscript(p, [notes.number(s) for s in c["sources"]])
            if c["relevance"] == "possible":
                p.add_run(" (relevant depending on unanswered questions)").italic = True
            for cond in c["conditions"]:
                _bullet(doc, cond, lead="Condition: ")
            for ln in change_lines(c.get("what_would_change")):
                note = ln.startswith("note: ")
                _bullet(doc, ln[len("note: "):] if note else ln, lead="Note: " if note else "Would change: ")
            if c["mismatches"]:
                _bullet(doc, ", ".join(c["mismatches"]), lead="Mismatches: ")

    doc.add_heading("Unknowns", level=1)
    if not result["unknowns"]:
        doc.add_paragraph("No unanswered question would change these conclusions.")
    for u in result["unknowns"]:
        _bullet(doc, f" would change: {', '.join(u['would_change'])}", lead=f"{u['question']} ({u['label']})")

    cite = result["citation"]
    doc.add_heading("How to cite", level=1)
    doc.add_paragraph(cite["text"])
    p = doc.add_paragraph()
    p.add_run("Permalink: ").bold = True
    if _absolute(cite["permalink"]):
        _hyperlink(p, cite["permalink"], cite["permalink"])
    else:
        p.add_run(cite["permalink"])
        p.add_run(" (a relative address: the site's public address was not given, so open it against the site "
                  "the knowledge base is published at)").italic = True
    if cite.get("framework"):
        doc.add_paragraph(f"Framework: {cite['framework']}. Statements marked as secondary summaries or editorial are the "
                          "project's paraphrase, not quotations of the paper.")
    doc.add_heading("BibTeX", level=2)
    bib = doc.add_paragraph()
    for i, ln in enumerate(cite["bibtex"].split("\n")):
        run = bib.add_run(ln)
        run.font.name = "Courier New"
        run.font.size = Pt(9)
        if i < cite["bibtex"].count("\n"):
            run.add_break()

    doc.add_heading("Notes", level=1)
    if not notes.items:
        doc.add_paragraph("No sources: no claim applies to these answers.")
    for n, s in enumerate(notes.items, 1):
        _note_text(doc, n, s)

    _drop_thumbnail(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return _deterministic_zip(raw.getvalue(), when)
