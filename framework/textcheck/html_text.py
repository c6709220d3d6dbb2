"""The visible text of a web page, as a reader sees it: a terms page, a help page or guidance saved as
HTML. Pure (text in, text out), with the standard library's parser.

Read as plain text, markup hides passages: an entity inside a word ("customer&#8217;s"), an inline tag
between two words, a script's code run into the prose. Here each block (a paragraph, a heading, a list
item, a table cell, ...) becomes one line with a blank line after it, as a .docx's paragraphs do; a
`<br>` starts a new line within its block; whitespace runs inside a block are one space, except in
`<pre>`. Scripts, styles, the document's head and other parts never shown as text are left out.
Positions in results are lines of this text.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "body", "html", "option", "center",
))
"""Elements a browser lays out as blocks (or cells): each starts and ends a line of the text."""
HIDDEN = frozenset(("script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"))
"""Elements whose content is not shown as text."""

_BR = "\x1e"
"""Where a <br> stood, until the block's own whitespace (newlines included) is folded to spaces."""
_SPACE = re.compile(r"[ \t\n\r\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_LOOKS_LIKE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


def looks_like_html(data: bytes) -> bool:
    """Whether a file's bytes begin as a web page does (a doctype or an <html> tag), whatever its name."""
    return bool(_LOOKS_LIKE.match(data[:4096]))


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in a <meta> tag, as Python names it, if Python knows it. Pages that
    declare Latin-1 are read as Windows-1252, as browsers read them."""
    m = _CHARSET.search(data[:8192])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.block: list[str] = []
        self.hidden: list[str] = []
        self.pre = 0

    def _end_block(self) -> None:
        text = "".join(self.block)
        self.block = []
        if self.pre:
            rows = [row.rstrip() for row in text.replace(_BR, "\n").split("\n")]
        else:
            rows = [row.strip() for row in _SPACE.sub(" ", text).split(_BR)]
        while rows and not rows[0]:
            rows.pop(0)
        while rows and not rows[-1]:
            rows.pop()
        if rows:
            self.lines.append("\n".join(rows))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden and tag == "body" and self.hidden[0] == "head":
            self.hidden.clear()  # a head left open (its end tag is optional) ends where the body starts
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.append(tag)
            return
        if tag in HIDDEN:
            self.hidden.append(tag)
        elif tag == "br":
            self.block.append(_BR)
        elif tag in BLOCKS:
            self._end_block()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.hidden and tag in ("br", "hr"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        if tag in BLOCKS:
            self._end_block()
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.block.append(data.replace(_BR, " "))


def visible_text(html: str) -> str:
    """The page's text: one block a line (a line within a block where it has a <br>), a blank line
    between blocks."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._end_block()
    return "\n\n".join(parser.lines) + ("\n" if parser.lines else "")
