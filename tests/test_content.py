"""The knowledge base's content against the issue's and the contract's requirements.

Where ../shared/paper exists (a checkout beside the project's shared folder, as on CI), the
bibliography is checked against the verified one and every text is checked for runs copied from the
paraphrase of the paper, the abstract or the bibliography's findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from framework.kb.knowledge_base import KnowledgeBase

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "paper"
RUN = 10  # words in a row that count as copying


def test_claims_cover_every_domain_and_both_goals(kb: KnowledgeBase) -> None:
    claims = list(kb.claims.values())
    assert len(claims) >= 40
    for domain in ("privacy", "copyright", "safety"):
        mine = [c for c in claims if domain in c.domains]
        assert len(mine) >= 8, domain
        assert {g for c in mine for g in c.goals} >= {"removal", "suppression"}, domain
    for claim in claims:
        assert len(claim.evidence) >= 2, claim.id


def test_every_verdict_kind_is_used(kb: KnowledgeBase) -> None:
    verdicts = {getattr(r.then, "verdict", None) for r in kb.rules.values()}
    assert {"supportable", "conditional", "unsupportable", "not-technical"} <= verdicts
    assert {"supports", "partial", "does-not-support"} <= verdicts


def test_decision_trees_cover_goals_and_domains(kb: KnowledgeBase) -> None:
    fixed = [t.fixed for t in kb.trees.values()]
    assert any(f.get("goal") == "removal" for f in fixed) and any(f.get("goal") == "suppression" for f in fixed)
    for domain in ("privacy", "copyright", "safety"):
        assert any(domain in (f.get("driver") or []) for f in fixed), domain


def test_methods_and_instruments_are_complete(kb: KnowledgeBase) -> None:
    assert list(kb.methods) == ["retrain", "structural-exact", "approximate", "model-suppression", "system-suppression", "data-curation"]
    for m in kb.methods.values():
        assert m.evaluated_by and m.literature, m.id
    instruments = kb.of("instrument")
    assert {i.reference for i in instruments.values()} >= {"gdpr2016art17", "ccpa1798105", "euaiact2024", "edpb2024opinion28"}
    for i in instruments.values():
        assert i.checked and i.jurisdiction and i.asks, i.id
        # A date of developments checked can only lie in the past: it says up to when we looked.
        assert kb.of("matter")[i.matter].developments_to <= dt.date.today(), i.id
    assert any("safety" in i.domains for i in instruments.values()), "the safety domain lists no instrument"


def test_contract_vocabulary_is_present(kb: KnowledgeBase) -> None:
    options = {q.id: q.option_ids() for q in kb.questions.values()}
    assert options["goal"] == ["removal", "suppression", "both"]
    assert options["target"] == ["data", "concept", "capability"]
    assert options["deployment"] == ["open-weights", "hosted", "internal"]
    assert options["adversary"] == ["benign", "prompting", "weights", "fine-tuning-service"]
    assert options["driver"] == ["privacy", "copyright", "safety", "other"]
    assert options["concern"] == ["in-model", "in-outputs", "in-use"]
    assert options["information"] == ["observed", "latent", "both"]
    assert options["built_for_deletion"] == ["yes", "no"]
    assert options["training_stage"] == ["pretraining", "post-training"]
    # the optional questions have the contract's defaults when unanswered
    defaults = {q.id: [d.value for d in q.default or []] for q in kb.questions.values()}
    assert defaults["training_stage"] == ["pretraining"] and defaults["built_for_deletion"] == ["no"]
    assert sorted(kb.of("mismatch")) == ["M1", "M2", "M3", "M4", "M5"]


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/paper is not beside this checkout")


@needs_shared
def test_bibliography_holds_only_verified_entries(kb: KnowledgeBase) -> None:
    verified = {e["id"]: e for e in yaml.safe_load((SHARED / "bibliography.yaml").read_text())}
    for key, entry in kb.of("bib").items():
        if entry.verified_by == "project":
            # Verified by the project itself: it must say where and when, and must not shadow a shared key.
            assert key not in verified, f"{key} is in the shared bibliography: copy it from there"
            assert entry.verified_in.startswith("https://") and entry.verified_on is not None, key
            continue
        assert key in verified, f"{key} is not in the verified bibliography"
        v = verified[key]
        for field in ("title", "year", "identifier", "url", "confidence"):
            assert getattr(entry, field) == v[field], (key, field)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


@needs_shared
def test_no_text_is_copied_from_the_sources(kb: KnowledgeBase) -> None:
    sources = (SHARED / "framework.md").read_text() + "\n" + (SHARED / "seed-abstract-page.txt").read_text()
    for e in yaml.safe_load((SHARED / "bibliography.yaml").read_text()):
        sources += "\n" + e["finding"]
    banned = _runs(sources)
    copied = []
    for kind, table in kb.canonical().items():
        if kind in ("meta", "bib"):
            entries = [] if kind == "meta" else [{"id": e["id"], "summary": e["summary"], "caution": e.get("caution", "")} for e in table]
        else:
            entries = table
        for entry in entries:
            for path, text in _strings(entry, f"{kind}:{entry.get('id')}"):
                hits = _runs(text) & banned
                if hits:
                    copied.append(f"{path}: '{' '.join(sorted(hits)[0])}'")
    assert not copied, f"{len(copied)} texts share a run of {RUN} words with a source:\n" + "\n".join(copied[:40])


def test_citation_cff_parses_and_names_the_current_release(kb: KnowledgeBase) -> None:
    """CITATION.cff (Citation File Format 1.2.0) for the project: it names the latest release (version
    and date), and the framework it cites is the verified reference."""
    from framework.outputs.releases import load_snapshots

    root = Path(__file__).resolve().parent.parent
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["authors"] and cff["message"]
    latest = load_snapshots(root)[-1]
    assert cff["version"] == latest["version"] and cff["date-released"] == latest["released"]
    paper = kb.of("bib")[kb.meta.paper]
    [ref] = cff["references"]
    assert ref["title"] == paper.title and ref["url"] == paper.url and ref["year"] == paper.year
    assert {"type": "other", "value": paper.identifier} in ref["identifiers"]
    named = [f"{a['given-names']} {a['family-names']}" for a in ref["authors"] if "family-names" in a]
    assert named == [a for a in paper.authors if a != "et al."]


def test_every_case_and_instrument_has_an_honest_history(kb: KnowledgeBase) -> None:
    """Issue 16: no blanket review date; every matter is dated to what its sources show."""
    matters = kb.of("matter")
    named = {e.matter for kind in ("case", "instrument") for e in kb.of(kind).values()}
    assert named <= set(matters)
    for mid, m in matters.items():
        assert m.developments_to <= m.newest_evidence() and m.developments_to >= max(e.date for e in m.events), mid
        assert m.developments_to <= dt.date.today(), mid
    # the blanket date the second legal review found on every case (L01) is gone
    assert len({m.developments_to for m in matters.values()}) > len(matters) // 2


def test_the_reviewed_matters_say_what_happened(kb: KnowledgeBase) -> None:
    """The second legal review's contradictions (L03, L04, L06, L07, L17): each is now one history."""
    matters = kb.of("matter")
    status = {mid: m.status for mid, m in matters.items()}
    assert status["MAT-GARANTE-OPENAI-FINE-2024"] == "annulled"
    assert status["MAT-GEMA-V-OPENAI"] == "appealed"
    assert status["MAT-NYT-PRESERVATION-ORDER"] == "lifted" and matters["MAT-NYT-PRESERVATION-ORDER"].part_of == "MAT-NYT-V-MICROSOFT-OPENAI"
    assert status["MAT-NY-RAISE-ACT"] == "amended"
    cases, instruments = kb.of("case"), kb.of("instrument")
    assert cases["CASE-GARANTE-OPENAI-2024"].matter == instruments["law-garante-openai-fine-2024"].matter
    assert cases["CASE-EDPB-OPINION-28-2024"].matter == instruments["law-edpb-opinion-28-2024"].matter
    assert cases["CASE-NYT-V-MICROSOFT-OPENAI"].matter == instruments["law-nyt-v-microsoft-openai"].matter
