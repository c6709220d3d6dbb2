"""The bottom line of a result: the reader's answer in three to five sentences, made from the result's data.

It answers the reader's question, not "which method?": what achieves the aim and the one caveat that
decides it in practice (the first caveat the deciding rule gives: rules list their caveats most
decisive first), what does not count, and for the reader's drivers the legal question no method
settles (from the claims that carry a `question`), then the evidence that would show the conditions
hold. Method labels only, never IDs or slugs. Every sentence is assembled from verdicts, conditions,
caveats and claims the result already holds, so it can be no stronger than they are. Pure; the
browser's `bottom-line.js` builds the same, and a test holds the two equal.
"""

from __future__ import annotations

from typing import Any

from ..model.verdicts import half, merge_condition

EVIDENCE_AT_MOST = 5
"""Conditions listed under 'Evidence needed' (the rest stay in the method details)."""

def lower_first(label: str) -> str:
    """'Retraining from scratch' -> 'retraining from scratch' mid-sentence; acronyms stay ('EU law')."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _join(words: list[str], last: str = "and") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def _names(items: list[dict[str, Any]]) -> str:
    return _join([lower_first(x["label"]) for x in items])


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _aims(result: dict[str, Any], tables_data: dict[str, Any]) -> list[str]:
    goal = result["answers"].get("goal")
    if goal is None:
        return []
    return list(tables_data.get("aspects", {}).get(goal, [goal]))


def _aim_words(aims: list[str], halves: dict[str, str]) -> str:
    return " and ".join(halves.get(a, a).lower() for a in aims) if aims else "the aim"


def _per_aim(methods: list[dict[str, Any]], aim: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    by = {v: [m for m in methods if half(m, aim)["verdict"] == v] for v in ("supports", "partial", "does-not-support")}
    return by["supports"], by["partial"], by["does-not-support"]


def _achieves(aim_word: str, supports: list[dict[str, Any]], partial: list[dict[str, Any]]) -> str:
    if supports:
        verb = "can achieve" if len(supports) == 1 else "can each achieve"
        return f"{_capital(_names(supports))} {verb} {aim_word} here, if the evidence below holds."
    if partial:
        return (f"No method can guarantee {aim_word} here; {_names(partial)} only "
                f"{'reduces' if len(partial) == 1 else 'reduce'} the problem.")
    return f"No method can achieve {aim_word} here."


def _not_counting(cannot: list[dict[str, Any]], result: dict[str, Any], aims: list[str], halves: dict[str, str]) -> list[str]:
    """What does not count, saying apart what does not count only because questions its verdict reads
    are unanswered (the weakest answer assumed): a reader should not read "system-level suppression
    does not count" as final when it is the deployment that has not been said."""
    pending = [m for m in cannot if m.get("depends_on")]
    settled = [m for m in cannot if not m.get("depends_on")]
    out: list[str] = []
    if settled:
        if len(aims) == 1:
            out.append(f"{_capital(_names(settled))} {'does' if len(settled) == 1 else 'do'} not count as {_aim_words(aims, halves)} here.")
        else:
            out.append(f"{_capital(_names(settled))} {'achieves' if len(settled) == 1 else 'achieve'} neither half here.")
    if pending:
        read = {q for m in pending for q in m["depends_on"]}
        labels = [f"\u201c{u['label']}\u201d" for u in result.get("unknowns", []) if u["question"] in read]
        verb = "does" if len(pending) == 1 else "do"
        what = f"count as {_aim_words(aims, halves)}" if len(aims) == 1 else "achieve either half"
        until = f"while {_join(labels)} {'is' if len(labels) == 1 else 'are'} unanswered" if labels else "while questions it reads are unanswered"
        out.append(f"{_capital(_names(pending))} {verb} not {what} {until}: the weakest answer is assumed.")
    return out


def legal_questions(result: dict[str, Any]) -> list[dict[str, str]]:
    """For each driver answered, the first claim shown that no method settles and that says its question."""
    out: list[dict[str, str]] = []
    for driver in result["answers"].get("driver") or []:
        for c in result["claims"]:
            if c["verdict"] == "not-technical" and c.get("question") and driver in c.get("domains", [driver]) \
                    and c.get("relevance", "certain") == "certain" and all(c["id"] != q["claim"] for q in out):
                out.append({"claim": c["id"], "driver": driver, "question": c["question"]})
                break
    return out


def bottom_line(result: dict[str, Any], tables_data: dict[str, Any]) -> dict[str, Any]:
    """The summary that leads every output (JSON `bottom_line`, text, Markdown, Word, the browser)."""
    halves: dict[str, str] = tables_data.get("halves", {})
    methods = result["methods"]
    aims = _aims(result, tables_data)
    sentences: list[str] = []
    best: list[tuple[str, list[dict[str, Any]]]] = []
    if not aims:
        sentences.append("Say whether the aim is removal, suppression or both: every verdict depends on it.")
    elif len(aims) == 1:
        supports, partial, _ = _per_aim(methods, aims[0])
        sentences.append(_achieves(_aim_words(aims, halves), supports, partial))
        best.append((aims[0], supports or partial))
    else:
        parts = []
        for aim in aims:
            supports, partial, _ = _per_aim(methods, aim)
            word = halves.get(aim, aim).lower()
            if supports:
                parts.append(f"for {word}, {_names(supports)} can achieve it if the evidence below holds")
            elif partial:
                parts.append(f"for {word}, no method guarantees it and {_names(partial)} only reduce the problem")
            else:
                parts.append(f"for {word}, no method achieves it")
            best.append((aim, supports or partial))
        sentences.append(_capital("; ".join(parts)) + ".")
        firsts = [b[1][0] for b in best if b[1]]
        if len(firsts) == len(aims) and len({m["id"] for m in firsts}) > 1:
            sentences.append("No one method does both: each half needs its own measure, with its own conditions.")
    decider = next(((aim, group[0]) for aim, group in best if group and half(group[0], aim)["caveats"]), None)
    deciding = half(decider[1], decider[0])["caveats"][0] if decider else None
    if deciding:
        sentences.append(f"What decides it for {lower_first(decider[1]['label'])}: {deciding}")  # type: ignore[index]
    overall_cannot = [m for m in methods if m["verdict"] == "does-not-support" and all(half(m, a)["verdict"] == "does-not-support" for a in aims)]
    if aims and overall_cannot:
        sentences += _not_counting(overall_cannot, result, aims, halves)
    questions = legal_questions(result)
    if questions:
        sentences.append("No method settles " + _join([f"{q['question']} ({q['claim']})" for q in questions], "or") + ".")
    if result["unknowns"] and aims:
        n = len(result["unknowns"])
        sentences.append(f"{n} unanswered question{'s' if n != 1 else ''} could change this; until answered, each verdict is the "
                         "weakest over the possible answers.")
    evidence: list[str] = []
    basis = [(aim, m) for aim, group in best for m in group]
    for aim, m in basis:
        for c in half(m, aim)["conditions"]:
            evidence = merge_condition(evidence, c)
    applying = [m for m in result["mismatches"] if m["status"] == "applies"]
    possible = [m for m in result["mismatches"] if m["status"] == "possible"]
    trees = [{"id": t["id"], "label": t["label"]} for t in tables_data.get("trees", []) if _consistent(t["fixed"], result["answers"])]
    return {
        "text": sentences,
        "achieves": [{"aim": aim, "methods": [{"id": m["id"], "label": m["label"], "verdict": half(m, aim)["verdict"]} for m in group]}
                     for aim, group in best],
        "deciding_caveat": None if decider is None else {"method": decider[1]["id"], "aim": decider[0], "text": deciding},
        "does_not_count": [{"id": m["id"], "label": m["label"]} for m in overall_cannot] if aims else [],
        "legal_questions": questions,
        "mismatches": [{"id": m["id"], "label": m["label"], "status": m["status"]} for m in applying + possible],
        "evidence_needed": evidence[:EVIDENCE_AT_MOST],
        "evidence_needed_more": max(0, len(evidence) - EVIDENCE_AT_MOST),
        "evidence_for": list(dict.fromkeys(m["id"] for _, m in basis)),
        "trees": trees,
    }


def _consistent(fixed: dict[str, Any], answers: dict[str, Any]) -> bool:
    """A tree fits the answers when none of its fixed answers contradicts one given."""
    return all(q not in answers or answers[q] == v for q, v in fixed.items())
