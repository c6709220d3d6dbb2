"""What would change a verdict, in words: one line per direction, shared by the text and Markdown reports."""

from __future__ import annotations

from typing import Any

from .words import VERDICT_WORDS


def _value(v: Any) -> str:
    return ", ".join(v) if isinstance(v, list) else str(v)


def _change(option: dict[str, Any]) -> str:
    parts = []
    for a in option["answers"]:
        if a["from"] is None:
            parts.append(f"{a['question']} answered {_value(a['to'])}")
        elif a.get("from_default"):
            parts.append(f"{a['question']} {_value(a['from'])} (the default) → {_value(a['to'])}")
        else:
            parts.append(f"{a['question']} {_value(a['from'])} → {_value(a['to'])}")
    return "; ".join(parts) + f" gives {VERDICT_WORDS[option['verdict']]}"


def change_lines(w: dict[str, Any] | None) -> list[str]:
    """E.g. 'stronger with 1 change: deployment open-weights → hosted gives supports (or 2 more)'."""
    if not w:
        return []
    out = []
    for direction in ("stronger", "weaker"):
        x = w.get(direction)
        if not x:
            continue
        more = f" (and {x['more']} more of that size)" if x["more"] else ""
        n = x["size"]
        out.append(f"{direction} with {n} change{'s' if n != 1 else ''}: " + "; or ".join(_change(o) for o in x["options"]) + more)
    if w.get("note"):
        out.append("note: " + str(w["note"]))
    return out
