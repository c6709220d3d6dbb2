"""Claims: statements a policy text, contract or filing might make about unlearning."""

from __future__ import annotations

from pydantic import Field

from .common import Entry, StrictModel
from .ids import ClaimId, DomainId, GoalId, MethodId, MismatchId, TargetId
from .logic import Condition


class MethodLink(StrictModel):
    """The method verdict a claim restates; `validate` checks the two never contradict."""

    method: MethodId
    aspect: GoalId


class Claim(Entry):
    id: ClaimId
    statement: str
    domains: list[DomainId] = Field(min_length=1)
    goals: list[GoalId] = Field(min_length=1)
    targets: list[TargetId] = Field(min_length=1)
    methods: list[MethodId] = []
    rationale: str
    mismatches: list[MismatchId] = []
    evidence: list[str] = Field(min_length=1, description="What a reader should ask a provider for.")
    relevant_when: Condition | None = Field(
        default=None, description="When the claim is worth showing for a set of answers; always, without it."
    )
    restates: MethodLink | None = None
    question: str | None = Field(
        default=None,
        description=(
            "For a claim no method settles (a legal or policy question): the question in a reader's words, "
            "written to follow 'No method settles ...' (e.g. 'whether ...'). A result's bottom line says it "
            "for the reader's driver, the first such claim per driver."
        ),
    )

