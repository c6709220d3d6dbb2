"""Putting knowledge-base text into pages safely: HTML escaping, Markdown escaping, glossary links.

Every string from the YAML reaches a page through one of these functions (the templates autoescape
too), so a statement containing `<script>` or Markdown syntax shows as the characters it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
"""Python-Markdown's escapable characters (with `|` from tables); others would show their backslash."""


def md(text: str) -> Markup:
    """Text for a Markdown line (a heading): HTML-escaped, then every Markdown character escaped."""
    escaped = html.escape(str(text), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " "))


def attr(text: str) -> str:
    """Text for an HTML attribute value (Jinja escapes it; this only flattens whitespace)."""
    return " ".join(str(text).split())


@dataclass
class Glossary:
    """Links the first mention of each glossary term on a page to its definition."""

    pattern: re.Pattern[str] | None
    by_name: dict[str, tuple[str, str]]
    """Lower-cased name -> (term ID, definition)."""

    @classmethod
    def of(cls, terms: Iterable[tuple[str, str, list[str], str]]) -> Glossary:
        """From (term ID, term, aliases, definition) tuples."""
        by_name: dict[str, tuple[str, str]] = {}
        for tid, term, aliases, definition in terms:
            for name in [term, *aliases]:
                by_name.setdefault(name.lower(), (tid, definition))
        if not by_name:
            return cls(None, {})
        names = sorted(by_name, key=lambda n: (-len(n), n))
        alternation = "|".join(re.escape(n) for n in names)
        return cls(re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), by_name)


@dataclass
class PageTerms:
    """Per page: which terms have been linked already (first mention only) and where the glossary is."""

    glossary: Glossary
    href: str
    """Relative link from the page to the glossary page."""
    skip: set[str] = field(default_factory=set)

    def link(self, text: str) -> Markup:
        text = str(text)
        if self.glossary.pattern is None:
            return Markup(html.escape(text))
        out: list[str] = []
        pos = 0
        for m in self.glossary.pattern.finditer(text):
            tid, definition = self.glossary.by_name[m.group(0).lower()]
            if tid in self.skip:
                continue
            self.skip.add(tid)
            out.append(html.escape(text[pos : m.start()]))
            out.append(
                f'<a class="us-term" href="{html.escape(self.href)}#{html.escape(tid)}" '
                f'title="{html.escape(attr(definition))}">{html.escape(m.group(0))}</a>'
            )
            pos = m.end()
        out.append(html.escape(text[pos:]))
        return Markup("".join(out))
