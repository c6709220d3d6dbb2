"""Scenario tests written as data (OpenFisca style): answers in, expected conclusions out.

Expectation keys (all optional):
  methods: {method: verdict | [acceptable verdicts] | {not: verdict}}
  halves: {method: {removal: verdict, suppression: verdict}}
  mismatches_include / mismatches_exclude: [M1, ...]
  mismatches_possible: [M3, ...]          listed as depending on unanswered questions
  claims: {CL-nnn: verdict}               the claim is shown with this verdict
  claims_absent: [CL-nnn]                 not shown for these answers
  unknowns_include: [question, ...]; unknowns_empty: true
  defaults: {question: value}
  trace_include / trace_exclude: {method or claim ID: [rule IDs]}   rules that decided it (or must not have)
  conditions_include: {method or claim ID: [text]}   each text is part of one of its conditions
"""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.kb.answers import check_answers
from framework.kb.diagnostics import Positions
from framework.kb.yaml_source import parse
from framework.outputs.assessment import assess

HERE = Path(__file__).parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.yaml"))


def test_there_are_enough_scenarios() -> None:
    specs = [parse(p.read_bytes(), p.name)[0] for p in SCENARIOS]
    assert len(specs) >= 30
    for key in ("deployment", "adversary", "driver"):
        seen = {str(s["answers"].get(key)) for s in specs}
        assert len(seen) >= 3, f"scenarios should vary {key}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, compiled, tables, verdict_ok) -> None:  # type: ignore[no-untyped-def]
    spec = parse(path.read_bytes(), path.name)[0]
    answers = check_answers(spec["answers"], compiled.space, Positions(path.name))
    out = assess(tables, answers)
    expect = spec["expect"]
    problems = []
    methods = {m["id"]: m for m in out["methods"]}
    for mid, want in expect.get("methods", {}).items():
        if not verdict_ok(methods[mid]["verdict"], want):
            problems.append(f"method {mid}: {methods[mid]['verdict']} (trace {methods[mid]['trace']}), expected {want}")
    for mid, halves in expect.get("halves", {}).items():
        if methods[mid]["halves"] != halves:
            problems.append(f"method {mid} halves {methods[mid]['halves']}, expected {halves}")
    listed = {m["id"]: m["status"] for m in out["mismatches"]}
    problems += [f"mismatch {m} not listed ({sorted(listed)})" for m in expect.get("mismatches_include", []) if m not in listed]
    problems += [f"mismatch {m} listed ({listed[m]})" for m in expect.get("mismatches_exclude", []) if m in listed]
    problems += [f"mismatch {m} should be possible, is {listed.get(m)}" for m in expect.get("mismatches_possible", []) if listed.get(m) != "possible"]
    claims = {c["id"]: c for c in out["claims"]}
    for cid, want in expect.get("claims", {}).items():
        got = claims.get(cid, {}).get("verdict")
        if not verdict_ok(got, want):
            problems.append(f"claim {cid}: {got}, expected {want}")
    problems += [f"claim {cid} shown" for cid in expect.get("claims_absent", []) if cid in claims]
    items = {**methods, **claims}
    for key, want in (("trace_include", True), ("trace_exclude", False)):
        for iid, rules in expect.get(key, {}).items():
            trace = items[iid]["trace"] if iid in items else []
            problems += [f"{iid}: rule {r} {'not ' if want else ''}in trace {trace}" for r in rules if (r in trace) != want]
    for iid, texts in expect.get("conditions_include", {}).items():
        conds = items[iid]["conditions"] if iid in items else []
        problems += [f"{iid}: no condition says '{t}' ({conds})" for t in texts if not any(t in c for c in conds)]
    unknown = [u["question"] for u in out["unknowns"]]
    problems += [f"unknown {q} not reported ({unknown})" for q in expect.get("unknowns_include", []) if q not in unknown]
    if expect.get("unknowns_empty") and unknown:
        problems.append(f"unknowns reported: {unknown}")
    for q, v in expect.get("defaults", {}).items():
        if out["defaults_applied"].get(q) != v:
            problems.append(f"default {q}: {out['defaults_applied'].get(q)}, expected {v}")
    assert not problems, "\n".join(problems)
