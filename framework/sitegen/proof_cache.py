"""Remembers that a knowledge base was proven, so a build of the same knowledge base with the same code
does not prove it again.

Exhaustive verification is the build's largest piece of our own work (about 1.4 s of processor time),
and its answer depends on nothing but the knowledge base and the code that proves it. A proof is
kept as an empty file named by the digest of both, under build/.cache/proofs; only a success is kept,
so a knowledge base that fails is verified, and reported, at every build. `validate` never reads
this: it always proves.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import framework

CODE = Path(framework.__file__).resolve().parent


@cache
def code_digest() -> str:
    """Every Python file of the package, by path and content: a change to any of them is new code."""
    h = hashlib.sha256()
    for p in sorted(CODE.rglob("*.py")):
        h.update(p.relative_to(CODE).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def mark(folder: Path, kb_digest: str) -> Path:
    """Where the proof of this knowledge base by this code is kept."""
    key = hashlib.sha256(f"{kb_digest}\0{code_digest()}".encode()).hexdigest()
    return folder / key


def proven(folder: Path | None, kb_digest: str) -> bool:
    return folder is not None and mark(folder, kb_digest).is_file()


def remember(folder: Path | None, kb_digest: str) -> None:
    """Keeps the proof; a cache that cannot be written (a read-only checkout) is skipped."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mark(folder, kb_digest).touch()
    except OSError:
        pass
