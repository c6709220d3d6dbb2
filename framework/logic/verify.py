"""Exhaustive verification: every answer is checked, slot by slot.

A slot (one method's half, one claim, one mismatch) depends only on the questions its rules read, so
each slot is enumerated over the product of those questions' domains instead of the whole answer
space. The work grows with the number of slots times the answer space of the few questions each reads,
not exponentially with the number of questions in the questionnaire. Unanswered questions are covered
by extending each table with a weakest-over-completions entry per question (a min-marginal), which is
exactly the contract's reading of incomplete answers.

The tables are compiled once (`framework.logic.tables`) and every check reads them, so what is proven is
exactly what the evaluation and the browser look up.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..kb.diagnostics import Diagnostic
from ..kb.gc_pause import paused_gc
from ..kb.knowledge_base import KnowledgeBase
from ..model import METHOD_ORDER, Invariant
from ..model.answer_space import Value
from .engine import Compiled, compile_condition, condition_deps
from .evaluation import Evaluation
from .tables import Compilation, Slot, Tables, compile_tables, filled_in
from .trees import derive, paths

UNANSWERED = None
_COMPATIBLE = {
    "supports": {"supportable", "conditional"},
    "partial": {"conditional", "unsupportable"},
    "does-not-support": {"unsupportable"},
}


@dataclass
class Report:
    problems: list[Diagnostic] = field(default_factory=list)
    complete_checked: int = 0
    partial_checked: int = 0
    tree_paths: int = 0
    slots: int = 0
    full_space_complete: int = 0
    full_space_partial: int = 0


def _show(answers: dict[str, Value | None]) -> str:
    parts = []
    for q, v in answers.items():
        if v is UNANSWERED:
            parts.append(f"{q}=(unanswered)")
        else:
            parts.append(f"{q}={','.join(v) if isinstance(v, tuple) else v}")
    return "; ".join(parts) or "(any answers)"


def verify(kb: KnowledgeBase, c: Compiled) -> Report:
    """Compile the decision tables and prove the contract's guarantees on them (see `check`)."""
    with paused_gc():
        return check(kb, c, compile_tables(kb, c))


def check(kb: KnowledgeBase, c: Compiled, comp: Compilation) -> Report:
    with paused_gc():
        return _verify(kb, c, comp)


def _verify(kb: KnowledgeBase, c: Compiled, comp: Compilation) -> Report:
    rep = Report()
    t = comp.tables
    reported: set[tuple[str, ...]] = set()
    broken: set[str] = set()  # methods already reported as conflicting or undecided

    def problem(key: tuple[str, ...], diag: Diagnostic) -> None:
        if key not in reported:
            reported.add(key)
            rep.problems.append(diag)

    rep.slots = len(t.slots())
    rep.complete_checked = comp.entries
    for slot, e, state in comp.conflicts:
        if slot[0] == "method":
            broken.add(slot[1])
        first = e.rules[0]
        problem(("conflict", *sorted(r.id for r in e.rules)), kb.origin("rule", first.id).diagnostic(
            ("then",), "conflict",
            f"{', '.join(r.id + ' (' + getattr(r.then, 'verdict', 'applies') + ')' for r in e.rules)} conclude differently "
            f"about {'/'.join(slot)} for {_show(state)}, and no 'overrides' decides between them"))
    for slot, state in comp.undecided:
        if slot[0] == "method":
            broken.add(slot[1])
            problem(("undecided", *slot), kb.origin("method", slot[1]).diagnostic(("id",), "undecided", f"no rule decides {slot[1]}'s {slot[2]} verdict for {_show(state)}"))
        else:
            problem(("undecided", *slot), kb.origin("claim", slot[1]).diagnostic(("relevant_when",), "undecided", f"claim is shown but no rule decides it for {_show(state)}"))
    effective: set[str] = set()
    fired_any: set[str] = set()
    decided_claims: set[str] = set()
    for slot in t.slots():
        for index in set(t.slot(slot)["table"]):
            o = t.outcome(index)
            for r in o["rules"]:
                effective.add(r["id"])
                fired_any.add(r["id"])
                fired_any.update(r["overrode"])
            if slot[0] == "claim" and o["value"] is not None:
                decided_claims.add(slot[1])
    for rid in c.rules:
        if rid not in fired_any:
            problem(("never", rid), kb.origin("rule", rid).diagnostic(("when",), "never-fires", "this rule can never fire: no answer satisfies its condition (where its conclusion is asked for)"))
        elif rid not in effective:
            by = sorted({o for o, beaten in c.beaten_by.items() if rid in beaten})
            problem(("never", rid), kb.origin("rule", rid).diagnostic(("when",), "always-overridden", f"this rule fires only where {', '.join(by)} override(s) it, so it never decides anything"))
    for cid in c.claims:
        if cid not in decided_claims:
            problem(("claim", cid), kb.origin("claim", cid).diagnostic(("id",), "undecidable-claim", "no rule can decide this claim for any answers where it is shown"))
    for inv in kb.invariants.values():
        rep.complete_checked += _check_invariant(kb, c, t, inv, problem)
    for claim in kb.claims.values():
        if claim.restates is not None:
            rep.complete_checked += _check_restates(kb, c, t, claim.id, claim.restates.method, claim.restates.aspect, problem)
    rep.partial_checked = _check_partial(kb, c, t, problem, broken)
    if not (comp.conflicts or comp.undecided):  # a tree of undecided verdicts has no leaves to derive
        rep.tree_paths = _check_trees(kb, t, problem)
    complete = partial = 1
    for q in c.space.questions:
        n = len(c.space.domain(q.id))
        complete *= n + (1 if c.space.has_default(q.id) else 0)
        partial *= n + 1
    rep.full_space_complete, rep.full_space_partial = complete, partial
    rep.problems.sort()
    return rep


def _index_states(t: Tables, qids: Sequence[str]) -> Iterator[tuple[int, ...]]:
    return itertools.product(*(range(t.states(q)) for q in qids))


def _as_state(t: Tables, qids: Sequence[str], combo: Sequence[int]) -> dict[str, Value | None]:
    return {q: t.state_values(q)[i] for q, i in zip(qids, combo)}


def _check_invariant(kb: KnowledgeBase, c: Compiled, t: Tables, inv: Invariant, problem) -> int:  # type: ignore[no-untyped-def]
    pred = compile_condition(inv.when, c.facts) if inv.when else None
    deps = set(condition_deps(inv.when, lambda f: c.fact_deps[f])) if inv.when else set()
    targets: list[tuple[str, ...]]
    if inv.mismatch_listed:
        targets = [("mismatch", inv.mismatch_listed)]
    else:
        aspects = [inv.aspect] if inv.aspect else list(c.all_aspects)
        targets = [("method", m, a) for m in inv.methods or [] for a in aspects]
    for target in targets:
        deps |= set(c.slot_deps(target))
    qids = c.space.order(c.closure(deps))
    looks = [(target, t.projector(target, qids)) for target in targets]
    limit = METHOD_ORDER[inv.at_most or "supports"]
    floor = METHOD_ORDER[inv.at_least or "does-not-support"]
    n = 0
    for combo in _index_states(t, qids):
        n += 1
        state: dict[str, Value | None] | None = None
        if pred is not None:
            state = _as_state(t, qids, combo)
            full, filled = filled_in(c, state)
            if not pred(full, filled):
                continue
        for target, look in looks:
            o = t.outcome(look(combo))
            value = o["value"]
            bad = (value is None) if target[0] == "mismatch" else (value is not None and not floor <= METHOD_ORDER[value] <= limit)
            if bad:
                state = state or _as_state(t, qids, combo)
                winners = [r["id"] for r in o["rules"]]
                what = f"{target[1]} is not listed" if target[0] == "mismatch" else f"{target[1]}'s {target[2]} verdict is {value} (rules {', '.join(winners)})"
                origin = kb.origin("rule", winners[0]) if winners else kb.origin("invariant", inv.id)
                problem(("inv", inv.id, *target), origin.diagnostic(("then",) if winners else ("id",), "invariant",
                        f"breaks {inv.id} ({inv.label}): {what} for {_show(state)}"))
    return n


def _check_restates(kb: KnowledgeBase, c: Compiled, t: Tables, cid: str, method: str, aspect: str, problem) -> int:  # type: ignore[no-untyped-def]
    """Join the claim's and the method's tables on the questions they share."""
    claim_slot, method_slot = ("claim", cid), ("method", method, aspect)
    union = c.space.order(set(t.reads(claim_slot)) | set(t.reads(method_slot)))
    values = [t.outcome(i)["value"] for i in range(len(t.data["outcomes"]))]
    if not _restates_clash(t, claim_slot, method_slot, values):
        return math.prod(t.states(q) for q in union)
    # a contradiction: the whole join, in order, so the problem names the first answers where it shows
    claim_of, method_of = t.projector(claim_slot, union), t.projector(method_slot, union)
    n = 0
    for combo in _index_states(t, union):
        n += 1
        ci, mi = claim_of(combo), method_of(combo)
        cv, mv = values[ci], values[mi]
        if cv and mv and cv not in _COMPATIBLE[mv]:
            cw = ", ".join(r["id"] for r in t.outcome(ci)["rules"])
            mw = ", ".join(r["id"] for r in t.outcome(mi)["rules"])
            problem(("restates", cid), kb.origin("claim", cid).diagnostic(("restates",), "contradiction",
                    f"claim verdict {cv} ({cw}) contradicts {method}'s {aspect} verdict {mv} ({mw}) for {_show(_as_state(t, union, combo))}"))
    return n


def _restates_clash(t: Tables, claim_slot: Slot, method_slot: Slot, values: list[Any]) -> bool:
    """Whether the claim's and the method's verdicts contradict for some answers: per state of the
    questions both read, the verdicts each table gives over the rest, compared pairwise. The same
    proof as the whole join (every state of the union is one such pair), at the cost of the two
    tables rather than their product."""
    def by_shared(slot: Slot, shared: Sequence[str]) -> dict[tuple[int, ...], set[Any]]:
        reads = t.reads(slot)
        pos = [reads.index(q) for q in shared]
        table = t.table(slot)
        out: dict[tuple[int, ...], set[Any]] = {}
        for i, combo in enumerate(_index_states(t, reads)):
            out.setdefault(tuple(combo[p] for p in pos), set()).add(values[table[i]])
        return out

    method_reads = set(t.reads(method_slot))
    shared = [q for q in t.reads(claim_slot) if q in method_reads]
    claims, methods = by_shared(claim_slot, shared), by_shared(method_slot, shared)
    return any(cv and mv and cv not in _COMPATIBLE[mv]
               for key, cvs in claims.items() for cv in cvs for mv in methods.get(key, ()))


def _check_partial(kb: KnowledgeBase, c: Compiled, t: Tables, problem, broken: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Each method's verdict for every partial answer, as the weakest over completions (min-marginals)."""
    total = 0
    values = [t.outcome(i)["value"] for i in range(len(t.data["outcomes"]))]
    for m in c.methods:
        qids = c.space.order(c.method_deps(m))
        free = [q for q in qids if not c.space.has_default(q)]
        goal_at = qids.index(c.aspects_question)
        goal_values = t.state_values(c.aspects_question)
        halves = {a: t.projector(("method", m, a), qids) for a in c.all_aspects}
        table: dict[tuple[int, ...], int] = {}
        for combo in _index_states(t, qids):
            worst = 2
            for a in c.aspects[str(goal_values[combo[goal_at]])]:
                value = values[halves[a](combo)]
                if value is None:
                    worst = -1
                    break
                worst = min(worst, METHOD_ORDER[value])
            table[combo] = worst
        for q in free:
            i = qids.index(q)
            extra: dict[tuple[int, ...], int] = {}
            for key, value in table.items():
                k = key[:i] + (-1,) + key[i + 1:]
                extra[k] = min(extra.get(k, 2), value)
            table.update(extra)
        total += len(table)
        undecided = sorted((k for k, v in table.items() if v < 0))
        if undecided and m not in broken:
            state = {q: (UNANSWERED if j < 0 else t.state_values(q)[j]) for q, j in zip(qids, undecided[0])}
            problem(("partial", m), kb.origin("method", m).diagnostic(("id",), "undecided", f"no single verdict for {_show(state)}"))
    return total


def _check_trees(kb: KnowledgeBase, t: Tables, problem) -> int:  # type: ignore[no-untyped-def]
    """Derive every tree and prove that merging branches lost nothing: each answer on each path, taken
    alone, gives the leaf's verdicts."""
    n = 0
    for tid, spec in sorted(kb.trees.items()):
        origin = kb.origin("tree", tid)
        tree = derive(t, spec)
        fixed: dict[str, Value] = {q: (tuple(v) if isinstance(v, list) else v) for q, v in spec.fixed.items()}
        for steps, leaf in paths(tree):
            for combo in itertools.product(*(answers for _, answers in steps)):
                n += 1
                answers = {**fixed, **{q: a for (q, _), a in zip(steps, combo)}}
                ev = Evaluation(t, answers)
                for m, want in (leaf.verdicts or {}).items():
                    got = ev.method(m)["verdict"]
                    if got != want:
                        problem(("tree", tid, leaf.id, m), origin.diagnostic(("questions",), "tree-disagrees",
                                f"leaf '{leaf.id}' says {m} {want}; the tables say {got} for {_show(dict(answers))}"))
    return n
