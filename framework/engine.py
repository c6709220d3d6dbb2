"""The rule engine: pure functions from answers to verdicts, mismatches and claims, with traces.

Semantics (contract: "How answers are read"):
- Rules fire on complete answers. Optional questions left unanswered take their default first.
- In a slot (a method's half, a claim, a mismatch) the rules that fire compete; a rule listed in the
  `overrides` of another fired rule (transitively) gives way. Disagreement among the rest is a conflict,
  which `validate` proves never happens.
- With unanswered questions, every completion is evaluated and the weakest result is reported; an
  unanswered question is an unknown for a conclusion when some answer to it would change what is
  reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .answer_space import Answers, AnswerSpace, Value
from .checks import slot_of
from .knowledge_base import KnowledgeBase
from .model import (
    CLAIM_ORDER,
    METHOD_ORDER,
    Condition,
    Rule,
)

Pred = Callable[[Mapping[str, Value], frozenset[str]], bool]
"""A compiled condition: (complete answers, questions filled by default) -> holds?"""
Slot = tuple[str, ...]
_NONE: frozenset[str] = frozenset()


class Conflict(Exception):
    def __init__(self, slot: Slot, rules: list[Rule], answers: Mapping[str, Value]):
        self.slot, self.rules, self.answers = slot, rules, dict(answers)
        verdicts = ", ".join(f"{r.id} says {_value_of(r)}" for r in rules)
        super().__init__(f"{'/'.join(slot)}: {verdicts} for the same answers and neither overrides the other")


def _value_of(rule: Rule) -> str:
    then = rule.then
    return getattr(then, "verdict", "applies")


@dataclass(frozen=True)
class Decision:
    """What one slot concludes for one complete set of answers."""

    value: str | None
    winners: tuple[Rule, ...] = ()
    overridden: tuple[Rule, ...] = ()


@dataclass
class Compiled:
    space: AnswerSpace
    facts: dict[str, Pred]
    fact_deps: dict[str, frozenset[str]]
    defaults: dict[str, list[tuple[Pred | None, str]]]
    default_deps: dict[str, frozenset[str]]
    rules: dict[str, Rule]
    when: dict[str, Pred | None]
    rule_deps: dict[str, frozenset[str]]
    by_slot: dict[Slot, list[Rule]]
    beaten_by: dict[str, frozenset[str]]
    relevance: dict[str, Pred | None]
    relevance_deps: dict[str, frozenset[str]]
    aspects_question: str
    aspects: dict[str, tuple[str, ...]]
    methods: tuple[str, ...]
    mismatches: tuple[str, ...]
    claims: tuple[str, ...]
    _slot_deps: dict[Slot, tuple[str, ...]] = field(default_factory=dict)

    def with_defaults(self, answers: Mapping[str, Value]) -> tuple[dict[str, Value], frozenset[str]]:
        """Fill unanswered optional questions from their defaults."""
        full = dict(answers)
        filled = []
        for qid, choices in self.defaults.items():
            if qid in full or not self.default_deps[qid] <= full.keys():
                continue  # answered, or depends on an unanswered question: filled per completion instead
            for pred, value in choices:
                if pred is None or pred(full, _NONE):
                    full[qid] = value
                    filled.append(qid)
                    break
        return full, (frozenset(filled) if filled else _NONE)

    def closure(self, qids: Iterable[str]) -> frozenset[str]:
        """Questions read, with those a default of theirs reads."""
        out = set(qids)
        todo = list(out)
        while todo:
            q = todo.pop()
            for dep in self.default_deps.get(q, ()):
                if dep not in out:
                    out.add(dep)
                    todo.append(dep)
        return frozenset(out)

    def slot_deps(self, slot: Slot) -> tuple[str, ...]:
        if slot not in self._slot_deps:
            deps: set[str] = set()
            for r in self.by_slot.get(slot, []):
                deps |= self.rule_deps[r.id]
            if slot[0] == "claim":
                deps |= self.relevance_deps[slot[1]]
            self._slot_deps[slot] = tuple(self.space.order(self.closure(deps)))
        return self._slot_deps[slot]

    def decide(self, slot: Slot, full: Mapping[str, Value], filled: frozenset[str]) -> Decision:
        """The slot's conclusion for complete answers (defaults already applied)."""
        fired = []
        for r in self.by_slot.get(slot, []):
            pred = self.when[r.id]
            if pred is None or pred(full, filled):
                fired.append(r)
        if not fired:
            return Decision(None)
        beaten: set[str] = set()
        fired_ids = {r.id for r in fired}
        for r in fired:
            beaten |= self.beaten_by[r.id] & fired_ids
        winners = tuple(r for r in fired if r.id not in beaten)
        values = {_value_of(r) for r in winners}
        if len(values) > 1:
            raise Conflict(slot, list(winners), full)
        overridden = tuple(r for r in fired if r.id in beaten)
        return Decision(values.pop(), winners, overridden)

    def relevant(self, claim: str, full: Mapping[str, Value], filled: frozenset[str]) -> bool:
        pred = self.relevance[claim]
        return pred is None or pred(full, filled)


def _compile_condition(c: Condition, facts: dict[str, Pred]) -> Pred:
    if c.all is not None:
        parts = [_compile_condition(x, facts) for x in c.all]
        return lambda a, d: all(p(a, d) for p in parts)
    if c.any is not None:
        parts = [_compile_condition(x, facts) for x in c.any]
        return lambda a, d: any(p(a, d) for p in parts)
    if c.not_ is not None:
        inner = _compile_condition(c.not_, facts)
        return lambda a, d: not inner(a, d)
    if c.fact is not None:
        name = c.fact
        return lambda a, d: facts[name](a, d)
    q = c.question
    assert q is not None
    if c.in_ is not None:
        allowed = frozenset(c.in_)
        return lambda a, d: a.get(q) in allowed
    if c.includes is not None:
        wanted = frozenset(c.includes)
        return lambda a, d: not wanted.isdisjoint(a.get(q, ()))
    if c.includes_all is not None:
        every = frozenset(c.includes_all)
        return lambda a, d: every.issubset(a.get(q, ()))
    return lambda a, d: q in d


def _condition_deps(c: Condition, fact_deps: Callable[[str], frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    if c.question:
        out.add(c.question)
    if c.fact:
        out |= fact_deps(c.fact)
    for sub in (c.all or []) + (c.any or []) + ([c.not_] if c.not_ else []):
        out |= _condition_deps(sub, fact_deps)
    return frozenset(out)


def compile_kb(kb: KnowledgeBase) -> Compiled:
    """Prepare a structurally valid knowledge base for evaluation (conditions become closures)."""
    space = AnswerSpace(tuple(kb.questions.values()))
    facts: dict[str, Pred] = {}
    fact_deps: dict[str, frozenset[str]] = {}

    def deps_of_fact(fid: str) -> frozenset[str]:
        if fid not in fact_deps:
            fact_deps[fid] = _condition_deps(kb.facts[fid].when, deps_of_fact)
        return fact_deps[fid]

    for fid, fact in kb.facts.items():
        facts[fid] = _compile_condition(fact.when, facts)
        deps_of_fact(fid)
    defaults: dict[str, list[tuple[Pred | None, str]]] = {}
    default_deps: dict[str, frozenset[str]] = {}
    for q in kb.questions.values():
        if q.default is not None:
            defaults[q.id] = [(_compile_condition(d.when, facts) if d.when else None, d.value) for d in q.default]
            default_deps[q.id] = frozenset().union(*(_condition_deps(d.when, deps_of_fact) for d in q.default if d.when))
    rules = dict(sorted(kb.rules.items()))
    when = {rid: (_compile_condition(r.when, facts) if r.when else None) for rid, r in rules.items()}
    rule_deps = {rid: (_condition_deps(r.when, deps_of_fact) if r.when else frozenset()) for rid, r in rules.items()}
    by_slot: dict[Slot, list[Rule]] = {}
    for r in rules.values():
        by_slot.setdefault(slot_of(r.then), []).append(r)
    over = nx.DiGraph()
    over.add_nodes_from(rules)
    for r in rules.values():
        over.add_edges_from((r.id, o) for o in r.overrides)
    beaten_by = {rid: frozenset(nx.descendants(over, rid)) for rid in rules}
    selector = kb.aspect_selector()
    aspects = {o.id: tuple(o.aspects or ()) for o in selector.options}
    return Compiled(
        space=space, facts=facts, fact_deps=fact_deps, defaults=defaults, default_deps=default_deps,
        rules=rules, when=when, rule_deps=rule_deps, by_slot=by_slot, beaten_by=beaten_by,
        relevance={cid: (_compile_condition(c.relevant_when, facts) if c.relevant_when else None) for cid, c in kb.claims.items()},
        relevance_deps={cid: (_condition_deps(c.relevant_when, deps_of_fact) if c.relevant_when else frozenset()) for cid, c in kb.claims.items()},
        aspects_question=selector.id, aspects=aspects,
        methods=tuple(sorted(kb.methods, key=list(kb.methods).index)),
        mismatches=tuple(sorted(kb.of("mismatch"), key=lambda m: int(m[1:]))),
        claims=tuple(sorted(kb.claims)),
    )


# ----------------------------------------------------------------------------------------------
# Evaluation of (possibly partial) answers


@dataclass
class Outcome:
    """One completion's conclusion for one item, with what decided it."""

    value: Any
    rules: list[tuple[Rule, Mapping[str, Value]]]
    extra: dict[str, Any] = field(default_factory=dict)


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
    def _method_deps(self, method: str) -> set[str]:
        deps = {self.c.aspects_question}
        for aspect in {a for v in self.c.aspects.values() for a in v}:
            deps |= set(self.c.slot_deps(("method", method, aspect)))
        return deps

    def method(self, method: str) -> dict[str, Any]:
        c = self.c

        def outcome(full: dict[str, Value], filled: frozenset[str]) -> Outcome:
            halves = {}
            for aspect in c.aspects[str(full[c.aspects_question])]:
                halves[aspect] = c.decide(("method", method, aspect), full, filled)
            worst = min((d.value for d in halves.values()), key=lambda v: METHOD_ORDER[v or "does-not-support"])
            rules: list[tuple[Rule, Mapping[str, Value]]] = [(r, full) for d in halves.values() for r in d.winners]
            return Outcome(worst, rules, {"halves": halves})

        deps = self._method_deps(method)
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
            return Outcome(d.value is not None, [(r, full) for r in d.winners])

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
            return Outcome(d.value, [(r, full) for r in d.winners])

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
        """Per deciding rule: the answers its condition read (as given, or 'unanswered')."""
        out: dict[str, dict[str, Any]] = {}
        for o in outcomes:
            for rule, full in o.rules:
                if not keep(rule):
                    continue
                item = out.setdefault(rule.id, {"rule": rule.id, "label": rule.label, "read": {}, "overrides": list(rule.overrides)})
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
