"""The rule engine: pure functions from answers to verdicts, mismatches and claims, with traces.

Semantics (contract: "How answers are read"):
- Rules fire on complete answers. Optional questions left unanswered take their default first.
- In a slot (a method's half, a claim, a mismatch) the rules that fire compete; a rule listed in the
  `overrides` of another fired rule (transitively) gives way. Disagreement among the rest is a conflict,
  which `validate` proves never happens.
- Unanswered questions are handled in `evaluation` (weakest over every completion).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..kb.knowledge_base import KnowledgeBase
from ..model import (
    Condition,
    Rule,
    slot_of,
)
from ..model.answer_space import AnswerSpace, Value

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

    @property
    def all_aspects(self) -> tuple[str, ...]:
        """Every half a method is judged on (removal, suppression), sorted."""
        return tuple(sorted({a for v in self.aspects.values() for a in v}))

    def method_deps(self, method: str) -> frozenset[str]:
        """Questions a method's verdict reads: the goal question and both halves' rules."""
        deps = {self.aspects_question}
        for aspect in self.all_aspects:
            deps |= set(self.slot_deps(("method", method, aspect)))
        return self.closure(deps)

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


def compile_condition(c: Condition, facts: dict[str, Pred]) -> Pred:
    if c.all is not None:
        parts = [compile_condition(x, facts) for x in c.all]
        return lambda a, d: all(p(a, d) for p in parts)
    if c.any is not None:
        parts = [compile_condition(x, facts) for x in c.any]
        return lambda a, d: any(p(a, d) for p in parts)
    if c.not_ is not None:
        inner = compile_condition(c.not_, facts)
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


def condition_deps(c: Condition, fact_deps: Callable[[str], frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    if c.question:
        out.add(c.question)
    if c.fact:
        out |= fact_deps(c.fact)
    for sub in (c.all or []) + (c.any or []) + ([c.not_] if c.not_ else []):
        out |= condition_deps(sub, fact_deps)
    return frozenset(out)


def compile_kb(kb: KnowledgeBase) -> Compiled:
    """Prepare a structurally valid knowledge base for evaluation (conditions become closures)."""
    space = AnswerSpace(tuple(kb.questions.values()))
    facts: dict[str, Pred] = {}
    fact_deps: dict[str, frozenset[str]] = {}

    def deps_of_fact(fid: str) -> frozenset[str]:
        if fid not in fact_deps:
            fact_deps[fid] = condition_deps(kb.facts[fid].when, deps_of_fact)
        return fact_deps[fid]

    for fid, fact in kb.facts.items():
        facts[fid] = compile_condition(fact.when, facts)
        deps_of_fact(fid)
    defaults: dict[str, list[tuple[Pred | None, str]]] = {}
    default_deps: dict[str, frozenset[str]] = {}
    for q in kb.questions.values():
        if q.default is not None:
            defaults[q.id] = [(compile_condition(d.when, facts) if d.when else None, d.value) for d in q.default]
            default_deps[q.id] = frozenset().union(*(condition_deps(d.when, deps_of_fact) for d in q.default if d.when))
    rules = dict(sorted(kb.rules.items()))
    when = {rid: (compile_condition(r.when, facts) if r.when else None) for rid, r in rules.items()}
    rule_deps = {rid: (condition_deps(r.when, deps_of_fact) if r.when else frozenset()) for rid, r in rules.items()}
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
        relevance={cid: (compile_condition(c.relevant_when, facts) if c.relevant_when else None) for cid, c in kb.claims.items()},
        relevance_deps={cid: (condition_deps(c.relevant_when, deps_of_fact) if c.relevant_when else frozenset()) for cid, c in kb.claims.items()},
        aspects_question=selector.id, aspects=aspects,
        methods=tuple(sorted(kb.methods, key=list(kb.methods).index)),
        mismatches=tuple(sorted(kb.of("mismatch"), key=lambda m: int(m[1:]))),
        claims=tuple(sorted(kb.claims)),
    )
