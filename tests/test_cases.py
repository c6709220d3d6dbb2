"""Cases: the ID grammar, the collection's coverage, and each case's answers run as a scenario.

A case's expected verdicts are a test of our reading of it against the rules: when a rule change moves
one, this fails and names the case, the slot and both verdicts, so the case (or the rule) is revisited.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from framework.kb.answers import check_answers
from framework.kb.checks import matter_family
from framework.kb.diagnostics import Positions
from framework.kb.knowledge_base import KnowledgeBase
from framework.kb.loader import load
from framework.kb.locate import bundled_root
from framework.model import Case, Matter
from framework.model.ids import matches
from framework.outputs.assessment import assess

CASE_IDS = sorted(load(bundled_root()).of("case"))


@pytest.mark.parametrize("value", ["CASE-FTC-EVERALBUM", "CASE-001", "CASE-NY-RAISE-ACT", "CASE-EDPB-OPINION-28-2024"])
def test_case_id_grammar_accepts(value: str) -> None:
    assert matches("case", value)


@pytest.mark.parametrize("value", ["MAT-GEMA-V-OPENAI", "MAT-X", "MAT-EDPB-OPINION-28-2024", "MAT-2024"])
def test_matter_id_grammar_accepts(value: str) -> None:
    assert matches("matter", value)


@pytest.mark.parametrize("value", ["mat-gema", "MAT-", "MAT--X", "MAT-X-", "CASE-X", "MAT_X", "MAT-X Y", "XMAT-X", "MAT-x"])
def test_matter_id_grammar_refuses(value: str) -> None:
    assert not matches("matter", value)


def _matter(**extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "MAT-X", "label": "l", "jurisdiction": "j", "developments_to": "2025-03-01", "checked": "c",
        "events": [
            {"date": "2025-01-01", "kind": "decided", "note": "A decision.", "sources": [{"source": "k2025x"}]},
            {"date": "2025-03-01", "kind": "annulled", "note": "Annulled.", "sources": [{"seen_in": "https://e.org/"}]},
        ],
    }
    entry.update(extra)
    return entry


def test_a_matters_status_is_derived_from_its_latest_event() -> None:
    m = Matter.model_validate(_matter())
    assert m.status == "annulled" and m.status_event.date.isoformat() == "2025-03-01"
    assert m.model_dump(mode="json")["status"] == "annulled"
    steps = _matter(events=[*_matter()["events"], {"date": "2025-04-01", "kind": "step", "note": "A hearing.", "sources": [{"source": "k2025x"}]}])
    assert Matter.model_validate(steps).status == "annulled"  # a step changes no status
    # every old case status is still a status (migrated under the same name)
    from typing import get_args

    from framework.model.matters import MatterStatus
    old = {"in-force", "pending", "vetoed", "settled", "decided", "appealed", "adopted", "signed", "published", "withdrawn"}
    assert old <= set(get_args(MatterStatus))
    assert {"annulled", "set-aside", "vacated", "amended", "superseded", "lifted", "expired", "proposed", "enacted"} <= set(get_args(MatterStatus))


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"status": "decided"}, "status"),  # derived, never written
        ({"events": []}, "events"),
        ({"events": [{"date": "2025-01-01", "kind": "step", "note": "A hearing.", "sources": [{"source": "k2025x"}]}]}, "gives it a status"),
        ({"events": [{"date": "2025-01-01", "kind": "quashed", "note": "Quashed.", "sources": [{"source": "k2025x"}]}]}, "kind"),
        ({"events": [{"date": "2025-01-01", "kind": "decided", "note": "A decision.", "sources": [{}]}]}, "seen_in"),
        ({"events": [{"date": "2025-01-01", "kind": "decided", "note": "A decision.", "sources": [{"seen_in": "http://e.org/"}]}]}, "seen_in"),
        ({"events": [{"date": "2025-01-15", "precision": "month", "kind": "decided", "note": "A decision.", "sources": [{"source": "k2025x"}]}]}, "first day"),
        ({"developments_to": None}, "developments_to"),
    ],
)
def test_bad_matter_is_refused(extra: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as e:
        Matter.model_validate(_matter(**extra))
    assert fragment in str(e.value)


@pytest.mark.parametrize(
    "value",
    ["case-ftc-everalbum", "CASE-", "CASE--X", "CASE-X-", "CL-001", "CASE-1a", "CASE_FTC", "CASE-FTC EVERALBUM", "XCASE-FTC"],
)
def test_case_id_grammar_refuses(value: str) -> None:
    assert not matches("case", value)


def _minimal(**extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "CASE-X", "title": "t", "case_type": "order", "jurisdiction": "j", "forum": "f",
        "date": "2025-01-01", "matter": "MAT-X", "domains": ["privacy"], "asks": "a",
        "sources": ["k2025x"], "reading_status": "untested", "reading_note": "r", "answers": {"goal": "removal"},
        "answers_note": "n", "expect": {"methods": {"retrain": "partial"}}, "checked": "c",
        "provenance": [{"basis": "editorial"}],
    }
    entry.update(extra)
    return entry


def test_minimal_case_is_valid() -> None:
    assert Case.model_validate(_minimal()).id == "CASE-X"


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"result": {"retrain": "partial"}}, "result"),  # a result is computed, never written
        ({"status": "in-force"}, "status"),  # the status is derived from the matter, never written
        ({"developments_to": "2026-12-01"}, "developments_to"),  # so is the review date
        ({"matter": "MAT-x"}, "matter"),
        ({"reading_status": "likely"}, "reading_status"),
        ({"sources": ["k2025x", "k2025x"]}, "listed twice"),
        ({"sources": []}, "sources"),
        ({"wording": [{"text": "x" * 301, "source": "k2025x", "seen_in": "https://e.org/"}]}, "text"),
        ({"wording": [{"text": "short", "source": "k2025x", "seen_in": "http://e.org/"}]}, "seen_in"),
        ({"expect": {"methods": {}}}, "methods"),
        ({"expect": {"methods": {"retrain": "maybe"}}}, "retrain"),
        ({"answers": {}}, "answers"),
    ],
)
def test_bad_case_is_refused(extra: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as e:
        Case.model_validate(_minimal(**extra))
    assert fragment in str(e.value)


def test_the_collection_covers_domains_and_jurisdictions(kb: KnowledgeBase) -> None:
    cases = list(kb.of("case").values())
    assert len(cases) >= 20
    assert {"privacy", "copyright", "safety"} <= {d for c in cases for d in c.domains}
    assert len({c.jurisdiction for c in cases}) >= 4
    assert len({c.case_type for c in cases}) >= 5


def test_every_case_rests_on_verified_sources(kb: KnowledgeBase) -> None:
    bib = kb.of("bib")
    for c in kb.of("case").values():
        for key in c.sources:
            assert bib[key].confidence in ("verified", "partial"), (c.id, key)
            assert bib[key].caution or bib[key].confidence == "verified", (c.id, key)
        for q in c.wording:
            assert q.source in c.sources and q.seen_in.startswith("https://"), c.id
        matter = kb.of("matter")[c.matter]
        assert c.date in {e.date for m in matter_family(kb, c.matter) for e in kb.of("matter")[m].events}, c.id
        assert c.date <= matter.developments_to, c.id


def test_links_to_instruments_claims_and_trees_are_typed(kb: KnowledgeBase) -> None:
    linked = [(c, kind, ref) for c in kb.of("case").values() for kind, refs in
              (("instrument", c.instruments), ("claim", c.claims), ("tree", c.trees)) for ref in refs]
    assert linked
    for c, kind, ref in linked:
        found = kb.find(ref)
        assert found is not None and found[0] == kind, (c.id, ref)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case_answers_give_the_expected_verdicts(case_id: str, kb: KnowledgeBase, compiled, tables) -> None:  # type: ignore[no-untyped-def]
    case = kb.of("case")[case_id]
    answers = check_answers(case.answers, compiled.space, Positions(case_id))
    out = assess(tables, answers)
    problems = []
    methods = {m["id"]: m["verdict"] for m in out["methods"]}
    for mid, want in case.expect.methods.items():
        if methods[mid] != want:
            problems.append(f"method {mid}: the engine concludes {methods[mid]}, the case expects {want}")
    claims = {c["id"]: c["verdict"] for c in out["claims"]}
    for cid, want in case.expect.claims.items():
        if claims.get(cid) != want:
            problems.append(f"claim {cid}: the engine gives {claims.get(cid, 'no verdict (not shown)')}, the case expects {want}")
    applies = {m["id"] for m in out["mismatches"] if m["status"] == "applies"}
    problems += [f"mismatch {m} expected to apply, does not ({sorted(applies)})" for m in case.expect.mismatches if m not in applies]
    assert not problems, f"{case_id}:\n" + "\n".join(problems)


def test_a_case_with_open_questions_names_them_as_unknowns(kb: KnowledgeBase, compiled, tables) -> None:  # type: ignore[no-untyped-def]
    """Leaving the goal open (as most texts do) makes the engine say what answering it would change."""
    open_goal = [c for c in kb.of("case").values() if "goal" not in c.answers]
    assert open_goal
    for case in open_goal:
        out = assess(tables, check_answers(case.answers, compiled.space, Positions(case.id)))
        assert "goal" in [u["question"] for u in out["unknowns"]], case.id


def test_evaluate_case_in_every_format(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("evaluate", "--case", "CASE-GEMA-V-OPENAI")
    assert text.code == 0 and text.out.startswith("Case CASE-GEMA-V-OPENAI: ") and "METHODS" in text.out
    md = cli("evaluate", "--case", "CASE-GEMA-V-OPENAI", "--format", "markdown")
    assert md.code == 0 and md.out.startswith("**Case** CASE-GEMA-V-OPENAI") and "# Unlearning assessment" in md.out
    js = cli("evaluate", "--case", "CASE-GEMA-V-OPENAI", "--format", "json")
    data = js.json()
    assert js.code == 0 and data["case"]["id"] == "CASE-GEMA-V-OPENAI"
    assert data["answers"]["goal"] == "both" and data["answers"]["driver"] == ["copyright"]


def test_evaluate_case_gives_what_the_answers_file_gives(cli, kb, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--case` is the case's answers evaluated like any answers file, nothing added but the case's name."""
    case = kb.of("case")["CASE-EDPB-OPINION-28-2024"]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(f"{q}: {list(v) if isinstance(v, list) else v}".replace("'", "") for q, v in case.answers.items()) + "\n")
    from_file = cli("evaluate", str(path), "--format", "json").json()
    from_case = cli("evaluate", "--case", case.id, "--format", "json").json()
    assert from_case.pop("case") == {"id": case.id, "title": case.title}
    assert from_case == from_file


def test_evaluate_case_refuses_unknown_ids_and_double_input(cli) -> None:  # type: ignore[no-untyped-def]
    unknown = cli("evaluate", "--case", "CASE-NO-SUCH")
    assert unknown.code == 1 and "no case has the ID 'CASE-NO-SUCH'" in unknown.err
    both = cli("evaluate", "answers.yaml", "--case", "CASE-GEMA-V-OPENAI")
    neither = cli("evaluate")
    assert both.code == neither.code == 2 and "--case" in both.err
    assert "--case CASE-FTC-EVERALBUM" in cli("evaluate", "--help").out


def test_explain_case_shows_the_engines_result(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("explain", "CASE-FTC-EVERALBUM")
    assert text.code == 0 and "result (computed by the engine" in text.out and "retrain partial" in text.out
    assert "questionnaire/#v=" in text.out and "differs from what the case expects" not in text.out
    info = cli("explain", "CASE-FTC-EVERALBUM", "--format", "json").json()
    assert info["kind"] == "case" and info["result"]["differences"] == []
    assert info["result"]["claims"]["CL-011"] == "not-technical"
    claim = cli("explain", "CL-011", "--format", "json").json()
    assert {"kind": "case", "id": "CASE-FTC-EVERALBUM"} in claim["referred_to_by"]


def test_differences_name_a_moved_verdict(kb, tables) -> None:  # type: ignore[no-untyped-def]
    from framework.outputs.cases import case_result, differences

    result = case_result(kb, tables, "CASE-FTC-EVERALBUM")
    assert differences(kb, result, "CASE-FTC-EVERALBUM") == []
    moved = {**result, "methods": [{**m, "verdict": "supports"} if m["id"] == "retrain" else m for m in result["methods"]]}
    assert differences(kb, moved, "CASE-FTC-EVERALBUM") == ["method retrain: the engine concludes supports, the case expects partial"]


def test_explain_and_evaluate_case_show_the_matters_history(cli, kb) -> None:  # type: ignore[no-untyped-def]
    """The history `explain` and `evaluate --case` print is the matter's, the same for case and instrument."""
    case = kb.of("case")["CASE-GARANTE-OPENAI-2024"]
    text = cli("explain", case.id).out
    assert f"  history of {case.matter} " in text and "annulled since 2026-03-18" in text
    assert "2025-03-21  suspended:" in text and "2026-03-18  annulled:" in text
    from_case = cli("explain", case.id, "--format", "json").json()["history"]
    from_instrument = cli("explain", "law-garante-openai-fine-2024", "--format", "json").json()["history"]
    assert from_case == from_instrument and from_case["status"] == "annulled"
    report = cli("evaluate", "--case", case.id).out
    assert report.startswith(f"Case {case.id}: ") and "annulled (2026-03-18)" in report.splitlines()[0]
    assert "2026-03-18  annulled:" in report
    md = cli("evaluate", "--case", "CASE-NYT-V-MICROSOFT-OPENAI", "--format", "markdown").out
    assert "**History** (pending since 2023-12-27)" in md and "— lifted: *Order to preserve ChatGPT output logs" in md


def test_the_export_carries_the_histories_and_validates_against_its_schema(kb) -> None:  # type: ignore[no-untyped-def]
    import json

    import jsonschema

    from framework.kb.schema import kb_export_schema
    from framework.outputs.export import files

    out = files(kb)
    data = json.loads(out["unlearning-scope-kb.json"])
    jsonschema.validate(data, kb_export_schema())
    assert json.loads(out["schema/kb.schema.json"]) == kb_export_schema()
    matters = {m["id"]: m for m in data["matter"]}
    assert matters["MAT-GARANTE-OPENAI-FINE-2024"]["status"] == "annulled"
    assert all("status" not in c and "developments_to" not in c and c["matter"] in matters for c in data["case"])
    assert all("developments_to" not in i and i["matter"] in matters for i in data["instrument"])
    broken = json.loads(out["unlearning-scope-kb.json"])
    broken["matter"][0]["status"] = "quashed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, kb_export_schema())


def test_matters_are_in_the_id_registry(cli, kb) -> None:  # type: ignore[no-untyped-def]
    rows = cli("ids", "--kind", "matter", "--format", "json").json()
    ids = {r["id"] for r in (rows["ids"] if isinstance(rows, dict) else rows)}
    assert ids == set(kb.of("matter")) and all(matches("matter", i) for i in ids)


def test_the_word_memo_of_a_case_carries_its_history(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import docx

    path = tmp_path / "gema.docx"
    assert cli("evaluate", "--case", "CASE-GEMA-V-OPENAI", "--format", "docx", "--out", str(path)).code == 0
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "appealed (2025-12-08)" in next(t for t in texts if t.startswith("Case CASE-GEMA-V-OPENAI"))
    at = next(i for i, t in enumerate(texts) if t.startswith("History of MAT-GEMA-V-OPENAI"))
    assert texts[at + 2].startswith("2025-12-08  appealed:") and texts[at + 3].startswith("Developments checked to 2025-12-10")
