"""Scoring `check` on an evaluation corpus (tests/check_corpus/, format in its README): pure.

Each positive passage must be flagged, each negative one must not; for the positives, the whole-text
labels are compared with the expected goal, target, driver and deployment, and the claims linked with
the expected claims. The benchmark prints these figures and a test holds recall and precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from ..kb.normalise import canonical
from ..logic.engine import Compiled
from ..logic.tables import compile_tables
from .matcher import Signals, Unit, check


@dataclass
class Score:
    """Counts for one measure: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _norm(v: Any) -> Any:
    return sorted(v) if isinstance(v, list) else v


def score(kb: KnowledgeBase, c: Compiled, positives: list[dict[str, Any]], negatives: list[dict[str, Any]]) -> dict[str, Score]:
    signals = Signals.of(kb)
    tables = compile_tables(kb, c).tables
    out = {k: Score() for k in ("detection", "goal", "target", "driver", "deployment", "claims")}
    for p in positives:
        result = check(kb, c, [Unit(canonical(p["quote"]))], signals, tables=tables)
        expect = p.get("expect", {})
        det = out["detection"]
        if not result["flagged"]:
            det.fn += 1
            det.misses.append(f"{p['id']} not flagged")
            for q in ("goal", "target", "driver", "deployment"):
                if expect.get(q) is not None:
                    out[q].fn += 1
            out["claims"].fn += len(expect.get("claims") or [])
            continue
        det.tp += 1
        labels = result["proposal"]["labels"]
        for q in ("goal", "target", "driver", "deployment"):
            want = expect.get(q)
            got = labels.get(q, {}).get("value")
            s = out[q]
            if got is not None and want is not None and _norm(got) == _norm(want):
                s.tp += 1
                continue
            if got is not None:
                s.fp += 1
            if want is not None:
                s.fn += 1
            if got != want:
                s.misses.append(f"{p['id']}: {q} {got} (expected {want})")
        got_claims = {cl["id"] for f in result["passages"] for cl in f["claims"]}
        want_claims = set(expect.get("claims") or [])
        s = out["claims"]
        s.tp += len(got_claims & want_claims)
        s.fp += len(got_claims - want_claims)
        s.fn += len(want_claims - got_claims)
        if got_claims != want_claims:
            s.misses.append(f"{p['id']}: claims {sorted(got_claims)} (expected {sorted(want_claims)})")
    for n in negatives:
        result = check(kb, c, [Unit(canonical(n["quote"]))], signals, tables=tables)
        if result["flagged"]:
            out["detection"].fp += 1
            words = "; ".join(e["words"] for f in result["passages"] for e in f["found_by"])
            out["detection"].misses.append(f"{n['id']} flagged by {words!r}")
    return out
