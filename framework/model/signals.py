"""Signals: phrasings that show a text asks for, promises or relies on an unlearning-like outcome.

`unlearning-scope check` and the site's "Check a text" page both run these patterns (a regular-
expression subset common to Python and JavaScript, see `framework.kb.pattern_syntax`). A
signal finds passages (`finds_passage`), implies an answer to a question (`answer`), or marks a
claim the passage makes or relies on (`claims`), or several of these at once. A new phrasing needs
YAML only.
"""

from __future__ import annotations

from pydantic import Field, model_validator

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
    examples: list[str] = Field(min_length=1, description="Phrases that must match; every pattern must match at least one of them.")
    not_examples: list[str] = Field(default=[], description="Phrases that no pattern may match.")
    written_from: list[str] = Field(default=[], description=(
        "IDs of the evaluation-corpus documents (tests/check_corpus/) whose passages the signal was written from; "
        "the leave-one-document-out measure checks those documents without it. Empty: written from no corpus document."))

    @model_validator(mode="after")
    def _does_something(self) -> Signal:
        if not self.finds_passage and self.answer is None and not self.claims:
            raise ValueError("a signal needs at least one of: finds_passage: true, answer, claims")
        return self
