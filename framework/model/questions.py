"""The questionnaire: questions, their options and the help that both questionnaires show."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Entry, StrictModel
from .ids import GoalId, OptionId, QuestionId
from .logic import Condition


class Option(StrictModel):
    id: OptionId
    label: str
    help: str
    aspects: list[GoalId] | None = Field(
        default=None,
        description="On the goal question only: which halves (removal, suppression) this answer asks for.",
    )
    when_changed_from: str | None = Field(
        default=None,
        description=(
            "Said beside any 'what would change' step away from this answer, when that step cannot undo "
            "the facts (e.g. weights already released): the situation it applies to instead."
        ),
    )


class DefaultValue(StrictModel):
    """Value an optional question takes when unanswered; the first whose `when` holds wins."""

    when: Condition | None = None
    value: OptionId


class Question(Entry):
    id: QuestionId
    kind: Literal["one", "many"]
    label: str
    short: str | None = Field(default=None, description="A noun phrase for reports ('deployment', 'who might try'); the label without it.")
    help: str
    example: str
    why_it_matters: str
    options: list[Option] = Field(min_length=2)
    describes: Literal["aim", "situation"] = Field(
        default="situation",
        description=(
            "'aim' for what the reader wants or why (goal, driver, concern): never proposed as a change "
            "that would alter a verdict; 'situation' for facts about the model and who faces it."
        ),
    )
    default: list[DefaultValue] | None = Field(
        default=None,
        description="Optional questions only. The last item should have no `when`.",
    )

    @model_validator(mode="after")
    def _options_unique(self) -> Question:
        seen: set[str] = set()
        for o in self.options:
            if o.id in seen:
                raise ValueError(f"option '{o.id}' is listed twice")
            seen.add(o.id)
        if self.default is not None:
            if self.kind != "one":
                raise ValueError("only one-choice questions can have a default")
            if self.default[-1].when is not None:
                raise ValueError("the last default must have no 'when', so that a default always exists")
            for d in self.default:
                if d.value not in seen:
                    raise ValueError(f"default value '{d.value}' is not an option of this question")
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]
