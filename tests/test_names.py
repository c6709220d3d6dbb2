"""The names check's outputs give questions and options (framework/textcheck/names.py)."""

from __future__ import annotations

from typing import Any

from framework.textcheck.names import Names


def test_questions_and_options_are_named_as_the_questionnaire_names_them(kb: Any) -> None:
    names = Names.of(kb)
    assert names.question("adversary") == kb.questions["adversary"].short == "who might try"
    assert names.asked("goal") == kb.questions["goal"].label
    assert names.value("goal", "removal") == "Removal"
    assert names.value("adversary", ["benign", "prompting"]) == "Benign users, Prompting adversaries"
    # a question without a short name is named by its ID read as words, never shown with underscores
    no_short = [q for q in kb.questions.values() if not q.short]
    assert all(names.question(q.id) == q.id.replace("_", " ") for q in no_short)
    assert list(names.label) == list(kb.questions)  # the questionnaire's order, which the Word review follows


def test_without_the_knowledge_base_ids_are_shown_as_they_are() -> None:
    names = Names()
    assert names.question("built_for_deletion") == "built for deletion"
    assert names.asked("goal") == "goal" and names.value("goal", "removal") == "removal"
    assert names.value("driver", ["privacy", "copyright"]) == "privacy, copyright"
