"""A plain-text report for a terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from .changes_text import change_lines
from .words import VERDICT_WORDS


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


def render(result: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    bl = result.get("bottom_line")
    if bl:
        add("BOTTOM LINE")
        for sentence in bl["text"]:
            add(_wrap(sentence, "  "))
        if bl["ask_provider"]:
            add("  Ask the provider for evidence that:")
            for c in bl["ask_provider"]:
                add(_wrap(f"- {c}", "    "))
            if bl["ask_provider_more"]:
                add(f"    (and {bl['ask_provider_more']} more conditions, listed under METHODS)")
        if bl["trees"]:
            add(_wrap("Decision trees to consult: " + "; ".join(f"{t['id']} {t['label']}" for t in bl["trees"]), "  "))
        add("")
    given = ", ".join(f"{q}={','.join(v) if isinstance(v, list) else v}" for q, v in result["answers"].items())
    add(f"Answers: {given or '(none)'}")
    if result["defaults_applied"]:
        add("Defaults: " + ", ".join(f"{q}={v}" for q, v in result["defaults_applied"].items()))
    if result["unanswered"]:
        add(f"Not answered: {', '.join(result['unanswered'])} (verdicts are the weakest over every possible answer)")
    add("")
    add("METHODS")
    width = max(len(m["id"]) for m in result["methods"])
    for m in result["methods"]:
        add(f"  {m['id']:<{width}}  {VERDICT_WORDS[m['verdict']]}")
        by_half = m.get("by_half", {})
        if len(by_half) > 1:  # goal: both - each half with its own verdict and conditions
            for half, part in by_half.items():
                add(_wrap(f"{half}: {VERDICT_WORDS[part['verdict']]}", " " * (width + 4)))
                for c in part["conditions"]:
                    add(_wrap(f"if: {c}", " " * (width + 6)))
        else:
            for c in m["conditions"]:
                add(_wrap(f"if: {c}", " " * (width + 4)))
        for line in change_lines(m.get("what_would_change")):
            add(_wrap(line if line.startswith("note: ") else f"would change: {line}", " " * (width + 4)))
    add("")
    add("MISMATCHES")
    for mm in result["mismatches"]:
        flag = "" if mm["status"] == "applies" else " (may apply)"
        add(_wrap(f"{mm['id']} {mm['label']}{flag}: {mm['why']}", "  "))
    if not result["mismatches"]:
        add("  none")
    add("")
    add("CLAIMS")
    for c in result["claims"]:
        add(_wrap(f"{c['id']} [{VERDICT_WORDS[c['verdict']]}] {c['statement']}", "  "))
        for line in change_lines(c.get("what_would_change")):
            add(_wrap(line if line.startswith("note: ") else f"would change: {line}", "      "))
    add("")
    if result["unknowns"]:
        add("UNKNOWNS")
        for u in result["unknowns"]:
            add(_wrap(f"{u['question']}: would change {', '.join(u['would_change'])}", "  "))
        add("")
    add("CITE AS")
    add(_wrap(result["citation"]["text"], "  "))
    return "\n".join(out) + "\n"
