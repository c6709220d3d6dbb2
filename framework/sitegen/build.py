"""`unlearning-scope build`: validate, generate the pages, run the site builder, check, swap in.

All or nothing: a knowledge base that fails validation, a builder warning (strict) or a broken link
in the result leaves the previous site untouched and no partial one beside it.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
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
from .check_site import check_site
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


def _verify_at(kb_root: str) -> tuple[str, list[Diagnostic]]:
    """Exhaustive verification, in a process of its own so that it runs while the pages are built."""
    kb = load(Path(kb_root))
    return kb.digest(), list(verify(kb, compile_kb(kb)).problems)


@contextmanager
def _verification(kb_root: Path) -> Iterator[Future[tuple[str, list[Diagnostic]]]]:
    """Starts verifying `kb_root` beside the build; on a machine that cannot start processes, runs it here."""
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, NotImplementedError):
        done: Future[tuple[str, list[Diagnostic]]] = Future()
        done.set_result(_verify_at(str(kb_root)))
        yield done
        return
    with pool:
        future = pool.submit(_verify_at, str(kb_root))
        try:
            yield future
        finally:
            future.cancel()


def _template_cache(project: Path) -> Path | None:
    """Where compiled templates are kept between builds; none in a read-only checkout."""
    cache = project / "build" / ".cache" / "templates"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return cache


def generate(project: Path, kb: KnowledgeBase, tables: Tables, docs: Path, template_cache: Path | None = None, kb_root: Path | None = None) -> int:
    """Fill `docs` with the hand-written sources and the generated pages; returns the page count."""
    source = project / SOURCE_DIR
    shutil.copytree(source, docs, ignore=shutil.ignore_patterns(OVERRIDES, "__pycache__", ".*"), dirs_exist_ok=True)
    root = kb_root or project
    versions = released_versions(root)
    released = {v: tables_for(kb, root, v) for v in versions if v != kb.meta.version}
    frozen = {v: frozen_trees(root, v) for v in versions}
    generated = pages(kb, tables, releases=changelog(kb, load_snapshots(root)), template_cache=template_cache, versions=released, frozen=frozen)
    clashes = sorted(p for p in generated if (docs / p).exists())
    if clashes:
        raise BuildError(f"{SOURCE_DIR}/ has files that the generator also writes: {', '.join(clashes)}")
    for rel, text in generated.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return sum(1 for p in docs.rglob("*.md"))


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


def run_builder(config: Path, docs: Path, site: Path, site_url: str, released: dt.date) -> None:
    """The one place that knows the builder (MkDocs 1.6 with mkdocs-material), strict."""
    with _environment(site_url, released):
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        logger = logging.getLogger("mkdocs")
        collect = _Collect()
        logger.addHandler(collect)
        try:
            cfg = load_config(config_file=str(config), docs_dir=str(docs), site_dir=str(site), strict=True)
            mkdocs_build(cfg)
        except MkDocsException as e:
            detail = "\n".join(f"  {m}" for m in collect.messages)
            raise BuildError(f"the site builder failed: {e}" + (f"\n{detail}" if detail else "")) from None
        finally:
            logger.removeHandler(collect)


def build(project: Path, out: Path | None = None, *, site_url: str | None = None, kb_root: Path | None = None) -> BuildReport:
    """Build the whole site into `out` (default: build/site), replacing it only on success.

    Structural problems stop the build at once; exhaustive verification runs in a second process
    while the pages are generated and built, and its problems stop the build before the swap."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    root = kb_root or project
    kb = load(root)
    times["validate"] = time.perf_counter() - t0
    url = site_url if site_url is not None else (kb.meta.site_url or "")
    out = (out or project / "build" / "site").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    cache = _template_cache(project)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    try:
        with _verification(root) as verification:
            try:
                docs, site = work / "docs", work / "site"
                t = time.perf_counter()
                try:
                    tables = current_tables(kb, root)
                except InconsistentKnowledgeBase:
                    tables = None  # verification says where, below
                times["compile"] = time.perf_counter() - t
                t = time.perf_counter()
                if tables is None:
                    raise BuildError("the rules conflict or leave a verdict undecided")
                n_pages = generate(project, kb, tables, docs, cache, kb_root=root)
                times["generate"] = time.perf_counter() - t
                t = time.perf_counter()
                run_builder(project / CONFIG, docs, site, url, kb.meta.released)
                times["builder"] = time.perf_counter() - t
                t = time.perf_counter()
                problems = check_site(site, urlsplit(url).path or "/")
                times["check"] = time.perf_counter() - t
            finally:
                # a knowledge base that fails verification is the first thing to report, whatever else failed
                t = time.perf_counter()
                digest, unproven = verification.result()
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
