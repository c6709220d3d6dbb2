"""`check`'s pure parts: the regex subset, folding, passages, the matcher and its proposals."""

from __future__ import annotations

import random
import re

import pytest

from framework.kb.answers import read_answers
from framework.kb.normalise import canonical, fold, fold_text
from framework.kb.pattern_syntax import PatternError, parse
from framework.kb.signal_checks import compile_pattern
from framework.textcheck.matcher import Signals, Unit, check
from framework.textcheck.passages import Lines, passages

REFUSED = {
    r"^unlearn": "anchor",
    r"unlearn$": "anchor",
    r"(?<=the )model": "lookbehind",
    r"(?<!the )model": "lookbehind",
    r"(?P<x>model)": "named groups",
    r"(?<x>model)": "named groups",
    r"(?i)model": "inline flags",
    r"(?>model)": "atomic",
    r"models*+": "possessive",
    r"(a)\1": "back-references",
    r"a{,3}": "counted repeat",
    r"a{": "bare",
    r"a}": "bare",
    r"[[a]": "nested set",
    r"[a--b]": "nested set",
    r"\bmod\el": "escape",
    r"\Amodel": "escape",
    r"mod(?:el)?*": "quantifier",
    r"(?:a?)+": "empty string",
    r"\b": "empty string",
    r"a|": "empty string",
    r"modèle": "non-ASCII",
    r"[\w-z]": "range",
    r"[z-a]": "out of order",
    r"(model": "unclosed",
    r"model)": "unbalanced",
    r"[model": "unclosed",
    "": "empty",
}


@pytest.mark.parametrize("pattern", sorted(REFUSED), ids=[repr(p) for p in sorted(REFUSED)])
def test_patterns_outside_the_common_subset_are_refused(pattern: str) -> None:
    with pytest.raises(PatternError) as e:
        parse(pattern)
    assert REFUSED[pattern] in str(e.value)
    assert "at character" in str(e.value)


@pytest.mark.parametrize("pattern", [
    r"\bunlearn\w*", r"(?:eras|remov)\w*\b[^.;]{0,80}?\bfrom (?:the )?models?\b(?!'s context)", r"[a-z0-9_\-]+ ?x{2,}",
    r"\bre-?train\w*\b", r"(?=model)model", r"\.\(\)\[\]\{\}\*\+\?\|", r"colou?r|color",
])
def test_patterns_in_the_subset_compile_in_python(pattern: str) -> None:
    info = parse(pattern)
    assert info.min_length > 0
    compile_pattern(pattern)


def test_the_required_literal_is_in_every_match() -> None:
    cases = {r"\bunlearn\w*": ("unlearn",), r"(?:eras|remov)\w* from the models?": (" from the model",), r"a|b": ("a", "b"),
             r"x(?:ab|ab)y": ("ab",), r"(?:models?|ai)\b[^.]{0,9}x?": ("ai", "model"), r"[ab]c|d?": ()}
    for pattern, literals in cases.items():
        try:
            assert parse(pattern).required == literals, pattern
        except PatternError:
            assert literals == ()
    rng = random.Random(7)
    for pattern in (r"(?:eras|remov)\w* from the models?", r"\bre-?train\w*\b[^.;]{0,20}?without", r"(?:model|llm)s?\b[^.]{0,20}?(?:un)?learn"):
        required = parse(pattern).required
        assert required
        rx = re.compile(pattern, re.I | re.A)
        for _ in range(300):
            text = " ".join(rng.choice(["erase", "remove", "from", "the", "model", "models", "llm", "learn", "unlearn", "retrain", "re-train", "without", "x."]) for _ in range(8))
            m = rx.search(text)
            if m:
                assert any(r in m.group().lower() for r in required)


def test_folding_keeps_an_index_back_to_the_text() -> None:
    text = canonical("The  Provider\u2019s \u201cModel\u201d \u2014 e\u0301 \U0001F600\u00ad\u200bok\r\nnext")
    f = fold(text)
    assert f.text == "the provider's \"model\" - \u00e9 \ufffdok next"
    assert f.text == fold_text(text)
    for i, ch in enumerate(f.text):
        original = text[f.index[i]]
        assert ch in (original.lower(), " ", "'", '"', "-", "\ufffd") or original in "\u2019\u201c\u201d\u2014"
    a, b = f.original_span(f.text.index("model"), f.text.index("model") + 5)
    assert text[a:b] == "Model"


def test_fast_folding_agrees_with_the_indexed_one() -> None:
    rng = random.Random(1)
    alphabet = " \t\nAaZz.\u2019\u201c\u2014\xad\u200b\U0001F600\u00e9\xa0\u3000x"
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        assert fold(s).text == fold_text(s)


def test_passages_are_sentences_inside_blocks() -> None:
    text = "Art. 17 of the U.S. rule, e.g. this one. The model shall unlearn it! Next?\n\n# Heading\n- item one. Item two\nJ. Smith said no."
    got = [text[p.start:p.end] for p in passages(text)]
    assert got == [
        "Art. 17 of the U.S. rule, e.g. this one.", "The model shall unlearn it!", "Next?", "# Heading", "- item one.", "Item two\nJ. Smith said no.",
    ]
    lines = Lines(text)
    assert lines.at(text.index("# Heading")) == (3, 1)
    assert lines.at(text.index("J. Smith")) == (5, 1)


def test_a_flagged_passage_reports_span_labels_and_evidence(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    text = "Preamble.\n\nThe provider shall delete any models trained on the\nphotos of its users. Nothing else here."
    result = check(kb, compiled, [Unit(canonical(text))])
    assert result["flagged"] == 1
    p = result["passages"][0]
    assert p["span"] == {"line": 3, "column": 1, "end_line": 4, "end_column": 20}
    assert p["text"] == "The provider shall delete any models trained on the\nphotos of its users."
    assert p["labels"]["goal"]["value"] == "removal"
    assert p["labels"]["target"]["value"] == "data"
    found = p["found_by"][0]
    assert found["words"] == "delete any models trained" and found["span"]["line"] == 3 and found["span"]["column"] == 20
    assert result["proposal"]["answers"] == {"goal": "removal", "target": "data", "driver": ["privacy"]}  # "photos of its users"
    assert "deployment" in result["proposal"]["unanswered"] and "adversary" in result["proposal"]["unanswered"]
    assert result["proposal"]["permalink"].endswith("questionnaire/#v=" + kb.meta.version + "&goal=removal&target=data&driver=privacy")


def test_an_open_goal_is_flagged_with_the_mismatches_it_invites(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    result = check(kb, compiled, [Unit("Providers must make their models unlearn personal data on request.")])
    goal = result["passages"][0]["labels"]["goal"]
    assert goal["value"] == "open" and goal["mismatches"] == ["M1", "M2"] and all(m in kb.of("mismatch") for m in goal["mismatches"])
    assert "goal" not in result["proposal"]["answers"] and result["proposal"]["open_goal_passages"] == [1]
    assert "goal: not answered" in result["proposal"]["answers_file"]


def test_words_for_both_halves_state_both_and_conflicts_stay_unanswered(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    text = "The model must unlearn the photos. The model must also not generate the style of the artist."
    result = check(kb, compiled, [Unit(text)])
    assert [p["labels"]["goal"]["value"] for p in result["passages"]] == ["open", "suppression"]
    second = result["passages"][1]
    assert second["differs_from_whole"] is False or second["answers"] != result["proposal"]["answers"]
    target = result["proposal"]["labels"]["target"]
    assert target["value"] is None and target["conflict"] == ["data", "concept"]
    assert "target" not in result["proposal"]["answers"]


def test_the_proposed_answers_file_reads_back_and_names_its_evidence(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    text = "Under the GDPR the chatbot must not generate personal data about the complainant; delete any models trained on it."
    result = check(kb, compiled, [Unit(text)])
    answers_file = result["proposal"]["answers_file"]
    answers = read_answers(answers_file, "proposal.yaml", compiled.space)
    assert {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()} == result["proposal"]["answers"]
    assert "privacy" in result["proposal"]["answers"]["driver"]
    assert '"GDPR"' in answers_file or '"personal data"' in answers_file


def test_claims_come_with_their_verdicts_under_the_passage_answers(kb, compiled, tables) -> None:  # type: ignore[no-untyped-def]
    from framework.outputs.assessment import assess

    text = "In our model all knowledge about the Harry Potter novel series has been erased."
    result = check(kb, compiled, [Unit(text)])
    claims = result["passages"][0]["claims"]
    assert [c["id"] for c in claims] == ["CL-036"]
    answers = {q: tuple(v) if isinstance(v, list) else v for q, v in result["passages"][0]["answers"].items()}
    expected = {c["id"]: c for c in assess(tables, answers)["claims"]}["CL-036"]
    assert claims[0]["verdict"] == expected["verdict"] and claims[0]["relevance"] == expected["relevance"]


def test_nothing_is_flagged_in_ordinary_deletion_text(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    text = "You can delete your account. We delete your personal data from our records within 30 days. Our business model is simple."
    assert check(kb, compiled, [Unit(text)])["flagged"] == 0


def test_pdf_pages_carry_their_page_number(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    result = check(kb, compiled, [Unit("Nothing here.", page=1), Unit("Intro.\nThe model must unlearn it.", page=2)])
    assert result["passages"][0]["span"] == {"page": 2, "line": 2, "column": 1, "end_line": 2, "end_column": 26}


def test_signals_are_ordered_finders_first(kb) -> None:  # type: ignore[no-untyped-def]
    s = Signals.of(kb)
    assert all(x.finds_passage for x in s.finders) and not any(x.finds_passage for x in s.others)
    assert [x.id for x in s.finders] == sorted(x.id for x in s.finders)
    conditions = [sid for sid, sig in kb.signals.items() if sig.condition]
    assert conditions and not {x.id for x in (*s.finders, *s.others)} & set(conditions), "conditions only qualify finders"
    exceptions = [sid for sid, sig in kb.signals.items() if sig.sets_aside]
    assert exceptions and [e.id for e in s.exceptions] == sorted(exceptions), "exceptions stand apart from the finders"
    assert len(s.finders) + len(s.others) + len(conditions) + len(exceptions) == len(kb.signals)


# Sentences written for this test: a definition of the field names every word the finders look for.
DEFINITION = "Machine unlearning is the process of erasing the influence of chosen training data from a trained model."


def test_an_exception_sets_a_found_passage_aside_unless_a_consequence_is_drawn(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    without = Signals.of(kb, frozenset(sid for sid, sig in kb.signals.items() if sig.sets_aside))
    assert check(kb, compiled, [Unit(DEFINITION)], without)["flagged"] == 1, "the finders find the definition on their own"
    assert check(kb, compiled, [Unit(DEFINITION)])["flagged"] == 0, "the exception sets it aside"
    kept = DEFINITION[:-1] + ", so the provider must apply it to the complainant's records."
    result = check(kb, compiled, [Unit(kept)])
    assert result["flagged"] == 1 and result["passages"][0]["labels"]["goal"]["value"] == "removal"


def test_a_passage_set_aside_is_listed_for_the_reader_with_its_reason_and_words(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    from framework.textcheck.render import render_markdown, render_text

    text = "Intro.\n" + DEFINITION + "\n\nThe vendor shall delete the customer's records from the model."
    result = check(kb, compiled, [Unit(text)])
    assert result["flagged"] == 1 and "vendor" in result["passages"][0]["text"]
    [aside] = result["set_aside"]
    assert aside["text"] == DEFINITION and aside["span"]["line"] == 2 and aside["span"]["column"] == 1
    assert aside["exception"] == "SIG-ASIDE-001" and aside["reason"] == kb.signals["SIG-ASIDE-001"].label
    assert aside["words"].startswith("Machine unlearning is the process") and aside["words"] in DEFINITION
    shown = render_text(result)
    assert "Set aside, not flagged: 1 passage" in shown and DEFINITION in shown and "SIG-ASIDE-001, on \u201cMachine unlearning" in shown
    assert shown.index("Set aside") > shown.index("[1]"), "after the flagged passages"
    assert "## Set aside, not flagged" in render_markdown(result)
    kept = DEFINITION[:-1] + ", so the provider must apply it to the complainant's records."
    assert check(kb, compiled, [Unit(kept)])["set_aside"] == [], "a passage the exception yields on is flagged, not listed"
    assert check(kb, compiled, [Unit("The provider keeps invoices for ten years.")])["set_aside"] == [], "only what would be flagged"
    alone = check(kb, compiled, [Unit(DEFINITION)])
    assert alone["flagged"] == 0 and len(alone["set_aside"]) == 1
    assert "the passages set aside are listed above" in render_text(alone)


def test_an_exception_sets_aside_what_the_word_score_alone_would_flag(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    signals = Signals.of(kb)
    assert signals.word is not None
    everything = replace(signals, finders=(), word=replace(signals.word, threshold=-10**9), word_needs=())  # every passage flagged by words
    text = DEFINITION + "\n\nThe provider keeps invoices for ten years."
    assert [p["text"] for p in check(kb, compiled, [Unit(text)], everything)["passages"]] == ["The provider keeps invoices for ten years."]


# Phrasings written for this test, not taken from the corpus: the signals are general, not fitted to
# the corpus's sentences.
OWN_POSITIVES = {
    "The licensee shall cause the AI model to unlearn all works supplied under this agreement upon termination.": "open",
    "Upon request, the operator must erase the individual's information from its neural network.": "removal",
    "Providers shall ensure that their generative models cannot reproduce the protected lyrics.": "suppression",
    "The company agrees to destroy all machine-learning models developed with the unlawfully scraped images.": "removal",
    "The vendor will apply output filters so the assistant never reveals customers' account numbers.": "suppression",
    "We retrained the classifier without the withdrawn records.": "removal",
    "Developers must remove dangerous chemistry knowledge from the weights before release.": "removal",
    "The chatbot is prevented from generating images in the style of living artists.": "suppression",
    "Guardrails block the system from producing instructions for building weapons.": "suppression",
    "The plaintiff seeks deletion of any model derived from her photographs.": "removal",
    "The model was fine-tuned so that it refuses to answer questions about the claimant.": "suppression",
    "The right to erasure extends to personal data memorised by language models.": "removal",
    "Our moderation layer screens model outputs for personal information.": "suppression",
}
OWN_NEGATIVES = [
    "The customer may delete any file from the shared drive at any time.",
    "Please forget the previous email; the meeting is on Tuesday.",
    "The model clause in Annex II governs transfers to third countries.",
    "Our pricing model changed in 2024 and the old plans were removed from the website.",
    "Records are erased from the archive after seven years.",
    "The context window of the model holds the last 8,000 tokens of the conversation.",
    "The board reviewed the financial model and removed two scenarios.",
    "We filter spam from incoming mail before it reaches your inbox.",
    "Catastrophic forgetting can occur when a network is trained on a new task.",
]


@pytest.mark.parametrize("text", sorted(OWN_POSITIVES))
def test_check_finds_phrasings_outside_the_corpus_with_their_goal(kb, compiled, text: str) -> None:  # type: ignore[no-untyped-def]
    result = check(kb, compiled, [Unit(text)])
    assert result["flagged"] == 1
    assert result["passages"][0]["labels"]["goal"]["value"] == OWN_POSITIVES[text]


@pytest.mark.parametrize("text", OWN_NEGATIVES)
def test_check_leaves_ordinary_deletion_and_other_models_alone(kb, compiled, text: str) -> None:  # type: ignore[no-untyped-def]
    assert check(kb, compiled, [Unit(text)])["flagged"] == 0


@pytest.mark.parametrize("text", [
    "You must unlearn it.", "The model should forget the user.", "Erase the record from the model.",
    "Remove my essays from the model's training.", "Ensure the model cannot generate the song.",
    "Ensure the model cannot output the address.", "Delete any models trained on the images.", "The operator shall filter outputs.",
])
def test_the_phrasings_the_issue_names_are_found(kb, compiled, text: str) -> None:  # type: ignore[no-untyped-def]
    assert check(kb, compiled, [Unit(text)])["flagged"] == 1


def test_the_literal_prefilter_flags_exactly_the_passages_a_plain_search_flags(kb) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    import yaml

    from framework.textcheck.matcher import find

    corpus = Path(__file__).resolve().parent / "check_corpus"
    quotes = [p["quote"] for name in ("positive.yaml", "negative.yaml")
              for p in yaml.safe_load((corpus / name).read_text(encoding="utf-8"))["passages"]]
    rng = random.Random(3)
    words = " ".join(quotes).split()
    text = canonical("\n\n".join(quotes) + "\n\n" + " ".join(rng.choice(words) + rng.choice([" ", ". ", "\n"]) for _ in range(3000)))
    signals = Signals.of(kb, word=None)  # the phrase signals alone: the prefilter is theirs
    plain = [(p.start, p.end) for p in passages(text)
             if any(s.finds(fold_text(text[p.start:p.end])) for s in signals.finders)
             and not signals.set_aside(fold_text(text[p.start:p.end]))]
    assert [(f.start, f.end) for f in find([Unit(text)], signals)] == plain
    assert len(plain) > 60


def test_a_house_style_guide_does_not_make_the_target_a_concept(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    text = "The vendor shall remove the customer's records from the model, following the house style guide."
    labels = check(kb, compiled, [Unit(text)])["proposal"]["labels"]
    assert labels["target"]["value"] == "data"
    text = "The model must not imitate the style of a living artist."
    assert check(kb, compiled, [Unit(text)])["proposal"]["labels"]["target"]["value"] == "concept"


@pytest.mark.parametrize("text, code", [
    ("The provider shall remove the data from the model.", "en"),
    ("当 Django 删除某个对象时,默认会模仿 SQL 约束的行为。", "zh"),
    ("モデルから個人データを削除しなければならない。", "ja"),
    ("모델에서 개인 데이터를 삭제해야 합니다.", "ko"),
    ("Модель должна удалить персональные данные пользователя.", "cyrl"),
    ("El proveedor debe eliminar los datos personales del modelo y no debe generar esa información.", "es"),
    ("Le fournisseur doit supprimer les données personnelles du modèle et ne pas les générer pour les utilisateurs.", "fr"),
    ("Der Anbieter muss die personenbezogenen Daten aus dem Modell löschen und darf sie nicht erzeugen.", "de"),
    ("De aanbieder moet de persoonsgegevens uit het model verwijderen en mag ze niet genereren voor de gebruikers.", "nl"),
    ("O fornecedor deve apagar os dados pessoais do modelo e não os gerar para os utilizadores.", "pt"),
    ("e.g. the model must not generate it, i.e. the output is blocked", "en"),
    ("", "en"),
])
def test_the_language_a_text_is_mostly_in(text: str, code: str) -> None:
    from framework.textcheck.language import detect

    got = detect(text)
    assert got["code"] == code and got["covered"] is (code == "en") and 0 <= got["share"] <= 1


def test_a_long_text_is_judged_on_a_sample_spread_through_it() -> None:
    from framework.textcheck.language import SAMPLE, SAMPLES, detect, sample

    english = "The provider shall remove the data from the model and the outputs. " * 5000
    assert len(sample(english)) < SAMPLE * SAMPLES + SAMPLES
    assert detect(english + "模型应当删除用户的个人数据。" * 100)["code"] == "en"
    assert detect("模型应当删除用户的个人数据。" * 30000 + english[:2000])["code"] == "zh"


def test_literal_groups_are_only_what_every_match_must_contain() -> None:
    from framework.kb.pattern_syntax import parse

    info = parse(r"\b(?:delet|destroy)\w*\b[^.;]{0,100}?\bfrom (?:the )?(?:models?|weights)\b(?! registry)")
    assert set(map(frozenset, info.groups)) == {frozenset({"delet", "destroy"}), frozenset({"from "}), frozenset({"model", "weights"})}
    assert parse(r"(?:ab|cd)x").groups == ()  # literals shorter than three characters filter nothing
    assert parse(r"unlearn(?:ing)?|forget").groups == (("forget", "unlearn"),)


@pytest.mark.parametrize("text, goal, claims, deployment", [
    ("Plaintiffs pray for an order directing Defendants to destroy all models and training sets that incorporate Plaintiffs' works.", "removal", [], None),
    ("Use this form to ask us to remove your personal data from the chatbot's responses.", "suppression", [], "hosted"),
    ("When this setting is on, the assistant withholds suggestions that match public code.", "suppression", [], None),
    ("The training set was assembled with all opt-out requests excluded.", "removal", [], None),
    ("The pretraining data was filtered to remove personal information.", "removal", [], None),
    ("A safety checker is applied to every image after generation.", "suppression", [], None),
    ("The assistant should not serve such content to users under 18.", "suppression", [], None),
    ("Vendor warrants that no prompt will extract Customer Data from the Model.", "removal", ["CL-006"], None),
    ("An officer of Vendor shall certify in writing the permanent deletion of the Customer Data from the Model.", "removal", ["CL-020"], None),
    ("Vendor shall deliver replacement weights from which the Customer Data has been removed.", "removal", [], None),
    ("The Model runs on-premises and Vendor shall delete the Customer Data from the model.", "removal", [], "internal"),
])
def test_the_kinds_issue_18_names_are_found_by_what_they_do(kb, compiled, text: str, goal: str, claims: list[str], deployment: str | None) -> None:  # type: ignore[no-untyped-def]
    """Our own phrasings of the kinds of passage the issue lists as missed: each is flagged, with the goal
    its words state, the claim a contract clause relies on and the deployment it names."""
    result = check(kb, compiled, [Unit(text)])
    assert result["flagged"] == 1, text
    labels = result["proposal"]["labels"]
    assert labels["goal"]["value"] == goal, text
    assert [cl["id"] for cl in result["passages"][0]["claims"]] == claims, text
    assert labels.get("deployment", {}).get("value") == deployment, text


def test_counts_and_shares_read_as_people_quote_them() -> None:
    """The reliance sentence says counts with thousands marked ("1,012") and shares in tenths, halves up;
    check.js says the same (tests/test_check_browser.py compares the page's sentence with these)."""
    from framework.textcheck.render import about_tenths, grouped

    assert [grouped(n) for n in (7, 999, 1012, 1234567)] == ["7", "999", "1,012", "1,234,567"]
    assert [about_tenths(626, 833), about_tenths(626, 1012), about_tenths(1, 20), about_tenths(0, 5)] == [8, 6, 1, 0]


def _ev(signal: str, words: str, line: int, column: int, end_column: int, page: int | None = None) -> dict[str, object]:
    span: dict[str, object] = {"line": line, "column": column, "end_line": line, "end_column": end_column}
    return {"signal": signal, "words": words, "span": span if page is None else {"page": page, **span}}


def test_words_inside_another_phrase_are_shown_as_that_phrase() -> None:
    """Nested matches read as one quote with every signal that found any part of it; phrases that only
    overlap, or lie on another page, stay apart; the same words twice are shown once."""
    from framework.textcheck.render import outermost

    evidence = [_ev("S1", "delete all data", 1, 5, 19), _ev("S2", "delete all data,\n including from the model", 1, 5, 44),
                _ev("S3", "from the model", 1, 31, 44), _ev("S4", "the model weights", 1, 40, 56),
                _ev("S5", "delete all data", 3, 1, 15), _ev("S1", "delete all data", 1, 5, 19),
                _ev("S6", "all data", 1, 12, 19, page=2)]
    assert outermost(evidence) == {"delete all data, including from the model": ["S1", "S5", "S2", "S3"],
                                   "the model weights": ["S4"], "all data": ["S6"]}
    # the same words at a second place (S5) fold with the first; a phrase on another page does not
    assert outermost([]) == {} and outermost([{"signal": "S", "words": "a b", "span": None}]) == {"a b": ["S"]}


def test_a_clause_many_signals_match_is_quoted_once(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    """What a reader saw: a contract clause seven signals match in nested runs of its words was quoted three
    times over under "found by" and again under its aim. Now each quote lies outside every other."""
    from framework.textcheck.names import Names
    from framework.textcheck.render import found_by, render_text

    text = ("Upon termination, the Vendor shall delete all Customer Data, including from any model weights trained on it, "
            "and certify the deletion in writing.")
    result = check(kb, compiled, [Unit(text)], Signals.of(kb))
    p = result["passages"][0]
    assert len({" ".join(e["words"].split()) for e in p["found_by"]}) > 1, "the signals match nested runs of words"
    line = found_by(p)
    quotes = re.findall("\u201c([^\u201d]*)\u201d", line.split("; the words used together")[0])
    assert quotes and not any(a != b and a in b for a in quotes for b in quotes), quotes
    assert all(e["signal"] in line for e in p["found_by"]), "every signal is still named"
    assert all(any(" ".join(e["words"].split()) in q for q in quotes) for e in p["found_by"]), "every matched word is in a quote"
    aim = next(x for x in render_text(result, Names.of(kb)).splitlines() if x.strip().startswith("aim:"))
    shown = re.findall('"([^"]*)"', aim)
    assert shown and not any(a != b and a in b for a in shown for b in shown), aim


def test_a_bottom_line_is_said_once_for_passages_with_the_same_answers(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    """Two output filters and a settlement that destroys datasets: the whole text reads as both aims, each
    filter as suppression alone. The filters' bottom line is given in full once, then referred to."""
    from framework.textcheck.names import Names
    from framework.textcheck.render import render_markdown, render_text, same_answers

    text = ("In addition, Anthropic will destroy the allegedly pirated datasets, and the settlement resolves claims.\n\n"
            "Detect and redact credit card numbers, SSNs, or account credentials in responses.\n\n"
            "Block responses that expose other customers' data or internal system details.")
    result = check(kb, compiled, [Unit(text)], Signals.of(kb))
    ps = result["passages"]
    suppression = [p["number"] for p in ps if p["labels"]["goal"]["value"] == "suppression"]
    assert len(suppression) >= 2 and all(ps[n - 1]["differs_from_whole"] for n in suppression)
    assert len({ps[n - 1]["permalink"] for n in suppression}) == 1, "the filters' answers are the same"
    assert same_answers(ps) == {n: suppression[0] for n in suppression[1:]}
    out = render_text(result, Names.of(kb))
    full = ps[suppression[0] - 1]["bottom_line"]["text"][0]
    assert out.count(full) == 1 and out.count(f"as for passage {suppression[0]}, whose answers are the same") == len(suppression) - 1
    md = render_markdown(result, Names.of(kb))
    assert md.count(full) == 1 and md.count(f"as for passage {suppression[0]}, whose answers are the same.") == len(suppression) - 1


def test_evidence_quotes_whole_words_not_a_pattern_stem(kb, compiled) -> None:  # type: ignore[no-untyped-def]
    """A pattern matches stems ("unlearn", "output filter", "forgot"); the reader is shown, and has marked,
    the words as written, so each quote starts and ends at a word boundary of the text."""
    from framework.textcheck.matcher import whole_words, wordish

    assert whole_words("machine unlearning works", 8, 15) == (8, 18)
    assert whole_words("un-learning", 3, 8) == (3, 11)  # a hyphen ends a word
    assert whole_words("unlearn", 0, 7) == (0, 7) and whole_words("x unlearn.", 2, 9) == (2, 9)
    assert whole_words("unlearning12 x", 0, 7) == (0, 10)  # not over a footnote number
    assert whole_words("unlearning\u6570\u636e x", 0, 7) == (0, 10)  # nor over a script written without spaces
    assert whole_words("e\u0301tude", 0, 1) == (0, 6)  # a combining mark is part of its word
    assert whole_words("x unlearn\u00ading.", 2, 9) == (2, 13)  # so is a soft hyphen between letters
    assert whole_words("re\u200b\u200bunlearn", 4, 11) == (0, 11)  # and a run of zero-width spaces
    assert whole_words("unlearn\u00ad x", 0, 7) == (0, 7)  # not one that ends the word
    assert whole_words("\u00adunlearn", 1, 8) == (1, 8) and whole_words("x\u00ad\u00ad", 0, 1) == (0, 1)
    text = "The provider shall perform machine unlearning and output filtering so the model has forgotten the records."
    [p] = check(kb, compiled, [Unit(text)])["passages"]
    quoted = {e["words"] for e in p["found_by"]}
    assert {"unlearning", "output filtering", "model has forgotten"} <= quoted
    shy = "The provider shall perform machine unlearn\u00ading so the model has for\u00adgotten the records."
    [q] = check(kb, compiled, [Unit(shy)])["passages"]
    assert {"unlearn\u00ading", "model has for\u00adgotten"} <= {e["words"] for e in q["found_by"]}
    for e in p["found_by"]:
        s = e["span"]
        assert text[s["column"] - 1:s["end_column"]] == e["words"]
    from pathlib import Path

    from framework.textcheck.corpus import load_corpus

    corpus = load_corpus(Path(__file__).parent / "check_corpus")
    lines = [" ".join(item["quote"].split()) for item in corpus.positive + corpus.negative]  # a passage a line
    found = [e for q in check(kb, compiled, [Unit("\n\n".join(lines))])["passages"] for e in q["found_by"]]
    assert len(found) > 1000
    for e in found:
        line, a, b = lines[(e["span"]["line"] - 1) // 2], e["span"]["column"] - 1, e["span"]["end_column"]
        assert e["span"]["end_line"] == e["span"]["line"] and line[a:b] == e["words"]
        assert not (a > 0 and wordish(line[a - 1]) and wordish(line[a])), e["words"]
        assert not (b < len(line) and wordish(line[b]) and wordish(line[b - 1])), e["words"]
