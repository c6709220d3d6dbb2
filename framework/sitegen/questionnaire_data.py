"""The data the browser questionnaire runs on: questions, facts, rules and claims as plain JSON.

The site's questionnaire (`site/assets/javascripts/questionnaire.js`) computes the `evaluate` result
in the reader's browser, so that answers never leave it. It ports the engine, not the loader: this
module hands it the knowledge base already validated and in the engine's orders, and the JavaScript
derives everything else (dependencies, override closure, completions) itself, exactly as
`engine.compile_kb` and `evaluation.Evaluation` do. `tests/test_questionnaire_js.py` proves the two
agree.

Format (`FORMAT` is bumped on any incompatible change, so an old cached script fails loudly):

- `format`, `meta`: title, version, released (ISO date), year, site_url, citation_key, paper (the
  short reference `assessment.short_reference` gives, or null), kb_digest.
- `questions`: in questionnaire order (the order of completions, permalinks and digests); each with
  id, kind, label, help, example, why_it_matters, options (id, label, help, aspects or null) and
  default (null, or a list of {when: condition or null, value}).
- `aspects_question`: the question whose options say which halves a method is judged on.
- `goals`: label of every goal ID used as a half (removal, suppression).
- `facts`: {id: {label, when}}; `rules`: sorted by ID, as `compile_kb` sorts them: id, label, when
  (condition or null), then (the conclusion as written), overrides.
- `methods` (id, label), `mismatches` (id, label, summary), `claims` (id, statement, rationale,
  mismatches, evidence, sources, relevant_when): each list in the order the result lists them.
- `method_order`, `claim_order`: strength of verdicts, the weakest winning over unknown answers.

A condition is the YAML form as written: {all: [...]}, {any: [...]}, {not: {...}}, {fact: ID} or
{question: ID, in | includes | includes_all: [...]} / {question: ID, unanswered: true}.
"""

from __future__ import annotations

import json
from typing import Any

from ..assessment import short_reference, sources
from ..engine import Compiled
from ..knowledge_base import KnowledgeBase
from ..model import CLAIM_ORDER, METHOD_ORDER, Condition

FORMAT = 1
"""Version of this data format; the JavaScript refuses data of another format."""


def _condition(c: Condition | None) -> Any:
    """A condition as the JSON tree the YAML holds (aliases such as `in` and `not` restored)."""
    return None if c is None else c.model_dump(mode="json", by_alias=True, exclude_none=True)


def questionnaire_data(kb: KnowledgeBase, c: Compiled) -> dict[str, Any]:
    """Everything the browser engine and form need, JSON-ready and deterministic for the same input."""
    meta = kb.meta
    paper = kb.of("bib").get(meta.paper)
    questions = []
    for q in c.space.questions:
        questions.append({
            "id": q.id,
            "kind": q.kind,
            "label": q.label,
            "help": q.help,
            "example": q.example,
            "why_it_matters": q.why_it_matters,
            "options": [{"id": o.id, "label": o.label, "help": o.help, "aspects": list(o.aspects) if o.aspects is not None else None}
                        for o in q.options],
            "default": None if q.default is None else [{"when": _condition(d.when), "value": d.value} for d in q.default],
        })
    goals = kb.of("goal")
    return {
        "format": FORMAT,
        "meta": {
            "title": meta.title,
            "version": meta.version,
            "released": meta.released.isoformat(),
            "year": meta.released.year,
            "site_url": meta.site_url,
            "citation_key": meta.citation_key,
            "paper": short_reference(paper) if paper is not None else None,
            "kb_digest": kb.digest(),
        },
        "questions": questions,
        "aspects_question": c.aspects_question,
        "goals": {a: (goals[a].label if a in goals else a) for a in c.all_aspects},
        "facts": {fid: {"label": f.label, "when": _condition(f.when)} for fid, f in sorted(kb.facts.items())},
        "rules": [{"id": r.id, "label": r.label, "when": _condition(r.when), "then": r.then.model_dump(mode="json", by_alias=True),
                   "overrides": list(r.overrides)}
                  for r in c.rules.values()],
        "methods": [{"id": mid, "label": kb.methods[mid].label} for mid in c.methods],
        "mismatches": [{"id": mid, "label": kb.of("mismatch")[mid].label, "summary": kb.of("mismatch")[mid].summary}
                       for mid in c.mismatches],
        "claims": [{
            "id": cid,
            "statement": kb.claims[cid].statement,
            "rationale": kb.claims[cid].rationale,
            "mismatches": list(kb.claims[cid].mismatches),
            "evidence": list(kb.claims[cid].evidence),
            "sources": sources(kb, kb.claims[cid].provenance),
            "relevant_when": _condition(kb.claims[cid].relevant_when),
        } for cid in c.claims],
        "method_order": dict(METHOD_ORDER),
        "claim_order": dict(CLAIM_ORDER),
    }


def questionnaire_data_js(kb: KnowledgeBase, c: Compiled) -> str:
    """The data as a classic script that sets `window.UnlearningScopeData`.

    A script rather than a JSON file so the page also works opened from disk (file://), where fetch is
    refused; plain ASCII (non-ASCII escaped) so no server or proxy can mangle its encoding.
    """
    blob = json.dumps(questionnaire_data(kb, c), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return f"window.UnlearningScopeData = {blob};\n"
