"""The loaded knowledge base: every entry by kind and ID, and where each was written."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..model import Claim, Fact, Invariant, Meta, Method, Question, Rule, Signal, Tombstone, Tree, WordingRule
from .diagnostics import Diagnostic, Path, Positions


@dataclass(frozen=True)
class Origin:
    """Where an entry was written: its file, its path in that file, and the file's positions."""

    positions: Positions
    path: Path

    @property
    def file(self) -> str:
        return self.positions.file

    @property
    def line(self) -> int:
        return self.positions.at(self.path)[0]

    def diagnostic(self, sub: Path, code: str, message: str, *, key: bool = False) -> Diagnostic:
        return self.positions.diagnostic(self.path + sub, code, message, key=key)


@dataclass
class KnowledgeBase:
    meta: Meta
    meta_origin: Origin
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    word_score: Any = None
    """The text check's word score (`textcheck.word_score.WordScore`), when `rules/signals/word-score.json` exists."""

    def of(self, kind: str) -> dict[str, Any]:
        return self.entries.get(kind, {})

    @property
    def questions(self) -> dict[str, Question]:
        return self.of("question")

    @property
    def rules(self) -> dict[str, Rule]:
        return self.of("rule")

    @property
    def facts(self) -> dict[str, Fact]:
        return self.of("fact")

    @property
    def claims(self) -> dict[str, Claim]:
        return self.of("claim")

    @property
    def methods(self) -> dict[str, Method]:
        return self.of("method")

    @property
    def trees(self) -> dict[str, Tree]:
        return self.of("tree")

    @property
    def invariants(self) -> dict[str, Invariant]:
        return self.of("invariant")

    @property
    def signals(self) -> dict[str, Signal]:
        return self.of("signal")

    @property
    def wording(self) -> dict[str, WordingRule]:
        return self.of("wording")

    @property
    def tombstones(self) -> dict[str, Tombstone]:
        return self.of("tombstone")

    def find(self, entry_id: str) -> tuple[str, Any] | None:
        """(kind, entry) for a live ID, or None."""
        for kind, table in self.entries.items():
            if kind != "tombstone" and entry_id in table:
                return kind, table[entry_id]
        return None

    def origin(self, kind: str, entry_id: str) -> Origin:
        return self.origins[(kind, entry_id)]

    def aspect_selector(self) -> Question:
        """The question whose options say which halves (removal, suppression) are assessed."""
        for q in self.questions.values():
            if any(o.aspects for o in q.options):
                return q
        raise LookupError("no question has options with 'aspects'")

    def canonical(self) -> dict[str, Any]:
        """Everything as plain JSON-ready data, sorted by kind and ID: the one canonical form."""
        out: dict[str, Any] = {"meta": _plain(self.meta)}
        for kind in sorted(self.entries):
            out[kind] = [_plain(e) for _, e in sorted(self.entries[kind].items())]
        return out

    def digest(self) -> str:
        blob = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _plain(model: BaseModel) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)
