"""Where every entry lives on the site: one canonical URL per ID, and relative links between pages.

The site is built with directory URLs (`claims/CL-001/`), so a page's URL is its folder. Links written
into generated HTML are not rewritten by the builder, which is why they are computed here, relative to
the page they appear on: the site then works from any base path, or from a folder on disk.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

PAGE_OF_KIND: dict[str, str] = {
    # kinds whose entries share a page, found by the entry's ID as anchor
    "goal": "framework/removal-and-suppression/",
    "target": "framework/targets/",
    "information": "framework/targets/",
    "evaluation": "framework/evaluations/",
    "deployment": "framework/deployments-and-adversaries/",
    "adversary": "framework/deployments-and-adversaries/",
    "concern": "framework/deployments-and-adversaries/",
    "instrument": "instruments/",
    "matter": "matters/",
    "term": "glossary/",
    "fact": "rules/",
    "rule": "rules/",
    "invariant": "rules/",
    "question": "questions/",
    "bib": "bibliography/",
    "signal": "check/",
}
OWN_PAGE: dict[str, str] = {
    # kinds with a page per entry
    "method": "framework/methods/{id}/",
    "domain": "domains/{id}/",
    "mismatch": "mismatches/{id}/",
    "claim": "claims/{id}/",
    "tree": "trees/{id}/",
    "case": "cases/{id}/",
    "wording": "wording/{id}/",
}
RESOLVER = "id/{id}/"
"""Every ID, live or retired, has a URL here that leads to it (or says what replaced it)."""


def entry_url(kind: str, entry_id: str) -> str:
    """Site-relative URL (no leading slash) of a live entry, with an anchor where it shares a page."""
    if kind in OWN_PAGE:
        return OWN_PAGE[kind].format(id=entry_id)
    return f"{PAGE_OF_KIND[kind]}#{entry_id}"


def own_page(kind: str, entry_id: str) -> str | None:
    """The page an entry of this kind would have of its own (also the place its tombstone stands)."""
    return OWN_PAGE[kind].format(id=entry_id) if kind in OWN_PAGE else None


def resolver_url(entry_id: str) -> str:
    return RESOLVER.format(id=entry_id)


def page_url(source_path: str) -> str:
    """URL of a generated file: a Markdown page as the builder places it with directory URLs, or an
    HTML file at its own place."""
    if source_path.endswith(".html"):
        return source_path[: -len("index.html")] if source_path.endswith("index.html") else source_path
    stem = source_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=65536)
def relative(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url` (both site-relative, anchors allowed on the target)."""
    path, _, anchor = to_url.partition("#")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    if path == base and anchor:
        return f"#{anchor}"
    rel = posixpath.relpath(path or ".", base or ".") if path != base else "."
    if path.endswith("/") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


def url_of(kb: Any, entry_id: str) -> str | None:
    """Canonical URL of any ID: a live entry, a bibliography key, an invariant, or a retired ID."""
    if entry_id in kb.tombstones:
        return resolver_url(entry_id)
    found = kb.find(entry_id)
    if found is None:
        return None
    return entry_url(found[0], entry_id)
