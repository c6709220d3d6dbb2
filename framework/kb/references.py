"""Finds every cross-reference in an entry from the `Ref` marks on its fields' types."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..model.ids import Ref
from .diagnostics import Path


def _ref_kind(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Ref):
            return meta.kind
    return None


@cache
def _field_plan(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(field name, YAML key, annotation) for every field."""
    return tuple((name, f.alias or name, _annotation(model, name)) for name, f in model.model_fields.items())


def _annotation(model: type[BaseModel], name: str) -> Any:
    hints = typing.get_type_hints(model, include_extras=True)
    return hints[name]


def _walk(value: Any, annotation: Any, path: Path) -> Iterator[tuple[Path, str, str]]:
    kind = _ref_kind(annotation)
    if kind is not None and isinstance(value, str):
        yield path, kind, value
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _walk(value, args[0], path)
    elif isinstance(value, BaseModel):
        yield from references(value, path)
    elif isinstance(value, list):
        inner = args[0] if args else Any
        for i, item in enumerate(value):
            yield from _walk(item, inner, path + (i,))
    elif isinstance(value, dict):
        key_type, value_type = args if len(args) == 2 else (Any, Any)
        for k, v in value.items():
            key_kind = _ref_kind(key_type)
            if key_kind is not None:
                yield path + (k,), key_kind, k
            yield from _walk(v, value_type, path + (k,))
    elif origin in (typing.Union, types.UnionType) and value is not None:
        for arg in args:
            if arg is type(None):
                continue
            found = list(_walk(value, arg, path))
            if found:
                yield from found
                return


def references(entry: BaseModel, base: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """(path inside the entry, kind referred to, ID) for each reference, the entry's own `id` excepted."""
    for name, key, annotation in _field_plan(type(entry)):
        if not base and name == "id":
            continue
        value = getattr(entry, name)
        if value is None:
            continue
        yield from _walk(value, annotation, base + (key,))
