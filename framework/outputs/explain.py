"""One entry explained: its content, provenance, location, what refers to it; the ID registry."""

from __future__ import annotations

from typing import Any

from ..kb.checks import reference_graph
from ..kb.knowledge_base import KnowledgeBase
from ..kb.matters import history, history_lines
from ..kb.provenance import sources
from ..logic.tables import Tables
from .cases import summary as case_summary


def _label(entry: Any) -> str:
    for attr in ("label", "term", "statement", "title"):
        value = getattr(entry, attr, None)
        if value:
            return str(value)
    return ""


def explain(kb: KnowledgeBase, entry_id: str, tables: Tables | None = None) -> dict[str, Any] | None:
    """Everything about one ID; for a case, also its result as the tables give it (needs `tables`)."""
    if entry_id in kb.tombstones:
        tomb = kb.tombstones[entry_id]
        chain = [entry_id]
        while chain[-1] in kb.tombstones and kb.tombstones[chain[-1]].successor:
            nxt = kb.tombstones[chain[-1]].successor
            assert nxt is not None
            chain.append(nxt)
            if kb.find(nxt):
                break
        resolved = explain(kb, chain[-1], tables) if kb.find(chain[-1]) else None
        origin = kb.origin("tombstone", entry_id)
        return {
            "id": entry_id, "kind": tomb.kind, "status": tomb.status, "label": tomb.label,
            "successor": tomb.successor, "resolves_to": chain[-1], "chain": chain, "date": tomb.date.isoformat(),
            "reason": tomb.reason, "defined_at": f"{origin.file}:{origin.line}", "resolved": resolved,
        }
    found = kb.find(entry_id)
    if found is None:
        return None
    kind, entry = found
    origin = kb.origin(kind, entry_id)
    graph = reference_graph(kb)
    referrers = sorted({(graph.nodes[src].get("kind", "?"), src) for src, _, _ in graph.in_edges(entry_id, data=True) if src != entry_id})
    info: dict[str, Any] = {
        "id": entry_id, "kind": kind, "status": "active", "label": _label(entry),
        "defined_at": f"{origin.file}:{origin.line}",
        "entry": entry.model_dump(mode="json", by_alias=True, exclude_none=True),
        "referred_to_by": [{"kind": k, "id": i} for k, i in referrers],
    }
    if getattr(entry, "provenance", None):
        info["sources"] = sources(kb, entry.provenance)
    if kind == "claim":
        info["decided_by"] = sorted(r.id for r in kb.rules.values() if getattr(r.then, "claim", None) == entry_id)
    if kind == "method":
        info["decided_by"] = sorted(r.id for r in kb.rules.values() if getattr(r.then, "method", None) == entry_id)
    if kind == "tree":
        info["citation"] = (
            f"{kb.meta.title}, decision tree {entry_id} \"{entry.label}\", knowledge-base version "
            f"{kb.meta.version} ({kb.meta.released.isoformat()})"
        )
    if kind in ("case", "instrument", "matter"):
        info["history"] = history(kb, entry_id if kind == "matter" else entry.matter)
    if kind == "case" and tables is not None:
        info["result"] = case_summary(kb, tables, entry_id)
    if kind == "mismatch":
        info["listed_by"] = sorted(r.id for r in kb.rules.values() if getattr(r.then, "mismatch", None) == entry_id)
    return info


def id_registry(kb: KnowledgeBase) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for kind, table in sorted(kb.entries.items()):
        if kind in ("tombstone", "invariant", "bib"):
            continue
        for entry_id, entry in sorted(table.items()):
            rows.append({"id": entry_id, "kind": kind, "status": "active", "label": _label(entry)})
    for entry_id, tomb in sorted(kb.tombstones.items()):
        rows.append({"id": entry_id, "kind": tomb.kind, "status": tomb.status, "successor": tomb.successor, "label": tomb.label})
    return rows


def render_explanation(info: dict[str, Any]) -> str:
    out = [f"{info['id']}  ({info['kind']}, {info['status']})", f"  {info['label']}", f"  defined at {info['defined_at']}"]
    if info["status"] != "active":
        out.append(f"  retired {info['date']}: {info['reason']}")
        out.append(f"  resolves to: {' -> '.join(info['chain'])}")
        if info.get("resolved"):
            out.append("")
            out.append(render_explanation(info["resolved"]).rstrip("\n"))
        return "\n".join(out) + "\n"
    entry = info["entry"]
    for key, value in entry.items():
        if key in ("id", "provenance", "label", "statement", "term") or (info["kind"] == "matter" and key in ("events", "sources")):
            continue
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out.append(f"  {key}:")
            out += [f"    - {v}" for v in value]
        elif isinstance(value, str | int | float | bool):
            out.append(f"  {key}: {value}")
        else:
            import json

            out.append(f"  {key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}")
    for key in ("decided_by", "listed_by"):
        if info.get(key):
            out.append(f"  {key.replace('_', ' ')}: {', '.join(info[key])}")
    if info.get("sources"):
        out.append("  sources:")
        for s in info["sources"]:
            ref = s.get("reference", "Unlearning Scope (editorial)")
            loc = f", {s['locator']}" if s.get("locator") else ""
            out.append(f"    - [{s['basis_label']}] {ref}{loc}")
            if s.get("note"):
                out.append(f"      {s['note']}")
    if info.get("history"):
        out += history_lines(info["history"])
    if info.get("result"):
        out += _render_case_result(info["result"])
    if info.get("citation"):
        out.append(f"  cite as: {info['citation']}")
    refs = info["referred_to_by"]
    out.append(f"  referred to by: {', '.join(r['id'] for r in refs) if refs else 'nothing'}")
    return "\n".join(out) + "\n"


def _render_case_result(r: dict[str, Any]) -> list[str]:
    out = ["  result (computed by the engine from the answers above):"]
    out.append("    methods: " + ", ".join(f"{m} {v}" for m, v in r["methods"].items()))
    if r["mismatches"]:
        out.append("    mismatches: " + ", ".join(f"{m} {s}" for m, s in r["mismatches"].items()))
    if r["claims"]:
        out.append("    claims: " + ", ".join(f"{c} {v or 'not shown'}" for c, v in r["claims"].items()))
    out.append(f"    open questions that would change it: {', '.join(r['unknowns']) or 'none'}")
    out.append(f"    questionnaire: {r['permalink']}")
    if r["differences"]:
        out.append("    differs from what the case expects:")
        out += [f"      - {d}" for d in r["differences"]]
    return out
