"""Signals: phrasings that show a text asks for, promises or relies on an unlearning-like outcome.

`unlearning-scope check` and the site's "Check a text" page both run these patterns (a regular-
expression subset common to Python and JavaScript, see `framework.kb.pattern_syntax`). A
signal finds passages (`finds_passage`), implies an answer to a question (`answer`), or marks a
claim the passage makes or relies on (`claims`), or several of these at once. A condition signal
(`condition`) does none of these: a finder whose `only_with` names it finds a passage only where it
matches too, and the word score flags a passage only where a condition marked `gates_word_score` matches. An exception (`sets_aside`) does none of these either: a passage it matches is not flagged,
whatever found it, unless a condition its `unless` names matches too (for near misses that name unlearning
and what it removes, such as a definition of the field). A new phrasing needs YAML only.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from .common import Entry, StrictModel
from .ids import ClaimId, OptionId, QuestionId, SignalId


class SignalAnswer(StrictModel):
    """The answer the words imply: an option of a question."""

    question: QuestionId
    option: OptionId


class Signal(Entry):
    id: SignalId
    label: str
    finds_passage: bool = Field(default=False, description="A match flags the passage as unlearning-like on its own.")
    answer: SignalAnswer | None = Field(default=None, description="The answer a match implies, within a flagged passage.")
    claims: list[ClaimId] = Field(default=[], description="Claims a flagged passage with a match makes or relies on.")
    patterns: list[str] = Field(min_length=1, description="Regular expressions in the common subset, matched case-insensitively on folded text.")
    condition: bool = Field(default=False, description=(
        "A condition other signals name in `only_with`: it finds nothing, answers nothing and marks no claim of its own."))
    gates_word_score: bool = Field(default=False, description=(
        "A condition the word score needs: a passage no finder finds is flagged by its words only where one of the "
        "conditions so marked matches in it (words alone say nothing of a passage that names no AI system, model, "
        "training or generated content)."))
    only_with: list[SignalId] = Field(default=[], description=(
        "Condition signals one of which must also match in a passage for a match to find it (for a statement that "
        "asks for, promises or relies on nothing until a consequence is drawn from it). Empty: every match finds."))
    sets_aside: bool = Field(default=False, description=(
        "An exception to every finder and to the word score: a passage it matches is not flagged unless a condition its "
        "`unless` names matches too. It finds nothing, answers nothing and marks no claim of its own."))
    unless: list[SignalId] = Field(default=[], description=(
        "Condition signals any one of which, matching in the passage too, keeps a passage this exception would set aside."))
    examples: list[str] = Field(min_length=1, description=(
        "Phrases the patterns must match, every pattern at least one (with `only_with`, one at least must meet a condition too)."))
    not_examples: list[str] = Field(default=[], description=(
        "Phrases the signal must not find: no pattern matches, or (with `only_with`) no condition does."))
    written_from: list[str] = Field(default=[], description=(
        "IDs of the evaluation-corpus documents (tests/check_corpus/) whose passages the signal was written from; "
        "the leave-one-document-out measure checks those documents without it. Empty: written from no corpus document."))

    @model_serializer(mode="wrap")
    def _without_empty_conditions(self, handler: SerializerFunctionWrapHandler) -> Any:
        """`condition`, `gates_word_score`, `only_with`, `sets_aside` and `unless` are left out when unset, so a signal that uses
        none of them reads (and digests, for the release record) exactly as before they existed."""
        data = handler(self)
        if isinstance(data, dict):
            for key in ("condition", "gates_word_score", "only_with", "sets_aside", "unless"):
                if not getattr(self, key):
                    data.pop(key, None)
        return data

    @model_validator(mode="after")
    def _does_something(self) -> Signal:
        if self.gates_word_score and not self.condition:
            raise ValueError("gates_word_score marks a condition the word score needs: it needs condition: true")
        if self.unless and not self.sets_aside:
            raise ValueError("unless says when an exception keeps a passage: it needs sets_aside: true")
        if self.sets_aside:
            if self.condition or self.finds_passage or self.answer is not None or self.claims or self.only_with:
                raise ValueError("an exception (sets_aside) only sets passages aside: no condition, finds_passage, answer, claims or only_with")
            return self
        if self.condition:
            if self.finds_passage or self.answer is not None or self.claims or self.only_with:
                raise ValueError("a condition signal only qualifies other signals: no finds_passage, answer, claims or only_with")
            return self
        if not self.finds_passage and self.answer is None and not self.claims:
            raise ValueError("a signal needs at least one of: finds_passage: true, answer, claims (or condition: true, or sets_aside: true)")
        if self.only_with and not self.finds_passage:
            raise ValueError("only_with says when a match finds a passage: it needs finds_passage: true")
        return self
