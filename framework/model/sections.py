"""Which top-level keys a knowledge-base file may hold, and the entry model of each.

A file is a mapping of section name to a list of entries (`meta` is a single mapping). Any file may hold
any sections; the directory layout is a convention for people, not a rule for the loader.
"""

from __future__ import annotations

from pydantic import BaseModel

from .cases import Case
from .claims import Claim
from .logic import Fact, Invariant, Rule
from .matters import Matter
from .questions import Question
from .signals import Signal
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
    Method,
    Mismatch,
    Target,
    Term,
    Tombstone,
)
from .trees import Tree
from .wording import WordingRule

SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    # section: (kind of entry, model)
    "goals": ("goal", Goal),
    "targets": ("target", Target),
    "information": ("information", InformationKind),
    "methods": ("method", Method),
    "evaluations": ("evaluation", Evaluation),
    "deployments": ("deployment", Deployment),
    "adversaries": ("adversary", Adversary),
    "concerns": ("concern", Concern),
    "domains": ("domain", Domain),
    "instruments": ("instrument", Instrument),
    "mismatches": ("mismatch", Mismatch),
    "glossary": ("term", Term),
    "bibliography": ("bib", BibEntry),
    "questions": ("question", Question),
    "facts": ("fact", Fact),
    "rules": ("rule", Rule),
    "claims": ("claim", Claim),
    "trees": ("tree", Tree),
    "invariants": ("invariant", Invariant),
    "matters": ("matter", Matter),
    "cases": ("case", Case),
    "signals": ("signal", Signal),
    "wording": ("wording", WordingRule),
    "tombstones": ("tombstone", Tombstone),
}
META_SECTION = "meta"

CITABLE_KINDS = frozenset(
    {
        "goal", "target", "information", "method", "evaluation", "deployment", "adversary", "concern",
        "domain", "instrument", "mismatch", "term", "fact", "rule", "claim", "tree", "question", "case", "signal",
        "matter", "wording",
    }
)
"""Kinds whose IDs share one namespace and are never reused (bibliography keys and invariants are apart)."""
