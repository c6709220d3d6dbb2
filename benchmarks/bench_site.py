"""Prints figures for the generated site; a script, not a timed test.

    python benchmarks/bench_site.py [--repeat N]

- `unlearning-scope build` (validate, generate, mkdocs-material, link check) against a plain
  `mkdocs build` of the same number of static pages: the very Markdown our generator wrote, copied
  into a folder and built with the same mkdocs.yml, so the ratio is the cost of everything we add.
  Both run as fresh processes, best of N. Target (issue 3): at most 1.5x.
- The size of the built site and its file count.
- Page weight: each HTML page plus every same-site stylesheet, script and image it loads (the search
  index, fetched only when search opens, is counted separately). The heaviest pages are listed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from framework.engine import compile_kb
from framework.loader import load
from framework.sitegen.build import CONFIG, find_project, generate

ASSET = re.compile(r"""<(?:link[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)=["']([^"'#?]+)""", re.IGNORECASE)


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def page_weights(site: Path) -> list[tuple[int, str]]:
    """(bytes, page) for every HTML page: the page and the same-site assets it loads."""
    out = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        base = "/" + page.relative_to(site).as_posix()
        total = page.stat().st_size
        seen: set[Path] = set()
        for ref in ASSET.findall(html):
            if urlsplit(ref).scheme or ref.startswith("//"):
                continue
            target = site / urljoin(base, ref).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and target not in seen:
                seen.add(target)
                total += target.stat().st_size
        out.append((total, page.relative_to(site).as_posix()))
    return sorted(out, reverse=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each build; the best is reported (default 3)")
    args = ap.parse_args()
    project = find_project(Path(__file__).resolve().parent.parent)
    exe = Path(sys.executable).with_name("unlearning-scope")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kb = load(project)
        compiled = compile_kb(kb)
        docs = work / "docs"
        n_pages = generate(project, kb, compiled, docs)
        ours = timed([str(exe), "build", "--project", str(project), "--out", str(work / "ours")], env, args.repeat)
        # the same mkdocs.yml, pointed at the static copy (it names build/docs and a relative theme folder)
        cfg = work / "mkdocs.yml"
        text = (project / CONFIG).read_text(encoding="utf-8")
        text = re.sub(r"(?m)^docs_dir:.*$", f"docs_dir: {docs}", text)
        text = re.sub(r"(?m)^site_dir:.*$", f"site_dir: {work / 'plain'}", text)
        text = re.sub(r"(?m)^(\s*custom_dir:\s*)(\S+)", lambda m: m.group(1) + str(project / m.group(2)), text)
        cfg.write_text(text, encoding="utf-8")
        plain = timed([str(mkdocs), "build", "--quiet", "--strict", "-f", str(cfg)], env, args.repeat)
        site = work / "ours"
        files = [p for p in site.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        weights = page_weights(site)
        index = site / "search" / "search_index.json"
        print(f"pages: {n_pages} Markdown pages, {len(weights)} HTML files, {len(files)} files in all")
        print(f"unlearning-scope build: {ours:.2f} s (best of {args.repeat})")
        print(f"plain mkdocs build of the same {n_pages} static pages: {plain:.2f} s")
        print(f"ratio: {ours / plain:.2f}x (target: at most 1.5x)")
        print(f"site size: {size / 1e6:.2f} MB; search index {index.stat().st_size / 1e3:.0f} kB (loaded when search opens)")
        print("heaviest pages (page + same-site CSS, JS, images):")
        for total, name in weights[:5]:
            print(f"  {total / 1e3:8.0f} kB  {name}")
        median = weights[len(weights) // 2][0]
        print(f"median page weight: {median / 1e3:.0f} kB")
        shutil.rmtree(work / "plain", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
