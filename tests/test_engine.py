"""Rule-engine semantics on a small fixture knowledge base, independent of the real content."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from framework.answer_space import Value
from framework.assessment import assess
from framework.engine import Compiled, compile_kb
from framework.evaluation import Evaluation
from framework.knowledge_base import KnowledgeBase
from framework.loader import load
from framework.model import METHOD_ORDER

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> tuple[KnowledgeBase, Compiled]:
    kb = load(MINI)
    return kb, compile_kb(kb)


def test_exception_overrides_the_general_rule(mini: tuple[KnowledgeBase, Compiled]) -> None:
    _kb, c = mini
    hosted = Evaluation(c, {"goal": "suppression", "deployment": "hosted", "adversary": ("benign",)}).method("filter")
    assert hosted["verdict"] == "partial" and hosted["conditions"] == ["serving controlled"]
    assert hosted["trace"] == ["R-F-010"]
    open_ = Evaluation(c, {"goal": "suppression", "deployment": "open", "adversary": ("benign",)}).method("filter")
    assert open_["verdict"] == "does-not-support" and open_["trace"] == ["R-F-011"]
    assert open_["explanation"][0]["overrode"] == ["R-F-010"]
    assert hosted["explanation"][0]["overrode"] == []
    assert open_["explanation"][0]["read"] == {"deployment": "open"}


def test_both_is_the_weaker_half(mini: tuple[KnowledgeBase, Compiled]) -> None:
    _, c = mini
    m = Evaluation(c, {"goal": "both", "deployment": "hosted", "adversary": ("benign",)}).method("filter")
    assert m["halves"] == {"removal": "does-not-support", "suppression": "partial"}
    assert m["verdict"] == "does-not-support"


def test_unanswered_gives_the_weakest_and_names_the_unknown(mini: tuple[KnowledgeBase, Compiled]) -> None:
    _, c = mini
    m = Evaluation(c, {"goal": "suppression"}).method("filter")
    assert m["verdict"] == "does-not-support"
    assert m["depends_on"] == ["deployment"]
    assert m["explanation"][0]["read"] == {"deployment": "(unanswered)"}


def _states(c: Compiled) -> list[dict[str, Value]]:
    qids = [q.id for q in c.space.questions if not c.space.has_default(q.id)]
    domains = [[None, *c.space.domain(q)] for q in qids]
    return [{q: v for q, v in zip(qids, combo) if v is not None} for combo in itertools.product(*domains)]


def test_partial_verdicts_equal_the_minimum_over_completions(mini: tuple[KnowledgeBase, Compiled]) -> None:
    """Checked against an independent brute force over every partial answer of the fixture."""
    _, c = mini
    all_q = [q.id for q in c.space.questions if not c.space.has_default(q.id)]
    for answers in _states(c):
        got = Evaluation(c, answers).method("filter")["verdict"]
        worst = "supports"
        for completion in c.space.completions(answers, all_q):
            full, filled = c.with_defaults(completion)
            for aspect in c.aspects[str(full["goal"])]:
                v = c.decide(("method", "filter", aspect), full, filled).value
                assert v is not None
                worst = min(worst, v, key=METHOD_ORDER.__getitem__)
        assert got == worst, answers


def test_defaults_follow_their_inputs(mini: tuple[KnowledgeBase, Compiled]) -> None:
    kb, c = mini
    assert assess(kb, c, {"deployment": "open"})["defaults_applied"] == {"extra": "yes"}
    assert assess(kb, c, {"deployment": "hosted"})["defaults_applied"] == {"extra": "no"}
    assert assess(kb, c, {"goal": "removal"})["defaults_applied"] == {}


def test_unanswered_condition_sees_defaults_not_answers(mini: tuple[KnowledgeBase, Compiled]) -> None:
    kb, c = mini
    base = {"goal": "suppression", "deployment": "hosted", "adversary": ("benign",)}
    left = {x["id"]: x for x in assess(kb, c, base)["claims"]}["CL-001"]
    given = {x["id"]: x for x in assess(kb, c, {**base, "extra": "no"})["claims"]}["CL-001"]
    assert (left["verdict"], left["trace"]) == ("unsupportable", ["R-C-003"])
    assert (given["verdict"], given["trace"]) == ("conditional", ["R-C-001"])


def test_claims_outside_their_relevance_are_not_shown(mini: tuple[KnowledgeBase, Compiled]) -> None:
    kb, c = mini
    assert assess(kb, c, {"goal": "removal"})["claims"] == []
    shown = assess(kb, c, {})["claims"]
    assert [(x["id"], x["relevance"]) for x in shown] == [("CL-001", "possible")]


def test_mismatch_status_and_unknowns(mini: tuple[KnowledgeBase, Compiled]) -> None:
    kb, c = mini
    r = assess(kb, c, {})
    assert [(m["id"], m["status"]) for m in r["mismatches"]] == [("M1", "possible")]
    assert {"question": "goal", "label": "Goal?", "would_change": ["filter", "M1", "CL-001"]} in r["unknowns"]
    r = assess(kb, c, {"goal": "removal"})
    assert [(m["id"], m["status"], m["why"]) for m in r["mismatches"]] == [("M1", "applies", "Removal asked.")]


def test_result_is_deterministic_and_complete(mini: tuple[KnowledgeBase, Compiled]) -> None:
    kb, c = mini
    a = assess(kb, c, {"goal": "both"})
    b = assess(kb, c, {"goal": "both"})
    assert a == b
    for key in ("kb_version", "answers", "answers_digest", "mismatches", "methods", "claims", "unknowns", "citation"):
        assert key in a
    assert a["citation"]["permalink"] == "https://example.org/mini/questionnaire/#v=1.0.0&goal=both"
