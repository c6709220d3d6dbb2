"""The browser computes exactly what the CLI computes, because both only look up the same tables.

Rules are compiled once, in Python, into decision tables; `site/assets/javascripts/tables.js` and
`framework.logic.evaluation`/`changes`/`assessment` both read them and combine outcomes as the contract says.
These tests run the browser's code under Node (one process, `tests/js/run_engine.js`) and prove the two
agree on every answer set:

- A result is assembled from one evaluation per conclusion (a method, a mismatch, a claim), and each of
  those reads only the answers to the questions that conclusion reads. So the sweep below evaluates
  every conclusion on every partial answer set over its own questions (each unanswered or any of its
  answers) in both languages and compares them; that covers every complete and every partial answer
  set of the whole questionnaire. What would change a verdict is swept the same way (for claims, on
  every set with at most one of its questions open, plus whole results on a random sample).
- Whole results (unknowns, defaults, digest, citation) are compared on every scenario, the empty
  answers, a random sample and the small fixture knowledge bases (which use the condition forms the
  real rules do not), and on the tables of every released version.
Permalinks, the answers export and SHA-256 are compared with their Python counterparts too.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from framework.kb.answers import AnswersError, canonical_json, check_answers, permalink, read_answers, read_permalink
from framework.kb.diagnostics import Positions
from framework.kb.loader import load
from framework.kb.yaml_source import parse
from framework.logic.changes import what_would_change
from framework.logic.engine import compile_kb
from framework.logic.evaluation import Evaluation
from framework.logic.tables import Tables, compile_tables, to_json
from framework.model.answer_space import Value
from framework.outputs.assessment import assess
from framework.outputs.versions import VersionError, answers_fit, differences, released_versions, tables_for
from framework.sitegen.questionnaire_data import tables_js

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENGINE = REPO / "site" / "assets" / "javascripts" / "tables.js"
UI = REPO / "site" / "assets" / "javascripts" / "questionnaire.js"
HARNESS = HERE / "js" / "run_engine.js"
MINI = HERE / "fixtures" / "mini"
SCENARIO_DIRS = [HERE / "scenarios", REPO.parent / "shared" / "scenarios"]
SEED = 20261128
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# A rule using the condition forms the real knowledge base does not (includes_all, not, any, all),
# added to a copy of the mini fixture so that compiling every form is checked end to end.
EXTRA_RULES = """\
rules:
  - id: R-X-001
    label: Every adversary listed, outside removal and open weights
    when:
      all:
        - {question: adversary, includes_all: [benign, prompting]}
        - not:
            any:
              - {question: goal, in: [removal]}
              - {fact: is-open}
    then: {mismatch: M1, why: "A <b>why</b> with markup & an \\u00e9, which must stay text."}
    provenance: [{basis: editorial}]
"""


# --- helpers -------------------------------------------------------------------------------------


def plain(answers: dict[str, Value]) -> dict[str, Any]:
    return {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}


def fits(t: Tables, answers: dict[str, Value]) -> bool:
    try:
        answers_fit(t, answers)
    except VersionError:
        return False
    return True


def python_result(t: Tables, answers: dict[str, Value]) -> Any:
    return json.loads(json.dumps(assess(t, answers)))


def first_difference(py: Any, js: Any, path: str = "result") -> str | None:
    """Where two JSON values first differ, with both sides shown briefly."""
    if isinstance(py, dict) and isinstance(js, dict):
        for key in list(py) + [k for k in js if k not in py]:
            if key not in js:
                return f"{path}.{key}: missing in JS (Python: {json.dumps(py[key])[:300]})"
            if key not in py:
                return f"{path}.{key}: only in JS ({json.dumps(js[key])[:300]})"
            found = first_difference(py[key], js[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(py, list) and isinstance(js, list):
        for i, (x, y) in enumerate(zip(py, js)):
            label = f"{path}[{i}]" + (f"<{x['id']}>" if isinstance(x, dict) and "id" in x else "")
            found = first_difference(x, y, label)
            if found:
                return found
        if len(py) != len(js):
            return f"{path}: Python has {len(py)} items {[x.get('id') if isinstance(x, dict) else x for x in py]}, " \
                   f"JS {len(js)} {[x.get('id') if isinstance(x, dict) else x for x in js]}"
        return None
    if py != js or type(py) is not type(js):
        return f"{path}: Python {json.dumps(py)[:300]} != JS {json.dumps(js)[:300]}"
    return None


def random_partial(t: Tables, rng: random.Random, answered: float = 0.6) -> dict[str, Value]:
    """Each question unanswered or a random valid answer (many-choice: a random non-empty subset)."""
    return {q: rng.choice(t.domain(q)) for q in t.question_ids if rng.random() < answered}


def every_partial(t: Tables) -> list[dict[str, Value]]:
    """Every partial answer set of a (small) knowledge base, optional questions included."""
    qids = t.question_ids
    domains = [[None, *t.domain(q)] for q in qids]
    return [{q: v for q, v in zip(qids, combo) if v is not None} for combo in itertools.product(*domains)]


def scenario_answers(t: Tables, space: Any) -> list[tuple[str, dict[str, Value]]]:
    out = []
    for folder in SCENARIO_DIRS:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            spec = parse(path.read_bytes(), path.name)[0]
            if isinstance(spec, dict) and isinstance(spec.get("answers"), dict):
                out.append((f"{folder.name}/{path.name}", check_answers(spec["answers"], space, Positions(path.name))))
    return out


def reads_of(t: Tables, kind: str, item: str) -> list[str]:
    return next(m["reads"] for m in t.data["methods"] if m["id"] == item) if kind == "method" else t.reads((kind, item))


def sweep(t: Tables, kind: str, item: str, max_open: int | None, changes: bool) -> list[str]:
    """What the harness's sweep computes, in Python: one canonical JSON line per partial answer set."""
    reads = reads_of(t, kind, item)
    lines = []
    for combo in itertools.product(*([None, *t.domain(q)] for q in reads)):
        if max_open is not None and sum(v is None for v in combo) > max_open:
            continue
        answers = {q: v for q, v in zip(reads, combo) if v is not None}
        ev = Evaluation(t, answers)
        r = ev.method(item) if kind == "method" else ev.claim(item) if kind == "claim" else ev.mismatch(item)
        if r is not None and changes and kind != "mismatch":
            r["what_would_change"] = what_would_change(t, answers, kind, item, r["verdict"])
        lines.append(canonical_json(r))
    return lines


def digest_of(lines: list[str]) -> dict[str, Any]:
    h = hashlib.sha256()
    for line in lines:
        h.update((line + "\n").encode("utf-8"))
    return {"count": len(lines), "sha256": h.hexdigest()}


LINKS = [
    "questionnaire/#v=0.1.0&goal=removal&adversary=benign,prompting",
    "questionnaire/#",
    "questionnaire/#v=0.1.0",
    "https://example.org/x/questionnaire/#v=9.9.9&goal=both&built_for_deletion=yes",
    "#v=0.1.0&adversary=weights,benign&goal=suppression",  # options out of order: normalised
    "questionnaire/#goal=remov%61l&v=0.1.0",  # percent-encoding
    "questionnaire/#v=0.1.0&goal=removl",  # unknown option
    "questionnaire/#v=0.1.0&targte=data",  # unknown question
    "questionnaire/#v=0.1.0&goal=removal&goal=both",  # duplicate key
    "questionnaire/#v=0.1.0&v=0.2.0&goal=removal",  # duplicate version
    "questionnaire/#v=0.1.0&adversary=",  # empty many-choice
    "questionnaire/#v=0.1.0&adversary=benign,benign",  # duplicate option
    "questionnaire/#v=0.1.0&adversary=benign,",  # empty item
    "questionnaire/#v=0.1.0&goal=removal&adversary=benign,weightz",  # one bad option drops the question
    "questionnaire/#v=0.1.0&goal",  # no '='
    "questionnaire/#v=0.1.0&&goal=removal",  # empty field
    "questionnaire/#v=0.1.0&goal=removal+",  # '+' is a space
    "questionnaire/#v=0.1.0&goal=%ZZ",  # bad escape kept literally
    "questionnaire/#v=0.1.0&constructor=x&__proto__=y",  # no prototype keys
]

SHA_TEXTS = ["", "abc", "a" * 55, "a" * 56, "a" * 63, "a" * 64, "a" * 65, "a" * 1000, "é中😀\n\"\\", '{"goal":"removal"}']




# --- one Node run for everything -----------------------------------------------------------------


class Run:
    """Every case of this module, run once through Node while Python computes its own results."""

    def __init__(self, kb: Any, tmp: Path):
        rng = random.Random(SEED)
        self.space = compile_kb(kb).space
        self.tables: dict[str, Tables] = {"main": tables_for(kb, REPO, None)}
        for v in released_versions(REPO):
            self.tables[f"release {v}"] = tables_for(kb, REPO, v)
        mini = load(MINI)
        self.tables["mini"] = compile_tables(mini, compile_kb(mini)).tables
        extended = tmp / "mini-extended"
        shutil.copytree(MINI, extended)
        (extended / "rules" / "extra.yaml").write_text(EXTRA_RULES, encoding="utf-8")
        ext = load(extended)
        self.tables["mini-extended"] = compile_tables(ext, compile_kb(ext)).tables
        main = self.tables["main"]

        self.assess_cases: list[tuple[str, str, dict[str, Value]]] = []  # (name, dataset, answers)
        for name, answers in scenario_answers(main, self.space):
            for ds in self.tables:
                # an older release refuses answers it has no question or option for (test_versions.py)
                if not ds.startswith("mini") and fits(self.tables[ds], answers):
                    self.assess_cases.append((f"scenario {name}", ds, answers))
        self.assess_cases.append(("empty answers", "main", {}))
        self.n_random = 150
        for i in range(self.n_random):
            self.assess_cases.append((f"random #{i} (seed {SEED})", "main", random_partial(main, rng)))
        for ds in ("mini", "mini-extended"):
            for answers in every_partial(self.tables[ds]):
                self.assess_cases.append((f"{ds} {answers}", ds, answers))

        # sweeps: every conclusion over every partial answer set of its questions
        self.sweeps: list[tuple[str, str, str, int | None, bool]] = []
        for s in main.slots():
            if s[0] != "method":
                self.sweeps.append(("main", s[0], s[1], None, False))
        for m in main.data["methods"]:
            self.sweeps.append(("main", "method", m["id"], None, True))
        for cl in main.data["claims"]:
            self.sweeps.append(("main", "claim", cl["id"], 1, True))

        # a deliberately wrong table (one rule's verdict changed in the catalogue) must be caught
        self.mutated = copy.deepcopy(to_json(main))
        outcome = next(o for o in self.mutated["outcomes"] if o["value"] == "supports" and any(r["id"] == "R-RET-002" for r in o["rules"]))
        outcome["value"] = "partial"
        self.mutation_answers: dict[str, Value] = {
            "goal": "removal", "target": "data", "deployment": "hosted", "adversary": ("benign",), "concern": "in-model",
        }

        self.fragment_sets = [a for _, ds, a in self.assess_cases if ds == "main"][:120]
        cases: list[dict[str, Any]] = []
        for _, ds, answers in self.assess_cases:
            cases.append({"op": "assess", "data": ds, "answers": plain(answers)})
        for ds, kind, item, max_open, changes in self.sweeps:
            cases.append({"op": "sweep", "data": ds, "kind": kind, "id": item, "max_open": max_open, "changes": changes})
        cases.append({"op": "assess", "data": "mutated", "answers": plain(self.mutation_answers)})
        cases += [{"op": "fragment", "data": "main", "answers": plain(a)} for a in self.fragment_sets]
        cases += [{"op": "readFragment", "data": "main", "hash": link} for link in LINKS]
        cases += [{"op": "answersYaml", "data": "main", "answers": plain(a)} for a in self.fragment_sets]
        cases += [{"op": "sha256", "data": "main", "text": t} for t in SHA_TEXTS]
        invalid: list[dict[str, Any]] = [
            {"goal": "removl"}, {"nope": "x"}, {"adversary": []}, {"adversary": ["benign", "benign"]}, {"goal": ["removal"]},
        ]
        cases += [{"op": "assess", "data": "main", "answers": bad} for bad in invalid]
        request = {"datasets": {name: to_json(t) for name, t in self.tables.items()} | {"mutated": self.mutated}, "cases": cases}
        self.request = request
        assert NODE is not None
        proc = subprocess.Popen([NODE, str(HARNESS), str(ENGINE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8")
        # Python's side runs while Node works.
        self.python = [python_result(self.tables[ds], answers) for _, ds, answers in self.assess_cases]
        self.python_sweeps = [digest_of(sweep(self.tables[ds], kind, item, mo, ch)) for ds, kind, item, mo, ch in self.sweeps]
        out, err = proc.communicate(json.dumps(request))
        assert proc.returncode == 0, f"node failed:\n{err}"
        results = json.loads(out)
        assert len(results) == len(cases)
        n = len(self.assess_cases)
        self.js, rest = results[:n], results[n:]
        self.js_sweeps, rest = rest[:len(self.sweeps)], rest[len(self.sweeps):]
        self.js_mutated, rest = rest[0], rest[1:]
        k = len(self.fragment_sets)
        self.fragments, rest = rest[:k], rest[k:]
        self.read, rest = rest[:len(LINKS)], rest[len(LINKS):]
        self.yaml, rest = rest[:k], rest[k:]
        self.sha, self.bad = rest[:len(SHA_TEXTS)], rest[len(SHA_TEXTS):]

    def js_sweep_list(self, ds: str, kind: str, item: str, max_open: int | None, changes: bool) -> list[str]:
        assert NODE is not None
        request = {"datasets": {ds: self.request["datasets"][ds]},
                   "cases": [{"op": "sweep-list", "data": ds, "kind": kind, "id": item, "max_open": max_open, "changes": changes}]}
        out = subprocess.run([NODE, str(HARNESS), str(ENGINE)], input=json.dumps(request), capture_output=True, text=True, check=True)
        return json.loads(out.stdout)[0]["ok"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def run(kb: Any, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return Run(kb, tmp_path_factory.mktemp("questionnaire-js"))


# --- the tests -----------------------------------------------------------------------------------


def test_cases_cover_what_was_promised(run: Run) -> None:
    names = [name for name, _, _ in run.assess_cases]
    assert sum(n.startswith("scenario tests/") or n.startswith("scenario scenarios/") for n in names) >= 30
    assert "empty answers" in names and run.n_random >= 150
    assert sum(n.startswith("mini") for n in names) > 100
    assert any(ds.startswith("release ") for _, ds, _ in run.assess_cases), "no released version's tables were compared"
    main = run.tables["main"]
    swept = {(kind, item) for _, kind, item, _, _ in run.sweeps}
    assert swept >= {(s[0], s[1]) for s in main.slots()}, "a conclusion was not swept"
    total = sum(s["count"] for s, (_, _, _, mo, _) in zip(run.python_sweeps, run.sweeps) if mo is None)
    assert total > 100_000


def test_every_conclusion_on_every_partial_answer_set_equals_python(run: Run) -> None:
    for (ds, kind, item, max_open, changes), py, js in zip(run.sweeps, run.python_sweeps, run.js_sweeps):
        assert "error" not in js, f"{kind} {item}: JS raised {js['error']}"
        if js["ok"] != py:
            mine = sweep(run.tables[ds], kind, item, max_open, changes)
            theirs = run.js_sweep_list(ds, kind, item, max_open, changes)
            i = next(i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b)
            pytest.fail(f"{kind} {item}: answer set #{i} differs\nPython: {mine[i][:600]}\nJS:     {theirs[i][:600]}")


def test_assess_in_javascript_equals_python(run: Run) -> None:
    """Every field of the result (`explanation`, `what_would_change`, `kb_digest`, claim `sources`)."""
    for (name, ds, answers), py, js in zip(run.assess_cases, run.python, run.js):
        assert "error" not in js, f"{name} ({ds}): JS raised {js['error']}\nanswers: {plain(answers)}"
        diff = first_difference(py, js["ok"])
        assert diff is None, f"{name} ({ds}): first difference at {diff}\nanswers: {plain(answers)}"


def test_the_comparison_catches_a_wrong_table(run: Run) -> None:
    """Guards against a vacuous comparison: a one-outcome change in the tables must show up."""
    py = python_result(run.tables["main"], run.mutation_answers)
    js = run.js_mutated["ok"]
    diff = first_difference(py, js)
    assert diff is not None and "retrain" in diff, diff


def test_versions_differ_as_python_says(run: Run) -> None:
    """The differences the page lists for an old permalink are those `compare` prints."""
    releases = [ds for ds in run.tables if ds.startswith("release ")]
    assert releases
    for (name, ds, answers), py in zip(run.assess_cases, run.python):
        if ds != releases[0]:
            continue
        now = python_result(run.tables["main"], answers)
        expected = [d.__dict__ for d in differences(py, now)]
        assert NODE is not None
        request = {"datasets": {}, "cases": [{"op": "differences", "data": "main", "before": py, "after": now}]}
        out = subprocess.run([NODE, str(HARNESS), str(ENGINE)], input=json.dumps(request), capture_output=True, text=True, check=True)
        assert json.loads(out.stdout)[0]["ok"] == expected, name
        break


def test_invalid_answers_are_refused(run: Run) -> None:
    assert all("error" in r for r in run.bad), run.bad


def test_fragment_equals_the_python_permalink(run: Run) -> None:
    version = run.tables["main"].version
    for answers, frag in zip(run.fragment_sets, run.fragments):
        link = permalink(answers, version, None)
        assert "#" + frag["ok"] == link[link.index("#"):], answers


def test_permalinks_read_as_python_reads_them(run: Run) -> None:
    """Where the CLI accepts a link, the browser reads the same answers and version; where it refuses
    one, the browser reports the same problems (and keeps only the questions it could read whole)."""
    for link, js in zip(LINKS, run.read):
        got = js["ok"]
        try:
            answers, version = read_permalink(link, run.space)
        except AnswersError as e:
            codes = {d.code for d in e.diagnostics}
            assert got["errors"], f"{link}: Python refuses it ({codes}), JS reads it"
            assert codes <= {x["code"] for x in got["errors"]}, f"{link}: Python {codes}, JS {got['errors']}"
            continue
        assert got["errors"] == [], f"{link}: {got['errors']}"
        assert got["answers"] == plain(answers) and list(got["answers"]) == list(answers), link
        assert got["version"] == version, link
    bad_option = run.read[LINKS.index("questionnaire/#v=0.1.0&goal=removal&adversary=benign,weightz")]["ok"]
    assert bad_option["answers"] == {"goal": "removal"}
    duplicate = run.read[LINKS.index("questionnaire/#v=0.1.0&goal=removal&goal=both")]["ok"]
    assert duplicate["answers"] == {} and [e["code"] for e in duplicate["errors"]] == ["duplicate-key"]
    assert run.read[LINKS.index("questionnaire/#v=0.1.0&targte=data")]["ok"]["errors"][0]["message"].find("did you mean 'target'") > 0


def test_fragment_round_trip(run: Run) -> None:
    """A fragment the browser writes reads back, in Python and in the browser, to the same answers."""
    version = run.tables["main"].version
    for answers, frag in zip(run.fragment_sets, run.fragments):
        assert read_permalink("questionnaire/#" + frag["ok"], run.space) == (answers, version)


def test_answers_yaml_is_read_by_the_cli(run: Run) -> None:
    for answers, text in zip(run.fragment_sets, run.yaml):
        assert read_answers(text["ok"], "answers.yaml", run.space) == answers, text["ok"]


def test_sha256_matches_hashlib(run: Run) -> None:
    for text, got in zip(SHA_TEXTS, run.sha):
        assert got["ok"] == hashlib.sha256(text.encode("utf-8")).hexdigest(), text


def test_tables_script_is_deterministic_ascii(run: Run) -> None:
    first = tables_js(run.tables["main"])
    assert first == tables_js(run.tables["main"]) and first.isascii()
    prefix = "(window.UnlearningScopeTables = window.UnlearningScopeTables || {pending: []}).pending.push("
    assert first.startswith(prefix) and first.endswith(");\n")
    assert json.loads(first[len(prefix):-3]) == to_json(run.tables["main"])


def test_scripts_keep_answers_in_the_browser_and_read_no_rules() -> None:
    """The privacy promise, checked on the source: no network or storage API, no HTML parsing of text;
    and no rule interpretation left in the browser (conditions, overrides and facts are compiled away)."""
    for script in (ENGINE, UI):
        source = script.read_text(encoding="utf-8")
        for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "localStorage",
                          "sessionStorage", "indexedDB", "document.cookie", "innerHTML", "outerHTML",
                          "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert forbidden not in source, (script.name, forbidden)
        for engine_word in ("includes_all", "compileCondition", "overrides", "relevant_when", "beaten"):
            assert engine_word not in source, (script.name, engine_word)
