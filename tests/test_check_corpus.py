"""The evaluation corpus of `check` (tests/check_corpus/): well-formed, labelled with the knowledge base's
own IDs, every document it cites recorded; and `check` finds its positive passages and leaves its
negative ones alone (recall and precision of at least 0.9, the issue's targets)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from framework.textcheck.corpus import score

CORPUS = Path(__file__).resolve().parent / "check_corpus"
KINDS = {"statute", "bill", "regulation", "regulator-guidance", "regulator-opinion", "order", "decision", "complaint", "settlement",
         "code-of-practice", "provider-terms", "model-card", "policy", "paper", "other"}
GOALS = {"removal", "suppression", "both", "open"}


def _load(name: str) -> Any:
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    return {"documents": _load("documents.yaml")["documents"], "positive": _load("positive.yaml")["passages"],
            "negative": _load("negative.yaml")["passages"]}


def test_documents_are_recorded_with_where_they_were_verified(corpus: dict[str, Any]) -> None:
    ids = [d["id"] for d in corpus["documents"]]
    assert len(ids) == len(set(ids))
    for d in corpus["documents"]:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", d["id"]), d["id"]
        assert set(d) <= {"id", "title", "issuer", "kind", "jurisdiction", "date", "url", "verified_in", "verified_on", "note"}, d["id"]
        assert d["title"] and d["issuer"] and d["kind"] in KINDS and d["jurisdiction"], d["id"]
        assert str(d["verified_in"]).startswith(("https://", "http://")), d["id"]
        assert isinstance(d["verified_on"], dt.date), d["id"]
        if "url" in d:
            assert str(d["url"]).startswith(("https://", "http://")), d["id"]


def test_passages_cite_recorded_documents_and_use_the_knowledge_base_ids(corpus: dict[str, Any], kb: Any) -> None:
    docs = {d["id"] for d in corpus["documents"]}
    questions = kb.questions
    seen: set[str] = set()
    for kind, prefix in (("positive", "P"), ("negative", "N")):
        for p in corpus[kind]:
            assert re.fullmatch(prefix + r"[0-9]{3}", p["id"]) and p["id"] not in seen, p["id"]
            seen.add(p["id"])
            assert p["document"] in docs, f"{p['id']}: document {p['document']} is not in documents.yaml"
            assert isinstance(p["quote"], str) and 10 < len(p["quote"]) < 700, p["id"]
            assert p.get("note"), p["id"]
            if kind == "negative":
                assert "expect" not in p
                continue
            e = p["expect"]
            assert set(e) <= {"goal", "target", "driver", "deployment", "claims"}, p["id"]
            assert e["goal"] in GOALS, p["id"]
            if "target" in e:
                assert e["target"] in questions["target"].option_ids(), p["id"]
            if "deployment" in e:
                assert e["deployment"] in questions["deployment"].option_ids(), p["id"]
            for d in e.get("driver") or []:
                assert d in questions["driver"].option_ids(), p["id"]
            for c in e.get("claims") or []:
                assert c in kb.claims, f"{p['id']}: no claim {c}"


def test_the_corpus_is_as_large_as_the_issue_asks(corpus: dict[str, Any]) -> None:
    assert len(corpus["positive"]) >= 60
    assert len({p["document"] for p in corpus["positive"]}) >= 25
    assert len(corpus["negative"]) >= 30


def test_check_finds_the_positive_passages_and_leaves_the_negative_ones(corpus: dict[str, Any], kb: Any, compiled: Any) -> None:
    s = score(kb, compiled, corpus["positive"], corpus["negative"])["detection"]
    assert s.recall >= 0.9, "\n".join(s.misses)
    assert s.precision >= 0.9, "\n".join(s.misses)


def test_scoring_counts_what_it_should(kb: Any, compiled: Any) -> None:
    positives = [{"id": "P900", "quote": "The model must unlearn the photos.", "expect": {"goal": "open", "target": "data", "claims": []}},
                 {"id": "P901", "quote": "Nothing relevant here.", "expect": {"goal": "removal", "claims": ["CL-001"]}}]
    negatives = [{"id": "N900", "quote": "Delete your account."}, {"id": "N901", "quote": "Ask the model to forget it."}]
    s = score(kb, compiled, positives, negatives)
    assert (s["detection"].tp, s["detection"].fn, s["detection"].fp) == (1, 1, 1)
    assert (s["goal"].tp, s["goal"].fn) == (1, 1)
    assert (s["target"].tp, s["claims"].fn) == (1, 1)
