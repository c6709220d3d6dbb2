"""Splitting a text into passages (sentences inside blocks) with exact positions.

The browser page ports this exactly (`site/assets/javascripts/check.js`; the constants below are
shipped to it as data), so that both find the same passages:

- Blocks are runs of non-blank lines; a line that starts a Markdown heading, list item, quotation or
  table row starts a new block too.
- Inside a block, a sentence ends after `.`, `!` or `?` (and any closing quotes or brackets) followed
  by whitespace, unless the next word starts with a lower-case letter, or the word before the stop is
  a single letter or a known abbreviation ("e.g.", "Art.", "U.S.").
- Positions are offsets in the canonical text (see `normalise`); lines and columns count from 1.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..kb.normalise import SPACES

ABBREVIATIONS = (
    "al", "amend", "approx", "art", "arts", "ch", "cf", "cl", "co", "corp", "dept", "dr", "e.g", "e.u", "eg", "fig", "gov",
    "i.e", "ie", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "nos", "p", "para", "paras", "pp", "prof", "reg", "sec", "secs",
    "sr", "st", "subsec", "u.k", "u.s", "u.s.c", "v", "vol", "vs",
)
_WS = "".join(f"\\u{ord(c):04x}" for c in SPACES)
BLOCK_START = r"^[ \t]*(?:#{1,6}[ \t]|[-*+>][ \t]|[0-9]{1,3}[.)][ \t]|\|)"
SENTENCE_END = r"[.!?]+[\"')\]\u2019\u201d]*(?=[" + _WS + "])"
"""Regular-expression sources valid in Python and JavaScript alike (ASCII, with \\u escapes)."""
_BLOCK_START = re.compile(BLOCK_START)
_SENTENCE_END = re.compile(SENTENCE_END)
_ABBREV = frozenset(ABBREVIATIONS)
_SPACE_SET = frozenset(SPACES)


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    """Canonical offsets [start, end) of the passage's text."""


def _is_blank(line: str) -> bool:
    return all(ch in _SPACE_SET for ch in line)


def blocks(text: str) -> list[tuple[int, int]]:
    """[start, end) of each block, trimmed of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    start = -1
    last_end = -1
    pos = 0
    for line in text.split("\n"):
        line_end = pos + len(line)
        if _is_blank(line):
            if start >= 0:
                out.append((start, last_end))
                start = -1
        else:
            if start >= 0 and _BLOCK_START.match(line):
                out.append((start, last_end))
                start = -1
            if start < 0:
                start = pos + (len(line) - len(line.lstrip(SPACES)))
            last_end = pos + len(line.rstrip(SPACES))
        pos = line_end + 1
    if start >= 0:
        out.append((start, last_end))
    return out


def _word_before(text: str, at: int, floor: int) -> str:
    i = at
    while i > floor and (text[i - 1] == "." or ("a" <= text[i - 1].lower() <= "z" and text[i - 1].isascii())):
        i -= 1
    return text[i:at].strip(".").lower()


def sentences(text: str, start: int, end: int) -> list[Passage]:
    out: list[Passage] = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        j = stop
        while j < end and text[j] in _SPACE_SET:
            j += 1
        if j >= end:
            continue
        if "a" <= text[j] <= "z":
            continue
        word = _word_before(text, m.start(), s)
        if (len(word) == 1 and m.group().startswith(".")) or (word in _ABBREV and m.group().startswith(".")):
            continue
        out.append(Passage(s, stop))
        s = j
    if s < end:
        out.append(Passage(s, end))
    return out


def passages(text: str) -> list[Passage]:
    return [p for b in blocks(text) for p in sentences(text, *b)]


class Lines:
    """Offset -> (line, column), both from 1."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1
