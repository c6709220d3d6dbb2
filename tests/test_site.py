"""The generated site, without a browser: pages for every entry, escaping, determinism, all-or-nothing
builds, offline assets, link checking, and the rebuild loop of `serve`."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from framework.kb.diagnostics import DiagnosticError
from framework.logic.trees import derive
from framework.outputs.explain import id_registry
from framework.render.urls import relative
from framework.sitegen.build import BuildError, build
from framework.sitegen.check_site import check_site
from framework.sitegen.pages import pages

REPO = Path(__file__).resolve().parent.parent
Served = Any


def _html(site: Served, url: str) -> str:
    return (site.root / url / "index.html").read_text(encoding="utf-8")


def test_every_entry_has_its_page_and_every_id_its_permanent_address(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    for cid in kb.claims:
        assert cid in _html(built_site, f"claims/{cid}")
    for kind, folder in (("method", "framework/methods"), ("mismatch", "mismatches"), ("domain", "domains"), ("tree", "trees")):
        for eid in kb.of(kind):
            assert (built_site.root / folder / eid / "index.html").is_file(), (kind, eid)
    for row in id_registry(kb):
        page = _html(built_site, f"id/{row['id']}")
        assert 'http-equiv="refresh"' in page and row["id"] in page


def test_cases_have_an_index_with_filters_and_a_page_with_the_engines_result(built_site: Served, kb, tables) -> None:  # type: ignore[no-untyped-def]
    from framework.outputs.cases import case_permalink, case_result

    index = _html(built_site, "cases")
    assert 'id="us-cases-filter"' in index and 'id="us-cases-count"' in index
    for name in ("domains", "jurisdictions", "goals", "statuses"):
        assert f'data-us-filter="{name}"' in index
    rows = index.count("<tr data-domains=")
    assert rows == len(kb.of("case"))
    assert 'data-jurisdictions="united-states"' in index and 'data-goals="open"' in index
    for cid, case in kb.of("case").items():
        page = _html(built_site, f"cases/{cid}")
        result = case_result(kb, tables, cid)
        # the result shown is the engine's: every method's verdict, and a questionnaire link with the answers
        for m in result["methods"]:
            assert f'us-verdict-{m["verdict"]}' in page, (cid, m["id"])
        link = case_permalink(kb, cid, None).replace("&", "&amp;")
        assert f'href="../../{link}"' in page and "Open in the questionnaire" in page, cid
        for q in case.wording:
            assert q.text.replace("'", "&#39;") in page and q.seen_in.split("?")[0] in page, cid
        for key in case.sources:
            assert f"bibliography/#{key}" in page, (cid, key)
    # and each is linked from the instruments, claims and trees it bears on
    everalbum = "CASE-FTC-EVERALBUM"
    assert f"cases/{everalbum}/" in _html(built_site, "claims/CL-011")
    assert f"cases/{everalbum}/" in _html(built_site, "trees/DT-PRIVACY")
    for domain in kb.of("domain"):
        page = _html(built_site, f"domains/{domain}")
        ours = [c for c in kb.of("case").values() if domain in c.domains]
        assert ('id="cases"' in page) == bool(ours), domain
        section = page.split('id="cases"', 1)[-1] if ours else ""
        for cid, case in kb.of("case").items():
            assert (f"cases/{cid}/" in section) == (domain in case.domains), (domain, cid)
    instruments = _html(built_site, "instruments")
    start = instruments.index('id="law-ftc-everalbum"')
    assert f"cases/{everalbum}/" in instruments[start:start + 12000]


def test_tree_pages_carry_diagram_downloads_and_citation(built_site: Served, kb, tables) -> None:  # type: ignore[no-untyped-def]
    for tid, spec in kb.trees.items():
        tree = derive(tables, spec)
        page = _html(built_site, f"trees/{tid}")
        # two drawings (page-wide, and narrow for phones), each cut into sheets; one image each for assistive technology
        from framework.render.tree_diagram import NARROW, WIDE, tree_svg_sheets

        sheets = len(tree_svg_sheets(kb, tree, WIDE)) + len(tree_svg_sheets(kb, tree, NARROW))
        assert page.count('class="us-tree"') == sheets, tid
        assert page.count('class="us-tree" id="') == 2 and page.count('role="img" aria-labelledby="dt-') == 2, tid
        assert 'data-tree="{&#34;fixed&#34;:' in page, tid  # the path-marking data, escaped for its attribute
        assert f"../../downloads/trees/{tid}.svg" in page and f"../../downloads/trees/{tid}.mmd" in page
        assert f"decision tree {tid}" in page and kb.meta.version in page and "@misc{" in page
        leaves = sum(1 for n in tree.nodes if n.is_leaf)
        assert page.count('class="us-tree-leaf"') == 2 * leaves
        assert (built_site.root / "downloads" / "trees" / f"{tid}.svg").read_text(encoding="utf-8").startswith("<svg")
    # pages without a diagram carry no diagram code at all
    assert "us-tree" not in _html(built_site, "claims/CL-001") and "mermaid" not in _html(built_site, "claims/CL-001").lower()


def test_knowledge_base_text_is_escaped_everywhere(hostile_site: Served, hostile_texts: tuple[str, str]) -> None:
    claim = _html(hostile_site, "claims/CL-001")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in claim
    assert "*not emphasis*" in claim and "[not a link](https://example.invalid/)" in claim
    method = _html(hostile_site, "framework/methods/retrain")
    assert "&lt;b&gt;Retrain&lt;/b&gt;" in method
    case = _html(hostile_site, "cases/CASE-FTC-EVERALBUM")
    assert "&lt;b&gt;Retrain&lt;/b&gt;" in case  # the case's title
    quoted = _html(hostile_site, "cases/CASE-FTC-CAMBRIDGE-ANALYTICA")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in quoted and "*not emphasis*" in quoted  # its quotation
    for f in hostile_site.root.rglob("*.html"):
        found = _Elements()
        found.feed(f.read_text(encoding="utf-8"))
        assert not found.bad, (f, found.bad)
    assert hostile_texts[0].startswith("<script>") and hostile_texts[1].startswith("<b>")


class _Elements(HTMLParser):
    """Collects elements that only unescaped knowledge-base text could have produced."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if (tag == "img" and a.get("src") == "x") or any(k.startswith("on") for k in a):
            self.bad.append(f"<{tag} {a}>")
        if tag == "b" or (tag == "a" and (a.get("href") or "").startswith("https://example.invalid")):
            self.bad.append(f"<{tag} {a}>")
        self.in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and "__pwned" in data:
            self.bad.append("script: " + data[:60])
        if "not emphasis" in data and "*not emphasis*" not in data:
            self.bad.append("markdown was applied: " + data[:60])


def test_retired_ids_keep_their_addresses(hostile_site: Served) -> None:
    for url in ("id/CL-999", "claims/CL-999"):
        page = _html(hostile_site, url)
        assert "CL-999 is merged" in page and "Replaced by" in page and 'CL-001/"' in page
    renamed = _html(hostile_site, "id/R-OLD-001")
    assert "R-OLD-001 is renamed" in renamed and "../../rules/#R-MM-001" in renamed
    registry = _html(hostile_site, "ids")
    assert "CL-999" in registry and "R-OLD-001" in registry


def test_two_builds_are_byte_identical(built_site: Served, tmp_path: Path, differing) -> None:  # type: ignore[no-untyped-def]
    again = tmp_path / "again"
    build(REPO, again, site_url=built_site.url)
    assert differing(built_site.root, again) == []


def test_generation_is_deterministic_and_pure(kb, tables) -> None:  # type: ignore[no-untyped-def]
    first = pages(kb, tables)
    assert first == pages(kb, tables)
    assert "claims/CL-001.md" in first and "assets/data/versions.js" in first
    assert f"assets/data/tables-{kb.meta.version}.js" in first


def test_nothing_is_loaded_from_another_host(built_site: Served) -> None:
    assert check_site(built_site.root, "/") == []
    for f in built_site.root.rglob("*"):
        if f.suffix in (".html", ".css") and f.is_file():
            text = f.read_text(encoding="utf-8", errors="replace")
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, f
            assert "unpkg.com" not in text and "cdn.jsdelivr" not in text, f
    # the theme's bundle names CDNs for features this site does not use (the browser tests prove no
    # request leaves); the project's own scripts have no way to send anything at all
    for name in ("site.js", "questionnaire.js"):
        own = (built_site.root / "assets" / "javascripts" / name).read_text(encoding="utf-8")
        for api in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "localStorage", "indexedDB"):
            assert api not in own, (name, api)


def test_search_index_holds_ids(built_site: Served) -> None:
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"] if "CL-012" in d["title"] or "CL-012" in d["text"]}
    assert "claims/CL-012/" in locations


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("taxonomy", "rules", "site", "releases"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_a_broken_knowledge_base_builds_nothing(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = _project_copy(tmp_path)
    claims = project / "rules" / "claims" / "privacy.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("mismatches: [M1", "mismatches: [M9", 1), encoding="utf-8")
    out = tmp_path / "out"
    r = cli("build", "--project", str(project), "--out", str(out))
    assert r.code == 1
    assert "privacy.yaml:" in r.err and "M9" in r.err and "the site was not built" in r.err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    (project / "site" / "broken.md").write_text("# Broken\n\n[missing](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(BuildError) as e:
        build(project, out)
    assert "nowhere.md" in str(e.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_a_yaml_error_names_file_line_and_field(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    glossary = project / "taxonomy" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("    definition: >-", "    definiton: >-", 1), encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        build(project, tmp_path / "out")
    shown = [str(d) for d in e.value.diagnostics]
    assert any("glossary.yaml:" in s and "definiton" in s for s in shown), shown
    assert not (tmp_path / "out").exists()


def test_link_check_finds_missing_pages_anchors_and_external_loads(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="top">A</h1><a href="../b/">b</a><a href="#top">t</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#top">ok</a><a href="a/#nope">x</a><a href="https://example.org/">fine</a>'
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.example/f.css">'
        '<a href="questionnaire/#v=1&goal=removal">q</a><img src="/a/index.html">'
        # markup inside scripts and comments is text, not links; attributes in any quoting are read
        '<script>var s = \'<a href="gone.html">\';</script><!-- <a href="gone2.html"> -->'
        "<a class=x href='a/#top'>single</a><a href=a/#top>bare</a><img alt=\"a > b\" src='nothere.png'>",
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text("@import 'https://fonts.example/x.css'; a { background: url(data:image/png;base64,AA) }", encoding="utf-8")
    problems = check_site(tmp_path, "/")
    text = "\n".join(problems)
    assert 'a/index.html: <a href="../b/"> points to a missing file' in text
    assert "missing anchor '#nope'" in text
    assert "cdn.example/x.js" in text and "fonts.example/f.css" in text and "s.css: stylesheet loads https://fonts.example/x.css" in text
    assert "questionnaire/#v=1" in text  # the questionnaire page is missing here
    assert "example.org" not in text and "/a/index.html" not in text and "#top\">" not in text
    assert "gone" not in text and "nothere.png\"> points to a missing file" in text
    assert len(problems) == 7


def test_relative_links() -> None:
    assert relative("claims/CL-001/", "glossary/#term-x") == "../../glossary/#term-x"
    assert relative("", "claims/") == "claims/"
    assert relative("claims/CL-001/", "claims/CL-001/#cite") == "#cite"
    assert relative("rules/", "rules/#R-X-001") == "#R-X-001"
    assert relative("id/CL-001/", "downloads/x.svg") == "../../downloads/x.svg"


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    from framework.sitegen.serve import serve

    project = _project_copy(tmp_path)
    out = tmp_path / "out"
    stop = threading.Event()
    ready: list[str] = []
    log_lines: list[str] = []

    class Log:
        def write(self, s: str) -> int:
            log_lines.append(s)
            return len(s)

        def flush(self) -> None:
            pass

    t = threading.Thread(target=serve, kwargs={"project": project, "out": out, "port": 0, "interval": 0.2, "log": Log(), "stop": stop, "ready": ready.append}, daemon=True)
    t.start()
    try:
        deadline = time.time() + 120
        while not ready and time.time() < deadline:
            time.sleep(0.1)
        assert ready, "".join(log_lines)
        url = ready[0]
        assert url.startswith("http://127.0.0.1:")

        def fetch(path: str) -> str:
            with urllib.request.urlopen(url + path, timeout=10) as r:
                return r.read().decode("utf-8")

        assert "Retraining the model from scratch" in fetch("claims/CL-001/")
        claims = project / "rules" / "claims" / "privacy.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace("Retraining the model from scratch", "Training the model again from nothing", 1), encoding="utf-8")

        def wait_for(pred, what: str) -> None:  # type: ignore[no-untyped-def]
            end = time.time() + 120
            while time.time() < end:
                if pred():
                    return
                time.sleep(0.2)
            raise AssertionError(f"timed out waiting for {what}: {''.join(log_lines)}")

        wait_for(lambda: "Training the model again from nothing" in fetch("claims/CL-001/"), "the rebuild")
        claims.write_text(claims.read_text(encoding="utf-8").replace("mismatches: [M1", "mismatches: [M9", 1), encoding="utf-8")
        wait_for(lambda: "the site was not built" in "".join(log_lines), "the failed rebuild")
        assert "Training the model again from nothing" in fetch("claims/CL-001/")
    finally:
        stop.set()
        t.join(timeout=10)


def test_changelog_page_names_each_release_and_its_entries(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    from framework.outputs.releases import load_snapshots

    page = _html(built_site, "changelog")
    for snap in load_snapshots(REPO):
        assert f"Version {snap['version']}" in page and f'id="v{snap["version"].replace(".", "-")}"' in page
    assert 'href="../claims/CL-001/"' in page


def test_the_rules_page_states_each_guarantee_with_its_bound(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    page = _html(built_site, "rules")
    for inv in kb.invariants.values():
        block = page.split(f'id="{inv.id}"', 1)[1].split('class="us-rule"', 1)[0]
        if inv.at_least:
            assert "at least" in block and "at most" not in block, inv.id
        elif inv.at_most:
            assert "at most" in block and "at least" not in block, inv.id
    assert any(inv.at_least for inv in kb.invariants.values())


def test_a_knowledge_base_failing_exhaustive_verification_builds_nothing(tmp_path: Path) -> None:
    # structurally sound, so the pages are generated and built, but an invariant no longer holds:
    # verification runs beside the build and stops it before anything is put in place
    project = _project_copy(tmp_path)
    inv = project / "rules" / "invariants.yaml"
    text = inv.read_text(encoding="utf-8")
    inv.write_text(text.replace("    methods: [approximate]\n    at_most: partial", "    methods: [approximate]\n    at_most: does-not-support", 1), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(DiagnosticError) as e:
        build(project, out)
    assert any("INV-001" in str(d) for d in e.value.diagnostics), [str(d) for d in e.value.diagnostics]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_secondary_and_editorial_sources_never_show_a_pinpoint(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    # contract, provenance: what we know only from summaries or our own reading is never presented as
    # a pinpoint citation of the paper; the reviews' section reference still shows
    mm = kb.of("mismatch")["M1"]
    secondary = [p for p in mm.provenance if p.basis == "secondary-summary" and p.locator]
    assert secondary, "the test needs a secondary-summary source with a locator"
    page = _html(built_site, "mismatches/M1")
    for p in secondary:
        assert f'<span class="us-locator">{p.locator}</span>' not in page
    assert '<span class="us-locator">Sec. 4 of the NeurIPS 2025 version</span>' in _html(built_site, ".")


def test_instruments_show_what_was_checked_and_to_when_and_link_back(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    """Both review facts sit beside each instrument, and a claim or mismatch page links the instruments on it."""
    page = _html(built_site, "instruments")
    instruments = kb.of("instrument").values()
    for i in instruments:
        block = page.split(f'id="{i.id}"', 1)[1].split('class="us-entry us-instrument"', 1)[0]
        assert "What was checked" in block and "Developments checked up to" in block, i.id
        assert f'datetime="{kb.of("matter")[i.matter].developments_to.isoformat()}"' in block, i.id
        for target in i.claims:
            assert f'instruments/#{i.id}"' in _html(built_site, f"claims/{target}"), (i.id, target)
        for target in i.mismatches:
            assert f'instruments/#{i.id}"' in _html(built_site, f"mismatches/{target}"), (i.id, target)
    unlinked = [c for c in kb.claims if not any(c in i.claims for i in instruments)]
    assert unlinked and "Legal instruments bearing on it" not in _html(built_site, f"claims/{unlinked[0]}")


def _history_block(page: str, matter_id: str, on_matters_page: bool = False) -> str:
    """The history a page shows for a matter, with its links made site-relative (pages sit at different depths)."""
    block = page.split(f'<div class="us-history" data-matter="{matter_id}">', 1)[1].split("</div>", 1)[0]
    if on_matters_page:
        block = block.replace('href="#', 'href="matters/#')
    return re.sub(r'href="(?:\.\./|\./)+', 'href="', block)


def test_a_case_and_its_instrument_show_the_same_history(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: one place for each fact. The case page, the instrument card and the matters page
    render the same history from the same matter, so they cannot disagree (the annulled fine)."""
    instruments = _html(built_site, "instruments")
    matters = _html(built_site, "matters")
    pairs = [(c, i) for c in kb.of("case").values() for i in kb.of("instrument").values() if c.matter == i.matter]
    assert len(pairs) >= 10
    for c, i in pairs:
        on_case = _history_block(_html(built_site, f"cases/{c.id}"), c.matter)
        on_instrument = _history_block(instruments.split(f'id="{i.id}"', 1)[1], i.matter)
        assert on_case == on_instrument == _history_block(matters, c.matter, on_matters_page=True), (c.id, i.id)
        assert "<ol" in on_case and on_case.count("<li>") == len(kb.of("matter")[c.matter].events) + sum(
            len(m.events) for m in kb.of("matter").values() if m.part_of == c.matter), c.id
        assert "&lt;" not in on_case and "{#" not in on_case, c.id  # the block stays HTML
    fine = _history_block(_html(built_site, "cases/CASE-GARANTE-OPENAI-2024"), "MAT-GARANTE-OPENAI-FINE-2024")
    assert "<strong>annulled</strong>" in fine and "annulled</span> since" in fine
    nyt = _history_block(_html(built_site, "cases/CASE-NYT-V-MICROSOFT-OPENAI"), "MAT-NYT-V-MICROSOFT-OPENAI")
    assert "<strong>lifted</strong>" in nyt and "Order to preserve ChatGPT output logs" in nyt


def test_release_notes_say_checked_to_the_dates_on_each_entry(built_site: Served) -> None:
    page = _html(built_site, "changelog")
    assert "checked to the dates on each entry" in page
    assert "as it stands" not in page


def test_supportable_wording_has_a_section_and_a_page_per_rule(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    index = _html(built_site, "wording")
    nav = _html(built_site, "")
    assert "Supportable wording" in nav and 'href="wording/"' in nav
    for wid, rule in kb.wording.items():
        assert f'href="{wid}/"' in index
        page = _html(built_site, f"wording/{wid}")
        assert f"<code>{wid}</code>" in page and f"knowledge-base version {kb.meta.version}" in page
        assert 'class="us-cite"' in page and f"wording rule {wid}" in page and "@misc{" in page
        for option in rule.wording:
            assert " ".join(option.text.split()).replace("'", "&#39;")[:60] in page.replace("&rsquo;", "'")
        for cid in rule.rests_on.claims:
            assert f"claims/{cid}/" in page
    check = _html(built_site, "check")
    assert "Supportable wording" in check or "supportable wording" in check


def test_check_page_says_the_word_score_size_as_people_quote_it(built_site: Served, kb) -> None:  # type: ignore[no-untyped-def]
    """The word score's paragraph gives its threshold and its number of weights with thousands marked."""
    check = _html(built_site, "check")
    para = check[check.index('id="word-score"'):]
    para = para[:para.index("</p>")]
    n = len(kb.word_score.weights)
    assert n >= 1000 and f"({n:,} weights)" in para and f"({n} weights)" not in para
    assert f"threshold ({kb.word_score.threshold})" in para
