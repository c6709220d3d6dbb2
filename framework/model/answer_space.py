"""The questions' answer space: domains, normalised answers and completions of partial answers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .questions import Question

Value = str | tuple[str, ...]
"""A one-choice answer is an option ID; a many-choice answer a tuple of option IDs in option order."""
Answers = Mapping[str, Value]


@dataclass(frozen=True)
class AnswerSpace:
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def question(self, qid: str) -> Question:
        return self._by_id[qid]  # type: ignore[attr-defined,no-any-return]

    def has(self, qid: str) -> bool:
        return qid in self._by_id  # type: ignore[attr-defined]

    def domain(self, qid: str) -> list[Value]:
        """Every complete answer to one question: options, or every non-empty set of options."""
        q = self.question(qid)
        opts = q.option_ids()
        if q.kind == "one":
            return list(opts)
        out: list[Value] = []
        for r in range(1, len(opts) + 1):
            out += [tuple(c) for c in itertools.combinations(opts, r)]
        return out

    def has_default(self, qid: str) -> bool:
        return self.question(qid).default is not None

    def order(self, qids: Sequence[str] | set[str] | frozenset[str]) -> list[str]:
        """The given questions in questionnaire order, so enumeration is deterministic."""
        wanted = set(qids)
        return [q.id for q in self.questions if q.id in wanted]

    def completions(self, answers: Answers, qids: Sequence[str]) -> Iterator[dict[str, Value]]:
        """Every way to answer the unanswered questions among `qids` (defaulted ones stay unanswered)."""
        free = [q for q in qids if q not in answers and not self.has_default(q)]
        fixed = {q: answers[q] for q in qids if q in answers}
        for combo in itertools.product(*(self.domain(q) for q in free)):
            full = dict(fixed)
            full.update(zip(free, combo))
            yield full
