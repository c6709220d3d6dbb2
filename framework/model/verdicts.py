"""Verdicts in words, for every report, and reading a method's verdict half by half (goal: both)."""

from __future__ import annotations

from functools import cache
from typing import Any

VERDICT_WORDS = {
    "supports": "supports", "partial": "partial", "does-not-support": "does not support",
    "supportable": "supportable", "conditional": "conditional", "unsupportable": "unsupportable",
    "not-technical": "not a technical question",
}


def half(method: dict[str, Any], aim: str) -> dict[str, Any]:
    """One half's verdict, conditions and caveats; a single-aim result's method is its own half."""
    h = (method.get("by_half") or {}).get(aim)
    if h is not None:
        return {"verdict": h["verdict"], "conditions": list(h.get("conditions", [])), "caveats": list(h.get("caveats", []))}
    verdict = (method.get("halves") or {}).get(aim, method["verdict"])
    single = len(method.get("halves") or {}) <= 1
    return {"verdict": verdict, "conditions": list(method["conditions"]) if single or verdict == method["verdict"] else [],
            "caveats": list(method["caveats"]) if single or verdict == method["verdict"] else []}


@cache
def _words(text: str) -> frozenset[str]:
    """A condition's words (the same few conditions are compared again and again, so kept)."""
    return frozenset({w.strip(".,;:()'\"").lower() for w in text.split()} - {""})


def merge_condition(kept: list[str], new: str) -> list[str]:
    """Adds a condition unless one already kept says it (every word of the shorter is in the longer);
    a longer version replaces a shorter one in place. Keeps order; the browser does the same."""
    words = _words(new)
    for i, old in enumerate(kept):
        have = _words(old)
        if words <= have:
            return kept
        if have <= words:
            return [*kept[:i], new, *kept[i + 1:]]
    return [*kept, new]
