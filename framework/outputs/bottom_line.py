"""The bottom line of a result: a short summary generated from the result's data, never written per case.

It says which methods can deliver the aim and on what conditions, which only reduce the problem, which
cannot, the mismatches that apply, what to ask the provider for, and which decision trees to consult.
Every sentence is assembled from the verdicts, conditions, mismatches and claims the result already
holds, so it can be no stronger than they are. Pure; the browser's `bottom-line.js` builds the same.
"""

from __future__ import annotations

from typing import Any

ASK_AT_MOST = 6
"""Preconditions listed under 'ask the provider for' (the rest stay in the method details)."""


def _names(items: list[dict[str, Any]]) -> str:
    labels = [f"{x['label']} ({x['id']})" for x in items]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _aim(result: dict[str, Any], halves: dict[str, str]) -> str:
    goal = result["answers"].get("goal")
    if goal is None:
        return "the aim (not yet said: removal, suppression or both)"
    parts = [halves.get(a, a).lower() for a in result.get("aims", {}).get(goal, [goal])]
    return " and ".join(parts) if parts else str(goal)


def bottom_line(result: dict[str, Any], tables_data: dict[str, Any]) -> dict[str, Any]:
    """The summary that leads every output (JSON `bottom_line`, text, Markdown, Word, the browser)."""
    halves: dict[str, str] = tables_data.get("halves", {})
    aims = tables_data.get("aspects", {})
    result = {**result, "aims": aims}
    methods = result["methods"]
    supports = [m for m in methods if m["verdict"] == "supports"]
    # goal: both - a method whose halves differ is summed up half by half, so a half it can serve is not lost
    mixed = [m for m in methods if len(set(m.get("halves", {}).values())) > 1]
    partial = [m for m in methods if m["verdict"] == "partial" and m not in mixed]
    cannot = [m for m in methods if m["verdict"] == "does-not-support" and m not in mixed]
    aim = _aim(result, halves)
    sentences = []
    if supports:
        sentences.append(f"For {aim}, {_names(supports)} can deliver it, provided the conditions listed for "
                         f"{'it' if len(supports) == 1 else 'each'} hold.")
    else:
        sentences.append(f"For {aim}, no method can deliver it for these answers.")
    if partial:
        sentences.append(f"{_names(partial)} {'reduces' if len(partial) == 1 else 'reduce'} the problem under stated conditions but "
                         f"{'guarantees' if len(partial) == 1 else 'guarantee'} nothing.")
    if cannot:
        sentences.append(f"{_names(cannot)} cannot deliver it.")
    for group in _by_signature(mixed):
        one = len(group) == 1
        parts = [f"for {halves.get(h, h).lower()}, {_half_phrase(v, one)}" for h, v in group[0]["halves"].items()]
        sentences.append(f"Taken half by half, {_names(group)}: " + "; ".join(parts) + ".")
    applying = [m for m in result["mismatches"] if m["status"] == "applies"]
    possible = [m for m in result["mismatches"] if m["status"] == "possible"]
    if applying:
        sentences.append("Mismatches that apply: " + "; ".join(f"{m['id']} {m['label']}" for m in applying) + ".")
    if possible:
        sentences.append("May also apply, depending on unanswered questions: " + "; ".join(f"{m['id']} {m['label']}" for m in possible) + ".")
    if result["unknowns"]:
        sentences.append(f"{len(result['unknowns'])} unanswered question{'s' if len(result['unknowns']) != 1 else ''} could change this; "
                         "each verdict above is the weakest over their possible answers.")
    basis = supports or partial
    ask: list[str] = []
    for m in basis:
        for c in m["conditions"]:
            if c not in ask:
                ask.append(c)
    trees = [{"id": t["id"], "label": t["label"]} for t in tables_data.get("trees", []) if _consistent(t["fixed"], result["answers"])]
    return {
        "text": sentences,
        "can_deliver": [{"id": m["id"], "label": m["label"], "verdict": m["verdict"], "conditions": list(m["conditions"])} for m in supports + partial],
        "cannot": [{"id": m["id"], "label": m["label"]} for m in cannot],
        "by_half": [{"id": m["id"], "label": m["label"], "halves": dict(m["halves"])} for m in mixed],
        "mismatches": [{"id": m["id"], "label": m["label"], "status": m["status"]} for m in applying + possible],
        "ask_provider": ask[:ASK_AT_MOST],
        "ask_provider_more": max(0, len(ask) - ASK_AT_MOST),
        "ask_provider_for": [m["id"] for m in basis],
        "trees": trees,
    }


def _half_phrase(verdict: str, one: bool) -> str:
    if verdict == "supports":
        return "can deliver it, provided the conditions listed for that half hold"
    if verdict == "partial":
        return f"{'reduces' if one else 'reduce'} the problem under the conditions listed for that half"
    return "cannot deliver it"


def _by_signature(methods: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Methods with the same verdict for each half, together, in the order of their first member."""
    groups: dict[tuple[tuple[str, str], ...], list[dict[str, Any]]] = {}
    for m in methods:
        groups.setdefault(tuple(m["halves"].items()), []).append(m)
    return list(groups.values())


def _consistent(fixed: dict[str, Any], answers: dict[str, Any]) -> bool:
    """A tree fits the answers when none of its fixed answers contradicts one given."""
    return all(q not in answers or answers[q] == v for q, v in fixed.items())
