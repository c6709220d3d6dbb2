"""Base model and provenance, shared by every kind of entry."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .ids import BibKey

Basis = Literal["paper-abstract", "paper-reviews", "secondary-summary", "literature", "editorial"]
BASES: tuple[str, ...] = ("paper-abstract", "paper-reviews", "secondary-summary", "literature", "editorial")
PAPER_BASES: frozenset[str] = frozenset({"paper-abstract", "paper-reviews", "secondary-summary"})

class StrictModel(BaseModel):
    """Unknown keys are errors and values are not coerced, so the YAML says exactly what is meant."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Source(StrictModel):
    """Where one statement comes from (contract: provenance)."""

    basis: Basis
    source: BibKey | None = Field(
        default=None, description="Bibliography key; required unless the basis is editorial."
    )
    locator: str | None = Field(
        default=None,
        description="Section or mismatch number, only where it is known; never guessed.",
    )
    note: str | None = Field(default=None, description="What this source supports, in our words.")

    @model_validator(mode="after")
    def _source_needed(self) -> Source:
        if self.basis != "editorial" and self.source is None:
            raise ValueError(f"a '{self.basis}' basis needs a 'source' (a bibliography key)")
        return self


Provenance = list[Source]


class Entry(StrictModel):
    """Anything citable: it has an ID and says where it comes from."""

    id: str
    provenance: Provenance = Field(min_length=1)
