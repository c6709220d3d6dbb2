"""`validate`'s checks of wording rules: every goal an option of the goal question (or 'open'), every
clause's [square brackets] balanced, no clause or example repeated, and each example's `after`
differing from its `before`. That `check` attaches the rule to each `before` and not to its `after` is
checked where the matcher lives (`framework.textcheck.wording.example_problems`, run by `validate`)."""

from __future__ import annotations

from collections.abc import Iterator

from .diagnostics import Diagnostic
from .knowledge_base import KnowledgeBase

OPEN = "open"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
            if depth > 1:
                return False
        elif ch == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def wording_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    try:
        goal_q = kb.aspect_selector()
        goals = [*goal_q.option_ids(), OPEN]
    except LookupError:
        goals = [OPEN]
    for wid, rule in sorted(kb.wording.items()):
        origin = kb.origin("wording", wid)
        for i, g in enumerate(rule.applies_when.goal):
            if g not in goals:
                yield origin.diagnostic(("applies_when", "goal", i), "unknown-option",
                                        f"'{g}' is not a goal a passage can be read as (one of: {', '.join(goals)})")
        seen: set[str] = set()
        for i, option in enumerate(rule.wording):
            if not _balanced(option.text):
                yield origin.diagnostic(("wording", i, "text"), "invalid",
                                        "unbalanced [square brackets]: a bracket marks one thing the drafter fills in, e.g. [the Customer Data]")
            if option.text in seen:
                yield origin.diagnostic(("wording", i, "text"), "invalid", "the same clause text is given twice")
            seen.add(option.text)
        for i, ex in enumerate(rule.examples):
            if " ".join(ex.before.split()) == " ".join(ex.after.split()):
                yield origin.diagnostic(("examples", i, "after"), "invalid", "the example's 'after' is its 'before' unchanged")
