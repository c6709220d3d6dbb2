"""Exhaustive verification: every answer is checked, slot by slot.

A slot (one method's half, one claim, one mismatch) depends only on the questions its rules read, so
each slot is enumerated over the product of those questions' domains instead of the whole answer
space. The work grows with the number of slots times the answer space of the few questions each reads,
not exponentially with the number of questions in the questionnaire. Unanswered questions are covered
by extending each table with a weakest-over-completions entry per question (a min-marginal), which is
exactly the contract's reading of incomplete answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .answer_space import Value
from .diagnostics import Diagnostic
from .engine import Compiled, Conflict, compile_condition, condition_deps
from .evaluation import Evaluation
from .gc_pause import paused_gc
from .knowledge_base import KnowledgeBase
from .model import METHOD_ORDER, Invariant

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


def _domains(c: Compiled, qids: Sequence[str]) -> list[list[Value | None]]:
    """Complete domains; an optional question may also be left to its default."""
    out: list[list[Value | None]] = []
    for q in qids:
        d: list[Value | None] = list(c.space.domain(q))
        if c.space.has_default(q):
            d.append(UNANSWERED)
        out.append(d)
    return out


def _states(c: Compiled, qids: Sequence[str]) -> Iterator[dict[str, Value | None]]:
    for combo in itertools.product(*_domains(c, qids)):
        yield dict(zip(qids, combo))


def _full(c: Compiled, state: dict[str, Value | None]) -> tuple[dict[str, Value], frozenset[str]]:
    return c.with_defaults({q: v for q, v in state.items() if v is not UNANSWERED})


def verify(kb: KnowledgeBase, c: Compiled) -> Report:
    with paused_gc():
        return _verify(kb, c)


def _verify(kb: KnowledgeBase, c: Compiled) -> Report:
    rep = Report()
    effective: set[str] = set()
    fired_any: set[str] = set()
    decided_claims: set[str] = set()
    reported: set[tuple[str, ...]] = set()
    broken: set[str] = set()  # methods already reported as conflicting or undecided

    def problem(key: tuple[str, ...], diag: Diagnostic) -> None:
        if key not in reported:
            reported.add(key)
            rep.problems.append(diag)

    slots: list[tuple[str, ...]] = [("method", m, a) for m in c.methods for a in c.all_aspects]
    slots += [("claim", cid) for cid in c.claims] + [("mismatch", mid) for mid in c.mismatches]
    rep.slots = len(slots)
    tables: dict[tuple[str, ...], dict[tuple[Value | None, ...], str | None]] = {}
    for slot in slots:
        deps = c.slot_deps(slot)
        table = tables[slot] = {}
        for state in _states(c, deps):
            rep.complete_checked += 1
            full, filled = _full(c, state)
            if slot[0] == "claim" and not c.relevant(slot[1], full, filled):
                table[tuple(state.values())] = None
                continue
            try:
                d = c.decide(slot, full, filled)
                table[tuple(state.values())] = d.value
            except Conflict as e:
                if slot[0] == "method":
                    broken.add(slot[1])
                first = e.rules[0]
                problem(("conflict", *sorted(r.id for r in e.rules)), kb.origin("rule", first.id).diagnostic(
                    ("then",), "conflict",
                    f"{', '.join(r.id + ' (' + getattr(r.then, 'verdict', 'applies') + ')' for r in e.rules)} conclude differently "
                    f"about {'/'.join(slot)} for {_show(state)}, and no 'overrides' decides between them"))
                continue
            fired_any.update(r.id for r in d.winners + d.overridden)
            effective.update(r.id for r in d.winners)
            if d.value is None and slot[0] == "method":
                broken.add(slot[1])
                origin = kb.origin("method", slot[1])
                problem(("undecided", *slot), origin.diagnostic(("id",), "undecided", f"no rule decides {slot[1]}'s {slot[2]} verdict for {_show(state)}"))
            elif d.value is None and slot[0] == "claim":
                problem(("undecided", *slot), kb.origin("claim", slot[1]).diagnostic(("relevant_when",), "undecided", f"claim is shown but no rule decides it for {_show(state)}"))
            elif slot[0] == "claim":
                decided_claims.add(slot[1])
    for rid, _rule in c.rules.items():
        if rid not in fired_any:
            problem(("never", rid), kb.origin("rule", rid).diagnostic(("when",), "never-fires", "this rule can never fire: no answer satisfies its condition (where its conclusion is asked for)"))
        elif rid not in effective:
            by = sorted({o for o, beaten in c.beaten_by.items() if rid in beaten})
            problem(("never", rid), kb.origin("rule", rid).diagnostic(("when",), "always-overridden", f"this rule fires only where {', '.join(by)} override(s) it, so it never decides anything"))
    for cid in c.claims:
        if cid not in decided_claims:
            problem(("claim", cid), kb.origin("claim", cid).diagnostic(("id",), "undecidable-claim", "no rule can decide this claim for any answers where it is shown"))
    for inv in kb.invariants.values():
        rep.complete_checked += _check_invariant(kb, c, inv, problem)
    for claim in kb.claims.values():
        if claim.restates is not None:
            rep.complete_checked += _check_restates(kb, c, claim.id, claim.restates.method, claim.restates.aspect, tables, problem)
    rep.partial_checked = _check_partial(kb, c, problem, broken)
    rep.tree_paths = _check_trees(kb, c, problem)
    complete = partial = 1
    for q in c.space.questions:
        n = len(c.space.domain(q.id))
        complete *= n + (1 if c.space.has_default(q.id) else 0)
        partial *= n + 1
    rep.full_space_complete, rep.full_space_partial = complete, partial
    rep.problems.sort()
    return rep


def _check_invariant(kb: KnowledgeBase, c: Compiled, inv: Invariant, problem) -> int:  # type: ignore[no-untyped-def]
    pred = compile_condition(inv.when, c.facts) if inv.when else None
    deps = set(condition_deps(inv.when, lambda f: c.fact_deps[f])) if inv.when else set()
    targets: list[tuple[str, ...]]
    if inv.mismatch_listed:
        targets = [("mismatch", inv.mismatch_listed)]
    else:
        aspects = [inv.aspect] if inv.aspect else list(c.all_aspects)
        targets = [("method", m, a) for m in inv.methods or [] for a in aspects]
    for t in targets:
        deps |= set(c.slot_deps(t))
    qids = c.space.order(c.closure(deps))
    n = 0
    for state in _states(c, qids):
        n += 1
        full, filled = _full(c, state)
        if pred is not None and not pred(full, filled):
            continue
        for t in targets:
            try:
                d = c.decide(t, full, filled)
            except Conflict:
                continue
            bad = (d.value is None) if t[0] == "mismatch" else (d.value is not None and METHOD_ORDER[d.value] > METHOD_ORDER[inv.at_most or "supports"])
            if bad:
                what = f"{t[1]} is not listed" if t[0] == "mismatch" else f"{t[1]}'s {t[2]} verdict is {d.value} (rules {', '.join(r.id for r in d.winners)})"
                origin = kb.origin("rule", d.winners[0].id) if d.winners else kb.origin("invariant", inv.id)
                problem(("inv", inv.id, *t), origin.diagnostic(("then",) if d.winners else ("id",), "invariant",
                        f"breaks {inv.id} ({inv.label}): {what} for {_show(state)}"))
    return n


def _check_restates(kb: KnowledgeBase, c: Compiled, cid: str, method: str, aspect: str, tables, problem) -> int:  # type: ignore[no-untyped-def]
    """Join the claim's and the method's tables on the questions they share."""
    claim_slot, method_slot = ("claim", cid), ("method", method, aspect)
    claim_deps, method_deps = c.slot_deps(claim_slot), c.slot_deps(method_slot)
    union = c.space.order(set(claim_deps) | set(method_deps))
    claim_table, method_table = tables.get(claim_slot, {}), tables.get(method_slot, {})
    n = 0
    for state in _states(c, union):
        n += 1
        cv = claim_table.get(tuple(state[q] for q in claim_deps))
        mv = method_table.get(tuple(state[q] for q in method_deps))
        if cv and mv and cv not in _COMPATIBLE[mv]:
            full, filled = _full(c, state)
            cw = ", ".join(r.id for r in c.decide(claim_slot, full, filled).winners)
            mw = ", ".join(r.id for r in c.decide(method_slot, full, filled).winners)
            problem(("restates", cid), kb.origin("claim", cid).diagnostic(("restates",), "contradiction",
                    f"claim verdict {cv} ({cw}) contradicts {method}'s {aspect} verdict {mv} ({mw}) for {_show(state)}"))
    return n


def _check_partial(kb: KnowledgeBase, c: Compiled, problem, broken: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Each method's verdict for every partial answer, as the weakest over completions (min-marginals)."""
    total = 0
    for m in c.methods:
        qids = c.space.order(c.method_deps(m))
        free = [q for q in qids if not c.space.has_default(q)]
        table: dict[tuple[Value | None, ...], int] = {}
        for state in _states(c, qids):
            full, filled = _full(c, state)
            worst = 2
            for a in c.aspects[str(full[c.aspects_question])]:
                try:
                    d = c.decide(("method", m, a), full, filled)
                except Conflict:
                    d = None
                if d is None or d.value is None:
                    worst = -1
                    break
                worst = min(worst, METHOD_ORDER[d.value])
            table[tuple(state[q] for q in qids)] = worst
        for q in free:
            i = qids.index(q)
            extra: dict[tuple[Value | None, ...], int] = {}
            for key, value in table.items():
                k = key[:i] + (UNANSWERED,) + key[i + 1:]
                extra[k] = min(extra.get(k, 2), value)
            table.update(extra)
        total += len(table)
        undecided = sorted((k for k, v in table.items() if v < 0), key=repr)
        if undecided and m not in broken:
            state = dict(zip(qids, undecided[0]))
            problem(("partial", m), kb.origin("method", m).diagnostic(("id",), "undecided", f"no single verdict for {_show(state)}"))
    return total


def _check_trees(kb: KnowledgeBase, c: Compiled, problem) -> int:  # type: ignore[no-untyped-def]
    paths = 0
    for tid, tree in sorted(kb.trees.items()):
        nodes = {n.id: (i, n) for i, n in enumerate(tree.nodes)}
        origin = kb.origin("tree", tid)
        base: dict[str, Value] = {q: (tuple(v) if isinstance(v, list) else v) for q, v in tree.fixed.items()}
        stack: list[tuple[str, dict[str, Value], list[str]]] = [(tree.root, base, [tree.root])]
        while stack:
            nid, answers, trail = stack.pop()
            if nid not in nodes or len(trail) > len(nodes) + 1:
                continue
            i, node = nodes[nid]
            if not node.is_leaf:
                for br in reversed(node.branches or []):
                    if node.ask and br.next not in trail:
                        stack.append((br.next, {**answers, node.ask: br.answer}, trail + [br.next]))
                continue
            paths += 1
            try:
                ev = Evaluation(c, answers)
                for m, want in (node.verdicts or {}).items():
                    got = ev.method(m)["verdict"]
                    if got != want:
                        problem(("tree", tid, nid, m), origin.diagnostic(("nodes", i, "verdicts", m), "tree-disagrees",
                                f"leaf '{nid}' says {m} {want}; the engine says {got} for {_show(dict(answers))}"))
                for cid, claim_want in (node.claims or {}).items():
                    got_claim = ev.claim(cid)
                    shown = got_claim["verdict"] if got_claim else "(not shown)"
                    if shown != claim_want:
                        problem(("tree", tid, nid, cid), origin.diagnostic(("nodes", i, "claims", cid), "tree-disagrees",
                                f"leaf '{nid}' says {cid} {claim_want}; the engine says {shown} for {_show(dict(answers))}"))
            except Conflict:
                continue
    return paths
