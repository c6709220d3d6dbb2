"""Reading answers files and permalinks: strict, with messages that say what to write instead."""

from __future__ import annotations

import difflib
import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl, quote

from ..model.answer_space import AnswerSpace, Value
from .diagnostics import Diagnostic, DiagnosticError, Positions
from .yaml_source import ANSWERS_LIMITS, parse


class AnswersError(DiagnosticError):
    """Malformed answers: the CLI exits 2 on these."""


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_answers(raw: Any, space: AnswerSpace, positions: Positions) -> dict[str, Value]:
    """Validate decoded answers and put them in normal form; raise AnswersError with every problem."""
    problems: list[Diagnostic] = []
    if not isinstance(raw, dict):
        raise AnswersError([positions.diagnostic((), "bad-answers", "an answers file maps question IDs to option IDs, e.g. 'goal: removal'")])
    out: dict[str, Value] = {}
    qids = [q.id for q in space.questions]
    for key, value in raw.items():
        if not space.has(key):
            problems.append(positions.diagnostic((key,), "unknown-question", f"no question '{key}'{_suggest(key, qids)}; questions: {', '.join(qids)}", key=True))
            continue
        q = space.question(key)
        options = q.option_ids()
        if q.kind == "one":
            if isinstance(value, list):
                problems.append(positions.diagnostic((key,), "one-choice", f"'{key}' takes one option, not a list ({', '.join(map(str, value))})" if value else f"'{key}' takes one option, not a list"))
                continue
            if not isinstance(value, str):
                problems.append(positions.diagnostic((key,), "wrong-type", f"'{key}' takes one option as text ({', '.join(options)}), got {json.dumps(value)}" + (" - leave the question out if it is not known" if value is None else "")))
                continue
            if value not in options:
                problems.append(positions.diagnostic((key,), "unknown-option", f"'{value}' is not an option of '{key}'{_suggest(value, options)}; options: {', '.join(options)}"))
                continue
            out[key] = value
        else:
            if not isinstance(value, list):
                hint = f", e.g. [{value}]" if isinstance(value, str) else ""
                problems.append(positions.diagnostic((key,), "wrong-type", f"'{key}' is many-choice: give a list of options{hint}" + (" - leave the question out if it is not known" if value is None else "")))
                continue
            if not value:
                problems.append(positions.diagnostic((key,), "empty-list", f"'{key}' has an empty list; leave the question out instead if it is not known"))
                continue
            ok = True
            for i, item in enumerate(value):
                if not isinstance(item, str) or item not in options:
                    shown = item if isinstance(item, str) else json.dumps(item)
                    extra = _suggest(item, options) if isinstance(item, str) else ""
                    problems.append(positions.diagnostic((key, i), "unknown-option", f"'{shown}' is not an option of '{key}'{extra}; options: {', '.join(options)}"))
                    ok = False
                elif value.count(item) > 1 and value.index(item) != i:
                    problems.append(positions.diagnostic((key, i), "duplicate-option", f"'{item}' is listed twice"))
                    ok = False
            if ok:
                out[key] = tuple(o for o in options if o in value)
    if problems:
        raise AnswersError(problems)
    return {q: out[q] for q in qids if q in out}


def read_answers(text: str | bytes, name: str, space: AnswerSpace) -> dict[str, Value]:
    """Answers from a YAML or JSON document (JSON is read as YAML, which it is)."""
    try:
        raw, positions = parse(text, name, ANSWERS_LIMITS)
    except DiagnosticError as e:
        raise AnswersError(e.diagnostics) from None
    if raw is None:
        raw = {}
    return check_answers(raw, space, positions)


PERMALINK_PAGE = "questionnaire/"


def permalink(answers: dict[str, Value], version: str, site_url: str | None) -> str:
    """A link that reopens the questionnaire with these answers (normalised: in questionnaire order);
    they live in the fragment, which browsers never send to a server."""
    parts = [f"v={quote(version)}"]
    for q, v in answers.items():
        parts.append(f"{q}={','.join(v) if isinstance(v, tuple) else v}")
    base = (site_url.rstrip("/") + "/") if site_url else ""
    return f"{base}{PERMALINK_PAGE}#{'&'.join(parts)}"


def read_permalink(link: str, space: AnswerSpace) -> tuple[dict[str, Value], str | None]:
    """(answers, knowledge-base version named by the link) from a permalink."""
    positions = Positions("permalink")
    if "#" not in link:
        raise AnswersError([Diagnostic("permalink", 0, 0, "", "bad-permalink", "a permalink carries its answers after '#', e.g. questionnaire/#v=0.1.0&goal=removal")])
    fragment = link.split("#", 1)[1]
    raw: dict[str, Any] = {}
    version = None
    problems: list[Diagnostic] = []
    try:
        pairs = parse_qsl(fragment, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AnswersError([Diagnostic("permalink", 0, 0, "", "bad-permalink", f"cannot read '{fragment}': expected key=value pairs joined by '&'")]) from None
    for key, value in pairs:
        if key in raw or (key == "v" and version is not None):
            problems.append(Diagnostic("permalink", 0, 0, key, "duplicate-key", f"'{key}' is given twice"))
            continue
        if key == "v":
            version = value
            continue
        if space.has(key) and space.question(key).kind == "many":
            raw[key] = value.split(",") if value else []
        else:
            raw[key] = value
    if problems:
        raise AnswersError(problems)
    return check_answers(raw, space, positions), version


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(answers: dict[str, Value]) -> str:
    plain = {q: (list(v) if isinstance(v, tuple) else v) for q, v in answers.items()}
    return "sha256:" + hashlib.sha256(canonical_json(plain).encode("utf-8")).hexdigest()
