"""Rules as data: conditions over answers, derived facts, rules with exceptions, invariants."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from .common import Entry, StrictModel
from .ids import (
    ClaimId,
    FactId,
    GoalId,
    InvariantId,
    MethodId,
    MismatchId,
    OptionId,
    QuestionId,
    RuleId,
)

MethodVerdict = Literal["supports", "partial", "does-not-support"]
ClaimVerdict = Literal["supportable", "conditional", "unsupportable", "not-technical"]

METHOD_ORDER: dict[str, int] = {"does-not-support": 0, "partial": 1, "supports": 2}
"""Strength of a method verdict; the weakest wins when answers are unknown."""
CLAIM_ORDER: dict[str, int] = {"unsupportable": 0, "not-technical": 1, "conditional": 2, "supportable": 3}


class Condition(StrictModel):
    """One test over the answers. Exactly one form per condition:

    - `all: [...]`, `any: [...]`, `not: {...}`
    - `fact: ID` (a named, derived condition)
    - `question: ID` with `in: [...]` (one-choice answer is one of these),
      `includes: [...]` (many-choice answer includes at least one of these),
      `includes_all: [...]`, or `unanswered: true` (an optional question was left to its default)
    """

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    fact: FactId | None = None
    question: QuestionId | None = None
    in_: list[OptionId] | None = Field(default=None, alias="in", min_length=1)
    includes: list[OptionId] | None = Field(default=None, min_length=1)
    includes_all: list[OptionId] | None = Field(default=None, min_length=1)
    unanswered: Literal[True] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        tests = [k for k in ("in_", "includes", "includes_all", "unanswered") if getattr(self, k) is not None]
        forms = [k for k in ("all", "any", "not_", "fact") if getattr(self, k) is not None]
        if self.question is not None:
            forms.append("question")
        if len(forms) != 1:
            raise ValueError(
                "a condition needs exactly one of: all, any, not, fact, question"
                + (f" (found {', '.join(f.rstrip('_') for f in forms)})" if forms else "")
            )
        if forms == ["question"] and len(tests) != 1:
            raise ValueError("a 'question' condition needs exactly one of: in, includes, includes_all, unanswered")
        if forms != ["question"] and tests:
            raise ValueError(f"'{tests[0].rstrip('_')}' goes with 'question'")
        for key in ("all", "any"):
            value = getattr(self, key)
            if value is not None and not value:
                raise ValueError(f"'{key}' needs at least one condition")
        return self


class Fact(Entry):
    """A named condition, so that rules can say 'weights-access' instead of repeating its definition."""

    id: FactId
    label: str
    when: Condition


class MethodConclusion(StrictModel):
    method: MethodId
    aspect: GoalId
    verdict: MethodVerdict
    conditions: list[str] = []
    caveats: list[str] = []


class ClaimConclusion(StrictModel):
    claim: ClaimId
    verdict: ClaimVerdict
    conditions: list[str] = []


class MismatchConclusion(StrictModel):
    mismatch: MismatchId
    why: str


def _conclusion_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("method", "claim", "mismatch"):
            if key in value:
                return key
        return None
    for key, cls in (("method", MethodConclusion), ("claim", ClaimConclusion), ("mismatch", MismatchConclusion)):
        if isinstance(value, cls):
            return key
    return None


Conclusion = Annotated[
    Annotated[MethodConclusion, Tag("method")]
    | Annotated[ClaimConclusion, Tag("claim")]
    | Annotated[MismatchConclusion, Tag("mismatch")],
    Discriminator(
        _conclusion_tag,
        custom_error_type="conclusion",
        custom_error_message="'then' needs one of the keys: method, claim, mismatch",
    ),
]


def slot_of(conclusion: MethodConclusion | ClaimConclusion | MismatchConclusion) -> tuple[str, ...]:
    """What a conclusion is about: rules about the same slot compete; others never do."""
    if isinstance(conclusion, MethodConclusion):
        return ("method", conclusion.method, conclusion.aspect)
    if isinstance(conclusion, ClaimConclusion):
        return ("claim", conclusion.claim)
    return ("mismatch", conclusion.mismatch)


class Rule(Entry):
    """When `when` holds (or always, without `when`), conclude `then`.

    `overrides` is the rule's explicit priority: where this rule fires, the listed rules (which must
    conclude about the same thing) give way. Without it, two rules that fire together and disagree are
    a validation error.
    """

    id: RuleId
    label: str
    when: Condition | None = None
    then: Conclusion
    overrides: list[RuleId] = []


class Invariant(StrictModel):
    """A property the rules must have for every answer; checked exhaustively by `validate`."""

    id: InvariantId
    label: str
    why: str
    when: Condition | None = None
    methods: list[MethodId] | None = None
    aspect: GoalId | None = None
    at_most: MethodVerdict | None = None
    at_least: MethodVerdict | None = None
    """A floor: the verdict is never weaker (e.g. a fine-tuning service does not lower what retraining establishes)."""
    mismatch_listed: MismatchId | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Invariant:
        bounds = (self.at_most is not None) + (self.at_least is not None)
        verdict = self.methods is not None or bounds > 0
        if verdict == (self.mismatch_listed is not None):
            raise ValueError("an invariant bounds a method verdict (methods, at_most or at_least) or requires a mismatch (mismatch_listed)")
        if verdict and (self.methods is None or bounds != 1):
            raise ValueError("a verdict invariant needs 'methods' and one of 'at_most' and 'at_least'")
        return self
