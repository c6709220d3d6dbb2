"""Cases: real orders, decisions, filings, bills and commitments that ask for unlearning-like outcomes.

A case records what a real text asks (our paraphrase), the few words of it that invoke unlearning
(a short, marked quotation with the source it was checked in), and our reading of its aspiration as
an answers file. Its result is never written down: the engine computes it from those answers. The
expected verdicts are a test of that reading against the rules, run by the test suite.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .common import Entry, StrictModel
from .ids import BibKey, CaseId, ClaimId, DomainId, InstrumentId, MatterId, MethodId, MismatchId, OptionId, QuestionId, TreeId
from .logic import ClaimVerdict, MethodVerdict
from .taxonomy import LaxDate, ReadingStatus

CaseType = Literal[
    "order", "decision", "judgment", "complaint", "settlement", "opinion", "guidance", "bill", "statute",
    "code-of-practice", "commitment",
]
QUOTE_MAX = 300
"""Quotations are kept short: a phrase or a sentence, never a passage."""


class Quotation(StrictModel):
    """Words of the case itself, verbatim, as seen in `source`."""

    text: str = Field(min_length=3, max_length=QUOTE_MAX)
    source: BibKey
    locator: str | None = Field(default=None, description="Where in the source, only where it was seen.")
    seen_in: str = Field(pattern=r"^https://", description="The page the quotation was read on.")


class Expectation(StrictModel):
    """Verdicts the case's answers are expected to get; the test suite checks them against the engine."""

    methods: dict[MethodId, MethodVerdict] = Field(min_length=1)
    claims: dict[ClaimId, ClaimVerdict] = {}
    mismatches: list[MismatchId] = Field(default=[], description="Mismatches expected to be listed.")


class Case(Entry):
    id: CaseId
    title: str
    case_type: CaseType
    jurisdiction: str = Field(description="Country or union, as the site filters by it: 'United States', 'European Union'.")
    forum: str = Field(description="The court, authority or legislature, and where it sits.")
    date: LaxDate = Field(description="The date the text was issued, filed, adopted or signed: one of its matter's event dates.")
    matter: MatterId = Field(description="The matter whose dated history (and so status) the case shows; written there only.")
    domains: list[DomainId] = Field(min_length=1)
    asks: str = Field(description="What the text asks, in our words.")
    wording: list[Quotation] = Field(default=[], max_length=2)
    sources: list[BibKey] = Field(min_length=1, description="The text the case is about first, then sources on its history and context.")
    reading_status: ReadingStatus
    reading_note: str
    instruments: list[InstrumentId] = []
    claims: list[ClaimId] = []
    trees: list[TreeId] = []
    answers: dict[QuestionId, OptionId | list[OptionId]] = Field(
        min_length=1, description="Our reading of the case's aspiration, as an answers file."
    )
    answers_note: str = Field(description="Why these answers: the words of the case each rests on.")
    expect: Expectation
    checked: str = Field(
        min_length=1,
        description=(
            "What the entry's reading was checked against, in which copies, and what was left unread; where later "
            "developments were looked for is the matter's `checked`."
        ),
    )

    @field_validator("sources")
    @classmethod
    def _sources_unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a source is listed twice")
        return v
