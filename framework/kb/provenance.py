"""Where an entry comes from, as a result shows it: bibliography references and basis labels."""

from __future__ import annotations

from typing import Any

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
