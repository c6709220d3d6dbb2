"""The evaluation corpus of `check` (tests/check_corpus/ and its batch-* folders): well-formed, labelled
with the knowledge base's own IDs, every document it cites recorded; signals say honestly which corpus
documents they were written from; and, leave-one-document-out (each document checked without the
signals written from it), `check` finds its positive passages and leaves its negative ones alone with
recall of at least 0.85 and precision of at least 0.90, reading the goal right on at least 0.80 of the
passages it flags (issue 18's targets)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from framework.kb.normalise import canonical, fold_text
from framework.textcheck.corpus import (
    KIND_GROUPS,
    PatternRecord,
    aggregate,
    agreement,
    disputed,
    goal_accuracy,
    kind_group,
    load_corpus,
    majority,
    ordinary_passages,
    outcomes,
    pattern_records,
    reread,
    score,
)
from framework.textcheck.matcher import Signals, Unit, check

CORPUS = Path(__file__).resolve().parent / "check_corpus"
GOALS = {"removal", "suppression", "both", "open"}
EXPECT_KEYS = {"goal", "target", "driver", "deployment", "adversary", "training_stage", "claims"}
PENDING = {("adversary", "fine-tuning-service")}
"""Options issue 18 adds to the questions on another branch; checked once the knowledge base has them."""


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    c = load_corpus(CORPUS)
    return {"documents": list(c.documents.values()), "positive": c.positive, "negative": c.negative, "ordinary": c.ordinary}


@pytest.fixture(scope="module")
def lodo(kb: Any, compiled: Any, corpus: dict[str, Any]) -> list[Any]:
    return outcomes(kb, compiled, corpus["positive"], corpus["negative"], lodo=True, ordinary=corpus["ordinary"]["learned"])


def test_documents_are_recorded_with_where_they_were_verified(corpus: dict[str, Any]) -> None:
    ids = [d["id"] for d in corpus["documents"]]
    assert len(ids) == len(set(ids))
    for d in corpus["documents"]:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", d["id"]), d["id"]
        assert set(d) <= {"id", "title", "issuer", "kind", "jurisdiction", "date", "url", "verified_in", "verified_on", "note", "batch"}, d["id"]
        assert d["title"] and d["issuer"] and d["kind"] in KIND_GROUPS and d["jurisdiction"], d["id"]
        assert str(d["verified_in"]).startswith(("https://", "http://")), d["id"]
        assert isinstance(d["verified_on"], dt.date), d["id"]
        if "url" in d:
            assert str(d["url"]).startswith(("https://", "http://")), d["id"]


def test_passages_cite_recorded_documents_and_use_the_knowledge_base_ids(corpus: dict[str, Any], kb: Any) -> None:
    docs = {d["id"] for d in corpus["documents"]}
    questions = kb.questions
    seen: set[str] = set()
    for kind, prefix in (("positive", "P"), ("negative", "N")):
        for p in corpus[kind]:
            assert re.fullmatch(prefix + r"[A-Z]{0,2}[0-9]{3}", p["id"]) and p["id"] not in seen, p["id"]
            seen.add(p["id"])
            assert p["document"] in docs, f"{p['id']}: document {p['document']} is not in documents.yaml"
            assert isinstance(p["quote"], str) and 10 < len(p["quote"]) < 700, p["id"]
            assert p.get("note"), p["id"]
            if kind == "negative":
                assert "expect" not in p
                continue
            e = p["expect"]
            assert set(e) <= EXPECT_KEYS, p["id"]
            assert e["goal"] in GOALS, p["id"]
            for q, v in e.items():
                if q in ("goal", "claims") or q not in questions:
                    continue
                for option in v if isinstance(v, list) else [v]:
                    assert option in questions[q].option_ids() or (q, option) in PENDING, f"{p['id']}: {q} {option}"
            for c in e.get("claims") or []:
                assert c in kb.claims, f"{p['id']}: no claim {c}"


def test_the_corpus_is_as_large_as_the_issue_asks(corpus: dict[str, Any]) -> None:
    """Issue 18: at least 250 positive and 200 near-miss passages from at least 120 documents of at least 8
    kinds (news, reports and 'other' not counted among the kinds: the issue names the kinds it wants)."""
    assert len(corpus["positive"]) >= 250
    assert len(corpus["negative"]) >= 200
    cited = {p["document"] for p in corpus["positive"] + corpus["negative"]}
    assert len(cited) >= 120
    kind = {d["id"]: d["kind"] for d in corpus["documents"]}
    kinds = {kind[d] for d in cited} - {"other", "news", "report"}
    assert len(kinds) >= 8, sorted(kinds)


def test_signals_name_the_corpus_documents_they_were_written_from(corpus: dict[str, Any], kb: Any) -> None:
    """`written_from` names known documents, and a signal whose example is quoted from a corpus passage
    names that passage's document: the leave-one-document-out figures rest on it."""
    docs = {d["id"] for d in corpus["documents"]}
    quotes = [(p["document"], fold_text(canonical(p["quote"]))) for p in corpus["positive"] + corpus["negative"]]
    for sid, sig in kb.signals.items():
        assert set(sig.written_from) <= docs, f"{sid}: unknown documents {sorted(set(sig.written_from) - docs)}"
        for ex in sig.examples + sig.not_examples:
            e = fold_text(canonical(ex))
            for doc, q in quotes:
                if len(e) > 25 and e in q:
                    assert doc in sig.written_from, f"{sid}: example {ex!r} is quoted from {doc}, which written_from does not name"


TARGETS = {"recall": 0.85, "precision": 0.90, "goal": 0.80}
"""Issue 18's targets, leave-one-document-out."""
FLOOR = {"recall": 0.63, "precision": 0.74, "goal": 0.83}
"""What `check` reaches today, leave-one-document-out, with `written_from` naming every document a
signal's example was taken or paraphrased from and the word score and goal words learned without each
document: a regression guard while the targets are not met. With batches E to ZN (held out, each measured
once; added up in held-out.yaml: recall 0.60 at precision 0.73) and the labels as the guide's revision 2
and the cases added to it on 2026-12-07 left them (rereadings.yaml, settled.yaml), it is recall 0.64 (951 of 1,484), precision 0.75 and goal
0.84 (803 of 951; the thorough mode: recall 0.85, precision 0.59, goal 0.83): the goal target is met, the
other two are not, in either mode. The goal floor went down from 0.84 to 0.83 when batches ZK to ZN joined
(goal 0.842 before; their papers' goals are read right less often, and 806 of 960 was 0.8396). Release 0.3.13's
gate (the word score and three structural finders need SIG-COND-006) took recall from 0.647 to 0.642; 0.3.14's
thresholds, chosen on the scores `check` gives, to 0.646; 0.3.15's narrowed finders to 0.641, with precision
from 0.733 to 0.747 (the precision floor went up from 0.72 to 0.74)."""


def _figures(lodo: list[Any]) -> tuple[dict[str, float], str]:
    s = aggregate(lodo)["detection"]
    acc, right, flagged = goal_accuracy(lodo)
    got = {"recall": s.recall, "precision": s.precision, "goal": acc}
    return got, f"{got} (goal read right on {right} of {flagged} flagged passages)\n" + "\n".join(s.misses)


def test_leave_one_document_out_holds_its_floor(lodo: list[Any]) -> None:
    got, detail = _figures(lodo)
    assert all(got[k] >= FLOOR[k] for k in FLOOR), detail


@pytest.mark.xfail(strict=True, reason="issue 18's targets are not met leave-one-document-out: recall is about 0.64 at precision 0.75, and 0.85 at 0.59 in the thorough mode (see the benchmark)")
def test_leave_one_document_out_meets_the_targets(lodo: list[Any]) -> None:
    got, detail = _figures(lodo)
    assert all(got[k] >= TARGETS[k] for k in TARGETS), detail


def test_other_language_passages_are_reported_as_not_checked(lodo: list[Any], corpus: dict[str, Any]) -> None:
    quotes = {p["id"]: p["quote"] for p in corpus["positive"] + corpus["negative"]}
    other = [o for o in lodo if not o.checked]
    assert other, "the corpus quotes passages in Italian, Spanish and Chinese"
    for o in other:
        assert not re.search(r"\b(?:the|and|of)\b.*\b(?:the|and|of)\b.*\b(?:the|and|of)\b", quotes[o.id]), o.id


def test_ordinary_text_never_learned_from_is_not_flagged(kb: Any, compiled: Any, corpus: dict[str, Any]) -> None:
    """Most of a real document is about nothing to do with AI. Whole texts of that kind which the word
    score never learned from (ordinary/held-out: GNU licences other than the ones it learned from) must
    come back with no passage flagged, by the signals or by the word score. A regression guard: the
    held-out licences share wording with the learned ones (ordinary/README.md gives the measure on
    text nobody had looked at)."""
    texts = corpus["ordinary"]["held-out"]
    assert len(texts) >= 3 and sum(len(t) for _, t in texts) > 50_000
    flagged = []
    for name, text in texts:
        result = check(kb, compiled, [Unit(text)], Signals.of(kb))
        flagged += [f"{name}: {p['text'][:120]!r} {[e['signal'] for e in p['found_by']] or p['word_score']}" for p in result["passages"]]
    assert not flagged, "\n".join(flagged)


def test_the_word_score_learns_ordinary_text_as_near_misses(kb: Any, corpus: dict[str, Any]) -> None:
    learned = ordinary_passages(corpus["ordinary"]["learned"])
    assert len(learned) > 300 and not any(positive for _, positive, _ in learned)
    assert kb.word_score.measured["ordinary_passages"] == len(learned)
    assert {d for _, _, d in learned} == {f"ordinary/{name}" for name, _ in corpus["ordinary"]["learned"]}


def test_leaving_documents_out_can_only_lose_passages(kb: Any, compiled: Any, corpus: dict[str, Any]) -> None:
    """With every signal, each positive passage the signals find leave-one-document-out is still found
    (signals alone: the word score learned without a document is another score, not a subset)."""
    seen = {o.id: o for o in outcomes(kb, compiled, corpus["positive"], [], lodo=False, words=False)}
    for o in outcomes(kb, compiled, corpus["positive"], [], lodo=True, words=False):
        if o.positive and o.flagged:
            assert seen[o.id].flagged, o.id


def test_scoring_counts_what_it_should(kb: Any, compiled: Any) -> None:
    positives = [{"id": "P900", "quote": "The model must unlearn the photos.", "expect": {"goal": "open", "target": "data", "claims": []}},
                 {"id": "P901", "quote": "Nothing relevant here.", "expect": {"goal": "removal", "claims": ["CL-001"]}}]
    negatives = [{"id": "N900", "quote": "Delete your account."}, {"id": "N901", "quote": "Ask the model to forget it."}]
    s = score(kb, compiled, positives, negatives)
    assert (s["detection"].tp, s["detection"].fn, s["detection"].fp) == (1, 1, 1)
    assert (s["goal"].tp, s["goal"].fn) == (1, 1)
    assert (s["target"].tp, s["claims"].fn) == (1, 1)


def test_pattern_records_count_only_documents_a_signal_was_not_written_from(kb: Any, compiled: Any) -> None:
    """Each finder pattern's record (the benchmark's audit of what patterns do beyond their own documents):
    a passage of a document the signal was written from does not count for it; positives and near misses
    are counted apart; a passage only one pattern matched counts as that pattern's alone."""
    quotes = ["Make sure the model cannot output the song text.", "The chatbot must refuse to discuss the person."]
    own = sorted(kb.signals["SIG-FIND-005"].written_from)[0]

    def records(passages: list[dict[str, Any]]) -> list[PatternRecord]:
        pos = [p for p in passages if p["id"].startswith("P")]
        neg = [p for p in passages if p["id"].startswith("N")]
        return pattern_records(kb, passages, outcomes(kb, compiled, pos, neg, lodo=False, words=False))

    elsewhere = records([{"id": "N900", "document": "doc-c", "quote": quotes[0]}])
    at_home = records([{"id": "N900", "document": own, "quote": quotes[0]}])
    assert any(r.signal == "SIG-FIND-005" for r in elsewhere)
    assert not any(r.signal == "SIG-FIND-005" for r in at_home)
    # quotes[1] is matched by one pattern of one signal; quotes[0] by several, so by none alone
    mixed = records([{"id": "P901", "document": "doc-a", "quote": quotes[1], "expect": {}},
                     {"id": "N900", "document": "doc-b", "quote": quotes[0]}])
    single = [r for r in mixed if r.positives]
    assert len(single) == 1, "the refusal sentence is matched by one pattern of one signal"
    assert (single[0].positives, single[0].positives_alone) == (1, 1)
    assert sum(r.near_misses for r in mixed) >= 2 and not any(r.near_misses_alone for r in mixed)
    alone = records([{"id": "N901", "document": "doc-b", "quote": quotes[1]}])
    assert [(r.signal, r.pattern, r.positives, r.near_misses, r.near_misses_alone) for r in alone] == \
        [(single[0].signal, single[0].pattern, 0, 1, 1)]
    assert PatternRecord("S", 0, positives=1, near_misses=3, positives_alone=0, near_misses_alone=2).worth_reading
    assert not PatternRecord("S", 0, positives=1, near_misses=3, positives_alone=2, near_misses_alone=2).worth_reading
    assert not PatternRecord("S", 0, positives=3, near_misses=3, positives_alone=0, near_misses_alone=3).worth_reading
    assert not PatternRecord("S", 0, positives=0, near_misses=1, positives_alone=0, near_misses_alone=1).worth_reading


def _readings_corpus(tmp_path: Path, readings: str) -> Path:
    """A one-document corpus with a positive P001 and a near miss N001, and the readings given."""
    (tmp_path / "documents.yaml").write_text("documents:\n  - {id: d, title: t, issuer: i, kind: other, jurisdiction: US,"
                                             " verified_in: 'https://example.org', verified_on: 2026-12-06}\n", encoding="utf-8")
    (tmp_path / "positive.yaml").write_text("passages:\n  - {id: P001, document: d, quote: q, expect: {goal: open}, note: n}\n", encoding="utf-8")
    (tmp_path / "negative.yaml").write_text("passages:\n  - {id: N001, document: d, quote: q, note: n}\n", encoding="utf-8")
    (tmp_path / "readings.yaml").write_text(readings, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text, problem", [
    ("readings:\n  - {id: P001, first: positive}\n", "each reading has"),
    ("readings:\n  - {id: [P001], first: positive, second: positive}\n", "each reading has"),
    ("readings:\n  - {id: P009, first: positive, second: positive}\n", "P009: no such passage"),
    ("readings:\n  - {id: P001, first: positive, second: positive}\n  - {id: P001, first: positive, second: positive}\n", "read twice"),
    ("readings:\n  - {id: P001, first: positive, second: maybe}\n", "second must be one of"),
    ("readings:\n  - {id: P001, first: positive, second: near-miss}\n", "third reading is given exactly where"),
    ("readings:\n  - {id: P001, first: positive, second: positive, third: positive}\n", "third reading is given exactly where"),
    ("readings:\n  - {id: P001, first: positive, second: near-miss, third: near-miss}\n", "majority says near-miss, but the passage is in the positive file"),
])
def test_a_bad_reading_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        load_corpus(_readings_corpus(tmp_path, text))


def test_every_bad_reading_is_named_at_once(tmp_path: Path) -> None:
    text = "readings:\n  - {id: P009, first: positive, second: positive}\n  - {id: N001, first: near-miss, second: positive}\n"
    with pytest.raises(ValueError, match=r"P009: no such passage.*N001: a third reading"):
        load_corpus(_readings_corpus(tmp_path, text))


def test_readings_say_how_far_a_second_reader_agrees(tmp_path: Path) -> None:
    """The majority decides which file a passage is in; the second reader is scored against the collector."""
    text = ("readings:\n  - {id: P001, first: positive, second: positive}\n"
            "  - {id: N001, first: positive, second: near-miss, third: near-miss}\n")
    c = load_corpus(_readings_corpus(tmp_path, text))
    assert [majority(r) for r in c.readings] == ["positive", "near-miss"]
    got = agreement(c.readings)
    assert got is not None
    assert (got["passages"], got["agreement"], got["third_readings"], got["relabelled"]) == (2, 0.5, 1, 1)
    assert (got["recall"], got["precision"], got["kappa"]) == (0.5, 1.0, 0.0)
    assert agreement([]) is None


def test_passages_readers_split_on_are_told_apart() -> None:
    """A passage is disputed when any two readings, in either file, differ; one read alike throughout is not."""
    readings = [{"id": "P001", "first": "positive", "second": "positive"},
                {"id": "N001", "first": "positive", "second": "near-miss", "third": "near-miss"},
                {"id": "N002", "first": "near-miss", "second": "near-miss"},
                {"id": "P003", "first": "positive", "second": "positive"}]
    rereadings = [{"id": "N002", "before": "near-miss", "first": "positive", "second": "near-miss", "third": "near-miss"},
                  {"id": "P003", "before": "positive", "first": "positive", "second": "positive"}]
    assert disputed(readings) == {"N001"}
    assert disputed(readings, rereadings) == {"N001", "N002"}
    assert disputed() == set()


def test_a_reading_under_the_revised_guide_decides_the_file(tmp_path: Path) -> None:
    """Where a passage was read again under revision 2, those readers' majority decides its file, even
    against the first round's majority; what changed is counted."""
    root = _readings_corpus(tmp_path, "readings:\n  - {id: N001, first: near-miss, second: positive, third: positive}\n")
    with pytest.raises(ValueError, match="N001: the readers' majority says positive, but the passage is in the near-miss file"):
        load_corpus(root)
    (root / "rereadings.yaml").write_text("rereadings:\n  - {id: N001, before: positive, first: near-miss, second: positive,"
                                          " third: near-miss}\n", encoding="utf-8")
    c = load_corpus(root)
    assert reread(c.rereadings) == {"passages": 1, "agreement": 0.0, "kappa": 0.0, "third_readings": 1, "to_positive": 0, "to_near_miss": 1,
                                    "amended": 0}
    assert reread([]) is None


def test_a_reading_under_the_cases_added_later_decides_over_both_earlier_rounds(tmp_path: Path) -> None:
    """settled.yaml (the cases the guide added on 2026-12-07) decides a passage's file over readings.yaml and
    rereadings.yaml, which keep what their readers read; it is checked like them, and counted apart."""
    root = _readings_corpus(tmp_path, "readings:\n  - {id: N001, first: positive, second: positive}\n")
    (root / "rereadings.yaml").write_text("rereadings:\n  - {id: N001, before: positive, first: positive, second: positive}\n",
                                          encoding="utf-8")
    with pytest.raises(ValueError, match=r"rereadings\.yaml: N001: the readers' majority says positive"):
        load_corpus(root)
    (root / "settled.yaml").write_text("settled:\n  - {id: N001, before: positive, first: near-miss, second: near-miss}\n",
                                       encoding="utf-8")
    c = load_corpus(root)
    assert [r["id"] for r in c.rereadings] == ["N001"] and c.rereadings[0]["first"] == "positive", "the earlier round is kept"
    assert reread(c.settled) == {"passages": 1, "agreement": 1.0, "kappa": 1.0, "third_readings": 0, "to_positive": 0,
                                 "to_near_miss": 1, "amended": 0}
    assert disputed(c.readings, c.rereadings, c.settled) == {"N001"}
    (root / "settled.yaml").write_text("settled:\n  - {id: N001, before: positive, first: positive, second: positive}\n",
                                       encoding="utf-8")
    with pytest.raises(ValueError, match=r"settled\.yaml: N001: the readers' majority says positive, but the passage is in the near-miss file"):
        load_corpus(root)


@pytest.mark.parametrize("text, problem", [
    ("rereadings:\n  - {id: N001, first: near-miss, second: near-miss}\n", "rereadings.yaml: each reading has an id, first, second, before"),
    ("rereadings:\n  - {id: N001, before: maybe, first: near-miss, second: near-miss}\n", "before must be one of"),
    ("rereadings:\n  - {id: N001, before: near-miss, first: near-miss, second: near-miss, amended: 1}\n", "each reading has"),
    ("rereadings:\n  - {id: N001, before: near-miss, first: positive, second: positive}\n",
     "rereadings.yaml: N001: the readers' majority says positive, but the passage is in the near-miss file"),
])
def test_a_bad_rereading_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    root = _readings_corpus(tmp_path, "readings:\n  - {id: N001, first: near-miss, second: near-miss}\n")
    (root / "rereadings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_corpus(root)


def test_a_relabelled_passage_names_the_file_whose_readers_moved_it() -> None:
    """A note saying readers "read it so (rereadings.yaml)" or "(settled.yaml)" names a file that holds the
    passage, under its present ID, with that file's readers' majority for the file the passage is in."""
    c = load_corpus(CORPUS)
    files = {"rereadings.yaml": {r["id"]: r for r in c.rereadings}, "settled.yaml": {r["id"]: r for r in c.settled}}
    named = 0
    for label, items in (("positive", c.positive), ("near-miss", c.negative)):
        for p in items:
            for name in re.findall(r"read it so \((\w+\.yaml)\)", p.get("note", "")):
                named += 1
                r = files[name].get(p["id"])
                assert r is not None and majority(r) == label, f"{p['id']}: its note names {name}"
    assert named > 100
    assert all(any(p["id"] == r["id"] for p in c.positive + c.negative) for r in c.settled)


def test_the_hard_passages_were_read_again_under_the_revised_guide(lodo: list[Any]) -> None:
    """LABELLING.md says every passage where readers had split, and every passage quoted from a paper, was
    read again under its revision 2 (or, collected after it, first read under it): hold it to that."""
    c = load_corpus(CORPUS)
    checked = {o.id for o in lodo if o.checked}
    split = {r["id"] for r in c.readings if "third" in r}
    papers = {p["id"] for p in c.positive + c.negative if kind_group(c.documents.get(p.get("document", ""), {}).get("kind", "")) == "paper"}
    under_revision_2 = {r["id"] for r in c.readings if r.get("revision_2")}
    unread = ((split | papers) & checked) - {r["id"] for r in c.rereadings} - under_revision_2
    assert not unread, sorted(unread)
    got = reread(c.rereadings)
    assert got is not None and 0.3 < got["kappa"] < 1


def test_the_corpus_was_read_twice(lodo: list[Any]) -> None:
    """Every passage `check` reads (English) has a second reading by the labelling guide, blind to its label."""
    c = load_corpus(CORPUS)
    unread = {o.id for o in lodo if o.checked} - {r["id"] for r in c.readings}
    assert not unread, sorted(unread)
    got = agreement(c.readings)
    assert got is not None and 0.5 < got["kappa"] < 1
