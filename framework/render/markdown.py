"""A memo-ready Markdown report of an assessment.

Secondary-summary and editorial statements are shown with their basis and never as quotations or
pinpoint citations of the paper (contract: provenance).
"""

from __future__ import annotations

from typing import Any

from .changes_text import change_lines
from .words import VERDICT_WORDS


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source_line(s: dict[str, Any]) -> str:
    where = s.get("reference") or "Unlearning Scope (editorial)"
    locator = f", {s['locator']}" if s.get("locator") and s["basis"] in ("paper-abstract", "paper-reviews", "literature") else ""
    note = f" — {s['note']}" if s.get("note") else ""
    return f"{where}{locator} *[basis: {s['basis_label']}]*{note}"


def _justification(e: dict[str, Any]) -> str:
    read = ", ".join(f"{q}={', '.join(v) if isinstance(v, list) else v}" for q, v in e["read"].items())
    read = f"read {read}" if read else "a general rule, with no condition"
    over = f", overriding {', '.join(e['overrode'])}" if e["overrode"] else ""
    return f"{e['rule']} ({e['label']}; {read}{over})"


def render(result: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    add("# Unlearning assessment")
    add("")
    add(f"Knowledge base version {result['kb_version']}; answers digest `{result['answers_digest']}`.")
    add("")
    bl = result.get("bottom_line")
    if bl:
        add("## Bottom line")
        add("")
        add(" ".join(bl["text"]))
        add("")
        if bl["ask_provider"]:
            add("Ask the provider for evidence that:")
            add("")
            for c in bl["ask_provider"]:
                add(f"- {_escape(c)}")
            if bl["ask_provider_more"]:
                add(f"- and {bl['ask_provider_more']} more conditions, listed under Methods")
            add("")
        if bl["trees"]:
            add("Decision trees to consult: " + "; ".join(f"`{t['id']}` {t['label']}" for t in bl["trees"]) + ".")
            add("")
    add("## Answers")
    add("")
    for q, v in result["answers"].items():
        shown = ", ".join(v) if isinstance(v, list) else v
        add(f"- **{q}**: {shown}")
    for q, v in result["defaults_applied"].items():
        add(f"- **{q}**: {v} (not answered; the default for these answers)")
    for q in result["unanswered"]:
        add(f"- **{q}**: not answered (verdicts below are the weakest over every possible answer)")
    add("")
    add("## Methods")
    add("")
    add("| Method | Verdict | Conditions | Caveats |")
    add("|---|---|---|---|")
    for m in result["methods"]:
        halves = ""
        by_half = m.get("by_half", {})
        conditions = "<br>".join(_escape(c) for c in m["conditions"]) or "—"
        caveats = "<br>".join(_escape(c) for c in m["caveats"]) or "—"
        if len(m["halves"]) > 1:
            halves = " (" + "; ".join(f"{a}: {VERDICT_WORDS[v]}" for a, v in m["halves"].items()) + ")"
        if len(by_half) > 1:  # goal: both - each half keeps its own conditions and caveats
            conditions = "<br>".join(f"*{h} ({VERDICT_WORDS[p['verdict']]}):* " + ("; ".join(_escape(c) for c in p["conditions"]) or "—")
                                     for h, p in by_half.items())
            caveats = "<br>".join(f"*{h}:* " + (" ".join(_escape(c) for c in p["caveats"]) or "—") for h, p in by_half.items())
        add(f"| {m['label']} (`{m['id']}`) | **{VERDICT_WORDS[m['verdict']]}**{halves} | {conditions} | {caveats} |")
    add("")
    add("How each verdict was reached (rule, what it read, the more general rules it overrode):")
    add("")
    for m in result["methods"]:
        add(f"- `{m['id']}`: " + "; ".join(_justification(e) for e in m["explanation"]))
    add("")
    add("What would change each verdict (the smallest change of answers, each way):")
    add("")
    for m in result["methods"]:
        lines = change_lines(m.get("what_would_change"))
        add(f"- `{m['id']}` ({VERDICT_WORDS[m['verdict']]}): " + ("; ".join(lines) if lines else "no change of answers changes it."))
    add("")
    add("## Mismatches")
    add("")
    if not result["mismatches"]:
        add("None listed for these answers.")
    for mm in result["mismatches"]:
        status = "" if mm["status"] == "applies" else " *(may apply, depending on unanswered questions)*"
        add(f"- **{mm['id']}. {mm['label']}**{status}: {mm['why']}")
    add("")
    add("## Claims")
    add("")
    for c in result["claims"]:
        rel = " *(relevant depending on unanswered questions)*" if c["relevance"] == "possible" else ""
        add(f"### {c['id']}: {c['statement']}")
        add("")
        add(f"**Verdict: {VERDICT_WORDS[c['verdict']]}**{rel}")
        add("")
        for cond in c["conditions"]:
            add(f"- Condition: {cond}")
        if c["conditions"]:
            add("")
        for line in change_lines(c.get("what_would_change")):
            add(f"- Would change: {line}")
        if change_lines(c.get("what_would_change")):
            add("")
        add(c["rationale"])
        add("")
        if c["mismatches"]:
            add(f"Mismatches: {', '.join(c['mismatches'])}.")
            add("")
        add("Evidence to ask for:")
        add("")
        for e in c["evidence"]:
            add(f"- {e}")
        add("")
        add("Sources:")
        add("")
        for s in c["sources"]:
            add(f"- {_source_line(s)}")
        add("")
        add("Decided by: " + "; ".join(_justification(e) for e in c["explanation"]) + ".")
        add("")
    add("## Unknowns")
    add("")
    if not result["unknowns"]:
        add("No unanswered question would change these conclusions.")
    for u in result["unknowns"]:
        add(f"- **{u['question']}** ({u['label']}) would change: {', '.join(u['would_change'])}")
    add("")
    add("## Citation")
    add("")
    add(result["citation"]["text"])
    add("")
    if result["citation"].get("framework"):
        add(f"Framework: {result['citation']['framework']}. Statements marked as secondary summaries or editorial are the project's paraphrase, not quotations of the paper.")
        add("")
    add("```bibtex")
    add(result["citation"]["bibtex"])
    add("```")
    return "\n".join(out) + "\n"
