"""Shared fixtures: the bundled knowledge base, loaded once, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from framework.cli import main
from framework.engine import Compiled, compile_kb
from framework.knowledge_base import KnowledgeBase
from framework.loader import load
from framework.locate import bundled_root

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(bundled_root())


@pytest.fixture(scope="session")
def compiled(kb: KnowledgeBase) -> Compiled:
    return compile_kb(kb)


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
