"""A result a reader can act on (issue 17): the bottom line answers the reader's question in the
reader's words, each thing is said once, and 'what would change' only moves the facts of the situation."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from framework.cli import main
from framework.logic.changes import describes

ANSWER_SETS = {
    "privacy-erasure-hosted": "goal: removal\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\nconcern: in-model\n",
    "lyrics-suppression-hosted": "goal: suppression\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [copyright]\nconcern: in-outputs\n",
    "hazardous-capability-both-hosted": "goal: both\ntarget: capability\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [safety]\nconcern: in-outputs\n",
    "person-in-open-weights": "goal: removal\ntarget: data\ndeployment: open-weights\ndriver: [privacy]\nconcern: in-model\n",
}
SLUGS = re.compile(r"\((retrain|structural-exact|approximate|model-suppression|system-suppression|data-curation)\)|does-not-support|not-technical|"
                   r"make this supports|SIG-[A-Z]+-\d+|R-[A-Z]+-\d+")


class _Out:
    def __init__(self, out: str) -> None:
        self.out = out

    def json(self) -> Any:
        return json.loads(self.out)


def cli_module(*args: str) -> _Out:
    """The CLI in-process, its standard output captured (module-scoped fixtures cannot use capsys)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0
    return _Out(buf.getvalue())


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = {}
    folder = tmp_path_factory.mktemp("answers")
    for name, text in ANSWER_SETS.items():
        path = folder / f"{name}.yaml"
        path.write_text(text)
        out[name] = {"path": path, "json": cli_module("evaluate", str(path), "--format", "json").json()}
    return out


def _sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", re.sub(r"[#*|`>-]", " ", text))
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat) if len(s.split()) >= 5]


@pytest.mark.parametrize("name", list(ANSWER_SETS))
def test_bottom_line_names_methods_by_label_and_says_the_legal_question(results: dict[str, Any], name: str) -> None:
    r = results[name]["json"]
    bl = r["bottom_line"]
    assert 2 <= len(bl["text"]) <= 6
    prose = " ".join(bl["text"])
    assert not SLUGS.search(prose), prose
    assert "Ask the provider" not in prose and "evidence_needed" in bl
    for group in bl["achieves"]:
        for m in group["methods"]:
            assert m["label"].lower() in prose.lower()
    questions = {q["claim"] for q in bl["legal_questions"]}
    expected = {"privacy-erasure-hosted": "CL-007", "person-in-open-weights": "CL-007", "hazardous-capability-both-hosted": "CL-059",
                "lyrics-suppression-hosted": "CL-038"}[name]
    assert expected in questions and f"({expected})" in prose and "No method settles" in prose


def test_the_deciding_caveat_is_the_first_caveat_of_the_method_that_achieves_the_aim(results: dict[str, Any]) -> None:
    r = results["privacy-erasure-hosted"]["json"]
    retrain = next(m for m in r["methods"] if m["id"] == "retrain")
    assert r["bottom_line"]["deciding_caveat"] == {"method": "retrain", "aim": "removal", "text": retrain["caveats"][0]}
    assert retrain["caveats"][0] in " ".join(r["bottom_line"]["text"])
    assert "does not count" not in " ".join(r["bottom_line"]["text"]) or "system-level suppression" in " ".join(r["bottom_line"]["text"])


def test_goal_both_names_each_half(results: dict[str, Any]) -> None:
    r = results["hazardous-capability-both-hosted"]["json"]
    prose = " ".join(r["bottom_line"]["text"])
    assert "For removal," in prose and "for suppression," in prose
    suppression = {m["label"].lower() for g in r["bottom_line"]["achieves"] if g["aim"] == "suppression" for m in g["methods"]}
    assert "system-level suppression" in suppression  # partial for suppression although it does not support removal


@pytest.mark.parametrize("name", list(ANSWER_SETS))
def test_what_would_change_moves_only_the_situation(results: dict[str, Any], name: str, tables: Any) -> None:
    r = results[name]["json"]
    for item in [*r["methods"], *r["claims"]]:
        for direction in ("stronger", "weaker"):
            found = (item.get("what_would_change") or {}).get(direction)
            for option in (found or {}).get("options", []):
                for step in option["answers"]:
                    assert describes(tables, step["question"]) == "situation", (item["id"], step)
                    assert step["question"] not in ("goal", "driver", "concern")


def test_a_step_away_from_open_weights_says_it_applies_to_a_model_not_yet_released(results: dict[str, Any]) -> None:
    r = results["person-in-open-weights"]["json"]
    steps = [s for item in [*r["methods"], *r["claims"]] for d in ("stronger", "weaker")
             for o in ((item.get("what_would_change") or {}).get(d) or {}).get("options", []) for s in o["answers"]
             if s["question"] == "deployment"]
    assert steps and all("not yet released" in s["applies_to"] for s in steps)
    text = Path(results["person-in-open-weights"]["path"]).read_text()
    assert text  # the answers file exists; the full report says the same in words
    from framework.render.changes_text import change_lines

    lines = [ln for item in r["methods"] for ln in change_lines(item["what_would_change"], {f["question"]: f for f in r["facts"]})]
    assert any("deployment: Hosted (applies only to a model not yet released" in ln for ln in lines)


@pytest.mark.parametrize("name", list(ANSWER_SETS))
def test_reports_say_each_sentence_at_most_twice_and_no_slugs(results: dict[str, Any], name: str) -> None:
    path = str(results[name]["path"])
    for fmt in ("text", "markdown"):
        out = cli_module("evaluate", path, "--format", fmt).out
        repeated = [s for s, n in Counter(_sentences(out)).items() if n > 2]
        assert repeated == [], (fmt, repeated[:3])
        body = out[: out.find("CITE AS")] if fmt == "text" else out[: out.find("## How to cite")]
        assert not SLUGS.search(body), SLUGS.search(body)


def test_facts_assumed_say_every_question_in_words(results: dict[str, Any]) -> None:
    r = results["person-in-open-weights"]["json"]
    facts = {f["question"]: f for f in r["facts"]}
    assert facts["deployment"]["answer_label"] == "Open weights" and facts["deployment"]["source"] == "answered"
    assert facts["information"]["source"] == "default"
    assert facts["adversary"]["source"] == "open" and facts["adversary"]["answer"] is None


def test_detail_full_brings_back_every_condition(results: dict[str, Any]) -> None:
    path = str(results["privacy-erasure-hosted"]["path"])
    short = cli_module("evaluate", path).out
    full = cli_module("evaluate", path, "--detail", "full").out
    r = results["privacy-erasure-hosted"]["json"]
    for m in r["methods"]:
        for c in m["conditions"]:
            assert re.sub(r"\s+", " ", c)[:40] in re.sub(r"\s+", " ", full)
    assert len(full.split()) > len(short.split())


def test_what_does_not_count_only_because_a_question_is_unanswered_is_said_apart(tmp_path: Path) -> None:
    """Deployment unanswered: system-level suppression does not count only because the weakest answer
    (open weights) is assumed, and the bottom line says so; with open weights answered it is final."""
    def bottom(answers: str) -> dict[str, Any]:
        f = tmp_path / "a.yaml"
        f.write_text(answers, encoding="utf-8")
        return cli_module("evaluate", str(f), "--format", "json").json()["bottom_line"]

    open_ = bottom("goal: suppression\n")
    pending = [t for t in open_["text"] if "while" in t and "unanswered" in t]
    assert len(pending) == 1 and pending[0].startswith("System-level suppression does not count as suppression while")
    assert "\u201cHow is the model deployed?\u201d" in pending[0] and pending[0].endswith("the weakest answer is assumed.")
    assert "system-suppression" in [m["id"] for m in open_["does_not_count"]]
    settled = bottom("goal: suppression\ndeployment: open-weights\n")
    assert not any("unanswered:" in t for t in settled["text"])
    assert any(t.startswith("Structural exact unlearning, system-level suppression") and t.endswith("do not count as suppression here.")
               for t in settled["text"])
