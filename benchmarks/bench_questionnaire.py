"""Prints what the questionnaire page costs a reader; a script, not a timed test.

    python benchmarks/bench_questionnaire.py [--site build/site] [--repeat N]

- Transfer: the questionnaire page opened cold in headless Chromium (a fresh profile, no cache),
  counting every same-origin request the browser makes until the network is idle (the page, the
  theme, the engine and the decision tables, workers included; the search index and its worker load
  only when the reader opens search), raw and as gzip would send it (each response compressed at
  level 6, as a typical static server does).
- Speed: the time from the last answer (a click on its option) to the rendered result, measured in the
  page; the result is computed and drawn synchronously in the change handler. Also the result with
  nothing answered (the slowest case), which the page draws when it opens.
Targets: 200 kB gzip for the page with the theme (issue 15); last answer to result under 50 ms.
Needs a built site (unlearning-scope build) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from fetched import ARGS, CHROMIUM, fetch, served
from playwright.sync_api import sync_playwright

ANSWERS = [("goal", "removal"), ("target", "data"), ("deployment", "hosted"), ("adversary", "benign"), ("adversary", "prompting"),
           ("driver", "privacy"), ("concern", "in-model")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=Path(__file__).resolve().parent.parent / "build" / "site")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with served(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        fetched = fetch(browser, base, "questionnaire/", settle_ms=1500)
        raw, gz = sum(r for _, r, _ in fetched), sum(g for _, _, g in fetched)
        print(f"questionnaire page, cold: {len(fetched)} requests, {raw/1e3:,.0f} kB raw, {gz/1e3:,.0f} kB gzip "
              f"(target at most 200 kB gzip: {'met' if gz <= 200e3 else 'MISSED'})")
        for path, r, g in sorted(fetched, key=lambda x: -x[1])[:8]:
            print(f"  {r/1e3:8,.1f} kB raw {g/1e3:8,.1f} kB gzip  {path}")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + "questionnaire/")
        page.wait_for_selector("#us-q-root[data-us-q-mounted='ready']")
        nothing = page.evaluate("""() => { const t = performance.now(); window.UnlearningScopeEngine.assess(
            window.UnlearningScopeTables.byVersion[window.UnlearningScopeVersions.current], {}); return performance.now() - t; }""")
        print(f"result with nothing answered (engine only, tables warm): {nothing:.1f} ms")
        times = []
        for _ in range(args.repeat):
            page.locator("#us-q-clear").click()
            for qid, option in ANSWERS[:-1]:
                page.locator(f"#us-q-{qid}--{option}").check()
            qid, option = ANSWERS[-1]
            ms = page.evaluate(f"""() => {{ const box = document.getElementById('us-q-{qid}--{option}');
                const t = performance.now(); box.click(); document.getElementById('us-q-result-body').getBoundingClientRect();
                return performance.now() - t; }}""")
            times.append(ms)
        print(f"last answer to rendered result: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} runs (target 50 ms)")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
