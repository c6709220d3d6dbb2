"""Decision tables as the one compiled artefact, and results that last across versions.

A permalink or `--kb-version` names a version; a released version is answered from the tables frozen
with it, so a cited result never changes meaning. These tests check the frozen tables against their
release snapshots and the JSON Schema, reproduce results of every release from the CLI, compare
versions, refuse versions never released, and run the shared acceptance scenarios on every release.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from framework.kb.answers import check_answers
from framework.kb.diagnostics import Positions
from framework.kb.loader import load
from framework.kb.locate import bundled_root
from framework.kb.yaml_source import parse
from framework.logic.engine import compile_kb
from framework.logic.tables import compile_tables, dumps, from_json, to_json
from framework.logic.tables_schema import tables_schema
from framework.outputs.assessment import assess
from framework.outputs.releases import load_snapshots
from framework.outputs.versions import differences, frozen_trees, released_versions, tables_for

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "scenarios"
RELEASED = released_versions(REPO)
BEFORE_THIRD_EDITION = [v for v in RELEASED
                        if not any(q["id"] == "training_stage" for q in json.loads((REPO / "releases" / v / "tables.json").read_text(encoding="utf-8"))["questions"])]
"""Releases frozen before the contract's third edition added `training_stage` and `fine-tuning-service`."""
PRIVACY = {"goal": "removal", "target": "data", "deployment": "open-weights", "adversary": ("benign", "prompting"),
           "driver": ("privacy",), "concern": "in-model"}


def test_there_are_two_releases_with_frozen_tables_and_trees() -> None:
    assert len(RELEASED) >= 2, RELEASED
    for v in RELEASED:
        assert (REPO / "releases" / v / "tables.json").is_file() and (REPO / "releases" / v / "trees.json").is_file(), v
        assert frozen_trees(REPO, v), v


@pytest.mark.parametrize("version", RELEASED)
def test_frozen_tables_belong_to_their_release_and_follow_the_schema(version: str, kb) -> None:  # type: ignore[no-untyped-def]
    snap = next(s for s in load_snapshots(REPO) if s["version"] == version)
    text = (REPO / "releases" / version / "tables.json").read_text(encoding="utf-8")
    data = json.loads(text)
    jsonschema.validate(data, tables_schema())
    assert data["kb"]["version"] == version and data["kb"]["kb_digest"] == snap["kb_digest"]
    t = from_json(data)
    assert dumps(t) == text, "frozen tables are in the canonical text form"
    for slot in t.slots():  # every table has exactly one entry per combination of the answers it reads
        size = 1
        for q in t.reads(slot):
            size *= t.states(q)
        assert len(t.slot(slot)["table"]) == size, slot
        assert max(t.slot(slot)["table"]) < len(t.data["outcomes"])


def test_current_tables_follow_the_schema_and_are_deterministic(kb, tables) -> None:  # type: ignore[no-untyped-def]
    jsonschema.validate(to_json(tables), tables_schema())
    again = compile_tables(kb, compile_kb(kb)).tables
    assert dumps(again) == dumps(tables)
    committed = json.loads((REPO / "schema" / "decision-tables.schema.json").read_text(encoding="utf-8"))
    assert committed == tables_schema()


def test_the_working_version_is_released_unchanged_or_not_released(kb) -> None:  # type: ignore[no-untyped-def]
    """A released version's tables are frozen: content changed after a release needs a new version."""
    snaps = {s["version"]: s for s in load_snapshots(REPO)}
    if kb.meta.version in snaps:
        assert snaps[kb.meta.version]["kb_digest"] == kb.digest(), f"the knowledge base changed after {kb.meta.version} was released: raise meta.version"


@pytest.mark.parametrize("version", RELEASED)
def test_a_permalink_reproduces_its_versions_result(version: str, cli) -> None:  # type: ignore[no-untyped-def]
    frozen = from_json(json.loads((REPO / "releases" / version / "tables.json").read_text(encoding="utf-8")))
    expected = json.loads(json.dumps(assess(frozen, PRIVACY)))
    link = expected["citation"]["permalink"]
    assert f"v={version}" in link
    got = cli("evaluate", link, "--format", "json")
    assert got.code == 0 and got.json() == expected


def test_kb_version_option_and_compare(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text("goal: removal\ntarget: data\ndeployment: open-weights\nadversary: [benign, prompting]\ndriver: [privacy]\nconcern: in-model\n")
    old, new = RELEASED[0], RELEASED[-1]
    first = cli("evaluate", str(answers), "--kb-version", old, "--format", "json")
    assert first.code == 0 and first.json()["kb_version"] == old
    assert f"the result of knowledge-base version {old}" in first.err
    second = cli("evaluate", str(answers), "--kb-version", new, "--format", "json").json()
    diffs = [d.__dict__ for d in differences(first.json(), second)]
    for d in diffs:  # evaluate itself says what the current version concludes differently
        assert f"differs on {d['kind']} {d['id']}: " in first.err
    cmp = cli("compare", str(answers), "--from", old, "--to", new, "--format", "json")
    assert cmp.code == 0 and cmp.json()["differences"] == diffs
    text = cli("compare", str(answers), "--from", old, "--to", new)
    for d in diffs:
        assert f"{d['kind']} {d['id']}: " in text.out
    assert cli("compare", str(answers), "--from", old, "--to", new, "--exit-code").code == (1 if diffs else 0)
    assert cli("compare", str(answers)).code == 2  # which version to compare with is not said


def test_the_releases_conclude_differently_somewhere(kb) -> None:  # type: ignore[no-untyped-def]
    """The second release is exercised for real: some answers get a different result."""
    old, new = (tables_for(kb, REPO, v) for v in (RELEASED[0], RELEASED[-1]))
    assert differences(assess(old, PRIVACY), assess(new, PRIVACY)), "pick answers where the releases differ"


def test_a_version_never_released_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text("goal: removal\n")
    for args in (["evaluate", "questionnaire/#v=0.0.9&goal=removal"], ["evaluate", str(answers), "--kb-version", "9.9.9"],
                 ["compare", "questionnaire/#v=0.0.9&goal=removal"]):
        run = cli(*args)
        assert run.code == 2, args
        assert "was never released" in run.err and "error[unknown-version]" in run.err, run.err


def _scenarios() -> list[Path]:
    return sorted(SHARED.glob("*.yaml")) if SHARED.is_dir() else []


@pytest.mark.parametrize("version", RELEASED)
@pytest.mark.parametrize("path", _scenarios(), ids=lambda p: p.stem)
def test_shared_scenarios_hold_on_every_release(path: Path, version: str, kb, compiled, verdict_ok) -> None:  # type: ignore[no-untyped-def]
    spec = parse(path.read_bytes(), path.name)[0]
    t = tables_for(kb, REPO, version)
    out = assess(t, check_answers(spec["answers"], compiled.space, Positions(path.name)))
    expect = spec["expect"]
    methods = {m["id"]: m["verdict"] for m in out["methods"]}
    problems = [f"{m}: {methods[m]}, expected {w}" for m, w in expect.get("methods", {}).items() if not verdict_ok(methods[m], w)]
    listed = {m["id"] for m in out["mismatches"]}
    problems += [f"mismatch {m} not listed" for m in expect.get("mismatches_include", []) if m not in listed]
    problems += [f"mismatch {m} listed" for m in expect.get("mismatches_exclude", []) if m in listed]
    claims = {c["id"]: c["verdict"] for c in out["claims"]}
    problems += [f"claim {c}: {claims.get(c)}, expected {w}" for c, w in expect.get("claims", {}).items() if not verdict_ok(claims.get(c), w)]
    unknown = {u["question"] for u in out["unknowns"]}
    problems += [f"unknown {q} not named" for q in expect.get("unknowns_include", []) if q not in unknown]
    problems += ["no unknowns named"] if expect.get("unknowns_nonempty") and not unknown else []
    assert not problems, f"{path.name} on {version}: " + "; ".join(problems)


def test_the_bundled_package_carries_the_releases() -> None:
    assert released_versions(bundled_root()) == RELEASED


def test_fixture_knowledge_base_compiles_to_tables_that_follow_the_schema() -> None:
    mini = load(REPO / "tests" / "fixtures" / "mini")
    jsonschema.validate(to_json(compile_tables(mini, compile_kb(mini)).tables), tables_schema())


@pytest.mark.parametrize("version", BEFORE_THIRD_EDITION)
@pytest.mark.parametrize(("answers", "named"), [
    ("goal: removal\ntarget: data\nadversary: [benign, fine-tuning-service]\n", "no option 'fine-tuning-service' for 'adversary'"),
    ("goal: removal\ntarget: data\ntraining_stage: post-training\n", "no question 'training_stage'"),
])
def test_an_older_release_refuses_what_it_never_had(version: str, answers: str, named: str, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Contract, third edition: a release from before the option or question existed does not drop the
    answer silently (which would read it as unanswered); evaluate and compare stop with a clear error."""
    path = tmp_path / "a.yaml"
    path.write_text(answers)
    link = f"questionnaire/#v={version}&" + "&".join(
        f"{k}={v.strip('[]').replace(', ', ',')}" for k, v in (line.split(": ", 1) for line in answers.splitlines()))
    for args in (["evaluate", str(path), "--kb-version", version], ["evaluate", link], ["compare", str(path), "--from", version]):
        run = cli(*args)
        assert run.code == 2, (args, run.out)
        assert "error[not-in-version]" in run.err and named in run.err and f"version {version}" in run.err, run.err
    assert cli("evaluate", str(path), "--format", "json").code == 0  # the working version has it
