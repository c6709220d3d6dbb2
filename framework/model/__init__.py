"""The typed entries of the knowledge base (pydantic v2, strict: unknown keys are errors), the ID
grammar, and the answer space the questions define.

Stage 1 of the data's way (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: nothing else in the package; everything else may import it.
"""

from .cases import Case, Expectation, Quotation
from .claims import Claim, MethodLink
from .common import BASES, PAPER_BASES, Entry, Source, StrictModel
from .logic import (
    CLAIM_ORDER,
    METHOD_ORDER,
    ClaimConclusion,
    Condition,
    Fact,
    Invariant,
    MethodConclusion,
    MismatchConclusion,
    Rule,
    slot_of,
)
from .matters import STATUS_OF_EVENT, Event, EventSource, Matter
from .questions import DefaultValue, Option, Question
from .sections import CITABLE_KINDS, META_SECTION, SECTIONS
from .signals import Signal, SignalAnswer
from .taxonomy import (
    Adversary,
    BibEntry,
    Concern,
    Deployment,
    Domain,
    Evaluation,
    Goal,
    InformationKind,
    Instrument,
    Meta,
    Method,
    Mismatch,
    Target,
    Term,
    Tombstone,
)
from .trees import Tree
from .wording import RestsOn, WordingExample, WordingOption, WordingRule, WordingWhen

__all__ = [
    "BASES",
    "CITABLE_KINDS",
    "CLAIM_ORDER",
    "META_SECTION",
    "METHOD_ORDER",
    "PAPER_BASES",
    "SECTIONS",
    "STATUS_OF_EVENT",
    "Adversary",
    "BibEntry",
    "Case",
    "Claim",
    "ClaimConclusion",
    "Concern",
    "Condition",
    "DefaultValue",
    "Deployment",
    "Domain",
    "Entry",
    "Evaluation",
    "Event",
    "EventSource",
    "Expectation",
    "Fact",
    "Goal",
    "InformationKind",
    "Instrument",
    "Invariant",
    "Matter",
    "Meta",
    "Method",
    "MethodConclusion",
    "MethodLink",
    "Mismatch",
    "MismatchConclusion",
    "Option",
    "Question",
    "Quotation",
    "RestsOn",
    "Rule",
    "Signal",
    "SignalAnswer",
    "Source",
    "StrictModel",
    "Target",
    "Term",
    "Tombstone",
    "Tree",
    "WordingExample",
    "WordingOption",
    "WordingRule",
    "WordingWhen",
    "slot_of",
]
