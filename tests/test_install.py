"""`pip install .` (not editable) carries the knowledge base; the CLI works from any directory."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import framework
from framework.kb.locate import bundled_root

REPO = Path(__file__).resolve().parent.parent


def test_tests_run_against_the_installed_package() -> None:
    installed = Path(framework.__file__).resolve().parent
    if installed.parent == REPO:
        pytest.skip("running from the source tree (not through scripts/test)")
    assert "site-packages" in installed.parts
    assert bundled_root() == installed / "_kb"
    assert (bundled_root() / "rules" / "mismatches.yaml").is_file()


def test_cli_works_from_any_directory(tmp_path: Path) -> None:
    exe = shutil.which("unlearning-scope")
    if exe is None:
        pytest.skip("console script not installed")
    run = subprocess.run([exe, "validate", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    (tmp_path / "a.yaml").write_text("goal: suppression\ntarget: concept\n")
    run = subprocess.run([exe, "evaluate", "a.yaml", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and '"kb_version"' in run.stdout
