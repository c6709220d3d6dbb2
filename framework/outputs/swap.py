"""Putting a finished folder in place of an old one, for the all-or-nothing outputs (site, exports)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_dir(new: Path, out: Path) -> None:
    """Put `new` at `out` with renames only, so readers see the old folder or the new one, never a mix."""
    if out.exists():
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(new, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, out)
