"""A result a reader can act on, in the browser (issue 17), at 1280x900 and 390x844: the bottom line in
the reader's words with the actions under it, each thing said once, the empty state, answers loaded
from a file or proposed by a checked text, methods and cases as cards on a phone, tree paths picked and
cited without editing the address, case pages and the home page leading with the answer."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
PRIVACY = "goal=removal&target=data&deployment=hosted&adversary=benign,prompting&driver=privacy&concern=in-model"
HAZARD = "goal=both&target=capability&deployment=hosted&adversary=benign,prompting&driver=safety&concern=in-outputs"
SLUGS = re.compile(r"\((retrain|structural-exact|approximate|model-suppression|system-suppression|data-curation)\)|does-not-support|make this supports")

pytestmark = pytest.mark.skipif(os.environ.get("UNLEARNING_SCOPE_SKIP_BROWSER") == "1", reason="browser tests skipped on request")


@pytest.fixture(params=list(SCREENS))
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=SCREENS[request.param], service_workers="block")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.screen = request.param  # type: ignore[attr-defined]
    yield pg
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.screen}.png"))


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#us-q-root[data-us-q-mounted='ready']")


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1


def test_bottom_line_answers_in_labels_with_the_actions_under_it(page: Any, built_site: Any, cli: Any, tmp_path: Path) -> None:
    _open(page, built_site.url + "questionnaire/#" + PRIVACY)
    bottom = page.locator("#us-q-bottom-line")
    text = bottom.locator(".us-q-bottom-text").inner_text()
    src = tmp_path / "a.yaml"
    src.write_text("goal: removal\ntarget: data\ndeployment: hosted\nadversary: [benign, prompting]\ndriver: [privacy]\nconcern: in-model\n")
    assert text == " ".join(cli("evaluate", str(src), "--format", "json").json()["bottom_line"]["text"])
    assert "No method settles" in text and "(CL-007)" in text and not SLUGS.search(text)
    assert "Ask the provider" not in bottom.inner_text() and "Evidence needed" in bottom.inner_text()
    actions = bottom.locator("#us-q-actions button")
    assert [b.inner_text() for b in actions.all()][:6] == ["Copy for a memo", "Print", "Copy citation", "Copy permalink", "Download answers",
                                                           "Load answers file"]
    # the actions come right under the bottom line: the first one is on the first screen of the result
    assert bottom.locator("#us-q-copy-memo").bounding_box()["y"] < page.locator("#us-q-picture").bounding_box()["y"]
    shown = page.locator("#us-q-result").inner_text()
    assert not SLUGS.search(shown), SLUGS.search(shown)
    _no_sideways_scroll(page)
    _shot(page, "result-bottom-line")
    assert page.errors == []


def test_goal_both_shows_each_halfs_verdict_and_conditions_once(page: Any, built_site: Any) -> None:
    _open(page, built_site.url + "questionnaire/#" + HAZARD)
    glance = page.locator("#us-q-picture").inner_text()
    assert "Removal" in glance and "Suppression" in glance
    page.locator("#us-q-methods > summary").click()
    row = page.locator("#us-q-methods-table tbody tr[data-method='system-suppression']")
    assert row.locator("[data-aspect='suppression']").inner_text().strip().endswith("Partial")
    conditions = row.locator("td[data-label='Conditions']").inner_text()
    assert "Suppression only:" in conditions
    items = [li.inner_text() for li in page.locator("#us-q-methods-table td[data-label='Conditions'] li").all()]
    per_row = page.evaluate("""() => [...document.querySelectorAll('#us-q-methods-table tbody tr')].map(tr =>
        [...tr.querySelectorAll("td[data-label='Conditions'] li")].map(li => li.textContent))""")
    assert items and all(len(r) == len(set(r)) for r in per_row), "a condition is said once per method"
    assert "; for suppression," in page.locator("#us-q-bottom-line .us-q-bottom-text").inner_text()
    _no_sideways_scroll(page)
    assert page.errors == []


def test_the_result_waits_for_the_goal(page: Any, built_site: Any) -> None:
    _open(page, built_site.url + "questionnaire/")
    empty = page.locator("#us-q-empty")
    assert empty.is_visible() and "what should unlearning achieve" in empty.inner_text().lower()
    assert page.locator("#us-q-picture").count() == 0 and page.locator("#us-q-cite").is_hidden()
    page.locator("label[for='us-q-goal--removal']").click()
    page.wait_for_selector("#us-q-bottom-line")
    assert page.locator("#us-q-empty").count() == 0
    help_text = page.locator("#us-q-goal-help").inner_text()
    assert "not sure which the law asks for" in help_text.lower() and "both" in help_text.lower()
    assert page.errors == []


def test_an_answers_file_loads_back_into_the_questionnaire(page: Any, built_site: Any, tmp_path: Path) -> None:
    _open(page, built_site.url + "questionnaire/")
    yaml_file = tmp_path / "answers.yaml"
    yaml_file.write_text("# from the CLI\ngoal: suppression\ntarget: data\nadversary:\n  - benign\n  - prompting\ndriver: [copyright]\n")
    page.set_input_files("#us-q-load-file", str(yaml_file))
    page.wait_for_function("location.hash.includes('goal=suppression')")
    assert page.locator("#us-q-goal--suppression").is_checked() and page.locator("#us-q-adversary--prompting").is_checked()
    json_file = tmp_path / "answers.json"
    json_file.write_text(json.dumps({"goal": "removal", "target": "concept", "deployment": "hosted"}))
    page.set_input_files("#us-q-load-file", str(json_file))
    page.wait_for_function("location.hash.includes('target=concept')")
    assert page.locator("#us-q-target--concept").is_checked() and not page.locator("#us-q-adversary--prompting").is_checked()
    bad = tmp_path / "bad.yaml"
    bad.write_text("goal: nonsense\n")
    page.set_input_files("#us-q-load-file", str(bad))
    page.wait_for_selector("#us-q-alert:not([hidden])")
    assert "bad.yaml" in page.locator("#us-q-alert").inner_text()
    assert page.errors == []


def test_answers_proposed_by_a_checked_text_say_so(page: Any, built_site: Any) -> None:
    page.goto(built_site.url + "check/")
    page.wait_for_selector("#us-check-root[data-us-check-mounted=ready]")
    page.fill("#us-check-text", "The provider shall ensure that the personal data is deleted from the AI model.")
    page.click("#us-check-run")
    page.wait_for_selector("#us-check-open")
    page.click("#us-check-open")
    page.wait_for_selector("#us-q-root[data-us-q-mounted='ready']")
    notice = page.locator("#us-q-from-text")
    assert notice.is_visible() and "proposed from the text you checked" in notice.inner_text()
    assert "Still open:" in notice.inner_text() and page.locator("#us-q-from-text [data-question='deployment']").count() == 1
    # a permalink opened directly says nothing of a text
    _open(page, built_site.url + "questionnaire/#" + PRIVACY)
    page.reload()
    page.wait_for_selector("#us-q-root[data-us-q-mounted='ready']")
    assert page.locator("#us-q-from-text").is_hidden()
    assert page.errors == []


def test_methods_read_as_cards_on_a_phone_and_nothing_breaks_mid_word(page: Any, built_site: Any) -> None:
    _open(page, built_site.url + "questionnaire/#" + PRIVACY)
    page.locator("#us-q-methods > summary").click()
    display = page.evaluate("getComputedStyle(document.querySelector('#us-q-methods-table tbody tr')).display")
    assert display == ("block" if page.screen == "phone" else "table-row")
    broken = page.evaluate("""() => [...document.querySelectorAll('#us-q-result th, #us-q-result td, table.us-cases td')]
        .filter(e => ['break-all', 'break-word'].includes(getComputedStyle(e).wordBreak) || getComputedStyle(e).overflowWrap === 'anywhere')
        .map(e => e.textContent.slice(0, 40))""")
    assert broken == []
    _no_sideways_scroll(page)
    _shot(page, "result-methods")
    page.goto(built_site.url + "cases/")
    first = page.locator("table.us-cases tbody tr").first
    assert first.locator(".us-case-asks").inner_text().strip()
    assert first.locator("td").first.bounding_box()["width"] > (300 if page.screen == "phone" else 200)
    _no_sideways_scroll(page)
    _shot(page, "cases-index")
    assert page.errors == []


def test_a_tree_path_is_picked_on_the_page_and_cited(page: Any, built_site: Any, kb: Any) -> None:
    page.goto(built_site.url + "trees/DT-COPYRIGHT/")
    page.select_option("#us-pick-goal", "suppression")
    page.select_option("#us-pick-target", "data")
    page.select_option("#us-pick-deployment", "hosted")
    page.wait_for_function("location.hash.includes('deployment=hosted')")
    assert page.locator(".us-has-path").count() == 1 and page.locator("#us-tree-path").is_visible()
    cite = page.locator("#us-cite-path")
    assert cite.is_visible()
    text = page.locator("#us-cite-path-text").inner_text()
    assert "DT-COPYRIGHT" in text and f"version {kb.meta.version}" in text
    assert "Suppression" in text and "Specific data" in text and "Hosted" in text and "row " in text
    main_link = page.locator(".us-cite:not(.us-cite-path) .us-permalink").get_attribute("href") or ""
    if f"trees/DT-COPYRIGHT/v{kb.meta.version}/" in main_link:  # the working version is released: links are pinned
        assert f"trees/DT-COPYRIGHT/v{kb.meta.version}/#" in text
    page.locator("#us-tree-pick button[type=reset]").click()
    page.wait_for_function("!document.querySelector('.us-has-path')")
    assert cite.is_hidden()
    _no_sideways_scroll(page)
    assert page.errors == []


def test_case_pages_open_with_the_bottom_line(page: Any, built_site: Any, cli: Any) -> None:
    page.goto(built_site.url + "cases/CASE-FTC-EVERALBUM/")
    box = page.locator("article .us-bottom-line")
    expected = " ".join(cli("evaluate", "--case", "CASE-FTC-EVERALBUM", "--format", "json").json()["bottom_line"]["text"])
    assert box.locator("p").nth(1).inner_text() == expected
    assert box.bounding_box()["y"] < page.locator("article .us-entry").first.bounding_box()["y"]
    _no_sideways_scroll(page)
    assert page.errors == []


def test_home_shows_its_ways_in_above_the_fold(page: Any, built_site: Any) -> None:
    page.goto(built_site.url)
    ways = page.locator("nav.us-ways a.us-way")
    assert ways.count() == 3
    height = SCREENS[page.screen]["height"]
    for way in ways.all():
        box = way.bounding_box()
        assert box["y"] + box["height"] <= height, way.inner_text()
    _no_sideways_scroll(page)
    _shot(page, "home")
    assert page.errors == []
