"""The word score: finds unlearning-like passages by the words they use together, where no phrase signal
matches. Pure: no I/O (the weights are read by the loader from `rules/signals/word-score.json`).

Phrase signals are precise but fit the documents they were written from; on documents never seen they
find about 0.7 of the passages that ask for, promise or rely on an unlearning-like outcome. The score
carries across documents better because it weighs every word, not one phrasing:

- a passage's words are its runs of ASCII letters (inner hyphens kept) in the folded, lower-cased text,
  each cut to its first `stem` letters ("deleted", "deletion" -> "delete", "deleti");
- its features are those stems, each pair of neighbouring stems ("destro_models"), and, for the word
  classes in the data (actions such as delete or filter, outputs such as generate or reproduce, the AI
  artefacts such as model, weights or training data, and negations), every class followed within
  `window` words by another ("#act>art": an action acting on an artefact), with the action's own stem
  ("#delete>art");
- the score is the bias plus the integer weight of every distinct feature; the passage is flagged when
  the score reaches the threshold. Integer weights make Python and the browser (`check.js`) agree exactly.

The weights are learned (`learn`: logistic regression) from the evaluation corpus's positive and
near-miss passages, so the score says nothing about a passage's target or claims: those are read only
from signals' words. The goal words (`GoalWords`), learned the same way from positive passages whose goal
is removal or suppression, read the goal of a passage no signal found (`read_goal`), and only where its
words lean past a margin. `scripts/learn-word-score` writes the data; a test proves it is up to date.
"""

from __future__ import annotations

import json
import math
import random
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise, repeat
from typing import Any

FORMAT = 1
WORD = r"[a-z]+(?:-[a-z]+)*"
"""A word, in the regular-expression subset Python and JavaScript share."""
_WORD = re.compile(WORD)

CLASSES: dict[str, tuple[str, ...]] = {
    # What the passage does: the actions of issue 18's list and their near relatives, by stem.
    "act": ("delete", "deleti", "destro", "destru", "erase", "erasur", "erased", "remove", "remova", "exclud", "exclus",
            "filter", "block", "blocke", "blocki", "withho", "refuse", "refusa", "suppre", "unlear", "forget", "forgot",
            "retrai", "purge", "purged", "scrub", "redact", "saniti", "disgor", "elimin", "strip", "stripp"),
    "out": ("genera", "produc", "reprod", "output", "regurg", "memori", "recite", "recita", "extrac", "leak", "leaked",
            "leakag", "emit", "surfac", "repeat", "verbat", "serve", "respon", "sugges", "comple"),
    "art": ("model", "models", "weight", "algori", "traini", "train", "traine", "datase", "fine-t", "finetu", "output",
            "respon", "sugges", "comple", "genera", "chatbo", "llm", "llms", "ai", "gpt", "assist", "classi", "prompt",
            "corpus", "parame", "checkp", "embedd"),
    "neg": ("not", "no", "never", "cannot", "without", "nor"),
}
"""Word classes by stem (the first six letters); a stem may be in more than one class."""
ACTIONS = ("act", "out")
"""Classes whose features also carry the word's own stem."""
QUIET = ("a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "both", "by", "can",
         "could", "did", "do", "does", "each", "for", "from", "has", "have", "he", "her", "his", "i", "if", "in",
         "into", "is", "it", "its", "just", "may", "me", "might", "must", "my", "of", "on", "only", "or", "other",
         "our", "shall", "she", "should", "so", "such", "than", "that", "the", "their", "them", "then", "there",
         "these", "they", "this", "those", "to", "upon", "us", "very", "was", "we", "were", "which", "will", "with",
         "would", "you", "your")
"""Words that weigh but say nothing to a reader: never shown as evidence on their own or in a pair."""


@dataclass(frozen=True)
class GoalWords:
    """Reads a flagged passage's goal from its words where no signal reads it: the same features, weighed
    towards removal (above zero) or suppression (below); within `margin` of zero the words do not lean
    far enough either way, and the goal stays open."""

    bias: int
    margin: int
    weights: dict[str, int]


@dataclass(frozen=True)
class WordScore:
    stem: int
    window: int
    classes: dict[str, tuple[str, ...]]
    bias: int
    threshold: int
    weights: dict[str, int]
    scale: int = 100
    """Weights are the learned ones times `scale`, rounded."""
    measured: dict[str, Any] = field(default_factory=dict)
    """How the data was made and what it gave, as recorded by `learn` (shown by the benchmark)."""
    goal: GoalWords | None = None
    """The goal read from the words, for flagged passages no signal reads the goal of (None: not learned)."""
    thorough: int | None = None
    """The lower threshold of the thorough mode (`check --thorough`): the highest at which the signals and
    the score together find `THOROUGH_RECALL` of the corpus's positive passages, leave-one-document-out,
    for a reader who would rather read more false alarms than miss a passage (None: not learned)."""
    class_of: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    """Stem -> the classes it is in (in class-name order)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "class_of", _class_index(self.classes))

    def features(self, folded: str) -> list[str]:
        """The passage's distinct features, in order of first appearance."""
        return features(folded, self.stem, self.window, self.class_of)

    def score(self, folded: str) -> int:
        """`bias + sum of the weights of features(folded)`, without building the features' order (the
        check scores every passage of a text, so this is its hot path)."""
        w = self.weights
        return self.bias + sum(map(w.get, self._feature_set(folded), repeat(0)))

    def _feature_set(self, folded: str) -> set[str]:
        stems = [x[: self.stem] for x in _WORD.findall(folded.lower())]
        fs = set(stems)
        fs.update(map("_".join, pairwise(stems)))
        class_of = self.class_of
        if any(s in class_of for s in fs):
            fs.update(_structural(stems, self.window, class_of))
        return fs

    def read_goal(self, folded: str, most: int = 4) -> tuple[str | None, list[str]]:
        """("removal" or "suppression", the words that lean that way most) when the words lean far enough
        (`GoalWords.margin`); (None, []) otherwise, or with no goal words learned."""
        g = self.goal
        if g is None:
            return None, []
        s = g.bias + sum(map(g.weights.get, self._feature_set(folded), repeat(0)))
        if abs(s) < g.margin or s == 0:
            return None, []
        sign = 1 if s > 0 else -1
        return ("removal" if sign > 0 else "suppression"), self._shown_words(folded, g.weights, most, sign)

    def thorough_mode(self) -> WordScore:
        """This score at its thorough threshold (itself where none was learned)."""
        return self if self.thorough is None else replace(self, threshold=self.thorough, thorough=None)

    def flags(self, folded: str) -> bool:
        return self.score(folded) >= self.threshold

    def evidence(self, folded: str, most: int = 4) -> list[str]:
        """The words that weigh most for the passage (highest weight first), as they read in it: what a
        reader checks the flag against. Each phrase shown adds a word that is not a function word and was not
        shown before ("be removed" after "removed" adds nothing), and none has a one-letter word (the "s" of
        "ANI's" reads as a stray letter)."""
        return self._shown_words(folded, self.weights, most)

    def _shown_words(self, folded: str, weights: dict[str, int], most: int, sign: int = 1) -> list[str]:
        """The features weighing most towards `sign` (positive: the weights as they are), as the passage's words."""
        words = _WORD.findall(folded.lower())
        stems = [x[: self.stem] for x in words]
        weighed = sorted(((sign * weights.get(f, 0), i, f) for i, f in enumerate(self.features(folded))), key=lambda t: (-t[0], t[1]))
        out: list[str] = []
        for w, _, f in weighed:
            if w <= 0 or len(out) >= most:
                break
            shown = _shown(f, words, stems, self.window, self.class_of)
            said = {x for o in out for x in o.split()}
            if shown and any(x not in QUIET and x != "\u2026" and x not in said for x in shown.split()) \
                    and not any(len(x) == 1 and "a" <= x <= "z" for x in shown.split()):
                out.append(shown)
        return out

    def to_data(self) -> dict[str, Any]:
        return {"format": FORMAT, "stem": self.stem, "window": self.window, "scale": self.scale,
                "classes": {k: list(v) for k, v in self.classes.items()}, "bias": self.bias, "threshold": self.threshold,
                "measured": self.measured, "weights": dict(sorted(self.weights.items())),
                **({"thorough": self.thorough} if self.thorough is not None else {}),
                **({"goal": {"bias": self.goal.bias, "margin": self.goal.margin, "weights": dict(sorted(self.goal.weights.items()))}}
                   if self.goal is not None else {})}

    @staticmethod
    def of_data(data: dict[str, Any]) -> WordScore:
        return WordScore(int(data["stem"]), int(data["window"]), {k: tuple(v) for k, v in data["classes"].items()},
                         int(data["bias"]), int(data["threshold"]), {k: int(v) for k, v in data["weights"].items()},
                         int(data.get("scale", 100)), dict(data.get("measured") or {}),
                         GoalWords(int(g["bias"]), int(g["margin"]), {k: int(v) for k, v in g["weights"].items()}) if (g := data.get("goal")) else None,
                         int(data["thorough"]) if data.get("thorough") is not None else None)


def _class_index(classes: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, stems in sorted(classes.items()):
        for s in stems:
            out.setdefault(s, []).append(name)
    return {s: tuple(v) for s, v in out.items()}


def features(folded: str, stem: int, window: int, class_of: dict[str, tuple[str, ...]]) -> list[str]:
    """See the module's docstring; `check.js` ports this exactly."""
    stems = [x[:stem] for x in _WORD.findall(folded.lower())]
    out: dict[str, None] = {}
    prev = ""
    for s in stems:
        out[s] = None
        if prev:
            out[f"{prev}_{s}"] = None
        prev = s
    out.update(dict.fromkeys(_structural(stems, window, class_of)))
    return list(out)


def _structural(stems: list[str], window: int, class_of: dict[str, tuple[str, ...]]) -> Iterator[str]:
    """The class features, in order: each class followed within `window` words by another."""
    n = len(stems)
    for i, s in enumerate(stems):
        for a in class_of.get(s, ()):
            for j in range(i + 1, min(n, i + window)):
                t = stems[j]
                for b in class_of.get(t, ()):
                    if a == b:
                        continue
                    yield f"#{a}>{b}"
                    if a in ACTIONS:
                        yield f"#{s}>{b}"
                    if b in ACTIONS:
                        yield f"#{a}>{t}"


def _shown(f: str, words: list[str], stems: list[str], window: int, class_of: dict[str, tuple[str, ...]]) -> str | None:
    """A feature as the passage's own words: the first place it occurs."""
    if f.startswith("#"):
        left, right = f[1:].split(">")
        for i, s in enumerate(stems):
            if s != left and left not in class_of.get(s, ()):
                continue
            for j in range(i + 1, min(len(stems), i + window)):
                if stems[j] == right or right in class_of.get(stems[j], ()):
                    return f"{words[i]} \u2026 {words[j]}" if j > i + 1 else f"{words[i]} {words[j]}"
        return None
    if "_" in f:
        a, b = f.split("_", 1)
        for i in range(len(stems) - 1):
            if stems[i] == a and stems[i + 1] == b:
                return f"{words[i]} {words[i + 1]}"
        return None
    return next((w for w, s in zip(words, stems) if s == f), None)


# Learning (used by scripts/learn-word-score and the leave-one-document-out measure).

STEM = 6
"""Fixed, not a learning setting: the word classes are written as six-letter stems."""


@dataclass(frozen=True)
class Learning:
    """How the weights are learned. The defaults are what `scripts/learn-word-score` uses; the benchmark's
    `--settings` learns with others too, to show whether the figures depend on these choices."""

    window: int = 6
    """How many words a class feature may span."""
    epochs: int = 25
    """Passes over the passages."""
    rate: float = 0.2
    """How far each step moves the weights."""
    l2: float = 1e-3
    """How hard each step pulls a weight it moves back towards zero."""
    min_count: int = 2
    """A feature is learned only if at least this many passages have it (fewer weights to ship)."""


LEARNING = Learning()
FOLDS = 10


def fold_of(document: str) -> int:
    """The cross-fitting fold of a corpus document (stable across machines and runs)."""
    return zlib.crc32(document.encode("utf-8")) % FOLDS


GOAL_MARGIN = 100
"""Goal words decide only when they lean a logit of 1 or more (odds of about 3 to 1) one way."""


def learn(passages: Sequence[tuple[str, bool]], threshold: int = 0, measured: dict[str, Any] | None = None,
          classes: dict[str, tuple[str, ...]] = CLASSES, goals: Sequence[tuple[str, bool]] = (), thorough: int | None = None,
          how: Learning = LEARNING) -> WordScore:
    """Weights by logistic regression (stochastic gradient descent, a fixed shuffle, so the same passages
    always give the same weights) over features seen in at least `how.min_count` passages; `passages` are
    (folded text, positive?). `goals`, (folded text, removal rather than suppression?) for positive
    passages, teach the goal words the same way."""
    class_of = _class_index(classes)
    scale = 100
    b, w = _fit([(features(t, STEM, how.window, class_of), y) for t, y in passages], how)
    goal = None
    if goals:
        gb, gw = _fit([(features(t, STEM, how.window, class_of), y) for t, y in goals], how)
        goal = GoalWords(round(gb * scale), GOAL_MARGIN, _integers(gw, scale))
    return WordScore(STEM, how.window, dict(classes), round(b * scale), threshold, _integers(w, scale), scale, measured or {}, goal, thorough)


def _integers(w: dict[str, float], scale: int) -> dict[str, int]:
    return {f: round(x * scale) for f, x in w.items() if round(x * scale) != 0}


def _fit(data: list[tuple[list[str], bool]], how: Learning) -> tuple[float, dict[str, float]]:
    seen = Counter(f for fs, _ in data for f in fs)
    kept = [([f for f in fs if seen[f] >= how.min_count], 1.0 if y else 0.0) for fs, y in data]
    w: dict[str, float] = {}
    b = 0.0
    order = list(range(len(kept)))
    rng = random.Random(0)
    rate, l2 = how.rate, how.l2
    for _ in range(how.epochs):
        rng.shuffle(order)
        for i in order:
            fs, y = kept[i]
            z = b + sum(w.get(f, 0.0) for f in fs)
            g = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            b -= rate * g
            for f in fs:
                x = w.get(f, 0.0)
                w[f] = x - rate * (g + l2 * x)
    return b, w


def cross_fitted(passages: Sequence[tuple[str, bool, str]], goals: Sequence[tuple[str, bool, str]] = (),
                 how: Learning = LEARNING) -> dict[int, WordScore]:
    """For each fold, the weights learned without that fold's documents (`passages`: folded text,
    positive?, document; `goals`: folded text, removal?, document): a passage scored by its document's
    fold's weights is scored by weights that never saw its document, which is what leave-one-document-out asks."""
    return {k: learn([(t, y) for t, y, d in passages if fold_of(d) != k], goals=[(t, y) for t, y, d in goals if fold_of(d) != k], how=how)
            for k in range(FOLDS)}


NEVER = -(10 ** 9)
"""The score of a row the word score may not flag (`matcher.Signals.word_may_flag`): below every threshold,
and never itself a threshold to choose."""


def best_threshold(rows: Iterable[tuple[int, bool, bool]], precision: float = 0.90) -> int:
    """The threshold giving the highest recall while precision stays at least `precision`, or at least
    what the signals alone give where they are below it (the score never costs precision), for rows of
    (score, positive?, flagged by the signals?), a passage counting as flagged by either."""
    rows = list(rows)
    pos = sum(1 for _, y, _ in rows if y)
    sig_tp = sum(1 for _, y, fl in rows if y and fl)
    sig_fp = sum(1 for _, y, fl in rows if not y and fl)
    floor = min(precision, sig_tp / (sig_tp + sig_fp)) if sig_tp + sig_fp else precision
    best: tuple[float, int] | None = None
    for th in sorted({s for s, _, _ in rows if s > NEVER}):
        tp = sum(1 for s, y, fl in rows if y and (fl or s >= th))
        fp = sum(1 for s, y, fl in rows if not y and (fl or s >= th))
        if tp + fp and tp / (tp + fp) >= floor and (best is None or tp / pos > best[0]):
            best = (tp / pos, th)
    return best[1] if best else max((s for s, _, _ in rows if s > NEVER), default=0) + 1


def precision_at_recall(rows: Iterable[tuple[int, bool, bool]], recalls: Sequence[float] = (0.6, 0.7, 0.8, 0.85, 0.9)) -> dict[float, float]:
    """The best precision the signals and the score together reach at each recall in `recalls`, over every
    threshold, for rows of (score, positive?, flagged by the signals?): the operating points a threshold can
    choose between (none without a positive row)."""
    rows = list(rows)
    pos = sum(1 for _, y, _ in rows if y)
    best: dict[float, float] = {}
    for th in sorted({s for s, _, _ in rows if s > NEVER}):
        tp = sum(1 for s, y, fl in rows if y and (fl or s >= th))
        fp = sum(1 for s, y, fl in rows if not y and (fl or s >= th))
        for r in recalls:
            if pos and tp / pos >= r and tp + fp:
                best[r] = max(best.get(r, 0.0), tp / (tp + fp))
    return best


THOROUGH_RECALL = 0.85
"""What the thorough mode's threshold is chosen to find: issue 18's recall target."""


def thorough_threshold(rows: Iterable[tuple[int, bool, bool]], recall: float = THOROUGH_RECALL) -> int:
    """The highest threshold at which the signals and the score together find at least `recall` of the
    positive rows (score, positive?, flagged by the signals?): the fewest false alarms for that recall."""
    rows = list(rows)
    pos = sum(1 for _, y, _ in rows if y)
    need = math.ceil(recall * pos)
    sig_tp = sum(1 for _, y, fl in rows if y and fl)
    scores = sorted((s for s, y, fl in rows if y and not fl and s > NEVER), reverse=True)
    if sig_tp >= need or not scores:
        return max((s for s, _, _ in rows if s > NEVER), default=0) + 1
    return scores[min(need - sig_tp, len(scores)) - 1]


def dumps(score: WordScore) -> str:
    """The data file's text: one weight per line, sorted, so that a change reads as a short diff."""
    return json.dumps(score.to_data(), indent=1, sort_keys=True, ensure_ascii=True) + "\n"
