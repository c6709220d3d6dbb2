"""The builder's page work shared by two processes: half of the pages read and converted, then half
rendered, in a forked child, the rest here; the result is byte for byte the one-process build's.

Why: converting and rendering the pages is nearly all of a build, one page at a time, while a
machine has more than one core; the issue-15 budget (the whole build at most 1.3x a plain
`mkdocs build` of the same pages) leaves room for our own work only if the builder's goes faster.

How, on MkDocs 1.6 (the one version whose internals this knows; any other builds in one process):
the build's two page loops (`_populate_page`, `_build_page`) are wrapped for the length of one build.
At the first page of each loop a child is forked with everything read so far; it does its half and
writes what the build needs back (each page's converted content, contents list, title and anchors;
each page's search entries), with every warning it logged, into a file; the parent skips that half,
then takes the child's results before anything reads them: before the theme's own pages (which show
every page's title) and before the search index is written. A child that fails makes the build fail
with its message. Only the page order, not the split, shapes the output, so which half a page falls
in never shows.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_COST = 20_000
"""What rendering a page costs beyond its size, in bytes of Markdown (the theme, the navigation)."""


def available() -> bool:
    """Whether this builder's internals are the ones the split knows and the system can fork."""
    if not hasattr(os, "fork"):
        return False
    try:
        import mkdocs
        from mkdocs.commands import build as mk
    except ImportError:
        return False
    return mkdocs.__version__.startswith("1.6.") and all(hasattr(mk, n) for n in ("_populate_page", "_build_page"))


def halves(sizes: list[tuple[str, int]]) -> set[str]:
    """The pages the child takes: a greedy split by cost (largest first, ties by path), so each
    process gets about half of the work; deterministic, though the output does not depend on it."""
    mine = theirs = 0
    child: set[str] = set()
    for uri, size in sorted(sizes, key=lambda x: (-x[1], x[0])):
        if theirs < mine:
            child.add(uri)
            theirs += size + PAGE_COST
        else:
            mine += size + PAGE_COST
    return child


class _Warnings(logging.Handler):
    """What the child logs at warning level or above, to be logged again by the parent (strict mode
    counts warnings there)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _in_child(work: Callable[[], Any], out: Path) -> None:
    """Runs in the forked child: does `work`, writes (result, warnings, error) to `out`, exits."""
    handler = _Warnings()
    logging.getLogger("mkdocs").addHandler(handler)
    code = 0
    try:
        try:
            payload: tuple[Any, list[tuple[str, int, str]], str | None] = (work(), handler.records, None)
        except BaseException as e:  # everything goes back to the parent, which reports it
            payload = (None, handler.records, f"{type(e).__name__}: {e}")
            code = 1
        out.write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(code)


@dataclass
class _Child:
    pid: int
    out: Path

    def result(self) -> Any:
        """Waits for the child, logs again what it logged, returns its result or raises its error as
        the builder's own (so the build reports it as any failure of the builder)."""
        from mkdocs.exceptions import BuildError as BuilderError

        _, status = os.waitpid(self.pid, 0)
        try:
            result, records, error = pickle.loads(self.out.read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError):
            raise BuilderError(f"the builder's second process ended without a result (status {status})") from None
        finally:
            self.out.unlink(missing_ok=True)
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        if error is not None:
            raise BuilderError(f"the builder's second process failed: {error}")
        return result


def _fork(work: Callable[[], Any], folder: Path) -> _Child:
    fd, name = tempfile.mkstemp(prefix="half-", suffix=".pickle", dir=folder)
    os.close(fd)
    out = Path(name)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        _in_child(work, out)
    return _Child(pid, out)


# What a page holds after it is read and converted, which the parent copies from the child's copy.
_READ = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")


@dataclass
class Split:
    """One build's sharing of the page work (see the module's docstring)."""

    folder: Path
    search: Any = None
    parent: int = field(default_factory=os.getpid)
    reading: _Child | None = None
    rendering: _Child | None = None
    theirs_read: set[str] = field(default_factory=set)
    theirs_rendered: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)
    own_entries: dict[str, list[Any]] = field(default_factory=dict)
    read_written: Callable[[str], Any] | None = None
    """Reads a page's HTML as the child writes it (the link check's reading), so the parent need not."""
    written: dict[str, Any] = field(default_factory=dict)
    """The child's pages as `read_written` read them, by path in the site; in the child, then the parent."""

    @property
    def in_parent(self) -> bool:
        return os.getpid() == self.parent

    def populate(self, real: Callable[..., None]) -> Callable[..., None]:
        def wrapped(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
            if self.reading is None and self.in_parent and not dirty:
                pages = list(files.documentation_pages())
                self.theirs_read = halves([(f.src_uri, _size(f)) for f in pages])
                mine = [f for f in pages if f.src_uri in self.theirs_read]
                self.reading = _fork(lambda: self._read_pages(real, mine, config, files), self.folder)
            if self.in_parent and page.file.src_uri in self.theirs_read:
                return
            real(page, config, files, dirty)

        return wrapped

    @staticmethod
    def _read_pages(real: Callable[..., None], files_: list[Any], config: Any, files: Any) -> dict[str, dict[str, Any]]:
        from mkdocs.structure.pages import Page

        out: dict[str, dict[str, Any]] = {}
        for f in files_:
            if f.page is None:
                Page(None, f, config)
            real(f.page, config, files, False)
            state = {k: getattr(f.page, k) for k in _READ}
            links = f.page.links_to_anchors
            state["links_to_anchors"] = None if links is None else {to.src_uri: v for to, v in links.items()}
            out[f.src_uri] = state
        return out

    def take_read(self, files: Any) -> None:
        """The child's converted pages, copied into this process's pages (before anything reads them)."""
        if self.reading is None or not self.in_parent:
            return
        got: dict[str, dict[str, Any]] = self.reading.result()
        self.reading = None
        for uri, state in got.items():
            f = files.get_file_from_path(uri)
            page = f.page
            for k in _READ:
                setattr(page, k, state[k])
            links = state["links_to_anchors"]
            page.links_to_anchors = None if links is None else {files.get_file_from_path(to): v for to, v in links.items()}

    def build_page(self, real: Callable[..., None]) -> Callable[..., None]:
        def wrapped(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False) -> None:
            if self.rendering is None and self.in_parent and not dirty:
                files_ = list(doc_files)
                self.order = [f.src_uri for f in files_]
                self.theirs_rendered = halves([(f.src_uri, len(f.page.content or "")) for f in files_])
                mine = [f for f in files_ if f.src_uri in self.theirs_rendered]
                self.rendering = _fork(lambda: self._render_pages(real, mine, config, doc_files, nav, env), self.folder)
            uri = page.file.src_uri
            if self.in_parent and uri in self.theirs_rendered:
                return
            before = len(self.search.entries) if self.search is not None else 0
            real(page, config, doc_files, nav, env, dirty, excluded)
            if self.search is not None and self.in_parent:
                self.own_entries[uri] = self.search.entries[before:]

        return wrapped

    def _render_pages(self, real: Callable[..., None], files_: list[Any], config: Any, doc_files: Any, nav: Any,
                      env: Any) -> tuple[dict[str, list[Any]], dict[str, Any]]:
        entries: dict[str, list[Any]] = {}
        for f in files_:
            before = len(self.search.entries) if self.search is not None else 0
            real(f.page, config, doc_files, nav, env, False, f.inclusion.is_excluded())
            entries[f.src_uri] = self.search.entries[before:] if self.search is not None else []
        return entries, self.written

    def page_written(self, rel: str, html: str) -> None:
        """In the child: a page it wrote, read for the link check."""
        if not self.in_parent and self.read_written is not None:
            self.written[rel] = self.read_written(html)

    def take_rendered(self) -> None:
        """The child's pages are written; its search entries go in, in page order."""
        if self.rendering is None or not self.in_parent:
            return
        got, self.written = self.rendering.result()
        self.rendering = None
        if self.search is not None:
            self.search.entries = [e for uri in self.order for e in (got[uri] if uri in got else self.own_entries.get(uri, []))]

    def close(self) -> None:
        """Waits for any child still running (a build that failed midway), so none outlives the build."""
        for child in (self.reading, self.rendering):
            if child is not None:
                with suppress(ChildProcessError):
                    os.waitpid(child.pid, 0)
                child.out.unlink(missing_ok=True)
        self.reading = self.rendering = None


def _size(f: Any) -> int:
    try:
        return os.path.getsize(f.abs_src_path)
    except (OSError, TypeError):
        return 0


KNOWN_PLUGINS = ("search", "material/search")
"""The builder plugins whose page events the split knows: the search index is the only plugin state
the pages feed, and it is merged back in page order."""


@contextmanager
def shared(cfg: Any, folder: Path, read_written: Callable[[str], Any] | None = None) -> Iterator[Split | None]:
    """For the length of one build with config `cfg`: the page loops wrapped, and a plugin that takes
    the child's results in time; `read_written` reads each page the child writes (`Split.written`).
    A config with a plugin the split does not know builds in one process (None)."""
    from mkdocs.commands import build as mk
    from mkdocs.plugins import BasePlugin, event_priority

    if any(name not in KNOWN_PLUGINS and not name.startswith("unlearning-scope-") for name in cfg.plugins):
        yield None
        return
    split = Split(folder, read_written=read_written)
    search = next((p for p in cfg.plugins.values() if type(p).__name__ == "SearchPlugin"), None)

    class Take(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-100)  # after the search plugin has made its index
        def on_config(self, config: Any) -> Any:
            split.search = getattr(search, "search_index", None)
            return config

        @event_priority(100)  # before the theme's own pages and any other plugin read the pages
        def on_env(self, env: Any, config: Any, files: Any) -> Any:
            split.take_read(files)
            return env

        def on_post_page(self, output: str, page: Any, config: Any) -> str:
            if output.strip():
                split.page_written(page.file.dest_uri, output)
            return output

        @event_priority(100)  # before the search plugin writes its index
        def on_post_build(self, config: Any) -> None:
            split.take_rendered()

    cfg.plugins["unlearning-scope-halves"] = Take()
    saved = mk._populate_page, mk._build_page
    mk._populate_page = split.populate(saved[0])
    mk._build_page = split.build_page(saved[1])
    try:
        yield split
    finally:
        mk._populate_page, mk._build_page = saved
        split.close()
