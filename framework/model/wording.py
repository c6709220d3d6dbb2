"""Wording rules: clause text a provider can meet and someone can check, for a passage read a given way.

`unlearning-scope check` attaches every rule whose `applies_when` fits a flagged passage (its goal as
read, or a claim it makes or relies on) to that passage, in the JSON (`wording`), the Markdown, the
Word review (a comment in the margin) and the site's "Check a text" page. A rule's text is
knowledge-base prose: it rests on the claims and methods it names, and its examples are checked (a
`before` passage the rule fits, and an `after` rewording it no longer fits).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .common import Entry, StrictModel
from .ids import ClaimId, EvaluationId, MethodId, WordingId


class WordingWhen(StrictModel):
    """Which passages the rule fits: any of the goals listed (an option of the goal question, or
    'open' for a passage that leaves the goal unsaid) or any of the claims listed. Both given: both must fit."""

    goal: list[str] = Field(default=[], description="Options of the goal question, or 'open'.")
    claims: list[ClaimId] = Field(default=[], description="Claims the passage makes or relies on (from its signals).")

    @model_validator(mode="after")
    def _something(self) -> WordingWhen:
        if not self.goal and not self.claims:
            raise ValueError("applies_when needs at least one of: goal, claims")
        return self


class WordingOption(StrictModel):
    """One reading spelt out as clause text; [square brackets] mark what the drafter fills in."""

    label: str
    text: str
    checks: list[str] = Field(min_length=1, description="How someone can check that the clause was met.")


class RestsOn(StrictModel):
    claims: list[ClaimId] = []
    methods: list[MethodId] = []
    evaluations: list[EvaluationId] = Field(default=[], description="The tests the clause's checks rely on.")

    @model_validator(mode="after")
    def _something(self) -> RestsOn:
        if not self.claims and not self.methods:
            raise ValueError("rests_on needs at least one claim or method")
        return self


class WordingExample(StrictModel):
    before: str = Field(description="A clause the rule fits (checked: `check` attaches the rule to it).")
    after: str = Field(description="The clause reworded with the rule (checked: the rule no longer fits it).")


class WordingRule(Entry):
    id: WordingId
    label: str
    applies_when: WordingWhen
    problem: str = Field(description="Why the wording as found cannot be met or checked as written.")
    wording: list[WordingOption] = Field(min_length=1)
    cannot: str | None = Field(default=None, description="What no provider can promise or certify here, said plainly.")
    rests_on: RestsOn
    examples: list[WordingExample] = Field(min_length=1)
