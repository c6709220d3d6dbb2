"""Finds unlearning-like passages in a text and proposes answers from their words. Pure: no I/O.

For every passage (see `passages`) the signals that find passages are tried; a passage with a match is
flagged, and within it every other signal is tried too. What a flagged passage's matches imply:

- the goal (the question whose options carry `aspects`): the option whose halves are exactly the
  halves signalled, or "open" when no words say whether removal or suppression is meant, which is the
  conflation the paper warns of, inviting mismatches M1 and M2;
- any other question: one-choice questions take the one option signalled and stay unanswered when
  the words point two ways; many-choice questions take every option signalled;
- the claims the passage makes or relies on, with their verdicts under the passage's answers (the
  engine's `Evaluation`, exactly as `evaluate` gives them).

A passage an exception sets aside (a definition of unlearning, say) is not flagged but is listed under
`set_aside`, with the exception's words and what it took the passage to be, so the reader can judge it.
The whole text's proposal combines every flagged passage the same way. Nothing is guessed: a question
no words bear on is left out, and every proposed answer lists the words it comes from.
The browser page (`check.js`) ports this module; `tests/test_check_browser.py` proves both agree.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import partial
from typing import Any

from ..kb.answers import permalink
from ..kb.knowledge_base import KnowledgeBase
from ..kb.normalise import DROPPED, fold, fold_text
from ..kb.pattern_syntax import parse
from ..kb.signal_checks import compile_pattern
from ..logic.engine import Compiled
from ..logic.evaluation import Evaluation
from ..logic.tables import Tables, compile_tables
from ..model.answer_space import Value
from ..outputs.assessment import assess
from .language import detect
from .passages import Lines, passages
from .word_score import WordScore
from .wording import add_wording

FORMAT = 5
OPEN = "open"
OPEN_GOAL_MISMATCHES = ("M1", "M2")
"""What leaving the goal open invites: suppressing outputs does not remove information (M1), and
removing data does not guarantee suppression (M2)."""


@dataclass(frozen=True)
class CompiledSignal:
    id: str
    finds_passage: bool
    question: str | None
    option: str | None
    claims: tuple[str, ...]
    patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    """Each pattern with the literals one of which every match contains, to skip passages without them."""
    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """For each pattern, sets of literals every match contains one of each (see `PatternInfo.groups`)."""
    only_with: tuple[re.Pattern[str], ...] = ()
    """A match finds a passage only where one of these matches too (the patterns of the conditions its `only_with` names)."""

    def condition_met(self, folded: str) -> bool:
        """Whether a match of this finder in the passage finds it (its `only_with` condition, if any, holds)."""
        return not self.only_with or any(rx.search(folded) for rx in self.only_with)

    def finds(self, folded: str) -> bool:
        """Whether this signal finds the passage on its own."""
        return self.finds_passage and self.first_match(folded) is not None and self.condition_met(folded)

    def first_match(self, folded: str) -> re.Match[str] | None:
        """The first pattern (in order) that matches, at its leftmost match."""
        for (rx, required), groups in zip(self.patterns, self.groups or [()] * len(self.patterns), strict=True):
            if required and not any(r in folded for r in required):
                continue
            if not all(any(lit in folded for lit in g) for g in groups):
                continue
            m = rx.search(folded)
            if m:
                return m
        return None


class WordDefault(Enum):
    """A named stand-in, so that None can keep meaning "no word score"."""

    WORD_SCORE = "the knowledge base's own word score"


KB_WORD_SCORE = WordDefault.WORD_SCORE
"""`Signals.of`'s default `word`: the word score the knowledge base ships (None means signals alone)."""


@dataclass(frozen=True)
class CompiledException:
    """An exception (`sets_aside`): a passage one of its patterns matches is not flagged, unless one of
    `unless` (the patterns of the conditions it names) matches too."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    label: str = ""
    """What the passages it sets aside are, told to the reader (the signal's label)."""

    def match(self, folded: str) -> re.Match[str] | None:
        """Its first pattern's match when it sets the passage aside (the words shown to the reader), else None."""
        m = next((m for rx in self.patterns if (m := rx.search(folded))), None)
        return m if m and not any(rx.search(folded) for rx in self.unless) else None


@dataclass(frozen=True)
class Signals:
    finders: tuple[CompiledSignal, ...]
    others: tuple[CompiledSignal, ...]
    """Signals tried in flagged passages only (answers and claims of the finders are in `finders`)."""
    word: WordScore | None = None
    """The word score, flagging passages no finder matches (see `word_score`)."""
    exceptions: tuple[CompiledException, ...] = ()
    """Exceptions to every finder and to the word score: a passage one sets aside is not flagged."""
    thorough: bool = False
    """The word score at its thorough threshold (`check --thorough`): more passages found, more false alarms."""
    word_needs: tuple[re.Pattern[str], ...] = ()
    """The patterns of the conditions marked `gates_word_score`: the word score flags a passage only where one
    matches (none: wherever it reaches the threshold)."""

    def word_may_flag(self, folded: str) -> bool:
        """Whether the word score may flag the passage: it names what the gating conditions look for."""
        return not self.word_needs or any(rx.search(folded) for rx in self.word_needs)

    def without(self, ids: AbstractSet[str]) -> Signals:
        """These signals but those in `ids`: the same as `of(kb, without=ids)` (conditions are never left out),
        with nothing compiled again, so a leave-one-document-out measure compiles the signals once."""
        if not ids:
            return self
        return replace(self, finders=tuple(s for s in self.finders if s.id not in ids),
                       others=tuple(s for s in self.others if s.id not in ids),
                       exceptions=tuple(e for e in self.exceptions if e.id not in ids))

    def set_aside(self, folded: str) -> bool:
        """Whether an exception sets the passage aside, whatever found it."""
        return self.aside_by(folded) is not None

    def aside_by(self, folded: str) -> tuple[CompiledException, re.Match[str]] | None:
        """The first exception (by ID) that sets the passage aside, with its match."""
        return next(((e, m) for e in self.exceptions if (m := e.match(folded))), None)

    @staticmethod
    def of(kb: KnowledgeBase, without: frozenset[str] = frozenset(),
           word: WordScore | WordDefault | None = KB_WORD_SCORE, thorough: bool = False) -> Signals:
        """Every signal of the knowledge base but those in `without` (the leave-one-document-out measure),
        with the knowledge base's word score unless `word` gives another (or None: signals alone), at its
        thorough threshold when `thorough`."""
        finders: list[CompiledSignal] = []
        others: list[CompiledSignal] = []
        exceptions: list[CompiledException] = []
        for sid, s in sorted(kb.signals.items()):
            if sid in without or s.condition:
                continue
            if s.sets_aside:
                exceptions.append(CompiledException(sid, tuple(compile_pattern(p) for p in s.patterns),
                                                   tuple(compile_pattern(p) for p in condition_patterns(kb, s.unless)), s.label))
                continue
            cs = CompiledSignal(
                sid, s.finds_passage, s.answer.question if s.answer else None, s.answer.option if s.answer else None,
                tuple(s.claims), tuple((compile_pattern(p), parse(p).required) for p in s.patterns),
                tuple(parse(p).groups for p in s.patterns), tuple(compile_pattern(p) for p in condition_patterns(kb, s.only_with)),
            )
            (finders if s.finds_passage else others).append(cs)
        score = kb.word_score if word is KB_WORD_SCORE else word
        if thorough and isinstance(score, WordScore):
            score = score.thorough_mode()
        needs = tuple(compile_pattern(p) for p in word_needs_patterns(kb))
        return Signals(tuple(finders), tuple(others), score, tuple(exceptions), thorough, needs)


def word_needs_patterns(kb: KnowledgeBase) -> list[str]:
    """The patterns of the conditions marked `gates_word_score`, in ID order: one must match for the word
    score to flag a passage (the page reads the same list)."""
    return [p for _, s in sorted(kb.signals.items()) if s.gates_word_score for p in s.patterns]


def condition_patterns(kb: KnowledgeBase, refs: list[str]) -> list[str]:
    """The patterns of the condition signals `refs` names (a finder's `only_with`: one must match for it to
    find a passage; an exception's `unless`: one matching keeps the passage)."""
    return [p for ref in refs for p in kb.signals[ref].patterns]


@dataclass(frozen=True)
class Unit:
    """A stretch of text with its own line numbering: a whole file, or one page of a PDF."""

    text: str
    page: int | None = None


@dataclass
class Hit:
    signal: CompiledSignal
    start: int
    end: int
    words: str
    finds: bool = False
    """The match finds the passage on its own: its signal finds passages and its `only_with` condition holds."""


@dataclass
class Flagged:
    number: int
    unit: Unit
    lines: Lines
    start: int
    end: int
    hits: list[Hit] = field(default_factory=list)
    score: int | None = None
    """The word score, when it reaches the threshold."""
    score_words: list[str] = field(default_factory=list)
    folded: str = ""
    """The passage's folded text, as the signals and the word score read it."""


@dataclass
class SetAside:
    """A passage a finder or the word score would flag, set aside by an exception: told to the reader, so
    that "nothing found" never hides a passage that names unlearning."""

    unit: Unit
    lines: Lines
    start: int
    end: int
    exception: CompiledException
    words: tuple[int, int]
    """Where the exception's words are in the text (start, end)."""


def span(unit: Unit, lines: Lines, start: int, end: int) -> dict[str, Any]:
    """Where [start, end) is: line and column of its first and last character (page too, for PDF)."""
    line, column = lines.at(start)
    end_line, end_column = lines.at(max(start, end - 1))
    out: dict[str, Any] = {"line": line, "column": column, "end_line": end_line, "end_column": end_column}
    if unit.page is not None:
        out = {"page": unit.page, **out}
    return out


_WORD = re.compile(r"[a-z0-9]+")


def _joined(items: list[str]) -> tuple[str, list[int]]:
    """The items joined by a newline (which folded text never contains), and where each starts."""
    starts: list[int] = []
    pos = 0
    for item in items:
        starts.append(pos)
        pos += len(item) + 1
    return "\n".join(items), starts


def _holders(text: str, starts: list[int], literal: str) -> Iterator[int]:
    """Indices of the joined items (see `_joined`) holding the literal, each once, in order."""
    at = text.find(literal)
    while at >= 0:
        j = bisect.bisect_right(starts, at) - 1
        yield j
        at = text.find(literal, starts[j + 1] if j + 1 < len(starts) else len(text))


class _Vocabulary:
    """The passages' words (maximal runs of ASCII letters and digits), each with the passages holding it,
    built on first use. A literal of letters and digits only lies within one word, so the passages
    holding it are those of the words holding it: found by scanning the distinct words once (a few
    hundred kilobytes at most) rather than the whole text."""

    def __init__(self, folded: list[str]):
        self.folded = folded
        self.passages: list[list[int]] = []
        self.text = ""
        self.starts: list[int] = []
        self.built = False

    def _build(self) -> None:
        by_word: dict[str, list[int]] = {}
        for i, f in enumerate(self.folded):
            for w in set(_WORD.findall(f)):
                by_word.setdefault(w, []).append(i)
        words = sorted(by_word)
        self.passages = [by_word[w] for w in words]
        self.text, self.starts = _joined(words)
        self.built = True

    def holding(self, literal: str) -> list[int]:
        if not self.built:
            self._build()
        found: set[int] = set()
        for j in _holders(self.text, self.starts, literal):
            found.update(self.passages[j])
        return sorted(found)


class _Index:
    """Which passages hold a literal, found once per literal through the passages' distinct words (see
    `_Vocabulary` and `holding`), and which hold one of a set of literals (`any_of`), for the finders
    (`_flagged_indices`) and for the signals tried in the flagged passages (`find`)."""

    def __init__(self, folded: list[str]):
        self.joined, self.starts = _joined(folded)
        self.where: dict[str, list[int]] = {}
        self.vocabulary = _Vocabulary(folded)
        self.unions: dict[tuple[str, ...], frozenset[int]] = {}

    def holding(self, literal: str) -> list[int]:
        """Indices of the passages holding the literal, in order. A literal with other characters is
        looked for only in the passages holding its longest run of letters and digits (a word or part of
        one, so found through the vocabulary), or in the whole text when it has no run of three."""
        if literal not in self.where:
            if _WORD.fullmatch(literal):
                found = self.vocabulary.holding(literal)
            else:
                piece = max(_WORD.findall(literal), key=len, default="")
                if len(piece) >= 3:
                    folded = self.vocabulary.folded
                    found = [i for i in self.holding(piece) if literal in folded[i]]
                else:
                    found = list(_holders(self.joined, self.starts, literal))
            self.where[literal] = found
        return self.where[literal]

    def any_of(self, literals: tuple[str, ...]) -> frozenset[int]:
        """The passages holding one of the literals."""
        if literals not in self.unions:
            self.unions[literals] = frozenset(i for lit in literals for i in self.holding(lit))
        return self.unions[literals]

    def pattern_candidates(self, sig: CompiledSignal) -> list[frozenset[int] | None]:
        """For each pattern of the signal, the passages holding one of its required literals and one
        literal of each of its groups (None: any passage): exactly those `first_match` would search."""
        out: list[frozenset[int] | None] = []
        for (_, required), groups in zip(sig.patterns, sig.groups or [()] * len(sig.patterns), strict=True):
            held = self.any_of(required) if required else None
            for g in groups:
                held = self.any_of(g) if held is None else held & self.any_of(g)
            out.append(held)
        return out



_SCAN_AT_MOST = 256
"""Passages left to try above which a literal group is looked up in the index rather than in each."""


def _flagged_indices(folded: list[str], signals: Signals, index: _Index) -> set[int]:
    """Indices of the folded passages that some finder pattern matches.

    The same as trying every finder on every passage, but each pattern is run only on the passages
    holding one of its required literals (found once per literal, see `_Index`), and among those only
    on the passages holding a literal of each of its literal groups (see `PatternInfo.groups`); so the
    cost follows the literals' occurrences, not the number of passages times the number of patterns."""
    flagged: set[int] = set()
    every = frozenset(range(len(folded)))
    for sig in signals.finders:
        for (rx, required), groups in zip(sig.patterns, sig.groups or [()] * len(sig.patterns), strict=True):
            todo: set[int] = set((index.any_of(required) if required else every) - flagged)
            for g in groups:
                if len(todo) > _SCAN_AT_MOST:
                    todo &= index.any_of(g)
                else:
                    todo = {i for i in todo if any(lit in folded[i] for lit in g)}
            for i in sorted(todo):
                if rx.search(folded[i]) and sig.condition_met(folded[i]):
                    flagged.add(i)
    return flagged


def find(units: list[Unit], signals: Signals) -> list[Flagged]:
    """Every flagged passage with every signal's first match in it."""
    return find_all(units, signals)[0]


def find_all(units: list[Unit], signals: Signals) -> tuple[list[Flagged], list[SetAside]]:
    """Every flagged passage with every signal's first match in it (each signal tried only on the
    flagged passages holding one of its literals), and the passages an exception set aside."""
    out: list[Flagged] = []
    aside: list[SetAside] = []
    every = (*signals.finders, *signals.others)
    for unit in units:
        found = passages(unit.text)
        raws = [unit.text[p.start:p.end] for p in found]
        folded = [fold_text(r) for r in raws]
        index = _Index(folded)
        flagged_at = _flagged_indices(folded, signals, index)
        scores: dict[int, int] = {}
        if signals.word is not None:
            word = signals.word
            for i, t in enumerate(folded):
                s = word.score(t)
                if s >= word.threshold and signals.word_may_flag(t):
                    scores[i] = s
        lines: Lines | None = None
        todo: list[int] = []
        for i in sorted(flagged_at | set(scores)):
            by = signals.aside_by(folded[i])
            if by is None:
                todo.append(i)
                continue
            lines = lines or Lines(unit.text)
            p, raw = found[i], raws[i]
            a, b = whole_words(raw, *fold(raw).original_span(by[1].start(), by[1].end()))
            aside.append(SetAside(unit, lines, p.start, p.end, by[0], (p.start + a, p.start + b)))
        among = _Index([folded[i] for i in todo])  # the flagged passages only: a far smaller text to scan
        cands = [among.pattern_candidates(sig) for sig in every] if todo else []
        for k, i in enumerate(todo):
            p, raw = found[i], raws[i]
            lines = lines or Lines(unit.text)
            f = fold(raw)
            flagged = Flagged(len(out) + 1, unit, lines, p.start, p.end, folded=folded[i])
            if i in scores and signals.word is not None:
                flagged.score = scores[i]
                flagged.score_words = signals.word.evidence(folded[i])
            for sig, cand in zip(every, cands, strict=True):
                m = next((m for (rx, _), held in zip(sig.patterns, cand, strict=True)
                          if (held is None or k in held) and (m := rx.search(f.text))), None)
                if m:
                    a, b = whole_words(raw, *f.original_span(m.start(), m.end()))
                    flagged.hits.append(Hit(sig, p.start + a, p.start + b, raw[a:b], sig.finds_passage and sig.condition_met(f.text)))
            out.append(flagged)
    return out, aside


WORDISH = frozenset(("Lu", "Ll", "Lt", "Lm", "Mn", "Mc"))
"""What a match is widened across: letters of cased scripts and marks. Not digits (a footnote number set
against a word, "unlearning12"), nor letters of scripts written without spaces (Lo: a match beside
Chinese text would take in the whole run). A character folding drops (a soft hyphen, a zero-width space or
joiner) is crossed where letters stand on both sides of it."""


def wordish(ch: str) -> bool:
    """Whether a match widens across `ch` (see WORDISH)."""
    return unicodedata.category(ch) in WORDISH


def whole_words(raw: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) of `raw` widened to whole words: a pattern often matches a stem ("unlearn", "output filter"),
    and a reader should see, and have marked, the words as written ("unlearning", "output filtering").
    `check.js` (wholeWords) does the same."""
    while 0 < a < len(raw) and wordish(raw[a]):
        j = a - 1
        while j > 0 and raw[j] in DROPPED:  # a soft hyphen or zero-width character inside a word, as PDFs and
            j -= 1                          # word processors leave them, is part of it (folding drops them)
        if not wordish(raw[j]):
            break
        a = j
    while 0 < b < len(raw) and wordish(raw[b - 1]):
        j = b
        while j < len(raw) - 1 and raw[j] in DROPPED:
            j += 1
        if not wordish(raw[j]):
            break
        b = j + 1
    return a, b


def _evidence(f: Flagged, hit: Hit) -> dict[str, Any]:
    return {"passage": f.number, "signal": hit.signal.id, "words": hit.words, "span": span(f.unit, f.lines, hit.start, hit.end)}


GoalWordsRead = Callable[[], tuple[set[str], list[str]]]
"""Reads the goal from the words of a passage (or a whole text): (the goal's halves, the words shown)."""


def _labels(c: Compiled, evidence: dict[str, dict[str, list[dict[str, Any]]]], words: GoalWordsRead | None = None) -> dict[str, dict[str, Any]]:
    """Question -> {value, evidence, ...} from the options signalled (with their evidence); where no signal
    reads the goal, the goal words do (`words`, with the words shown under `words`), else it is open."""
    goal_q = c.aspects_question
    out: dict[str, dict[str, Any]] = {}
    for q in c.space.questions:
        signalled = evidence.get(q.id, {})
        ordered = [o for o in q.option_ids() if o in signalled]
        items = [e for o in ordered for e in signalled[o]]
        label: dict[str, Any] = {"value": None, "evidence": items}
        if q.id == goal_q:
            halves = {a for o in q.options if o.id in signalled for a in (o.aspects or [])}
            shown: list[str] = []
            if not halves and words is not None:
                halves, shown = words()
            match = [o.id for o in q.options if set(o.aspects or []) == halves]
            if not halves:
                label = {"value": OPEN, "evidence": [], "mismatches": list(OPEN_GOAL_MISMATCHES)}
            elif match:
                label["value"] = match[0]
                if shown:
                    label["words"] = shown
        elif not ordered:
            continue
        elif q.kind == "many":
            label["value"] = ordered
        elif len(ordered) == 1:
            label["value"] = ordered[0]
        else:
            label["conflict"] = ordered
        out[q.id] = label
    return out


def answers_of(labels: dict[str, dict[str, Any]], c: Compiled) -> dict[str, Value]:
    """The proposed answers: every label with a value, 'open' and conflicts left unanswered."""
    out: dict[str, Value] = {}
    for q in c.space.questions:
        v = labels.get(q.id, {}).get("value")
        if v is None or v == OPEN:
            continue
        out[q.id] = tuple(v) if isinstance(v, list) else v
    return out


def _plain(answers: dict[str, Value]) -> dict[str, Any]:
    return {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}


def _collect(flagged: list[Flagged]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    evidence: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for f in flagged:
        for h in f.hits:
            if h.signal.question and h.signal.option:
                evidence.setdefault(h.signal.question, {}).setdefault(h.signal.option, []).append(_evidence(f, h))
    return evidence


_TABLES: dict[int, tuple[Compiled, Tables]] = {}


def _tables_of(c: Compiled, kb: KnowledgeBase) -> Tables:
    """Tables compiled once per compiled knowledge base (callers that check many texts pass none)."""
    if id(c) not in _TABLES or _TABLES[id(c)][0] is not c:
        _TABLES[id(c)] = (c, compile_tables(kb, c).tables)
    return _TABLES[id(c)][1]


def check(kb: KnowledgeBase, c: Compiled, units: list[Unit], signals: Signals | None = None,
          source: dict[str, Any] | None = None, tables: Tables | None = None) -> dict[str, Any]:
    """The whole `check` result (documented by `output_schema`); claim verdicts are looked up in
    `tables` (compiled from `kb` when not given)."""
    signals = signals or Signals.of(kb)
    t = tables if tables is not None else _tables_of(c, kb)
    flagged, aside = find_all(units, signals)
    version, site_url = kb.meta.version, kb.meta.site_url
    evaluations: dict[tuple[tuple[str, Value], ...], Evaluation] = {}
    bottom_lines: dict[tuple[tuple[str, Value], ...], dict[str, Any]] = {}

    def bottom(answers: dict[str, Value]) -> dict[str, Any]:
        """The bottom line `evaluate` gives for these answers (once per distinct set of answers)."""
        key = tuple(answers.items())
        if key not in bottom_lines:
            bottom_lines[key] = assess(t, answers, site_url, with_changes=False, explain=False)["bottom_line"]
        return bottom_lines[key]
    verdicts: dict[tuple[tuple[tuple[str, Value], ...], str], dict[str, Any] | None] = {}

    def verdict(answers: dict[str, Value], cid: str) -> dict[str, Any] | None:
        """The claim as `evaluate` decides it for these answers (None when it is not relevant to them)."""
        key = tuple(answers.items())
        if (key, cid) not in verdicts:
            if key not in evaluations:
                evaluations[key] = Evaluation(t, answers, explain=False)
            verdicts[(key, cid)] = evaluations[key].claim(cid)
        return verdicts[(key, cid)]

    word = signals.word if signals.word is not None and signals.word.goal is not None else None
    read: dict[int, tuple[set[str], list[str]]] = {}

    def goal_words(f: Flagged) -> tuple[set[str], list[str]]:
        if f.number not in read and word is not None:
            g, shown = word.read_goal(f.folded)
            read[f.number] = ({g} if g else set(), shown if g else [])
        return read.get(f.number, (set(), []))

    def goal_words_of_all() -> tuple[set[str], list[str]]:
        """Every passage was found by the word score alone: the halves the words read in any, and their words."""
        halves: set[str] = set()
        shown: list[str] = []
        for f in flagged:
            h, s = goal_words(f)
            halves |= h
            shown += [x for x in s if x not in shown]
        return halves, shown[:4]

    # The goal words read only passages no phrase signal found (whose goal no signal could read): where a
    # signal found the passage, its reading stands, an open goal included.
    word_only = {f.number for f in flagged if not any(h.finds for h in f.hits)}
    all_word_only = bool(flagged) and len(word_only) == len(flagged)
    whole_labels = _labels(c, _collect(flagged), goal_words_of_all if word and all_word_only else None)
    whole = answers_of(whole_labels, c)
    out_passages: list[dict[str, Any]] = []
    open_goal: list[int] = []
    for f in flagged:
        labels = _labels(c, _collect([f]), partial(goal_words, f) if word and f.number in word_only else None)
        answers = answers_of(labels, c)
        if labels.get(c.aspects_question, {}).get("value") == OPEN:
            open_goal.append(f.number)
        claim_hits: dict[str, list[dict[str, Any]]] = {}
        for h in f.hits:
            for cid in h.signal.claims:
                claim_hits.setdefault(cid, []).append(_evidence(f, h))
        claims = []
        for cid in (x for x in c.claims if x in claim_hits):
            cl = verdict(answers, cid)
            claims.append({
                "id": cid, "statement": kb.claims[cid].statement, "evidence": claim_hits[cid],
                "verdict": cl["verdict"] if cl else None, "relevance": cl["relevance"] if cl else "not-relevant",
            })
        out_passages.append({
            "number": f.number,
            "span": span(f.unit, f.lines, f.start, f.end),
            "text": f.unit.text[f.start:f.end],
            "found_by": [_evidence(f, h) for h in f.hits if h.finds],
            **({"word_score": {"score": f.score, "threshold": signals.word.threshold, "words": f.score_words}}
               if f.score is not None and signals.word is not None else {}),
            "labels": labels,
            "answers": _plain(answers),
            "differs_from_whole": answers != whole,
            "claims": claims,
            "bottom_line": bottom(answers),
            "permalink": permalink(answers, version, site_url),
        })
    unanswered = [q.id for q in c.space.questions if q.id not in whole]
    result = {
        "format": FORMAT,
        "kb_version": version,
        "source": source or {},
        "language": detect("\n".join(u.text for u in units)),
        "flagged": len(out_passages),
        "passages": out_passages,
        "set_aside": [{
            "span": span(a.unit, a.lines, a.start, a.end),
            "text": a.unit.text[a.start:a.end],
            "exception": a.exception.id,
            "reason": a.exception.label,
            "words": a.unit.text[a.words[0]:a.words[1]],
        } for a in aside],
        "mode": "thorough" if signals.thorough else "default",
        "held_out": held_out(kb, signals.thorough),
        "leave_one_document_out": corpus_figures(kb, signals.thorough),
        "proposal": {
            "answers": _plain(whole),
            "labels": whole_labels,
            "unanswered": unanswered,
            "open_goal_passages": open_goal,
            "bottom_line": bottom(whole) if out_passages else None,
            "permalink": permalink(whole, version, site_url),
            "answers_file": answers_file(whole_labels, c, source or {}),
        },
    }
    add_wording(kb, result, c.aspects_question)
    return result


def held_out(kb: KnowledgeBase, thorough: bool = False) -> dict[str, Any] | None:
    """How `check` did on texts the project had never seen (the corpus's held-out batches, each measured
    once, as the learn script records them), in the default or the thorough mode: the reader needs it to
    know how far "nothing found" goes."""
    ws = kb.word_score
    h = ws.measured.get("held_out_thorough" if thorough else "held_out") if ws is not None else None
    return dict(h) if h else None


def corpus_figures(kb: KnowledgeBase, thorough: bool = False) -> dict[str, float] | None:
    """Recall and precision on the project's own corpus, each document checked as if never seen
    (leave-one-document-out, signals and word score together), in the default or the thorough mode."""
    ws = kb.word_score
    key = "thorough_leave_one_document_out_with_signals" if thorough else "leave_one_document_out_with_signals"
    m = ws.measured.get(key) if ws is not None else None
    return {"recall": m["recall"], "precision": m["precision"]} if m else None


def _where(e: dict[str, Any]) -> str:
    s = e["span"]
    page = f"page {s['page']}, " if "page" in s else ""
    return f"{page}line {s['line']}, column {s['column']}"


def answers_file(labels: dict[str, dict[str, Any]], c: Compiled, source: dict[str, Any]) -> str:
    """The proposal as an answers file for `evaluate`, each answer commented with its evidence."""
    name = source.get("name", "the text")
    out = [f"# Answers proposed by 'unlearning-scope check' from {name}.",
           "# Each answer names the words it comes from; check them before relying on it.",
           "# Questions no words bear on are left out (unknown), never guessed."]
    for q in c.space.questions:
        label = labels.get(q.id)
        value = label.get("value") if label else None
        if label is None:
            out.append(f"# {q.id}: not answered (no words in the text bear on it)")
            continue
        if value == OPEN:
            out.append(f"# {q.id}: not answered: the text asks for unlearning without saying whether it means removal "
                       f"from the model or suppression in outputs (invites {', '.join(label['mismatches'])})")
            continue
        if value is None:
            out.append(f"# {q.id}: not answered: the words point to {' and '.join(label.get('conflict') or [])}")
        else:
            shown = f"[{', '.join(value)}]" if isinstance(value, list) else json_str(value)
            out.append(f"{q.id}: {shown}")
        if label.get("words"):
            out.append("#   no phrase names it; read from the words used together: "
                       + ", ".join(json.dumps(w, ensure_ascii=False) for w in label["words"]))
        for e in label["evidence"][:5]:
            out.append(f"#   {json.dumps(e['words'], ensure_ascii=False)} ({_where(e)}, passage {e['passage']}): {e['signal']}")
        if len(label["evidence"]) > 5:
            out.append(f"#   ... and {len(label['evidence']) - 5} more")
    return "\n".join(out) + "\n"


def json_str(value: str) -> str:
    """An option ID as YAML: quoted when YAML would read it as something else ("yes", "no")."""
    return f'"{value}"' if value in ("yes", "no", "true", "false", "null", "on", "off") else value
