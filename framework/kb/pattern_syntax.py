"""The regular-expression subset that text-check patterns are written in.

The same patterns run in Python (`re`, flags IGNORECASE | ASCII) and in the browser (`RegExp`, flag
`i`, no `u`). Both are backtracking engines with leftmost-first alternation, and on the subset below
they agree match for match: ASCII-only patterns; literals, `.`, the escapes `\\w \\W \\d \\D \\s \\S \\b \\B`
and escaped punctuation; character classes of literals, ranges and those escapes; groups `( )`, `(?: )`
and lookaheads `(?= )`, `(?! )`; quantifiers `* + ? {n} {n,} {n,m}`, greedy or lazy.

Refused, because the two engines differ on them or one lacks them: anchors `^ $` (Python's `$` also
matches before a final newline), lookbehind, named groups, inline flags, atomic groups, possessive
quantifiers, back-references, `{,n}`, a bare `{` or `}`, nested-set syntax in classes, escapes other
than the above, and any quantified part that can match the empty string (the engines iterate empty
matches differently). A whole pattern that can match the empty string is refused as well.

`parse` is pure and returns the facts the checks and the matcher need: the minimum match length and
the literals one of which every match must contain (used to skip passages cheaply).
"""

from __future__ import annotations

from dataclasses import dataclass

CLASS_ESCAPES = frozenset("wWdDsS")
ASSERT_ESCAPES = frozenset("bB")
PUNCT_ESCAPES = frozenset(".\\-()[]{}*+?|/'\"^$ ,:;&!#%<>=@`~_")
LETTER_ESCAPES = {"n": "\n", "t": "\t"}
SPECIAL = frozenset("()[]{}*+?|.\\^$")


class PatternError(ValueError):
    """The pattern is outside the common subset; `offset` is the character where the problem is."""

    def __init__(self, message: str, offset: int, code: str = "bad-pattern"):
        super().__init__(f"{message} (at character {offset + 1})")
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class PatternInfo:
    min_length: int
    required: tuple[str, ...]
    """Lowercase literals of which every match contains at least one (empty when none is certain):
    a passage holding none of them cannot match, so the matcher skips it without running the pattern."""
    groups: tuple[tuple[str, ...], ...] = ()
    """Sets of lowercase literals (of three characters or more) such that every match contains one literal
    of each set: a finer filter than `required`, used by the Python matcher to run a pattern only on the
    passages holding one of each."""


@dataclass(frozen=True)
class _Node:
    min_length: int
    literal: str | None  # the exact text this node matches, when it is a fixed literal
    required: frozenset[str]  # every match of this node contains one of these (empty: unknown)
    groups: tuple[frozenset[str], ...] = ()  # every match contains one literal of each of these


NONE: frozenset[str] = frozenset()


class _Parser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def fail(self, message: str, at: int | None = None) -> PatternError:
        return PatternError(message, self.i if at is None else at)

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        union = _union_required(branches)
        return _Node(min(b.min_length for b in branches), None, union, (union,) if _strength(union) >= GATE else ())

    def sequence(self) -> _Node:
        parts: list[_Node] = []
        while self.i < len(self.s) and self.peek() not in "|)":
            start = self.i
            atom = self.atom()
            parts.append(self.quantified(atom, start))
        return _join(parts)

    def atom(self) -> _Node:
        c = self.peek()
        start = self.i
        if c == "(":
            self.i += 1
            lookahead = False
            if self.s.startswith("?", self.i):
                kind = self.s[self.i:self.i + 2]
                if kind in ("?:", "?=", "?!"):
                    self.i += 2
                    lookahead = kind != "?:"
                elif kind in ("?<", "?P"):
                    raise self.fail("lookbehind and named groups are not in the common subset", start)
                elif kind == "?>":
                    raise self.fail("atomic groups are not in the common subset", start)
                else:
                    raise self.fail("inline flags and other (? forms are not in the common subset; only (?: ), (?= ) and (?! )", start)
            inner = self.alternation()
            if self.peek() != ")":
                raise self.fail("unclosed group", start)
            self.i += 1
            if lookahead:
                return _Node(0, "", NONE)
            return inner
        if c == "[":
            self.char_class()
            return _Node(1, None, NONE)
        if c == ".":
            self.i += 1
            return _Node(1, None, NONE)
        if c == "\\":
            return self.escape()
        if c in "^$":
            raise self.fail(f"the anchor '{c}' is not in the common subset (Python and JavaScript read it differently)")
        if c in "*+?":
            raise self.fail(f"'{c}' has nothing to repeat")
        if c in "{}":
            raise self.fail(f"a bare '{c}' is not allowed: write '\\{c}'")
        if c == ")":
            raise self.fail("unbalanced ')'")
        if ord(c) > 127:
            raise self.fail(f"non-ASCII character {c!r}: the text is folded to ASCII quotes and dashes, write those")
        if not c.isprintable():
            raise self.fail(f"control character {c!r}: write \\n or \\t")
        self.i += 1
        return _Node(1, c.lower(), frozenset({c.lower()}))

    def escape(self) -> _Node:
        start = self.i
        self.i += 1
        if self.i >= len(self.s):
            raise self.fail("the pattern ends with a backslash", start)
        e = self.s[self.i]
        self.i += 1
        if e in CLASS_ESCAPES:
            return _Node(1, None, NONE)
        if e in ASSERT_ESCAPES:
            return _Node(0, "", NONE)
        if e in LETTER_ESCAPES:
            return _Node(1, LETTER_ESCAPES[e], frozenset({LETTER_ESCAPES[e]}))
        if e in PUNCT_ESCAPES:
            return _Node(1, e, frozenset({e}))
        if e.isdigit():
            raise self.fail("back-references are not in the common subset", start)
        raise self.fail(f"the escape '\\{e}' is not in the common subset", start)

    def char_class(self) -> None:
        start = self.i
        self.i += 1
        if self.peek() == "^":
            self.i += 1
        first = True
        count = 0
        while True:
            c = self.peek()
            if not c:
                raise self.fail("unclosed character class", start)
            if c == "]" and not first:
                self.i += 1
                break
            if c == "]":
                raise self.fail("an empty character class matches nothing; escape ']' as '\\]'")
            if c == "[" or self.s.startswith(("--", "&&", "~~", "||"), self.i):
                raise self.fail("'[' or a doubled '-', '&', '~', '|' in a class reads as a nested set in Python: escape it")
            low, low_is_class = self.class_item()
            count += 1
            if self.s.startswith(("--", "&&", "~~", "||"), self.i):
                raise self.fail("'[' or a doubled '-', '&', '~', '|' in a class reads as a nested set in Python: escape it")
            if self.peek() == "-" and self.s[self.i + 1:self.i + 2] not in ("]", ""):
                dash = self.i
                self.i += 1
                high, high_is_class = self.class_item()
                if low_is_class or high_is_class:
                    raise self.fail("a range cannot start or end with a class escape such as \\w", dash)
                if ord(high) < ord(low):
                    raise self.fail(f"range {low}-{high} is out of order", dash)
            first = False
        if count == 0:  # pragma: no cover - guarded above
            raise self.fail("empty character class", start)

    def class_item(self) -> tuple[str, bool]:
        c = self.peek()
        if c == "\\":
            at = self.i
            self.i += 1
            e = self.peek()
            if not e:
                raise self.fail("the pattern ends with a backslash", at)
            self.i += 1
            if e in CLASS_ESCAPES:
                return "", True
            if e in LETTER_ESCAPES:
                return LETTER_ESCAPES[e], False
            if e in PUNCT_ESCAPES:
                return e, False
            if e == "b":
                raise self.fail("'\\b' inside a class means backspace; it is not in the common subset", at)
            raise self.fail(f"the escape '\\{e}' is not in the common subset", at)
        if ord(c) > 127:
            raise self.fail(f"non-ASCII character {c!r}: the text is folded to ASCII quotes and dashes, write those")
        self.i += 1
        return c, False

    def quantified(self, atom: _Node, start: int) -> _Node:
        c = self.peek()
        if not c or c not in "*+?{":
            return atom
        qstart = self.i
        if c == "{":
            lo, hi = self.braces()
        else:
            self.i += 1
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        if self.peek() == "?":
            self.i += 1
        if self.peek() == "+":
            raise self.fail("possessive quantifiers are not in the common subset")
        if self.peek() in ("*", "{") or (self.peek() == "?" and c != "?"):
            raise self.fail("a quantifier cannot follow another")
        if atom.min_length == 0:
            raise self.fail("a part that can match the empty string cannot be repeated (the two engines differ)", start)
        if hi is not None and hi < lo:
            raise self.fail("{n,m} needs n <= m", qstart)
        if lo == 1 and hi == 1:
            return atom
        if lo == 0:
            return _Node(0, None, NONE)
        literal = atom.literal * lo if atom.literal is not None and hi == lo else None
        return _Node(atom.min_length * lo, literal, frozenset({literal}) if literal else atom.required, atom.groups)

    def braces(self) -> tuple[int, int | None]:
        start = self.i
        end = self.s.find("}", self.i)
        if end < 0:
            raise self.fail("a bare '{' is not allowed: write '\\{'")
        body = self.s[self.i + 1:end]
        lo_s, comma, hi_s = body.partition(",")
        if not lo_s.isdigit() or (hi_s and not hi_s.isdigit()) or (not comma and hi_s):
            raise self.fail("a counted repeat is {n}, {n,} or {n,m} with digits ({,m} is read differently)", start)
        self.i = end + 1
        lo = int(lo_s)
        hi = None if comma and not hi_s else int(hi_s) if hi_s else lo
        if lo > 1000 or (hi is not None and hi > 1000):
            raise self.fail("counted repeats are limited to 1000", start)
        return lo, hi


GATE = 3
"""Shortest literal worth filtering passages on."""


def _strength(required: frozenset[str]) -> int:
    """How selective a set of required literals is: the length of its shortest member."""
    return min((len(r) for r in required), default=0)


def _join(parts: list[_Node]) -> _Node:
    """A sequence: lengths add up; consecutive literals form longer required text; the most selective
    requirement of any part holds for the whole."""
    best: frozenset[str] = NONE
    groups: list[frozenset[str]] = []
    run = ""
    for p in parts:
        if p.literal is not None:
            run += p.literal
            if len(run) > _strength(best):
                best = frozenset({run})
            continue
        if len(run) >= GATE:
            groups.append(frozenset({run}))
        groups += p.groups
        if _strength(p.required) > _strength(best):
            best = p.required
        run = ""
    if len(run) >= GATE:
        groups.append(frozenset({run}))
    literals = [p.literal for p in parts if p.literal is not None]
    whole = "".join(literals) if len(literals) == len(parts) else None
    return _Node(sum(p.min_length for p in parts), whole, best, tuple(dict.fromkeys(groups)))


def _union_required(branches: list[_Node]) -> frozenset[str]:
    """Every match of an alternation matches one branch: the union, if every branch requires something."""
    if any(not b.required for b in branches):
        return NONE
    return frozenset().union(*(b.required for b in branches))


def parse(pattern: str) -> PatternInfo:
    """Check that `pattern` is in the common subset; raise PatternError saying where it is not."""
    if not pattern:
        raise PatternError("the pattern is empty", 0)
    p = _Parser(pattern)
    node = p.alternation()
    if p.i < len(pattern):
        raise p.fail("unbalanced ')'")
    if node.min_length == 0:
        raise PatternError("the pattern can match the empty string, so it would match every passage", 0, "empty-match")
    return PatternInfo(node.min_length, tuple(sorted(node.required)), tuple(tuple(sorted(g)) for g in node.groups))
