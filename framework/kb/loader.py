"""Reads the YAML files of a knowledge base into typed entries, reporting every error at once."""

from __future__ import annotations

import json
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from ..model import CITABLE_KINDS, META_SECTION, SECTIONS, Meta
from . import pydantic_errors
from .diagnostics import Diagnostic, DiagnosticError, Positions
from .gc_pause import paused_gc
from .knowledge_base import KnowledgeBase, Origin
from .yaml_source import Limits, parse

KB_FOLDERS = ("taxonomy", "rules")


def kb_files(root: FsPath) -> list[FsPath]:
    files: list[FsPath] = []
    for folder in KB_FOLDERS:
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _validate(model: type[BaseModel], data: Any, base: tuple[str | int, ...], positions: Positions,
              problems: list[Diagnostic]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        problems.extend(pydantic_errors.diagnostics(e, base, positions))
        return None


def read_files(root: FsPath, limits: Limits = Limits()) -> tuple[KnowledgeBase | None, list[Diagnostic]]:
    """Parse and type-check every file; return what could be read and every problem found."""
    problems: list[Diagnostic] = []
    files = kb_files(root)
    if not files:
        problems.append(Diagnostic(str(root), 0, 0, "", "no-files", f"no YAML files under {', '.join(KB_FOLDERS)}/"))
        return None, problems
    meta: tuple[Meta, Origin] | None = None
    entries: dict[str, dict[str, Any]] = {}
    origins: dict[tuple[str, str], Origin] = {}
    first_seen: dict[str, Origin] = {}
    rel_names: list[str] = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        rel_names.append(rel)
        try:
            data, positions = parse(path.read_bytes(), rel, limits)
        except DiagnosticError as e:
            problems.extend(e.diagnostics)
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(positions.diagnostic((), "bad-file", "a knowledge-base file is a mapping of section names (claims:, rules:, ...) to lists"))
            continue
        for section, value in data.items():
            if section == META_SECTION:
                m = _validate(Meta, value, (section,), positions, problems)
                if m is not None:
                    if meta is not None:
                        problems.append(positions.diagnostic((section,), "duplicate-meta", f"'meta' is already given in {meta[1].file}", key=True))
                    else:
                        meta = (m, Origin(positions, (section,)))
                continue
            if section not in SECTIONS:
                known = ", ".join(sorted([*SECTIONS, META_SECTION]))
                problems.append(positions.diagnostic((section,), "unknown-section", f"unknown section '{section}' (known: {known})", key=True))
                continue
            kind, model = SECTIONS[section]
            if not isinstance(value, list):
                problems.append(positions.diagnostic((section,), "wrong-type", f"'{section}' must be a list of entries"))
                continue
            for i, item in enumerate(value):
                entry = _validate(model, item, (section, i), positions, problems)
                if entry is None:
                    continue
                origin = Origin(positions, (section, i))
                entry_id = entry.id
                if entry_id in first_seen and kind in CITABLE_KINDS:
                    prev = first_seen[entry_id]
                    problems.append(origin.diagnostic(("id",), "duplicate-id", f"ID '{entry_id}' is already used at {prev.file}:{prev.line}"))
                    continue
                if kind in CITABLE_KINDS:
                    first_seen[entry_id] = origin
                elif (kind, entry_id) in origins:
                    prev = origins[(kind, entry_id)]
                    problems.append(origin.diagnostic(("id",), "duplicate-id", f"ID '{entry_id}' is already used at {prev.file}:{prev.line}"))
                    continue
                entries.setdefault(kind, {})[entry_id] = entry
                origins[(kind, entry_id)] = origin
    if meta is None:
        if not any(d.code == "yaml-syntax" for d in problems):
            problems.append(Diagnostic(rel_names[0] if rel_names else str(root), 0, 0, "meta", "missing-meta", "no file gives 'meta' (title, version, released, paper, license, citation_key)"))
        return None, problems
    kb = KnowledgeBase(meta=meta[0], meta_origin=meta[1], entries=entries, origins=origins, files=rel_names)
    kb.word_score = _word_score(root, problems)
    return kb, problems


WORD_SCORE = "rules/signals/word-score.json"
"""The text check's learned word weights (written by scripts/learn-word-score, not by hand)."""


def _word_score(root: FsPath, problems: list[Diagnostic]) -> Any:
    from ..textcheck.word_score import FORMAT, WordScore

    path = root / WORD_SCORE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        return WordScore.of_data(data)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        line, column = (e.lineno, e.colno) if isinstance(e, json.JSONDecodeError) else (1, 1)
        problems.append(Diagnostic(WORD_SCORE, line, column, "", "bad-word-score",
                                   f"cannot read the word score ({e}); run scripts/learn-word-score to write it again"))
        return None


def load(root: FsPath, limits: Limits = Limits()) -> KnowledgeBase:
    """Read and check a knowledge base; raise DiagnosticError listing every problem."""
    from .checks import structural_problems

    with paused_gc():
        kb, problems = read_files(root, limits)
        if kb is not None:
            problems += structural_problems(kb)
    if problems:
        raise DiagnosticError(problems)
    assert kb is not None
    return kb
