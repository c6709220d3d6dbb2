"""The site's pages, generated from the knowledge base: Markdown files with HTML blocks, plus files.

Pure: `pages(kb, tables)` returns every file of the generated docs folder as text, by path. The
builder (mkdocs-material) turns them into the site; nothing here depends on it beyond Markdown.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..kb.knowledge_base import KnowledgeBase
from ..kb.matters import history as matter_history
from ..kb.matters import status_words
from ..kb.provenance import BASIS_LABELS, short_reference
from ..logic.tables import Tables
from ..logic.trees import DerivedTree
from ..logic.trees import paths as derived_paths
from ..model import CLAIM_ORDER, METHOD_ORDER, Condition, Rule
from ..outputs.cases import case_permalink, case_result
from ..outputs.explain import id_registry
from ..outputs.export import files as export_files
from ..outputs.export import tex_escape
from ..outputs.releases import Release
from ..outputs.versions import current_trees
from ..render.tree_diagram import NARROW, WIDE, tree_mermaid, tree_svg, tree_svg_sheets
from ..render.urls import entry_url, own_page, page_url, relative, resolver_url, url_of
from ..textcheck.matcher import corpus_figures, held_out
from ..textcheck.render import about_tenths, grouped, hundredths
from .check_data import check_data_js
from .questionnaire_data import DATA_DIR, questionnaire_files
from .text import Glossary, PageTerms, attr, md

TEMPLATES = Path(__file__).parent / "templates"
VERDICT_SYMBOLS = {
    "supports": "✓", "partial": "◐", "does-not-support": "✗",
    "supportable": "✓", "conditional": "◐", "unsupportable": "✗", "not-technical": "§",
}
VERDICT_MEANINGS = {
    "supports": "establishes what is asked whenever its listed, checkable preconditions hold",
    "partial": "reduces the problem under stated conditions; guarantees nothing",
    "does-not-support": "cannot deliver what is asked, or acts on the wrong thing",
    "supportable": "a technical method can establish it whenever stated, checkable preconditions hold",
    "conditional": "holds only in part, or only under conditions that no method guarantees; check and state them",
    "unsupportable": "no method can establish it as stated",
    "not-technical": "a legal or normative question that no technical method settles",
}
DOWNLOADS = "downloads/"


def _slug(value: str) -> str:
    """A filter value: lower-case words joined by hyphens ('United States' -> 'united-states')."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def _front(value: str) -> Markup:
    """A front-matter value: YAML-quoted, and HTML-escaped (quotes too) because the theme prints titles
    and descriptions unescaped, the description inside an attribute."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False))


@dataclass(frozen=True)
class TreePath:
    """One root-to-leaf path of a decision tree: the (question, answers) steps taken and the leaf reached."""

    steps: tuple[tuple[str, tuple[str, ...]], ...]
    leaf: Any


def tree_paths(tree: DerivedTree) -> list[TreePath]:
    return [TreePath(steps, leaf) for steps, leaf in derived_paths(tree)]


def tree_page_data(kb: KnowledgeBase, tree: DerivedTree) -> str:
    """What the tree page's script needs to highlight a reader's path from the address's answers: the
    nodes and branches, the fixed answers, and the words for questions and options, as JSON for an
    attribute (the template escapes it; a <script> element would be re-run by instant navigation)."""
    asked = {n.ask for n in tree.nodes if n.ask} | set(tree.fixed)
    questions = {q: {"label": kb.questions[q].label, "options": {o.id: o.label for o in kb.questions[q].options}}
                 for q in sorted(asked) if q in kb.questions}
    data = {
        "id": tree.id, "root": tree.root, "fixed": tree.fixed, "questions": questions,
        "rows": {leaf.id: f"{tree.id.lower()}-{leaf.id}" for _, leaf in derived_paths(tree)},
        "nodes": {n.id: {"ask": n.ask, "branches": [{"answers": list(b.answers), "next": b.next} for b in n.branches or ()]}
                  for n in tree.nodes if not n.is_leaf},
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def tree_page(kb: KnowledgeBase, tree: DerivedTree) -> dict[str, Any]:
    """The drawings a tree page shows: the page-wide one for screens and print, the narrow one for phones,
    each cut into sheets; and the data for highlighting a path."""
    return {
        "sheets": [Markup(s) for s in tree_svg_sheets(kb, tree, WIDE)],
        "narrow_sheets": [Markup(s) for s in tree_svg_sheets(kb, tree, NARROW)],
        "tree_data": tree_page_data(kb, tree),
        "paths": tree_paths(tree),
    }


def path_answers(tree: DerivedTree, path: TreePath) -> dict[str, Any]:
    """The answers a path stands for: the tree's fixed answers and, per step, the first answer of its branch."""
    return {**tree.fixed, **{q: answers[0] for q, answers in path.steps}}


@dataclass
class Site:
    """The knowledge base with the cross-indexes the pages need, computed once."""

    kb: KnowledgeBase
    tables: Tables
    releases: list[Release] = field(default_factory=list)
    versions: dict[str, Tables] = field(default_factory=dict)
    """Every released version's frozen tables (and the working version's), shipped to the questionnaire."""
    frozen: dict[str, list[DerivedTree]] = field(default_factory=dict)
    """Every release's trees as frozen with it: each gets a page of its own, cited by ID and version."""

    def tree_versions(self, tree_id: str) -> list[str]:
        """The releases that froze this tree, oldest first."""
        return [v for v, trees in self.frozen.items() if any(t.id == tree_id for t in trees)]

    @cached_property
    def trees(self) -> list[DerivedTree]:
        return current_trees(self.kb, self.tables)

    # indexes ------------------------------------------------------------------------------------
    @cached_property
    def glossary(self) -> Glossary:
        return Glossary.of((t.id, t.term, list(t.aliases), t.definition) for t in self.kb.of("term").values())

    @cached_property
    def rules_by_target(self) -> dict[tuple[str, str], list[Rule]]:
        """('claim'|'method'|'mismatch', ID) -> rules concluding about it, in file order."""
        out: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        for r in self.kb.rules.values():
            then = r.then
            for kind in ("claim", "method", "mismatch"):
                value = getattr(then, kind, None)
                if value:
                    out[(kind, value)].append(r)
        return out

    @cached_property
    def instruments_on(self) -> dict[str, list[str]]:
        """Claim or mismatch ID -> instruments whose reading bears on it, so their pages link back."""
        out: dict[str, list[str]] = defaultdict(list)
        for i in self.kb.of("instrument").values():
            for x in [*i.claims, *i.mismatches]:
                out[x].append(i.id)
        return dict(out)

    @cached_property
    def overridden_by(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.kb.rules.values():
            for o in r.overrides:
                out[o].append(r.id)
        return out

    @cached_property
    def citers(self) -> dict[str, list[str]]:
        """Bibliography key -> IDs of the entries whose provenance or literature cites it."""
        out: dict[str, set[str]] = defaultdict(set)
        for kind, table in self.kb.entries.items():
            if kind in ("tombstone", "bib"):
                continue
            for eid, e in table.items():
                for s in getattr(e, "provenance", []) or []:
                    if s.source:
                        out[s.source].add(eid)
                for key in getattr(e, "literature", []) or []:
                    out[key].add(eid)
                ref = getattr(e, "reference", None)
                if kind == "instrument" and ref:
                    out[ref].add(eid)
                if kind == "case":
                    for key in e.sources:
                        out[key].add(eid)
                if kind == "matter":
                    for s in [*(s for ev in e.events for s in ev.sources), *e.sources]:
                        if s.source:
                            out[s.source].add(eid)
        return {k: sorted(v) for k, v in out.items()}

    @cached_property
    def cases_about(self) -> dict[str, list[str]]:
        """Instrument, claim or tree ID -> the cases that bear on it, by case ID."""
        out: dict[str, list[str]] = defaultdict(list)
        for cid, case in sorted(self.kb.of("case").items()):
            for ref in (*case.instruments, *case.claims, *case.trees):
                if cid not in out[ref]:
                    out[ref].append(cid)
        return out

    @cached_property
    def histories(self) -> dict[str, dict[str, Any]]:
        """Matter ID -> its dated history (its parts' too), the one the case and instrument pages show."""
        return {mid: matter_history(self.kb, mid) for mid in sorted(self.kb.of("matter"))}

    @property
    def case_statuses(self) -> list[str]:
        """The statuses the cases' matters have, for the cases page's filter."""
        return sorted({self.histories[c.matter]["status"] for c in self.kb.of("case").values()})

    @cached_property
    def on_matter(self) -> dict[str, list[str]]:
        """Matter ID -> the cases and instruments that name it, by ID."""
        out: dict[str, list[str]] = defaultdict(list)
        for kind in ("case", "instrument"):
            for eid, e in sorted(self.kb.of(kind).items()):
                out[e.matter].append(eid)
        return out

    @cached_property
    def case_results(self) -> dict[str, dict[str, Any]]:
        """Case ID -> the engine's assessment of the case's answers (never written by hand)."""
        return {cid: case_result(self.kb, self.tables, cid) for cid in sorted(self.kb.of("case"))}

    def case_permalink(self, case_id: str) -> str:
        """Site-relative questionnaire link with the case's answers (the same as `evaluate` prints)."""
        return case_permalink(self.kb, case_id, None)

    def case_goal(self, case_id: str) -> str:
        """The goal a case's answers state, or 'open' when they leave it unanswered."""
        goal = self.kb.of("case")[case_id].answers.get("goal")
        return goal if isinstance(goal, str) else "open"

    def possible_verdicts(self, kind: str, entry_id: str) -> list[str]:
        order = CLAIM_ORDER if kind == "claim" else METHOD_ORDER
        found = {r.then.verdict for r in self.rules_by_target.get((kind, entry_id), [])}  # type: ignore[union-attr]
        return sorted(found, key=lambda v: -order[v])

    @cached_property
    def trees_deciding(self) -> dict[str, list[str]]:
        """Claim or method ID -> trees whose leaves give its verdict."""
        out: dict[str, list[str]] = defaultdict(list)
        for t in self.trees:
            seen: set[str] = set(t.methods)
            for n in t.nodes:
                seen.update((n.claims or {}).keys())
            for x in sorted(seen):
                out[x].append(t.id)
        return out

    def label_of(self, entry_id: str) -> str:
        if entry_id in self.kb.tombstones:
            return self.kb.tombstones[entry_id].label
        found = self.kb.find(entry_id)
        if found is None:
            return entry_id
        kind, e = found
        if kind == "bib":
            return short_reference(e)
        for a in ("label", "term", "statement", "title"):
            v = getattr(e, a, None)
            if v:
                return str(v)
        return entry_id

    def option_ids(self, question: str) -> list[str]:
        q = self.kb.questions.get(question)
        return [o.id for o in q.options] if q else [""]

    def option_label(self, question: str, option: str) -> str:
        q = self.kb.questions.get(question)
        if q is None:
            return option
        for o in q.options:
            if o.id == option:
                return o.label
        return option


class Renderer:
    """Renders one page at a time; links and glossary mentions are relative to that page."""

    def __init__(self, site: Site, template_cache: Path | None = None):
        self.site = site
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            # compiled templates kept between builds (keyed by each template's source checksum)
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(template_cache)) if template_cache else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown's heading anchors are written `{#id}`: Jinja's comments must not start that way.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters.update(md=md, attr=attr, front=_front, slug=_slug)
        self.env.tests["contains"] = lambda seq, item: item in (seq or ())
        self.page = ""
        self.terms: PageTerms | None = None
        self.env.globals.update(
            kb=site.kb, site=site, meta=site.kb.meta, href=self.href, ref=self.ref, refs=self.refs, prose=self.prose,
            verdict=self.verdict, condition=self.condition, basis_labels=BASIS_LABELS, symbols=VERDICT_SYMBOLS,
            meanings=VERDICT_MEANINGS, short_reference=short_reference, entry_url=entry_url, resolver_url=resolver_url,
            option_label=site.option_label, option_ids=site.option_ids, url_of=lambda i: url_of(site.kb, i), questionnaire_link=self.questionnaire_link,
            cite=self.cite, path_answers=path_answers, tree_version_page=tree_version_page, status_words=status_words,
            version_released=lambda v: self.site.versions[v].data["kb"]["released"] if v in self.site.versions else "",
            held_out=lambda: held_out(site.kb), about_tenths=about_tenths, grouped=grouped, hundredths=hundredths,
            thorough_figures=lambda: corpus_figures(site.kb, thorough=True), default_figures=lambda: corpus_figures(site.kb),
        )

    def render(self, path: str, template: str, **context: Any) -> str:
        self.page = page_url(path)
        self.terms = PageTerms(self.site.glossary, relative(self.page, "glossary/"))
        if not context.pop("link_terms", True):
            self.terms.skip.update(t for t in self.site.kb.of("term"))
        return self.env.get_template(template).render(page=self.page, **context)

    # template helpers ---------------------------------------------------------------------------
    def href(self, target: str) -> str:
        return relative(self.page, target)

    def ref(self, entry_id: str, text: str | None = None) -> Markup:
        target = url_of(self.site.kb, entry_id)
        shown = escape(text if text is not None else entry_id)
        if target is None:
            return Markup(f'<span class="us-ref">{shown}</span>')
        title = escape(attr(self.site.label_of(entry_id)))
        return Markup(f'<a class="us-ref" href="{escape(self.href(target))}" title="{title}">{shown}</a>')

    def refs(self, ids: list[str], sep: str = ", ") -> Markup:
        return Markup(sep).join(self.ref(i) for i in ids)

    def prose(self, text: str) -> Markup:
        assert self.terms is not None
        return self.terms.link(text)

    def verdict(self, value: str, spaced: bool = False) -> Markup:
        """A verdict with its symbol; `spaced` writes its words apart ("does not support"), so a narrow
        column breaks it between words, never at a hyphen."""
        sym = VERDICT_SYMBOLS.get(value, "")
        title = escape(VERDICT_MEANINGS.get(value, ""))
        shown = value.replace("-", " ") if spaced else value
        return Markup(
            f'<span class="us-verdict us-verdict-{escape(value)}" title="{title}">'
            f'<span aria-hidden="true">{sym}</span> {escape(shown)}</span>'
        )

    def condition(self, cond: Condition | None) -> Markup:
        if cond is None:
            return Markup("<em>always</em> (the general rule)")
        return self._cond(cond, top=True)

    def _cond(self, c: Condition, top: bool = False) -> Markup:
        def options(q: str, opts: list[str], joiner: str) -> Markup:
            return Markup(f" {joiner} ").join(
                Markup(f'<code title="{escape(attr(self.site.option_label(q, o)))}">{escape(o)}</code>') for o in opts
            )

        if c.all is not None or c.any is not None:
            parts = [self._cond(x) for x in (c.all if c.all is not None else c.any or [])]
            joined = Markup(" and " if c.all is not None else " or ").join(parts)
            return joined if top or len(parts) == 1 else Markup(f"({joined})")
        if c.not_ is not None:
            return Markup(f"not {self._cond(c.not_)}")
        if c.fact is not None:
            return Markup(f"{self.ref(c.fact)} <span class=\"us-muted\">({escape(self.site.label_of(c.fact))})</span>")
        q = c.question or ""
        qref = self.ref(q)
        if c.in_ is not None:
            return Markup(f"{qref} is {options(q, c.in_, 'or')}")
        if c.includes is not None:
            word = "includes" if len(c.includes) == 1 else "includes any of"
            return Markup(f"{qref} {word} {options(q, c.includes, 'or')}")
        if c.includes_all is not None:
            return Markup(f"{qref} includes all of {options(q, c.includes_all, 'and')}")
        return Markup(f"{qref} is left unanswered (its default applies)")

    def cite(self, kind_label: str, entry_id: str, label: str, version: str | None = None, released: str | None = None,
             target: str | None = None) -> dict[str, str]:
        """Citation of one entry: names the stable ID and the knowledge-base version, links the ID's
        permanent URL (absolute when the knowledge base knows its address, else relative to here).
        With `version`, the entry as frozen in that release, at `target` (its versioned page)."""
        meta = self.site.kb.meta
        version = version or meta.version
        released = released or meta.released.isoformat()
        place = target or resolver_url(entry_id)
        link = meta.site_url.rstrip("/") + "/" + place if meta.site_url else self.href(place)
        text = f"{meta.title}, {kind_label} {entry_id} \u201c{label}\u201d, version {version} ({released}). {link}"
        key = f"{meta.citation_key}-{entry_id}-{version}".replace(".", "-")
        bibtex = (
            f"@misc{{{key},\n"
            f"  title = {{{{{tex_escape(meta.title)}}}: {tex_escape(kind_label)} {tex_escape(entry_id)}, {tex_escape(label)}}},\n"
            f"  year = {{{released[:4]}}},\n"
            f"  note = {{Knowledge-base version {tex_escape(version)}, released {released}}},\n"
            f"  howpublished = {{\\url{{{link}}}}}\n"
            f"}}"
        )
        return {"text": text, "bibtex": bibtex, "permalink": link}

    def questionnaire_link(self, answers: dict[str, Any], version: str | None = None) -> str:
        """Link to the questionnaire pre-filled with these answers (in the fragment, never sent); with
        `version`, the result of that release."""
        parts = [f"v={version or self.site.kb.meta.version}"]
        for q in self.site.kb.questions.values():
            if q.id in answers:
                v = answers[q.id]
                parts.append(f"{q.id}={','.join(v) if isinstance(v, list | tuple) else v}")
        return self.href("questionnaire/") + "#" + "&".join(parts)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pages(kb: KnowledgeBase, tables: Tables, releases: list[Release] | None = None, template_cache: Path | None = None,
          versions: dict[str, Tables] | None = None, frozen: dict[str, list[DerivedTree]] | None = None,
          part: int | None = None) -> dict[str, str]:
    """Every generated file of the docs folder, by path (deterministic). `versions`: the tables of
    every released version, which the questionnaire ships so old permalinks show their own results.
    `part` (0 or 1): only the files of that half (`in_part`), so two processes can share the work."""
    site = Site(kb, tables, releases or [], {**(versions or {}), kb.meta.version: tables}, dict(frozen or {}))
    r = Renderer(site, template_cache)
    out: dict[str, str] = {}
    for where, make in _generate(site, r):
        if part is not None and in_part(where) != part:
            continue
        for path, text in make():
            if path in out:
                raise ValueError(f"two generated files at {path}")
            out[path] = text
    return dict(sorted(out.items()))


# When two processes share the generation, the second makes these (the downloads and the page that
# lists them, the browser's data, the decision trees and the permanent addresses) and the first the
# rest, the cases included: measured, about half the work each (0.7 s and 0.8 s here).
SECOND_PART = ("downloads", "assets/", "id/", "trees/")


def in_part(path: str) -> int:
    """Which half of the generated files `path` (or a folder of them) belongs to (0 or 1)."""
    return 1 if path.startswith(SECOND_PART) else 0


Files = Callable[[], Iterable[tuple[str, str]]]


# Pages that take no entry: path -> template.
SECTION_PAGES = {
    "index.md": "home.md.j2",
    "questionnaire.md": "questionnaire.md.j2",
    "check.md": "check.md.j2",
    "questions.md": "questions.md.j2",
    "framework/index.md": "framework.md.j2",
    "framework/removal-and-suppression.md": "goals.md.j2",
    "framework/targets.md": "targets.md.j2",
    "framework/evaluations.md": "evaluations.md.j2",
    "framework/deployments-and-adversaries.md": "settings.md.j2",
    "framework/methods/index.md": "methods.md.j2",
    "mismatches/index.md": "mismatches.md.j2",
    "domains/index.md": "domains.md.j2",
    "instruments.md": "instruments.md.j2",
    "matters.md": "matters.md.j2",
    "claims/index.md": "claims.md.j2",
    "trees/index.md": "trees.md.j2",
    "cases/index.md": "cases.md.j2",
    "wording/index.md": "wordings.md.j2",
    "rules.md": "rules.md.j2",
    "bibliography.md": "bibliography.md.j2",
}


def _generate(site: Site, r: Renderer) -> Iterator[tuple[str, Files]]:
    """Every generated file, as (where, how): the file's path, or the folder of the files made together,
    and how to make them (called only for the files wanted)."""
    kb = site.kb
    downloads = cache(lambda: _downloads(site))
    yield DOWNLOADS, lambda: downloads().items()
    yield DATA_DIR, lambda: [*questionnaire_files(site.versions, kb.meta.version, site.releases),
                             (DATA_DIR + "check-data.js", check_data_js(kb, site.tables))]

    def page(path: str, template: str, **context: Any) -> tuple[str, Files]:
        return path, lambda: [(path, r.render(path, template, **context))]

    for path, template in SECTION_PAGES.items():
        yield page(path, template)
    per_entry = (
        ("framework/methods", "method.md.j2", "method", kb.methods.values()),
        ("mismatches", "mismatch.md.j2", "mismatch", kb.of("mismatch").values()),
        ("domains", "domain.md.j2", "domain", kb.of("domain").values()),
        ("claims", "claim.md.j2", "claim", kb.claims.values()),
        ("cases", "case.md.j2", "case", kb.of("case").values()),
        ("wording", "wording.md.j2", "rule", kb.wording.values()),
    )
    for folder, template, name, entries in per_entry:
        for e in entries:
            yield page(f"{folder}/{e.id}.md", template, **{name: e})
    def tree(path: str, t: DerivedTree, version: str | None) -> tuple[str, Files]:
        return path, lambda: [(path, r.render(path, "tree.md.j2", tree=t, frozen_version=version, **tree_page(kb, t)))]

    for t in site.trees:
        yield tree(f"trees/{t.id}.md", t, None)
    for version, trees in site.frozen.items():
        for t in trees:
            yield tree(tree_version_page(t.id, version), t, version)
    yield page("glossary.md", "glossary.md.j2", link_terms=False)
    registry = id_registry(kb)
    yield page("ids.md", "ids.md.j2", registry=registry)
    yield page("changelog.md", "changelog.md.j2", releases=site.releases)
    yield "downloads.md", lambda: [("downloads.md", r.render("downloads.md", "downloads.md.j2", files=[
        {"path": p, "name": p[len(DOWNLOADS):], "bytes": len(t.encode("utf-8")), "sha256": _digest(t)}
        for p, t in sorted(downloads().items())
    ]))]
    for row in registry:
        if row["status"] == "active":
            yield page(resolver_url(row["id"]) + "index.html", "resolver.html.j2", row=row, target=url_of(kb, row["id"]))
        else:
            tomb = kb.tombstones[row["id"]]
            places = [resolver_url(row["id"])]
            own = own_page(tomb.kind, row["id"])
            if own and kb.find(row["id"]) is None:
                places.append(own)
            for place in places:
                yield page(place.rstrip("/") + ".md", "tombstone.md.j2", tomb=tomb, chain=_chain(kb, row["id"]))


def tree_version_page(tree_id: str, version: str) -> str:
    """Where a release's frozen tree lives: a page per tree and version, for citations."""
    return f"trees/{tree_id}/v{version}.md"


def _chain(kb: KnowledgeBase, entry_id: str) -> list[str]:
    chain = [entry_id]
    while chain[-1] in kb.tombstones and kb.tombstones[chain[-1]].successor and len(chain) < 50:
        chain.append(kb.tombstones[chain[-1]].successor or "")
    return chain


def _downloads(site: Site) -> dict[str, str]:
    kb = site.kb
    out = {f"{DOWNLOADS}{p}": t for p, t in export_files(kb, site.tables).items()}
    for t in site.trees:
        out[f"{DOWNLOADS}trees/{t.id}.svg"] = tree_svg(kb, t) + "\n"
        out[f"{DOWNLOADS}trees/{t.id}.mmd"] = tree_mermaid(kb, t).rstrip("\n") + "\n"
    return out
