"""Release snapshots and the changelog drawn from them: what each release added, changed and retired."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from framework.kb.diagnostics import DiagnosticError
from framework.kb.loader import load
from framework.outputs.releases import changelog, entry_digests, load_snapshots

REPO = Path(__file__).resolve().parent.parent


def _kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    for name in ("taxonomy", "rules", "releases"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_the_repository_snapshots_are_well_formed_and_cover_every_version_up_to_the_current(kb) -> None:  # type: ignore[no-untyped-def]
    snaps = load_snapshots(REPO)
    assert snaps, "releases/ holds no snapshot"
    versions = [s["version"] for s in snaps]
    assert versions == sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")))
    current = tuple(int(x) for x in kb.meta.version.split("."))
    assert all(tuple(int(x) for x in v.split(".")) <= current for v in versions), "a snapshot is newer than meta.version"


def test_first_release_adds_every_entry_it_holds(kb) -> None:  # type: ignore[no-untyped-def]
    snaps = load_snapshots(REPO)
    oldest = changelog(kb, snaps)[-1]
    assert oldest.title == f"Version {snaps[0]['version']}"
    assert oldest.added == sorted(snaps[0]["entries"]) and oldest.changed == [] and oldest.retired == []


def test_changes_after_a_release_are_named_in_an_unreleased_section(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = _kb_copy(tmp_path)
    version = load(root).meta.version
    # re-record the current state, so the test does not depend on whether main is ahead of a release
    (root / "releases" / f"{version}.json").unlink(missing_ok=True)
    shutil.rmtree(root / "releases" / version, ignore_errors=True)
    assert cli("release", "--kb", str(root), "--summary", "base").code == 0
    glossary = root / "taxonomy" / "glossary.yaml"
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    changed_id = data["glossary"][0]["id"]
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("    definition: >-\n", "    definition: >-\n      Reworded.\n", 1), encoding="utf-8")
    kb = load(root)
    newest = changelog(kb, load_snapshots(root))[0]
    assert newest.anchor == "unreleased" and newest.title == f"Unreleased changes (after version {version})"
    assert newest.changed == [changed_id] and newest.added == [] and newest.retired == []
    # the release command refuses to overwrite a recorded version with other content
    r = cli("release", "--kb", str(root))
    assert r.code == 1 and "bump meta.version" in r.err


def test_a_bumped_version_records_a_new_snapshot_and_the_changelog_diffs_against_the_last(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = _kb_copy(tmp_path)
    base = entry_digests(load(root))
    meta = root / "taxonomy" / "meta.yaml"
    old = load(root).meta.version
    major, minor, patch = (int(x) for x in old.split("."))
    new = f"{major}.{minor}.{patch + 1}"
    meta.write_text(meta.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    snaps_before = load_snapshots(root)
    # What the new version must name: the checkout's changes since the last recorded release, if any.
    pending = changelog(load(root), snaps_before)[0]
    expected = (pending.added, pending.changed, pending.retired) if pending.anchor == "unreleased" else ([], [], [])
    assert cli("release", "--kb", str(root), "--summary", "Patch").code == 0
    written = json.loads((root / "releases" / f"{new}.json").read_text(encoding="utf-8"))
    assert written["version"] == new and written["summary"] == "Patch" and written["entries"] == base
    log = changelog(load(root), load_snapshots(root))
    assert log[0].title == f"Version {new}" and len(log) == len(snaps_before) + 1
    assert (log[0].added, log[0].changed, log[0].retired) == expected
    # the release froze its decision tables and trees, and they answer for that version from now on
    frozen = json.loads((root / "releases" / new / "tables.json").read_text(encoding="utf-8"))
    assert frozen["kb"]["version"] == new and frozen["kb"]["kb_digest"] == written["kb_digest"]
    trees = json.loads((root / "releases" / new / "trees.json").read_text(encoding="utf-8"))["trees"]
    assert sorted(t["id"] for t in trees) == sorted(load(root).trees)


def test_a_damaged_snapshot_is_reported_with_its_file(tmp_path: Path) -> None:
    root = _kb_copy(tmp_path)
    (root / "releases" / "0.0.9.json").write_text('{"version": "0.0.9",\n "entries": [}', encoding="utf-8")
    (root / "releases" / "0.0.8.json").write_text(json.dumps({"version": "0.0.7", "released": "2026-01-01", "summary": "", "kb_digest": "x", "entries": {}}), encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        load_snapshots(root)
    shown = [str(d) for d in e.value.diagnostics]
    assert any(s.startswith("releases/0.0.9.json:2:") and "not valid JSON" in s for s in shown), shown
    assert any(s.startswith("releases/0.0.8.json") and "0.0.7" in s for s in shown), shown


def test_a_release_note_never_claims_the_law_as_it_stands(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: legal content is checked to the dates on each entry; a note saying otherwise is refused,
    by `release` and, in a recorded snapshot, where the snapshot is read."""
    root = _kb_copy(tmp_path)
    r = cli("release", "--kb", str(root), "--summary", "New cases; the law as it stands in late 2026.")
    assert r.code == 2 and "checked to the dates on each entry" in r.err
    for snap in load_snapshots(REPO):
        assert "as it stands" not in snap["summary"], snap["version"]
    path = root / "releases" / f"{load(root).meta.version}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summary"] = "The law as it stands."
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        load_snapshots(root)
    assert any(d.code == "snapshot-summary" for d in e.value.diagnostics)


def test_a_release_records_why_each_entry_changed_and_refuses_one_without_a_reason(cli, kb_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`release --reasons FILE`: every entry added, changed or retired since the last release needs a
    reason (IDs or globs); the snapshot records them and the changelog groups the entries by reason."""
    root = kb_copy
    shutil.copytree(REPO / "releases", root / "releases")
    meta = root / "taxonomy" / "meta.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["meta"]["version"] = "9.9.9"
    meta.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    claims = root / "rules" / "claims" / "general.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("statement: ", "statement: Changed. ", 1), encoding="utf-8")
    reasons = tmp_path / "reasons.yaml"
    reasons.write_text("reasons:\n  - ids: [MAT-*]\n    reason: New matters.\n")
    run = cli("release", "--summary", "Test release", "--kb", str(root), "--reasons", str(reasons))
    assert run.code == 2 and "have no reason" in run.err
    assert not (root / "releases" / "9.9.9.json").exists()
    reasons.write_text("reasons:\n  - ids: ['CL-*']\n    reason: Claims reworded.\n  - ids: ['*']\n    reason: Everything else.\n")
    run = cli("release", "--summary", "Test release", "--kb", str(root), "--reasons", str(reasons))
    assert run.code == 0, run.err
    snap = json.loads((root / "releases" / "9.9.9.json").read_text(encoding="utf-8"))
    changed_claims = [i for i, r in snap["reasons"].items() if r == "Claims reworded."]
    assert changed_claims and all(i.startswith("CL-") for i in changed_claims)
    release = changelog(load(root), load_snapshots(root))[0]
    assert release.title == "Version 9.9.9" and release.reasons
    groups = dict(release.by_reason(release.changed))
    assert set(groups.get("Claims reworded.", [])) == {i for i in release.changed if i.startswith("CL-")}
    bad = tmp_path / "bad.yaml"
    bad.write_text("reasons: just text\n")
    assert cli("release", "--kb", str(root), "--reasons", str(bad)).code == 2
