"""Decision tables: the knowledge base's rules compiled to lookups, the one artefact every client reads.

Rules are interpreted once, here, at build time. For every slot (a method's half, a claim, a mismatch)
the table holds its outcome for every complete combination of the answers that slot reads; outcomes
live once in a catalogue (verdict, conditions, caveats, why, the rules that decided it and the rules
they overrode). The Python evaluation, the browser questionnaire and any other script only look
outcomes up and combine them as the contract says (defaults, the weakest outcome over the completions
of unanswered questions, unknowns), so how a rule is read is defined in one place.

Format (`FORMAT_VERSION` changes only on an incompatible change; `kb.version` is the content's
version). Documented for other languages in `site/decision-tables.md`, schema in
`schema/decision-tables.schema.json`.

- `questions`: in questionnaire order, each with `domain`: every complete answer (an option ID, or for a
  many-choice question a list of option IDs in option order), in the order tables enumerate them.
  A question with a default also has `default`: `{reads: [question IDs], values: [option ID or null]}`,
  the default for every combination of the questions it reads (indexed as a table, below).
- `slots`: `{slot: [kind, ID, (half)], reads: [question IDs], table: [outcome index, ...]}`. The state of
  a read question is the index of its answer in `domain`; a question with a default has one more state,
  `len(domain)`, meaning "left to its default". A table is indexed row-major over `reads` (the first
  question varies slowest), exactly like nested loops over the questions in that order.
- `trees`: each decision tree's ID, label and fixed answers (a result names the trees that fit it).
- `outcomes`: the catalogue; `value` is a method verdict, a claim verdict, `applies` for a mismatch,
  or null (the mismatch is not listed, the claim is not shown for those answers).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from ..kb.provenance import short_reference, sources
from ..model import CLAIM_ORDER, METHOD_ORDER
from ..model.answer_space import Value
from .engine import Compiled, Conflict

FORMAT = "unlearning-scope-decision-tables"
FORMAT_VERSION = 1

Slot = tuple[str, ...]
State = tuple[int, ...]



@dataclass
class Tables:
    """The decision tables of one knowledge-base version, as plain data plus indexes for lookups."""

    data: dict[str, Any]
    cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Derived once per version by readers of the tables (e.g. each conclusion's strongest verdict)."""
    _questions: dict[str, dict[str, Any]] = field(init=False, repr=False)
    _slots: dict[Slot, dict[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.data.get("format") != FORMAT or self.data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"not decision tables of format {FORMAT} {FORMAT_VERSION}")
        self._questions = {q["id"]: q for q in self.data["questions"]}
        for q in self.data["questions"]:
            q["_index"] = {_key(v): i for i, v in enumerate(q["domain"])}
        self._slots = {}
        for s in self.data["slots"]:
            s["_strides"] = _strides([self.states(qid) for qid in s["reads"]])
            self._slots[tuple(s["slot"])] = s
        for d in (q.get("default") for q in self.data["questions"]):
            if d:
                d["_strides"] = _strides([self.states(qid) for qid in d["reads"]])

    # -- the answer space ------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.data["kb"]["version"])

    @property
    def question_ids(self) -> list[str]:
        return [q["id"] for q in self.data["questions"]]

    def question(self, qid: str) -> dict[str, Any]:
        return self._questions[qid]

    def has_default(self, qid: str) -> bool:
        return self._questions[qid].get("default") is not None

    def domain(self, qid: str) -> list[Value]:
        return [_value(v) for v in self._questions[qid]["domain"]]

    def states(self, qid: str) -> int:
        """How many states a read question has in a table: its answers, plus 'left to its default'."""
        q = self._questions[qid]
        return len(q["domain"]) + (1 if q.get("default") else 0)

    def state_of(self, qid: str, value: Value | None) -> int:
        """A question's state: the index of its answer, or the 'default' state when unanswered."""
        q = self._questions[qid]
        if value is None:
            if not q.get("default"):
                raise KeyError(f"{qid} has no default, so it has no unanswered state")
            return len(q["domain"])
        return int(q["_index"][_key(value)])

    def slot(self, slot: Slot) -> dict[str, Any]:
        return self._slots[slot]

    def slots(self) -> list[Slot]:
        return list(self._slots)

    def reads(self, slot: Slot) -> list[str]:
        return list(self._slots[slot]["reads"])

    def table(self, slot: Slot) -> list[int]:
        """The slot's outcome indexes, one per state of the questions it reads, row-major."""
        return self._slots[slot]["table"]  # type: ignore[no-any-return]

    def outcome(self, index: int) -> dict[str, Any]:
        return self.data["outcomes"][index]  # type: ignore[no-any-return]

    def lookup(self, slot: Slot, answers: Mapping[str, Value]) -> dict[str, Any]:
        """The slot's outcome for answers that give every question it reads (defaulted ones may be left out)."""
        s = self._slots[slot]
        i = sum(stride * self.state_of(q, answers.get(q)) for q, stride in zip(s["reads"], s["_strides"]))
        return self.outcome(s["table"][i])

    def state_values(self, qid: str) -> list[Value | None]:
        """A read question's states as answers: its domain, then None for 'left to its default'."""
        return [*self.domain(qid), *([None] if self.has_default(qid) else [])]

    def projector(self, slot: Slot, reads: Sequence[str]) -> Callable[[Sequence[int]], int]:
        """For joining tables: maps the state indexes of `reads` (which include the slot's reads) to
        the slot's outcome index, without converting answers."""
        s = self._slots[slot]
        pairs = [(stride, list(reads).index(q)) for q, stride in zip(s["reads"], s["_strides"])]
        table = s["table"]
        return lambda combo: table[sum(stride * combo[pos] for stride, pos in pairs)]

    def default(self, qid: str, answers: Mapping[str, Value]) -> str | None:
        """The default of an optional question for answers that give every question its default reads."""
        d = self._questions[qid]["default"]
        i = sum(stride * self.state_of(q, answers.get(q)) for q, stride in zip(d["reads"], d["_strides"]))
        v = d["values"][i]
        return None if v is None else str(v)

    def with_defaults(self, answers: Mapping[str, Value]) -> tuple[dict[str, Value], frozenset[str]]:
        """Answers with unanswered optional questions filled from their defaults where those can be
        decided (every question a default reads is answered); the second item names the filled ones."""
        full = dict(answers)
        filled = []
        for q in self.data["questions"]:
            qid, d = q["id"], q.get("default")
            if not d or qid in full or not all(r in full for r in d["reads"]):
                continue
            value = self.default(qid, full)
            if value is not None:
                full[qid] = value
                filled.append(qid)
        return full, frozenset(filled)


def _key(v: Any) -> Any:
    return tuple(v) if isinstance(v, list | tuple) else v


def _value(v: Any) -> Value:
    return tuple(v) if isinstance(v, list) else str(v)


def _strides(sizes: Sequence[int]) -> list[int]:
    out = [1] * len(sizes)
    for i in range(len(sizes) - 2, -1, -1):
        out[i] = out[i + 1] * sizes[i + 1]
    return out


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


# -- compiling ----------------------------------------------------------------------------------------

@dataclass
class Compilation:
    """Decision tables as compiled, with what went wrong on the way (a valid knowledge base has none)."""

    tables: Tables
    conflicts: list[tuple[Slot, Conflict, dict[str, Value | None]]]
    undecided: list[tuple[Slot, dict[str, Value | None]]]
    """A method's half or a shown claim that no rule decides, with the first answers where it happens."""
    entries: int


def states(c: Compiled, qids: Sequence[str]) -> Iterator[dict[str, Value | None]]:
    """Every state of the given questions (None: an optional question left to its default), row-major."""
    domains: list[list[Value | None]] = []
    for q in qids:
        d: list[Value | None] = list(c.space.domain(q))
        if c.space.has_default(q):
            d.append(None)
        domains.append(d)
    for combo in itertools.product(*domains):
        yield dict(zip(qids, combo))


def filled_in(c: Compiled, state: Mapping[str, Value | None]) -> tuple[dict[str, Value], frozenset[str]]:
    """A state's answers with defaults applied (the rules' view of it)."""
    return c.with_defaults({q: v for q, v in state.items() if v is not None})


class _Catalogue:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def add(self, item: dict[str, Any]) -> int:
        import json

        key = json.dumps(item, sort_keys=True)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(item)
        return self.index[key]


def _dedupe(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def compile_tables(kb: KnowledgeBase, c: Compiled) -> Compilation:
    """Every slot's outcome for every combination of the answers it reads, plus the data a result shows."""
    cat = _Catalogue()
    cat.add({"value": None, "conditions": [], "caveats": [], "why": [], "rules": []})
    conflicts: list[tuple[Slot, Conflict, dict[str, Value | None]]] = []
    undecided: list[tuple[Slot, dict[str, Value | None]]] = []
    slots: list[Slot] = [("method", m, a) for m in c.methods for a in c.all_aspects]
    slots += [("claim", cid) for cid in c.claims] + [("mismatch", mid) for mid in c.mismatches]
    out_slots = []
    entries = 0
    for slot in slots:
        reads = list(c.slot_deps(slot))
        table: list[int] = []
        reported = False
        for state in states(c, reads):
            entries += 1
            full, filled = filled_in(c, state)
            if slot[0] == "claim" and not c.relevant(slot[1], full, filled):
                table.append(0)
                continue
            try:
                d = c.decide(slot, full, filled)
            except Conflict as e:
                conflicts.append((slot, e, state))
                table.append(0)
                continue
            if d.value is None:
                if slot[0] != "mismatch" and not reported:
                    undecided.append((slot, state))
                    reported = True
                table.append(0)
                continue
            thens = [r.then for r in d.winners]
            table.append(cat.add({
                "value": d.value,
                "conditions": _dedupe(x for t in thens for x in getattr(t, "conditions", [])),
                "caveats": _dedupe(x for t in thens for x in getattr(t, "caveats", [])),
                "why": _dedupe(t.why for t in thens if hasattr(t, "why")),  # type: ignore[union-attr]
                "rules": [{"id": r.id, "overrode": [b.id for b in d.overridden if b.id in c.beaten_by[r.id]]} for r in d.winners],
            }))
        out_slots.append({"slot": list(slot), "reads": reads, "table": table})
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kb": _meta(kb),
        "questions": _questions(kb, c),
        "aspects_question": c.aspects_question,
        "aspects": {o: list(a) for o, a in c.aspects.items()},
        "halves": {a: (kb.of("goal")[a].label if a in kb.of("goal") else a) for a in c.all_aspects},
        "method_order": dict(METHOD_ORDER),
        "claim_order": dict(CLAIM_ORDER),
        "methods": [{"id": m, "label": kb.methods[m].label, "reads": list(c.space.order(c.method_deps(m)))} for m in c.methods],
        "mismatches": [{"id": m, "label": kb.of("mismatch")[m].label, "summary": kb.of("mismatch")[m].summary} for m in c.mismatches],
        "claims": [_claim(kb, cid) for cid in c.claims],
        "rules": {rid: {"label": r.label, "reads": list(c.space.order(c.closure(c.rule_deps[rid])))} for rid, r in c.rules.items()},
        "trees": [{"id": tid, "label": tr.label, "fixed": dict(tr.fixed)} for tid, tr in sorted(kb.trees.items())],
        "outcomes": cat.items,
        "slots": out_slots,
    }
    return Compilation(Tables(data), conflicts, undecided, entries)


def _meta(kb: KnowledgeBase) -> dict[str, Any]:
    meta = kb.meta
    paper = kb.of("bib").get(meta.paper)
    return {
        "title": meta.title,
        "version": meta.version,
        "released": meta.released.isoformat(),
        "year": meta.released.year,
        "site_url": meta.site_url,
        "citation_key": meta.citation_key,
        "paper": short_reference(paper) if paper is not None else None,
        "kb_digest": kb.digest(),
    }


def _questions(kb: KnowledgeBase, c: Compiled) -> list[dict[str, Any]]:
    out = []
    for q in c.space.questions:
        item: dict[str, Any] = {
            "id": q.id, "kind": q.kind, "label": q.label, "help": q.help, "example": q.example,
            "why_it_matters": q.why_it_matters, "describes": q.describes, **({"short": q.short} if q.short else {}),
            "options": [{"id": o.id, "label": o.label, "help": o.help, "aspects": list(o.aspects) if o.aspects is not None else None,
                         **({"when_changed_from": o.when_changed_from} if o.when_changed_from else {})}
                        for o in q.options],
            "domain": [_plain(v) for v in c.space.domain(q.id)],
            "default": None,
        }
        if q.default is not None:
            reads = list(c.space.order(c.default_deps[q.id]))
            values: list[str | None] = []
            for state in states(c, reads):
                answers = {k: v for k, v in state.items() if v is not None}
                full, _ = c.with_defaults(answers)
                value = full.get(q.id)
                values.append(None if value is None else str(value))
            item["default"] = {"reads": reads, "values": values, "explained": _default_text(kb, q)}
        out.append(item)
    return out


def _default_text(kb: KnowledgeBase, q: Any) -> str:
    """The default in words, shown beside the optional question (rules are not read in the browser)."""

    def label(v: str) -> str:
        return "\u201c" + next((o.label for o in q.options if o.id == v), v) + "\u201d"

    parts = [label(d.value) + (" if " + _condition_text(kb, d.when) if d.when else "") for d in q.default]
    lead = "Optional. If you leave it unanswered, the answer is taken to be "
    if len(parts) == 1:
        return lead + parts[0] + "."
    return lead + "; ".join(parts[:-1]) + "; otherwise " + parts[-1] + "."


def _condition_text(kb: KnowledgeBase, cond: Any) -> str:
    if cond.all is not None:
        return " and ".join(_condition_text(kb, x) for x in cond.all)
    if cond.any is not None:
        return " or ".join(_condition_text(kb, x) for x in cond.any)
    if cond.not_ is not None:
        return "not (" + _condition_text(kb, cond.not_) + ")"
    if cond.fact is not None:
        return str(kb.facts[cond.fact].label)
    q = kb.questions[cond.question]
    name = "\u201c" + q.label + "\u201d"

    def opt(v: str) -> str:
        return "\u201c" + next((o.label for o in q.options if o.id == v), v) + "\u201d"

    if cond.in_:
        return f"the answer to {name} is " + " or ".join(map(opt, cond.in_))
    if cond.includes:
        return f"the answer to {name} includes " + " or ".join(map(opt, cond.includes))
    if cond.includes_all:
        return f"the answer to {name} includes " + " and ".join(map(opt, cond.includes_all))
    return f"{name} is left unanswered"


def _claim(kb: KnowledgeBase, cid: str) -> dict[str, Any]:
    claim = kb.claims[cid]
    return {
        "id": cid,
        "statement": claim.statement,
        "domains": list(claim.domains),
        **({"question": claim.question} if claim.question else {}),
        "rationale": claim.rationale,
        "mismatches": list(claim.mismatches),
        "evidence": list(claim.evidence),
        "sources": sources(kb, claim.provenance),
    }


# -- reading back -------------------------------------------------------------------------------------

def from_json(data: dict[str, Any]) -> Tables:
    """Tables from their JSON form (a release's frozen tables, or an export)."""
    import copy

    return Tables(copy.deepcopy(data))


def to_json(tables: Tables) -> dict[str, Any]:
    """The JSON form, without the lookup indexes."""

    def strip(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if not k.startswith("_")}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    return strip(tables.data)  # type: ignore[no-any-return]


def dumps(tables: Tables) -> str:
    """Deterministic text: one slot per line, so a release's tables diff readably in version control."""
    import json

    data = to_json(tables)
    head = {k: v for k, v in data.items() if k != "slots"}
    body = ",\n".join("  " + json.dumps(s, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for s in data["slots"])
    head_text = json.dumps(head, indent=1, sort_keys=True, ensure_ascii=False)
    return head_text[:-2] + ',\n "slots": [\n' + body + "\n ]\n}\n"

