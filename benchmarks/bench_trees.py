"""Prints figures for the decision-tree pages; a script, not a timed test.

    python benchmarks/bench_trees.py [SITE_DIR]

Builds the site into a temporary folder unless SITE_DIR (a built site) is given. Per tree page
(today's trees and every release's frozen ones): the drawing's size in px (the page-wide one shown on
screens and printed, and the narrow one for phones) and how many sheets it is cut into, the pages it
prints on in A4 and US Letter, and, when PyMuPDF is installed, the smallest diagram text printed, in
pt. Targets (issue 9): a drawing no wider than the 686 px column, at most 6 printed pages, 8 pt or more.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import tempfile
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu"]
ONLY_DIAGRAM = "body * { visibility: hidden !important; } .us-diagram-wide, .us-diagram-wide * { visibility: visible !important; }"


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _drawing(html: str, cls: str) -> tuple[int, int, int]:
    """Width, total height and sheet count of a page's drawing (the sheets of one `us-diagram` box)."""
    box = html.split(f'class="us-diagram {cls}"', 1)[1].split("</div>", 1)[0]
    sizes = [(int(w), int(h)) for w, h in re.findall(r'<svg [^>]*?viewBox="0 \d+ (\d+) (\d+)"', box)]
    return max(w for w, _ in sizes), sum(h for _, h in sizes), len(sizes)


def _smallest_pt(pdf: bytes) -> float | None:
    try:
        import pymupdf  # type: ignore[import-not-found]
    except ImportError:
        return None
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    sizes = [s["size"] for page in doc for b in page.get_text("dict")["blocks"] for line in b.get("lines", []) for s in line["spans"] if s["text"].strip()]
    return min(sizes) if sizes else None


def measure(site: Path) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).parent.as_posix() + "/" for p in (site / "trees").glob("DT-*/**/index.html"))
    server, base = _serve(site)
    rows: list[dict[str, object]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for rel in pages:
                html = (site / rel / "index.html").read_text(encoding="utf-8")
                row: dict[str, object] = {"page": rel, "wide": _drawing(html, "us-diagram-wide"), "narrow": _drawing(html, "us-diagram-narrow")}
                for paper in ("A4", "Letter"):
                    page = browser.new_page()
                    page.goto(base + rel, wait_until="load")
                    page.emulate_media(media="print")
                    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                    pdf = page.pdf(format=paper)
                    row[paper] = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
                    if paper == "A4":
                        page.add_style_tag(content=ONLY_DIAGRAM)
                        row["min_pt"] = _smallest_pt(page.pdf(format=paper))
                    page.close()
                rows.append(row)
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> int:
    if len(sys.argv) > 1:
        rows = measure(Path(sys.argv[1]))
    else:
        from framework.sitegen.build import build, find_project

        with tempfile.TemporaryDirectory() as tmp:
            build(find_project(Path.cwd()), Path(tmp) / "site")
            rows = measure(Path(tmp) / "site")
    print(f"{'tree page':34} {'drawing (w x h, sheets)':26} {'phone drawing':20} {'A4':>3} {'Letter':>6} {'min pt':>6}")
    for r in rows:
        (ww, wh, ws), (nw, nh, ns) = r["wide"], r["narrow"]  # type: ignore[misc]
        pt = f"{r['min_pt']:.1f}" if r["min_pt"] is not None else "n/a"
        print(f"{r['page']:34} {f'{ww} x {wh} px, {ws}':26} {f'{nw} x {nh} px, {ns}':20} {r['A4']:>3} {r['Letter']:>6} {pt:>6}")
    widest = max(rows, key=lambda r: r["wide"][0] * r["wide"][1])  # type: ignore[index]
    print(f"largest drawing: {widest['wide'][0]} x {widest['wide'][1]} px ({widest['page']}); "  # type: ignore[index]
          f"most pages printed (A4): {max(r['A4'] for r in rows)}")  # type: ignore[type-var]
    return 0


if __name__ == "__main__":
    sys.exit(main())
