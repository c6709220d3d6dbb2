"""Turns pydantic's validation errors into diagnostics that name file, line, column and field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..model.ids import PATTERNS
from .diagnostics import Diagnostic, Path, Positions

_KIND_BY_PATTERN: dict[str, str] = {}
for _kind, _pattern in PATTERNS.items():
    _KIND_BY_PATTERN.setdefault(_pattern, _kind)
_UNION_TAGS = {"method", "claim", "mismatch"}
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping", type(None): "nothing (null)"}
MOVED_TO_MATTER = {
    "status": "a status is derived from the matter's events (taxonomy/matters.yaml): name it with 'matter:'",
    "status_note": "what a status rests on is the matter's events and 'checked' (taxonomy/matters.yaml)",
    "developments_to": "the date up to which developments were looked for is the matter's (taxonomy/matters.yaml)",
}
"""Keys that moved from cases and instruments to their matter (issue 16): the message says where."""


def _describe(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{name} ({shown})" if not isinstance(value, (list, dict)) else name


def _message(err: Any, section: Any = None) -> tuple[str, str, bool]:
    """(code, message, points-at-key) for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    loc = err["loc"]
    if kind == "extra_forbidden":
        hint = MOVED_TO_MATTER.get(str(loc[-1])) if len(loc) == 1 and section in ("cases", "instruments") else None
        return "unknown-key", f"unknown key '{loc[-1]}'" + (f"; {hint}" if hint else ""), True
    if kind == "missing":
        return "missing-key", f"required key '{loc[-1]}' is missing", True
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        id_kind = _KIND_BY_PATTERN.get(pattern)
        what = f"a valid {id_kind} ID" if id_kind else "in the expected form"
        return "bad-id", f"{value!r} is not {what} (pattern {pattern})", False
    if kind == "literal_error":
        return "bad-value", f"{value!r} is not one of: {ctx.get('expected', '')}", False
    if kind in ("too_short", "too_long"):
        return "bad-length", err["msg"].replace("List", "list").replace("Value", "value"), False
    if kind.endswith("_type") or kind in ("date_from_datetime_parsing", "date_parsing", "model_type", "model_attributes_type", "dict_type"):
        expected = {
            "string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
            "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
            "float_type": "a number", "date_type": "a date (YYYY-MM-DD)", "literal_error": "one of the listed values",
        }.get(kind, err["msg"])
        return "wrong-type", f"expected {expected}, got {_describe(value)}", False
    if kind == "value_error":
        return "invalid", str(ctx.get("error", err["msg"])), False
    if kind == "conclusion":
        return "invalid", err["msg"], False
    return kind.replace("_", "-"), err["msg"], False


def _data_path(loc: tuple[Any, ...]) -> tuple[Path, bool]:
    """Drop union tags and pydantic's `[key]` markers so the path matches the YAML."""
    out: list[str | int] = []
    is_key = False
    for i, part in enumerate(loc):
        if part == "[key]":
            is_key = True
            continue
        if i > 0 and loc[i - 1] == "then" and part in _UNION_TAGS and i + 1 < len(loc):
            continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out.append(part)
    return tuple(out), is_key


def diagnostics(error: ValidationError, base: Path, positions: Positions) -> list[Diagnostic]:
    found = []
    for err in error.errors(include_url=False):
        path, is_key = _data_path(tuple(err["loc"]))
        code, message, at_key = _message(err, base[0] if base else None)
        found.append(positions.diagnostic(base + path, code, message, key=at_key or is_key))
    return found
