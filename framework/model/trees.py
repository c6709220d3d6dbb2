"""Decision trees as written: which questions a tree asks, in which order, and what its leaves show.

The leaves are not written: `framework.logic.trees` derives them from the decision tables at build time.
"""

from __future__ import annotations

from pydantic import Field

from .common import Entry
from .ids import ClaimId, MethodId, OptionId, QuestionId, TreeId


class Tree(Entry):
    id: TreeId
    label: str
    summary: str
    fixed: dict[QuestionId, OptionId | list[OptionId]] = {}
    questions: list[QuestionId] = Field(min_length=1)
    """Asked in this order (one-choice questions, none of them fixed); a question that makes no
    difference below a branch is skipped there."""
    methods: list[MethodId] = []
    claims: list[ClaimId] = []
    """Claims whose verdicts the leaves show (where the claim applies)."""
