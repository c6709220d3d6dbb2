"""The browser questionnaire computes exactly what the CLI computes.

`site/assets/javascripts/questionnaire.js` ports the engine to JavaScript so that answers never leave
the reader's browser. A port is only trustworthy if it is proven equal: these tests run it under Node
(one process, `tests/js/run_engine.js`) on every scenario, the empty answers, a fixed random sample of
partial answers, every complete answer over the main questions, and the small fixture knowledge bases
(which exercise `unanswered` and `includes_all` conditions the real rules do not use), and compare the
whole result with `assessment.assess` field by field. Permalinks, the answers export and SHA-256 are
compared with their Python counterparts too.
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

from framework.answer_space import Value
from framework.answers import AnswersError, check_answers, permalink, read_answers, read_permalink
from framework.assessment import assess
from framework.diagnostics import Positions
from framework.engine import Compiled, compile_kb
from framework.knowledge_base import KnowledgeBase
from framework.loader import load
from framework.sitegen.questionnaire_data import questionnaire_data, questionnaire_data_js
from framework.yaml_source import parse

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCRIPT = REPO / "site" / "assets" / "javascripts" / "questionnaire.js"
HARNESS = HERE / "js" / "run_engine.js"
MINI = HERE / "fixtures" / "mini"
SCENARIO_DIRS = [HERE / "scenarios", REPO.parent / "shared" / "scenarios"]
SEED = 20261128
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# A rule using the condition forms the real knowledge base does not (includes_all, not, any, all),
# added to a copy of the mini fixture so the port of every form is checked.
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


def as_value(answers: dict[str, Any]) -> dict[str, Value]:
    return {q: tuple(v) if isinstance(v, list) else v for q, v in answers.items()}


def python_result(kb: KnowledgeBase, c: Compiled, answers: dict[str, Value]) -> Any:
    return json.loads(json.dumps(assess(kb, c, answers)))


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


def random_partial(c: Compiled, rng: random.Random) -> dict[str, Value]:
    """Each question unanswered or a random valid answer (many-choice: a random non-empty subset).

    Answered with probability 0.6 rather than 0.5: the cost of a case grows with every unanswered
    question (completions multiply), and this keeps the module within its time budget while still
    leaving two or three questions open on average."""
    out: dict[str, Value] = {}
    for q in c.space.questions:
        if rng.random() < 0.6:
            out[q.id] = rng.choice(c.space.domain(q.id))
    return out


def every_partial(c: Compiled) -> list[dict[str, Value]]:
    """Every partial answer set of a (small) knowledge base, optional questions included."""
    qids = [q.id for q in c.space.questions]
    domains = [[None, *c.space.domain(q)] for q in qids]
    return [{q: v for q, v in zip(qids, combo) if v is not None} for combo in itertools.product(*domains)]


def scenario_answers(c: Compiled) -> list[tuple[str, dict[str, Value]]]:
    out = []
    for folder in SCENARIO_DIRS:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            spec = parse(path.read_bytes(), path.name)[0]
            if isinstance(spec, dict) and isinstance(spec.get("answers"), dict):
                out.append((f"{folder.name}/{path.name}", check_answers(spec["answers"], c.space, Positions(path.name))))
    return out


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

    def __init__(self, kb: KnowledgeBase, c: Compiled, tmp: Path):
        rng = random.Random(SEED)
        self.kb, self.c = kb, c
        self.datasets: dict[str, tuple[KnowledgeBase, Compiled]] = {"main": (kb, c)}
        mini = load(MINI)
        self.datasets["mini"] = (mini, compile_kb(mini))
        extended = tmp / "mini-extended"
        shutil.copytree(MINI, extended)
        (extended / "rules" / "extra.yaml").write_text(EXTRA_RULES, encoding="utf-8")
        ext = load(extended)
        self.datasets["mini-extended"] = (ext, compile_kb(ext))

        self.assess_cases: list[tuple[str, str, dict[str, Value]]] = []  # (name, dataset, answers)
        for name, answers in scenario_answers(c):
            self.assess_cases.append((f"scenario {name}", "main", answers))
        self.assess_cases.append(("empty answers", "main", {}))
        self.n_random = 300
        for i in range(self.n_random):
            self.assess_cases.append((f"random #{i} (seed {SEED})", "main", random_partial(c, rng)))
        # every goal x target x deployment x concern, with three adversary sets; the driver cycles
        # through all its values so that each set is complete without multiplying the cases
        main_qs = ("goal", "target", "deployment", "concern")
        drivers = c.space.domain("driver")
        combos = itertools.product(*(c.space.domain(q) for q in main_qs), (("benign",), ("benign", "prompting"), ("weights",)))
        for i, (*main, adversary) in enumerate(combos):
            answers = dict(zip(main_qs, main)) | {"adversary": adversary, "driver": drivers[i % len(drivers)]}
            self.assess_cases.append((f"complete {answers}", "main", answers))
        for ds in ("mini", "mini-extended"):
            for answers in every_partial(self.datasets[ds][1]):
                self.assess_cases.append((f"{ds} {answers}", ds, answers))

        # a deliberately wrong port (one rule's verdict changed) must be caught
        self.mutated = copy.deepcopy(questionnaire_data(kb, c))
        rule = next(r for r in self.mutated["rules"] if r["id"] == "R-RET-002")
        rule["then"]["verdict"] = "partial"
        self.mutation_answers: dict[str, Value] = {
            "goal": "removal", "target": "data", "deployment": "hosted", "adversary": ("benign",), "concern": "in-model",
        }

        self.fragment_sets = [a for _, ds, a in self.assess_cases if ds == "main"][:120]
        cases: list[dict[str, Any]] = []
        for _, ds, answers in self.assess_cases:
            cases.append({"op": "assess", "data": ds, "answers": plain(answers)})
        cases.append({"op": "assess", "data": "mutated", "answers": plain(self.mutation_answers)})
        cases += [{"op": "fragment", "data": "main", "answers": plain(a)} for a in self.fragment_sets]
        cases += [{"op": "readFragment", "data": "main", "hash": link} for link in LINKS]
        cases += [{"op": "answersYaml", "data": "main", "answers": plain(a)} for a in self.fragment_sets]
        cases += [{"op": "sha256", "data": "main", "text": t} for t in SHA_TEXTS]
        invalid: list[dict[str, Any]] = [
            {"goal": "removl"}, {"nope": "x"}, {"adversary": []}, {"adversary": ["benign", "benign"]}, {"goal": ["removal"]},
        ]
        cases += [{"op": "assess", "data": "main", "answers": bad} for bad in invalid]
        request = {
            "datasets": {name: questionnaire_data(k, cc) for name, (k, cc) in self.datasets.items()} | {"mutated": self.mutated},
            "cases": cases,
        }
        assert NODE is not None
        proc = subprocess.Popen([NODE, str(HARNESS), str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8")
        # Python's side runs while Node works.
        self.python = [python_result(*self.datasets[ds], answers) for _, ds, answers in self.assess_cases]
        out, err = proc.communicate(json.dumps(request))
        assert proc.returncode == 0, f"node failed:\n{err}"
        results = json.loads(out)
        assert len(results) == len(cases)
        n = len(self.assess_cases)
        self.js = results[:n]
        self.js_mutated = results[n]
        rest = results[n + 1:]
        k = len(self.fragment_sets)
        self.fragments, rest = rest[:k], rest[k:]
        self.read, rest = rest[:len(LINKS)], rest[len(LINKS):]
        self.yaml, rest = rest[:k], rest[k:]
        self.sha, self.bad = rest[:len(SHA_TEXTS)], rest[len(SHA_TEXTS):]


@pytest.fixture(scope="module")
def run(kb: KnowledgeBase, compiled: Compiled, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return Run(kb, compiled, tmp_path_factory.mktemp("questionnaire-js"))


# --- the tests -----------------------------------------------------------------------------------


def test_cases_cover_what_was_promised(run: Run) -> None:
    names = [name for name, _, _ in run.assess_cases]
    assert sum(n.startswith("scenario tests/") or n.startswith("scenario scenarios/") for n in names) >= 30
    assert "empty answers" in names
    assert run.n_random >= 300
    assert sum(n.startswith("complete ") for n in names) == 81 * 3
    assert sum(n.startswith("mini") for n in names) > 100


def test_assess_in_javascript_equals_python(run: Run) -> None:
    """Every field of the result (`explanation`, `kb_digest` and claim `sources` included) is equal."""
    for (name, ds, answers), py, js in zip(run.assess_cases, run.python, run.js):
        assert "error" not in js, f"{name} ({ds}): JS raised {js['error']}\nanswers: {plain(answers)}"
        diff = first_difference(py, js["ok"])
        assert diff is None, f"{name} ({ds}): first difference at {diff}\nanswers: {plain(answers)}"


def test_the_comparison_catches_a_wrong_port(run: Run) -> None:
    """Guards against a vacuous comparison: a one-rule change in the data must show up."""
    py = python_result(run.kb, run.c, run.mutation_answers)
    js = run.js_mutated["ok"]
    diff = first_difference(py, js)
    assert diff is not None and "retrain" in diff, diff


def test_invalid_answers_are_refused(run: Run) -> None:
    assert all("error" in r for r in run.bad), run.bad


def test_fragment_equals_the_python_permalink(run: Run) -> None:
    for answers, frag in zip(run.fragment_sets, run.fragments):
        link = permalink(answers, run.c.space, run.kb.meta.version, run.kb.meta.site_url)
        assert "#" + frag["ok"] == link[link.index("#"):], answers


def test_permalinks_read_as_python_reads_them(run: Run) -> None:
    """Where the CLI accepts a link, the browser reads the same answers and version; where it refuses
    one, the browser reports the same problems (and keeps only the questions it could read whole)."""
    for link, js in zip(LINKS, run.read):
        got = js["ok"]
        try:
            answers, version = read_permalink(link, run.c.space)
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
    for answers, frag in zip(run.fragment_sets, run.fragments):
        assert read_permalink("questionnaire/#" + frag["ok"], run.c.space) == (answers, run.kb.meta.version)


def test_answers_yaml_is_read_by_the_cli(run: Run) -> None:
    for answers, text in zip(run.fragment_sets, run.yaml):
        assert read_answers(text["ok"], "answers.yaml", run.c.space) == answers, text["ok"]


def test_sha256_matches_hashlib(run: Run) -> None:
    for text, got in zip(SHA_TEXTS, run.sha):
        assert got["ok"] == hashlib.sha256(text.encode("utf-8")).hexdigest(), text


def test_data_script_is_deterministic_ascii(kb: KnowledgeBase, compiled: Compiled) -> None:
    first = questionnaire_data_js(kb, compiled)
    second = questionnaire_data_js(kb, compile_kb(kb))
    assert first == second
    assert first.isascii()
    prefix = "window.UnlearningScopeData = "
    assert first.startswith(prefix) and first.endswith(";\n")
    assert json.loads(first[len(prefix):-2]) == json.loads(json.dumps(questionnaire_data(kb, compiled)))


def test_script_keeps_answers_in_the_browser() -> None:
    """The privacy promise, checked on the source: no network or storage API, no HTML parsing of text."""
    source = SCRIPT.read_text(encoding="utf-8")
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "localStorage",
                      "sessionStorage", "indexedDB", "document.cookie", "innerHTML", "outerHTML",
                      "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert forbidden not in source, forbidden
