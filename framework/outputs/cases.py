"""A case's result: its answers assessed by the engine, and how that compares with what it expects.

Pure: the CLI (`evaluate --case`, `explain`), the site and the tests all take a case's result from here,
so that it is computed one way and never written by hand.
"""

from __future__ import annotations

from typing import Any

from ..kb.answers import check_answers, permalink
from ..kb.diagnostics import Positions
from ..kb.knowledge_base import KnowledgeBase
from ..logic.tables import Tables
from ..model.answer_space import AnswerSpace, Value
from .assessment import assess


def case_answers(kb: KnowledgeBase, case_id: str) -> dict[str, Value]:
    """The case's answers in normal form (validation has already checked them)."""
    case = kb.of("case")[case_id]
    return check_answers(case.answers, AnswerSpace(tuple(kb.questions.values())), Positions(f"case {case_id}"))


def case_result(kb: KnowledgeBase, tables: Tables, case_id: str) -> dict[str, Any]:
    """The `evaluate` result for the case's answers, looked up in the decision tables."""
    return assess(tables, case_answers(kb, case_id))


def case_permalink(kb: KnowledgeBase, case_id: str, site_url: str | None) -> str:
    """The questionnaire link that reopens the case's answers."""
    return permalink(case_answers(kb, case_id), kb.meta.version, site_url)


def differences(kb: KnowledgeBase, result: dict[str, Any], case_id: str) -> list[str]:
    """Where the engine's result departs from the verdicts the case expects; empty when it agrees."""
    expect = kb.of("case")[case_id].expect
    out: list[str] = []
    methods = {m["id"]: m["verdict"] for m in result["methods"]}
    for mid, want in expect.methods.items():
        if methods.get(mid) != want:
            out.append(f"method {mid}: the engine concludes {methods.get(mid)}, the case expects {want}")
    claims = {c["id"]: c["verdict"] for c in result["claims"]}
    for cid, want in expect.claims.items():
        if claims.get(cid) != want:
            out.append(f"claim {cid}: the engine gives {claims.get(cid, 'no verdict (not shown)')}, the case expects {want}")
    applies = {m["id"] for m in result["mismatches"] if m["status"] == "applies"}
    out += [f"mismatch {m}: expected to apply, does not" for m in expect.mismatches if m not in applies]
    return out


def summary(kb: KnowledgeBase, tables: Tables, case_id: str) -> dict[str, Any]:
    """A short result for `explain`: verdicts, mismatches that apply, the case's claims, what is open."""
    case = kb.of("case")[case_id]
    result = case_result(kb, tables, case_id)
    claims = {c["id"]: c["verdict"] for c in result["claims"]}
    return {
        "answers": result["answers"],
        "methods": {m["id"]: m["verdict"] for m in result["methods"]},
        "mismatches": {m["id"]: m["status"] for m in result["mismatches"]},
        "claims": {cid: claims.get(cid) for cid in case.claims},
        "unknowns": [u["question"] for u in result["unknowns"]],
        "permalink": result["citation"]["permalink"],
        "differences": differences(kb, result, case_id),
    }
