"""What a page costs as the browser fetches it cold: every same-origin request, workers included.

Shared by the benchmark scripts. Serves a built site on 127.0.0.1 and opens pages in headless
Chromium (Debian's /usr/bin/chromium), each in a fresh context with no cache, recording every
same-origin response until the network is idle plus a short wait (the search index and its worker
load after the page). Sizes are raw and as gzip (level 6, as a typical static server sends).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser closing a connection early (a missing favicon.ico, say) is no news


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def fetch(browser: Any, base: str, path: str, settle_ms: int = 1200) -> list[tuple[str, int, int]]:
    """(path, raw bytes, gzip bytes) of every same-origin response when `path` is opened cold."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    got: list[tuple[str, int, int]] = []
    host = urlsplit(base).netloc

    def done(response: Any) -> None:
        if urlsplit(response.url).netloc != host:
            return
        try:
            body = response.body()
        except Exception:
            return
        got.append((urlsplit(response.url).path, len(body), len(gzip.compress(body, 6))))

    page.on("response", done)
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)
    context.close()
    return got
