"""Scoring `check` on an evaluation corpus (tests/check_corpus/, format in its README): pure but for
`load_corpus`, which reads the corpus folder and every `batch-*` folder in it.

Each positive passage must be flagged, each negative one must not; for the positives, the whole-text
labels are compared with the expected goal, target, driver and deployment, and the claims linked with
the expected claims. Goal accuracy is the share of flagged positive passages whose goal is read right.

Leave-one-document-out (`lodo=True`): a signal says which corpus documents it was written from
(`written_from`), and each passage is checked with only the signals not written from its document, so
the figures say how `check` does on documents it has not been fitted to. Passages in a language the
signals do not cover are reported as not checked by `check`, which is right, and are left out of
the figures (the benchmark counts them). The benchmark prints these
figures overall, by kind of document and by batch; a test holds the targets.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..kb.knowledge_base import KnowledgeBase
from ..kb.normalise import canonical, fold_text
from ..logic.engine import Compiled
from ..logic.tables import Tables, compile_tables
from .language import COVERED, detect
from .matcher import KB_WORD_SCORE, Signals, Unit, WordDefault, check
from .passages import passages as split_passages
from .word_score import (
    LEARNING,
    NEVER,
    Learning,
    WordScore,
    best_threshold,
    cross_fitted,
    fold_of,
    learn,
    precision_at_recall,
    thorough_threshold,
)

KIND_GROUPS: dict[str, str] = {
    "statute": "law", "bill": "law", "regulation": "law", "bill-statute": "law",
    "regulator-guidance": "regulator", "regulator-opinion": "regulator", "regulator-release": "regulator",
    "order": "legal-action", "decision": "legal-action", "complaint": "legal-action", "settlement": "legal-action",
    "order-judgment-complaint": "legal-action",
    "contract-dpa": "contract-terms", "provider-terms": "contract-terms", "licence": "contract-terms", "license": "contract-terms",
    "provider-docs": "provider-docs", "model-card": "provider-docs",
    "code-of-practice": "policy-standard", "policy": "policy-standard", "standard": "policy-standard",
    "paper": "paper", "report": "report", "news": "news",
    "other": "other",
}
"""Each document `kind` used in the corpus files -> the kind of document the figures are given by. `report`:
a research or policy report by a think tank, NGO, university centre or industry group; `news`: reporting,
third-party blogs, law-firm alerts and commentary about a document (judged by what the document is, not
by what it is about)."""

MEASURES = ("detection", "goal", "target", "driver", "deployment", "claims")
LABELS = ("goal", "target", "driver", "deployment")


def kind_group(kind: str) -> str:
    """The kind of document figures are given by; an unknown kind counts as 'other'."""
    return KIND_GROUPS.get(kind, "other")


@dataclass
class Corpus:
    documents: dict[str, dict[str, Any]]
    positive: list[dict[str, Any]]
    negative: list[dict[str, Any]]
    """Every passage carries `batch`: "main" for the corpus folder's own files, else the batch folder's name."""
    held_out: list[dict[str, Any]] = field(default_factory=list)
    """Each batch measured once before anything was written or learned from it (`held-out.yaml`)."""
    readings: list[dict[str, Any]] = field(default_factory=list)
    """Passages read again by further readers, blind to the first label (`readings.yaml`)."""
    ordinary: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Whole texts about nothing to do with AI, as (file name, canonical text): "learned" (the word score
    learns their passages as near misses) and "held-out" (never learned from; `check` should flag none)."""
    rereadings: list[dict[str, Any]] = field(default_factory=list)
    """Passages read again under the guide's revision 2 by new readers, blind to every earlier label
    (`rereadings.yaml`, each with `before`: the file it was in before revision 2, and `amended: true` where
    the readings are those under the amended text, which replaced the first revision-2 readings); where a
    passage was read again, these readers' majority decides its file."""
    settled: list[dict[str, Any]] = field(default_factory=list)
    """Passages read again under the cases the guide added on 2026-12-07 (`settled.yaml`, each with `before`:
    the file it was in before that round); these readers' majority decides the passage's file, over any
    earlier reading in `readings.yaml` or `rereadings.yaml`, which stay as they were read."""


HELD_OUT_KEYS = {"batch", "measured_on", "kb", "found", "missed", "false_alarms"}
"""Every measurement's keys; one measured in the thorough mode too (`check --thorough`) adds `thorough`:
its found, missed and false_alarms in that mode."""


def _held_out(root: Path, batches: set[str]) -> list[dict[str, Any]]:
    """`held-out.yaml`, checked: every key known and given, counts whole and not negative, each batch once and present."""
    path = root / "held-out.yaml"
    items = _read(path, "measurements")
    seen: set[str] = set()
    for m in items:
        if not isinstance(m, dict) or not HELD_OUT_KEYS <= set(m) <= HELD_OUT_KEYS | {"thorough"}:
            raise ValueError(f"{path}: each measurement has exactly {', '.join(sorted(HELD_OUT_KEYS))} (and, measured in the "
                             f"thorough mode too, thorough): {m!r}")
        thorough = m.get("thorough", {"found": 0, "missed": 0, "false_alarms": 0})
        if not isinstance(thorough, dict) or set(thorough) != {"found", "missed", "false_alarms"} or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in thorough.values()):
            raise ValueError(f"{path}: {m.get('batch')}: thorough has exactly found, missed and false_alarms, each a count")
        if m["batch"] not in batches:
            raise ValueError(f"{path}: {m['batch']} is not a batch folder of the corpus")
        if m["batch"] in seen:
            raise ValueError(f"{path}: {m['batch']} is measured twice (a batch is measured once)")
        if not all(isinstance(m[k], int) and not isinstance(m[k], bool) and m[k] >= 0 for k in ("found", "missed", "false_alarms")):
            raise ValueError(f"{path}: {m['batch']}: found, missed and false_alarms are counts")
        seen.add(m["batch"])
    return items


READING_KEYS = {"id", "first", "second", "third"}
READING_LABELS = ("positive", "near-miss")


def _readings(path: Path, key: str, where: dict[str, str], decided_elsewhere: AbstractSet[str] = frozenset(),
              required: AbstractSet[str] = frozenset(), optional: AbstractSet[str] = frozenset()) -> list[dict[str, Any]]:
    """A readings file (`readings.yaml`, `rereadings.yaml`), checked: each passage read once, by known labels,
    a third reading exactly where the first two differ, and the passage in the file the majority of readers
    put it in (unless `decided_elsewhere`: read again under a later guide, whose readers decide), with the
    `required` keys besides (and any `optional` ones, each `true`). Every fault is named."""
    items = _read(path, key)
    faults: list[str] = []
    seen: set[str] = set()
    for r in items:
        if not isinstance(r, dict) or not {"id", "first", "second", *required} <= set(r) <= READING_KEYS | required | optional \
                or not isinstance(r["id"], str) or any(r[k] is not True for k in optional & set(r)):
            also = "".join(f", {k}" for k in sorted(required))
            faults.append(f"each reading has an id, first, second{also} and, where first and second differ, third: {r!r}")
            continue
        pid = r["id"]
        if pid not in where:
            faults.append(f"{pid}: no such passage in the corpus")
        if pid in seen:
            faults.append(f"{pid}: read twice (one entry per passage)")
        seen.add(pid)
        bad = [k for k in ("first", "second", "third", *sorted(required)) if k in r and r[k] not in READING_LABELS]
        if bad:
            faults.append(f"{pid}: {', '.join(bad)} must be one of {', '.join(READING_LABELS)}")
            continue
        if ("third" in r) != (r["first"] != r["second"]):
            faults.append(f"{pid}: a third reading is given exactly where the first two differ")
            continue
        if pid in where and pid not in decided_elsewhere and where[pid] != majority(r):
            faults.append(f"{pid}: the readers' majority says {majority(r)}, but the passage is in the {where[pid]} file")
    if faults:
        raise ValueError(f"{path}: " + "; ".join(faults))
    return items


def majority(reading: dict[str, Any]) -> str:
    """The label most readers gave: the first reader's, unless the second and third both read it otherwise."""
    return reading["second"] if reading.get("third", reading["first"]) == reading["second"] else reading["first"]


def agreement(readings: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """How far a second reader, blind to the first label, agreed with the collector: the human yardstick for
    the detector's figures (a second careful reader's recall and precision against the collectors' labels)."""
    rs = list(readings)
    if not rs:
        return None
    n = len(rs)
    both = sum(r["first"] == r["second"] == "positive" for r in rs)
    first_pos = sum(r["first"] == "positive" for r in rs)
    second_pos = sum(r["second"] == "positive" for r in rs)
    agree = sum(r["first"] == r["second"] for r in rs) / n
    chance = (first_pos * second_pos + (n - first_pos) * (n - second_pos)) / (n * n)
    return {"passages": n, "agreement": round(agree, 3), "kappa": round((agree - chance) / (1 - chance), 3) if chance < 1 else 1.0,
            "recall": round(both / max(1, first_pos), 3), "precision": round(both / max(1, second_pos), 3),
            "third_readings": sum("third" in r for r in rs), "relabelled": sum(majority(r) != r["first"] for r in rs)}


def disputed(*readings: Iterable[dict[str, Any]]) -> set[str]:
    """The passages careful readers split on: any two of their readings (in readings.yaml and
    rereadings.yaml alike) gave different labels. The detector's figures on the others say how far it
    falls short where the guide leaves no doubt, and on these how much of its shortfall is the guide's."""
    labels: dict[str, set[str]] = {}
    for rs in readings:
        for r in rs:
            labels.setdefault(r["id"], set()).update(r[k] for k in ("first", "second", "third") if k in r)
    return {i for i, ls in labels.items() if len(ls) > 1}


def reread(rereadings: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """What reading again under a revised guide did (revision 2, `rereadings.yaml`; the cases added on
    2026-12-07, `settled.yaml`): how far its two new readers agreed with each other on these hard passages,
    and how many passages changed file."""
    rs = list(rereadings)
    if not rs:
        return None
    two = agreement(rs)
    assert two is not None
    return {"passages": len(rs), "agreement": two["agreement"], "kappa": two["kappa"], "third_readings": two["third_readings"],
            "to_positive": sum(r["before"] == "near-miss" and majority(r) == "positive" for r in rs),
            "to_near_miss": sum(r["before"] == "positive" and majority(r) == "near-miss" for r in rs),
            "amended": sum(bool(r.get("amended")) for r in rs)}


def held_out_total(measurements: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The held-out batches added up: what `check` tells its readers about texts the project had never seen."""
    ms = list(measurements)
    if not ms:
        return None
    found, missed, false = (sum(m[k] for m in ms) for k in ("found", "missed", "false_alarms"))
    return {"batches": len(ms), "found": found, "missed": missed, "false_alarms": false,
            "recall": round(found / max(1, found + missed), 3), "precision": round(found / max(1, found + false), 3)}


def _read(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get(key) or []
    if not isinstance(items, list):
        raise ValueError(f"{path}: '{key}' must be a list")
    return items


def corpus_folders(root: Path) -> list[tuple[str, Path]]:
    """(batch name, folder): the corpus folder itself ("main"), then every `batch-*` folder, sorted."""
    return [("main", root), *((p.name, p) for p in sorted(root.glob("batch-*")) if p.is_dir())]


def load_corpus(root: Path) -> Corpus:
    """The whole corpus: documents, positive and negative passages of the folder and of every batch."""
    docs: dict[str, dict[str, Any]] = {}
    pos: list[dict[str, Any]] = []
    neg: list[dict[str, Any]] = []
    for batch, folder in corpus_folders(root):
        for d in _read(folder / "documents.yaml", "documents"):
            if d["id"] in docs:
                raise ValueError(f"{folder / 'documents.yaml'}: document {d['id']} is recorded twice")
            docs[d["id"]] = {**d, "batch": batch}
        pos += [{**p, "batch": batch} for p in _read(folder / "positive.yaml", "passages")]
        neg += [{**n, "batch": batch} for n in _read(folder / "negative.yaml", "passages")]
    where = {**{p["id"]: "positive" for p in pos}, **{n["id"]: "near-miss" for n in neg}}
    settled = _readings(root / "settled.yaml", "settled", where, required={"before"}, optional={"amended"})
    last = {r["id"] for r in settled}
    again = _readings(root / "rereadings.yaml", "rereadings", where, last, required={"before"}, optional={"amended"})
    return Corpus(docs, pos, neg, _held_out(root, {b for b, _ in corpus_folders(root)}),
                  _readings(root / "readings.yaml", "readings", where, last | {r["id"] for r in again}, optional={"revision_2"}),
                  _ordinary(root), again, settled)


ORDINARY_PARTS = ("learned", "held-out")


def _ordinary(root: Path) -> dict[str, list[tuple[str, str]]]:
    """`ordinary/learned/*.txt` and `ordinary/held-out/*.txt`, each as (file name, canonical text)."""
    return {part: [(f.name, canonical(f.read_text(encoding="utf-8"))) for f in sorted((root / "ordinary" / part).glob("*.txt"))]
            for part in ORDINARY_PARTS}


def ordinary_passages(texts: Iterable[tuple[str, str]]) -> list[tuple[str, bool, str]]:
    """(folded text, False, "ordinary/<file>") for every passage of these texts: what a real document is
    mostly made of, learned as near misses so that words common in any text ("get", "make sure", "don't")
    carry no weight of their own; each file is one document for cross-fitting."""
    return [(fold_text(text[p.start:p.end]), False, f"ordinary/{name}") for name, text in texts for p in split_passages(text)]


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


@dataclass
class Outcome:
    """What `check` did with one corpus passage."""

    id: str
    document: str
    positive: bool
    flagged: bool
    words: list[str] = field(default_factory=list)
    labels: dict[str, Any] = field(default_factory=dict)
    claims: set[str] = field(default_factory=set)
    expect: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    """The language `check` found the passage in; one the signals do not cover is reported as not checked."""
    found_by: set[str] = field(default_factory=set)
    """The signals that found the passage (none where only the word score did, or nothing did)."""

    @property
    def checked(self) -> bool:
        return self.language in COVERED


def _norm(v: Any) -> Any:
    return sorted(v) if isinstance(v, list) else v


class _SignalSets:
    """Signals without those written from a given document, and the word score learned without it,
    built once per distinct set left out."""

    def __init__(self, kb: KnowledgeBase, lodo: bool, words: bool, passages: list[tuple[str, bool, str]],
                 goals: list[tuple[str, bool, str]] | None = None, thorough: bool = False):
        self.kb = kb
        self.lodo = lodo
        self.words = words
        self.cache: dict[tuple[frozenset[str], int], Signals] = {}
        self.compiled: dict[int, Signals] = {}
        """Every signal, compiled once per fold's word score; each left-out set is taken from it."""
        self.by_doc: dict[str, set[str]] = {}
        for sid, s in kb.signals.items():
            for d in s.written_from:
                self.by_doc.setdefault(d, set()).add(sid)
        self.folds: dict[int, WordScore] = {}
        self.thorough = thorough
        if lodo and words and kb.word_score is not None:
            # each fold's weights at the shipped threshold of the mode (a fold's own score has no thorough one)
            th = kb.word_score.thorough if thorough and kb.word_score.thorough is not None else kb.word_score.threshold
            self.folds = {k: replace(w, threshold=th) for k, w in cross_fitted(passages, goals or []).items()}

    def __call__(self, document: str | None) -> Signals:
        left_out = frozenset(self.by_doc.get(document or "", set())) if self.lodo else frozenset()
        fold = fold_of(document or "") if self.folds else -1
        if (left_out, fold) not in self.cache:
            if fold not in self.compiled:
                word: WordScore | WordDefault | None = (self.folds[fold] if self.folds else KB_WORD_SCORE) if self.words else None
                self.compiled[fold] = Signals.of(self.kb, word=word, thorough=self.thorough)
            self.cache[(left_out, fold)] = self.compiled[fold].without(left_out)
        return self.cache[(left_out, fold)]


def learning_passages(positives: Iterable[dict[str, Any]], negatives: Iterable[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    """(folded text, positive?, document) of every passage in a language the signals cover: what the word
    score learns from."""
    out: list[tuple[str, bool, str]] = []
    for positive, items in ((True, positives), (False, negatives)):
        for p in items:
            text = canonical(p["quote"])
            if detect(text)["code"] in COVERED:
                out.append((fold_text(text), positive, p.get("document", "")))
    return out


def goal_passages(positives: Iterable[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    """(folded text, removal?, document) of every positive passage in a language the signals cover whose
    goal is removal or suppression: what the goal words learn from (a passage asking for both, or
    leaving the goal open, teaches neither way)."""
    out: list[tuple[str, bool, str]] = []
    for p in positives:
        goal = (p.get("expect") or {}).get("goal")
        text = canonical(p["quote"])
        if goal in ("removal", "suppression") and detect(text)["code"] in COVERED:
            out.append((fold_text(text), goal == "removal", p.get("document", "")))
    return out


def outcomes(kb: KnowledgeBase, c: Compiled, positives: Iterable[dict[str, Any]], negatives: Iterable[dict[str, Any]],
             lodo: bool = False, tables: Tables | None = None, words: bool = True,
             ordinary: Iterable[tuple[str, str]] = (), thorough: bool = False) -> list[Outcome]:
    """Check every passage on its own (with leave-one-document-out when `lodo`: the signals written from
    the passage's document left out, and the word score learned without it, from these passages and the
    `ordinary` texts, as the shipped one is, goal words too); `words=False`: signals alone; `thorough`: the
    word score at its thorough threshold."""
    positives, negatives = list(positives), list(negatives)
    learned = learning_passages(positives, negatives) + ordinary_passages(ordinary) if lodo and words else []
    sets = _SignalSets(kb, lodo, words, learned, goal_passages(positives) if lodo and words else [], thorough)
    t = tables if tables is not None else compile_tables(kb, c).tables
    out: list[Outcome] = []
    for positive, items in ((True, positives), (False, negatives)):
        for p in items:
            result = check(kb, c, [Unit(canonical(p["quote"]))], sets(p.get("document")), tables=t)
            o = Outcome(p["id"], p.get("document", ""), positive, bool(result["flagged"]), expect=p.get("expect") or {})
            o.words = [e["words"] for f in result["passages"] for e in f["found_by"]]
            o.labels = {q: v.get("value") for q, v in result["proposal"]["labels"].items()}
            o.claims = {cl["id"] for f in result["passages"] for cl in f["claims"]}
            o.language = result["language"]["code"]
            o.found_by = {e["signal"] for f in result["passages"] for e in f["found_by"]}
            out.append(o)
    return out


@dataclass
class PatternRecord:
    """What one finder's pattern did, leave-one-document-out: the passages it matched where its signal found
    them, in documents the signal was not written from, and of those the ones where no other pattern of the
    signals that found the passage matched (without the pattern, only the word score could still flag them)."""

    signal: str
    pattern: int
    """Its index in the signal's `patterns`, from 0."""
    positives: int
    """Positive passages it matched."""
    near_misses: int
    """False alarms: near misses it matched."""
    positives_alone: int
    """Positives only it matched."""
    near_misses_alone: int
    """False alarms only it raised."""

    @property
    def precision(self) -> float:
        return self.positives / (self.positives + self.near_misses) if self.positives + self.near_misses else 1.0

    @property
    def worth_reading(self) -> bool:
        """Precision below one half, and more false alarms of its own (at least two) than passages only it
        finds: what the pattern adds on texts it was not written from is mostly false alarms."""
        return self.precision < 0.5 and self.near_misses_alone >= 2 and self.near_misses_alone > self.positives_alone


def pattern_records(kb: KnowledgeBase, passages: Iterable[dict[str, Any]], items: Iterable[Outcome]) -> list[PatternRecord]:
    """Each finder pattern's record over these outcomes of a leave-one-document-out measure (`outcomes` with
    `lodo=True`; `passages`: the corpus passages they are of): how a contributor sees which of a signal's
    patterns generalise beyond the documents it was written from. Patterns matching nowhere are left out."""
    quotes = {p["id"]: p["quote"] for p in passages}
    finders = Signals.of(kb, word=None).finders
    written = {sid: set(s.written_from) for sid, s in kb.signals.items()}
    records: dict[tuple[str, int], PatternRecord] = {}
    for o in items:
        if not o.checked or not o.found_by:
            continue
        folded = fold_text(canonical(quotes[o.id]))
        hits = [(sig.id, k) for sig in finders if sig.id in o.found_by and o.document not in written[sig.id]
                for k, (rx, _) in enumerate(sig.patterns) if rx.search(folded)]
        for sid, k in hits:
            r = records.setdefault((sid, k), PatternRecord(sid, k, 0, 0, 0, 0))
            alone = len(hits) == 1
            if o.positive:
                r.positives += 1
                r.positives_alone += alone
            else:
                r.near_misses += 1
                r.near_misses_alone += alone
    return [records[key] for key in sorted(records)]


def aggregate(items: Iterable[Outcome]) -> dict[str, Score]:
    """Precision and recall of detection, of each label and of claim linking over these outcomes."""
    out = {k: Score() for k in MEASURES}
    for o in items:
        if not o.checked:
            continue
        det = out["detection"]
        if not o.positive:
            if o.flagged:
                det.fp += 1
                det.misses.append(f"{o.id} flagged by {'; '.join(o.words)!r}")
            continue
        expect = o.expect
        if not o.flagged:
            det.fn += 1
            det.misses.append(f"{o.id} not flagged")
            for q in LABELS:
                if expect.get(q) is not None:
                    out[q].fn += 1
            out["claims"].fn += len(expect.get("claims") or [])
            continue
        det.tp += 1
        for q in LABELS:
            want, got = expect.get(q), o.labels.get(q)
            s = out[q]
            if got is not None and want is not None and _norm(got) == _norm(want):
                s.tp += 1
                continue
            if got is not None:
                s.fp += 1
            if want is not None:
                s.fn += 1
            if got != want:
                s.misses.append(f"{o.id}: {q} {got} (expected {want})")
        want_claims = set(expect.get("claims") or [])
        s = out["claims"]
        s.tp += len(o.claims & want_claims)
        s.fp += len(o.claims - want_claims)
        s.fn += len(want_claims - o.claims)
        if o.claims != want_claims:
            s.misses.append(f"{o.id}: claims {sorted(o.claims)} (expected {sorted(want_claims)})")
    return out


def goal_accuracy(items: Iterable[Outcome]) -> tuple[float, int, int]:
    """(share, right, flagged): of the positive passages flagged, how many have their goal read right."""
    flagged = [o for o in items if o.checked and o.positive and o.flagged and o.expect.get("goal") is not None]
    right = sum(1 for o in flagged if o.labels.get("goal") == o.expect["goal"])
    return (right / len(flagged) if flagged else 1.0), right, len(flagged)


def by(items: list[Outcome], key: Callable[[Outcome], str]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = {}
    for o in items:
        groups.setdefault(key(o), []).append(o)
    return dict(sorted(groups.items()))


def score(kb: KnowledgeBase, c: Compiled, positives: list[dict[str, Any]], negatives: list[dict[str, Any]],
          lodo: bool = False) -> dict[str, Score]:
    return aggregate(outcomes(kb, c, positives, negatives, lodo=lodo))


def word_passages(corpus: Corpus) -> list[tuple[str, bool, str]]:
    """What the word score learns from: every English passage of the corpus and the ordinary texts it learns
    as near misses, as (folded text, positive?, document)."""
    return learning_passages(corpus.positive, corpus.negative) + ordinary_passages(corpus.ordinary.get("learned", []))


def signals_alone(kb: KnowledgeBase, c: Compiled, corpus: Corpus, tables: Tables | None = None,
                  alone: Iterable[Outcome] | None = None) -> list[Outcome]:
    """The signals-alone outcomes leave-one-document-out (`alone` when already at hand): what the word
    score's figures are added to."""
    return list(alone) if alone is not None else outcomes(kb, c, corpus.positive, corpus.negative, lodo=True, tables=tables, words=False)


def threshold_rows(kb: KnowledgeBase, c: Compiled, corpus: Corpus, tables: Tables | None = None,
                   alone: Iterable[Outcome] | None = None,
                   learn_from: Callable[[str], bool] | None = None, how: Learning = LEARNING) -> list[tuple[int, bool, bool]]:
    """(word score, positive?, flagged by the signals alone?) of every passage `check` reads, leave-one-
    document-out (scored by weights learned without the passage's fold, checked without the signals written
    from its document): what the word score's thresholds are chosen on. A quote's score is its highest
    sentence's among those the word score may flag (the gate holds, no exception sets it aside), as `check`
    scores it, so that a threshold's figures here are the benchmark's. `alone`: those signals-alone
    outcomes, when already at hand; `learn_from`: which documents the weights may learn from (all by
    default; a learning curve learns from fewer, and still scores every passage); `how`: the learning settings."""
    passages = word_passages(corpus)
    if learn_from is not None:
        passages = [p for p in passages if learn_from(p[2])]
    by_id = {o.id: o for o in signals_alone(kb, c, corpus, tables, alone)}
    folds = cross_fitted(passages, how=how)
    sets = _SignalSets(kb, lodo=True, words=False, passages=[])
    rows: list[tuple[int, bool, bool]] = []
    for positive, items in ((True, corpus.positive), (False, corpus.negative)):
        for p in items:
            o = by_id[p["id"]]
            if o.checked:
                gate, score = sets(p.get("document")), folds[fold_of(p.get("document", ""))].score
                quote = canonical(p["quote"])
                sentences = (fold_text(quote[s.start:s.end]) for s in split_passages(quote))
                best = max((score(t) for t in sentences if gate.word_may_flag(t) and not gate.set_aside(t)), default=NEVER)
                rows.append((best, positive, o.flagged))
    return rows


def document_sample(share: float, seed: int = 0) -> Callable[[str], bool]:
    """A stable sample of about `share` of any set of documents, by a hash of the seed and the document's
    name: the same on every machine, and for one seed each larger share holds every smaller one's documents,
    so that a learning curve adds documents as it goes rather than drawing afresh."""
    cut = round(share * 10_000)
    return lambda document: zlib.crc32(f"{seed}:{document}".encode()) % 10_000 < cut


def learning_curve(kb: KnowledgeBase, c: Compiled, corpus: Corpus, shares: Iterable[float], seeds: Iterable[int] = (1, 2),
                   tables: Tables | None = None, alone: Iterable[Outcome] | None = None) -> list[dict[str, Any]]:
    """What more passages would buy: for each share of the corpus's documents (and each seed drawing them),
    the word score learned from that share only (each fold's weights from its share of the other folds) and
    every passage scored leave-one-document-out as in `threshold_rows`, giving the passages learned from
    and the best precision at each recall. Precision that stops rising as the share grows says more
    passages of the same kinds will not reach a target this way."""
    alone = signals_alone(kb, c, corpus, tables, alone)
    passages = word_passages(corpus)
    draws = tuple(seeds)
    points: list[dict[str, Any]] = []
    for share in shares:
        for seed in ((0,) if share >= 1 else draws):
            keep = document_sample(share, seed)
            rows = threshold_rows(kb, c, corpus, tables, alone=alone, learn_from=keep)
            learned = sum(1 for _, _, d in passages if keep(d))
            points.append({"share": share, "seed": seed, "passages": learned, "precision_at_recall": precision_at_recall(rows)})
    return points


SETTINGS: tuple[Learning, ...] = (LEARNING, replace(LEARNING, min_count=1), replace(LEARNING, min_count=3),
                                   replace(LEARNING, window=4), replace(LEARNING, window=8), replace(LEARNING, epochs=10),
                                   replace(LEARNING, epochs=50), replace(LEARNING, rate=0.05), replace(LEARNING, rate=0.5),
                                   replace(LEARNING, l2=0.0), replace(LEARNING, l2=0.01))
"""The shipped learning settings, then each changed one at a time (to about half and about double its value,
or off): what `bench_check.py --settings` compares."""


def settings_sweep(kb: KnowledgeBase, c: Compiled, corpus: Corpus, settings: Iterable[Learning] = SETTINGS,
                   tables: Tables | None = None, alone: Iterable[Outcome] | None = None) -> list[dict[str, Any]]:
    """Whether the figures hang on how the weights were learned: for each setting, every passage scored
    leave-one-document-out as in `threshold_rows`, the best precision at each recall, and how many weights
    the whole corpus would teach (what the page would carry)."""
    alone = signals_alone(kb, c, corpus, tables, alone)
    passages = word_passages(corpus)
    out: list[dict[str, Any]] = []
    for how in settings:
        rows = threshold_rows(kb, c, corpus, tables, alone=alone, how=how)
        out.append({"settings": how, "weights": len(learn([(t, y) for t, y, _ in passages], how=how).weights),
                    "precision_at_recall": precision_at_recall(rows)})
    return out


def learn_word_score(kb: KnowledgeBase, c: Compiled, corpus: Corpus, tables: Tables | None = None) -> WordScore:
    """The word score the corpus teaches: weights from every English passage (goal words from its
    positives), and the threshold giving the highest leave-one-document-out recall with precision at
    least 0.90 alongside the signals, or at least the signals' own where that is lower (each passage
    scored by weights learned without its document, and checked without the signals written from it)."""
    ordinary = ordinary_passages(corpus.ordinary.get("learned", []))
    passages = learning_passages(corpus.positive, corpus.negative) + ordinary
    goals = goal_passages(corpus.positive)
    rows = threshold_rows(kb, c, corpus, tables)
    threshold = best_threshold(rows)
    thorough = thorough_threshold(rows)
    pos = sum(1 for _, y, _ in rows if y)

    def figures(th: int) -> dict[str, float]:
        tp = sum(1 for s, y, fl in rows if y and (fl or s >= th))
        fp = sum(1 for s, y, fl in rows if not y and (fl or s >= th))
        return {"recall": round(tp / pos, 3), "precision": round(tp / max(1, tp + fp), 3)}
    measured: dict[str, Any] = {
        "passages": {"positive": pos, "near_miss": len(rows) - pos,
                     "documents": len({d for _, _, d in passages if not d.startswith("ordinary/")})},
        "ordinary_passages": len(ordinary),
        "leave_one_document_out_with_signals": figures(threshold),
        "thorough_leave_one_document_out_with_signals": figures(thorough),
    }
    total = held_out_total(corpus.held_out)
    if total:
        measured["held_out"] = total
    total = held_out_total(m["thorough"] for m in corpus.held_out if "thorough" in m)
    if total:
        measured["held_out_thorough"] = total
    return learn([(t, y) for t, y, _ in passages], threshold, measured, goals=[(t, y) for t, y, _ in goals], thorough=thorough)
