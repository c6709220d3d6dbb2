"""Builds the `evaluate` result (contract: "`evaluate` output") from answers. Pure: no I/O."""

from __future__ import annotations

from typing import Any

from .answer_space import Value
from .answers import digest, permalink
from .engine import Compiled
from .evaluation import Evaluation
from .knowledge_base import KnowledgeBase

BASIS_LABELS = {
    "paper-abstract": "the paper's abstract or OpenReview record",
    "paper-reviews": "the paper's reviews (OpenReview)",
    "secondary-summary": "secondary summary of the paper, not checked against its text",
    "literature": "another verified work",
    "editorial": "the project's own operationalisation",
}


def sources(kb: KnowledgeBase, provenance: list[Any]) -> list[dict[str, Any]]:
    out = []
    for s in provenance:
        item: dict[str, Any] = {"basis": s.basis, "basis_label": BASIS_LABELS[s.basis]}
        if s.source:
            bib = kb.of("bib").get(s.source)
            item["source"] = s.source
            if bib is not None:
                item["reference"] = short_reference(bib)
                if bib.url:
                    item["url"] = bib.url
        if s.locator:
            item["locator"] = s.locator
        if s.note:
            item["note"] = s.note
        item["quotable"] = False
        out.append(item)
    return out


def short_reference(bib: Any) -> str:
    first = bib.authors[0]
    more = " et al." if len(bib.authors) > 1 else ""
    return f"{first}{more}, \"{bib.title}\" ({bib.year}), {bib.identifier}"


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


def assess(kb: KnowledgeBase, c: Compiled, answers: dict[str, Value]) -> dict[str, Any]:
    """The whole result for one set of answers: verdicts, mismatches, claims, unknowns, citation."""
    normalised = {q.id: answers[q.id] for q in c.space.questions if q.id in answers}
    full, filled = c.with_defaults(normalised)
    ev = Evaluation(c, normalised)
    methods = []
    for mid in c.methods:
        m = ev.method(mid)
        entry = kb.methods[mid]
        methods.append({"id": mid, "label": entry.label, **{k: v for k, v in m.items() if k != "id"}})
    mismatches = []
    for mid in c.mismatches:
        mm = ev.mismatch(mid)
        if mm is not None:
            mismatches.append({"id": mid, "label": kb.of("mismatch")[mid].label, **{k: v for k, v in mm.items() if k != "id"}})
    claims = []
    for cid in c.claims:
        cl = ev.claim(cid)
        if cl is None:
            continue
        claim = kb.claims[cid]
        claims.append({
            "id": cid,
            "statement": claim.statement,
            "verdict": cl["verdict"],
            "relevance": cl["relevance"],
            "conditions": cl["conditions"],
            "rationale": claim.rationale,
            "mismatches": list(claim.mismatches),
            "evidence": list(claim.evidence),
            "sources": sources(kb, claim.provenance),
            "trace": cl["trace"],
            "explanation": cl["explanation"],
            "depends_on": cl["depends_on"],
        })
    unknowns = []
    for q in c.space.questions:
        if q.id in normalised or q.id in filled:
            continue
        changes = [item["id"] for group in (methods, mismatches, claims) for item in group if q.id in item["depends_on"]]
        if changes:
            unknowns.append({"question": q.id, "label": q.label, "would_change": changes})
    answers_digest = digest(normalised)
    link = permalink(normalised, c.space, kb.meta.version, kb.meta.site_url)
    return {
        "kb_version": kb.meta.version,
        "kb_digest": kb.digest(),
        "answers": {q: _plain(v) for q, v in normalised.items()},
        "defaults_applied": {q.id: _plain(full[q.id]) for q in c.space.questions if q.id in filled},
        "unanswered": ev.unanswered,
        "answers_digest": answers_digest,
        "mismatches": mismatches,
        "methods": methods,
        "claims": claims,
        "unknowns": unknowns,
        "citation": citation(kb, normalised, answers_digest, link),
    }


def citation(kb: KnowledgeBase, answers: dict[str, Value], answers_digest: str, link: str) -> dict[str, Any]:
    meta = kb.meta
    short = answers_digest.split(":", 1)[1][:12]
    given = "; ".join(f"{q}={','.join(v) if isinstance(v, tuple) else v}" for q, v in answers.items()) or "no answers"
    text = (
        f"{meta.title}, version {meta.version} ({meta.released.isoformat()}), assessment {short} "
        f"[{given}], answers {answers_digest}. {link}"
    )
    key = f"{meta.citation_key}-{short}"
    bibtex = (
        f"@misc{{{key},\n"
        f"  title = {{{{{meta.title}}}: assessment {short}}},\n"
        f"  year = {{{meta.released.year}}},\n"
        f"  note = {{Knowledge base version {meta.version}; answers {given}; digest {answers_digest}}},\n"
        f"  howpublished = {{{link}}}\n"
        f"}}"
    )
    paper = kb.of("bib").get(meta.paper)
    out: dict[str, Any] = {"text": text, "permalink": link, "bibtex": bibtex, "key": key}
    if paper is not None:
        out["framework"] = short_reference(paper)
    return out
