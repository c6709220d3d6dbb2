"""Rule-engine semantics on a small fixture knowledge base, independent of the real content."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from framework.kb.loader import load
from framework.logic.engine import Compiled, compile_kb
from framework.logic.evaluation import Evaluation
from framework.logic.tables import Tables, compile_tables
from framework.model import CLAIM_ORDER, METHOD_ORDER
from framework.model.answer_space import Value
from framework.outputs.assessment import assess

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> tuple[Tables, Compiled]:
    kb = load(MINI)
    c = compile_kb(kb)
    return compile_tables(kb, c).tables, c


def test_exception_overrides_the_general_rule(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    hosted = Evaluation(t, {"goal": "suppression", "deployment": "hosted", "adversary": ("benign",)}).method("filter")
    assert hosted["verdict"] == "partial" and hosted["conditions"] == ["serving controlled"]
    assert hosted["trace"] == ["R-F-010"]
    open_ = Evaluation(t, {"goal": "suppression", "deployment": "open", "adversary": ("benign",)}).method("filter")
    assert open_["verdict"] == "does-not-support" and open_["trace"] == ["R-F-011"]
    assert open_["explanation"][0]["overrode"] == ["R-F-010"]
    assert hosted["explanation"][0]["overrode"] == []
    assert open_["explanation"][0]["read"] == {"deployment": "open"}


def test_both_is_the_weaker_half(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    m = Evaluation(t, {"goal": "both", "deployment": "hosted", "adversary": ("benign",)}).method("filter")
    assert m["halves"] == {"removal": "does-not-support", "suppression": "partial"}
    assert m["verdict"] == "does-not-support"
    # each half keeps its own verdict, conditions and trace (contract, "Verdicts"; ML review N4)
    assert m["by_half"]["suppression"] == {"verdict": "partial", "conditions": ["serving controlled"], "caveats": [], "trace": ["R-F-010"]}
    assert m["by_half"]["removal"]["verdict"] == "does-not-support" and m["by_half"]["removal"]["conditions"] == []
    assert m["conditions"] == [] and "R-F-010" not in m["trace"]  # the overall verdict needs nothing


def test_a_half_left_open_is_the_weakest_over_the_goal(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    m = Evaluation(t, {"deployment": "hosted", "adversary": ("benign",)}).method("filter")
    assert m["by_half"]["suppression"]["verdict"] == "partial" and m["by_half"]["suppression"]["conditions"] == ["serving controlled"]


def test_bottom_line_sums_up_a_split_method_half_by_half(mini: tuple[Tables, Compiled]) -> None:
    """goal: both - a method that cannot deliver removal but reduces the problem for suppression is named
    for suppression, and never said to achieve neither half (ML review N4)."""
    t, _c = mini
    out = assess(t, {"goal": "both", "deployment": "hosted", "adversary": ("benign",)})
    bl = out["bottom_line"]
    split = [m for m in out["methods"] if len(set(m["halves"].values())) > 1]
    assert split
    by_aim = {g["aim"]: [m["id"] for m in g["methods"]] for g in bl["achieves"]}
    for m in split:
        for aim, verdict in m["halves"].items():
            best = "supports" if any(x["halves"][aim] == "supports" for x in out["methods"]) else "partial"
            assert (m["id"] in by_aim[aim]) == (verdict == best)
    assert not any(m["id"] in [x["id"] for x in bl["does_not_count"]] for m in split)
    assert bl["text"][0].startswith("For removal,") and "; for suppression," in bl["text"][0]


def test_unanswered_gives_the_weakest_and_names_the_unknown(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    m = Evaluation(t, {"goal": "suppression"}).method("filter")
    assert m["verdict"] == "does-not-support"
    assert m["depends_on"] == ["deployment"]
    assert m["explanation"][0]["read"] == {"deployment": "(unanswered)"}


def _states(c: Compiled) -> list[dict[str, Value]]:
    qids = [q.id for q in c.space.questions if not c.space.has_default(q.id)]
    domains = [[None, *c.space.domain(q)] for q in qids]
    return [{q: v for q, v in zip(qids, combo) if v is not None} for combo in itertools.product(*domains)]


def test_partial_verdicts_equal_the_minimum_over_completions(mini: tuple[Tables, Compiled]) -> None:
    """Checked against an independent brute force over every partial answer of the fixture."""
    t, c = mini
    all_q = [q.id for q in c.space.questions if not c.space.has_default(q.id)]
    for answers in _states(c):
        got = Evaluation(t, answers).method("filter")["verdict"]
        worst = "supports"
        for completion in c.space.completions(answers, all_q):
            full, filled = c.with_defaults(completion)
            for aspect in c.aspects[str(full["goal"])]:
                v = c.decide(("method", "filter", aspect), full, filled).value
                assert v is not None
                worst = min(worst, v, key=METHOD_ORDER.__getitem__)
        assert got == worst, answers


def test_defaults_follow_their_inputs(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    assert assess(t, {"deployment": "open"})["defaults_applied"] == {"extra": "yes"}
    assert assess(t, {"deployment": "hosted"})["defaults_applied"] == {"extra": "no"}
    assert assess(t, {"goal": "removal"})["defaults_applied"] == {}


def test_unanswered_condition_sees_defaults_not_answers(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    base = {"goal": "suppression", "deployment": "hosted", "adversary": ("benign",)}
    left = {x["id"]: x for x in assess(t, base)["claims"]}["CL-001"]
    given = {x["id"]: x for x in assess(t, {**base, "extra": "no"})["claims"]}["CL-001"]
    assert (left["verdict"], left["trace"]) == ("unsupportable", ["R-C-003"])
    assert (given["verdict"], given["trace"]) == ("conditional", ["R-C-001"])


def test_claims_outside_their_relevance_are_not_shown(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    assert assess(t, {"goal": "removal"})["claims"] == []
    shown = assess(t, {})["claims"]
    assert [(x["id"], x["relevance"]) for x in shown] == [("CL-001", "possible")]


def test_mismatch_status_and_unknowns(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    r = assess(t, {})
    assert [(m["id"], m["status"]) for m in r["mismatches"]] == [("M1", "possible")]
    assert {"question": "goal", "label": "Goal?", "would_change": ["filter", "M1", "CL-001"]} in r["unknowns"]
    r = assess(t, {"goal": "removal"})
    assert [(m["id"], m["status"], m["why"]) for m in r["mismatches"]] == [("M1", "applies", "Removal asked.")]


def test_result_is_deterministic_and_complete(mini: tuple[Tables, Compiled]) -> None:
    t, _c = mini
    a = assess(t, {"goal": "both"})
    b = assess(t, {"goal": "both"})
    assert a == b
    for key in ("kb_version", "answers", "answers_digest", "mismatches", "methods", "claims", "unknowns", "citation"):
        assert key in a
    assert a["citation"]["permalink"] == "https://example.org/mini/questionnaire/#v=1.0.0&goal=both"


def _verdict(t: Tables, c: Compiled, kind: str, item: str, answers: dict[str, Value]) -> str | None:
    """Independent of the tables: the weakest over completions, straight from the rules."""
    all_q = [q.id for q in c.space.questions if not c.space.has_default(q.id)]
    order = METHOD_ORDER if kind == "method" else CLAIM_ORDER
    found = []
    for completion in c.space.completions(answers, all_q):
        full, filled = c.with_defaults({**answers, **completion})
        if kind == "method":
            found.append(min((c.decide(("method", item, a), full, filled).value or "does-not-support" for a in c.aspects[str(full["goal"])]),
                             key=order.__getitem__))
        elif c.relevant(item, full, filled):
            found.append(c.decide(("claim", item), full, filled).value)
    found = [v for v in found if v is not None]
    return min(found, key=order.__getitem__) if found else None


def _all_answer_sets(c: Compiled) -> list[dict[str, Value]]:
    qids = [q.id for q in c.space.questions]
    domains = [[None, *c.space.domain(q)] for q in qids]
    return [{q: v for q, v in zip(qids, combo) if v is not None} for combo in itertools.product(*domains)]


def test_what_would_change_is_the_smallest_change_by_brute_force(mini: tuple[Tables, Compiled]) -> None:
    """Every reported change gives the verdict it says; no smaller change gives a stronger (weaker) one;
    and 'no change makes it stronger' is true, checked against every answer set of the fixture."""
    t, c = mini
    sets = _all_answer_sets(c)
    checked = 0
    for answers in sets:
        result = assess(t, answers)
        for kind, items in (("method", result["methods"]), ("claim", result["claims"])):
            order = METHOD_ORDER if kind == "method" else CLAIM_ORDER
            for item in items:
                w, current = item["what_would_change"], item["verdict"]
                for direction, better in (("stronger", lambda a, b: a > b), ("weaker", lambda a, b: a < b)):
                    best_size = None
                    for other in sets:
                        if not all(q in other for q in answers):
                            continue  # a change never un-answers a question
                        v = _verdict(t, c, kind, item["id"], other)
                        if v is None or not better(order[v], order[current]):
                            continue
                        size = sum(1 for q in c.space.order(set(other) | set(answers)) if other.get(q) != answers.get(q))
                        best_size = size if best_size is None else min(best_size, size)
                    got = w[direction]
                    assert (got["size"] if got else None) == best_size, (kind, item["id"], answers, direction, got, best_size)
                    for option in (got or {}).get("options", []):
                        changed = {**answers, **{a["question"]: (tuple(a["to"]) if isinstance(a["to"], list) else a["to"]) for a in option["answers"]}}
                        assert _verdict(t, c, kind, item["id"], changed) == option["verdict"]
                        checked += 1
                top = max(order, key=order.__getitem__)
                assert w["can_reach_top"] == any(_verdict(t, c, kind, item["id"], o) == top for o in sets)
    assert checked > 50
