"""Decision trees: citable paths through the questions, each leaf checked against the engine."""

from __future__ import annotations

from pydantic import Field, model_validator

from ..ids import ClaimId, MethodId, NodeId, OptionId, QuestionId, TreeId
from .common import Entry, StrictModel
from .logic import ClaimVerdict, MethodVerdict


class Branch(StrictModel):
    answer: OptionId
    next: NodeId


class Node(StrictModel):
    id: NodeId
    ask: QuestionId | None = None
    branches: list[Branch] | None = None
    verdicts: dict[MethodId, MethodVerdict] | None = None
    claims: dict[ClaimId, ClaimVerdict] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _question_or_leaf(self) -> Node:
        is_question = self.ask is not None or self.branches is not None
        is_leaf = self.verdicts is not None or self.claims is not None
        if is_question == is_leaf:
            raise ValueError("a node either asks a question (ask, branches) or is a leaf (verdicts, claims)")
        if is_question and (self.ask is None or not self.branches):
            raise ValueError("a question node needs 'ask' and at least one branch")
        return self

    @property
    def is_leaf(self) -> bool:
        return self.ask is None


class Tree(Entry):
    id: TreeId
    label: str
    summary: str
    fixed: dict[QuestionId, OptionId | list[OptionId]] = {}
    methods: list[MethodId] = []
    root: NodeId
    nodes: list[Node] = Field(min_length=1)
