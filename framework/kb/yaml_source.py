"""Reads YAML as an editor does (YAML 1.2 scalars), keeping the position of every value.

PyYAML alone reads YAML 1.1 (unquoted `No` becomes False, `010` octal) and keeps the last of two
duplicate keys; both would make the build disagree silently with what a contributor's editor shows.
Aliases are refused outright: the knowledge base has no need for them, and refusing them closes the
door on alias bombs. Size, depth and node-count limits keep a hostile file from exhausting memory.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, DiagnosticError, Path, Positions, format_path


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 1_000_000
    max_depth: int = 40
    max_nodes: int = 200_000


ANSWERS_LIMITS = Limits(max_bytes=64_000, max_depth=8, max_nodes=2_000)

_NULL = re.compile(r"^(?:null|Null|NULL|~|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_STANDARD = "tag:yaml.org,2002:"
_IMPLICIT_TAGS = {
    _STANDARD + t for t in ("str", "bool", "int", "float", "null", "timestamp", "value", "merge")
}


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema for an unquoted scalar."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: object) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed: write the value out", event.start_mark
            )
        return super().compose_node(parent, index)  # type: ignore[arg-type,return-value]


def _pos(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _SharedNode(Exception):
    """A node reached twice: the document used an alias (libyaml composes without telling us)."""


class _Builder:
    def __init__(self, positions: Positions, limits: Limits):
        self.positions = positions
        self.limits = limits
        self.count = 0
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()

    def build(self, node: Node, path: Path, depth: int) -> Any:
        if id(node) in self.seen:
            raise _SharedNode()
        self.seen.add(id(node))
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise _TooLarge(f"more than {self.limits.max_nodes} values", node)
        if depth > self.limits.max_depth:
            raise _TooLarge(f"nested deeper than {self.limits.max_depth} levels", node)
        self.positions.values[path] = _pos(node)
        if isinstance(node, ScalarNode):
            if node.tag not in _IMPLICIT_TAGS:
                self.problems.append(self.positions.diagnostic(path, "yaml-tag", f"tag '{node.tag}' is not supported"))
                return node.value
            return resolve_plain(node.value) if not node.style else node.value  # plain: None (pure) or "" (libyaml)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problems.append(self.positions.diagnostic(path, "yaml-key", "mapping keys must be plain text"))
                    continue
                key = key_node.value
                if key == "<<":
                    self.problems.append(
                        Diagnostic(self.positions.file, *_pos(key_node), format_path(path), "yaml-merge",
                                   "merge keys (<<) are not allowed: write the keys out")
                    )
                    continue
                if key in out:
                    first = self.positions.keys[path + (key,)]
                    self.problems.append(
                        Diagnostic(self.positions.file, *_pos(key_node), format_path(path + (key,)), "duplicate-key",
                                   f"key '{key}' appears twice in one mapping (first at line {first[0]})")
                    )
                    continue
                self.positions.keys[path + (key,)] = _pos(key_node)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise _TooLarge(f"unexpected YAML node {type(node).__name__}", node)  # pragma: no cover


class _TooLarge(Exception):
    def __init__(self, message: str, node: Node):
        super().__init__(message)
        self.node = node


def _syntax_error(e: yaml.YAMLError, file: str) -> DiagnosticError:
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(p for p in (e.context, e.problem) if p)
        code = "yaml-alias" if "aliases" in problem else "yaml-syntax"
        return DiagnosticError([Diagnostic(file, line, col, "", code, problem or str(e))])
    return DiagnosticError([Diagnostic(file, 0, 0, "", "yaml-syntax", str(e))])


def _compose(text: str, *, fast: bool) -> Node | None:
    """Compose the node graph (nothing is expanded yet). libyaml's composer, where present, is about
    fifteen times faster; aliases then show up as shared nodes and the pure composer locates them."""
    if fast and getattr(yaml, "__with_libyaml__", False):
        cloader = yaml.CSafeLoader(text)
        try:
            return cloader.get_single_node()  # type: ignore[no-any-return]
        finally:
            cloader.dispose()
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _char_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters, the bad byte counting as one) of a byte offset."""
    start = data.rfind(b"\n", 0, index) + 1
    return data.count(b"\n", 0, index) + 1, len(data[start:index].decode("utf-8", errors="replace")) + 1


def parse(text: str | bytes, file: str, limits: Limits = Limits()) -> tuple[Any, Positions]:
    """Parse one YAML document; raise DiagnosticError with every problem found in it."""
    positions = Positions(file)
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > limits.max_bytes:
        raise DiagnosticError([Diagnostic(file, 0, 0, "", "too-large", f"file is {size} bytes; the limit is {limits.max_bytes}")])
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line, col = _byte_position(data, e.start)
            raise DiagnosticError([Diagnostic(file, line, col, "", "encoding",
                                              f"not UTF-8 text: byte 0x{data[e.start]:02x} ({e.reason}, byte {e.start} of the file); save the file as UTF-8")]) from None
    if "\x00" in text:
        line, col = _char_position(text, text.index("\x00"))
        raise DiagnosticError([Diagnostic(file, line, col, "", "encoding", "holds a NUL byte, which text never does (is this a binary file, or saved as UTF-16?)")])
    try:
        node = _compose(text, fast=True)
    except yaml.reader.ReaderError as e:
        line, col = _char_position(text, e.position)
        raise DiagnosticError([Diagnostic(file, line, col, "", "encoding", f"character U+{e.character:04X} is not allowed in YAML ({e.reason})")]) from None
    except yaml.YAMLError as e:
        raise _syntax_error(e, file) from None
    if node is None:
        return None, positions
    builder = _Builder(positions, limits)
    try:
        value = builder.build(node, (), 0)
    except _SharedNode:
        try:
            _compose(text, fast=False)  # the pure-Python composer names the alias's own position
        except yaml.YAMLError as e:
            raise _syntax_error(e, file) from None
        raise AssertionError("an alias went unnoticed") from None  # pragma: no cover
    except _TooLarge as e:
        raise DiagnosticError([Diagnostic(file, *_pos(e.node), "", "too-large", str(e))]) from None
    if builder.problems:
        raise DiagnosticError(builder.problems)
    return value, positions
