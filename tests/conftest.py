"""Shared fixtures: the bundled knowledge base, loaded once, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from framework.cli import main
from framework.kb.knowledge_base import KnowledgeBase
from framework.kb.loader import load
from framework.kb.locate import bundled_root
from framework.logic.engine import Compiled, compile_kb
from framework.logic.tables import Tables
from framework.outputs.versions import current_tables

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(bundled_root())


@pytest.fixture(scope="session")
def compiled(kb: KnowledgeBase) -> Compiled:
    return compile_kb(kb)


@pytest.fixture(scope="session")
def tables(kb: KnowledgeBase) -> Tables:
    """Today's decision tables (the frozen ones when the working version is released unchanged)."""
    return current_tables(kb, bundled_root())


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str) -> Run:
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse: --help, usage errors
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge base."""
    root = tmp_path / "kb"
    src = bundled_root()
    for folder in ("taxonomy", "rules"):
        shutil.copytree(src / folder, root / folder)
    return root


# --- the built site ------------------------------------------------------------------------------

HOSTILE_STATEMENT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> *not emphasis* [not a link](https://example.invalid/)'
HOSTILE_LABEL = "<b>Retrain</b> & {#curly} `tick` #hash"


@pytest.fixture(scope="session")
def hostile_texts() -> tuple[str, str]:
    """(claim statement, method label) that the hostile site's knowledge base carries."""
    return HOSTILE_STATEMENT, HOSTILE_LABEL


@dataclass
class Served:
    url: str
    root: Path


def _serve(root: Path):  # type: ignore[no-untyped-def]
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real knowledge base's site, built once with site_url = the test server's address (so that
    instant navigation runs as it does for readers) and served on 127.0.0.1."""
    from framework.sitegen.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    server, url = _serve(out)
    build(REPO, out, site_url=url)
    yield Served(url, out)
    server.shutdown()


def _replace_scalar(path: Path, marker: str, end: str, value: str) -> None:
    """Replace the YAML scalar that follows `marker` (up to `end`) with `value`, quoted."""
    text = path.read_text(encoding="utf-8")
    assert marker in text, (path, marker)
    start = text.index(marker) + len(marker)
    stop = text.index(end, start)
    path.write_text(text[:start] + json.dumps(value) + text[stop:], encoding="utf-8")


def make_hostile_kb(root: Path) -> Path:
    """A copy of the knowledge base whose texts carry markup, and which retires an ID."""
    for folder in ("taxonomy", "rules"):
        shutil.copytree(REPO / folder, root / folder)
    _replace_scalar(root / "rules" / "claims" / "privacy.yaml", "  - id: CL-001\n    statement: ", "\n    domains:", HOSTILE_STATEMENT)
    _replace_scalar(root / "taxonomy" / "methods.yaml", "  - id: retrain\n    label: ", "\n", HOSTILE_LABEL)
    _replace_scalar(root / "taxonomy" / "cases.yaml", "  - id: CASE-FTC-EVERALBUM\n    title: ", "\n", HOSTILE_LABEL)
    _replace_scalar(root / "taxonomy" / "cases.yaml", "      - text: ", "\n", HOSTILE_STATEMENT)  # the first case's quotation
    (root / "taxonomy" / "retired.yaml").write_text(
        "tombstones:\n"
        "  - id: CL-999\n    kind: claim\n    label: An older wording of the retraining claim\n    status: merged\n"
        "    successor: CL-001\n    date: 2026-11-01\n    reason: Merged into CL-001, which states the same with its conditions.\n"
        "  - id: R-OLD-001\n    kind: rule\n    label: An earlier numbering of a mismatch rule\n    status: renamed\n    successor: R-MM-001\n"
        "    date: 2026-11-01\n    reason: Renumbered when the mismatch rules were grouped.\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from framework.sitegen.build import build

    base = tmp_path_factory.mktemp("hostile")
    kb_root = make_hostile_kb(base / "kb")
    out = base / "site"
    server, url = _serve(out)
    build(REPO, out, site_url=url, kb_root=kb_root)
    yield Served(url, out)
    server.shutdown()


def _verdict_ok(actual: Any, want: Any) -> bool:
    """A scenario's expected verdict: a verdict, a list of acceptable ones, or {not: verdict}."""
    if isinstance(want, dict):
        return actual is not None and actual != want["not"]
    if isinstance(want, list):
        return actual in want
    return actual == want


@pytest.fixture(scope="session")
def verdict_ok() -> Callable[[Any, Any], bool]:
    return _verdict_ok


# --- the browser -------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium (never a downloaded browser), driven by Playwright, one per test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the README's test command installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _differing_files(a: Path, b: Path) -> list[str]:
    """Paths (relative) present in only one of two folders, or whose bytes differ."""
    import filecmp

    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:  # type: ignore[type-arg]
        out.extend(prefix + x for x in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + x for x in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


@pytest.fixture
def differing() -> Callable[[Path, Path], list[str]]:
    """Compares two built sites byte for byte: the paths that differ."""
    return _differing_files
