"""Checks on the built site that the builder does not make: links in generated HTML resolve (file and
anchor), and nothing is loaded from another host, so the site works offline and sends nothing away.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOADING = {
    # element: attributes whose URL the browser fetches by itself
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",),
    "image": ("href",), "use": ("href",),
}
NOT_LOADED_LINK_RELS = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


# The builder's HTML is well formed, so a tag-level scan suffices (and is several times faster than a
# full parser over hundreds of pages): script bodies and comments are dropped first, since their text
# is not markup.
_SKIP = re.compile(r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


_LINKING = {*LOADING, "a", "link", "meta"}


class PageLinks:
    """The IDs a page defines and the URLs it links to or loads."""

    def __init__(self, html: str) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        """(tag, attribute, url)"""
        for m in _TAG.finditer(_SKIP.sub(lambda s: s.group(1) or "", html)):
            tag = m.group(1).lower()
            attrs = m.group(2)
            if not attrs or (tag not in _LINKING and "id=" not in attrs):
                continue
            a = {k.lower(): html_unescape(v1 or v2 or v3 or "") for k, v1, v2, v3 in _ATTR.findall(attrs)}
            self._tag(tag, a)

    def _tag(self, tag: str, a: dict[str, str]) -> None:
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for attr in LOADING.get(tag, ()):
            if a.get(attr):
                for url in (a[attr].split(",") if attr == "srcset" else [a[attr]]):
                    self.links.append((tag, attr, url.strip().split(" ")[0]))
        if tag == "link" and a.get("href"):
            rels = set(a.get("rel", "").split())
            self.links.append(("link" if rels - NOT_LOADED_LINK_RELS else "a", "href", a["href"]))
        if tag == "a" and a.get("href"):
            self.links.append(("a", "href", a["href"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh" and "url=" in a.get("content", ""):
            self.links.append(("a", "href", a["content"].split("url=", 1)[1].strip()))


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def read_pages(site: Path, rels: list[str]) -> dict[str, PageLinks]:
    """The IDs and links of these HTML files of the site (paths relative to it)."""
    return {rel: PageLinks((site / rel).read_text(encoding="utf-8")) for rel in rels}


def check_site(site: Path, base_path: str = "/", read: Callable[[Path, list[str]], dict[str, PageLinks]] = read_pages) -> list[str]:
    """Every problem found, as 'path: message', sorted. `base_path` is the path part of the site's
    address, which root-relative links (`/assets/...`) start with. `read`: how the HTML files are read
    (`read_pages`, or the same work shared between processes)."""
    problems: list[str] = []
    files: set[str] = set()
    for f in sorted(site.rglob("*")):
        if f.is_file():
            files.add(f.relative_to(site).as_posix())
    parsed = read(site, sorted(f for f in files if f.endswith(".html")))
    dirs: set[str] = set()
    for name in files:
        d = posixpath.dirname(name)
        while d and d not in dirs:
            dirs.add(d)
            d = posixpath.dirname(d)
    for rel, page in parsed.items():
        for tag, attr, url in page.links:
            if not url or url.startswith(("mailto:", "data:", "javascript:")):
                if url.startswith("javascript:"):
                    problems.append(f"{rel}: <{tag} {attr}> uses a javascript: URL")
                continue
            if _is_external(url):
                if tag != "a":
                    problems.append(f"{rel}: <{tag} {attr}=\"{url}\"> loads from another host")
                continue
            parts = urlsplit(url)
            path = unquote(parts.path)
            if path.startswith("/"):
                path = path[len(base_path):] if path.startswith(base_path) else "../outside" + path
                path = path or "."
                target = posixpath.normpath(path)
            else:
                target = rel if not path else posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if parts.path.endswith("/") or target in dirs or target == ".":
                target = posixpath.normpath(posixpath.join(target, "index.html"))
            if target.startswith("../") or target not in files:
                problems.append(f"{rel}: <{tag} {attr}=\"{url}\"> points to a missing file")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target in parsed and anchor not in parsed[target].ids and "=" not in anchor:
                problems.append(f"{rel}: <{tag} {attr}=\"{url}\"> points to a missing anchor '#{anchor}'")
    for f in sorted(site.rglob("*.css")):
        for m in _CSS_URL.finditer(f.read_text(encoding="utf-8", errors="replace")):
            url = m.group(1) or m.group(2)
            if _is_external(url) and not url.startswith("data:"):
                problems.append(f"{f.relative_to(site).as_posix()}: stylesheet loads {url} from another host")
    return sorted(set(problems))
