"""Evaluation of possibly partial answers by looking outcomes up in the decision tables.

Pure: no I/O, and no rule is read here (that happened when the tables were compiled). What is left is
what the contract defines over outcomes: every completion of the unanswered questions a conclusion
reads, the weakest outcome over them, what decided it, and which unanswered questions matter (an
unanswered question is an unknown for a conclusion when two completions that differ only in that
question conclude differently).

Completions are enumerated as nested loops over the unanswered questions, in the order of the
questions the conclusion reads; what a result reports is gathered in that order (first mention wins
for lists, the last deciding completion for a default's value). Outcomes are handled by their index
in the tables' catalogue, so enumerating thousands of completions costs arithmetic, not objects.
`site/assets/javascripts/tables.js` does the same, step for step.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..model.answer_space import Answers, Value
from .tables import Slot, Tables


def _dedupe(items: Any) -> list[Any]:
    return list(dict.fromkeys(items))


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


class _Walk:
    """The completions of the unanswered questions among `reads`: nested loops, first question slowest."""

    def __init__(self, t: Tables, answers: dict[str, Value], reads: list[str]):
        self.t, self.answers, self.reads = t, answers, reads
        self.free = [q for q in reads if q not in answers and not t.has_default(q)]
        self.sizes = [len(t.question(q)["domain"]) for q in self.free]
        self.radix = [1] * len(self.free)
        for i in range(len(self.free) - 2, -1, -1):
            self.radix[i] = self.radix[i + 1] * self.sizes[i + 1]
        self.combos = list(itertools.product(*(range(n) for n in self.sizes)))

    def indexer(self, slot: Slot) -> list[int]:
        """The slot's table index for every completion, in order."""
        s = self.t.slot(slot)
        base = 0
        add: list[int] = [0] * len(self.free)
        for q, stride in zip(s["reads"], s["_strides"]):
            if q in self.free:
                add[self.free.index(q)] = stride
            else:
                base += stride * self.t.state_of(q, self.answers.get(q))
        table = s["table"]
        offsets = [base]
        for a, n in zip(add, self.sizes):  # first question slowest, as in `combos`
            offsets = [o + a * d for o in offsets for d in range(n)]
        return [table[o] for o in offsets]

    def answers_at(self, n: int) -> dict[str, Value]:
        """The given answers completed as in completion `n`."""
        out = dict(self.answers)
        for q, d in zip(self.free, self.combos[n]):
            out[q] = self.t.domain(q)[d]
        return out

    def unknowns(self, keys: list[Any]) -> list[str]:
        """Free questions where two completions differing only there have different keys."""
        changed = []
        for j, q in enumerate(self.free):
            seen: dict[int, Any] = {}
            r = self.radix[j]
            for n, key in enumerate(keys):
                group = n - self.combos[n][j] * r
                if group in seen:
                    if seen[group] != key:
                        changed.append(q)
                        break
                else:
                    seen[group] = key
        return changed


class Evaluation:
    """Everything `evaluate` reports for one answers set; plain data, rendered elsewhere."""

    def __init__(self, t: Tables, answers: Answers, explain: bool = True):
        """`explain=False` leaves every `explanation` empty, for callers that read only verdicts (check's
        bottom line for each passage): building the justification trees is about a quarter of their cost."""
        self.t = t
        self.answers = dict(answers)
        self.explain = explain
        self.outcomes: list[dict[str, Any]] = t.data["outcomes"]
        self.method_order: dict[str, int] = t.data["method_order"]
        self.claim_order: dict[str, int] = t.data["claim_order"]
        self.unanswered = [q for q in t.question_ids if q not in answers and not t.has_default(q)]

    # methods -----------------------------------------------------------------------------------
    def method(self, method: str) -> dict[str, Any]:
        t, order, outcomes = self.t, self.method_order, self.outcomes
        goal = t.data["aspects_question"]
        reads = next(m["reads"] for m in t.data["methods"] if m["id"] == method)
        w = _Walk(t, self.answers, reads)
        per_half = {a: w.indexer(("method", method, a)) for a in t.data["halves"]}
        goal_values = t.domain(goal)
        goal_at = w.free.index(goal) if goal in w.free else None
        parts_of: list[list[tuple[str, int]]] = []
        for n, combo in enumerate(w.combos):
            g = goal_values[combo[goal_at]] if goal_at is not None else self.answers[goal]
            parts_of.append([(a, per_half[a][n]) for a in t.data["aspects"][str(g)]])

        def value(parts: list[tuple[str, int]]) -> str:
            return min((outcomes[i]["value"] for _, i in parts), key=lambda v: order[v or "does-not-support"])  # type: ignore[no-any-return]

        values = [value(p) for p in parts_of]
        verdict = min(values, key=lambda v: order[v])
        deciding = [(i, n) for n, parts in enumerate(parts_of) if values[n] == verdict for _, i in parts if outcomes[i]["value"] == verdict]
        halves: dict[str, Any] = {}
        by_half: dict[str, Any] = {}
        for half in _dedupe(a for parts in parts_of for a, _ in parts):
            found = [i for parts in parts_of for a, i in parts if a == half]
            halves[half] = min((outcomes[i]["value"] for i in found), key=lambda v: order[v])
            # each half on its own (contract, "Verdicts"): its weakest verdict, and what that needs and warns of
            own = _dedupe(i for i in found if outcomes[i]["value"] == halves[half])
            by_half[half] = {
                "verdict": halves[half],
                "conditions": _dedupe(x for i in own for x in outcomes[i]["conditions"]),
                "caveats": _dedupe(x for i in own for x in outcomes[i]["caveats"]),
                "trace": _dedupe(r["id"] for i in own for r in outcomes[i]["rules"]),
            }
        firsts = _dedupe(i for i, _ in deciding)
        keys = [(values[n], tuple(x for _, i in parts for x in outcomes[i]["conditions"])) for n, parts in enumerate(parts_of)]
        return {
            "id": method,
            "verdict": verdict,
            "halves": halves,
            "by_half": by_half,
            "conditions": _dedupe(x for i in firsts for x in outcomes[i]["conditions"]),
            "caveats": _dedupe(x for i in firsts for x in outcomes[i]["caveats"]),
            "trace": _dedupe(r["id"] for i in firsts for r in outcomes[i]["rules"]),
            "explanation": self._explain(w, deciding) if self.explain else [],
            "depends_on": w.unknowns(keys),
        }

    # mismatches --------------------------------------------------------------------------------
    def mismatch(self, mid: str) -> dict[str, Any] | None:
        slot = ("mismatch", mid)
        w = _Walk(self.t, self.answers, self.t.reads(slot))
        found = w.indexer(slot)
        applying = [(i, n) for n, i in enumerate(found) if self.outcomes[i]["value"] is not None]
        if not applying:
            return None
        firsts = _dedupe(i for i, _ in applying)
        whys = _dedupe(x for i in firsts for x in self.outcomes[i]["why"])
        return {
            "id": mid,
            "status": "applies" if len(applying) == len(found) else "possible",
            "why": " ".join(whys),
            "reasons": whys,
            "trace": _dedupe(r["id"] for i in firsts for r in self.outcomes[i]["rules"]),
            "explanation": self._explain(w, applying) if self.explain else [],
            "depends_on": w.unknowns([self.outcomes[i]["value"] is not None for i in found]),
        }

    # claims ------------------------------------------------------------------------------------
    def claim(self, cid: str) -> dict[str, Any] | None:
        slot = ("claim", cid)
        w = _Walk(self.t, self.answers, self.t.reads(slot))
        found = w.indexer(slot)
        values = [self.outcomes[i]["value"] for i in found]
        decided = [v for v in values if v is not None]
        if not decided:
            return None
        verdict = min(decided, key=lambda v: self.claim_order[v])
        worst = [(i, n) for n, i in enumerate(found) if values[n] == verdict]
        firsts = _dedupe(i for i, _ in worst)
        return {
            "id": cid,
            "verdict": verdict,
            "relevance": "certain" if len(decided) == len(values) else "possible",
            "conditions": _dedupe(x for i in firsts for x in self.outcomes[i]["conditions"]),
            "trace": _dedupe(r["id"] for i in firsts for r in self.outcomes[i]["rules"]),
            "explanation": self._explain(w, worst) if self.explain else [],
            "depends_on": w.unknowns(values),
        }

    # traces ------------------------------------------------------------------------------------
    def _explain(self, w: _Walk, deciding: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """Per deciding rule: the answers its condition read (as given, by default, or unanswered), and
        the more general rules that also fired but gave way to it (a justification, Catala-style).
        A default that depends on unanswered questions is shown as in the last completion it decided."""
        out: dict[str, dict[str, Any]] = {}
        last: dict[str, int] = {}
        rules = self.t.data["rules"]
        for i, n in deciding:
            for r in self.outcomes[i]["rules"]:
                item = out.setdefault(r["id"], {"rule": r["id"], "label": rules[r["id"]]["label"], "read": {}, "overrode": []})
                for beaten in r["overrode"]:
                    if beaten not in item["overrode"]:
                        item["overrode"].append(beaten)
                last[r["id"]] = n
        for rid, item in out.items():
            full: dict[str, Value] | None = None
            for q in rules[rid]["reads"]:
                given = self.answers.get(q)
                if given is not None:
                    item["read"][q] = _plain(given)
                elif self.t.has_default(q):
                    full = full or self.t.with_defaults(w.answers_at(last[rid]))[0]
                    item["read"][q] = _plain(full[q]) + " (default)" if q in full else "(unanswered)"
                else:
                    item["read"][q] = "(unanswered)"
        return list(out.values())
