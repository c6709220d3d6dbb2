"""A matter's history as every output shows it: the case page, the instrument page, `explain`,
`evaluate --case` and the exports all read it from here, so they cannot differ.

The history of a matter includes the matters that are part of it (an order within a lawsuit), each
event labelled with the part it belongs to, in date order.
"""

from __future__ import annotations

from typing import Any

from ..model import Matter
from .knowledge_base import KnowledgeBase

STATUS_WORDS = {"in-force": "in force", "set-aside": "set aside", "step": "development"}


def status_words(status: str) -> str:
    """A status or an event kind in words: 'in-force' -> 'in force', 'step' -> 'development'."""
    return STATUS_WORDS.get(status, status.replace("-", " "))


def parts_of(kb: KnowledgeBase, matter_id: str) -> list[str]:
    """The matters that are part of this one, directly or further down, by ID."""
    matters: dict[str, Matter] = kb.of("matter")
    found: list[str] = []
    frontier = [matter_id]
    while frontier:
        below = sorted(mid for mid, m in matters.items() if m.part_of in frontier and mid not in found and mid != matter_id)
        found += below
        frontier = below
    return found


def _source(s: Any) -> dict[str, Any]:
    return {k: v for k, v in (("source", s.source), ("seen_in", s.seen_in), ("dated", s.dated.isoformat() if s.dated else None)) if v}


def history(kb: KnowledgeBase, matter_id: str) -> dict[str, Any]:
    """The matter, its derived status, its dated events (its parts' too), and up to when developments
    were looked for: plain data, deterministic, JSON-ready."""
    matters: dict[str, Matter] = kb.of("matter")
    matter = matters[matter_id]
    members = [matter_id, *parts_of(kb, matter_id)]
    events: list[dict[str, Any]] = []
    for mid in members:
        m = matters[mid]
        for i, e in enumerate(m.events):
            row: dict[str, Any] = {
                "date": e.date.isoformat(), "when": e.when, "kind": e.kind, "note": " ".join(e.note.split()),
                "sources": [_source(s) for s in e.sources], "matter": mid, "order": (members.index(mid), i),
            }
            if e.status:
                row["status"] = e.status
            if e.forum:
                row["forum"] = e.forum
            if e.docket:
                row["docket"] = e.docket
            if mid != matter_id:
                row["part"] = m.label
            events.append(row)
    events.sort(key=lambda r: (r["date"], r["order"]))
    for r in events:
        del r["order"]
    parts = [
        {"id": mid, "label": matters[mid].label, "status": matters[mid].status,
         "status_since": matters[mid].status_event.when, "developments_to": matters[mid].developments_to.isoformat()}
        for mid in members[1:]
    ]
    out: dict[str, Any] = {
        "id": matter_id, "label": matter.label, "jurisdiction": matter.jurisdiction,
        "status": matter.status, "status_since": matter.status_event.when,
        "developments_to": matter.developments_to.isoformat(), "checked": " ".join(matter.checked.split()),
        "events": events, "parts": parts,
    }
    if matter.looked_for_on:
        out["looked_for_on"] = matter.looked_for_on.isoformat()
    if matter.part_of:
        out["part_of"] = matter.part_of
    return out


def status_line(kb: KnowledgeBase, matter_id: str) -> str:
    """'annulled (2026-03-18)': the derived status and the date of the event that gave it."""
    m: Matter = kb.of("matter")[matter_id]
    return f"{status_words(m.status)} ({m.status_event.when})"


def history_lines(h: dict[str, Any], indent: str = "  ") -> list[str]:
    """The history as plain text lines, for `explain` and the text report."""
    out = [f"{indent}history of {h['id']} ({h['label']}): {status_words(h['status'])} since {h['status_since']}"]
    for e in h["events"]:
        part = f"[{e['part']}] " if e.get("part") else ""
        where = ", ".join(x for x in (e.get("forum"), e.get("docket")) if x)
        out.append(f"{indent}  {e['when']}  {status_words(e['kind'])}: {part}{e['note']}" + (f" ({where})" if where else ""))
    for p in h["parts"]:
        out.append(f"{indent}  part {p['id']} ({p['label']}): {status_words(p['status'])} since {p['status_since']}")
    looked = f", looked for on {h['looked_for_on']}" if h.get("looked_for_on") else ""
    out.append(f"{indent}  developments checked to {h['developments_to']}{looked}; nothing later is claimed. {h['checked']}")
    return out


def history_markdown(h: dict[str, Any]) -> str:
    """The history as a Markdown list, for the memo-ready report."""
    out = [f"**History** ({status_words(h['status'])} since {h['status_since']}):", ""]
    for e in h["events"]:
        part = f"*{e['part']}:* " if e.get("part") else ""
        where = ", ".join(x for x in (e.get("forum"), e.get("docket")) if x)
        out.append(f"- {e['when']} — {status_words(e['kind'])}: {part}{e['note']}" + (f" ({where})" if where else ""))
    looked = f", looked for on {h['looked_for_on']}" if h.get("looked_for_on") else ""
    out += ["", f"Developments checked to {h['developments_to']}{looked}; nothing later is claimed. {h['checked']}"]
    return "\n".join(out)
