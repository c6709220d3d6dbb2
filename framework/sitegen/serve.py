"""`unlearning-scope serve`: build, serve on this machine only, rebuild when a source file changes.

A failed rebuild prints the validator's or builder's messages and keeps serving the last good site.
Uses only the standard library: polling file times is enough for a handful of YAML files and works
the same on every platform.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..kb.diagnostics import DiagnosticError
from .build import BuildError, build, diagnostics_text

WATCHED = ("taxonomy", "rules", "site", "releases", "mkdocs.yml")


def watched_mtimes(project: Path) -> dict[str, int]:
    """Modification times of every watched file: a change in any of them means rebuild."""
    out: dict[str, int] = {}
    for name in WATCHED:
        path = project / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            try:
                out[str(f)] = f.stat().st_mtime_ns
            except FileNotFoundError:
                continue
    return out


def try_build(project: Path, out: Path, site_url: str, log: TextIO) -> bool:
    try:
        report = build(project, out, site_url=site_url)
    except DiagnosticError as e:
        print(diagnostics_text(e), file=log)
        return False
    except BuildError as e:
        print(f"error: {e}", file=log)
        return False
    print(f"built {report.pages} pages in {report.seconds['total']:.1f} s -> {report.out}", file=log)
    return True


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet: one line per request is noise here
        pass


def serve(project: Path, out: Path, host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
          log: TextIO = sys.stderr, stop: threading.Event | None = None, ready: Callable[[str], None] | None = None) -> int:
    """Serve `out` at http://host:port/ until interrupted (or `stop` is set)."""
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    url = f"http://{host}:{server.server_address[1]}/"
    if not try_build(project, out, url, log) and not (out / "index.html").exists():
        server.server_close()
        return 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {url} (Ctrl+C to stop); rebuilding when taxonomy/, rules/, site/, releases/ or mkdocs.yml change", file=log)
    if ready:
        ready(url)
    stop = stop or threading.Event()
    seen = watched_mtimes(project)
    try:
        while not stop.wait(interval):
            now = watched_mtimes(project)
            if now != seen:
                seen = now
                print("change detected, rebuilding...", file=log)
                try_build(project, out, url, log)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
