"""`validate`'s checks of signals: every pattern in the common subset, compilable, never matching the
empty string, matching one of its examples (so none can never match), and no counter-example matched;
every answer an option of its question."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .diagnostics import Diagnostic
from .knowledge_base import KnowledgeBase
from .normalise import canonical, fold_text
from .pattern_syntax import PatternError, parse

FLAGS = re.IGNORECASE | re.ASCII
"""Python's flags for signal patterns; the browser uses RegExp's `i` flag alone (see pattern_syntax)."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Check and compile one pattern; raise PatternError."""
    parse(pattern)
    try:
        return re.compile(pattern, FLAGS)
    except re.error as e:  # pragma: no cover - the subset parser refuses first
        raise PatternError(f"not a valid regular expression: {e.msg}", e.pos or 0) from None


def signal_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for sid, sig in sorted(kb.signals.items()):
        origin = kb.origin("signal", sid)
        if sig.answer is not None:
            q = kb.questions.get(sig.answer.question)
            if q is not None and sig.answer.option not in q.option_ids():
                yield origin.diagnostic(("answer", "option"), "unknown-option",
                                        f"'{sig.answer.option}' is not an option of question '{q.id}' (options: {', '.join(q.option_ids())})")
        examples = [fold_text(canonical(e)) for e in sig.examples]
        counter = [fold_text(canonical(e)) for e in sig.not_examples]
        matched_examples: set[int] = set()
        for i, pattern in enumerate(sig.patterns):
            try:
                rx = compile_pattern(pattern)
            except PatternError as e:
                yield origin.diagnostic(("patterns", i), e.code, str(e))
                continue
            hits = {j for j, ex in enumerate(examples) if rx.search(ex)}
            if not hits:
                yield origin.diagnostic(("patterns", i), "never-matches",
                                        "the pattern matches none of the signal's examples; add an example it must match, or fix it")
            matched_examples |= hits
            for j, ex in enumerate(counter):
                m = rx.search(ex)
                if m:
                    yield origin.diagnostic(("not_examples", j), "matches-counterexample",
                                            f"pattern {i + 1} matches '{m.group()}' in a phrase it must not match")
        for j in range(len(examples)):
            if j not in matched_examples and len(sig.patterns) and all(_compiles(p) for p in sig.patterns):
                yield origin.diagnostic(("examples", j), "unmatched-example", "no pattern of the signal matches this example")


def _compiles(pattern: str) -> bool:
    try:
        compile_pattern(pattern)
    except PatternError:
        return False
    return True
