"""The terminal questionnaire: the same questions, help and options as the site, read from the KB."""

from __future__ import annotations

import textwrap
from typing import IO

from ..model import Question
from ..model.answer_space import AnswerSpace, Value

HELP_KEYS = {"?", "help"}
BACK_KEYS = {"<", "back", "b"}


def width() -> int:
    """The terminal's width (standard error, where the questions go), 60 to 100 columns."""
    import os
    import shutil

    try:
        columns = os.get_terminal_size(2).columns
    except OSError:
        columns = shutil.get_terminal_size((100, 24)).columns
    return max(60, min(100, columns - 1))


def _wrap(text: str, indent: str = "  ", hang: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), width=width(), initial_indent=indent,
                         subsequent_indent=indent if hang is None else hang, break_long_words=False, break_on_hyphens=False)


def _show(q: Question, n: int, total: int, out: IO[str]) -> None:
    kind = "one answer" if q.kind == "one" else "one or more answers, separated by commas"
    print(f"\n[{n}/{total}] {q.label}", file=out)
    print(_wrap(q.help), file=out)
    for i, o in enumerate(q.options, 1):
        print(_wrap(f"{i}. {o.label} [{o.id}]: {o.help}", "  ", " " * 5), file=out)
    default = "empty for the default" if q.default else "empty if not known"
    back = "; '<' goes back" if n > 1 else ""
    print(_wrap(f"Type {kind} (a number or the ID in brackets; {default}); '?' explains why it matters{back}."), file=out)


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


def _said(q: Question, v: Value | None) -> str:
    if v is None:
        return "not known" + (" (the default applies)" if q.default else "")
    labels = {o.id: o.label for o in q.options}
    return ", ".join(labels[x] for x in (v if isinstance(v, tuple) else (v,)))


def _ask_one(q: Question, n: int, total: int, read: IO[str], out: IO[str]) -> tuple[str, Value | None]:
    """('answer', value), ('back', None) or ('end', None) at the end of input."""
    _show(q, n, total, out)
    while True:
        print("> ", end="", file=out, flush=True)
        line = read.readline()
        if not line:
            print("", file=out)
            return "end", None
        typed = line.strip().lower()
        if typed in HELP_KEYS:
            print(_wrap(f"Why it matters: {q.why_it_matters}"), file=out)
            print(_wrap(f"Example: {q.example}"), file=out)
            continue
        if typed in BACK_KEYS:
            if n == 1:
                print("  This is the first question.", file=out)
                continue
            return "back", None
        value, problem = _parse(q, line)
        if problem:
            print(f"  {problem}; try again.", file=out)
            continue
        return "answer", value


def _review(space: AnswerSpace, answers: dict[str, Value], read: IO[str], out: IO[str]) -> int | None:
    """Shows every answer; returns the number of a question to change, or None to see the result."""
    questions = space.questions
    while True:
        print("\nYour answers:", file=out)
        for i, q in enumerate(questions, 1):
            print(_wrap(f"{i}. {q.label} {_said(q, answers.get(q.id))}", "  ", "     "), file=out)
        print(f"  Press Enter to see the result, or type a question's number (1-{len(questions)}) to change it.", file=out)
        print("> ", end="", file=out, flush=True)
        line = read.readline()
        if not line or not line.strip():
            if not line:
                print("", file=out)
            return None
        if line.strip().isdigit() and 1 <= int(line.strip()) <= len(questions):
            return int(line.strip()) - 1
        print(f"  '{line.strip()}' is not a question number.", file=out)


def ask(space: AnswerSpace, read: IO[str], out: IO[str]) -> dict[str, Value]:
    """Ask every question in order ('<' goes back), then show the answers for review, where any can be
    changed; the end of input leaves the remaining questions unanswered and skips the review."""
    answers: dict[str, Value] = {}
    questions = space.questions
    total = len(questions)
    i = 0
    while i < total:
        q = questions[i]
        step, value = _ask_one(q, i + 1, total, read, out)
        if step == "end":
            return answers
        if step == "back":
            i -= 1
            continue
        answers.pop(q.id, None)
        if value is not None:
            answers[q.id] = value
        i += 1
    while (again := _review(space, answers, read, out)) is not None:
        q = questions[again]
        step, value = _ask_one(q, again + 1, total, read, out)
        if step == "end":
            break
        if step == "answer":
            answers.pop(q.id, None)
            if value is not None:
                answers[q.id] = value
    return {q.id: answers[q.id] for q in questions if q.id in answers}


def to_yaml(answers: dict[str, Value]) -> str:
    lines = []
    for q, v in answers.items():
        if isinstance(v, tuple):
            lines.append(f"{q}: [{', '.join(v)}]")
        else:
            lines.append(f'{q}: "{v}"' if v in ("yes", "no") else f"{q}: {v}")
    return "\n".join(lines) + "\n"
