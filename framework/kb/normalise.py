"""The text patterns are matched on, and the way back to the text as written.

Both the CLI and the browser page do exactly this (the tables below are shipped to the page as data):

1. `canonical`: Unicode NFC, line endings as `\\n`. Positions (line, column) count characters of this
   text, one per code point.
2. `fold`: one pass over the canonical text, character by character: typographic quotes and dashes
   become ASCII, ASCII capitals lower case, zero-width characters are dropped, characters outside the
   Basic Multilingual Plane become U+FFFD (so that JavaScript's UTF-16 indices and Python's agree), and
   every run of whitespace becomes one space. `index[i]` is the canonical position the folded
   character `i` came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
DROPPED = "\xad\u200b\u200c\u200d\u2060"
FOLDED: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
}
REPLACEMENT = "\ufffd"
_SPACE_SET = frozenset(SPACES)
_DROP_SET = frozenset(DROPPED)
_TABLE = {ord(c): " " for c in SPACES} | {ord(k): v for k, v in FOLDED.items()} | {c: c + 32 for c in range(65, 91)}
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_SQUEEZE = re.compile(f" [ {DROPPED}]+|[{DROPPED}]+")


def canonical(text: str) -> str:
    """NFC, with `\\r\\n` and `\\r` as `\\n`: the text every position refers to."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Folded:
    text: str
    index: list[int]
    """Canonical position of each folded character."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Canonical [start, end) of the folded [start, end) (end > start)."""
        return self.index[start], self.index[end - 1] + 1


def fold(text: str) -> Folded:
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch in _SPACE_SET:
            if not in_space:
                out.append(" ")
                index.append(i)
                in_space = True
            continue
        if ch in _DROP_SET:
            continue
        in_space = False
        if "A" <= ch <= "Z":
            out.append(chr(ord(ch) + 32))
        elif ch in FOLDED:
            out.append(FOLDED[ch])
        elif ord(ch) > 0xFFFF:
            out.append(REPLACEMENT)
        else:
            out.append(ch)
        index.append(i)
    return Folded("".join(out), index)


def fold_text(text: str) -> str:
    """`fold(text).text`, computed in C-speed passes (the index is only needed for flagged passages)."""
    out = text.translate(_TABLE)
    if not out.isascii():
        out = _ASTRAL.sub(REPLACEMENT, out)
    if "  " in out or any(d in out for d in DROPPED):
        out = _SQUEEZE.sub(lambda m: " " if m.group().startswith(" ") else "", out)
    return out


def fold_table() -> dict[str, object]:
    """The tables above, for the browser page."""
    return {"spaces": SPACES, "dropped": DROPPED, "folded": dict(sorted(FOLDED.items())), "replacement": REPLACEMENT}
