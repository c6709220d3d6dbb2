"""Pausing Python's cyclic garbage collector around bulk work.

Building many small objects (parsed values, models, enumeration tables) triggers full collections
that rescan everything built so far, which makes load and verification grow faster than the
knowledge base. Nothing built there forms reference cycles that need collecting early, so the
collector is paused for the duration and runs normally afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
