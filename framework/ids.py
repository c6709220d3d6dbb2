"""ID grammar, one pattern per kind of entry.

IDs are the project's public vocabulary (see the contract's "Stable IDs"): the grammar is checked by the
model so that a typo in a reference fails where it is written, not later as a dangling reference.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import StringConstraints

KEBAB = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"

PATTERNS: dict[str, str] = {
    "question": r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$",
    "option": rf"^{KEBAB}$",
    "goal": rf"^{KEBAB}$",
    "target": rf"^{KEBAB}$",
    "information": rf"^{KEBAB}$",
    "deployment": rf"^{KEBAB}$",
    "adversary": rf"^{KEBAB}$",
    "concern": rf"^{KEBAB}$",
    "domain": rf"^{KEBAB}$",
    "method": rf"^{KEBAB}$",
    "fact": rf"^{KEBAB}$",
    "evaluation": rf"^eval-{KEBAB}$",
    "instrument": rf"^law-{KEBAB}$",
    "term": rf"^term-{KEBAB}$",
    "mismatch": r"^M[1-9][0-9]*$",
    "claim": r"^CL-[0-9]{3,}$",
    "rule": r"^R-[A-Z]+(?:-[A-Z]+)*-[0-9]{3,}$",
    "tree": r"^DT-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$",
    "node": rf"^{KEBAB}$",
    "invariant": r"^INV-[0-9]{3,}$",
    "bib": r"^[a-z][a-z-]*[0-9]{4}[a-z0-9]*$",
}


class Ref:
    """Marks a field as naming an entry of `kind`, so reference checks need no list of fields."""

    def __init__(self, kind: str):
        self.kind = kind

    def __repr__(self) -> str:
        return f"Ref({self.kind!r})"


def _id(kind: str) -> type[str]:
    return Annotated[str, StringConstraints(pattern=PATTERNS[kind]), Ref(kind)]  # type: ignore[return-value]


AnyId = Annotated[str, StringConstraints(min_length=1), Ref("any")]


QuestionId = _id("question")
OptionId = _id("option")
GoalId = _id("goal")
TargetId = _id("target")
InformationId = _id("information")
DeploymentId = _id("deployment")
AdversaryId = _id("adversary")
ConcernId = _id("concern")
DomainId = _id("domain")
MethodId = _id("method")
FactId = _id("fact")
EvaluationId = _id("evaluation")
InstrumentId = _id("instrument")
TermId = _id("term")
MismatchId = _id("mismatch")
ClaimId = _id("claim")
RuleId = _id("rule")
TreeId = _id("tree")
NodeId = _id("node")
InvariantId = _id("invariant")
BibKey = _id("bib")

_COMPILED = {kind: re.compile(p) for kind, p in PATTERNS.items()}


def matches(kind: str, value: str) -> bool:
    """True when `value` is spelled as an ID of `kind` must be."""
    return bool(_COMPILED[kind].match(value))
