"""Prints what a lexical score would add to the signals; an experiment for issue 18, not a feature.

    python benchmarks/bench_lexical.py

The signals are phrases, and phrases fitted to some documents carry poorly to others (see
bench_check.py: leave-one-document-out recall about 0.70, and 0.49 on held-out batch D). This measures
the next candidate: a naive-Bayes score over word stems (first six letters) and pairs of them, from
the corpus's positive and near-miss passages, a passage counting as found when the signals flag it OR
its score passes a threshold. It is measured two ways, never on what it was trained on:
- leave one document out: each passage scored with counts that leave out its own document;
- leave one batch out: each held-out batch (batch-c, batch-d) scored with counts from the other batches.
For each threshold it prints recall and precision of signals alone and with the score, and how many of
the speed benchmark's ordinary filler paragraphs the score alone would flag.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from bench_check import FILLER

from framework.kb.loader import load
from framework.logic.engine import compile_kb
from framework.textcheck.corpus import load_corpus, outcomes

HERE = Path(__file__).resolve().parent.parent
THRESHOLDS = (4, 6, 8, 10, 12)


def features(text: str) -> set[str]:
    words = [w[:6] for w in re.findall(r"[a-z][a-z-]+", text.lower())]
    return set(words) | {f"{a}_{b}" for a, b in pairwise(words)}


class Counts:
    """Passages with and without an unlearning-like ask, and in how many of each every feature is."""

    def __init__(self) -> None:
        self.n = [0, 0]
        self.seen: list[Counter[str]] = [Counter(), Counter()]

    def add(self, f: set[str], positive: bool, sign: int = 1) -> None:
        self.n[positive] += sign
        for w in f:
            self.seen[positive][w] += sign

    def score(self, f: Iterable[str]) -> float:
        s = math.log(self.n[1] / self.n[0])
        for w in f:
            a, b = self.seen[1][w], self.seen[0][w]
            if a + b >= 2:
                s += math.log((a + 0.5) / (self.n[1] + 1)) - math.log((b + 0.5) / (self.n[0] + 1))
        return s


def _line(name: str, rows: list[tuple[float, bool, bool]], th: float) -> str:
    pos = sum(1 for _, y, _ in rows if y)
    sig_tp = sum(1 for _, y, fl in rows if y and fl)
    sig_fp = sum(1 for _, y, fl in rows if not y and fl)
    tp = sum(1 for s, y, fl in rows if y and (fl or s > th))
    fp = sum(1 for s, y, fl in rows if not y and (fl or s > th))
    return (f"  {name:<22} threshold {th:>4}: signals recall {sig_tp / pos:.2f} precision {sig_tp / max(1, sig_tp + sig_fp):.2f}"
            f" -> with the score recall {tp / pos:.2f} precision {tp / max(1, tp + fp):.2f}")


def main() -> int:
    kb = load(HERE)
    c = compile_kb(kb)
    corpus = load_corpus(HERE / "tests" / "check_corpus")
    lodo = {o.id: o for o in outcomes(kb, c, corpus.positive, corpus.negative, lodo=True)}
    items = [(p, True) for p in corpus.positive] + [(n, False) for n in corpus.negative]
    items = [(p, y) for p, y in items if lodo[p["id"]].checked]
    feats = {p["id"]: features(p["quote"]) for p, _ in items}
    every = Counts()
    by_doc: dict[str, Counts] = {}
    for p, y in items:
        every.add(feats[p["id"]], y)
        by_doc.setdefault(p.get("document", ""), Counts()).add(feats[p["id"]], y)

    def without(doc: Counts) -> Counts:
        out = Counts()
        out.n = [every.n[0] - doc.n[0], every.n[1] - doc.n[1]]
        out.seen = [every.seen[0] - doc.seen[0], every.seen[1] - doc.seen[1]]
        return out

    print(f"corpus: {sum(1 for _, y in items if y)} positive and {sum(1 for _, y in items if not y)} near-miss passages in English")
    print("leave one document out (the signals: leave-one-document-out too)")
    scorers = {d: without(cnt) for d, cnt in by_doc.items()}
    rows = [(scorers[p.get("document", "")].score(feats[p["id"]]), y, lodo[p["id"]].flagged) for p, y in items]
    for th in THRESHOLDS:
        print(_line("whole corpus", rows, th))
    print("leave one batch out")
    for held in sorted({p["batch"] for p, _ in items} - {"main", "batch-a", "batch-b"}):
        train = Counts()
        for p, y in items:
            if p["batch"] != held:
                train.add(feats[p["id"]], y)
        rows = [(train.score(feats[p["id"]]), y, lodo[p["id"]].flagged) for p, y in items if p["batch"] == held]
        for th in THRESHOLDS:
            filler = sum(1 for x in FILLER if train.score(features(x)) > th)
            print(_line(held, rows, th) + f"; filler paragraphs flagged by the score alone: {filler} of {len(FILLER)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
