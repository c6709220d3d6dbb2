"""The `check` result as readable text and as Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .names import Names

QUESTIONS_SHOWN = ("goal", "target", "driver", "deployment")


def language_notice(result: dict[str, Any]) -> str | None:
    """The notice for a text the signals do not cover (None when they do): never 'nothing found'."""
    lang = result.get("language") or {}
    if lang.get("covered", True):
        return None
    return (f"NOT CHECKED: the text is mostly in {lang['name']} ({round(lang['share'] * 100)}% of the words counted); "
            "only English is checked, so finding nothing here would mean nothing. Anything found in English passages is listed.")


def _bottom(bl: dict[str, Any] | None) -> list[str]:
    return list(bl["text"]) if bl else []


def _where(s: dict[str, Any]) -> str:
    page = f"page {s['page']}, " if "page" in s else ""
    if s["line"] == s["end_line"]:
        return f"{page}line {s['line']}, columns {s['column']}-{s['end_column']}"
    return f"{page}line {s['line']} column {s['column']} to line {s['end_line']} column {s['end_column']}"


def _value(q: str, label: dict[str, Any], names: Names) -> str:
    v = label.get("value")
    if v == "open":
        return "OPEN: the passage does not say whether it means removal from the model or suppression in outputs"
    if v is None:
        return "not answered: the words point to " + " and ".join(names.value(q, c) for c in label.get("conflict") or [])
    return names.value(q, v)


def _words(label: dict[str, Any]) -> str:
    """The label's words, each phrase once (several signals often match the same words); for a goal no
    phrase names, the words used together that read it."""
    phrases = "; ".join(f'"{w}"' for w in outermost(label.get("evidence", [])))
    if phrases or not label.get("words"):
        return phrases
    return "no phrase names it; the words used together: " + ", ".join(f'"{w}"' for w in label["words"])


def in_order(questions: Iterable[str]) -> list[str]:
    """`questions` in the order people ask them: those every result shows first, then the rest as given."""
    given = list(questions)
    return [q for q in QUESTIONS_SHOWN if q in given] + [q for q in given if q not in QUESTIONS_SHOWN]


def _labels(labels: dict[str, Any], names: Names) -> list[tuple[str, str, str]]:
    """(question ID, the reading in the reader's words, the words it rests on), in the order people ask them."""
    order = in_order(labels)
    return [(q, _value(q, labels[q], names), _words(labels[q])) for q in order]


def wording_markdown(rules: list[dict[str, Any]]) -> list[str]:
    """The supportable wording of one passage as Markdown lines (each clause a quotation to copy)."""
    out: list[str] = []
    for w in rules:
        out += ["", f"**Supportable wording to consider ({w['id']}: {w['label']}).** {w['problem']}"]
        for o in w["wording"]:
            out += ["", f"*{o['label']}:*", "", "> " + _md_escape(o["text"]), "", "How to check it:", ""]
            out += [f"- {_md_escape(c)}" for c in o["checks"]]
        if w["cannot"]:
            out += ["", f"What cannot be promised: {w['cannot']}"]
        rests = w["rests_on"]
        out += ["", "Rests on: " + ", ".join(rests["claims"] + rests["methods"] + rests["evaluations"]) + "."]
    return out


def _md_escape(text: str) -> str:
    """Square brackets kept as written, not read as link text."""
    return text.replace("[", "\\[").replace("]", "\\]")


def outermost(evidence: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Each phrase of the evidence once, with the signals that matched it, and a phrase that lies inside
    another's span shown only as the longer one, its signals added there: several signals often match
    nested runs of the same words ("delete all Customer Data", "delete all Customer Data, including from
    any model"), which read as one quote repeated. A phrase met again is keyed to where it was first met.
    `check.js` (outermost) does the same."""
    phrases: dict[str, tuple[dict[str, Any], list[str]]] = {}
    places: dict[tuple[Any, Any], list[str]] = {}
    for e in evidence:
        w = " ".join(e["words"].split())
        if w not in phrases:
            span = e.get("span") or {}
            phrases[w] = (span, [])
            places.setdefault((e.get("passage"), span.get("page")), []).append(w)
        phrases[w][1].append(e["signal"])

    def within(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return bool(a and b) and (b["line"], b["column"]) <= (a["line"], a["column"]) \
            and (a["end_line"], a["end_column"]) <= (b["end_line"], b["end_column"])
    hosts: dict[str, str] = {}
    for same_place in places.values():  # only phrases of one passage (and page) can hold each other
        for w in same_place:
            hosts[w] = w
            for v in same_place:
                if len(v) > len(hosts[w]) and within(phrases[w][0], phrases[v][0]):
                    hosts[w] = v
    out: dict[str, list[str]] = {}
    for w, (_, signals) in phrases.items():
        kept = out.setdefault(hosts[w], [])
        kept.extend(x for x in signals if x not in kept)
    return out


def found_by(p: dict[str, Any], signals: bool = True) -> str:
    """What flagged the passage: the signals' words (each phrase once, words inside another phrase shown as
    that phrase; with the signals' IDs unless `signals` is False, as in the Word review, where readers want
    the words), then the word score's."""
    parts = [f'\u201c{w}\u201d' + (f' ({", ".join(sigs)})' if signals else "") for w, sigs in outermost(p["found_by"]).items()]
    ws = p.get("word_score")
    if ws:
        score = f" (score {ws['score']}, threshold {ws['threshold']})" if signals else ""
        parts.append(f"the words used together{score}: " + ", ".join(f"\u201c{w}\u201d" for w in ws["words"]))
    return "; ".join(parts)


def about_tenths(part: int, whole: int) -> int:
    """part/whole in tenths, halves rounded up, in whole numbers (so the page and the browser say exactly the same)."""
    return (20 * part + whole) // (2 * whole)


def grouped(n: int) -> str:
    """A count with thousands marked by commas, as readers quote it ("1,012"); check.js says it the same way."""
    return f"{n:,}"


def hundredths(share: float) -> int:
    """A share (0 to 1) in whole hundredths, halves rounded up (as check.js and the page's template say it)."""
    return int(share * 100 + 0.5)


def reliance(result: dict[str, Any]) -> str | None:
    """How far to rely on the result: what `check` found, missed and flagged wrongly in texts the project had
    never seen, in the mode it ran in; in the thorough mode, before it has been measured so, the corpus's
    leave-one-document-out figures, said as such (None when the text was not checked or nothing was measured)."""
    h = result.get("held_out")
    thorough = result.get("mode") == "thorough"
    lead = "How far to rely on this: " + ("in the thorough mode, " if thorough else "")
    if not result["language"]["covered"]:
        return None
    if not h:
        lodo = result.get("leave_one_document_out")
        if not thorough or not lodo:
            return None
        return (f"{lead}on the project's own corpus of real passages, each document checked as if never seen, check found "
                f"about {hundredths(lodo['recall'])} in 100 of the passages that ask for, promise or rely on unlearning, and about "
                f"{hundredths(lodo['precision'])} in 100 of its flags were right; this mode has not yet been measured on texts the "
                "project had never seen. Read every flagged passage, and the text as well.")
    total, flags = h["found"] + h["missed"], h["found"] + h["false_alarms"]
    so_far = f" (measured on {h['batches']} batch{'es' if h['batches'] != 1 else ''} of them so far)" if thorough else ""
    found = grouped(h["found"])
    return (f"{lead}in texts the project had never seen{so_far}, check found {found} of {grouped(total)} passages "
            f"that ask for, promise or rely on unlearning (about {about_tenths(h['found'], total)} in 10), and {found} of its "
            f"{grouped(flags)} flags there were right (about {about_tenths(h['found'], flags)} in 10). Such a passage in words it has not "
            "met goes unflagged: read the text as well.")


def mode_note(result: dict[str, Any]) -> str:
    """The mode, said after the count of flagged passages ('' in the default mode)."""
    return "; thorough mode: more found, more false alarms" if result.get("mode") == "thorough" else ""


def aside_heading(result: dict[str, Any]) -> str | None:
    """The heading of the passages exceptions set aside (None when there are none)."""
    n = len(result.get("set_aside") or [])
    if not n:
        return None
    return (f"Set aside, not flagged: {n} passage{'s' if n != 1 else ''} that a signal or the word score would flag, but that "
            f"an exception reads as not asking for, promising or relying on unlearning. Check {'them' if n != 1 else 'it'} yourself.")


def aside_reason(a: dict[str, Any]) -> str:
    """Why one passage was set aside: what the exception took it to be, and on which words."""
    return f"{a['reason']} ({a['exception']}, on \u201c{' '.join(a['words'].split())}\u201d)"


def same_answers(passages: list[dict[str, Any]], every: bool = False) -> dict[int, int]:
    """Passage number -> the first earlier passage with the same answers, among passages whose answers
    differ from the whole text's (`every`: among all, for a report that gives every passage's bottom line):
    their bottom line is that passage's, so it is said once and referred to after (a text often repeats one
    kind of clause). `check.js` (sameAnswers) does the same."""
    first: dict[str, int] = {}
    out: dict[int, int] = {}
    for p in passages:
        if every or p["differs_from_whole"]:
            n = first.setdefault(p["permalink"], p["number"])
            if n != p["number"]:
                out[p["number"]] = n
    return out


def render_text(result: dict[str, Any], names: Names | None = None) -> str:
    """For people: questions and options by name (`names`; without it, by ID)."""
    names = names or Names()
    src = result.get("source", {})
    out = [f"{src.get('name', 'text')}: {result['flagged']} passage{'s' if result['flagged'] != 1 else ''} flagged "
           f"({src.get('words', 0)} words checked; knowledge base {result['kb_version']}{mode_note(result)})"]
    notice = language_notice(result)
    if notice:
        out.append(notice)
    same = same_answers(result["passages"])
    for p in result["passages"]:
        out.append("")
        out.append(f"[{p['number']}] {_where(p['span'])}")
        out.append("    " + " ".join(p["text"].split()))
        out.append("    found by: " + found_by(p))
        for q, value, words in _labels(p["labels"], names):
            out.append(f"    {names.question(q)}: {value}" + (f"  <- {words}" if words else ""))
            if p["labels"][q].get("value") == "open":
                out.append(f"      invites mismatches {', '.join(p['labels'][q]['mismatches'])}: suppressing outputs does not remove "
                           "information, and removing data does not guarantee suppression")
        for cl in p["claims"]:
            verdict = cl["verdict"] or "not relevant under these answers"
            out.append(f"    claim {cl['id']} ({verdict}{', ' + cl['relevance'] if cl['verdict'] and cl['relevance'] != 'certain' else ''}): {cl['statement']}")
        for w in p.get("wording", []):
            out.append(f"    supportable wording {w['id']} ({w['label']}): " + " / ".join(o["label"] for o in w["wording"])
                       + " (see --format markdown or docx for the clause text)")
        if p["number"] in same:
            out.append(f"    bottom line for this passage's answers: as for passage {same[p['number']]}, whose answers are the same")
        elif p["differs_from_whole"]:
            for i, line in enumerate(_bottom(p.get("bottom_line"))):
                out.append(("    bottom line for this passage's answers: " if i == 0 else "      ") + line)
        if p["differs_from_whole"]:
            out.append(f"    this passage's answers: {p['permalink']}")
    heading = aside_heading(result)
    if heading:
        out += ["", heading]
        for a in result["set_aside"]:
            out += [f"  - {_where(a['span'])}", "    " + " ".join(a["text"].split()), "    why: " + aside_reason(a)]
    prop = result["proposal"]
    out.append("")
    if result["flagged"]:
        answers = "; ".join(f"{names.question(q)}: {names.value(q, v)}" for q, v in prop["answers"].items()) or "none"
        out.append(f"proposed answers for the whole text: {answers}")
        out.append(f"  left unanswered: {', '.join(map(names.question, prop['unanswered']))}")
        for i, line in enumerate(_bottom(prop.get("bottom_line"))):
            out.append(("  bottom line: " if i == 0 else "    ") + line)
        if prop["open_goal_passages"]:
            out.append(f"  the goal is left open in passage{'s' if len(prop['open_goal_passages']) > 1 else ''} "
                       f"{', '.join(map(str, prop['open_goal_passages']))}: say whether removal or suppression is meant")
        out.append(f"  open in the questionnaire: {prop['permalink']}")
        out.append("  save them with --answers FILE, then: unlearning-scope evaluate FILE")
    elif notice:
        out.append(f"nothing found in English passages; the text was not checked ({result['language']['name']})")
    else:
        out.append("nothing asks for, promises or relies on unlearning here (as far as the patterns see)"
                   + ("; the passages set aside are listed above" if result.get("set_aside") else ""))
    rely = reliance(result)
    if rely:
        out += ["", rely]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_rows(labels: dict[str, Any], names: Names) -> list[str]:
    """A table's rows: the question as asked, the reading, the words it rests on."""
    return [f"| {_md(names.asked(q))} | {_md(value)} | {_md(words) or '-'} |" for q, value, words in _labels(labels, names)]


def render_markdown(result: dict[str, Any], names: Names | None = None) -> str:
    """For a memo: questions as the questionnaire asks them, options by name (`names`; without it, by ID)."""
    names = names or Names()
    src = result.get("source", {})
    out = [f"# Unlearning check: {src.get('name', 'text')}", "",
           f"{result['flagged']} passage{'s' if result['flagged'] != 1 else ''} flagged in {src.get('words', 0)} words "
           f"(Unlearning Scope knowledge base {result['kb_version']}{mode_note(result)})."]
    notice = language_notice(result)
    if notice:
        out += ["", f"**{notice}**"]
    same = same_answers(result["passages"])
    for p in result["passages"]:
        out += ["", f"## Passage {p['number']} ({_where(p['span'])})", "", "> " + " ".join(p["text"].split()), "",
                f"Found by: {_md(found_by(p))}", ""]
        out.append("| Question | Reading | Words |")
        out.append("| --- | --- | --- |")
        out += _md_rows(p["labels"], names)
        goal = p["labels"].get("goal", {})
        if goal.get("value") == "open":
            out += ["", f"**The goal is open.** The passage does not say whether it asks for removal of information from the "
                    f"model or suppression of content in its outputs; this invites mismatches {' and '.join(goal['mismatches'])} "
                    "(suppressing outputs does not remove information; removing data does not guarantee suppression)."]
        if p["claims"]:
            out += ["", "Claims made or relied on:", ""]
            for cl in p["claims"]:
                out.append(f"- **{cl['id']}** ({cl['verdict'] or 'not relevant under these answers'}): {cl['statement']}")
        if p["number"] in same and p.get("bottom_line"):
            out += ["", f"Bottom line for this passage's answers: as for passage {same[p['number']]}, whose answers are the same."]
        elif p["differs_from_whole"] and p.get("bottom_line"):
            out += ["", "Bottom line for this passage's answers: " + " ".join(p["bottom_line"]["text"])]
        out += wording_markdown(p.get("wording", []))
        out += ["", f"[Open this passage's answers in the questionnaire]({p['permalink']})"]
    heading = aside_heading(result)
    if heading:
        out += ["", "## Set aside, not flagged", "", heading.split(": ", 1)[1]]
        for a in result["set_aside"]:
            out += ["", f"- {_where(a['span'])}: \u201c{_md(' '.join(a['text'].split()))}\u201d  ", f"  *Why:* {_md(aside_reason(a))}"]
    prop = result["proposal"]
    out += ["", "## Proposed answers", ""]
    if result["flagged"]:
        if prop.get("bottom_line"):
            out += ["**Bottom line for the proposed answers.** " + " ".join(prop["bottom_line"]["text"]), ""]
        if prop["open_goal_passages"]:
            out += [f"The goal is left open in passage{'s' if len(prop['open_goal_passages']) > 1 else ''} "
                    f"{', '.join(map(str, prop['open_goal_passages']))}: say whether removal or suppression is meant.", ""]
        out += ["| Question | Proposed | Words |", "| --- | --- | --- |"]
        out += _md_rows(prop["labels"], names)
        out += ["", f"Left unanswered: {', '.join(map(names.question, prop['unanswered']))}. A question no words bear on is not "
                "guessed; answer it in the questionnaire.", "", "Answers file (for `unlearning-scope evaluate`):", "",
                "```yaml", prop["answers_file"].rstrip("\n"), "```", "", f"[Open in the questionnaire]({prop['permalink']})"]
    elif notice:
        out.append(f"Nothing found in English passages; the text was not checked ({result['language']['name']}).")
    else:
        out.append("Nothing in the text asks for, promises or relies on unlearning, as far as the signals and the word score see.")
    rely = reliance(result)
    if rely:
        out += ["", f"*{rely}*"]
    return "\n".join(out) + "\n"
