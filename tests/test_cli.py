"""The command line: help with examples, the contract's JSON, readable and memo output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framework.cli import parser

COMMANDS = ["validate", "evaluate", "compare", "ask", "explain", "export", "ids", "build", "serve", "release", "check"]
PRIVACY = "goal: removal\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\nconcern: in-model\n"


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    p = tmp_path / "answers.yaml"
    p.write_text(PRIVACY)
    return p


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command: str) -> None:  # type: ignore[no-untyped-def]
    run = cli(command, "--help")
    assert run.code == 0
    assert "examples:" in run.out and f"unlearning-scope {command}" in run.out


def test_top_level_help_lists_every_command(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--help")
    assert run.code == 0
    for command in COMMANDS:
        assert command in run.out
    assert set(parser()._subparsers._group_actions[0].choices) == set(COMMANDS)  # type: ignore[union-attr]


def test_validate_prints_what_it_checked(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("validate")
    assert run.code == 0, run.err
    assert "exhaustive verification:" in run.out and "partial answer combinations" in run.out
    data = cli("validate", "--format", "json").json()
    assert data["ok"] is True and data["checked"]["complete"] > 0 and data["checked"]["partial"] > 0


def test_evaluate_json_follows_the_contract(cli, answers_file: Path, kb) -> None:  # type: ignore[no-untyped-def]
    run = cli("evaluate", str(answers_file), "--format", "json")
    assert run.code == 0, run.err
    out = run.json()
    assert out["kb_version"] == kb.meta.version
    assert out["answers"]["adversary"] == ["benign", "prompting"]
    assert out["answers_digest"].startswith("sha256:") and len(out["answers_digest"]) == 7 + 64
    assert [m["id"] for m in out["methods"]] == ["retrain", "structural-exact", "approximate", "model-suppression", "system-suppression", "data-curation"]
    for m in out["methods"]:
        assert m["verdict"] in ("supports", "partial", "does-not-support")
        assert isinstance(m["conditions"], list) and isinstance(m["caveats"], list) and m["trace"]
    for mm in out["mismatches"]:
        assert mm["id"] in {"M1", "M2", "M3", "M4", "M5"} and mm["why"]
    for c in out["claims"]:
        assert c["verdict"] in ("supportable", "conditional", "unsupportable", "not-technical")
        assert c["statement"] and c["sources"] and c["trace"]
    assert out["unknowns"] == []
    assert set(out["citation"]) >= {"text", "permalink", "bibtex"}
    assert out["answers_digest"] in out["citation"]["text"]


def test_evaluate_is_byte_identical_across_runs(cli, answers_file: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("json", "markdown", "text"):
        assert cli("evaluate", str(answers_file), "--format", fmt).out == cli("evaluate", str(answers_file), "--format", fmt).out


def test_markdown_memo_has_verdicts_sources_and_citation(cli, answers_file: Path, kb) -> None:  # type: ignore[no-untyped-def]
    out = cli("evaluate", str(answers_file), "--format", "markdown").out
    headings = ["## Bottom line", "## Facts assumed", "## Verdicts", "## Mismatches", "## Claims", "## How to cite"]
    assert [out.index(h) for h in headings] == sorted(out.index(h) for h in headings)
    assert f"knowledge base {kb.meta.version}" in out and "sha256:" in out
    assert "## Annex" not in out and "--detail full" in out
    full = cli("evaluate", str(answers_file), "--format", "markdown", "--detail", "full").out
    assert full.startswith(out[: out.index("## How to cite")]) and "## Annex: the detail" in full
    assert "basis:" in full
    # secondary summaries are labelled, never presented as quotations of the paper
    assert "not checked against its text" in full
    assert "> " not in full


def test_permalink_from_a_result_evaluates_to_the_same_result(cli, answers_file: Path) -> None:  # type: ignore[no-untyped-def]
    first = cli("evaluate", str(answers_file), "--format", "json").json()
    again = cli("evaluate", first["citation"]["permalink"], "--format", "json").json()
    assert again == first


def test_malformed_answers_exit_2_with_a_clear_message(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("goal: [removal, suppression]\nadversary: []\n")
    run = cli("evaluate", str(bad))
    assert run.code == 2
    assert f"{bad}:1:7: error[one-choice]: goal: 'goal' takes one option, not a list" in run.err
    assert f"{bad}:2:12: error[empty-list]" in run.err
    assert run.out == ""
    assert cli("evaluate", str(tmp_path / "missing.yaml")).code == 2
    assert cli("evaluate", "questionnaire/#goal=wrong").code == 2


def test_incomplete_answers_report_unknowns(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.yaml"
    p.write_text("goal: removal\ntarget: data\n")
    out = cli("evaluate", str(p), "--format", "json").json()
    questions = [u["question"] for u in out["unknowns"]]
    assert "adversary" in questions
    assert all(u["would_change"] for u in out["unknowns"])


def test_explain_shows_provenance_and_referrers(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("explain", "M1")
    assert run.code == 0
    assert "sources:" in run.out and "referred to by:" in run.out and "R-MM-001" in run.out
    data = cli("explain", "retrain", "--format", "json").json()
    assert data["kind"] == "method" and "R-RET-002" in data["decided_by"]
    assert cli("explain", "NOPE-1").code == 1


def test_ids_lists_every_id_with_status(cli, kb) -> None:  # type: ignore[no-untyped-def]
    rows = cli("ids", "--format", "json").json()
    ids = {r["id"] for r in rows}
    assert {"M1", "M5", "retrain", "goal"} <= ids
    assert all(r["status"] in ("active", "renamed", "merged", "withdrawn") and r["label"] for r in rows)
    assert cli("ids", "--kind", "mismatch", "--format", "tsv").out.count("\n") == 1 + 5


def test_export_writes_every_file_deterministically(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("export", "--out", str(a)).code == 0
    assert cli("export", "--out", str(b)).code == 0
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert names == ["bibliography.bib", "claims.csv", "decision-tables.json", "ids.json", "schema/answers.schema.json", "schema/check.schema.json",
                     "schema/decision-tables.schema.json", "schema/kb-file.schema.json", "schema/kb.schema.json", "unlearning-scope-kb.json"]
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n
    kb_json = json.loads((a / "unlearning-scope-kb.json").read_text())
    assert kb_json["digest"].startswith("sha256:") and kb_json["claim"]
    assert "@" in (a / "bibliography.bib").read_text()


def test_export_leaves_no_partial_output_on_failure(cli, tmp_path: Path, kb_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (kb_copy / "rules" / "broken.yaml").write_text("rules: [\n")
    out = tmp_path / "out"
    run = cli("export", "--out", str(out), "--kb", str(kb_copy))
    assert run.code == 1 and "rules/broken.yaml" in run.err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_ask_reads_answers_and_reports(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io

    saved = tmp_path / "answers.yaml"
    # goal=removal, target=data, deployment=hosted, a wrong entry then adversary=benign,prompting,
    # driver=privacy, '?' then concern=in-model, information and built_for_deletion left empty
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n9\n1,2\n1\n?\n1\n\n\n"))
    run = cli("ask", "--format", "json", "--save", str(saved))
    assert run.code == 0, run.err
    out = json.loads(run.out)
    assert out["answers"] == {"goal": "removal", "target": "data", "deployment": "hosted", "adversary": ["benign", "prompting"], "driver": ["privacy"], "concern": "in-model"}
    assert "'9' is not one of 1-4" in run.err and "Why it matters:" in run.err
    again = cli("evaluate", str(saved), "--format", "json").json()
    assert again == out


def test_ask_knows_the_third_editions_option_and_question(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    # goal=removal, target=data, deployment=hosted, adversary=benign,fine-tuning-service, driver=privacy,
    # concern=in-model, information and built_for_deletion left empty, training_stage=post-training
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n1,fine-tuning-service\n1\n1\n\n\n2\n"))
    run = cli("ask", "--format", "json")
    assert run.code == 0, run.err
    out = json.loads(run.out)
    assert out["answers"]["adversary"] == ["benign", "fine-tuning-service"] and out["answers"]["training_stage"] == "post-training"
    assert "[fine-tuning-service]" in run.err and "At which stage did the targeted information enter training?" in run.err
    methods = {m["id"]: m for m in out["methods"]}
    assert methods["retrain"]["verdict"] == "supports" and {"R-RET-004", "R-RET-005"} <= set(methods["retrain"]["trace"])


def test_ask_stops_cleanly_at_end_of_input(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("2\n"))
    out = json.loads(cli("ask", "--format", "json").out)
    assert out["answers"] == {"goal": "suppression"}
    assert out["unknowns"]


def test_explain_resolves_tombstones(cli) -> None:  # type: ignore[no-untyped-def]
    mini = Path(__file__).parent / "fixtures" / "mini"
    run = cli("explain", "CL-099", "--kb", str(mini))
    assert run.code == 0
    assert "merged" in run.out and "resolves to: CL-099 -> CL-001" in run.out and "A filter keeps the content out of outputs." in run.out
    data = cli("explain", "CL-099", "--kb", str(mini), "--format", "json").json()
    assert data["resolves_to"] == "CL-001" and data["resolved"]["kind"] == "claim"
    rows = cli("ids", "--kb", str(mini), "--format", "json").json()
    assert {"id": "CL-099", "kind": "claim", "status": "merged", "successor": "CL-001", "label": "An old claim"} in rows


def test_explain_a_tree_gives_a_citation_with_id_and_version(cli, kb) -> None:  # type: ignore[no-untyped-def]
    tree_id = sorted(kb.trees)[0]
    data = cli("explain", tree_id, "--format", "json").json()
    assert tree_id in data["citation"] and f"version {kb.meta.version}" in data["citation"]
    assert "cite as:" in cli("explain", tree_id).out


def test_explain_an_instrument_shows_what_was_checked_and_to_when(cli, kb) -> None:  # type: ignore[no-untyped-def]
    inst = next(i for i in kb.of("instrument").values() if i.claims)
    run = cli("explain", inst.id)
    assert run.code == 0
    matter = kb.of("matter")[inst.matter]
    assert "  checked: " in run.out and f"developments checked to {matter.developments_to.isoformat()}" in run.out
    assert f"  history of {inst.matter} " in run.out
    data = cli("explain", inst.id, "--format", "json").json()
    assert data["entry"]["checked"] == inst.checked and data["entry"]["matter"] == inst.matter
    assert data["history"]["developments_to"] == matter.developments_to.isoformat()
    assert [e["date"] for e in data["history"]["events"]] == sorted(e["date"] for e in data["history"]["events"])
    claim = cli("explain", inst.claims[0], "--format", "json").json()
    assert {"kind": "instrument", "id": inst.id} in claim["referred_to_by"]


def test_the_bottom_line_leads_every_format(cli, answers_file: Path) -> None:  # type: ignore[no-untyped-def]
    data = cli("evaluate", str(answers_file), "--format", "json").json()
    assert next(iter(data)) == "bottom_line"
    bl = data["bottom_line"]
    supporting = [m for m in data["methods"] if m["verdict"] == "supports"]
    assert supporting and all(m["label"].lower() in bl["text"][0].lower() for m in supporting)
    assert bl["evidence_needed"] == [c for m in supporting for c in m["conditions"]][: len(bl["evidence_needed"])]
    assert {t["id"] for t in bl["trees"]} >= {"DT-PRIVACY"}
    text = cli("evaluate", str(answers_file)).out
    assert text.index("BOTTOM LINE") < text.index("FACTS ASSUMED") < text.index("METHODS")
    memo = cli("evaluate", str(answers_file), "--format", "markdown").out
    assert memo.index("## Bottom line") < memo.index("## Facts assumed") < memo.index("## Verdicts")


def test_a_citation_without_a_published_address_says_so(cli, answers_file: Path) -> None:  # type: ignore[no-untyped-def]
    bare = cli("evaluate", str(answers_file), "--format", "json").json()["citation"]
    assert bare["permalink_absolute"] is False
    assert "No permalink: the address this knowledge base is published at is not set" in bare["text"]
    assert not bare["text"].rstrip(".").endswith(bare["permalink"])  # never a bare relative path
    assert "no published address: #v=" in bare["bibtex"]
    site = cli("evaluate", str(answers_file), "--format", "json", "--site-url", "https://example.org/scope/").json()["citation"]
    assert site["permalink_absolute"] is True and site["permalink"].startswith("https://example.org/scope/questionnaire/#v=")
    assert site["text"].endswith(site["permalink"]) and site["permalink"] in site["bibtex"]
