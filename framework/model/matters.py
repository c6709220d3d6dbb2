"""Matters: the one place where a real matter's dated history is written.

A matter is a lawsuit, a regulator's proceeding, a bill or statute, or a guidance document, with the
dated events that make up its history (filed, decided, appealed, annulled, lifted, amended, ...).
Cases and instruments name their matter (`matter: MAT-...`) and write no status, history or
"developments looked for up to" date of their own, so two pages about the same matter cannot tell
different stories. The matter's status is never written either: it is derived from its latest
status-bearing event.

`developments_to` is the date of the newest dated source actually found on the matter's later
history (never the day of the search, never a blanket date); `validate` refuses one later than the
newest date the matter records (its events' dates and its sources' `dated`) or earlier than its
latest event.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, computed_field, field_validator, model_validator

from .common import StrictModel
from .ids import BibKey, MatterId
from .taxonomy import LaxDate

EventKind = Literal[
    "filed", "opened", "referred", "proposed", "passed", "signed", "vetoed", "enacted", "adopted", "published",
    "in-force", "decided", "appealed", "suspended", "annulled", "set-aside", "vacated", "amended", "superseded",
    "settled", "lifted", "withdrawn", "expired", "step",
]
MatterStatus = Literal[
    "pending", "proposed", "passed", "signed", "vetoed", "enacted", "adopted", "published", "in-force", "decided",
    "appealed", "suspended", "annulled", "set-aside", "vacated", "amended", "superseded", "settled", "lifted",
    "withdrawn", "expired",
]
STATUS_OF_EVENT: dict[str, str | None] = {
    "filed": "pending", "opened": "pending", "referred": "pending", "proposed": "proposed", "passed": "passed",
    "signed": "signed", "vetoed": "vetoed", "enacted": "enacted", "adopted": "adopted", "published": "published",
    "in-force": "in-force", "decided": "decided", "appealed": "appealed", "suspended": "suspended",
    "annulled": "annulled", "set-aside": "set-aside", "vacated": "vacated", "amended": "amended",
    "superseded": "superseded", "settled": "settled", "lifted": "lifted", "withdrawn": "withdrawn",
    "expired": "expired", "step": None,
}
"""The status each kind of event gives its matter; a `step` (a hearing, a discovery order, a
reassignment) is dated history that changes no status."""

NEEDS_EARLIER = frozenset({"appealed", "suspended", "annulled", "set-aside", "vacated", "lifted", "amended", "superseded"})
"""Events that undo or change something, so the matter must record something earlier to act on."""

NOTE_MAX = 400


class EventSource(StrictModel):
    """Where one event (or the matter's later history) was seen."""

    source: BibKey | None = Field(default=None, description="Bibliography key, where the source is in the bibliography.")
    seen_in: str | None = Field(default=None, pattern=r"^https://", description="The page it was seen on.")
    dated: LaxDate | None = Field(default=None, description="The date of that page or report, where known.")

    @model_validator(mode="after")
    def _says_where(self) -> EventSource:
        if self.source is None and self.seen_in is None:
            raise ValueError("a source needs 'source' (a bibliography key) or 'seen_in' (the https address it was seen on)")
        return self


class Event(StrictModel):
    """One dated development of a matter, in our own words."""

    date: LaxDate
    precision: Literal["day", "month", "year"] = Field(
        default="day",
        description="How much of the date is known: 'month' or 'year' when the day is not (the date is then the 1st).",
    )
    kind: EventKind
    forum: str | None = Field(default=None, description="The court, authority or legislature that acted.")
    docket: str | None = Field(default=None, description="Docket, case or decision number, only where verified.")
    note: str = Field(min_length=3, max_length=NOTE_MAX, description="What happened, in one line of our own words.")
    sources: list[EventSource] = Field(min_length=1)

    @model_validator(mode="after")
    def _partial_dates_start_the_period(self) -> Event:
        if self.precision == "month" and self.date.day != 1:
            raise ValueError("a date known only to the month is written as the month's first day (precision: month)")
        if self.precision == "year" and (self.date.month, self.date.day) != (1, 1):
            raise ValueError("a date known only to the year is written as 1 January (precision: year)")
        return self

    @property
    def status(self) -> str | None:
        return STATUS_OF_EVENT[self.kind]

    @property
    def when(self) -> str:
        """The date as far as it is known: '2026-03-18', '2026-03' or '2026'."""
        iso = self.date.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.precision]


class Matter(StrictModel):
    """A real matter's dated history, shown by every case and instrument that names it."""

    id: MatterId
    label: str
    jurisdiction: str
    part_of: MatterId | None = Field(default=None, description="The larger matter this one is part of (an order within a lawsuit).")
    events: list[Event] = Field(min_length=1, description="Oldest first.")
    sources: list[EventSource] = Field(
        default=[], description="Other dated sources consulted on the matter's later history that record no event."
    )
    developments_to: LaxDate = Field(
        description=(
            "The date of the newest dated source found on the matter's later history: nothing after it is "
            "claimed. Never later than the newest date the matter records, never earlier than its last event."
        )
    )
    looked_for_on: LaxDate | None = Field(default=None, description="The day later developments were searched for.")
    checked: str = Field(
        min_length=1, description="Where later developments were looked for, and what was looked for and not found."
    )

    @field_validator("events")
    @classmethod
    def _some_status(cls, v: list[Event]) -> list[Event]:
        if not any(e.status for e in v):
            raise ValueError("a matter needs at least one event that gives it a status (not only 'step' events)")
        return v

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> MatterStatus:
        """The status of the latest status-bearing event (by date; on one date, the later in the list)."""
        return self.status_event.status  # type: ignore[return-value]

    @property
    def status_event(self) -> Event:
        bearing = [(e.date, i, e) for i, e in enumerate(self.events) if e.status]
        return max(bearing, key=lambda t: (t[0], t[1]))[2]

    def newest_evidence(self) -> dt.date:
        """The latest date the matter records: its events' dates and its sources' `dated`."""
        dates = [e.date for e in self.events]
        dates += [s.dated for e in self.events for s in e.sources if s.dated]
        dates += [s.dated for s in self.sources if s.dated]
        return max(dates)
