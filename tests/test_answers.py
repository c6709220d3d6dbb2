"""Answers files and permalinks: normal form, and a precise error for every way they can be wrong."""

from __future__ import annotations

import pytest

from framework.kb.answers import AnswersError, digest, permalink, read_answers, read_permalink
from framework.logic.engine import Compiled


def errors(text: str, compiled: Compiled) -> list[tuple[str, int, str]]:
    with pytest.raises(AnswersError) as info:
        read_answers(text, "answers.yaml", compiled.space)
    return [(d.code, d.line, d.message) for d in info.value.diagnostics]


def test_normal_form_orders_questions_and_options(compiled: Compiled) -> None:
    a = read_answers("adversary: [weights, benign]\ngoal: removal\n", "a.yaml", compiled.space)
    assert list(a) == ["goal", "adversary"]
    assert a["adversary"] == ("benign", "weights")


def test_json_answers_are_read(compiled: Compiled) -> None:
    a = read_answers('{"goal": "both", "driver": ["safety"]}', "a.json", compiled.space)
    assert a == {"goal": "both", "driver": ("safety",)}


def test_yes_no_options_are_text_not_booleans(compiled: Compiled) -> None:
    assert read_answers("built_for_deletion: yes\n", "a.yaml", compiled.space) == {"built_for_deletion": "yes"}
    [(code, line, msg)] = errors("built_for_deletion: true\n", compiled)
    assert code == "wrong-type" and line == 1 and "true" in msg


def test_every_problem_is_reported_with_its_line(compiled: Compiled) -> None:
    found = errors("goal: removl\ntargte: data\nadversary: prompting\ndriver: []\ndeployment: [hosted, internal]\n", compiled)
    assert [(c, line) for c, line, _ in found] == [
        ("unknown-option", 1), ("unknown-question", 2), ("wrong-type", 3), ("empty-list", 4), ("one-choice", 5)
    ]
    assert "did you mean 'removal'" in found[0][2]
    assert "did you mean 'target'" in found[1][2]
    assert "[prompting]" in found[2][2]


def test_duplicates_and_nulls(compiled: Compiled) -> None:
    found = errors("adversary: [benign, benign]\nconcern: null\n", compiled)
    assert [c for c, _, _ in found] == ["duplicate-option", "wrong-type"]
    assert "leave the question out" in found[1][2]


def test_not_a_mapping_or_not_yaml(compiled: Compiled) -> None:
    assert errors("- goal\n", compiled)[0][0] == "bad-answers"
    assert errors("goal: [removal\n", compiled)[0][0] == "yaml-syntax"


def test_permalink_round_trip(compiled: Compiled) -> None:
    answers = {"goal": "both", "target": "concept", "adversary": ("benign", "prompting")}
    link = permalink(answers, "0.1.0", "https://example.org/scope/")
    assert link == "https://example.org/scope/questionnaire/#v=0.1.0&goal=both&target=concept&adversary=benign,prompting"
    assert read_permalink(link, compiled.space) == (answers, "0.1.0")


@pytest.mark.parametrize(
    ("link", "code"),
    [
        ("questionnaire/?goal=removal", "bad-permalink"),
        ("questionnaire/#goal=removal&goal=both", "duplicate-key"),
        ("questionnaire/#goal", "bad-permalink"),
        ("questionnaire/#goal=nothing", "unknown-option"),
        ("questionnaire/#colour=blue", "unknown-question"),
        ("questionnaire/#adversary=", "empty-list"),
    ],
)
def test_malformed_permalinks(compiled: Compiled, link: str, code: str) -> None:
    with pytest.raises(AnswersError) as info:
        read_permalink(link, compiled.space)
    assert info.value.diagnostics[0].code == code


def test_digest_depends_on_meaning_not_spelling(compiled: Compiled) -> None:
    a = read_answers("adversary: [prompting, benign]\ngoal: removal\n", "a.yaml", compiled.space)
    b = read_answers('{"goal": "removal", "adversary": ["benign", "prompting"]}', "b.json", compiled.space)
    assert digest(a) == digest(b)
    assert digest(a) != digest({**a, "goal": "both"})
