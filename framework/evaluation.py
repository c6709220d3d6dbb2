"""Evaluation of possibly partial answers: every completion, the weakest result, and what decided it.

Pure: no I/O. An unanswered question is an unknown for a conclusion when two completions that differ
only in that question conclude differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .answer_space import Answers, Value
from .engine import Compiled
from .model import CLAIM_ORDER, METHOD_ORDER, Rule


@dataclass
class Outcome:
    """One completion's conclusion for one item, with what decided it."""

    value: Any
    rules: list[tuple[Rule, Mapping[str, Value]]]
    extra: dict[str, Any] = field(default_factory=dict)
    beaten: tuple[Rule, ...] = ()
    """Rules that fired but gave way to an exception."""


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


class Evaluation:
    """Everything `evaluate` reports for one answers set; plain data, rendered elsewhere."""

    def __init__(self, c: Compiled, answers: Answers):
        self.c = c
        self.answers = dict(answers)
        self.unanswered = [q.id for q in c.space.questions if q.id not in answers and not c.space.has_default(q.id)]

    # one item over every completion -------------------------------------------------------------
    def _over(self, deps: Iterable[str], outcome: Callable[[dict[str, Value], frozenset[str]], Outcome]) -> list[tuple[dict[str, Value], Outcome]]:
        qids = self.c.space.order(set(deps))
        results = []
        for partial in self.c.space.completions(self.answers, qids):
            full, filled = self.c.with_defaults({**self.answers, **partial})
            results.append((partial, outcome(full, filled)))
        return results

    def _unknowns(self, deps: Iterable[str], results: list[tuple[dict[str, Value], Outcome]], key: Callable[[Outcome], Any]) -> list[str]:
        """Unanswered questions the conclusion depends on: two completions that differ only in the
        answer to that question conclude differently, so answering it can change what is reported."""
        free = [q for q in self.c.space.order(set(deps)) if q not in self.answers and not self.c.space.has_default(q)]
        changed = []
        for q in free:
            others = [x for x in free if x != q]
            seen: dict[tuple[Any, ...], Any] = {}
            for partial, o in results:
                group = tuple(partial.get(x) for x in others)
                value = key(o)
                if group in seen and seen[group] != value:
                    changed.append(q)
                    break
                seen.setdefault(group, value)
        return changed

    # methods -----------------------------------------------------------------------------------
    def method(self, method: str) -> dict[str, Any]:
        c = self.c

        def outcome(full: dict[str, Value], filled: frozenset[str]) -> Outcome:
            halves = {}
            for aspect in c.aspects[str(full[c.aspects_question])]:
                halves[aspect] = c.decide(("method", method, aspect), full, filled)
            worst = min((d.value for d in halves.values()), key=lambda v: METHOD_ORDER[v or "does-not-support"])
            rules: list[tuple[Rule, Mapping[str, Value]]] = [(r, full) for d in halves.values() for r in d.winners]
            return Outcome(worst, rules, {"halves": halves}, tuple(r for d in halves.values() for r in d.overridden))

        deps = c.method_deps(method)
        results = self._over(deps, outcome)
        verdict = min((o.value for _, o in results), key=lambda v: METHOD_ORDER[v])
        worst = [o for _, o in results if o.value == verdict]
        conclusions = [r.then for o in worst for r, _ in o.rules if r.then.verdict == verdict]  # type: ignore[union-attr]
        halves: dict[str, Any] = {}
        for aspect in _dedupe(a for _, o in results for a in o.extra["halves"]):
            values = [o.extra["halves"][aspect].value for _, o in results if aspect in o.extra["halves"]]
            weakest = min(values, key=lambda v: METHOD_ORDER[v])
            halves[aspect] = weakest
        return {
            "id": method,
            "verdict": verdict,
            "halves": halves,
            "conditions": _dedupe(x for t in conclusions for x in t.conditions),  # type: ignore[union-attr]
            "caveats": _dedupe(x for t in conclusions for x in t.caveats),  # type: ignore[union-attr]
            "trace": _dedupe(r.id for o in worst for r, _ in o.rules if r.then.verdict == verdict),  # type: ignore[union-attr]
            "explanation": self._explain(worst, lambda r: r.then.verdict == verdict),  # type: ignore[union-attr]
            "depends_on": self._unknowns(deps, results, lambda o: (o.value, tuple(x for r, _ in o.rules for x in r.then.conditions))),  # type: ignore[union-attr]
        }

    # mismatches --------------------------------------------------------------------------------
    def mismatch(self, mid: str) -> dict[str, Any] | None:
        c = self.c
        slot = ("mismatch", mid)

        def outcome(full: dict[str, Value], filled: frozenset[str]) -> Outcome:
            d = c.decide(slot, full, filled)
            return Outcome(d.value is not None, [(r, full) for r in d.winners], beaten=d.overridden)

        deps = c.slot_deps(slot)
        results = self._over(deps, outcome)

        def status(os: list[Outcome]) -> str | None:
            if not os:
                return None
            hits = sum(1 for o in os if o.value)
            return "applies" if hits == len(os) else ("possible" if hits else None)

        st = status([o for _, o in results])
        if st is None:
            return None
        applying = [o for _, o in results if o.value]
        whys = _dedupe(r.then.why for o in applying for r, _ in o.rules)  # type: ignore[union-attr]
        return {
            "id": mid,
            "status": st,
            "why": " ".join(whys),
            "reasons": whys,
            "trace": _dedupe(r.id for o in applying for r, _ in o.rules),
            "explanation": self._explain(applying, lambda r: True),
            "depends_on": self._unknowns(deps, results, lambda o: o.value),
        }

    # claims ------------------------------------------------------------------------------------
    def claim(self, cid: str) -> dict[str, Any] | None:
        c = self.c
        slot = ("claim", cid)

        def outcome(full: dict[str, Value], filled: frozenset[str]) -> Outcome:
            if not c.relevant(cid, full, filled):
                return Outcome(None, [])
            d = c.decide(slot, full, filled)
            return Outcome(d.value, [(r, full) for r in d.winners], beaten=d.overridden)

        deps = c.slot_deps(slot)
        results = self._over(deps, outcome)

        def report(os: list[Outcome]) -> tuple[str, str] | None:
            decided = [o.value for o in os if o.value is not None]
            if not decided:
                return None
            weakest = min(decided, key=lambda v: CLAIM_ORDER[v])
            return (weakest, "certain" if len(decided) == len(os) else "possible")

        rep = report([o for _, o in results])
        if rep is None:
            return None
        worst = [o for _, o in results if o.value == rep[0]]
        conclusions = [r.then for o in worst for r, _ in o.rules]
        return {
            "id": cid,
            "verdict": rep[0],
            "relevance": rep[1],
            "conditions": _dedupe(x for t in conclusions for x in t.conditions),  # type: ignore[union-attr]
            "trace": _dedupe(r.id for o in worst for r, _ in o.rules),
            "explanation": self._explain(worst, lambda r: True),
            "depends_on": self._unknowns(deps, results, lambda o: o.value),
        }

    # traces ------------------------------------------------------------------------------------
    def _explain(self, outcomes: list[Outcome], keep: Callable[[Rule], bool]) -> list[dict[str, Any]]:
        """Per deciding rule: the answers its condition read (as given, or 'unanswered'), and the more
        general rules that also fired but gave way to it (a justification, Catala-style)."""
        out: dict[str, dict[str, Any]] = {}
        for o in outcomes:
            for rule, full in o.rules:
                if not keep(rule):
                    continue
                item = out.setdefault(rule.id, {"rule": rule.id, "label": rule.label, "read": {}, "overrode": []})
                for beaten in o.beaten:
                    if beaten.id in self.c.beaten_by[rule.id] and beaten.id not in item["overrode"]:
                        item["overrode"].append(beaten.id)
                for q in self.c.space.order(self.c.closure(self.c.rule_deps[rule.id])):
                    given = self.answers.get(q)
                    if given is None and q in full and self.c.space.has_default(q):
                        item["read"][q] = _plain(full[q]) + " (default)"
                    elif given is None:
                        item["read"][q] = "(unanswered)"
                    else:
                        item["read"][q] = _plain(given)
        return list(out.values())


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v
