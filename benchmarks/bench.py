"""Prints performance figures for the knowledge base; a script, not a timed test.

    python benchmarks/bench.py [--repeat N]

Measures, on the real knowledge base and on synthetic ones 10x and 100x larger:
- PyYAML alone parsing the same files (the floor), next to our load + structural checks;
- compiling the decision tables (time, and size raw and gzipped), then exhaustive verification on
  them (answer combinations per second) and the whole `validate`;
- `evaluate` per answers file, read from the tables, with nothing answered as the worst case.
Targets: load and structural checks within 5x of the parse floor; `validate` (the table compile
included) under 2 s on a 2-core machine; growth no worse than linear in the number of slots.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from framework.kb.answers import read_answers
from framework.kb.loader import kb_files, load
from framework.kb.locate import bundled_root
from framework.logic.engine import compile_kb
from framework.logic.tables import compile_tables, dumps
from framework.logic.verify import check
from framework.outputs.assessment import assess

ROOT = bundled_root()
SCENARIOS = Path(__file__).resolve().parent.parent / "tests" / "scenarios"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


FLOOR_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def parse_floor(root: Path, loader: type = FLOOR_LOADER) -> None:
    for f in kb_files(root):
        yaml.load(f.read_bytes(), Loader=loader)


def synthetic(factor: int, into: Path) -> Path:
    """The real knowledge base with its claims (and the rules deciding them) and glossary repeated
    `factor` times under fresh IDs: entries grow, the questionnaire stays the same."""
    root = into / f"x{factor}"
    for folder in ("taxonomy", "rules"):
        shutil.copytree(ROOT / folder, root / folder)
    sources = sorted((ROOT / "rules" / "claims").glob("*.yaml")) + [ROOT / "taxonomy" / "glossary.yaml"]
    for k in range(1, factor):
        for src in sources:
            text = src.read_text()
            text = re.sub(r"\bCL-([0-9]{3})\b", rf"CL-{k:03d}\1", text)
            text = re.sub(r"\bR-CL-([0-9]{3,})\b", rf"R-CL-{k:03d}\1", text)
            text = re.sub(r"\bterm-([a-z0-9-]+)\b", rf"term-x{k}-\1", text)
            dest = root / src.relative_to(ROOT).parent / f"{src.stem}-copy{k}.yaml"
            dest.write_text(text)
    return root


def measure(root: Path, label: str, repeat: int) -> dict[str, float]:
    floor = best(lambda: parse_floor(root), repeat)
    pure = best(lambda: parse_floor(root, yaml.SafeLoader), 1)
    load_t = best(lambda: load(root), repeat)
    kb = load(root)
    entries = sum(len(t) for t in kb.entries.values())
    t = time.perf_counter()
    c = compile_kb(kb)
    comp = compile_tables(kb, c)
    compile_t = time.perf_counter() - t
    text = dumps(comp.tables).encode("utf-8")
    t = time.perf_counter()
    rep = check(kb, c, comp)
    verify_t = time.perf_counter() - t
    assert not rep.problems, rep.problems[:3]
    validate_t = load_t + compile_t + verify_t
    combos = rep.complete_checked + rep.partial_checked
    print(f"{label:>10}  entries {entries:6d}  files {len(kb.files):4d}  parse floor {floor*1000:7.1f} ms (pure {pure*1000:7.1f} ms)  "
          f"load+checks {load_t*1000:8.1f} ms ({load_t/floor:4.1f}x floor)")
    print(f"{'':>10}  decision tables: {rep.slots} slots, {comp.entries:,} entries, {len(comp.tables.data['outcomes'])} outcomes, "
          f"compiled in {compile_t*1000:7.1f} ms, {len(text)/1024:,.0f} KiB raw, {len(gzip.compress(text, 9))/1024:,.0f} KiB gzip")
    print(f"{'':>10}  verification on the tables {verify_t*1000:8.1f} ms ({combos/verify_t:,.0f} combinations/s, {combos:,} combinations, "
          f"{rep.tree_paths} tree-path answers)  validate {validate_t:6.2f} s")
    return {"entries": entries, "load": load_t, "compile": compile_t, "verify": verify_t, "validate": validate_t, "floor": floor,
            "slots": rep.slots, "bytes": len(text)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-100x", action="store_true", help="skip the 100x synthetic knowledge base")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__}; parse floor: yaml.load with {FLOOR_LOADER.__name__} (the loader composes with libyaml too where present)")
    results = {"real": measure(ROOT, "real", args.repeat)}
    kb = load(ROOT)
    c = compile_kb(kb)
    tables = compile_tables(kb, c).tables
    files = sorted(SCENARIOS.glob("*.yaml"))
    if files:
        answers = [read_answers(yaml.safe_dump(yaml.safe_load(f.read_text())["answers"]), f.name, c.space) for f in files]
        first = best(lambda: assess(compile_tables(kb, c).tables, answers[0]), 1) - best(lambda: compile_tables(kb, c), 1)
        per = [best(lambda a=a: assess(tables, a), args.repeat) for a in answers]
        nothing = best(lambda: assess(tables, {}), args.repeat)
        print(f"{'evaluate':>10}  {len(per)} answers files: median {statistics.median(per)*1000:.1f} ms, max {max(per)*1000:.1f} ms per file "
              f"(what would change included; first call on fresh tables {max(first, 0)*1000:.1f} ms); nothing answered {nothing*1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        factors = [10] if args.skip_100x else [10, 100]
        for f in factors:
            results[f"{f}x"] = measure(synthetic(f, Path(tmp)), f"{f}x", 1)
    base = results["real"]
    for key, r in results.items():
        if key == "real":
            continue
        growth = r["entries"] / base["entries"]
        slots = r["slots"] / base["slots"]
        print(f"{key:>10}  entries x{growth:.1f}, slots (methods, claims, mismatches) x{slots:.1f}: load x{r['load']/base['load']:.1f}, "
              f"table compile x{r['compile']/base['compile']:.1f}, table size x{r['bytes']/base['bytes']:.1f}, "
              f"verification x{r['verify']/base['verify']:.1f}, validate x{r['validate']/base['validate']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
