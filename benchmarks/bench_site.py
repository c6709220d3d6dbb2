"""Prints figures for the generated site; a script, not a timed test.

    python benchmarks/bench_site.py [--repeat N]

- `unlearning-scope build` (validate, generate, mkdocs-material, link check) against a plain
  `mkdocs build` of the same number of static pages: the very Markdown our generator wrote, copied
  into a folder and built with the same mkdocs.yml, so the ratio is the cost of everything we add.
  Both run as fresh processes, best of N. Two figures for ours: a rebuild (the proof of an earlier
  build of the same knowledge base and code is kept, build/.cache/proofs) and a first build (no
  proof kept: the knowledge base is verified exhaustively beside the build). Target (issue 15): at
  most 1.3x.
- The size of the built site and its file count.
- Page weight as the browser fetches it cold (`benchmarks/fetched.py`: every same-origin request,
  workers included; the search index and its worker load only when the reader opens search, so a
  page fetches them only then), raw and gzip: median and maximum over every page (`--pages N`
  samples N pages evenly, the questionnaire always among them), the heaviest listed, and the search
  index's size. Targets (issue 15): the median page at most 150 kB gzip, the questionnaire page at
  most 200 kB gzip (`bench_questionnaire.py` measures it alone, and its speed).
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
from collections.abc import Callable
from pathlib import Path

from fetched import ARGS, CHROMIUM, fetch, served

from framework.kb.loader import load
from framework.outputs.versions import current_tables
from framework.sitegen.build import CONFIG, find_project, generate

QUESTIONNAIRE = "questionnaire/index.html"
RATIO_TARGET = 1.3
MEDIAN_TARGET_KB = 150
QUESTIONNAIRE_TARGET_KB = 200


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def timed(cmd: list[str], env: dict[str, str], repeat: int, before: Callable[[], None] | None = None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def page_weights(site: Path, sample: int | None) -> list[tuple[int, int, str]]:
    """(raw bytes, gzip bytes, page) for every HTML page (or an even sample), as fetched cold."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if sample and sample < len(pages):
        step = len(pages) / sample
        pages = sorted({pages[int(i * step)] for i in range(sample)} | {QUESTIONNAIRE})
    out = []
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for rel in pages:
            got = fetch(browser, base, rel[: -len("index.html")] if rel.endswith("index.html") else rel, settle_ms=800)
            out.append((sum(r for _, r, _ in got), sum(g for _, _, g in got), rel))
        browser.close()
    return sorted(out, reverse=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each build; the best is reported (default 3)")
    ap.add_argument("--pages", type=int, default=None, help="measure the transfer of N pages, evenly sampled (default: every page)")
    args = ap.parse_args()
    project = find_project(Path(__file__).resolve().parent.parent)
    exe = Path(sys.executable).with_name("unlearning-scope")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kb = load(project)
        docs = work / "docs"
        n_pages = generate(project, kb, current_tables(kb, project), docs)
        ours_cmd = [str(exe), "build", "--project", str(project), "--out", str(work / "ours")]
        first = timed(ours_cmd, env, args.repeat, before=lambda: shutil.rmtree(project / "build" / ".cache" / "proofs", ignore_errors=True))
        ours = timed(ours_cmd, env, args.repeat)
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
        weights = page_weights(site, args.pages)
        index = site / "search" / "search_index.json"
        print(f"pages: {n_pages} Markdown pages, {len(files)} files in all; transfer measured on {len(weights)} pages")
        print(f"unlearning-scope build: {ours:.2f} s a rebuild, {first:.2f} s a first build (no proof kept; best of {args.repeat} each)")
        print(f"plain mkdocs build of the same {n_pages} static pages: {plain:.2f} s")
        print(f"site size: {size / 1e6:.2f} MB; search index {index.stat().st_size / 1e3:.0f} kB raw "
              f"(fetched when the reader opens search)")
        print("heaviest pages as fetched cold (every same-origin request):")
        for raw, gz, name in weights[:5]:
            print(f"  {raw / 1e3:8.0f} kB raw {gz / 1e3:7.0f} kB gzip  {name}")
        raws = sorted(w[0] for w in weights)
        gzs = sorted(w[1] for w in weights)
        print(f"page transfer: median {raws[len(raws) // 2] / 1e3:.0f} kB raw / {gzs[len(gzs) // 2] / 1e3:.0f} kB gzip, "
              f"maximum {raws[-1] / 1e3:.0f} kB raw / {gzs[-1] / 1e3:.0f} kB gzip")
        q_gz = next(gz for _, gz, name in weights if name == QUESTIONNAIRE)
        median_gz = gzs[len(gzs) // 2]
        print("the three figures of issue 15:")
        print(f"  questionnaire page, cold: {q_gz / 1e3:.0f} kB gzip (target at most {QUESTIONNAIRE_TARGET_KB} kB): "
              f"{verdict(q_gz <= QUESTIONNAIRE_TARGET_KB * 1e3)}")
        print(f"  median page, cold: {median_gz / 1e3:.0f} kB gzip (target at most {MEDIAN_TARGET_KB} kB): "
              f"{verdict(median_gz <= MEDIAN_TARGET_KB * 1e3)}")
        print(f"  build: {ours / plain:.2f}x a plain mkdocs build (target at most {RATIO_TARGET}x): {verdict(ours / plain <= RATIO_TARGET)}; "
              f"a first build, verifying the knowledge base exhaustively beside it, {first / plain:.2f}x: {verdict(first / plain <= RATIO_TARGET)}")
        shutil.rmtree(work / "plain", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
