"""Structural checks over the whole knowledge base, with a networkx graph of every cross-reference.

These need no answers: dangling or mistyped references, reused IDs, tombstones, provenance bases,
conditions naming unknown questions or options, cycles (facts, exceptions) and what trees may ask.
What needs answers (conflicts, reachability, tree agreement) is in `verify`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx

from ..model import PAPER_BASES, Condition, Matter, slot_of
from ..model.answer_space import AnswerSpace
from ..model.matters import NEEDS_EARLIER
from .answers import AnswersError, check_answers
from .diagnostics import Diagnostic, Path, Positions
from .knowledge_base import KnowledgeBase, Origin
from .references import references
from .signal_checks import signal_problems
from .wording_checks import wording_problems

LOCAL_KINDS = frozenset({"option"})


def reference_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Every entry a node (`kind` attribute); every reference an edge (`path` attribute)."""
    g = nx.MultiDiGraph()
    for kind, table in kb.entries.items():
        for entry_id in table:
            g.add_node(entry_id, kind=kind)
    for kind, table in sorted(kb.entries.items()):
        for entry_id, entry in sorted(table.items()):
            for path, ref_kind, ref in references(entry):
                if ref_kind in LOCAL_KINDS:
                    continue
                g.add_edge(entry_id, ref, path=path, ref_kind=ref_kind, src_kind=kind)
    return g


def _resolve_tombstone(kb: KnowledgeBase, entry_id: str) -> tuple[str | None, list[str]]:
    """Follow successors from a tombstoned ID; (live ID or None, chain walked)."""
    chain = [entry_id]
    current = entry_id
    while current in kb.tombstones:
        nxt = kb.tombstones[current].successor
        if nxt is None or nxt in chain:
            return None, chain
        chain.append(nxt)
        current = nxt
    return (current if kb.find(current) else None), chain


def _reference_problems(kb: KnowledgeBase, g: nx.MultiDiGraph) -> Iterator[Diagnostic]:
    bib = kb.of("bib")
    for src, ref, data in g.edges(data=True):
        origin = kb.origin(data["src_kind"], src)
        want = data["ref_kind"]
        if want == "bib":
            if ref not in bib:
                yield origin.diagnostic(data["path"], "dangling-reference", f"'{ref}' is not in the bibliography")
            continue
        if src in kb.tombstones and data["src_kind"] == "tombstone":
            continue
        found = kb.find(ref)
        if found is None:
            if ref in kb.tombstones:
                live, _ = _resolve_tombstone(kb, ref)
                hint = f"; use '{live}'" if live else ""
                yield origin.diagnostic(data["path"], "tombstoned-reference", f"'{ref}' was {kb.tombstones[ref].status}{hint}")
            else:
                yield origin.diagnostic(data["path"], "dangling-reference", f"no {want if want != 'any' else 'entry'} has the ID '{ref}'")
            continue
        kind, _ = found
        if want != "any" and kind != want:
            yield origin.diagnostic(data["path"], "wrong-kind", f"'{ref}' is a {kind}, not a {want}")


def _provenance_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    paper = kb.meta.paper
    for kind, table in kb.entries.items():
        for entry_id, entry in table.items():
            for i, src in enumerate(getattr(entry, "provenance", None) or []):
                origin = kb.origin(kind, entry_id)
                if src.basis in PAPER_BASES and src.source != paper:
                    yield origin.diagnostic(("provenance", i, "source"), "bad-provenance", f"basis '{src.basis}' describes the paper itself, so its source must be '{paper}'")
                if src.basis == "literature" and src.source == paper:
                    yield origin.diagnostic(("provenance", i, "source"), "bad-provenance", f"basis 'literature' means another work than the paper; use a paper basis for '{paper}'")


def _id_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for entry_id, tomb in sorted(kb.tombstones.items()):
        origin = kb.origin("tombstone", entry_id)
        found = kb.find(entry_id)
        if found is not None:
            live_origin = kb.origin(found[0], entry_id)
            yield live_origin.diagnostic(("id",), "reused-id", f"ID '{entry_id}' was retired (tombstone at {origin.file}:{origin.line}) and must never be reused")
            continue
        if tomb.successor is None:
            yield origin.diagnostic(("successor",), "tombstone-without-successor", f"tombstone '{entry_id}' names no successor; every retired ID must resolve to a live entry")
            continue
        live, chain = _resolve_tombstone(kb, entry_id)
        if live is None:
            yield origin.diagnostic(("successor",), "tombstone-unresolved", f"successor chain {' -> '.join(chain)} does not end at a live entry")


def _condition_problems(kb: KnowledgeBase, cond: Condition, origin: Origin, path: Path) -> Iterator[Diagnostic]:
    if cond.all is not None or cond.any is not None:
        key = "all" if cond.all is not None else "any"
        for i, sub in enumerate(cond.all or cond.any or []):
            yield from _condition_problems(kb, sub, origin, path + (key, i))
        return
    if cond.not_ is not None:
        yield from _condition_problems(kb, cond.not_, origin, path + ("not",))
        return
    if cond.question is None:
        return
    q = kb.questions.get(cond.question)
    if q is None:
        return  # reported as a dangling reference
    options = set(q.option_ids())
    for key, attr, kind_needed in (("in", "in_", "one"), ("includes", "includes", "many"), ("includes_all", "includes_all", "many")):
        values = getattr(cond, attr)
        if values is None:
            continue
        if q.kind != kind_needed:
            yield origin.diagnostic(path + (key,), "wrong-test", f"question '{q.id}' is {q.kind}-choice: use {'in' if q.kind == 'one' else 'includes / includes_all'}")
        for i, v in enumerate(values):
            if v not in options:
                yield origin.diagnostic(path + (key, i), "unknown-option", f"'{v}' is not an option of question '{q.id}' (options: {', '.join(q.option_ids())})")
    if cond.unanswered and q.default is None:
        yield origin.diagnostic(path + ("unanswered",), "wrong-test", f"question '{q.id}' has no default, so after completion it is never unanswered")


def _all_conditions(kb: KnowledgeBase) -> Iterator[tuple[Condition, Origin, Path]]:
    for kind, attr in (("fact", "when"), ("rule", "when"), ("claim", "relevant_when"), ("invariant", "when")):
        for entry_id, entry in kb.of(kind).items():
            cond = getattr(entry, attr)
            if cond is not None:
                yield cond, kb.origin(kind, entry_id), (attr,)
    for qid, q in kb.questions.items():
        for i, d in enumerate(q.default or []):
            if d.when is not None:
                yield d.when, kb.origin("question", qid), ("default", i, "when")


def _facts_used(cond: Condition) -> Iterator[str]:
    if cond.fact:
        yield cond.fact
    for sub in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        yield from _facts_used(sub)


def _questions_used(cond: Condition) -> Iterator[str]:
    if cond.question:
        yield cond.question
    for sub in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        yield from _questions_used(sub)


def _cycle_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    facts = nx.DiGraph()
    for fid, fact in kb.facts.items():
        facts.add_node(fid)
        for used in _facts_used(fact.when):
            facts.add_edge(fid, used)
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(facts)):
        yield kb.origin("fact", cycle[0]).diagnostic(("when",), "cycle", f"facts depend on each other in a cycle: {' -> '.join(cycle + [cycle[0]])}")
    defaults = nx.DiGraph()
    for qid, q in kb.questions.items():
        for d in q.default or []:
            if d.when is not None:
                for used in _questions_used(d.when):
                    defaults.add_edge(qid, used)
                if list(_facts_used(d.when)):
                    yield kb.origin("question", qid).diagnostic(("default",), "invalid", "a default's condition may read questions only, not facts")
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(defaults)):
        yield kb.origin("question", cycle[0]).diagnostic(("default",), "cycle", f"defaults depend on each other in a cycle: {' -> '.join(cycle + [cycle[0]])}")
    over = nx.DiGraph()
    for rid, rule in kb.rules.items():
        for o in rule.overrides:
            over.add_edge(rid, o)
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(over)):
        yield kb.origin("rule", cycle[0]).diagnostic(("overrides",), "cycle", f"rules override each other in a cycle: {' -> '.join(cycle + [cycle[0]])}")


def _rule_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    aspects: set[str] = set()
    selectors = [q for q in kb.questions.values() if any(o.aspects for o in q.options)]
    if len(selectors) != 1:
        names = ", ".join(q.id for q in selectors) or "none"
        yield kb.meta_origin.diagnostic((), "aspects", f"exactly one question must say which halves each answer assesses (options with 'aspects'); found: {names}")
    for q in selectors[:1]:
        for i, o in enumerate(q.options):
            if not o.aspects:
                yield kb.origin("question", q.id).diagnostic(("options", i), "aspects", f"option '{o.id}' must list the halves it assesses ('aspects')")
            else:
                aspects.update(o.aspects)
    for rid, rule in sorted(kb.rules.items()):
        origin = kb.origin("rule", rid)
        slot = slot_of(rule.then)
        for i, other in enumerate(rule.overrides):
            if other == rid:
                yield origin.diagnostic(("overrides", i), "invalid", "a rule cannot override itself")
            elif other in kb.rules and slot_of(kb.rules[other].then) != slot:
                yield origin.diagnostic(("overrides", i), "override-other-slot", f"'{other}' concludes about {'/'.join(slot_of(kb.rules[other].then))}, not {'/'.join(slot)}; an exception can only override a rule about the same thing")
    for entry in kb.claims.values():
        if entry.restates is not None and entry.restates.method not in entry.methods:
            yield kb.origin("claim", entry.id).diagnostic(("restates", "method"), "invalid", f"the claim restates method '{entry.restates.method}' but does not list it under 'methods'")


def _tree_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    """What a tree may ask: one-choice questions, each once, none of them fixed (its leaves are derived)."""
    for tid, tree in sorted(kb.trees.items()):
        origin = kb.origin("tree", tid)
        for qid, value in tree.fixed.items():
            q = kb.questions.get(qid)
            if q is None:
                continue
            values = value if isinstance(value, list) else [value]
            if (q.kind == "many") != isinstance(value, list):
                yield origin.diagnostic(("fixed", qid), "wrong-type", f"question '{qid}' is {q.kind}-choice: give {'a list' if q.kind == 'many' else 'one option'}")
            for v in values:
                if v not in q.option_ids():
                    yield origin.diagnostic(("fixed", qid), "unknown-option", f"'{v}' is not an option of question '{qid}'")
        seen: set[str] = set()
        for i, qid in enumerate(tree.questions):
            q = kb.questions.get(qid)
            if q is None:
                continue
            if qid in seen:
                yield origin.diagnostic(("questions", i), "invalid", f"question '{qid}' is asked twice")
            seen.add(qid)
            if q.kind != "one":
                yield origin.diagnostic(("questions", i), "wrong-test", f"trees ask one-choice questions only; '{qid}' is many-choice")
            if qid in tree.fixed:
                yield origin.diagnostic(("questions", i), "invalid", f"question '{qid}' is fixed for this tree and cannot be asked")


class _Within(Positions):
    """The positions of one file, with paths given relative to one value in it (a case's answers)."""

    def __init__(self, positions: Positions, base: Path):
        super().__init__(positions.file, positions.values, positions.keys)
        self.base = base

    def diagnostic(self, path: Path, code: str, message: str, *, key: bool = False) -> Diagnostic:
        return super().diagnostic(self.base + tuple(path), code, message, key=key)


def _case_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    """A case's answers are checked as an answers file is; its quotations cite one of its sources."""
    space = AnswerSpace(tuple(kb.questions.values()))
    for cid, case in sorted(kb.of("case").items()):
        origin = kb.origin("case", cid)
        known = {k: v for k, v in case.answers.items() if space.has(k)}  # unknown questions: dangling references
        try:
            check_answers(known, space, _Within(origin.positions, origin.path + ("answers",)))
        except AnswersError as e:
            yield from e.diagnostics
        for i, quote in enumerate(case.wording):
            if quote.source not in case.sources:
                yield origin.diagnostic(("wording", i, "source"), "invalid", f"the quotation's source '{quote.source}' is not among the case's sources ({', '.join(case.sources)})")
        for i, mid in enumerate(case.expect.mismatches):
            if case.expect.mismatches.index(mid) != i:
                yield origin.diagnostic(("expect", "mismatches", i), "duplicate-option", f"'{mid}' is listed twice")


DEVELOPMENTS_CLAIM = re.compile(r"newest (?:dated )?source found[^.;]*|developments (?:were )?looked for (?:up to|until|to) [^.;]*", re.IGNORECASE)
"""A case or instrument stating its own review date: that fact is the matter's."""


def matter_family(kb: KnowledgeBase, matter_id: str) -> set[str]:
    """A matter with every matter above it and below it through `part_of` (an order and its lawsuit)."""
    matters: dict[str, Matter] = kb.of("matter")
    up: list[str] = []
    current: str | None = matter_id
    while current is not None and current in matters and current not in up:
        up.append(current)
        current = matters[current].part_of
    root = up[-1] if up else matter_id
    family = {root}
    grew = True
    while grew:
        below = {mid for mid, m in matters.items() if m.part_of in family} - family
        family |= below
        grew = bool(below)
    return family | set(up)


def _matter_problems(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    """A matter's history is in date order and its `developments_to` claims no more than it records;
    the entries that name it agree with it on dates and sources; a docket belongs to one matter."""
    matters: dict[str, Matter] = kb.of("matter")
    dockets: dict[str, tuple[str, int]] = {}
    for mid, matter in sorted(matters.items()):
        origin = kb.origin("matter", mid)
        for i, (before, after) in enumerate(zip(matter.events, matter.events[1:]), start=1):
            if after.date < before.date:
                yield origin.diagnostic(("events", i, "date"), "event-order", f"event {after.date.isoformat()} ({after.kind}) comes after {before.date.isoformat()} ({before.kind}); list the events oldest first")
        for i, event in enumerate(matter.events):
            if event.kind in NEEDS_EARLIER and not any(e.status and e.date <= event.date and e is not event for e in matter.events[:i]):
                yield origin.diagnostic(("events", i, "kind"), "event-order", f"'{event.kind}' on {event.date.isoformat()} acts on an earlier decision, order or text, but the matter records none before it")
        last = max(e.date for e in matter.events)
        newest = matter.newest_evidence()
        if matter.developments_to < last:
            yield origin.diagnostic(("developments_to",), "developments-to", f"developments_to {matter.developments_to.isoformat()} is earlier than the matter's last event ({last.isoformat()})")
        elif matter.developments_to > newest:
            yield origin.diagnostic(("developments_to",), "developments-to", f"developments_to {matter.developments_to.isoformat()} claims more than the matter records: its newest dated event or source is {newest.isoformat()}; give the source that shows developments were looked for that late (a dated source), or the earlier date")
        if matter.looked_for_on is not None and matter.looked_for_on < matter.developments_to:
            yield origin.diagnostic(("looked_for_on",), "developments-to", f"developments were looked for on {matter.looked_for_on.isoformat()}, so none after that day can be claimed (developments_to {matter.developments_to.isoformat()})")
        seen_up: list[str] = [mid]
        current = matter.part_of
        while current is not None and current in matters:
            if current in seen_up:
                yield origin.diagnostic(("part_of",), "cycle", f"matters are part of each other in a cycle: {' -> '.join(seen_up + [current])}")
                break
            seen_up.append(current)
            current = matters[current].part_of
        for i, event in enumerate(matter.events):
            if event.docket is None:
                continue
            key = " ".join(event.docket.lower().split())
            if key in dockets and dockets[key][0] != mid and dockets[key][0] not in matter_family(kb, mid):
                other, j = dockets[key]
                o = kb.origin("matter", other)
                yield origin.diagnostic(("events", i, "docket"), "docket-conflict", f"docket '{event.docket}' is already the docket of {other} ({o.file}:{o.positions.at(o.path + ('events', j, 'docket'))[0]}); one docket belongs to one matter (or to matters related by part_of)")
            dockets.setdefault(key, (mid, i))
    references: dict[str, list[tuple[str, str]]] = {}
    for iid, inst in sorted(kb.of("instrument").items()):
        references.setdefault(inst.reference, []).append((iid, inst.matter))
    for cid, case in sorted(kb.of("case").items()):
        if case.matter not in matters:
            continue  # reported as a dangling reference
        origin = kb.origin("case", cid)
        family = matter_family(kb, case.matter)
        dates = sorted({e.date for m in family if m in matters for e in matters[m].events})
        if case.date not in dates:
            yield origin.diagnostic(("date",), "matter-date", f"the case's date {case.date.isoformat()} is not the date of any event of {case.matter} ({', '.join(d.isoformat() for d in dates)}); the date of the text must be in the matter's history")
        for i, key in enumerate(case.sources[:1]):  # the first source is the text the case is about
            for iid, other in references.get(key, []):
                if other in matters and other not in family:
                    yield origin.diagnostic(("sources", i), "matter-mismatch", f"source '{key}' is the reference of instrument {iid}, which is on matter {other}, but this case is on {case.matter}; one text has one history")
    for kind in ("case", "instrument"):
        for eid, entry in sorted(kb.of(kind).items()):
            said = DEVELOPMENTS_CLAIM.search(" ".join(entry.checked.split()))
            if said:
                yield kb.origin(kind, eid).diagnostic(("checked",), "developments-to", f"'checked' says '{said.group(0)}': up to when later developments were looked for is the matter's ({entry.matter}: developments_to, looked_for_on, checked), written once")
    for iid, inst in sorted(kb.of("instrument").items()):
        for jid, other in sorted(kb.of("instrument").items()):
            if jid < iid and other.reference == inst.reference and other.matter != inst.matter and other.matter in matters and inst.matter in matters and inst.matter not in matter_family(kb, other.matter):
                yield kb.origin("instrument", iid).diagnostic(("matter",), "matter-mismatch", f"instrument {jid} has the same reference '{inst.reference}' but is on matter {other.matter}; one text has one history")


def structural_problems(kb: KnowledgeBase) -> list[Diagnostic]:
    g = reference_graph(kb)
    problems: list[Diagnostic] = []
    problems += _reference_problems(kb, g)
    problems += _provenance_problems(kb)
    problems += _id_problems(kb)
    for cond, origin, path in _all_conditions(kb):
        problems += _condition_problems(kb, cond, origin, path)
    problems += _cycle_problems(kb)
    problems += _rule_problems(kb)
    problems += _tree_problems(kb)
    problems += _case_problems(kb)
    problems += _matter_problems(kb)
    problems += signal_problems(kb)
    problems += wording_problems(kb)
    return problems
