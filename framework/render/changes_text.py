"""Words shared by the text, Markdown and Word reports: what would change a verdict, the facts assumed,
method and claim groups. Labels only, never slugs; each thing said once."""

from __future__ import annotations

from typing import Any

from ..model.verdicts import VERDICT_WORDS, half, merge_condition

CLAIM_GROUPS = (
    ("not-technical", "Questions no method settles"),
    ("unsupportable", "Unsupportable"),
    ("conditional", "Conditional"),
    ("supportable", "Supportable"),
)


def labels_of(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Question ID -> its fact (short name, option labels), from the result's `facts`."""
    return {f["question"]: f for f in result.get("facts", [])}


def _value(v: Any, fact: dict[str, Any] | None) -> str:
    opts = (fact or {}).get("options", {})
    values = v if isinstance(v, list) else [v]
    return " and ".join(opts.get(str(x), str(x)) for x in values)


def _step(a: dict[str, Any], labels: dict[str, dict[str, Any]]) -> str:
    fact = labels.get(a["question"])
    name = (fact or {}).get("short") or a["question"].replace("_", " ")
    said = f"{name}: {_value(a['to'], fact)}"
    return said + (f" ({a['applies_to']})" if a.get("applies_to") else "")


def change_lines(w: dict[str, Any] | None, labels: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """E.g. 'Supports if built for deletion: Yes.'; nothing where no change of the situation moves it."""
    if not w:
        return []
    labels = labels or {}
    out = []
    for direction in ("stronger", "weaker"):
        x = w.get(direction)
        if not x:
            continue
        ways = [f"{VERDICT_WORDS[o['verdict']]} if " + "; ".join(_step(a, labels) for a in o["answers"]) for o in x["options"]]
        more = f" (or {x['more']} other change{'s' if x['more'] != 1 else ''} of that size)" if x["more"] else ""
        out.append(f"{'Stronger' if direction == 'stronger' else 'Weaker'}: " + "; or ".join(ways) + more + ".")
    return out


def facts_lines(result: dict[str, Any]) -> list[str]:
    """The facts assumed, in words: what was answered, what defaults filled in, what is not known."""
    facts = result.get("facts", [])

    def said(source: str) -> str:
        return "; ".join(f"{_capital(f['short'])}: {f['answer_label']}" for f in facts if f["source"] == source)

    out = []
    if said("answered"):
        out.append(said("answered") + ".")
    if said("default"):
        out.append("By default: " + said("default") + ".")
    open_ = [f["short"] for f in facts if f["source"] == "open"]
    if open_:
        out.append("Not known: " + ", ".join(open_) + " (each verdict is the weakest over the possible answers).")
    return out


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def method_verdict(m: dict[str, Any], aims: list[str], halves: dict[str, str] | None = None) -> str:
    """'supports', or per half for a two-half aim: 'removal: partial; suppression: partial'."""
    h = m.get("halves") or {}
    if len(h) > 1:
        def word(v: Any) -> str:
            return VERDICT_WORDS[v["verdict"] if isinstance(v, dict) else v]
        said = [word(h[a]) for a in h]
        if len(set(said)) == 1:
            return f"{said[0]} (both halves)"
        return "; ".join(f"{(halves or {}).get(a, a).lower()}: {w}" for a, w in zip(h, said))
    return VERDICT_WORDS[m["verdict"]]


def claim_groups(result: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]], str | None]]:
    """Claims by verdict, with the one note the whole group shares (said once for the group)."""
    out = []
    for verdict, title in CLAIM_GROUPS:
        group = [c for c in result["claims"] if c["verdict"] == verdict]
        if not group:
            continue
        notes = {(c.get("what_would_change") or {}).get("note") for c in group}
        shared = notes.pop() if len(notes) == 1 else None
        out.append((verdict, title, group, shared))
    return out


def deciding_caveat(m: dict[str, Any]) -> str | None:
    """The caveat that decides a method in practice: its rule lists it first."""
    return m["caveats"][0] if m.get("caveats") else None


def first_sentence(text: str) -> str:
    """A reason's first sentence, for the short report (the rest is in --detail full)."""
    import re

    m = re.search(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text)
    return text if m is None else text[: m.start() + 1]


def split_items(m: dict[str, Any], aims: list[str], key: str, halves: dict[str, str] | None = None) -> list[tuple[str | None, list[str]]]:
    """A method's conditions or caveats, each said once: for one aim a single list; for both halves,
    what both need ('both halves'), then what each needs besides ('removal only', 'suppression only')."""

    def merged(items: list[str]) -> list[str]:
        out: list[str] = []
        for c in items:
            out = merge_condition(out, c)
        return out

    if len(aims) <= 1:
        return [(None, merged(m[key]))]
    per = [(a, merged(half(m, a)[key])) for a in aims]
    common = [c for c in per[0][1] if all(c in items for _, items in per)]
    out: list[tuple[str | None, list[str]]] = [("both halves", common)] if common else []
    for a, items in per:
        rest = [c for c in items if c not in common]
        if rest:
            out.append((f"{(halves or {}).get(a, a).lower()} only", rest))
    return out
