"""The terminal questionnaire: the same questions, help and options as the site, read from the KB."""

from __future__ import annotations

import textwrap
from typing import IO

from ..model import Question
from ..model.answer_space import AnswerSpace, Value

HELP_KEYS = {"?", "help"}


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=96, initial_indent=indent, subsequent_indent=indent)


def _show(q: Question, n: int, total: int, out: IO[str]) -> None:
    kind = "one answer" if q.kind == "one" else "one or more answers, separated by commas"
    print(f"\n[{n}/{total}] {q.label}", file=out)
    print(_wrap(q.help), file=out)
    width = max(14, *(len(o.id) for o in q.options))
    for i, o in enumerate(q.options, 1):
        print(f"  {i}. {o.id:<{width}} {' '.join(o.help.split())}", file=out)
    default = " (left empty, the default applies)" if q.default else " (leave empty if not known)"
    print(f"  Type {kind}: a number or an ID{default}; '?' explains why it matters.", file=out)


def _parse(q: Question, text: str) -> tuple[Value | None, str | None]:
    """(answer, problem) for one typed line; an empty line leaves the question unanswered."""
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if not parts:
        return None, None
    ids = q.option_ids()
    chosen = []
    for p in parts:
        if p.isdigit() and 1 <= int(p) <= len(ids):
            chosen.append(ids[int(p) - 1])
        elif p in ids:
            chosen.append(p)
        else:
            return None, f"'{p}' is not one of 1-{len(ids)} or {', '.join(ids)}"
    if q.kind == "one":
        if len(chosen) > 1:
            return None, "this question takes one answer"
        return chosen[0], None
    return tuple(o for o in ids if o in chosen), None


def ask(space: AnswerSpace, read: IO[str], out: IO[str]) -> dict[str, Value]:
    """Ask every question in order; end of input leaves the remaining questions unanswered."""
    answers: dict[str, Value] = {}
    total = len(space.questions)
    for n, q in enumerate(space.questions, 1):
        _show(q, n, total, out)
        while True:
            print("> ", end="", file=out, flush=True)
            line = read.readline()
            if not line:
                print("", file=out)
                return answers
            if line.strip().lower() in HELP_KEYS:
                print(_wrap(f"Why it matters: {q.why_it_matters}"), file=out)
                print(_wrap(f"Example: {q.example}"), file=out)
                continue
            value, problem = _parse(q, line)
            if problem:
                print(f"  {problem}; try again.", file=out)
                continue
            if value is not None:
                answers[q.id] = value
            break
    return answers


def to_yaml(answers: dict[str, Value]) -> str:
    lines = []
    for q, v in answers.items():
        if isinstance(v, tuple):
            lines.append(f"{q}: [{', '.join(v)}]")
        else:
            lines.append(f'{q}: "{v}"' if v in ("yes", "no") else f"{q}: {v}")
    return "\n".join(lines) + "\n"
