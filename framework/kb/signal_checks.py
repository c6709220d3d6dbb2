"""`validate`'s checks of signals: every pattern in the common subset, compilable, never matching the
empty string, matching one of its examples (so none can never match), and no counter-example matched;
an exception's examples each set aside (none kept by a condition in its unless); every answer an
option of its question."""

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
        compiled = dict(_compiled(sig.patterns))
        for i, rx in compiled.items():
            if isinstance(rx, PatternError):
                yield origin.diagnostic(("patterns", i), rx.code, str(rx))
            elif not any(rx.search(ex) for ex in examples):
                yield origin.diagnostic(("patterns", i), "never-matches",
                                        "the pattern matches none of the signal's examples; add an example it must match, or fix it")
        for field in ("only_with", "unless"):
            for k, ref in enumerate(getattr(sig, field)):
                other = kb.signals.get(ref)
                if other is not None and not other.condition:
                    yield origin.diagnostic((field, k), "not-a-condition", f"'{ref}' is not a condition signal (condition: true)")
        if sig.condition and not sig.gates_word_score and not any(sid in s.only_with or sid in s.unless for s in kb.signals.values()):
            yield origin.diagnostic(("condition",), "unused-condition",
                                    "no signal names this condition in its only_with or unless, and it does not gate the word score")
        pats = [rx for rx in compiled.values() if isinstance(rx, re.Pattern)]
        if len(pats) < len(compiled):
            continue
        conds, keeps = _condition_rxs(kb, sig.only_with), _condition_rxs(kb, sig.unless)
        for j, ex in enumerate(examples):
            if not any(rx.search(ex) for rx in pats):
                yield origin.diagnostic(("examples", j), "unmatched-example", "no pattern of the signal matches this example")
        if conds and not any(any(rx.search(ex) for rx in pats) and any(rx.search(ex) for rx in conds) for ex in examples):
            yield origin.diagnostic(("only_with",), "unmet-condition",
                                    f"no example meets a condition it names ({', '.join(sig.only_with)}), so none shows the signal "
                                    "finding a passage; add one that draws a consequence")
        for j, ex in enumerate(examples):
            kept_by = next((m.group() for rx in keeps if (m := rx.search(ex))), None) if sig.sets_aside else None
            if kept_by is not None:
                yield origin.diagnostic(("examples", j), "kept-example",
                                        f"a condition in unless ({', '.join(sig.unless)}) keeps this example ('{kept_by}'), so the "
                                        "exception would not set it aside; give an example it sets aside, or make this a not_example")
        for j, ex in enumerate(counter):
            hit = next(((i, m) for i, rx in enumerate(pats) if (m := rx.search(ex))), None)
            if hit is None:
                continue
            i, m = hit
            if sig.sets_aside:
                if not any(rx.search(ex) for rx in keeps):
                    yield origin.diagnostic(("not_examples", j), "matches-counterexample",
                                            f"pattern {i + 1} matches '{m.group()}' and no condition in unless keeps "
                                            "the phrase, so it would be set aside")
            elif not sig.only_with:
                yield origin.diagnostic(("not_examples", j), "matches-counterexample",
                                        f"pattern {i + 1} matches '{m.group()}' in a phrase it must not match")
            elif c := next((c for rx in conds if (c := rx.search(ex))), None):
                yield origin.diagnostic(("not_examples", j), "matches-counterexample",
                                        f"pattern {i + 1} matches '{m.group()}' and its condition matches '{c.group()}' "
                                        "in a phrase the signal must not find")


def _condition_rxs(kb: KnowledgeBase, refs: list[str]) -> list[re.Pattern[str]]:
    """The compiled patterns of the known condition signals `refs` names (the others are reported apart)."""
    return [rx for ref in refs if ref in kb.signals and kb.signals[ref].condition
            for _, rx in _compiled(kb.signals[ref].patterns) if isinstance(rx, re.Pattern)]


def _compiled(patterns: list[str]) -> Iterator[tuple[int, re.Pattern[str] | PatternError]]:
    for i, pattern in enumerate(patterns):
        try:
            yield i, compile_pattern(pattern)
        except PatternError as e:
            yield i, e
