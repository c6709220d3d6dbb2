"""Knowledge-base versions: the decision tables and trees each release froze, and today's.

A permalink or a citation names a version. A released version is answered from the tables frozen
with it (`releases/<version>/tables.json`), never from today's rules, so a result cited in a memo
keeps its meaning when the knowledge base changes. The working version (`meta.version`) is compiled
from the YAML unless it is released and unchanged, in which case its frozen tables are the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kb.diagnostics import Diagnostic, DiagnosticError
from ..kb.knowledge_base import KnowledgeBase
from ..logic.tables import Tables, compile_tables
from ..logic.trees import DerivedTree, derive
from ..logic.trees import from_json as tree_from_json
from .releases import SNAPSHOT_DIR, load_snapshots

TABLES_FILE = "tables.json"
TREES_FILE = "trees.json"


class VersionError(DiagnosticError):
    """A version that was never released (or whose frozen tables are missing): the CLI exits 2."""


class InconsistentKnowledgeBase(Exception):
    """The rules conflict or leave a verdict undecided: `validate` says where."""


def release_folder(root: Path, version: str) -> Path:
    return root / SNAPSHOT_DIR / version


def released_versions(root: Path) -> list[str]:
    """Versions whose snapshot and frozen tables are both recorded, oldest first."""
    return [s["version"] for s in load_snapshots(root) if (release_folder(root, s["version"]) / TABLES_FILE).is_file()]


def current_tables(kb: KnowledgeBase, root: Path | None = None) -> Tables:
    """Today's tables: the frozen ones when `meta.version` is released unchanged, else compiled now."""
    if root is not None:
        frozen = release_folder(root, kb.meta.version) / TABLES_FILE
        if frozen.is_file():
            t = _read_tables(frozen, root)
            if t.data["kb"]["kb_digest"] == kb.digest():
                return t
    comp = compile_tables(kb, _compiled(kb))
    if comp.conflicts or comp.undecided:
        raise InconsistentKnowledgeBase("the rules conflict or leave a verdict undecided; run 'unlearning-scope validate'")
    return comp.tables


def _compiled(kb: KnowledgeBase) -> Any:
    from ..logic.engine import compile_kb

    return compile_kb(kb)


def tables_for(kb: KnowledgeBase, root: Path, version: str | None) -> Tables:
    """The tables of `version` (None: the working version). An unknown version is a VersionError."""
    if version is None or (version == kb.meta.version and not (release_folder(root, version) / TABLES_FILE).is_file()):
        return current_tables(kb, root)
    path = release_folder(root, version) / TABLES_FILE
    if not path.is_file():
        known = released_versions(root)
        also = f"; the working version is {kb.meta.version}" if kb.meta.version not in known else ""
        raise VersionError([Diagnostic("kb-version", 0, 0, "v", "unknown-version",
                                       f"knowledge-base version {version} was never released (released: {', '.join(known) or 'none'}{also})")])
    return _read_tables(path, root)


def answers_fit(t: Tables, answers: Mapping[str, Any]) -> None:
    """Refuse answers that use a question or option the tables' version does not have (an older
    release asked with answers only a later version knows): a VersionError naming each, so the CLI
    exits 2 instead of dropping the answer and reading the rest as if it were unanswered."""
    problems = []
    known = set(t.question_ids)
    for qid, value in answers.items():
        if qid not in known:
            problems.append(Diagnostic("kb-version", 0, 0, qid, "not-in-version",
                                       f"knowledge-base version {t.version} has no question '{qid}' (it was added in a later version); "
                                       "leave the question out, or evaluate with a later version"))
            continue
        options = list(dict.fromkeys(o for v in t.domain(qid) for o in (v if isinstance(v, tuple) else (v,))))
        for option in value if isinstance(value, tuple | list) else (value,):  # JSON answers give lists
            if option not in options:
                problems.append(Diagnostic("kb-version", 0, 0, qid, "not-in-version",
                                           f"knowledge-base version {t.version} has no option '{option}' for '{qid}' (it was added in a later version; "
                                           f"options in {t.version}: {', '.join(map(str, options))}); evaluate with a later version"))
    if problems:
        raise VersionError(problems)


def _read_tables(path: Path, root: Path) -> Tables:
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        return Tables(json.loads(path.read_text(encoding="utf-8")))  # freshly read: from_json's copy is not needed
    except json.JSONDecodeError as e:
        raise DiagnosticError([Diagnostic(rel, e.lineno, e.colno, "", "tables-syntax", f"not valid JSON: {e.msg}")]) from None
    except (ValueError, KeyError, TypeError) as e:
        raise DiagnosticError([Diagnostic(rel, 1, 1, "", "tables-format", f"not decision tables this version reads: {e}")]) from None


def frozen_trees(root: Path, version: str) -> list[DerivedTree]:
    path = release_folder(root, version) / TREES_FILE
    if not path.is_file():
        return []
    return [tree_from_json(t) for t in json.loads(path.read_text(encoding="utf-8"))["trees"]]


def current_trees(kb: KnowledgeBase, t: Tables) -> list[DerivedTree]:
    return [derive(t, spec) for _, spec in sorted(kb.trees.items())]


@dataclass(frozen=True)
class Difference:
    """One conclusion that two versions reach differently for the same answers."""

    kind: str  # method, mismatch or claim
    id: str
    before: str | None  # None: not in the result (claim not shown, mismatch not listed, entry absent)
    after: str | None


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    """What `new` (a result) concludes differently from `old`: method verdicts, mismatch statuses,
    claim verdicts, in the order the results list them."""
    out: list[Difference] = []
    for kind, group, key in (("method", "methods", "verdict"), ("mismatch", "mismatches", "status"), ("claim", "claims", "verdict")):
        before = {x["id"]: x[key] for x in old[group]}
        after = {x["id"]: x[key] for x in new[group]}
        for i in list(dict.fromkeys([*after, *before])):
            if before.get(i) != after.get(i):
                out.append(Difference(kind, i, before.get(i), after.get(i)))
    return out


def freeze(root: Path, kb: KnowledgeBase, only_missing: bool = False) -> list[Path]:
    """Write the working version's tables and derived trees under releases/<version>/ (all or nothing)."""
    from ..logic.tables import dumps as tables_dumps
    from ..logic.trees import to_json as tree_json

    folder = release_folder(root, kb.meta.version)
    comp = compile_tables(kb, _compiled(kb))
    if comp.conflicts or comp.undecided:
        raise InconsistentKnowledgeBase("the rules conflict or leave a verdict undecided; run 'unlearning-scope validate'")
    files = {
        folder / TABLES_FILE: tables_dumps(comp.tables),
        folder / TREES_FILE: trees_dumps([tree_json(tr) for tr in current_trees(kb, comp.tables)]),
    }
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        if only_missing and path.exists():
            continue
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


def trees_dumps(trees: list[dict[str, Any]]) -> str:
    return json.dumps({"trees": trees}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
