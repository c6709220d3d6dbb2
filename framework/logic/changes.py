"""What would change a verdict: the smallest change of answers that makes it stronger, and weaker.

Pure, and read from the decision tables only. A change sets questions the conclusion reads to other
answers, or answers a question left open (a change never un-answers one: not knowing is not a fact
about the case); a question left to its default says so (`from_default`). Changes are tried by size, one question, then two, ... in the order of the questions
the conclusion reads and in answer order, and the first size that changes the verdict is reported
with every alternative of that size (the first few in full). The verdict of changed answers is
computed as any result is: the weakest over the completions of what is still unanswered.
`site/assets/javascripts/tables.js` does the same, step for step.

A partial answer set is coded as one number (per read question: its state, or one more digit for
"unanswered"), and verdicts are memoised per version by that code, so repeated results are cheap.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..model.answer_space import Value
from ..model.verdicts import VERDICT_WORDS
from .tables import Tables

SHOWN = 3
"""Alternatives of the smallest size given in full; the rest are counted."""


class _Slot:
    """One method or claim over the questions it reads: its verdict for any partial answers."""

    def __init__(self, t: Tables, kind: str, item: str):
        self.t, self.kind, self.item = t, kind, item
        if kind == "method":
            self.reads: list[str] = next(m["reads"] for m in t.data["methods"] if m["id"] == item)
            self.order: dict[str, int] = t.data["method_order"]
        else:
            self.reads = t.reads(("claim", item))
            self.order = t.data["claim_order"]
        self.values = [o["value"] for o in t.data["outcomes"]]
        self.states = [t.states(q) for q in self.reads]
        self.open = [len(t.question(q)["domain"]) if not t.has_default(q) else None for q in self.reads]
        """The digit meaning 'unanswered' for questions without a default (None: never unanswered)."""
        radix = [n + (1 if o is not None else 0) for n, o in zip(self.states, self.open)]
        self.weight = [1] * len(radix)
        for i in range(len(radix) - 2, -1, -1):
            self.weight[i] = self.weight[i + 1] * radix[i + 1]
        if kind == "method":
            goal = t.data["aspects_question"]
            self.goal_at = self.reads.index(goal)
            self.goal_values = [str(v) for v in t.domain(goal)]
            self.halves = {a: self._projection(("method", item, a)) for a in t.data["halves"]}
        else:
            self.claim = self._projection(("claim", item))
        self.memo: dict[int, str | None] = t.cache.setdefault(("verdicts", kind, item), {})

    def _projection(self, slot: tuple[str, ...]) -> tuple[list[int], list[int]]:
        s = self.t.slot(slot)
        return [s["_strides"][s["reads"].index(q)] if q in s["reads"] else 0 for q in self.reads], s["table"]

    def digits(self, answers: dict[str, Value]) -> list[int]:
        return [self.t.state_of(q, answers.get(q)) if (q in answers or o is None) else o for q, o in zip(self.reads, self.open)]

    def _complete(self, digits: list[int]) -> str | None:
        def at(p: tuple[list[int], list[int]]) -> str | None:
            strides, table = p
            return self.values[table[sum(s * d for s, d in zip(strides, digits))]]  # type: ignore[no-any-return]

        if self.kind == "claim":
            return at(self.claim)
        aspects = self.t.data["aspects"][self.goal_values[digits[self.goal_at]]]
        return min((at(self.halves[a]) for a in aspects), key=lambda v: self.order[v or "does-not-support"])

    def verdict(self, digits: list[int]) -> str | None:
        """The weakest verdict over the completions (claims: over those where the claim is shown)."""
        code = sum(w * d for w, d in zip(self.weight, digits))
        if code in self.memo:
            return self.memo[code]
        at = next((i for i, (d, o) in enumerate(zip(digits, self.open)) if d == o), None)
        if at is None:
            out = self._complete(digits)
        else:
            decided = [v for v in (self.verdict([*digits[:at], x, *digits[at + 1:]]) for x in range(self.states[at])) if v is not None]
            out = min(decided, key=lambda v: self.order[v]) if decided else None
        self.memo[code] = out
        return out

    def extremes(self) -> tuple[str | None, str | None]:
        """The strongest and the weakest verdict any answers give (computed once per version)."""
        key = ("extremes", self.kind, self.item)
        if key not in self.t.cache:
            found = {self._complete(list(combo)) for combo in itertools.product(*(range(n) for n in self.states))}
            ranked = sorted((v for v in found if v is not None), key=lambda v: self.order[v])
            self.t.cache[key] = (ranked[-1], ranked[0]) if ranked else (None, None)
        return self.t.cache[key]  # type: ignore[no-any-return]


AIMS_BEFORE_DESCRIBES = ("goal", "driver", "concern")
"""The aim questions of tables frozen before questions said what they describe."""


def describes(t: Tables, q: str) -> str:
    """'aim' (what the reader wants: never proposed as a change) or 'situation' (facts that could differ)."""
    question = t.question(q)
    return str(question.get("describes") or ("aim" if q in AIMS_BEFORE_DESCRIBES else "situation"))


def _plain(v: Value | None) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _search(s: _Slot, answers: dict[str, Value], current: str, stronger: bool) -> dict[str, Any] | None:
    base = s.digits(answers)
    full = s.t.with_defaults(answers)[0]

    def step(q: str, to: Value) -> dict[str, Any]:
        if q in answers or q not in full:
            out = {"question": q, "from": _plain(answers.get(q)), "to": _plain(to)}
        else:
            out = {"question": q, "from": _plain(full[q]), "from_default": True, "to": _plain(to)}
        note = _changed_from(s.t, q, out["from"])
        if note:
            out["applies_to"] = note
        return out

    rank = s.order[current]
    domains = [s.t.domain(q) for q in s.reads]
    levers = [i for i, q in enumerate(s.reads) if describes(s.t, q) == "situation"]
    for size in range(1, len(levers) + 1):
        found: list[dict[str, Any]] = []
        count = 0
        for at in itertools.combinations(levers, size):
            choices = [[x for x in range(len(domains[i])) if x != base[i]] for i in at]
            for combo in itertools.product(*choices):
                digits = list(base)
                for i, x in zip(at, combo):
                    digits[i] = x
                v = s.verdict(digits)
                if v is None or (s.order[v] > rank) != stronger or s.order[v] == rank:
                    continue
                count += 1
                if len(found) < SHOWN:
                    found.append({"verdict": v, "answers": [step(s.reads[i], domains[i][x]) for i, x in zip(at, combo)]})
        if found:
            return {"size": size, "options": found, "more": count - len(found)}
    return None


def _changed_from(t: Tables, q: str, value: Any) -> str | None:
    """What a step away from `value` applies to, where it cannot undo the facts (weights already out)."""
    if value is None or isinstance(value, list):
        return None
    option = next((o for o in t.question(q)["options"] if o["id"] == value), None)
    return None if option is None else option.get("when_changed_from")


def what_would_change(t: Tables, answers: dict[str, Value], kind: str, item: str, current: str) -> dict[str, Any]:
    """For one method (`kind` 'method') or claim ('claim') whose verdict for `answers` is `current`."""
    s = _Slot(t, kind, item)
    strongest, weakest = s.extremes()
    top = max(s.order, key=lambda v: s.order[v])
    out: dict[str, Any] = {
        "stronger": None if current == strongest else _search(s, answers, current, True),
        "weaker": None if current == weakest else _search(s, answers, current, False),
        "strongest_possible": strongest,
        "can_reach_top": strongest == top,
    }
    if strongest != top:
        out["note"] = f"No answers make this {VERDICT_WORDS[top]}: the strongest verdict any answers give is {VERDICT_WORDS.get(strongest or '', 'none')}."
    return out
