"""`unlearning-scope build`: validate, generate the pages, run the site builder, check, swap in.

All or nothing: a knowledge base that fails validation, a builder warning (strict) or a broken link
in the result leaves the previous site untouched and no partial one beside it.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..kb.diagnostics import Diagnostic, DiagnosticError
from ..kb.knowledge_base import KnowledgeBase
from ..kb.loader import load
from ..logic.engine import compile_kb
from ..logic.tables import Tables
from ..logic.verify import verify
from ..outputs.releases import changelog, load_snapshots
from ..outputs.swap import replace_dir
from ..outputs.versions import InconsistentKnowledgeBase, current_tables, frozen_trees, released_versions, tables_for
from . import builder_halves, proof_cache
from .check_site import PageLinks, check_site, read_pages
from .pages import pages

SOURCE_DIR = "site"
OVERRIDES = "overrides"
CONFIG = "mkdocs.yml"
SITE_URL_ENV = "UNLEARNING_SCOPE_SITE_URL"


class BuildError(Exception):
    """The builder or the post-build check failed; the message says what to fix."""


@dataclass
class BuildReport:
    out: Path
    pages: int
    files: int
    seconds: dict[str, float] = field(default_factory=dict)


def find_project(start: Path | None = None) -> Path:
    """The checkout holding mkdocs.yml, taxonomy/ and rules/: `start` or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / CONFIG).is_file() and all((d / sub).is_dir() for sub in ("taxonomy", "rules", SOURCE_DIR)):
            return d
    raise BuildError(f"no project found at {here} or above it (a folder with {CONFIG}, taxonomy/, rules/ and {SOURCE_DIR}/)")


def _verify_at(kb_root: str, proofs: str | None = None) -> tuple[str, list[Diagnostic]]:
    """Exhaustive verification of the knowledge base as it is on disk now (its digest says whether it
    changed since the build read it), in the helper process, while the pages are built. A proof kept
    in `proofs` by an earlier build of the same knowledge base with the same code stands (proof_cache)."""
    kb = load(Path(kb_root))
    digest = kb.digest()
    folder = Path(proofs) if proofs else None
    if proof_cache.proven(folder, digest):
        return digest, []
    problems = list(verify(kb, compile_kb(kb)).problems)
    if not problems:
        proof_cache.remember(folder, digest)
    return digest, problems


# What the build has read, for the helper process: a forked one finds it here without reading or
# pickling it again; a spawned one (where fork is missing) reads the knowledge base itself.
_READ: dict[str, object] = {}


def _generate_half(project: str, kb_root: str, docs: str, template_cache: str | None) -> list[str]:
    """The second half of the generated files (pages.in_part), written into `docs` by the helper
    process while the build writes the first half; the paths written."""
    root = Path(kb_root)
    kb = _READ.get("kb")
    tables = _READ.get("tables")
    if not isinstance(kb, KnowledgeBase) or not isinstance(tables, Tables):
        kb = load(root)
        tables = current_tables(kb, root)
    generated = _pages(Path(project), kb, tables, Path(template_cache) if template_cache else None, root, part=1)
    return _write(generated, Path(docs))


@dataclass
class _Helper:
    """The second process's work: half of the pages, then exhaustive verification, then most of the
    link check's reading: each page as the builder writes it, and half of the other files."""

    half: Future[list[str]] | None
    verification: Future[tuple[str, list[Diagnostic]]]
    pool: ProcessPoolExecutor | None = None
    written: dict[str, Future[PageLinks]] = field(default_factory=dict)
    known: dict[str, PageLinks] = field(default_factory=dict)
    """Pages read already, by the builder's child process."""

    def page_written(self, rel: str, html: str) -> None:
        """A page the builder writes (its path in the site and its HTML), read at once beside the build."""
        if self.pool is not None:
            self.written[rel] = self.pool.submit(PageLinks, html)

    def read_pages(self, site: Path, rels: list[str]) -> dict[str, PageLinks]:
        """The link check's reading of the built site."""
        rest = [r for r in rels if r not in self.written and r not in self.known]
        if self.pool is None:
            return {**read_pages(site, rest), **{r: self.known[r] for r in rels if r in self.known}}
        theirs = self.pool.submit(read_pages, site, rest[1::2])
        out = read_pages(site, rest[0::2])
        out.update(theirs.result())
        out.update((r, self.written[r].result()) for r in rels if r in self.written)
        out.update((r, self.known[r]) for r in rels if r in self.known)
        return out


@contextmanager
def _helper(project: Path, kb_root: Path, docs: Path, template_cache: Path | None, kb: KnowledgeBase, tables: Tables | None) -> Iterator[_Helper]:
    """Starts the helper process (forked where the system can, so it starts at once and shares what is
    read); on a machine that cannot start processes, verifies here and leaves every page to the caller.
    Without tables (the rules conflict), it only verifies, which says where."""
    proofs = template_cache.parent / "proofs" if template_cache is not None else None
    # fork only a process with no other thread (`serve` rebuilds beside its server's threads)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method))
    except (OSError, NotImplementedError):
        done: Future[tuple[str, list[Diagnostic]]] = Future()
        done.set_result(_verify_at(str(kb_root), _str(proofs)))
        yield _Helper(None, done)
        return
    _READ.update(kb=kb, tables=tables)
    with pool:
        try:
            half = None if tables is None else pool.submit(_generate_half, str(project), str(kb_root), str(docs), str(template_cache) if template_cache else None)
            verification = pool.submit(_verify_at, str(kb_root), _str(proofs))
        finally:
            _READ.clear()
        try:
            yield _Helper(half, verification, pool)
        finally:
            if half is not None:
                half.cancel()
            verification.cancel()


def _str(p: Path | None) -> str | None:
    return None if p is None else str(p)


def _template_cache(project: Path) -> Path | None:
    """Where compiled templates are kept between builds; none in a read-only checkout."""
    cache = project / "build" / ".cache" / "templates"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return cache


def _copy_sources(project: Path, docs: Path) -> None:
    shutil.copytree(project / SOURCE_DIR, docs, ignore=shutil.ignore_patterns(OVERRIDES, "__pycache__", ".*"), dirs_exist_ok=True)


def _pages(project: Path, kb: KnowledgeBase, tables: Tables, template_cache: Path | None, root: Path, part: int | None = None) -> dict[str, str]:
    versions = released_versions(root)
    released = {v: tables_for(kb, root, v) for v in versions if v != kb.meta.version}
    frozen = {v: frozen_trees(root, v) for v in versions}
    return pages(kb, tables, releases=changelog(kb, load_snapshots(root)), template_cache=template_cache, versions=released, frozen=frozen, part=part)


def _write(generated: dict[str, str], docs: Path) -> list[str]:
    """Writes the generated files into `docs`, which already holds the hand-written sources."""
    clashes = sorted(p for p in generated if (docs / p).exists())
    if clashes:
        raise BuildError(f"{SOURCE_DIR}/ has files that the generator also writes: {', '.join(clashes)}")
    for rel, text in generated.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(generated)


def generate(project: Path, kb: KnowledgeBase, tables: Tables, docs: Path, template_cache: Path | None = None, kb_root: Path | None = None) -> int:
    """Fill `docs` with the hand-written sources and the generated pages; returns the page count."""
    _copy_sources(project, docs)
    _write(_pages(project, kb, tables, template_cache, kb_root or project), docs)
    return sum(1 for p in docs.rglob("*.md"))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The garbage collector's first generation collected every 20,000 allocations, not 700: a build
    makes millions of short-lived objects, nearly all freed as soon as they are dropped, and
    collecting them less often saves about a tenth of the builder's time for a few MB of memory."""
    saved = gc.get_threshold()
    gc.set_threshold(20_000, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@contextmanager
def _environment(site_url: str, released: dt.date) -> Iterator[None]:
    """Pins what the builder reads from the environment, so two builds are byte-identical."""
    epoch = int(dt.datetime(released.year, released.month, released.day, tzinfo=dt.UTC).timestamp())
    wanted = {SITE_URL_ENV: site_url, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    saved = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_builder(config: Path, docs: Path, site: Path, site_url: str, released: dt.date,
                page_written: Callable[[str, str], None] | None = None, two_processes: bool = False,
                read_written: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """The one place that knows the builder (MkDocs 1.6 with mkdocs-material), strict. `page_written`
    is told each page's path in the site and its HTML as this process writes it. `two_processes`:
    a forked child converts and renders half of the pages (builder_halves), where the system and
    the builder allow; the site is the same byte for byte. Returns the child's pages as `read_written`
    read them (by path in the site), which `page_written` is not told of."""
    with _environment(site_url, released):
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
        from mkdocs.plugins import BasePlugin

        parent = os.getpid()  # a page the builder's child writes is read from the disk instead

        class Written(BasePlugin):  # type: ignore[type-arg]
            def on_post_page(self, output: str, page: Any, config: Any) -> str:
                if page_written is not None and output.strip() and os.getpid() == parent:
                    page_written(page.file.dest_uri, output)
                return output

        logger = logging.getLogger("mkdocs")
        collect = _Collect()
        logger.addHandler(collect)
        try:
            cfg = load_config(config_file=str(config), docs_dir=str(docs), site_dir=str(site), strict=True)
            if page_written is not None:
                cfg.plugins["unlearning-scope-written"] = Written()  # last: it sees each page as written
            if two_processes and builder_halves.available():
                with builder_halves.shared(cfg, site.parent, read_written) as split:
                    mkdocs_build(cfg)
                return split.written if split is not None else {}
            mkdocs_build(cfg)
            return {}
        except MkDocsException as e:
            detail = "\n".join(f"  {m}" for m in collect.messages)
            raise BuildError(f"the site builder failed: {e}" + (f"\n{detail}" if detail else "")) from None
        finally:
            logger.removeHandler(collect)


def build(project: Path, out: Path | None = None, *, site_url: str | None = None, kb_root: Path | None = None) -> BuildReport:
    """Build the whole site into `out` (default: build/site), replacing it only on success.

    Structural problems stop the build at once; a second process writes half of the pages and then
    verifies exhaustively while the pages are built, and its problems stop the build before the swap."""
    with _fewer_collections():
        return _build(project, out, site_url, kb_root)


def _build(project: Path, out: Path | None, site_url: str | None, kb_root: Path | None) -> BuildReport:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    alone = threading.active_count() == 1  # forking is safe only without other threads (`serve`)
    root = kb_root or project
    kb = load(root)
    times["validate"] = time.perf_counter() - t0
    url = site_url if site_url is not None else (kb.meta.site_url or "")
    out = (out or project / "build" / "site").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    cache = _template_cache(project)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    try:
        docs, site = work / "docs", work / "site"
        t = time.perf_counter()
        try:
            tables: Tables | None = current_tables(kb, root)
        except InconsistentKnowledgeBase:
            tables = None  # verification says where, below
        times["compile"] = time.perf_counter() - t
        _copy_sources(project, docs)
        with _helper(project, root, docs, cache, kb, tables) as helper:
            try:
                t = time.perf_counter()
                if tables is None:
                    raise BuildError("the rules conflict or leave a verdict undecided")
                # the helper process writes the other half of the files meanwhile (or none is left to it)
                _write(_pages(project, kb, tables, cache, root, part=None if helper.half is None else 0), docs)
                if helper.half is not None:
                    helper.half.result()
                n_pages = sum(1 for p in docs.rglob("*.md"))
                times["generate"] = time.perf_counter() - t
                t = time.perf_counter()
                helper.known.update(run_builder(project / CONFIG, docs, site, url, kb.meta.released, helper.page_written,
                                                two_processes=alone, read_written=PageLinks))
                times["builder"] = time.perf_counter() - t
                t = time.perf_counter()
                problems = check_site(site, urlsplit(url).path or "/", helper.read_pages)
                times["check"] = time.perf_counter() - t
            finally:
                # a knowledge base that fails verification is the first thing to report, whatever else failed
                t = time.perf_counter()
                digest, unproven = helper.verification.result()
                times["verify wait"] = time.perf_counter() - t
                if unproven:
                    raise DiagnosticError(unproven)
                if digest != kb.digest():
                    raise BuildError("the knowledge base changed while the site was being built; build again")
        if problems:
            shown = "\n".join(f"  {p}" for p in problems[:50])
            more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
            raise BuildError(f"the built site has {len(problems)} problem(s):\n{shown}{more}")
        n_files = sum(1 for p in site.rglob("*") if p.is_file())
        replace_dir(site, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    times["total"] = time.perf_counter() - t0
    return BuildReport(out, n_pages, n_files, times)


def diagnostics_text(e: DiagnosticError) -> str:
    lines = [str(d) for d in e.diagnostics]
    n = len(e.diagnostics)
    return "\n".join([*lines, f"{n} error{'s' if n != 1 else ''}: the site was not built"])


__all__ = ["BuildError", "BuildReport", "Diagnostic", "build", "diagnostics_text", "find_project", "generate"]
