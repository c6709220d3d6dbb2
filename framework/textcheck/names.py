"""What a reader calls the questions and options a `check` result names by ID.

The result keeps IDs (scripts and the answers file need them); the text, Markdown and Word outputs are
read by people, who should see "who might try: Prompting adversaries", not "adversary: prompting".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class Names:
    """Question and option names by ID; an ID with no name here is shown as itself, underscores read as spaces."""

    short: dict[str, str] = field(default_factory=dict)
    """Question ID -> its short name for reports (`short` in taxonomy/questions.yaml)."""
    label: dict[str, str] = field(default_factory=dict)
    """Question ID -> the question as the questionnaire asks it."""
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    """Question ID -> option ID -> the option's label."""

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Names:
        qs = kb.questions.values()
        return cls({q.id: q.short for q in qs if q.short}, {q.id: q.label for q in qs},
                   {q.id: {o.id: o.label for o in q.options} for q in qs})

    def question(self, q: str) -> str:
        """The question's short name ("who might try"), for a line that names several."""
        return self.short.get(q) or q.replace("_", " ")

    def asked(self, q: str) -> str:
        """The question as asked ("Who might try to get the targeted content back, and how?"), for a table."""
        return self.label.get(q) or self.question(q)

    def value(self, q: str, v: Any) -> str:
        """An answer's option label(s), joined where the question takes several."""
        vs = v if isinstance(v, list) else [v]
        return ", ".join(self.options.get(q, {}).get(str(x)) or str(x) for x in vs)
