"""The builder's page work shared by two processes (framework/sitegen/builder_halves.py) gives the very
site one process gives, fails on a warning in either half, and the proof cache proves a knowledge base
again whenever it or the code changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.kb.loader import load
from framework.sitegen import build as build_module
from framework.sitegen import builder_halves, proof_cache
from framework.sitegen.build import CONFIG, BuildError, generate, run_builder
from framework.sitegen.check_site import PageLinks

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not builder_halves.available(), reason="the split needs fork and MkDocs 1.6")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, kb, tables) -> Path:  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("docs") / "docs"
    generate(REPO, kb, tables, d)
    return d


def test_two_processes_build_the_same_site_byte_for_byte(docs: Path, tmp_path: Path, kb, differing) -> None:  # type: ignore[no-untyped-def]
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_builder(REPO / CONFIG, docs, one, "http://127.0.0.1:8000/", kb.meta.released) == {}
    read_by_child = run_builder(REPO / CONFIG, docs, two, "http://127.0.0.1:8000/", kb.meta.released,
                                two_processes=True, read_written=PageLinks)
    # the child did render pages (and read them for the link check), and nothing shows it
    pages = {p.relative_to(two).as_posix() for p in two.rglob("*.html")}
    n_md = sum(1 for _ in docs.rglob("*.md"))
    assert 0.25 * n_md < len(read_by_child) < 0.75 * n_md
    assert set(read_by_child) <= pages
    assert differing(one, two) == []
    # the search index holds every page's entries in page order, as one process writes it
    assert (one / "search" / "search_index.json").read_bytes() == (two / "search" / "search_index.json").read_bytes()
    assert [tmp for tmp in tmp_path.iterdir() if tmp.name.startswith("half-")] == []


def test_a_warning_in_either_half_fails_the_build(docs: Path, tmp_path: Path, kb) -> None:  # type: ignore[no-untyped-def]
    import shutil

    broken = tmp_path / "docs"
    shutil.copytree(docs, broken)
    sizes = [(p.relative_to(broken).as_posix(), p.stat().st_size) for p in sorted(broken.rglob("*.md"))]
    child = builder_halves.halves(sizes)
    theirs = next(u for u, _ in sizes if u in child)
    mine = next(u for u, _ in sizes if u not in child)
    for uri, name in ((theirs, "nowhere-in-the-child.md"), (mine, "nowhere-in-the-parent.md")):
        page = broken / uri
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n[gone]({name})\n", encoding="utf-8")
    with pytest.raises(BuildError) as e:
        run_builder(REPO / CONFIG, broken, tmp_path / "site", "", kb.meta.released, two_processes=True)
    assert "nowhere-in-the-child.md" in str(e.value) and "nowhere-in-the-parent.md" in str(e.value)


def test_halves_share_the_work_evenly_and_always_the_same_way() -> None:
    sizes = [(f"p{i}.md", 1000 * (i % 7) + 50) for i in range(40)]
    child = builder_halves.halves(sizes)
    assert child == builder_halves.halves(list(reversed(sizes)))
    cost = {u: s + builder_halves.PAGE_COST for u, s in sizes}
    theirs = sum(cost[u] for u in child)
    mine = sum(cost.values()) - theirs
    assert abs(theirs - mine) <= max(cost.values())
    assert builder_halves.halves([]) == set()


def test_a_proof_is_kept_for_one_knowledge_base_and_one_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = build_module.verify

    def counting(kb, c):  # type: ignore[no-untyped-def]
        calls.append(kb.digest())
        return real(kb, c)

    monkeypatch.setattr(build_module, "verify", counting)
    proofs = tmp_path / "proofs"
    digest, problems = build_module._verify_at(str(REPO), str(proofs))
    assert problems == [] and calls == [digest] and proof_cache.proven(proofs, digest)
    assert build_module._verify_at(str(REPO), str(proofs)) == (digest, [])
    assert calls == [digest]  # proven once, not again
    assert not proof_cache.proven(proofs, "another knowledge base")
    monkeypatch.setattr(proof_cache, "code_digest", lambda: "other code")
    assert not proof_cache.proven(proofs, digest)
    build_module._verify_at(str(REPO), str(proofs))
    assert calls == [digest, digest]  # new code proves again
    assert build_module._verify_at(str(REPO), None) == (digest, []) and len(calls) == 3  # no cache, always


def test_a_failed_proof_is_not_kept(tmp_path: Path) -> None:
    project = tmp_path / "project"
    import shutil

    for name in ("taxonomy", "rules", "releases"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    inv = project / "rules" / "invariants.yaml"
    text = inv.read_text(encoding="utf-8")
    inv.write_text(text.replace("    methods: [approximate]\n    at_most: partial", "    methods: [approximate]\n    at_most: does-not-support", 1), encoding="utf-8")
    proofs = tmp_path / "proofs"
    for _ in range(2):  # reported every time
        digest, problems = build_module._verify_at(str(project), str(proofs))
        assert any("INV-001" in str(d) for d in problems)
    assert not proof_cache.proven(proofs, digest) and not proofs.exists()
    assert load(project).digest() == digest


def test_a_failure_in_the_second_process_fails_the_build(docs: Path, tmp_path: Path, kb, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("a page could not be read")

    monkeypatch.setattr(builder_halves.Split, "_read_pages", staticmethod(broken))
    with pytest.raises(BuildError) as e:
        run_builder(REPO / CONFIG, docs, tmp_path / "site", "", kb.meta.released, two_processes=True)
    assert "second process failed: ValueError: a page could not be read" in str(e.value)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("half-")] == []
