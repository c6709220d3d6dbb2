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
    "case": r"^CASE-[A-Z0-9]+(?:-[A-Z0-9]+)*$",
    "matter": r"^MAT-[A-Z0-9]+(?:-[A-Z0-9]+)*$",
    "signal": r"^SIG-[A-Z]+(?:-[A-Z]+)*-[0-9]{3,}$",
    "wording": r"^WR-[0-9]{3,}$",
    "bib": r"^[a-z][a-z-]*[0-9]{4}[a-z0-9]*$",
}


class Ref:
    """Marks a field as naming an entry of `kind`, so reference checks need no list of fields."""

    def __init__(self, kind: str):
        self.kind = kind

    def __repr__(self) -> str:
        return f"Ref({self.kind!r})"


AnyId = Annotated[str, StringConstraints(min_length=1), Ref("any")]
QuestionId = Annotated[str, StringConstraints(pattern=PATTERNS["question"]), Ref("question")]
OptionId = Annotated[str, StringConstraints(pattern=PATTERNS["option"]), Ref("option")]
GoalId = Annotated[str, StringConstraints(pattern=PATTERNS["goal"]), Ref("goal")]
TargetId = Annotated[str, StringConstraints(pattern=PATTERNS["target"]), Ref("target")]
InformationId = Annotated[str, StringConstraints(pattern=PATTERNS["information"]), Ref("information")]
DeploymentId = Annotated[str, StringConstraints(pattern=PATTERNS["deployment"]), Ref("deployment")]
AdversaryId = Annotated[str, StringConstraints(pattern=PATTERNS["adversary"]), Ref("adversary")]
ConcernId = Annotated[str, StringConstraints(pattern=PATTERNS["concern"]), Ref("concern")]
DomainId = Annotated[str, StringConstraints(pattern=PATTERNS["domain"]), Ref("domain")]
MethodId = Annotated[str, StringConstraints(pattern=PATTERNS["method"]), Ref("method")]
FactId = Annotated[str, StringConstraints(pattern=PATTERNS["fact"]), Ref("fact")]
EvaluationId = Annotated[str, StringConstraints(pattern=PATTERNS["evaluation"]), Ref("evaluation")]
InstrumentId = Annotated[str, StringConstraints(pattern=PATTERNS["instrument"]), Ref("instrument")]
TermId = Annotated[str, StringConstraints(pattern=PATTERNS["term"]), Ref("term")]
MismatchId = Annotated[str, StringConstraints(pattern=PATTERNS["mismatch"]), Ref("mismatch")]
ClaimId = Annotated[str, StringConstraints(pattern=PATTERNS["claim"]), Ref("claim")]
RuleId = Annotated[str, StringConstraints(pattern=PATTERNS["rule"]), Ref("rule")]
TreeId = Annotated[str, StringConstraints(pattern=PATTERNS["tree"]), Ref("tree")]
NodeId = Annotated[str, StringConstraints(pattern=PATTERNS["node"]), Ref("node")]
InvariantId = Annotated[str, StringConstraints(pattern=PATTERNS["invariant"]), Ref("invariant")]
MatterId = Annotated[str, StringConstraints(pattern=PATTERNS["matter"]), Ref("matter")]
CaseId = Annotated[str, StringConstraints(pattern=PATTERNS["case"]), Ref("case")]
SignalId = Annotated[str, StringConstraints(pattern=PATTERNS["signal"]), Ref("signal")]
WordingId = Annotated[str, StringConstraints(pattern=PATTERNS["wording"]), Ref("wording")]
BibKey = Annotated[str, StringConstraints(pattern=PATTERNS["bib"]), Ref("bib")]

_COMPILED = {kind: re.compile(p) for kind, p in PATTERNS.items()}


def matches(kind: str, value: str) -> bool:
    """True when `value` is spelled as an ID of `kind` must be."""
    return bool(_COMPILED[kind].match(value))
