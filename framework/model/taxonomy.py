"""Descriptive entries of the framework: goals, targets, methods, settings, domains, mismatches."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import Entry, StrictModel
from .ids import (
    AdversaryId,
    AnyId,
    BibKey,
    ClaimId,
    ConcernId,
    DeploymentId,
    DomainId,
    EvaluationId,
    GoalId,
    InformationId,
    InstrumentId,
    MatterId,
    MethodId,
    MismatchId,
    TargetId,
    TermId,
)

LaxDate = Annotated[dt.date, Field(strict=False)]


class Goal(Entry):
    id: GoalId
    label: str
    summary: str
    acts_on: Literal["parameters", "outputs"]
    description: str
    examples: list[str] = []


class Target(Entry):
    id: TargetId
    label: str
    summary: str
    description: str
    examples: list[str] = []


class InformationKind(Entry):
    id: InformationId
    label: str
    summary: str
    description: str
    examples: list[str] = []


class Method(Entry):
    id: MethodId
    label: str
    summary: str
    acts_on: Literal["parameters", "model-behaviour", "system-outputs", "future-training-data"]
    establishes: str
    cannot_establish: list[str] = Field(min_length=1)
    preconditions: list[str] = []
    costs: list[str] = []
    evaluated_by: list[EvaluationId] = []
    literature: list[BibKey] = []


class Evaluation(Entry):
    id: EvaluationId
    label: str
    summary: str
    tests: str
    limits: list[str] = []
    literature: list[BibKey] = []


class Deployment(Entry):
    id: DeploymentId
    label: str
    summary: str
    what_changes: str
    system_measures_available: bool


class Adversary(Entry):
    id: AdversaryId
    label: str
    summary: str
    what_changes: str


class Concern(Entry):
    id: ConcernId
    label: str
    summary: str
    what_changes: str


class Domain(Entry):
    id: DomainId
    label: str
    summary: str
    aspirations: list[str] = Field(min_length=1)
    difficulties: list[str] = []
    mismatches: list[MismatchId] = []


ReadingStatus = Literal["settled", "regulator-guidance", "contested", "untested"]


class Instrument(Entry):
    """A law, guidance, decision or order and the question it raises for unlearning.

    Review is two facts, kept apart so a date cannot be read as "current as of": what the entry was
    checked against (`checked`), and the dated history of its matter (`matter`), which says up to when
    later developments were looked for; that history is written once, on the matter.
    """

    id: InstrumentId
    label: str
    reference: BibKey
    instrument_type: Literal["regulation", "statute", "guidance", "case", "order"]
    jurisdiction: str
    domains: list[DomainId] = Field(min_length=1)
    asks: str
    unlearning_question: str
    reading_status: ReadingStatus
    reading_note: str
    checked: str = Field(
        min_length=1,
        description="What the entry was checked against: which texts, in which copies, and what was left unread.",
    )
    matter: MatterId = Field(
        description=(
            "The matter whose dated history the instrument shows: its status, events and the date up to "
            "which later developments were looked for are written there, once."
        )
    )
    mismatches: list[MismatchId] = Field(
        default=[], description="Mismatches at issue in the instrument's reading (for guidance, in the regulator's own terms)."
    )
    claims: list[ClaimId] = Field(default=[], description="Claims whose legal side the instrument bears on.")


class Mismatch(Entry):
    id: MismatchId
    label: str
    summary: str
    explanation: str
    examples: list[str] = []
    domains: list[DomainId] = []


class Term(Entry):
    id: TermId
    term: str
    definition: str
    aliases: list[str] = []
    see_also: list[AnyId] = []


class Tombstone(StrictModel):
    """An ID that no longer names a live entry; it resolves to its successor forever."""

    id: str = Field(min_length=1)
    kind: str
    label: str
    status: Literal["renamed", "merged", "withdrawn"]
    successor: AnyId | None = None
    date: LaxDate
    reason: str


class BibEntry(StrictModel):
    id: BibKey
    type: Literal["paper", "regulation", "statute", "guidance", "case", "order"]
    title: str
    authors: list[str] = Field(min_length=1)
    year: int
    venue: str
    identifier: str
    url: str | None = None
    summary: str
    verified_in: str
    also_seen_in: list[str] = []
    confidence: Literal["verified", "partial"]
    caution: str | None = None
    verified_by: Literal["project"] | None = None
    """Left out: copied from the shared verified bibliography. `project`: checked by the project itself
    (then `verified_in` names the page it was seen in and `verified_on` the day)."""
    verified_on: LaxDate | None = None

    @model_validator(mode="after")
    def _project_entries_say_when(self) -> BibEntry:
        if self.verified_by == "project" and self.verified_on is None:
            raise ValueError("an entry verified by the project needs verified_on (the day its source was seen)")
        return self


class Meta(StrictModel):
    """Release identity of the knowledge base: what a citation names."""

    title: str
    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    released: LaxDate
    paper: BibKey
    site_url: str | None = None
    license: str
    citation_key: str
