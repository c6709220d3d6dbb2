"""The broken-input corpus: one case per error class, each with its specific message and place.

Each case under tests/broken/ adds files to a copy of the small fixture knowledge base and lists the
diagnostics `validate` must report (code, and where given file, line, column, field and a message
fragment).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from framework.kb.diagnostics import Diagnostic, DiagnosticError
from framework.kb.loader import load
from framework.logic.engine import compile_kb
from framework.logic.verify import verify

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
CASES = sorted((HERE / "broken").glob("*.yaml"))


def problems_for(root: Path) -> list[Diagnostic]:
    try:
        kb = load(root)
    except DiagnosticError as e:
        return e.diagnostics
    return verify(kb, compile_kb(kb)).problems


def apply(case: dict[str, Any], tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(MINI, root)
    for rel, text in case["files"].items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def matches(d: Diagnostic, want: dict[str, Any]) -> bool:
    return (
        d.code == want["code"]
        and all(getattr(d, k) == want[k] for k in ("file", "line", "column", "field") if k in want)
        and want.get("message", "") in d.message
    )


def test_fixture_is_valid() -> None:
    assert problems_for(MINI) == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    found = problems_for(apply(case, tmp_path))
    assert found, "the broken input was accepted"
    for want in case["expect"]:
        assert any(matches(d, want) for d in found), f"expected {want}, got:\n" + "\n".join(map(str, found))


def test_all_errors_are_reported_in_one_run(tmp_path: Path) -> None:
    """Several broken files at once: each one's error is in the same report."""
    merged: dict[str, Any] = {"files": {}}
    chosen = ["unknown-key", "wrong-type", "dangling-reference", "bad-id", "yaml-syntax"]
    for name in chosen:
        case = yaml.safe_load((HERE / "broken" / f"{name}.yaml").read_text())
        for rel, text in case["files"].items():
            merged["files"][rel.replace("extra", f"extra-{name}")] = text
    found = problems_for(apply(merged, tmp_path))
    assert {d.code for d in found} >= set(chosen)
    assert len({d.file for d in found}) == len(chosen)


def test_cli_reports_file_line_and_exits_1(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    case = yaml.safe_load((HERE / "broken" / "dangling-reference.yaml").read_text())
    root = apply(case, tmp_path)
    run = cli("validate", str(root))
    assert run.code == 1
    assert "rules/extra.yaml:5:" in run.err and "error[dangling-reference]" in run.err and "M9" in run.err
    assert run.err.strip().endswith("1 error")


INSTRUMENT = """instruments:
  - id: law-example-act
    label: Example Act, right to delete
    reference: cooper2024doesnt
    instrument_type: statute
    jurisdiction: Nowhere
    domains: [privacy]
    asks: Delete on request.
    unlearning_question: Does deleting reach the model?
    reading_status: untested
    reading_note: Untested.
{review}    provenance: [{{basis: editorial}}]
matters:
  - id: MAT-EXAMPLE-ACT
    label: Example Act
    jurisdiction: Nowhere
    events:
      - {{date: 2025-01-01, kind: in-force, note: In force., sources: [{{source: cooper2024doesnt}}]}}
    developments_to: 2025-01-01
    checked: Amendments were not looked for.
"""


@pytest.mark.parametrize(
    ("review", "missing"),
    [
        ("    checked: The statute's text on a secondary database.\n    matter: MAT-EXAMPLE-ACT\n", set()),
        ("    checked: The statute's text on a secondary database.\n", {"matter"}),
        ("    matter: MAT-EXAMPLE-ACT\n", {"checked"}),
        ("    checked: ''\n    matter: MAT-EXAMPLE-ACT\n", set()),
    ],
    ids=["both", "no-date", "no-scope", "empty-scope"],
)
def test_instrument_needs_both_review_fields(review: str, missing: set[str], tmp_path: Path) -> None:
    """What was checked and the matter (whose history says up to when developments were looked for) are
    separate facts, both required."""
    case = {"files": {"taxonomy/extra.yaml": INSTRUMENT.format(review=review)}}
    found = problems_for(apply(case, tmp_path))
    reported = {d.field.rsplit(".", 1)[-1] for d in found if d.code == "missing-key" and d.field}
    assert reported == missing
    if "checked: ''" in review:
        assert any(d.field == "instruments[0].checked" for d in found), "an empty 'checked' was accepted"
    elif not missing:
        assert found == []


def test_a_condition_that_gates_the_word_score_is_not_unused(tmp_path: Path) -> None:
    """No finder names SIG-COND-004 in that case, but the word score needs it: it is used."""
    case = yaml.safe_load((HERE / "broken" / "signal-only-with.yaml").read_text())
    found = problems_for(apply(case, tmp_path))
    unused = [d for d in found if "unused-condition" in str(d)]
    assert len(unused) == 1 and "signals[3]" in str(unused[0])
