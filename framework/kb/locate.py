"""Where the bundled knowledge base lives: inside the installed package, or beside a source checkout."""

from __future__ import annotations

from pathlib import Path


def bundled_root() -> Path:
    here = Path(__file__).resolve().parent.parent
    installed = here / "_kb"
    if (installed / "taxonomy").is_dir():
        return installed
    return here.parent
