"""The reviewed draft: `check DRAFT.docx --format docx` returns the reader's own document with a Word
comment anchored on each flagged passage, and a summary comment on its first heading; for a .txt,
.md or .pdf input the same review comes as a Word report (`report_docx`).

Each passage's comment gives its reading (the questions its words bear on, then in one list those
they do not: a reader should not wade through 'open' seven times), the bottom line for its answers,
the claims it relies on with their verdicts, the mismatches, and the supportable wording to consider
(rules/wording/), closed by the knowledge-base version and a permalink.

Fidelity: the text is not changed. The only edits are comment markers (w:commentRangeStart,
w:commentRangeEnd and a run holding w:commentReference) and, where a passage starts or ends inside a
run, that run split in two with the same properties; tables, headings, existing comments, footnotes,
tracked changes and every other part are written back as read. Deterministic: comments are dated with
the knowledge base's release date, and the zip with `render.docx`'s deterministic zip.
"""

from __future__ import annotations

import bisect
import io
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..render.docx import _deterministic_zip, _hyperlink, release_date
from ..textcheck.names import Names
from ..textcheck.readers import DocxPiece, docx_pieces, open_docx
from ..textcheck.render import aside_heading, aside_reason, found_by, in_order, outermost, reliance, same_answers

AUTHOR = "Unlearning Scope"
INITIALS = "US"
MAX_PARAGRAPHS = 20_000
"""Largest document reviewed (paragraphs, table cells' included): a long bill is a few thousand."""
EDITABLE_PROTECTION = ("none", "comments", "trackedChanges")
"""Document protection that still lets comments be added; any other enforced protection is refused."""
RUN_CONTAINERS = frozenset(qn(t) for t in ("w:p", "w:ins", "w:del", "w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple",
                                           "w:sdtContent", "w:moveFrom", "w:moveTo", "w:dir", "w:bdo"))


class ReviewError(Exception):
    """A document that cannot be reviewed (protected, too large): no output is written."""


Line = tuple[str, str]
"""A line of a comment or report: (style, text); style is 'lead' (bold), 'text', 'quote' or 'link'."""


def _value(q: str, label: dict[str, Any], names: Names, invites: bool = True) -> str:
    v = label.get("value")
    if v == "open":
        return ("open: the text does not say whether it means removal from the model or suppression in outputs"
                + (f", which invites mismatches {' and '.join(label.get('mismatches', []))}" if invites else ""))
    if v is None:
        return "open: the words point to " + " and ".join(names.value(q, c) for c in label.get("conflict") or [])
    shown = names.value(q, v)
    words = "; ".join(f'"{w}"' for w in list(outermost(label.get("evidence", [])))[:3])
    if not words and label.get("words"):
        read = ", ".join(f'"{w}"' for w in label["words"][:3])
        return f"{shown} (no phrase names it; read from the words used together: {read})"
    return f"{shown} (from {words})" if words else shown


def reading(labels: dict[str, Any], names: Names, silent: str = "The text does not say", invites: bool = True) -> str:
    """The questions the knowledge base asks (`names`, in its order) that `labels` bear on, by name with the
    text's answer, then those no words bear on in one sentence led by `silent` (each would otherwise say 'open').
    `invites`: an open goal names the mismatches it invites (not where a mismatch line follows that does)."""
    order = in_order(names.label)
    read = "; ".join(f"{names.question(q)}: {_value(q, labels[q], names, invites)}" for q in order if q in labels)
    unsaid = [names.question(q) for q in order if q not in labels]
    said = f"{silent}: {', '.join(unsaid)}." if unsaid else ""
    return " ".join(part for part in (read + "." if read else "", said) if part)


def _mismatches(bl: dict[str, Any] | None, labels: dict[str, Any]) -> str:
    """Those that apply, then those that may in one list (not the same caveat after each); where the goal is
    left open, the mismatches that invites are named once, with it."""
    listed = (bl or {}).get("mismatches", [])
    label = {m["id"]: m["label"] for m in listed}
    goal = labels.get("goal", {})
    invited = goal.get("mismatches", []) if goal.get("value") == "open" else []
    invited = [i for i in invited if not any(m["id"] == i and m["status"] == "applies" for m in listed)]  # one that applies is listed so
    applies = [f"{m['id']} {m['label']}" for m in listed if m["status"] == "applies"]
    may = [f"{m['id']} {m['label']}" for m in listed if m["status"] != "applies" and m["id"] not in invited]
    if invited:
        applies.append("leaving the goal open invites " + " and ".join(f"{i} ({label[i]})" if i in label else i for i in invited))
    parts = ["; ".join(applies) + "." if applies else "",
             ("May apply, depending on what the text leaves open: " if applies else "none applies as read; may apply, "
              "depending on what the text leaves open: ") + "; ".join(may) + "." if may else ""]
    return " ".join(p for p in parts if p) or "none listed for these answers."


def passage_lines(p: dict[str, Any], kb_version: str, names: Names, same: int | None = None, report: bool = False) -> list[Line]:
    """A passage's review. `same`: an earlier passage of the same report with the same answers, whose bottom
    line is referred to rather than repeated (None in a comment, which is read on its own). `report`: a
    section of the Word report, whose summary gives the knowledge-base version once."""
    out: list[Line] = [("lead", f"Unlearning Scope, passage {p['number']}: asks for, promises or relies on an unlearning-like outcome "
                                f"(found by {found_by(p, signals=False)}).")]
    out.append(("text", "Reading: " + reading(p["labels"], names, "The passage does not say", invites=False)))
    bl = p.get("bottom_line")
    if bl and same is not None:
        out.append(("text", f"Bottom line for this passage's answers: as for passage {same}, whose answers are the same."))
    elif bl:
        out.append(("text", "Bottom line for this passage's answers: " + " ".join(bl["text"])))
    if p["claims"]:
        out.append(("text", "Claims it relies on:"))
        for cl in p["claims"]:
            out.append(("text", f"{cl['id']} ({cl['verdict'] or 'not relevant under these answers'}): {cl['statement']}"))
    else:
        out.append(("text", "Claims it relies on: none found in its words."))
    out.append(("text", "Mismatches: " + _mismatches(bl, p["labels"])))
    out += wording_lines(p.get("wording", []))
    if not report:
        out.append(("text", f"Knowledge base version {kb_version}."))
    out.append(("link", p["permalink"]))
    return out


def wording_lines(rules: list[dict[str, Any]]) -> list[Line]:
    out: list[Line] = []
    if not rules:
        out.append(("text", "Supportable wording: no wording rule fits this passage as read."))
    for w in rules:
        out.append(("lead", f"Supportable wording to consider ({w['id']}: {w['label']})."))
        out.append(("text", w["problem"]))
        for o in w["wording"]:
            out.append(("text", f"{o['label']}:"))
            out.append(("quote", o["text"]))
            out.append(("text", "How to check it: " + " ".join(o["checks"])))
        if w["cannot"]:
            out.append(("text", "What cannot be promised: " + w["cannot"]))
        rests = w["rests_on"]
        out.append(("text", "Rests on: " + ", ".join(rests["claims"] + rests["methods"] + rests["evaluations"]) + "."))
    return out


def summary_lines(result: dict[str, Any], names: Names) -> list[Line]:
    n = result["flagged"]
    prop = result["proposal"]
    mode = " (thorough mode: more found, more false alarms)" if result.get("mode") == "thorough" else ""
    out: list[Line] = [("lead", f"Unlearning Scope review of this text: {n} passage{'s' if n != 1 else ''} flagged{mode}, each with a comment.")]
    if not result["language"]["covered"]:
        out.append(("text", f"Not checked: the text is mostly in {result['language']['name']}; only English is checked, "
                            "so finding nothing here would mean nothing."))
    if n:
        out.append(("text", "Reading of the whole text: " + reading(prop["labels"], names, "No passage says")))
        if prop.get("bottom_line"):
            out.append(("text", "Bottom line for the proposed answers: " + " ".join(prop["bottom_line"]["text"])))
        if prop["open_goal_passages"]:
            out.append(("text", "Passages that leave the goal open (say whether removal or suppression is meant): "
                                + ", ".join(map(str, prop["open_goal_passages"])) + "."))
    else:
        out.append(("text", "Nothing in the text asks for, promises or relies on unlearning, as far as the patterns see."))
    heading = aside_heading(result)
    if heading:
        out.append(("text", heading))
        for a in result["set_aside"]:
            out.append(("text", f"\u201c{_clip(a['text'])}\u201d Why: {aside_reason(a)}."))
    rely = reliance(result)
    if rely:
        out.append(("text", rely))
    out.append(("text", f"Knowledge base version {result['kb_version']}."))
    out.append(("link", prop["permalink"]))
    return out


def _clip(text: str, words: int = 20) -> str:
    """A passage's first words, enough to find it in the document (a Word reader has no line numbers)."""
    ws = text.split()
    return " ".join(ws[:words]) + (" \u2026" if len(ws) > words else "")


def _fill(container: Any, lines: list[Line], first: Any = None) -> None:
    """Write `lines` into a comment (or document): the first into `first`, when given."""
    for i, (style, text) in enumerate(lines):
        para = first if (i == 0 and first is not None) else container.add_paragraph()
        if style == "link":
            para.add_run("Permalink: ")
            if text.startswith(("https://", "http://")):
                _hyperlink(para, text, text)
            else:
                para.add_run(text)
        else:
            run = para.add_run(text)
            run.bold = style == "lead"
            run.italic = style == "quote"


# -- anchoring on the document's own runs ---------------------------------------------------------------


def _offset(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


class _Pieces:
    """The check's text of the document in pieces (see `docx_pieces`), splittable at any offset."""

    def __init__(self, pieces: list[DocxPiece]):
        self.pieces = pieces
        self._starts()

    def _starts(self) -> None:
        self.starts: list[int] = []
        pos = 0
        for _, text in self.pieces:
            self.starts.append(pos)
            pos += len(text)

    def at(self, offset: int) -> int:
        """Index of the piece holding the character at `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def split(self, offset: int) -> None:
        """Make `offset` the start of a piece, splitting its w:r run when it falls inside a w:t."""
        i = self.at(offset)
        t, text = self.pieces[i]
        k = offset - self.starts[i]
        if k <= 0 or t is None or t.getparent() is None or t.getparent().tag != qn("w:r") or (t.text or "") != text:
            return  # a separator, a boundary already, or a w:t outside a plain run: anchor on the whole run
        run = t.getparent()
        second = OxmlElement("w:r")
        props = run.find(qn("w:rPr"))
        if props is not None:
            second.append(_copy(props))
        rest = OxmlElement("w:t")
        rest.set(qn("xml:space"), "preserve")
        rest.text = text[k:]
        second.append(rest)
        for sibling in list(t.itersiblings()):
            second.append(sibling)  # moved, so later pieces keep their elements
        t.text = text[:k]
        t.set(qn("xml:space"), "preserve")
        run.addnext(second)
        self.pieces[i:i + 1] = [(t, text[:k]), (rest, text[k:])]
        self._starts()

    def element(self, offset: int, forward: bool) -> Any:
        """The w:t of the character at `offset`, skipping separators forward (or backward)."""
        i = self.at(offset)
        step = 1 if forward else -1
        while self.pieces[i][0] is None:
            i += step
        return self.pieces[i][0]


def _copy(element: Any) -> Any:
    from copy import deepcopy

    return deepcopy(element)


def _anchor(t: Any) -> Any:
    """The element a comment range starts before or ends after: the w:r holding the text, or (for text
    outside a plain run, such as an equation) its ancestor that sits directly in a paragraph."""
    node = t
    while node is not None:
        if node.tag == qn("w:r") and node.getparent() is not None and node.getparent().tag in RUN_CONTAINERS:
            return node
        parent = node.getparent()
        if parent is not None and parent.tag == qn("w:p"):
            return node
        node = parent
    raise ValueError("text outside any paragraph")


def _mark(first: Any, last: Any, comment_id: int) -> None:
    first.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)}))
    ref_run = OxmlElement("w:r")
    ref_run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    last.addnext(ref_run)
    last.addnext(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)}))


def _summary_paragraph(document: Any) -> Any:
    """The first heading (or title), else the first paragraph with text: where the summary comment goes."""
    first_text = None
    for para in document.paragraphs:
        name = (para.style.name if para.style is not None else "") or ""
        if para.text.strip() and (name.startswith("Heading") or name == "Title"):
            return para
        if first_text is None and para.text.strip():
            first_text = para
    return first_text if first_text is not None else (document.paragraphs[0] if document.paragraphs else None)


def _protection(document: Any) -> str | None:
    settings = document.settings.element
    prot = settings.find(qn("w:documentProtection"))
    if prot is None:
        return None
    enforced = prot.get(qn("w:enforcement")) in ("1", "true", "on")
    edit = prot.get(qn("w:edit")) or "none"
    return edit if enforced and edit not in EDITABLE_PROTECTION else None


def review_docx(data: bytes, name: str, result: dict[str, Any], names: Names, released: str | None) -> bytes:
    """The document `data` with the review's comments; `result` is `check`'s result for it."""
    document = open_docx(data, name)
    protected = _protection(document)
    if protected:
        raise ReviewError(f"{name}: the document is protected against editing ({protected}); comments cannot be added. "
                          "Remove the protection (in Word: Review > Restrict Editing > Stop Protection) and check it again")
    paragraphs = sum(1 for _ in document.element.body.iter(qn("w:p")))
    if paragraphs > MAX_PARAGRAPHS:
        raise ReviewError(f"{name}: the document has {paragraphs:,} paragraphs; the limit for a review is {MAX_PARAGRAPHS:,} "
                          "(check it without --format docx, or split it)")
    when = release_date({}, released)
    pieces = _Pieces(docx_pieces(document))
    text = "".join(t for _, t in pieces.pieces)
    starts = _line_starts(text)
    ranges = []
    for p in result["passages"]:
        s = p["span"]
        start, end = _offset(starts, s["line"], s["column"]), _offset(starts, s["end_line"], s["end_column"]) + 1
        pieces.split(start)
        if end < len(text):
            pieces.split(end)
        ranges.append((p, start, end))
    comments = []
    for p, start, end in ranges:
        first, last = _anchor(pieces.element(start, True)), _anchor(pieces.element(end - 1, False))
        comment = document.comments.add_comment(author=AUTHOR, initials=INITIALS)
        _mark(first, last, comment.comment_id)
        comments.append((comment, passage_lines(p, result["kb_version"], names)))
    heading = _summary_paragraph(document)
    if heading is not None:
        summary = document.comments.add_comment(author=AUTHOR, initials=INITIALS)
        content = [c for c in heading._p if c.tag != qn("w:pPr")]
        if content:
            _mark(content[0], content[-1], summary.comment_id)
        else:
            empty = OxmlElement("w:r")
            heading._p.append(empty)
            _mark(empty, empty, summary.comment_id)
        comments.append((summary, summary_lines(result, names)))
    for comment, lines in comments:
        comment._comment_elm.date = when
        _fill(comment, lines, first=comment.paragraphs[0])
    raw = io.BytesIO()
    document.save(raw)
    return _deterministic_zip(raw.getvalue(), when)


def report_docx(result: dict[str, Any], names: Names, released: str | None) -> bytes:
    """A Word report of the review, for a text that is not a .docx (plain text, Markdown, a web page, PDF)."""
    from docx import Document

    from ..render.docx import _drop_thumbnail

    when = release_date({}, released)
    doc = Document()
    props = doc.core_properties
    name = result.get("source", {}).get("name", "the text")
    props.title = f"Unlearning Scope review: {name}"
    props.subject = f"Knowledge base version {result['kb_version']}"
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    doc.add_heading(props.title, level=0)
    _fill(doc, summary_lines(result, names))
    same = same_answers(result["passages"], every=True)
    for p in result["passages"]:
        s = p["span"]
        page = f"page {s['page']}, " if "page" in s else ""
        doc.add_heading(f"Passage {p['number']} ({page}line {s['line']})", level=1)
        quote = doc.add_paragraph()
        quote.add_run(" ".join(p["text"].split())).italic = True
        _fill(doc, passage_lines(p, result["kb_version"], names, same.get(p["number"]), report=True)[1:])
    _drop_thumbnail(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return _deterministic_zip(raw.getvalue(), when)
