"""Supportable wording for a flagged passage: the wording rules (rules/wording/) whose `applies_when`
fits the passage as read. A rule fits when the passage's goal is one it lists (`open` for a passage
that leaves the goal unsaid), or it makes or relies on a claim the rule lists; a rule that lists both
needs both. Pure: no I/O. The browser page (`check.js`) does the same from the data `check_data` ships.
"""

from __future__ import annotations

from typing import Any

from ..kb.diagnostics import Diagnostic
from ..kb.knowledge_base import KnowledgeBase
from ..model.wording import WordingRule


def fits(rule: WordingRule, goal: Any, claims: set[str]) -> bool:
    when = rule.applies_when
    if when.goal and goal not in when.goal:
        return False
    return not (when.claims and not claims.intersection(when.claims))


def plain(rule: WordingRule) -> dict[str, Any]:
    """A rule as the check's JSON gives it (see `output_schema`)."""
    return {
        "id": rule.id,
        "label": rule.label,
        "problem": " ".join(rule.problem.split()),
        "wording": [{"label": o.label, "text": " ".join(o.text.split()), "checks": list(o.checks)} for o in rule.wording],
        "cannot": " ".join(rule.cannot.split()) if rule.cannot else None,
        "rests_on": {"claims": list(rule.rests_on.claims), "methods": list(rule.rests_on.methods),
                     "evaluations": list(rule.rests_on.evaluations)},
    }


def for_passage(kb: KnowledgeBase, passage: dict[str, Any], goal_question: str = "goal") -> list[dict[str, Any]]:
    goal = passage["labels"].get(goal_question, {}).get("value")
    claims = {c["id"] for c in passage["claims"]}
    return [plain(r) for _, r in sorted(kb.wording.items()) if fits(r, goal, claims)]


def add_wording(kb: KnowledgeBase, result: dict[str, Any], goal_question: str = "goal") -> None:
    """Give every passage of a `check` result its `wording` (a list, empty when no rule fits)."""
    for p in result["passages"]:
        p["wording"] = for_passage(kb, p, goal_question)


def example_problems(kb: KnowledgeBase) -> list[Diagnostic]:
    """Every wording rule's examples, checked: the rule fits some passage of each `before`, and no
    passage of its `after`."""
    from ..logic.engine import compile_kb
    from .matcher import Unit, check

    if not kb.wording:
        return []
    c = compile_kb(kb)
    problems: list[Diagnostic] = []
    for wid, rule in sorted(kb.wording.items()):
        origin = kb.origin("wording", wid)
        for i, ex in enumerate(rule.examples):
            for side, want in (("before", True), ("after", False)):
                text = getattr(ex, side)
                result = check(kb, c, [Unit(text)])
                found = any(r["id"] == wid for p in result["passages"] for r in p["wording"])
                if found != want:
                    what = ("check does not attach the rule to it: no flagged passage is read with the rule's goal or claims"
                            if want else "check still attaches the rule to it: the reworded clause must no longer fit the rule")
                    problems.append(origin.diagnostic(("examples", i, side), "wording-example", what))
    return problems
