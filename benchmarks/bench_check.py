"""Prints how well and how fast `check` works; a script, not a timed test.

    python benchmarks/bench_check.py [--corpus tests/check_corpus] [--megabytes 2] [--show-misses] [--no-speed] [--curve] [--settings]

- Accuracy on the evaluation corpus (tests/check_corpus/ and its batch-* folders), leave-one-document-
  out (each document checked without the signals written from it, and with the word score learned
  without it: ten folds of documents, each scored by weights learned from the other nine), the same
  with the signals alone, in the thorough mode (`check --thorough`), and with all signals and the shipped word score: precision
  and recall of passage detection (a positive passage flagged, a negative one not) and goal accuracy
  (of the positive passages flagged, the share whose goal, "open" included, is read right), overall,
  by kind of document and by batch, and on the passages the careful readers agreed on and those they split
  on (readings.yaml, rereadings.yaml, settled.yaml); the operating points any word-score threshold could choose (the
  best precision at recall 0.60, 0.70, 0.80, 0.85 and 0.90, leave-one-document-out); then precision and
  recall of the target, driver and deployment proposed and of claim linking (claim IDs per passage).
- Each finder pattern's record, leave-one-document-out: the positives and near misses it matched where its
  signal found them, in documents the signal was not written from, and those no other pattern matched; the
  patterns whose precision there is below 0.50 and that raise more false alarms alone (at least two) than they
  find alone are listed by name, to be read (0.3.15 took out or narrowed most of those it then named, after
  reading what they matched).
- With --curve, the learning curve (about ten minutes more): the word score learned from an eighth, a quarter,
  half, three quarters and all of the corpus's documents (two draws of each share), every passage scored
  leave-one-document-out as above, and the best precision at each recall: whether more passages of the
  kinds collected so far would move the figures.
- With --settings (about four minutes more), the same measure with the word score learned under other
  settings, each changed one at a time from the shipped ones (how many passages a feature needs, how far a
  class feature may span, epochs, learning rate, regularisation), and how many weights each would ship:
  whether the figures hang on those choices.
- Ordinary text (tests/check_corpus/ordinary/: licences, nothing to do with AI): how many passages
  `check` flags in the texts the word score learned from and in those it never learned from (it should
  be none).
- Speed on a long generated document (the corpus's passages between paragraphs of ordinary
  contract and privacy-policy prose, about 1 in 20 paragraphs flagged): words per second and MB/s.
Targets (issue 18), leave-one-document-out: detection recall >= 0.85, precision >= 0.90, goal read right
on >= 0.80 of flagged passages; at least 1 MB of text per second.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import fields
from pathlib import Path

from framework.kb.loader import load
from framework.kb.locate import bundled_root
from framework.kb.normalise import canonical
from framework.logic.engine import compile_kb
from framework.logic.tables import compile_tables
from framework.textcheck.corpus import (
    ORDINARY_PARTS,
    SETTINGS,
    Corpus,
    Outcome,
    aggregate,
    agreement,
    by,
    disputed,
    goal_accuracy,
    kind_group,
    learning_curve,
    load_corpus,
    outcomes,
    pattern_records,
    reread,
    settings_sweep,
    threshold_rows,
)
from framework.textcheck.matcher import Signals, Unit, check
from framework.textcheck.passages import passages
from framework.textcheck.word_score import precision_at_recall

HERE = Path(__file__).resolve().parent.parent
FILLER = [
    "The Supplier shall keep accurate records of all Services performed under this Agreement and make them available on request.",
    "Either party may terminate this Agreement by giving thirty (30) days' written notice to the other party.",
    "We collect the information you provide when you create an account, such as your name, email address and payment details.",
    "You may delete your account at any time from the settings page; we will then delete your records within 30 days.",
    "Our business model relies on subscriptions, and prices may change with notice as set out in Section 4.2.",
    "The Licensee shall not sublicense, sell or distribute the Software except as expressly permitted in writing.",
    "Notices under this Agreement must be in writing and are deemed received on the second business day after posting.",
    "Backups are kept for 90 days and are then overwritten in the ordinary course of our retention schedule.",
    "This policy applies to the website, the mobile applications and any related services that link to it.",
    "A model clause for data processing agreements is annexed to this guidance for the convenience of controllers.",
]


def document(positives: list[str], negatives: list[str], megabytes: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        flagged = rng.random() < 0.05
        para = rng.choice(positives) if flagged else " ".join(rng.choice(FILLER + negatives) for _ in range(rng.randint(2, 6)))
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(parts)


def _line(name: str, items: list[Outcome]) -> str:
    s = aggregate(items)
    det = s["detection"]
    acc, right, flagged = goal_accuracy(items)
    npos = sum(o.positive for o in items if o.checked)
    nneg = sum(not o.positive for o in items if o.checked)
    other = sum(not o.checked for o in items)
    return (f"{name:<24} {det.precision:>9.2f} {det.recall:>7.2f} {acc:>6.2f}   "
            f"pos {npos}, neg {nneg}: tp {det.tp}, fp {det.fp}, fn {det.fn}; goal {right}/{flagged}"
            + (f"; {other} in other languages, not checked" if other else ""))


def report(title: str, items: list[Outcome], corpus: Corpus) -> None:
    print(f"\n{title}")
    print(f"{'':<24} {'precision':>9} {'recall':>7} {'goal':>6}")
    print(_line("overall", items))
    kinds = by(items, lambda o: kind_group(corpus.documents.get(o.document, {}).get("kind", "other")))
    for k, group in kinds.items():
        print(_line(f"  kind {k}", group))
    batch_of = {p["id"]: p["batch"] for p in corpus.positive + corpus.negative}
    for b, group in by(items, lambda o: batch_of[o.id]).items():
        print(_line(f"  batch {b}", group))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / "tests" / "check_corpus")
    ap.add_argument("--megabytes", type=float, default=2.0)
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    ap.add_argument("--curve", action="store_true", help="also print the learning curve (about ten minutes more)")
    ap.add_argument("--settings", action="store_true", help="also print the figures under other learning settings (about four minutes more)")
    args = ap.parse_args()
    kb = load(bundled_root())
    c = compile_kb(kb)
    tables = compile_tables(kb, c).tables
    corpus = load_corpus(args.corpus)
    pos, neg = corpus.positive, corpus.negative
    written = sum(1 for s in kb.signals.values() if s.written_from)
    print(f"corpus: {len(pos)} positive and {len(neg)} negative passages from {len({p['document'] for p in pos + neg})} documents; "
          f"{len(kb.signals)} signals, {written} of them written from corpus documents")
    lodo = outcomes(kb, c, pos, neg, lodo=True, tables=tables, ordinary=corpus.ordinary["learned"])
    alone = outcomes(kb, c, pos, neg, lodo=True, tables=tables, words=False)
    thorough = outcomes(kb, c, pos, neg, lodo=True, tables=tables, ordinary=corpus.ordinary["learned"], thorough=True)
    seen = outcomes(kb, c, pos, neg, lodo=False, tables=tables)
    report("leave-one-document-out (each document checked without the signals written from it and with the word score learned without it)",
           lodo, corpus)
    split = disputed(corpus.readings, corpus.rereadings, corpus.settled)
    print("\nleave-one-document-out, by whether the careful readers agreed on a passage's label (every reading alike) or split")
    print(f"{'':<24} {'precision':>9} {'recall':>7} {'goal':>6}")
    for mode, items in (("default", lodo), ("thorough", thorough)):
        print(_line(f"  {mode}, agreed", [o for o in items if o.id not in split]))
        print(_line(f"  {mode}, split", [o for o in items if o.id in split]))
    report("the signals alone, leave-one-document-out (what the word score adds is the difference)", alone, corpus)
    points = precision_at_recall(threshold_rows(kb, c, corpus, tables, alone=alone))
    print("\noperating points, leave-one-document-out: the best precision any word-score threshold gives, with the signals, "
          "at each recall: " + ", ".join(f"recall {r:.2f}: {p:.2f}" for r, p in sorted(points.items())))
    records = pattern_records(kb, pos + neg, lodo)
    weak = [r for r in records if r.worth_reading]
    print(f"\nfinder patterns, leave-one-document-out (passages each matched where its signal found them, in documents the "
          f"signal was not written from; 'alone': no other pattern matched): {len(records)} patterns matched, "
          f"{len(weak)} with precision below 0.50 and more false alarms alone (at least two) than positives alone"
          + "".join(f"\n  {r.signal} pattern {r.pattern}: {r.positives} positive, {r.near_misses} near misses "
                    f"(alone {r.positives_alone}, {r.near_misses_alone}), precision {r.precision:.2f}" for r in weak))
    if args.curve:
        print("\nlearning curve, leave-one-document-out: the word score learned from a share of the documents (each fold from its "
              "share of the other folds), every passage scored; the best precision, with the signals, at each recall")
        for point in learning_curve(kb, c, corpus, (0.125, 0.25, 0.5, 0.75, 1.0), tables=tables, alone=alone):
            print(f"  share {point['share']:.3f} (draw {point['seed']}), {point['passages']:>5} passages learned from: "
                  + ", ".join(f"{r:.2f}: {p:.2f}" for r, p in sorted(point["precision_at_recall"].items())))
    if args.settings:
        print("\nlearning settings, leave-one-document-out: the word score learned under the shipped settings (first), then with one "
              "changed; the weights the whole corpus would teach, and the best precision, with the signals, at each recall")
        shipped = SETTINGS[0]
        for point in settings_sweep(kb, c, corpus, tables=tables, alone=alone):
            how = point["settings"]
            changed = ", ".join(f"{f.name} {getattr(how, f.name)}" for f in fields(how) if getattr(how, f.name) != getattr(shipped, f.name))
            print(f"  {changed or 'shipped':<16} {point['weights']:>6} weights: "
                  + ", ".join(f"{r:.2f}: {p:.3f}" for r, p in sorted(point["precision_at_recall"].items())))
    report("thorough mode (check --thorough: the word score at its lower threshold), leave-one-document-out", thorough, corpus)
    report("all signals and the shipped word score (the corpus as seen while writing and learning them)", seen, corpus)
    everything = Signals.of(kb)
    for part in ORDINARY_PARTS:
        texts = corpus.ordinary[part]
        flagged = sum(len(check(kb, c, [Unit(t)], everything, tables=tables)["passages"]) for _, t in texts)
        print(f"ordinary text, {part}: {flagged} of {sum(len(passages(t)) for _, t in texts)} passages flagged in {len(texts)} licences")
    if kb.word_score is not None:
        m = kb.word_score.measured
        print(f"\nword score: {len(kb.word_score.weights)} weights, threshold {kb.word_score.threshold}, learned from "
              f"{m['passages']['positive']} positive and {m['passages']['near_miss']} near-miss passages of {m['passages']['documents']} documents")
    scores = aggregate(lodo)
    print("\nlabels and claims (leave-one-document-out):")
    print(f"{'measure':<12} {'precision':>9} {'recall':>7}   counts")
    for name, sc in scores.items():
        print(f"{name:<12} {sc.precision:>9.2f} {sc.recall:>7.2f}   tp {sc.tp}, fp {sc.fp}, fn {sc.fn}")
    det = scores["detection"]
    acc = goal_accuracy(lodo)[0]
    ok = det.precision >= 0.9 and det.recall >= 0.85 and acc >= 0.8
    print(f"targets (leave-one-document-out: precision >= 0.90, recall >= 0.85, goal >= 0.80): {'met' if ok else 'NOT met'}")
    if (agreed := agreement(corpus.readings)) is not None:
        print(f"a second reader (the labelling guide, blind to the collector's label) on {agreed['passages']} passages: "
              f"recall {agreed['recall']:.2f}, precision {agreed['precision']:.2f} against the collectors, agreement "
              f"{agreed['agreement']:.2f} (kappa {agreed['kappa']:.2f}); a third reader settled {agreed['third_readings']} "
              f"disagreements, {agreed['relabelled']} of them against the collector (those passages were relabelled)")
    if (again := reread(corpus.rereadings)) is not None:
        print(f"read again under the guide's revision 2 (every passage where readers had split, and every passage from a paper): "
              f"{again['passages']} passages, two new readers agreeing on {again['agreement']:.2f} (kappa {again['kappa']:.2f}), "
              f"a third on {again['third_readings']}; {again['to_positive']} moved to positive and {again['to_near_miss']} to near miss "
              f"({again['amended']} of these were read again under the amended text, whose readers decide)")
    if (last := reread(corpus.settled)) is not None:
        print(f"read again under the two cases the guide added on 2026-12-07 (settled.yaml): {last['passages']} passages, two new "
              f"readers agreeing on {last['agreement']:.2f} (kappa {last['kappa']:.2f}), a third on {last['third_readings']}; "
              f"{last['to_positive']} moved to positive and {last['to_near_miss']} to near miss; these readers decide")
    if args.show_misses:
        for name, sc in scores.items():
            for m in sc.misses:
                print(f"  {name}: {m}")
    if args.no_speed:
        return

    text = canonical(document([p["quote"] for p in pos], [n["quote"] for n in neg], args.megabytes))
    signals = Signals.of(kb)
    mb = len(text.encode("utf-8")) / 1_000_000
    words = len(text.split())
    best = cpu = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = check(kb, c, [Unit(text)], signals)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    print(f"speed: {mb:.2f} MB, {words:,} words, {result['flagged']} passages flagged, in {best:.2f} s (best of 3): "
          f"{words / best:,.0f} words/s, {mb / best:.2f} MB/s (target >= 1 MB/s: {'met' if mb / best >= 1 else 'NOT met'}); "
          f"processor time {cpu:.2f} s, {mb / cpu:.2f} MB/s (what a machine busy with other work still gives)")


if __name__ == "__main__":
    main()
