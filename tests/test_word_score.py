"""The word score: the committed weights are what the corpus teaches, a score is the sum its docstring
says, weights learned without a document know nothing of it, a bad data file is reported, and a
passage flagged by the score alone says so in every output."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from framework.kb.diagnostics import DiagnosticError
from framework.kb.loader import WORD_SCORE, load
from framework.kb.normalise import canonical, fold_text
from framework.textcheck.corpus import learn_word_score, load_corpus
from framework.textcheck.matcher import Signals, Unit, check
from framework.textcheck.output_schema import check_schema
from framework.textcheck.render import render_markdown, render_text
from framework.textcheck.word_score import cross_fitted, dumps, fold_of, learn

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "check_corpus"


@pytest.fixture(scope="module")
def corpus() -> Any:
    return load_corpus(CORPUS)


def test_the_committed_weights_are_what_the_corpus_teaches(kb: Any, compiled: Any, corpus: Any) -> None:
    committed = (ROOT / WORD_SCORE).read_text(encoding="utf-8")
    assert dumps(learn_word_score(kb, compiled, corpus)) == committed, "run: .venv/bin/python scripts/learn-word-score"


def test_the_threshold_keeps_precision_alongside_the_signals(kb: Any) -> None:
    """A regression floor for what the learn script recorded (batches A to Z and the licences in
    ordinary/learned, labels as the guide's revision 2 left them): precision at the signals' own (0.75 leave
    one document out since 0.3.15), with recall above the signals' alone (0.56)."""
    m = kb.word_score.measured["leave_one_document_out_with_signals"]
    assert m["precision"] >= 0.74 and m["recall"] > 0.61, m


def test_the_threshold_never_costs_precision() -> None:
    """Highest recall with precision at 0.90, or at the signals' own where that is lower."""
    from framework.textcheck.word_score import best_threshold

    # signals alone: 9 of 10 flags right (0.90); scores 5 and 7 add two positives, 3 adds a false alarm
    rows = [(0, True, True)] * 9 + [(0, False, True)] + [(7, True, False), (5, True, False), (3, False, False), (1, True, False)]
    assert best_threshold(rows) == 5
    # signals alone at 0.50: the score may add what keeps precision at 0.50 or more, never less
    weak = [(0, True, True), (0, False, True), (9, True, False), (8, False, False), (6, False, False), (2, True, False),
            (1, False, False), (1, False, False)]
    assert best_threshold(weak) == 2  # at 1 precision would fall to 3 of 8


def test_the_thorough_threshold_is_the_highest_that_finds_enough() -> None:
    from framework.textcheck.word_score import thorough_threshold

    # 20 positives: the signals find 14; the score must add 3 more for 17 (0.85), the third-highest unfound score
    rows = [(0, True, True)] * 14 + [(9, True, False), (8, True, False), (6, True, False), (5, True, False), (2, True, False),
                                     (1, True, False), (7, False, False), (4, False, False), (9, False, True)]
    assert thorough_threshold(rows) == 6
    assert thorough_threshold(rows, recall=0.70) == 10, "the signals alone are enough: the score adds nothing"
    assert thorough_threshold(rows, recall=1.0) == 1


def test_a_passage_the_gate_keeps_from_the_score_is_never_a_threshold() -> None:
    """A row the word score may not flag (score NEVER) counts among the positives to find, but no threshold
    reaches it: the thorough threshold and the operating points are chosen among real scores only."""
    from framework.textcheck.word_score import NEVER, best_threshold, precision_at_recall, thorough_threshold

    rows = [(NEVER, True, False)] * 9 + [(10, True, False), (5, False, False)]
    assert thorough_threshold(rows) == 10
    assert precision_at_recall(rows) == {}
    assert best_threshold(rows) == 10


def test_thresholds_are_chosen_on_the_scores_check_gives(kb: Any, compiled: Any) -> None:
    """A quote's row holds the score `check` gives it, leave-one-document-out: its highest sentence's among those
    the word score may flag, not the whole quote's. Here each quote has a second sentence that an exception sets
    aside (a definition of unlearning, whose words score high) or that names no AI (which the gate keeps from
    the score): scoring the quote whole would count their words, and a threshold's figures would not be the
    benchmark's."""
    from dataclasses import replace

    from framework.textcheck.corpus import Corpus, Outcome, threshold_rows, word_passages
    from framework.textcheck.word_score import NEVER

    definition = "Machine unlearning is the process of erasing the influence of chosen training data from a trained model."
    pos = [{"id": f"P{i}", "document": f"d{i}", "quote": f"The provider shall erase record {i} from the model weights. {definition}"}
           for i in range(30)]
    neg = [{"id": f"N{i}", "document": f"e{i}", "quote": f"We delete account {i} of our chatbot on request. The cat sat on the mat {i} times."}
           for i in range(30)]
    alone = [Outcome(p["id"], p["document"], positive, False) for positive, items in ((True, pos), (False, neg)) for p in items]
    corpus = Corpus(documents={}, positive=pos, negative=neg)
    rows = threshold_rows(kb, compiled, corpus, alone=alone)
    folds = cross_fitted(word_passages(corpus))
    every = [(p, True) for p in pos] + [(p, False) for p in neg]
    assert [(y, fl) for _, y, fl in rows] == [(y, False) for _, y in every]
    differs = 0
    for (score, _, _), (p, _) in zip(rows, every, strict=True):
        fold = folds[fold_of(p["document"])]
        result = check(kb, compiled, [Unit(canonical(p["quote"]))], Signals.of(kb, word=replace(fold, threshold=NEVER + 1)))
        assert score == max((f["word_score"]["score"] for f in result["passages"] if f.get("word_score")), default=NEVER), p["id"]
        differs += score != fold.score(fold_text(canonical(p["quote"])))
    assert differs == len(rows), "every quote's score differs from its whole text's"


def test_signals_without_some_are_those_compiled_without_them(kb: Any) -> None:
    """The leave-one-document-out measure compiles the signals once and leaves a document's out by ID: the
    same finders, others and exceptions, in the same order, with the same patterns and conditions, as
    compiling them without those signals."""
    full = Signals.of(kb)
    left_out = frozenset(["SIG-FIND-007", "SIG-ACT-012", "SIG-ASIDE-001", *list(kb.signals)[:5]])
    cut, compiled = full.without(left_out), Signals.of(kb, without=left_out)

    def shape(s: Signals) -> list[list[tuple[Any, ...]]]:
        signals = [[(x.id, [rx.pattern for rx, _ in x.patterns], [rx.pattern for rx in x.only_with]) for x in group]
                   for group in (s.finders, s.others)]
        return [*signals, [(e.id, [rx.pattern for rx in e.patterns], [rx.pattern for rx in e.unless]) for e in s.exceptions]]
    assert shape(cut) == shape(compiled) and shape(cut) != shape(full)
    assert (cut.word, cut.thorough, [r.pattern for r in cut.word_needs]) == (compiled.word, compiled.thorough, [r.pattern for r in compiled.word_needs])
    assert full.without(frozenset()) is full


def test_operating_points_give_the_best_precision_each_recall_allows() -> None:
    from framework.textcheck.word_score import precision_at_recall

    # 10 positives: the signals find 4, with 1 false alarm; the score ranks 6 more positives among 3 false alarms
    rows = [(0, True, True)] * 4 + [(0, False, True)] + [(9, True, False), (8, True, False), (7, False, False), (6, True, False),
                                                         (5, False, False), (4, True, False), (3, True, False), (2, False, False),
                                                         (1, True, False)]
    points = precision_at_recall(rows, recalls=(0.5, 0.6, 0.7, 0.9, 1.0))
    assert points[0.5] == pytest.approx(6 / 7), "a lower threshold may reach a higher precision: 8 beats 9"
    assert points[0.6] == pytest.approx(6 / 7)
    assert points[0.7] == pytest.approx(7 / 9), "the best of thresholds 6, 5, 4, 3, 2 and 1"
    assert points[0.9] == pytest.approx(9 / 12)
    assert points[1.0] == pytest.approx(10 / 14), "everything flagged"
    assert precision_at_recall([(3, False, False)]) == {}, "no positive: no operating point"


def test_the_thorough_mode_finds_what_it_was_chosen_to_and_says_so(kb: Any, compiled: Any) -> None:
    """Recorded by the learn script: leave one document out, thorough finds at least 0.85 of the corpus's
    positives (its aim), more than the default, at lower precision; every output says which mode ran."""
    w = kb.word_score
    m = w.measured
    thorough, default = m["thorough_leave_one_document_out_with_signals"], m["leave_one_document_out_with_signals"]
    assert w.thorough is not None and w.thorough < w.threshold
    assert thorough["recall"] >= 0.85 > default["recall"] and thorough["precision"] < default["precision"]
    text = "Intro.\n\n" + "\n\n".join(p["quote"] for p in load_corpus(CORPUS).positive[:200])
    base = check(kb, compiled, [Unit(canonical(text))], Signals.of(kb))
    more = check(kb, compiled, [Unit(canonical(text))], Signals.of(kb, thorough=True))
    assert base["mode"] == "default" and more["mode"] == "thorough"
    assert {p["span"]["line"] for p in base["passages"]} < {p["span"]["line"] for p in more["passages"]}
    assert all(p["word_score"]["threshold"] == w.thorough for p in more["passages"] if "word_score" in p)
    assert more["leave_one_document_out"] == {"recall": thorough["recall"], "precision": thorough["precision"]}
    jsonschema.validate(more, check_schema(list(kb.questions)))
    shown = render_text(more)
    assert "thorough mode: more found, more false alarms" in shown.splitlines()[0]
    assert "How far to rely on this: in the thorough mode, " in shown
    assert "thorough mode" not in render_text(base)
    assert "(measured on 1 batch of them so far)" in shown if more["held_out"]["batches"] == 1 else "batches of them so far" in shown
    from framework.textcheck.render import reliance

    unmeasured = {**more, "held_out": None}
    said = reliance(unmeasured)
    assert said and "each document checked as if never seen" in said and "not yet been measured on texts" in said
    assert f"found about {int(thorough['recall'] * 100 + 0.5)} in 100" in said
    assert reliance({**base, "held_out": None}) is None, "the default mode says nothing it has not measured on unseen texts"


def test_a_score_is_the_bias_plus_the_weights_of_the_distinct_features(kb: Any, corpus: Any) -> None:
    w = kb.word_score
    texts = [fold_text(canonical(p["quote"])) for p in corpus.positive + corpus.negative]
    for t in texts:
        assert w.score(t) == w.bias + sum(w.weights.get(f, 0) for f in w.features(t)), t
    flagged = sum(w.flags(t) for t in texts)
    assert 0 < flagged < len(texts)


def test_features_are_stems_pairs_and_an_action_on_an_artefact(kb: Any) -> None:
    fs = kb.word_score.features("The court ordered them to DELETE the trained models.")
    assert {"delete", "traine", "models", "delete_the", "#act>art", "#delete>art"} <= set(fs)
    assert "#art>act" not in fs  # only what follows the action within the window
    far = kb.word_score.features("Delete it " + "now " * 10 + "and the model")
    assert "#act>art" not in far


def test_evidence_is_the_passage_own_words(kb: Any) -> None:
    text = "The provider must destroy every model trained on the plaintiffs' works and the training datasets."
    words = kb.word_score.evidence(fold_text(text))
    assert words and len(words) <= 4
    lowered = text.lower()
    for w in words:
        assert all(part in lowered for part in w.split(" \u2026 ")), w


def test_weights_learned_without_a_document_know_nothing_of_it() -> None:
    """What leave-one-document-out rests on: a word ("zorblax", stem "zorbla") seen only in one document's passages has no weight
    in the fold that leaves that document out, and has one where it is seen."""
    docs = [f"doc-{i}" for i in range(40)]
    passages = []
    for i, d in enumerate(docs):
        passages.append((f"please unlearn the model number {i}", True, d))
        passages.append((f"the weather report number {i}", False, d))
    special = docs[7]
    passages += [("zorblax weather report", True, special), ("the zorblax weather", True, special)]
    folds = cross_fitted(passages)
    assert "zorbla" not in folds[fold_of(special)].weights
    others = [k for k in folds if k != fold_of(special)]
    assert all(folds[k].weights.get("zorbla", 0) > 0 for k in others)
    assert learn([(t, y) for t, y, _ in passages]).weights == learn([(t, y) for t, y, _ in passages]).weights


def test_goal_words_read_which_way_a_passage_leans() -> None:
    """The goal words learn removal against suppression from positive passages, read a passage only when
    its words lean past the margin, show the words that lean that way, and survive the data file."""
    from framework.textcheck.word_score import WordScore

    passages = [(f"the vendor shall destroy the model weights trained on file {i}", True) for i in range(30)]
    passages += [(f"the chatbot must block outputs that repeat record {i}", True) for i in range(30)]
    passages += [(f"the meeting notes of week {i}", False) for i in range(30)]
    goals = [(t, "destroy" in t) for t, y in passages if y]
    w = learn(passages, goals=goals)
    assert w.goal is not None and w.goal.margin > 0
    assert w.read_goal("they will destroy the model weights")[0] == "removal"
    assert any("destroy" in x for x in w.read_goal("they will destroy the model weights")[1])
    assert w.read_goal("the chatbot must block those outputs")[0] == "suppression"
    shown = w.read_goal("the chatbot must block those outputs")[1]
    assert shown and all(x in ["the", "chatbot", "must", "block", "those", "outputs"] for s in shown for x in s.replace(" \u2026 ", " ").split())
    assert w.read_goal("the notes of the meeting") == (None, [])
    assert WordScore.of_data(json.loads(dumps(w))) == w
    assert learn(passages).goal is None and learn(passages).read_goal("destroy the model") == (None, [])
    # cross-fitted like the score: a document's own words carry no goal weight in its fold
    docs = [(t, y, f"doc-{i % 20}") for i, (t, y) in enumerate(goals)] + [("zorblax notes", False, "doc-3")] * 2
    folds = cross_fitted([(t, True, d) for t, _, d in docs], docs)
    assert "zorbla" not in (folds[fold_of("doc-3")].goal or w.goal).weights
    assert any("zorbla" in (f.goal.weights if f.goal else {}) for k, f in folds.items() if k != fold_of("doc-3"))


def test_a_passage_only_the_score_flags_says_so_in_every_output(kb: Any, compiled: Any, corpus: Any) -> None:
    alone = Signals.of(kb)
    no_score = Signals.of(kb, word=None)
    w = kb.word_score
    found = None
    for p in corpus.positive:
        text = canonical(p["quote"])
        if w.flags(fold_text(text)) and alone.word_may_flag(fold_text(text)) and not check(kb, compiled, [Unit(text)], no_score)["flagged"]:
            found = text
            break
    assert found, "some corpus passage is found by the score alone"
    result = check(kb, compiled, [Unit(found)], alone, source={"name": "t.txt"})
    p = result["passages"][0]
    assert p["found_by"] == [] and p["word_score"]["score"] >= w.threshold == p["word_score"]["threshold"]
    assert p["word_score"]["words"]
    jsonschema.validate(result, check_schema(list(kb.questions)))
    assert "the words used together (score" in render_text(result)
    assert "Found by: the words used together" in render_markdown(result)


def test_the_goal_words_read_a_passage_no_signal_found(kb: Any, compiled: Any, corpus: Any) -> None:
    """No signal found the passage, so none reads its goal: the goal words do, and every output says which
    words they read and that no phrase names the goal."""
    no_score = Signals.of(kb, word=None)
    w = kb.word_score
    for p in corpus.positive:
        text = canonical(p["quote"])
        if not w.flags(fold_text(text)) or not no_score.word_may_flag(fold_text(text)) or w.read_goal(fold_text(text))[0] is None:
            continue
        if check(kb, compiled, [Unit(text)], no_score)["flagged"]:
            continue
        result = check(kb, compiled, [Unit(text)], source={"name": "t.txt"})
        goal = result["passages"][0]["labels"]["goal"]
        if goal["evidence"]:
            continue  # an answer signal read it
        break
    else:
        raise AssertionError("some corpus passage is found by the score alone, its goal read by the words")
    assert goal["value"] == w.read_goal(fold_text(text))[0] and goal["words"] == w.read_goal(fold_text(text))[1]
    assert result["proposal"]["labels"]["goal"]["value"] == goal["value"]  # the only passage: the whole text reads the same
    jsonschema.validate(result, check_schema(list(kb.questions)))
    assert "no phrase names it; the words used together" in render_text(result)
    assert "no phrase names it; the words used together" in render_markdown(result)
    assert "read from the words used together" in result["proposal"]["answers_file"]


def test_the_score_flags_only_a_passage_that_names_ai_its_training_or_what_it_generates(kb: Any, compiled: Any) -> None:
    """Words alone say nothing of a passage about nothing to do with AI: at a threshold both passages reach,
    the one that names no AI system, model, training or generated content is not flagged by its words; the
    other is. The gate is the conditions marked gates_word_score, in the CLI as on the page."""
    from dataclasses import replace

    plain = "Prefer returning the error to the caller instead of stopping the whole program."
    named = "Prefer returning the error to the caller instead of stopping the whole model."
    w = kb.word_score
    at = min(w.score(fold_text(plain)), w.score(fold_text(named)))
    signals = Signals.of(kb, word=replace(w, threshold=at))
    assert [sid for sid, s in kb.signals.items() if s.gates_word_score] == ["SIG-COND-006"]
    assert signals.word_needs and not signals.word_may_flag(fold_text(plain)) and signals.word_may_flag(fold_text(named))
    assert check(kb, compiled, [Unit(plain)], Signals.of(kb, word=None))["flagged"] == 0  # no finder either
    assert check(kb, compiled, [Unit(plain)], signals)["flagged"] == 0
    [p] = check(kb, compiled, [Unit(named)], signals)["passages"]
    assert p["found_by"] == [] and p["word_score"]["score"] >= at
    from framework.logic.tables import compile_tables
    from framework.sitegen.check_data import check_data

    assert check_data(kb, compile_tables(kb, compiled).tables)["word_needs"] == kb.signals["SIG-COND-006"].patterns


def test_programming_prose_is_not_flagged(kb: Any, compiled: Any) -> None:
    """A manual's words ("flags", "unsafe", "error", "instead") are not AI's: four sentences of our own in a
    programming manual's style, all of which 0.3.12 flagged in the thorough mode (one, by SIG-ACT-009, in the
    default mode too), are flagged in neither. A program's "output" still meets SIG-COND-006, so a finder
    reading "filter the output" still flags such a sentence (tests/check_corpus/ordinary/README.md)."""
    from dataclasses import replace

    text = ("The compiler flags unsafe blocks that lack a comment explaining them.\n\n"
            "When the file cannot be opened, the function hands the error back to its caller rather than crashing.\n\n"
            "Marking the field private stops other modules from setting it without going through the checks.\n\n"
            "Prefer returning the error to the caller instead of stopping the whole program.\n")
    for thorough in (False, True):
        assert check(kb, compiled, [Unit(text)], Signals.of(kb, thorough=thorough))["flagged"] == 0
    ungated = replace(Signals.of(kb, thorough=True), word_needs=())
    assert check(kb, compiled, [Unit(text)], ungated)["flagged"] == 4  # by their words alone, where nothing gates them


def test_without_the_score_ordinary_text_is_not_flagged_by_it(kb: Any, compiled: Any) -> None:
    text = ("The committee met on Tuesday to review the budget. Members asked for a clearer timetable. "
            "The minutes were approved and the meeting closed at noon.")
    assert check(kb, compiled, [Unit(text)])["flagged"] == 0


@pytest.mark.parametrize("content,line", [("{\n \"format\": 1,\n \"bias\": oops\n}\n", 3), ("{\"format\": 99}\n", 1)])
def test_a_bad_word_score_file_is_reported_with_its_file_and_line(tmp_path: Path, content: str, line: int) -> None:
    for folder in ("taxonomy", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / WORD_SCORE).write_text(content, encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        load(tmp_path)
    d = [x for x in e.value.diagnostics if x.code == "bad-word-score"]
    assert d and d[0].file == WORD_SCORE and d[0].line == line, str(e.value)
    assert "scripts/learn-word-score" in d[0].message


def test_the_data_file_is_sorted_integers(kb: Any) -> None:
    data = json.loads((ROOT / WORD_SCORE).read_text(encoding="utf-8"))
    assert list(data["weights"]) == sorted(data["weights"])
    assert all(isinstance(v, int) and v != 0 for v in data["weights"].values())
    assert isinstance(data["bias"], int) and isinstance(data["threshold"], int)
    goal = data["goal"]
    assert list(goal["weights"]) == sorted(goal["weights"]) and all(isinstance(v, int) and v != 0 for v in goal["weights"].values())
    assert isinstance(goal["bias"], int) and goal["margin"] > 0


def test_a_document_sample_is_stable_nested_and_about_its_share() -> None:
    from framework.textcheck.corpus import document_sample

    names = [f"doc-{i}" for i in range(2000)]
    quarter, half = document_sample(0.25, seed=1), document_sample(0.5, seed=1)
    kept = {n for n in names if half(n)}
    assert abs(len(kept) / len(names) - 0.5) < 0.05
    assert {n for n in names if quarter(n)} < kept, "a larger share holds every smaller one's documents"
    assert kept == {n for n in names if document_sample(0.5, seed=1)(n)}, "the same draw every time"
    assert kept != {n for n in names if document_sample(0.5, seed=2)(n)}, "another seed draws other documents"
    assert not any(document_sample(0.0)(n) for n in names) and all(document_sample(1.0)(n) for n in names)


def test_a_learning_curve_learns_from_its_share_only_and_scores_every_passage(kb: Any, compiled: Any) -> None:
    from framework.textcheck.corpus import learning_curve

    corpus, alone = _small_corpus(lambda i: "and retrain")
    points = learning_curve(kb, compiled, corpus, (0.0, 0.5, 1.0), seeds=iter((1, 2)), alone=alone)
    assert [(p["share"], p["seed"]) for p in points] == [(0.0, 1), (0.0, 2), (0.5, 1), (0.5, 2), (1.0, 0)], \
        "every share below the whole is drawn by every seed, even when the seeds come as an iterator; the whole once"
    assert [p["passages"] for p in points][:2] == [0, 0] and points[-1]["passages"] == 60
    assert all(0 < p["passages"] < 60 for p in points[2:4]) and points[2]["passages"] != points[3]["passages"]
    assert points[-1]["precision_at_recall"][0.9] == 1.0, "learned from every other fold, the two kinds are told apart"
    assert points[0]["precision_at_recall"][0.9] == pytest.approx(0.5), "learned from nothing, every passage scores alike"


def test_learning_settings_reach_the_weights() -> None:
    """The settings the benchmark compares are the ones the weights are learned with: a feature one passage
    has is learned only when one passage is enough, and a class feature spans only the window learned with."""
    from framework.textcheck.word_score import LEARNING, Learning

    passages = [(f"please unlearn the model number {i}", True) for i in range(20)]
    passages += [(f"the weather report number {i}", False) for i in range(20)]
    passages += [("zorblax weather report", True)]
    assert "zorbla" not in learn(passages).weights, "the shipped settings need a feature in two passages"
    assert learn(passages, how=Learning(min_count=1)).weights.get("zorbla", 0) > 0
    far = [("erase it from one two three four five six model", True)] * 5 + [("one two three four five six seven", False)] * 5
    assert learn(far, how=Learning(window=10)).window == 10 and learn(far).window == LEARNING.window
    assert "#erase>art" in learn(far, how=Learning(window=10)).weights and "#erase>art" not in learn(far).weights
    for changed in (Learning(epochs=1), Learning(rate=0.05), Learning(l2=0.1)):
        assert learn(passages, how=changed).weights != learn(passages).weights, changed
    goals = [(t, "unlearn" in t) for t, _ in passages]
    assert learn(passages, goals=goals).goal.weights and learn(passages, goals=goals, how=Learning(epochs=0)).goal.weights == {}, \
        "the goal words are learned with the same settings"


def test_a_settings_sweep_scores_every_setting_leave_one_document_out(kb: Any, compiled: Any) -> None:
    from framework.textcheck.corpus import settings_sweep
    from framework.textcheck.word_score import LEARNING, Learning

    # each positive ends with a word no other passage has: letters only, since a word is a run of letters
    corpus, alone = _small_corpus(lambda i: "zz" + "".join(chr(97 + int(d)) for d in str(i)))
    points = settings_sweep(kb, compiled, corpus, (LEARNING, Learning(min_count=1), Learning(epochs=0)), alone=alone)
    assert [p["settings"] for p in points] == [LEARNING, Learning(min_count=1), Learning(epochs=0)]
    assert points[1]["weights"] > points[0]["weights"] > 0 == points[2]["weights"], "one passage is enough for more features"
    assert points[0]["precision_at_recall"][0.9] == 1.0
    assert points[2]["precision_at_recall"][0.9] == pytest.approx(0.5), "learned for no epoch, every passage scores alike"


def _small_corpus(ending: Callable[[int], str]) -> tuple[Any, list[Any]]:
    """60 documents, one passage each: the positives speak of erasing data from model weights (then
    `ending(i)`), the near misses of ordinary account deletion (of a chatbot, so that both kinds name AI and
    the word score may flag either); the signals (the outcomes returned) flag nothing, so every figure is the
    word score's."""
    from framework.textcheck.corpus import Corpus, Outcome

    pos = [{"id": f"P{i}", "document": f"d{i}", "quote": f"The provider shall erase record {i} from the model weights {ending(i)}."}
           for i in range(30)]
    neg = [{"id": f"N{i}", "document": f"e{i}", "quote": f"We delete account {i} of our chatbot on request from our billing systems."}
           for i in range(30)]
    alone = [Outcome(p["id"], p["document"], positive, False) for positive, items in ((True, pos), (False, neg)) for p in items]
    return Corpus(documents={}, positive=pos, negative=neg), alone


def test_each_word_shown_adds_a_word_and_none_is_a_stray_letter() -> None:
    """The words shown under a flag read as evidence: a pair whose other word is a function word or already
    shown adds nothing ("be removed" after "removed"), and the "s" left of "ANI's" is not a word to show."""
    from framework.textcheck.word_score import CLASSES, WordScore

    w = WordScore(6, 6, CLASSES, 0, 0, {"remove": 90, "be_remove": 80, "s_conten": 70, "ani_s": 60, "conten": 50, "ani": 40, "agency": 30})
    text = "ani s content must be removed by the agency"
    assert w.evidence(text) == ["removed", "content", "ani", "agency"]
    assert w.evidence("ani s content must be removed", most=2) == ["removed", "content"]


def test_modal_and_other_function_words_are_not_shown_as_evidence(kb: Any, corpus: Any) -> None:
    """"must", "should", "about" and the like weigh (drafting style differs between kinds of text) but tell a
    reader nothing: no phrase shown is made of function words alone, on any flagged corpus passage."""
    from framework.textcheck.word_score import CLASSES, QUIET, WordScore

    w = WordScore(6, 6, CLASSES, 0, 0, {"must": 90, "should": 85, "about": 80, "remove": 50, "did_not": 40})
    assert w.evidence("the model must remove what it should not say about you, as it did not") == ["remove", "did not"]
    shown = [phrase for p in corpus.positive + corpus.negative
             if kb.word_score.flags(folded := fold_text(p["quote"])) for phrase in kb.word_score.evidence(folded)]
    assert len(shown) > 1000
    assert [p for p in shown if all(x in QUIET or x == "\u2026" for x in p.split())] == []
    # a negation or an exception changes what a passage asks, so it is never quiet; the page hides the same words
    assert not {"not", "no", "never", "nor", "cannot", "without", "unless", "except", "neither"} & set(QUIET)
    from framework.sitegen.check_data import word_score_data

    assert word_score_data(kb)["quiet"] == list(QUIET)
