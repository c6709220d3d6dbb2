"""Errors that point at a place in a file, collected so that a run reports all of them at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """`('claims', 3, 'evidence', 0)` -> `claims[3].evidence[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.field}: " if self.field else ""
        return f"{where}: error[{self.code}]: {what}{self.message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "line": self.line, "column": self.column,
            "field": self.field, "code": self.code, "message": self.message,
        }


@dataclass
class Positions:
    """Where each value (and each mapping key) of one parsed file starts, 1-based."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    def diagnostic(self, path: Path, code: str, message: str, *, key: bool = False) -> Diagnostic:
        line, col = self.at(path, key=key)
        return Diagnostic(self.file, line, col, format_path(path), code, message)


class DiagnosticError(Exception):
    """Raised with every problem found, so callers can print them all and exit non-zero."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))
