"""The "Check a text" page in a real browser (Debian's Chromium driven by Playwright) gives the same
passages, labels, claim verdicts, bottom lines, language and proposed answers as `unlearning-scope
check --format json`, on every passage of the evaluation corpus (every batch) and on whole documents
built from it; a text in another language is reported as not checked, by both; the text never leaves
the page; the proposed answers open the questionnaire; axe-core finds no serious violation.

Set UNLEARNING_SCOPE_SKIP_BROWSER=1 to skip.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
CORPUS = Path(__file__).resolve().parent / "check_corpus"
TRICKY = (
    "Section 1.\r\nThe provider shall \u201cunlearn\u201d the user\u2019s data \u2014 caf\u00e9 e\u0301t\u00e9 \U0001F600 from the model\u2019s weights.\r\n"
    "e.g. the model must not generate\u00a0the  lyrics. U.S. law. Art. 17 applies! \u00ads\u200bo it must forget the photos.\n\n"
    "# Heading\n- item: delete any models trained on the photos. Another item\n| table | filter outputs |\n"
)

pytestmark = pytest.mark.skipif(os.environ.get("UNLEARNING_SCOPE_SKIP_BROWSER") == "1", reason="browser tests skipped on request")


def _corpus_texts() -> list[str]:
    from framework.textcheck.corpus import load_corpus

    c = load_corpus(CORPUS)
    return [p["quote"] for p in c.positive + c.negative]


def _documents() -> list[str]:
    """Whole documents: every corpus passage in one text (paragraphs, and lines wrapped as in a PDF)."""
    texts = _corpus_texts()
    paragraphs = "\n\n".join(texts)
    wrapped = "\n".join(w for t in texts for w in _wrap(t, 70))
    return [paragraphs, wrapped, TRICKY, paragraphs + "\n\n" + paragraphs]


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*out, line]


@pytest.fixture(scope="module")
def page(built_site: Any) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the README's test command installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        pg = context.new_page()
        pg.errors = []  # type: ignore[attr-defined]
        pg.requests = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        pg.on("request", lambda r: pg.requests.append(r))  # type: ignore[attr-defined]
        pg.goto(built_site.url + "check/")
        pg.wait_for_selector("#us-check-root[data-us-check-mounted=ready]")
        yield pg
        browser.close()


def _cli_json(cli: Any, tmp_path: Path, text: str, name: str) -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    run = cli("check", str(path), "--format", "json")
    assert run.code in (0, 1, 3), run.err
    return dict(run.json())


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    """What the page must give exactly as the CLI does: the language, passages, labels, answers,
    permalinks, the claims linked with their verdicts, the bottom lines of each passage's and the
    whole text's answers, each passage's supportable wording and its word score (score, threshold, words),
    and the passages set aside (where, text, exception, reason, words); the mode and its figures."""
    passages = []
    for p in result["passages"]:
        claims = [{k: c.get(k) for k in ("id", "statement", "evidence", "verdict", "relevance")} for c in p["claims"]]
        keys = ("number", "span", "text", "found_by", "labels", "answers", "differs_from_whole", "bottom_line", "permalink", "wording")
        passages.append({**{k: p[k] for k in keys}, "claims": claims, "word_score": p.get("word_score")})
    prop = result["proposal"]
    return {"language": result["language"], "flagged": result["flagged"], "passages": passages, "set_aside": result["set_aside"],
            "mode": result["mode"], "held_out": result["held_out"], "leave_one_document_out": result["leave_one_document_out"],
            "proposal": {k: prop[k] for k in ("answers", "labels", "unanswered", "open_goal_passages", "bottom_line", "permalink")}}


def test_the_page_finds_what_the_cli_finds_on_every_corpus_passage(page: Any, cli: Any, kb: Any, compiled: Any, tmp_path: Path) -> None:
    """Every passage of every batch: the page against the matcher `check --format json` prints (run in
    this process, the CLI itself on every twentieth passage, to keep the test quick)."""
    from framework.kb.normalise import canonical
    from framework.textcheck.matcher import Signals, Unit, check

    texts = _corpus_texts()
    assert len(texts) >= 400
    browser_results = page.evaluate("texts => texts.map(t => window.UnlearningScopeCheck.check(t))", texts)
    signals = Signals.of(kb)
    flagged = other = 0
    for i, (text, got) in enumerate(zip(texts, browser_results, strict=True)):
        want = _cli_json(cli, tmp_path, text, f"passage-{i}.txt") if i % 20 == 0 else check(kb, compiled, [Unit(canonical(text))], signals)
        assert _comparable(got) == _comparable(want), text
        flagged += want["flagged"] > 0
        other += not want["language"]["covered"]
    assert flagged > len(texts) / 3  # the comparison covers flagged passages (about half of the corpus), not only empty results
    assert other >= 5  # and texts in other languages


def test_the_thorough_page_finds_what_check_thorough_finds(page: Any, cli: Any, kb: Any, compiled: Any, tmp_path: Path) -> None:
    """The thorough mode: every corpus passage (the CLI itself on every fortieth), and the form's checkbox."""
    from framework.kb.normalise import canonical
    from framework.textcheck.matcher import Signals, Unit, check

    texts = _corpus_texts()
    got = page.evaluate("texts => texts.map(t => window.UnlearningScopeCheck.check(t, {thorough: true}))", texts)
    signals = Signals.of(kb, thorough=True)
    by_score = 0
    for i, (text, g) in enumerate(zip(texts, got, strict=True)):
        if i % 40 == 0:
            path = tmp_path / f"t-{i}.txt"
            path.write_bytes(text.encode("utf-8"))
            run = cli("check", str(path), "--thorough", "--format", "json")
            assert run.code in (0, 1, 3), run.err
            want = run.json()
        else:
            want = check(kb, compiled, [Unit(canonical(text))], signals)
        assert _comparable(g) == _comparable(want), text
        by_score += any(p.get("word_score", {}).get("threshold") == kb.word_score.thorough for p in want["passages"])
    assert by_score > 100  # the lower threshold is exercised, not only the signals
    text = "\n\n".join(texts[:60])
    page.fill("#us-check-text", text)
    page.check("#us-check-thorough")
    page.click("#us-check-run")
    page.wait_for_selector("#us-check-root[data-us-check-done]")
    want = _cli_json(cli, tmp_path, text, "doc.txt")
    shown = page.evaluate("window.UnlearningScopeCheck.page.lastResult")
    assert shown["mode"] == "thorough" and shown["flagged"] >= want["flagged"]
    assert "(thorough mode: more found, more false alarms)" in page.locator("#us-check-status").inner_text()
    assert "in the thorough mode" in page.locator(".us-check-reliance").inner_text()
    help_text = page.locator("#us-check-thorough-help").inner_text()
    assert f"thorough finds about {int(kb.word_score.measured['thorough_leave_one_document_out_with_signals']['recall'] * 100 + 0.5)} in 100" in help_text
    page.uncheck("#us-check-thorough")
    assert page.errors == []


@pytest.mark.parametrize("text, code", [
    ("当 Django 删除某个对象时,默认会模仿 SQL 约束的行为。模型应当删除用户的个人数据。", "zh"),
    ("모델에서 개인 데이터를 삭제해야 합니다. 챗봇은 그 데이터를 생성할 수 없어야 합니다.", "ko"),
    ("El proveedor debe eliminar los datos personales del modelo y no debe generar esa información para los usuarios.", "es"),
])
def test_a_text_in_another_language_is_reported_as_not_checked(page: Any, cli: Any, tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / f"{code}.txt"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    assert run.code == 3 and "NOT CHECKED" in run.out and "only English is checked" in run.out and "nothing asks for" not in run.out
    want = _cli_json(cli, tmp_path, text, f"{code}-json.txt")
    page.fill("#us-check-text", text)
    page.click("#us-check-run")
    page.wait_for_selector(f"#us-check-root[data-us-check-language={code}]")
    got = page.evaluate("window.UnlearningScopeCheck.page.lastResult")
    assert _comparable(got) == _comparable(want) and want["language"]["code"] == code and not want["language"]["covered"]
    status = page.locator("#us-check-status").inner_text()
    assert "Not checked" in status and want["language"]["name"] in status and "Nothing in this text" not in status
    assert page.locator(".us-check-language").count() == 1
    assert page.locator(".us-check-reliance").count() == 0  # no figure of how far to rely on a text that was not read
    assert page.errors == []


@pytest.mark.parametrize("which", ["paragraphs", "wrapped-lines", "tricky-characters", "long-enough-to-sample"])
def test_the_page_finds_what_the_cli_finds_in_whole_documents(page: Any, cli: Any, tmp_path: Path, which: str) -> None:
    text = _documents()[["paragraphs", "wrapped-lines", "tricky-characters", "long-enough-to-sample"].index(which)]
    if which == "long-enough-to-sample":
        from framework.textcheck.language import SAMPLE, SAMPLES

        assert len(text) > SAMPLE * SAMPLES  # the language is judged on a sample, in the page as in the CLI
    want = _cli_json(cli, tmp_path, text, f"{which}.txt")
    got = page.evaluate("t => window.UnlearningScopeCheck.check(t)", text)
    assert want["flagged"] > 0
    assert _comparable(got) == _comparable(want)


def test_the_form_shows_the_result_keeps_the_text_local_and_opens_the_questionnaire(page: Any, built_site: Any, cli: Any, kb: Any,
                                                                                     tmp_path: Path) -> None:
    # A long draft, typed into the form; the whole corpus as one text is compared without the form above,
    # since filling a textarea grows with the square of its length in Chromium (about 30 s at 400 kB).
    text = "\n\n".join(_corpus_texts()[:300])
    want = _cli_json(cli, tmp_path, text, "document.txt")
    page.errors.clear()
    page.requests.clear()
    page.fill("#us-check-text", text)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the "Check the text" button, reached by keyboard
    page.wait_for_selector("#us-check-root[data-us-check-done]")
    assert page.locator(".us-check-passage").count() == want["flagged"]
    assert page.locator(".us-check-aside li").count() == len(want["set_aside"])
    whole = page.locator(".us-check-bottom-whole")
    assert whole.count() == 1 and want["proposal"]["bottom_line"]["text"][0] in whole.inner_text()
    # a passage whose answers an earlier passage already had refers to that passage's bottom line, as the CLI does
    from framework.textcheck.render import same_answers

    same = same_answers(want["passages"])
    assert same, "some passages share answers"
    assert page.locator(".us-check-bottom-passage").count() == sum(p["differs_from_whole"] for p in want["passages"]) - len(same)
    assert page.locator(".us-check-bottom-same").count() == len(same)
    n, first = next(iter(same.items()))
    assert page.locator(f"#us-check-p{n} .us-check-bottom-same a").get_attribute("href") == f"#us-check-p{first}"
    assert page.locator(".us-check-language").count() == 0
    left = page.locator(".us-check-proposal p.us-fine", has_text="Left unanswered").inner_text()
    from framework.textcheck.names import Names

    names = Names.of(kb)
    assert want["proposal"]["unanswered"] and left.startswith("Left unanswered: " + ", ".join(map(names.question, want["proposal"]["unanswered"])))
    assert not any(q in left for q in want["proposal"]["unanswered"] if "_" in q)  # by name, as the CLI says them, not by ID
    held = want["held_out"]
    assert held and page.locator(".us-check-reliance").count() == 1
    assert f"found {held['found']:,} of {held['found'] + held['missed']:,} passages" in page.locator(".us-check-reliance").inner_text()
    assert f"on {held['found'] + held['missed']:,} passages" in page.locator("#us-check-measured").inner_text()
    assert f"the check found {held['found']:,} (about" in page.locator("#us-check-measured").inner_text()  # said on the page before any result
    status = page.locator("#us-check-status")
    assert status.get_attribute("aria-live") == "polite" and f"{want['flagged']} passages flagged" in status.inner_text()
    assert page.locator("#us-check-results").get_attribute("aria-live") == "polite"
    assert page.locator("label[for=us-check-text]").count() == 1
    shown = page.evaluate("window.UnlearningScopeCheck.page.lastResult")
    assert _comparable(shown) == _comparable(want)
    first = want["passages"][0]
    item = page.locator(".us-check-passage").first
    assert f"line {first['span']['line']}" in item.locator(".us-check-where").inner_text()
    goal = first["labels"]["goal"]["value"]
    assert item.locator("tr[data-question=goal]").get_attribute("data-value") == goal
    # the words shown say what the CLI says: each phrase once, words inside a longer phrase as that phrase
    from framework.textcheck.render import found_by, outermost

    assert page.locator(".us-check-passage p.us-fine", has_text="Found by: ").all_inner_texts() == \
        ["Found by: " + found_by(p) for p in want["passages"]]
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.us-check-passage'), (li) =>
        Object.fromEntries(Array.from(li.querySelectorAll('tr[data-question]'), (tr) => [tr.dataset.question, tr.cells[2].textContent])))""")
    assert rows == [{q: "; ".join(f"\u201c{w}\u201d" for w in outermost(v["evidence"])) or rows[i][q] for q, v in p["labels"].items()}
                    for i, p in enumerate(want["passages"])]
    assert any(len(outermost(e for f in [p] for e in f["found_by"])) < len({e["words"] for e in p["found_by"]})
               for p in want["passages"]), "some passage has words inside a longer phrase"
    # each reading by its options' names, as the CLI says it: "Specific data", never the option's ID beside it
    from framework.textcheck.render import _value

    values = page.evaluate("""() => Array.from(document.querySelectorAll('.us-check-passage'), (li) =>
        Object.fromEntries(Array.from(li.querySelectorAll('tr[data-question]'), (tr) => [tr.dataset.question, tr.cells[1].textContent])))""")
    assert values == [{q: _value(q, v, names).replace("OPEN: ", "open: ", 1) for q, v in p["labels"].items()} for p in want["passages"]]
    assert any(v.get("value") is None for p in want["passages"] for v in p["labels"].values()), "some passage's words point two ways"
    marked = page.evaluate("""() => Array.from(document.querySelectorAll('.us-check-passage'),
        (li) => Array.from(li.querySelectorAll('mark'), (m) => m.textContent.split(/\\s+/).join(' ')))""")
    assert all(any(" ".join(e["words"].split()) in m for m in marks) for p, marks in zip(want["passages"], marked, strict=True)
               for e in p["found_by"]), "every word a signal matched is marked, nested and overlapping matches as one run"
    # nothing was sent: no request at all while checking, and none carries any of the text
    words = {w for w in text.split() if len(w) > 8}
    assert not any(any(w in (r.url + (r.post_data or "")) for w in words) for r in page.requests)
    assert [r.url for r in page.requests] == []
    link = page.locator("#us-check-open")
    href = link.get_attribute("href") or ""
    assert href.endswith(want["proposal"]["permalink"][want["proposal"]["permalink"].index("#"):])
    link.click()
    page.wait_for_function("location.pathname.endsWith('/questionnaire/') && location.hash.startsWith('#v=')")
    fragment = urlsplit(page.url).fragment
    assert fragment == want["proposal"]["permalink"].split("#", 1)[1]
    page.wait_for_selector("#us-q-root fieldset")
    for q, v in want["proposal"]["answers"].items():
        values = v if isinstance(v, list) else [v]
        for option in values:
            assert page.locator(f"#us-q-root input[data-question='{q}'][value='{option}']").is_checked(), (q, option)
    assert page.errors == []
    page.goto(built_site.url + "check/")
    page.wait_for_selector("#us-check-root[data-us-check-mounted=ready]")


@pytest.mark.parametrize("text", [
    "You can ask \U0001F600 deletion of your personal data from training models.",  # a character outside the BMP in a match
    "Upon termination, the Vendor shall delete all Customer\u0085Data, including from any model weights trained on it.",
    "Upon termination, the Vendor shall delete all Customer\ufeffData, including from any model weights trained on it.",
    "The provider shall perform machine unlearning and output filtering so the model has forgotten the records.",  # stems
    "The provider shall perform machine unlearning12 and output filtering so the model has forgotten\u6570\u636e the records.",
    "The provider shall perform machine unlearn\u00ading so the model has for\u200bgotten the records.",  # inside a word
])
def test_the_page_quotes_the_words_as_the_cli_does(page: Any, cli: Any, tmp_path: Path, text: str) -> None:
    """Phrases are measured in code points, split on the spaces Python splits on and widened to whole words
    ("unlearning", not the pattern's "unlearn"), on the page as in the CLI."""
    from framework.textcheck.render import found_by, outermost

    want = _cli_json(cli, tmp_path, text, "t.txt")
    assert want["flagged"] and len(want["passages"][0]["found_by"]) > 1
    page.fill("#us-check-text", text)
    page.click("#us-check-run")
    page.wait_for_selector("#us-check-root[data-us-check-done]")
    assert page.locator(".us-check-passage p.us-fine", has_text="Found by: ").all_inner_texts() == \
        ["Found by: " + found_by(p) for p in want["passages"]]
    goal = want["passages"][0]["labels"]["goal"]
    shown = page.locator(".us-check-passage tr[data-question=goal] td").nth(1).inner_text()
    assert shown == ("; ".join(f"\u201c{w}\u201d" for w in outermost(goal["evidence"])) or shown)
    assert page.errors == []


def test_the_page_gates_the_word_score_as_the_cli_does(page: Any, cli: Any, kb: Any, tmp_path: Path) -> None:
    """A passage that names no AI system, model, training or generated content is not flagged by its words,
    however high they score, on the page as in the CLI, in either mode; one that does is."""
    from framework.kb.normalise import fold_text
    from framework.textcheck.matcher import Signals

    manual = "Prefer returning the error to the caller instead of stopping the whole program."
    named = "The assistant should stop suggesting the person's name in its answers once they object."
    text = manual + "\n\n" + named + "\n"
    w, gate = kb.word_score, Signals.of(kb)
    assert w.thorough_mode().flags(fold_text(manual)) and not gate.word_may_flag(fold_text(manual))
    assert w.flags(fold_text(named)) and gate.word_may_flag(fold_text(named))
    for thorough in (False, True):
        path = tmp_path / "manual.txt"
        path.write_text(text, encoding="utf-8")
        run = cli("check", str(path), "--format", "json", *(["--thorough"] if thorough else []))
        want = run.json()
        assert [(p["span"]["line"], p["found_by"]) for p in want["passages"]] == [(3, [])]  # by its words alone
        got = page.evaluate("([t, th]) => window.UnlearningScopeCheck.check(t, {thorough: th})", [text, thorough])
        assert _comparable(got) == _comparable(want)
    assert page.errors == []


def test_a_passage_set_aside_is_shown_with_its_reason(page: Any, cli: Any, tmp_path: Path) -> None:
    definition = "Machine unlearning is the process of erasing the influence of chosen training data from a trained model."
    want = _cli_json(cli, tmp_path, definition, "definition.txt")
    assert want["flagged"] == 0 and [a["exception"] for a in want["set_aside"]] == ["SIG-ASIDE-001"]
    page.fill("#us-check-text", definition)
    page.click("#us-check-run")
    page.wait_for_selector("#us-check-root[data-us-check-done]")
    assert _comparable(page.evaluate("window.UnlearningScopeCheck.page.lastResult")) == _comparable(want)
    status = page.locator("#us-check-status").inner_text()
    assert status.startswith("Nothing in this text asks for") and "1 passage set aside, not flagged (listed below)." in status
    aside = page.locator(".us-check-aside")
    assert aside.locator("h2").inner_text() == "Set aside, not flagged" and aside.locator("blockquote").inner_text() == definition
    assert "SIG-ASIDE-001, on \u201cMachine unlearning is the process" in aside.inner_text()
    assert aside.locator("a[href='#SIG-ASIDE-001']").count() == 1 and page.locator("tr#SIG-ASIDE-001").count() == 1
    assert "sets a passage aside" in page.locator("tr#SIG-ASIDE-001").inner_text()
    assert page.errors == []


def test_the_page_is_accessible(page: Any, built_site: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.fill("#us-check-text", TRICKY)
    page.click("#us-check-run")
    page.wait_for_selector(".us-check-passage")
    page.mouse.move(0, 899)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(400)  # the theme's buttons fade out of their hover colours (a transition); read them at rest
    results = Axe().run(page)
    serious = [f"{v['id']}: {v['help']} at {[(n['target'], n.get('failureSummary')) for n in v['nodes'][:3]]}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.errors == []


def test_the_data_file_carries_every_signal(page: Any, kb: Any) -> None:
    ids = page.evaluate("window.UnlearningScopeCheckData.signals.map(s => s.id)")
    assert sorted(ids) == sorted(sid for sid, s in kb.signals.items() if not s.condition and not s.sets_aside)
    # an exception travels apart, with the patterns of the conditions that keep a passage
    exceptions = page.evaluate("window.UnlearningScopeCheckData.exceptions")
    assert exceptions and [e["id"] for e in exceptions] == sorted(sid for sid, s in kb.signals.items() if s.sets_aside)
    for e in exceptions:
        assert e["patterns"] == kb.signals[e["id"]].patterns
        assert e["unless"] == [p for ref in kb.signals[e["id"]].unless for p in kb.signals[ref].patterns]
    # a condition signal travels inside the finders that name it, as its patterns
    only_with = page.evaluate("Object.fromEntries(window.UnlearningScopeCheckData.signals.map(s => [s.id, s.only_with]))")
    named = {sid: s.only_with for sid, s in kb.signals.items() if s.only_with}
    assert named, "some finders find a passage only with a condition"
    for sid, refs in named.items():
        assert only_with[sid] == [p for ref in refs for p in kb.signals[ref].patterns]
    assert json.loads(json.dumps(page.evaluate("window.UnlearningScopeCheckData.meta.version"))) == kb.meta.version


def _fuzz_texts(n: int, seed: int = 10) -> list[str]:
    """Texts cut and spliced from the corpus with odd characters and line breaks thrown in."""
    import random

    rng = random.Random(seed)
    words = " ".join(_corpus_texts()).split(" ")
    odd = ["\n", "\n\n", "\r\n", ". ", "! ", "? ", "e.g. ", "U.S. ", "\u2019", "\u201c", "\u2014", "\u00a0", "\u00ad", "\U0001F600",
           "e\u0301", "# ", "- ", "1. ", "| ", "\t", "  ", "(a) ", "\u2028", ";"]
    out = []
    for _ in range(n):
        start = rng.randrange(len(words))
        parts = []
        for w in words[start:start + rng.randint(5, 80)]:
            parts.append(w)
            parts.append(rng.choice(odd) if rng.random() < 0.15 else " ")
        out.append("".join(parts))
    return out


def test_the_page_agrees_with_the_matcher_on_spliced_texts(page: Any, kb: Any, compiled: Any) -> None:
    from framework.kb.normalise import canonical
    from framework.textcheck.matcher import Signals, Unit, check

    texts = _fuzz_texts(300)
    got = page.evaluate("texts => texts.map(t => window.UnlearningScopeCheck.check(t))", texts)
    signals = Signals.of(kb)
    flagged = 0
    for text, g in zip(texts, got, strict=True):
        want = check(kb, compiled, [Unit(canonical(text))], signals)
        assert _comparable(g) == _comparable(want), repr(text)
        flagged += want["flagged"] > 0
    assert flagged > 50


def test_the_page_mounts_after_instant_navigation(page: Any, built_site: Any) -> None:
    page.goto(built_site.url)
    page.evaluate("window.__stillHere = 'yes'")
    page.locator("nav.md-nav--primary a[href$='check/']").first.click()
    page.wait_for_selector("#us-check-root[data-us-check-mounted=ready]")
    assert page.evaluate("window.__stillHere") == "yes"  # no full reload: mkdocs-material's instant navigation
    page.fill("#us-check-text", "The model must unlearn the photos.")
    page.click("#us-check-run")
    page.wait_for_selector(".us-check-passage")
    assert page.locator(".us-check-passage tr[data-question=goal]").get_attribute("data-value") == "open"


def test_a_local_file_is_read_in_the_page(page: Any, built_site: Any, tmp_path: Path) -> None:
    f = tmp_path / "clause.md"
    f.write_text("# Clause 7\n\nThe vendor shall delete any models trained on the customer's data.\n", encoding="utf-8")
    page.goto(built_site.url + "check/")
    page.wait_for_selector("#us-check-root[data-us-check-mounted=ready]")
    page.requests.clear()
    page.set_input_files("#us-check-file", str(f))
    page.wait_for_selector(".us-check-passage")
    assert "line 3" in page.locator(".us-check-where").first.inner_text()
    assert page.requests == []  # read with FileReader: nothing uploaded


def test_each_passage_shows_its_supportable_wording_with_a_copy_button(page: Any, cli: Any, tmp_path: Path) -> None:
    text = ("The Provider shall unlearn the Customer Data.\n\n"
            "The Vendor warrants that no prompt will extract the Customer Data from the model.\n")
    want = _cli_json(cli, tmp_path, text, "clauses.txt")
    page.errors.clear()
    page.fill("#us-check-text", text)
    page.click("#us-check-run")
    page.wait_for_selector("#us-check-results .us-check-wording")
    boxes = page.locator(".us-check-wording")
    assert [boxes.nth(i).get_attribute("data-wording") for i in range(boxes.count())] == [w["id"] for p in want["passages"] for w in p["wording"]]
    assert boxes.count() == 2
    first = want["passages"][0]["wording"][0]
    clauses = boxes.first.locator(".us-check-clause")
    assert clauses.count() == len(first["wording"]) and clauses.first.inner_text() == first["wording"][0]["text"]
    assert boxes.first.locator("a").first.get_attribute("href").endswith(f"wording/{first['id']}/")
    button = boxes.first.locator("button.us-check-copy").first
    assert button.inner_text() == "Copy this wording"
    button.click()
    status = boxes.first.locator("[role=status]").first
    page.wait_for_function("(el) => el.textContent.length > 0", arg=status.element_handle())
    copied = page.evaluate("window.getSelection().toString()")
    assert status.inner_text() == "Copied." or (status.inner_text().startswith("Selected") and copied == first["wording"][0]["text"])
    assert page.errors == []
