"""A plain-text report for a terminal: the answer first, each thing said once; `detail='full'` adds every
condition, caveat and what would change each verdict."""

from __future__ import annotations

import textwrap
from typing import Any

from ..model.verdicts import VERDICT_WORDS
from .changes_text import change_lines, claim_groups, facts_lines, first_sentence, labels_of, method_verdict, split_items

WIDTH = 100
LISTED = 4
"""In the short report, a group of unsupportable claims longer than this is listed by ID only."""


def _wrap(text: str, indent: str, width: int = WIDTH) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


def _hang(text: str, first: str, rest: str, width: int = WIDTH) -> str:
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False, break_long_words=False)


def render(result: dict[str, Any], detail: str = "short", width: int = WIDTH) -> str:
    out: list[str] = []
    add = out.append
    full = detail == "full"
    labels = labels_of(result)
    bl = result.get("bottom_line")
    add(f"UNLEARNING ASSESSMENT (knowledge base {result['kb_version']})")
    add("")
    if bl:
        add("BOTTOM LINE")
        for sentence in bl["text"]:
            add(_wrap(sentence, "  ", width))
        if bl["evidence_needed"]:
            add("  Evidence needed:")
            for c in bl["evidence_needed"]:
                add(_hang(c, "    - ", "      ", width))
            if bl["evidence_needed_more"]:
                add(f"    (and {bl['evidence_needed_more']} more, with the methods{'' if full else ' in --detail full'})")
        if bl["trees"]:
            add(_wrap("Decision trees: " + "; ".join(f"{t['label']} ({t['id']})" for t in bl["trees"]), "  ", width))
        add("")
    add("FACTS ASSUMED")
    for line in facts_lines(result):
        add(_hang(line, "  ", "    ", width))
    add("")
    add("METHODS")
    aims = list((result["methods"][0].get("halves") or {}).keys()) if result["methods"] else []
    for m in result["methods"]:
        add(_hang(f"{m['label']}: {method_verdict(m, aims)}", "  ", "    ", width))
        if full:
            for key, lead in (("conditions", "if"), ("caveats", "caveat:")):
                for part, items in split_items(m, aims, key):
                    for c in items:
                        add(_hang(f"{lead} {c}" + (f" ({part})" if part else ""), "    - ", "      ", width))
        for line in change_lines(m.get("what_would_change"), labels) if full else []:
            add(_hang(line, "    ", "      ", width))
    add("")
    add("MISMATCHES")
    for mm in result["mismatches"]:
        flag = "" if mm["status"] == "applies" else " (may apply)"
        add(_hang(f"{mm['id']} {mm['label']}{flag}: {mm['why'] if full else first_sentence(mm['why'])}", "  ", "    ", width))
    if not result["mismatches"]:
        add("  none")
    add("")
    add(f"CLAIMS ({len(result['claims'])})")
    said_above = {q["claim"] for q in (bl or {}).get("legal_questions", [])} if not full else set()
    for verdict, title, group, shared in claim_groups(result):
        group = [c for c in group if c["id"] not in said_above]
        if not group:
            continue
        if verdict == "unsupportable" and not full and len(group) > LISTED:
            add(_hang(f"{title} ({len(group)}): " + ", ".join(c["id"] for c in group)
                      + " (their statements: --detail full, or 'unlearning-scope explain ID')", "  ", "    ", width))
            continue
        add(f"  {title}{': ' + shared if shared and full else ''}")
        for c in group:
            add(_hang(f"{c['id']} {c['statement']}", "    ", "      ", width))
            if full:
                for cond in c["conditions"]:
                    add(_hang(f"if {cond}", "      - ", "        ", width))
                for line in change_lines(c.get("what_would_change"), labels):
                    add(_hang(line, "      ", "        ", width))
                note = (c.get("what_would_change") or {}).get("note")
                if note and not shared:
                    add(_hang(note, "      ", "        ", width))
    add("")
    if result["unknowns"] and full:
        add("WHAT AN ANSWER WOULD CHANGE")
        for u in result["unknowns"]:
            add(_hang(f"{labels.get(u['question'], {}).get('short', u['question'])}: {len(u['would_change'])} conclusions "
                      f"({', '.join(u['would_change'])})", "  ", "    ", width))
        add("")
    add("CITE AS")
    add(_wrap(result["citation"]["text"], "  ", width))
    if not full:
        add("")
        add("(Conditions, caveats and what would change each verdict: --detail full.)")
    return "\n".join(out) + "\n"


__all__ = ["VERDICT_WORDS", "render"]
