"""A Word memo (.docx) of an assessment: A4 by default (US Letter on request), page numbers in the footer.

The memo comes first and fits a few pages: title, date and knowledge-base version, the facts assumed in
words, the bottom line with the evidence needed, the verdicts with the caveat that decides each, the
mismatches, the legal questions no method settles, how to cite. An annex follows with the detail: the
claims grouped by verdict, each with a real Word footnote for its sources (python-docx has no footnote
API, so the footnotes part is written here: Word and LibreOffice renumber such notes when the memo is
edited), every condition, caveat and what would change each verdict. A source is given in full the
first time and in short form after. A secondary-summary or editorial source is never shown as a
quotation or a pinpoint citation of the paper (contract: provenance).

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
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .changes_text import change_lines, claim_groups, deciding_caveat, facts_lines, labels_of, method_verdict, split_items
from .urls import entry_url

TITLE = "Unlearning assessment"
PINPOINT_BASES = ("paper-abstract", "paper-reviews", "literature")
"""Bases whose locator may be shown as a pinpoint: secondary summaries and editorial notes never are."""
PARAPHRASE_NOTE = {
    "secondary-summary": "Our paraphrase of secondary summaries of the paper: not a quotation or pinpoint citation of the paper.",
    "editorial": "The project's own reading: not a quotation or citation of the paper.",
}
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}
MARGIN = Mm(22)
TEXT_WIDTH = {"a4": (210 - 44) / 25.4, "letter": 8.5 - 44 / 25.4}
"""Inches between the margins."""
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)


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


class _Footnotes:
    """Real Word footnotes: a footnotes part written here, with a reference run in the text for each.

    A source is given in full at its first note and in short form (author, year, "n" and the note that
    gives it in full) after, as legal citation does."""

    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def __init__(self) -> None:
        self.notes: list[list[str]] = []
        self.first: dict[str, int] = {}

    def source_text(self, s: dict[str, Any]) -> str:
        key = str(s.get("source") or s.get("reference") or "")
        reference = s.get("reference") or "Unlearning Scope (editorial)"
        locator = f", {s['locator']}" if s.get("locator") and s["basis"] in PINPOINT_BASES else ""
        if key and key in self.first:
            said = f"{short_reference(reference)}, n {self.first[key]}{locator}"
        else:
            if key and s.get("reference"):
                self.first[key] = len(self.notes) + 1
            said = reference + locator + (f", {s['url']}" if s.get("url") else "")
        note = f" {s['note']}" if s.get("note") else ""
        return f"{said} [{s['basis_label']}].{note}"

    def add(self, paragraph: Paragraph, sources: list[dict[str, Any]]) -> None:
        """A footnote on `paragraph` listing `sources`."""
        if not sources:
            return
        self.notes.append([self.source_text(s) for s in sources])
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        props.append(align)
        run.append(props)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.notes)))
        run.append(ref)
        paragraph._p.append(run)

    def attach(self, doc: DocumentObject) -> None:
        """Writes the footnotes part (separators first, as Word expects) and relates it to the document."""
        from xml.sax.saxutils import escape

        def para(inner: str) -> str:
            return f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>{inner}</w:p>'

        body = [
            f'<w:footnote w:type="separator" w:id="-1">{para("<w:r><w:separator/></w:r>")}</w:footnote>',
            f'<w:footnote w:type="continuationSeparator" w:id="0">{para("<w:r><w:continuationSeparator/></w:r>")}</w:footnote>',
        ]
        size = '<w:rPr><w:sz w:val="17"/></w:rPr>'
        for n, items in enumerate(self.notes, 1):
            text = " ".join(items)
            inner = (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="17"/></w:rPr><w:footnoteRef/></w:r>'
                     f'<w:r>{size}<w:t xml:space="preserve"> {escape(text)}</w:t></w:r>')
            body.append(f'<w:footnote w:id="{n}">{para(inner)}</w:footnote>')
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{self.W}">'
               + "".join(body) + "</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)


def short_reference(reference: str) -> str:
    """'A. Feder Cooper et al., "Title" (2024), arXiv...' -> 'Cooper et al. 2024'."""
    names = reference.split(",", 1)[0].split('"', 1)[0].strip()
    surname = names.replace(" et al.", "").split()[-1] if names.split() else names
    year = re.search(r"\((\d{4})\)", reference)
    return f"{surname}{' et al.' if 'et al.' in names else ''}{' ' + year.group(1) if year else ''}"


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", shown), ("end", None)):
        run = OxmlElement("w:r")
        if kind in ("begin", "separate", "end"):
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run.append(fld)
        else:
            el = OxmlElement("w:instrText" if kind == "instr" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} " if kind == "instr" else text
            run.append(el)
        paragraph._p.append(run)


def _page(doc: DocumentObject, paper: str, footer: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAPER[paper]
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    p = section.footer.paragraphs[0]
    p.add_run(footer + " · page ")
    _field(p, "PAGE", "1")
    p.add_run(" of ")
    _field(p, "NUMPAGES", "1")
    for run in p.runs:
        run.font.size = Pt(8)
    styles = doc.styles
    styles["Normal"].font.size = Pt(10.5)


def _table(doc: DocumentObject, heads: list[str], rows: list[list[str]], widths: list[float], bold_column: int = 1) -> None:
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads):
        cell.text = ""
        cell.paragraphs[0].add_run(head).bold = True
    _header_row(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].text = ""
            run = cells[i].paragraphs[0].add_run(text)
            run.bold = i == bold_column
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)


def render(result: dict[str, Any], case: dict[str, str] | None = None, released: str | None = None, paper: str = "a4",
           history: list[str] | None = None) -> bytes:
    """The .docx bytes of one `assess` result; `case` names the case it came from, `history` its
    matter's dated history (one line each, the first a heading line), `released` the knowledge base's
    release date (default: read from the citation), `paper` 'a4' or 'letter'."""
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
    _page(doc, paper, f"Unlearning Scope {result['kb_version']} · {when.date().isoformat()}")
    width = TEXT_WIDTH[paper]
    labels = labels_of(result)

    doc.add_heading(props.title, level=0)
    doc.add_paragraph(f"Unlearning Scope knowledge base {result['kb_version']}, of {when.date().isoformat()}. "
                      "Orientation, not legal advice.")
    if case:
        doc.add_paragraph(f"Case {case['id']}: {case['title']}. The case's answers are our reading of its aspiration; "
                          "what it leaves open stays unanswered.")
    if history:
        head = doc.add_paragraph()
        head.add_run(history[0][:1].upper() + history[0][1:]).bold = True
        for event in history[1:-1]:
            doc.add_paragraph(event, style="List Bullet")
        doc.add_paragraph(history[-1][:1].upper() + history[-1][1:])
    doc.add_heading("Facts assumed", level=1)
    for line in facts_lines(result):
        _bullet(doc, line)

    bl = result["bottom_line"]
    doc.add_heading("Bottom line", level=1)
    doc.add_paragraph(" ".join(bl["text"]))
    if bl["evidence_needed"]:
        p = doc.add_paragraph()
        p.add_run("Evidence needed").bold = True
        for item in bl["evidence_needed"]:
            _bullet(doc, item)
        if bl["evidence_needed_more"]:
            doc.add_paragraph(f"And {bl['evidence_needed_more']} more, under each method in the annex.")
    base = _site_base(result["citation"]["permalink"])
    if bl["trees"]:
        p = doc.add_paragraph("Decision trees: ")
        for i, t in enumerate(bl["trees"]):
            if i:
                p.add_run("; ")
            if base:
                _hyperlink(p, base + entry_url("tree", t["id"]), t["label"])
            else:
                p.add_run(t["label"])
            p.add_run(f" ({t['id']})")

    doc.add_heading("Verdicts", level=1)
    aims = list((result["methods"][0].get("halves") or {}).keys()) if result["methods"] else []
    rows = []
    for m in result["methods"]:
        caveat = deciding_caveat(m) if m["verdict"] != "does-not-support" or len(aims) > 1 else None
        rows.append([m["label"], method_verdict(m, aims), caveat or "—"])
    _table(doc, ["Method", "Verdict", "What decides it"], rows, [1.6, 1.3, width - 2.9])

    doc.add_heading("Mismatches", level=1)
    if not result["mismatches"]:
        doc.add_paragraph("None listed for these answers.")
    for mm in result["mismatches"]:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{mm['id']}. {mm['label']}").bold = True
        if mm["status"] != "applies":
            p.add_run(" (may apply, depending on unanswered questions)").italic = True
        p.add_run(": " + mm["why"])

    questions = [c for c in result["claims"] if c["verdict"] == "not-technical"]
    if questions:
        doc.add_heading("Legal questions no method settles", level=1)
        for c in questions:
            _bullet(doc, f"No method settles {c['question']} ({c['id']})." if c.get("question") else f"{c['statement']} ({c['id']})")

    cite = result["citation"]
    doc.add_heading("How to cite", level=1)
    doc.add_paragraph(cite["text"])
    if _absolute(cite["permalink"]):
        p = doc.add_paragraph()
        p.add_run("Permalink: ").bold = True
        _hyperlink(p, cite["permalink"], cite["permalink"])
    if cite.get("framework"):
        doc.add_paragraph(f"Framework: {cite['framework']}. Everything in this memo is the project's paraphrase, not a "
                          "quotation of the paper; each source's basis is given in the notes.")

    doc.add_page_break()
    doc.add_heading("Annex: the detail", level=1)
    notes = _Footnotes()
    doc.add_heading("Claims", level=2)
    for verdict, title, group, shared in claim_groups(result):
        doc.add_heading(f"{title} ({len(group)})", level=3)
        if shared and verdict != "not-technical":
            doc.add_paragraph(shared).runs[0].italic = True
        for c in group:
            p = doc.add_paragraph()
            p.add_run(f"{c['id']}. ").bold = True
            p.add_run(c["statement"])
            notes.add(p, c["sources"])
            if c["relevance"] == "possible":
                p.add_run(" (relevant depending on unanswered questions)").italic = True
            for cond in c["conditions"]:
                _bullet(doc, cond, lead="If ")
            for ln in change_lines(c.get("what_would_change"), labels):
                _bullet(doc, ln)
    doc.add_heading("Methods", level=2)
    for m in result["methods"]:
        p = doc.add_paragraph()
        p.add_run(f"{m['label']}: ").bold = True
        p.add_run(method_verdict(m, aims))
        for key, lead in (("conditions", "If "), ("caveats", "Caveat: ")):
            for part, items in split_items(m, aims, key):
                for c in items:
                    _bullet(doc, c + (f" ({part})" if part else ""), lead=lead)
        for ln in change_lines(m.get("what_would_change"), labels):
            _bullet(doc, ln)
    if result["unknowns"]:
        doc.add_heading("What an answer would change", level=2)
        for u in result["unknowns"]:
            _bullet(doc, f"{len(u['would_change'])} conclusions ({', '.join(u['would_change'])})",
                    lead=f"{labels.get(u['question'], {}).get('short', u['question'])}: ")
    doc.add_heading("BibTeX", level=2)
    bib = doc.add_paragraph()
    for i, ln in enumerate(cite["bibtex"].split("\n")):
        run = bib.add_run(ln)
        run.font.name = "Courier New"
        run.font.size = Pt(9)
        if i < cite["bibtex"].count("\n"):
            run.add_break()
    notes.attach(doc)
    _drop_thumbnail(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return _deterministic_zip(raw.getvalue(), when)
