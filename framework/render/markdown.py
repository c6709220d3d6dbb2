"""A memo-ready Markdown report of an assessment.

Secondary-summary and editorial statements are shown with their basis and never as quotations or
pinpoint citations of the paper (contract: provenance).
"""

from __future__ import annotations

from typing import Any

from ..model.verdicts import VERDICT_WORDS
from .changes_text import change_lines, claim_groups, deciding_caveat, facts_lines, labels_of, method_verdict, split_items


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


def render(result: dict[str, Any], detail: str = "short") -> str:
    """A memo: the answer, the facts it assumed, verdicts with what decides them, mismatches, the legal
    questions, claims; `detail='full'` adds an annex with every condition, caveat, change and source."""
    out: list[str] = []
    add = out.append
    full = detail == "full"
    labels = labels_of(result)
    add("# Unlearning assessment")
    add("")
    released = (result.get("citation") or {}).get("released")
    add(f"Unlearning Scope knowledge base {result['kb_version']}{f', released {released}' if released else ''}. "
        "Orientation, not legal advice.")
    add("")
    bl = result.get("bottom_line")
    if bl:
        add("## Bottom line")
        add("")
        add(" ".join(bl["text"]))
        add("")
        if bl["evidence_needed"]:
            add("**Evidence needed**")
            add("")
            for c in bl["evidence_needed"]:
                add(f"- {_escape(c)}")
            if bl["evidence_needed_more"]:
                add(f"- and {bl['evidence_needed_more']} more, under each method{'' if full else ' (--detail full)'}")
            add("")
        if bl["trees"]:
            add("Decision trees: " + "; ".join(f"{t['label']} ({t['id']})" for t in bl["trees"]) + ".")
            add("")
    add("## Facts assumed")
    add("")
    for line in facts_lines(result):
        add(f"- {line}")
    add("")
    add("## Verdicts")
    add("")
    add("| Method | Verdict | What decides it |")
    add("|---|---|---|")
    aims = list((result["methods"][0].get("halves") or {}).keys()) if result["methods"] else []
    for m in result["methods"]:
        caveat = deciding_caveat(m) if m["verdict"] != "does-not-support" or len(aims) > 1 else None
        add(f"| {m['label']} | **{method_verdict(m, aims)}** | {_escape(caveat) if caveat else '—'} |")
    add("")
    add("## Mismatches")
    add("")
    if not result["mismatches"]:
        add("None listed for these answers.")
    for mm in result["mismatches"]:
        status = "" if mm["status"] == "applies" else " *(may apply, depending on unanswered questions)*"
        add(f"- **{mm['id']}. {mm['label']}**{status}: {mm['why']}")
    add("")
    said_above = {q["claim"] for q in (bl or {}).get("legal_questions", [])}
    add(f"## Claims ({len(result['claims'])})")
    add("")
    for verdict, title, group, shared in claim_groups(result):
        add(f"**{title}**{'. ' + shared if shared and verdict != 'not-technical' else ''}")
        add("")
        for c in group:
            said = f"- {c['id']}: {c['statement']}"
            if verdict == "not-technical" and c.get("question") and c["id"] not in said_above:
                said += f" *No method settles {c['question']}.*"
            add(said)
        add("")
    add("## How to cite")
    add("")
    add(result["citation"]["text"])
    add("")
    if result["citation"].get("framework"):
        add(f"Framework: {result['citation']['framework']}. Everything here is the project's paraphrase, not a quotation "
            "of the paper.")
        add("")
    if full:
        _annex(result, add, labels)
    else:
        add("*Every condition, caveat, source and what would change each verdict: `--detail full`.*")
    return "\n".join(out) + "\n"


def _annex(result: dict[str, Any], add: Any, labels: dict[str, Any]) -> None:
    add("## Annex: the detail")
    add("")
    refs: list[str] = []

    def cite(s: dict[str, Any]) -> str:
        line = _source_line(s)
        if line not in refs:
            refs.append(line)
        return f"[{refs.index(line) + 1}]"

    for m in result["methods"]:
        add(f"### {m['label']}: {method_verdict(m, list((m.get('halves') or {}).keys()))}")
        add("")
        aims = list((m.get("halves") or {}).keys())
        for key, lead in (("conditions", "If"), ("caveats", "Caveat:")):
            for part, items in split_items(m, aims, key):
                for c in items:
                    add(f"- {lead} {_escape(c)}" + (f" *({part})*" if part else ""))
        for line in change_lines(m.get("what_would_change"), labels):
            add(f"- {line}")
        add("- Decided by: " + "; ".join(_justification(e) for e in m["explanation"]) + ".")
        add("")
    for c in result["claims"]:
        rel = " *(relevant depending on unanswered questions)*" if c["relevance"] == "possible" else ""
        add(f"### {c['id']}: {VERDICT_WORDS[c['verdict']]}{rel}")
        add("")
        add(c["statement"])
        add("")
        for cond in c["conditions"]:
            add(f"- If {cond}")
        for line in change_lines(c.get("what_would_change"), labels):
            add(f"- {line}")
        add("")
        add(c["rationale"] + " " + " ".join(cite(s) for s in c["sources"]))
        add("")
        add("Evidence: " + "; ".join(c["evidence"]) + ".")
        add("")
        add("Decided by: " + "; ".join(_justification(e) for e in c["explanation"]) + ".")
        add("")
    if result["unknowns"]:
        add("### What an answer would change")
        add("")
        for u in result["unknowns"]:
            add(f"- {labels.get(u['question'], {}).get('short', u['question'])}: {', '.join(u['would_change'])}")
        add("")
    add("### Sources")
    add("")
    for i, line in enumerate(refs, 1):
        add(f"{i}. {line}")
    add("")
    add("```bibtex")
    add(result["citation"]["bibtex"])
    add("```")
