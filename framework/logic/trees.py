"""Decision trees derived from the decision tables: the YAML names the questions, the tables fill the leaves.

A tree's YAML gives its fixed answers, the questions it asks in order, and the methods and claims its
leaves show. Each leaf is the evaluation of the answers on its path (questions the tree does not ask
stay unanswered, so a leaf claims no more than holds whatever they are). Branches whose subtrees
come out the same are merged into one branch with several answers, and a question whose every answer
leads to the same subtree is not asked at all, so trees stay as small as the knowledge base allows.

Each release freezes its derived trees (`releases/<version>/trees.json`), so a cited tree ID and
version always show the same tree. Pure: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Tree
from ..model.answer_space import Value
from .evaluation import Evaluation
from .tables import Tables


@dataclass(frozen=True)
class Branch:
    answers: tuple[str, ...]
    next: str

    @property
    def answer(self) -> str:
        """The first of the branch's answers: the one a link to the questionnaire uses."""
        return self.answers[0]


@dataclass(frozen=True)
class Node:
    id: str
    ask: str | None = None
    branches: tuple[Branch, ...] | None = None
    verdicts: dict[str, str] | None = None
    claims: dict[str, str] | None = None
    note: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.ask is None


@dataclass(frozen=True)
class DerivedTree:
    """A decision tree as readers see it: the YAML's description with nodes derived from the tables."""

    id: str
    label: str
    summary: str
    fixed: dict[str, Any]
    methods: list[str]
    claim_ids: list[str]
    questions: list[str]
    root: str
    nodes: list[Node]
    kb_version: str
    provenance: list[Any] = field(default_factory=list)
    leaves: str = "derived"
    """'derived' from the tables; 'written': by hand and checked against the rules (release 0.1.0)."""


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _leaf(t: Tables, spec: Tree, answers: dict[str, Value]) -> tuple[dict[str, str], dict[str, str]]:
    ev = Evaluation(t, answers)
    verdicts = {m: ev.method(m)["verdict"] for m in spec.methods}
    claims = {}
    for cid in spec.claims:
        c = ev.claim(cid)
        if c is not None:
            claims[cid] = c["verdict"]
    return verdicts, claims


def derive(t: Tables, spec: Tree) -> DerivedTree:
    """The tree `spec` describes, with leaves looked up in `t` and equal branches merged."""
    base: dict[str, Value] = {q: (tuple(v) if isinstance(v, list) else v) for q, v in spec.fixed.items()}
    base = {q: base[q] for q in t.question_ids if q in base}
    nodes: dict[str, Node] = {}
    shapes: dict[str, str] = {}

    def build(answers: dict[str, Value], remaining: list[str], path: list[str]) -> str:
        if not remaining:
            verdicts, claims = _leaf(t, spec, answers)
            shape = json.dumps([verdicts, claims], sort_keys=True)
            nid = "leaf-" + ("-".join(path) or "all")
            return _keep(nid, Node(nid, verdicts=verdicts, claims=claims), shape)
        q, rest = remaining[0], remaining[1:]
        children: list[tuple[str, str]] = []
        for option in t.domain(q):
            child = build({**answers, q: option}, rest, [*path, f"{_slug(q)}-{_slug(str(option))}"])
            children.append((str(option), child))
        distinct = list(dict.fromkeys(shapes[c] for _, c in children))
        if len(distinct) == 1:
            return children[0][1]  # every answer leads to the same subtree: the question does not matter here
        groups: dict[str, list[tuple[str, str]]] = {}
        for option, child in children:
            groups.setdefault(shapes[child], []).append((option, child))
        branches = tuple(Branch(tuple(o for o, _ in g), g[0][1]) for g in groups.values())
        nid = "ask-" + ("-".join([*path, _slug(q)]))
        shape = json.dumps([q, [[b.answers, shapes[b.next]] for b in branches]])
        return _keep(nid, Node(nid, ask=q, branches=branches), shape)

    def _keep(nid: str, node: Node, shape: str) -> str:
        nodes[nid] = node
        shapes[nid] = shape
        return nid

    root = build(dict(base), [q for q in spec.questions if q not in base], [])
    reachable = list(_walk(nodes, root))
    return DerivedTree(
        id=spec.id, label=spec.label, summary=spec.summary, fixed=dict(spec.fixed), methods=list(spec.methods),
        claim_ids=list(spec.claims), questions=list(spec.questions), root=root, nodes=[nodes[n] for n in reachable],
        kb_version=t.version, provenance=list(spec.provenance),
    )


def _slug(text: str) -> str:
    """Node IDs are kebab-case, like every other ID (question IDs use underscores)."""
    return text.replace("_", "-")


def _walk(nodes: dict[str, Node], root: str) -> Iterator[str]:
    """Node IDs reachable from the root, depth first in branch order (the order the page lists them)."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        yield nid
        for br in reversed(nodes[nid].branches or ()):
            stack.append(br.next)


def paths(tree: DerivedTree) -> Iterator[tuple[tuple[tuple[str, tuple[str, ...]], ...], Node]]:
    """Every root-to-leaf path: the (question, answers) steps taken and the leaf reached."""
    index = {n.id: n for n in tree.nodes}

    def walk(nid: str, steps: tuple[tuple[str, tuple[str, ...]], ...]) -> Iterator[tuple[tuple[tuple[str, tuple[str, ...]], ...], Node]]:
        node = index[nid]
        if node.is_leaf:
            yield steps, node
            return
        for b in node.branches or ():
            yield from walk(b.next, (*steps, (node.ask or "", b.answers)))

    yield from walk(tree.root, ())


# -- frozen form ----------------------------------------------------------------------------------------

def to_json(tree: DerivedTree) -> dict[str, Any]:
    def node(n: Node) -> dict[str, Any]:
        out: dict[str, Any] = {"id": n.id}
        if n.is_leaf:
            out["verdicts"] = dict(n.verdicts or {})
            out["claims"] = dict(n.claims or {})
            if n.note:
                out["note"] = n.note
        else:
            out["ask"] = n.ask
            out["branches"] = [{"answers": list(b.answers), "next": b.next} for b in n.branches or ()]
        return out

    return {
        "id": tree.id, "label": tree.label, "summary": tree.summary, "fixed": tree.fixed, "methods": tree.methods,
        "claims": tree.claim_ids, "questions": tree.questions, "root": tree.root, "kb_version": tree.kb_version, "leaves": tree.leaves,
        "provenance": [p.model_dump(mode="json", exclude_none=True) if hasattr(p, "model_dump") else p for p in tree.provenance],
        "nodes": [node(n) for n in tree.nodes],
    }


def from_json(data: dict[str, Any]) -> DerivedTree:
    from ..model import Source

    nodes = []
    for n in data["nodes"]:
        if "ask" in n:
            nodes.append(Node(n["id"], ask=n["ask"], branches=tuple(Branch(tuple(b["answers"]), b["next"]) for b in n["branches"])))
        else:
            nodes.append(Node(n["id"], verdicts=dict(n["verdicts"]), claims=dict(n["claims"]), note=n.get("note")))
    return DerivedTree(
        id=data["id"], label=data["label"], summary=data["summary"], fixed=dict(data["fixed"]), methods=list(data["methods"]),
        claim_ids=list(data["claims"]), questions=list(data["questions"]), root=data["root"], nodes=nodes,
        kb_version=data["kb_version"], provenance=[Source.model_validate(p) for p in data.get("provenance", [])],
        leaves=data.get("leaves", "derived"),
    )
