"""Release snapshots: each release records a digest of every entry, so a changelog can name what each
release added, changed and retired, and a citation of a version can be checked against it later.

Snapshots live in `releases/<version>.json` beside `taxonomy/` and `rules/`, written by
`unlearning-scope release` when `meta.version` is bumped.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..kb.diagnostics import Diagnostic, DiagnosticError
from ..kb.knowledge_base import KnowledgeBase

SNAPSHOT_DIR = "releases"


def entry_digests(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    """ID -> {kind, digest} for every entry and tombstone (canonical JSON, so formatting is ignored)."""
    out: dict[str, dict[str, str]] = {}
    for kind, items in kb.canonical().items():
        if kind == "meta":
            continue
        for item in items:
            blob = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            out[item["id"]] = {"kind": kind, "digest": "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()}
    return dict(sorted(out.items()))


def snapshot(kb: KnowledgeBase, summary: str = "", reasons: dict[str, str] | None = None) -> dict[str, Any]:
    snap: dict[str, Any] = {
        "version": kb.meta.version,
        "released": kb.meta.released.isoformat(),
        "summary": summary,
        "kb_digest": kb.digest(),
        "entries": entry_digests(kb),
    }
    if reasons:
        snap["reasons"] = dict(sorted(reasons.items()))
    return snap


def read_reasons(path: Path) -> list[tuple[list[str], str]]:
    """A release's reasons file: `reasons: [{ids: [ID or glob, ...], reason: text}, ...]` (YAML), each
    group of entries with the reason they were added, changed or retired."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DiagnosticError([Diagnostic(str(path), 1, 1, "", "reasons-file", f"cannot read the reasons file: {e}")]) from e
    groups = (data or {}).get("reasons") if isinstance(data, dict) else None
    if not isinstance(groups, list) or not all(isinstance(g, dict) and isinstance(g.get("ids"), list) and isinstance(g.get("reason"), str)
                                                and g["reason"].strip() for g in groups):
        raise DiagnosticError([Diagnostic(str(path), 1, 1, "reasons", "reasons-file",
                                          "expected 'reasons:' as a list of {ids: [ID or glob, ...], reason: text}")])
    return [([str(i) for i in g["ids"]], " ".join(g["reason"].split())) for g in groups]


def reasons_for(ids: list[str], groups: list[tuple[list[str], str]]) -> tuple[dict[str, str], list[str]]:
    """Each entry's reason (the first group whose ID or glob names it), and the entries no group names."""
    import fnmatch

    out: dict[str, str] = {}
    for entry_id in ids:
        found = next((reason for patterns, reason in groups if any(fnmatch.fnmatchcase(entry_id, p) for p in patterns)), None)
        if found is not None:
            out[entry_id] = found
    return out, [i for i in ids if i not in out]


def since_last(kb: KnowledgeBase, snapshots: list[dict[str, Any]]) -> list[str]:
    """The entries added, changed or retired since the last release before this version."""
    earlier = [s for s in snapshots if _version_key(s["version"]) < _version_key(kb.meta.version)]
    a, c, r = _diff(earlier[-1]["entries"] if earlier else {}, entry_digests(kb))
    return sorted({*a, *c, *r})


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


CURRENCY_CLAIM = re.compile(r"\bas (?:it|they) stands?\b|\bcurrent law\b|\bthe law today\b", re.IGNORECASE)
"""Words that present the legal content as current. A release is checked to the dates on each entry
(each matter says up to when later developments were looked for), so a release note says that instead."""
CHECKED_TO_DATES = "checked to the dates on each entry"


def currency_claims(text: str) -> list[str]:
    """The phrases in a release note that claim currency it does not have ('the law as it stands')."""
    return [m.group(0) for m in CURRENCY_CLAIM.finditer(text)]


_KEYS = {"version": str, "released": str, "summary": str, "kb_digest": str, "entries": dict}


def _check_snapshot(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """A snapshot is hand-committed data too: a damaged one is reported like a bad YAML file."""
    try:
        snap = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return None, [Diagnostic(rel, e.lineno, e.colno, "", "snapshot-syntax", f"not valid JSON: {e.msg}")]
    if not isinstance(snap, dict):
        return None, [Diagnostic(rel, 1, 1, "", "snapshot-type", "a snapshot is a JSON object")]
    problems = [
        Diagnostic(rel, 1, 1, key, "snapshot-field", f"missing or not a {kind.__name__}")
        for key, kind in _KEYS.items()
        if not isinstance(snap.get(key), kind)
    ]
    if problems:
        return None, problems
    for phrase in currency_claims(snap["summary"]):
        problems.append(Diagnostic(rel, 1, 1, "summary", "snapshot-summary", f"the summary says '{phrase}', a currency no release has: say the legal content is {CHECKED_TO_DATES}"))
    version = snap["version"]
    if not all(part.isdigit() for part in version.split(".")) or path.stem != version:
        problems.append(Diagnostic(rel, 1, 1, "version", "snapshot-version", f"'{version}' must be a dotted number matching the file name '{path.stem}'"))
    for entry_id, item in snap["entries"].items():
        if not (isinstance(item, dict) and isinstance(item.get("kind"), str) and str(item.get("digest", "")).startswith("sha256:")):
            problems.append(Diagnostic(rel, 1, 1, f"entries.{entry_id}", "snapshot-entry", "each entry needs a kind and a sha256: digest"))
    return (None if problems else snap), problems


def load_snapshots(root: Path) -> list[dict[str, Any]]:
    """Every snapshot under `root/releases`, oldest first; all damaged files reported at once."""
    folder = root / SNAPSHOT_DIR
    if not folder.is_dir():
        return []
    snaps: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.json")):
        snap, found = _check_snapshot(path, f"{SNAPSHOT_DIR}/{path.name}")
        problems += found
        if snap is not None:
            snaps.append(snap)
    if problems:
        raise DiagnosticError(problems)
    return sorted(snaps, key=lambda s: _version_key(s["version"]))


def dumps(snap: dict[str, Any]) -> str:
    return json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Release:
    """One changelog section: a release (or the unreleased working state) against the one before."""

    title: str
    anchor: str
    released: str | None
    summary: str
    added: list[str]
    changed: list[str]
    retired: list[str]
    reasons: dict[str, str] = field(default_factory=dict)
    """Entry ID -> why it was added, changed or retired (recorded with the release)."""

    def by_reason(self, ids: list[str]) -> list[tuple[str, list[str]]]:
        """The IDs grouped by their reason, in the order reasons first appear ('' for none recorded)."""
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(self.reasons.get(i, ""), []).append(i)
        return list(groups.items())


def _diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    added = sorted(i for i in after if i not in before)
    changed = sorted(i for i in after if i in before and after[i]["digest"] != before[i]["digest"])
    retired = sorted(i for i in before if i not in after or (after[i]["kind"] == "tombstone" and before[i]["kind"] != "tombstone"))
    changed = [i for i in changed if i not in retired]
    return added, changed, retired


def changelog(kb: KnowledgeBase, snapshots: list[dict[str, Any]]) -> list[Release]:
    """Newest first: the working state if it differs from the last snapshot, then every release."""
    out: list[Release] = []
    before: dict[str, Any] = {}
    for snap in snapshots:
        a, c, r = _diff(before, snap["entries"])
        v = snap["version"]
        out.append(Release(f"Version {v}", "v" + v.replace(".", "-"), snap["released"], snap.get("summary", ""), a, c, r,
                           dict(snap.get("reasons", {}))))
        before = snap["entries"]
    current = entry_digests(kb)
    released = {s["version"]: s for s in snapshots}
    if kb.meta.version not in released or released[kb.meta.version]["entries"] != current:
        a, c, r = _diff(before, current)
        v = kb.meta.version
        if v in released:
            title = f"Unreleased changes (after version {v})"
            note = f"Changes since version {v} was recorded; they become part of the next version, once meta.version is raised."
        else:
            title = f"Version {v} (unreleased)"
            note = "Changes since the last release snapshot; they become part of this version when it is released."
        out.append(Release(title, "unreleased", None, note, a, c, r))
    return list(reversed(out))
