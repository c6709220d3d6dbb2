"""Prints how long a result is for a reader; a script, not a timed test.

    python benchmarks/bench_result.py [--site build/site]

For four ordinary answer sets (privacy erasure, hosted; lyrics suppression, hosted; hazardous
capability, both, hosted; a person's data in open weights):
- the text report and the Markdown memo in words (default detail; targets 700 and 1,500), with
  `--detail full` for comparison, and the most times any one sentence is said (target: at most 2);
- with a built site (default build/site, if present): the questionnaire's result in headless Chromium
  at 1280x900, in words as shown with details collapsed and with every <details> opened (targets 450
  and 2,500), and the most times any sentence is said there.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from framework.cli import main as cli

ANSWER_SETS = {
    "privacy erasure, hosted": {"goal": "removal", "target": "data", "deployment": "hosted", "adversary": ["benign", "prompting"],
                                "driver": ["privacy"], "concern": "in-model"},
    "lyrics suppression, hosted": {"goal": "suppression", "target": "data", "deployment": "hosted", "adversary": ["benign", "prompting"],
                                   "driver": ["copyright"], "concern": "in-outputs"},
    "hazardous capability, both, hosted": {"goal": "both", "target": "capability", "deployment": "hosted",
                                           "adversary": ["benign", "prompting"], "driver": ["safety"], "concern": "in-outputs"},
    "a person's data in open weights": {"goal": "removal", "target": "data", "deployment": "open-weights", "driver": ["privacy"],
                                        "concern": "in-model"},
}


def words(text: str) -> int:
    """Words as a word processor counts them: runs of non-space characters."""
    return len(text.split())


def most_repeated(text: str) -> tuple[int, str]:
    flat = re.sub(r"\s+", " ", re.sub(r"[#*|`>]", " ", text))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat) if len(s.split()) >= 5]
    if not sentences:
        return 0, ""
    sentence, n = Counter(sentences).most_common(1)[0]
    return n, sentence


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli(list(args))
    return out.getvalue()


def fragment(answers: dict[str, object]) -> str:
    return "&".join(f"{q}={quote(','.join(v) if isinstance(v, list) else str(v), safe=',')}" for q, v in answers.items())


def browser_figures(site: Path) -> dict[str, tuple[int, int, int]]:
    from fetched import ARGS, CHROMIUM, served
    from playwright.sync_api import sync_playwright

    out = {}
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, answers in ANSWER_SETS.items():
            page.goto(f"{base}questionnaire/#{fragment(answers)}")
            page.wait_for_selector("#us-q-result .us-q-bottom-line, #us-q-result [data-us-bottom-line]", timeout=15000)
            # what a sighted reader sees: text said only to screen readers (visually hidden) is left out
            seen = "el => { const c = el.cloneNode(true); c.querySelectorAll('.us-q-sr-only').forEach(x => x.remove()); " \
                   "document.body.appendChild(c); const t = c.innerText; c.remove(); return t; }"
            shown = page.eval_on_selector("#us-q-result", seen)
            page.eval_on_selector_all("#us-q-result details", "ds => ds.forEach(d => d.open = true)")
            opened = page.eval_on_selector("#us-q-result", seen)
            out[name] = (words(shown), words(opened), most_repeated(opened)[0])
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=Path(__file__).resolve().parent.parent / "build" / "site")
    args = ap.parse_args()
    import tempfile

    print("result length, in words (targets: text 700, Markdown 1,500; browser 450 collapsed, 2,500 open; no sentence more than twice)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, answers in ANSWER_SETS.items():
            path = Path(tmp) / "answers.yaml"
            path.write_text("".join(f"{q}: [{', '.join(v)}]\n" if isinstance(v, list) else f"{q}: {v}\n" for q, v in answers.items()))
            text, memo = run("evaluate", str(path)), run("evaluate", str(path), "--format", "markdown")
            full_text = run("evaluate", str(path), "--detail", "full")
            full_memo = run("evaluate", str(path), "--format", "markdown", "--detail", "full")
            rep = max(most_repeated(text)[0], most_repeated(memo)[0])
            print(f"  {name:38} text {words(text):5,}  Markdown {words(memo):5,}  (full: {words(full_text):,} / {words(full_memo):,})  "
                  f"most repeated sentence: {rep}x")
    if (args.site / "questionnaire" / "index.html").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        for name, (shown, opened, rep) in browser_figures(args.site).items():
            print(f"  {name:38} browser {shown:5,} collapsed, {opened:5,} fully open, most repeated sentence: {rep}x")
    else:
        print(f"  (no built site at {args.site}: run 'unlearning-scope build' for the browser figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
