"""Builds the `evaluate` result (contract: "`evaluate` output") from answers. Pure: no I/O."""

from __future__ import annotations

from typing import Any

from ..kb.answers import digest, permalink
from ..logic.changes import what_would_change
from ..logic.evaluation import Evaluation
from ..logic.tables import Tables
from ..model.answer_space import Value
from .bottom_line import bottom_line
from .versions import answers_fit


def _plain(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


def assess(t: Tables, answers: dict[str, Value], site_url: str | None = None, with_changes: bool = True,
           explain: bool = True) -> dict[str, Any]:
    """The whole result for one set of answers, from one version's decision tables: verdicts,
    mismatches, claims, unknowns, citation. `site_url` overrides the address the tables were built with.
    `with_changes=False` gives every `what_would_change` as None (not computed), which the bottom line
    does not read, and `explain=False` every `explanation` as empty: `check` uses both to give a
    bottom line for each passage quickly."""
    answers_fit(t, answers)

    def change(kind: str, item: str, verdict: str) -> dict[str, Any] | None:
        return what_would_change(t, normalised, kind, item, verdict) if with_changes else None

    normalised = {q: answers[q] for q in t.question_ids if q in answers}
    full, filled = t.with_defaults(normalised)
    ev = Evaluation(t, normalised, explain=explain)
    methods = []
    for m in t.data["methods"]:
        result = {k: v for k, v in ev.method(m["id"]).items() if k != "id"}
        result["what_would_change"] = change("method", m["id"], result["verdict"])
        methods.append({"id": m["id"], "label": m["label"], **result})
    mismatches = []
    for m in t.data["mismatches"]:
        mm = ev.mismatch(m["id"])
        if mm is not None:
            mismatches.append({"id": m["id"], "label": m["label"], **{k: v for k, v in mm.items() if k != "id"}})
    claims = []
    for claim in t.data["claims"]:
        cl = ev.claim(claim["id"])
        if cl is None:
            continue
        claims.append({
            "id": claim["id"],
            "statement": claim["statement"],
            **({"domains": list(claim["domains"])} if "domains" in claim else {}),
            **({"question": claim["question"]} if "question" in claim else {}),
            "verdict": cl["verdict"],
            "relevance": cl["relevance"],
            "conditions": cl["conditions"],
            "rationale": claim["rationale"],
            "mismatches": list(claim["mismatches"]),
            "evidence": list(claim["evidence"]),
            "sources": [dict(s) for s in claim["sources"]],
            "trace": cl["trace"],
            "explanation": cl["explanation"],
            "depends_on": cl["depends_on"],
            "what_would_change": change("claim", claim["id"], cl["verdict"]),
        })
    unknowns = []
    for q in t.data["questions"]:
        if q["id"] in normalised or q["id"] in filled:
            continue
        changes = [item["id"] for group in (methods, mismatches, claims) for item in group if q["id"] in item["depends_on"]]
        if changes:
            unknowns.append({"question": q["id"], "label": q["label"], "would_change": changes})
    meta = t.data["kb"]
    answers_digest = digest(normalised)
    facts = facts_assumed(t.data["questions"], normalised, {q: full[q] for q in filled})
    link = permalink(normalised, meta["version"], site_url or meta["site_url"])
    result = {
        "kb_version": meta["version"],
        "kb_digest": meta["kb_digest"],
        "answers": {q: _plain(v) for q, v in normalised.items()},
        "defaults_applied": {q: _plain(full[q]) for q in t.question_ids if q in filled},
        "unanswered": ev.unanswered,
        "facts": facts,
        "answers_digest": answers_digest,
        "mismatches": mismatches,
        "methods": methods,
        "claims": claims,
        "unknowns": unknowns,
        "citation": citation(meta, normalised, answers_digest, link),
    }
    return {"bottom_line": bottom_line(result, t.data), **result}


def facts_assumed(questions: list[dict[str, Any]], answers: dict[str, Value], defaults: dict[str, Value]) -> list[dict[str, Any]]:
    """Every question in words, in order: what was answered, what a default filled in, what is open; with
    each option's label, so any report can say a change of answer in words."""
    out = []
    for q in questions:
        labels = {o["id"]: o["label"] for o in q["options"]}
        value = answers.get(q["id"], defaults.get(q["id"]))
        values = list(value) if isinstance(value, tuple) else ([] if value is None else [value])
        said = [labels.get(str(v), str(v)) for v in values]
        out.append({
            "question": q["id"], "label": q["label"], "short": q.get("short") or q["id"].replace("_", " "),
            "answer": _plain(value) if value is not None else None,
            "answer_label": (said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]) if said else None,
            "source": "answered" if q["id"] in answers else "default" if q["id"] in defaults else "open",
            "describes": q.get("describes") or ("aim" if q["id"] in ("goal", "driver", "concern") else "situation"),
            "options": labels,
        })
    return out


def citation(meta: dict[str, Any], answers: dict[str, Value], answers_digest: str, link: str) -> dict[str, Any]:
    """How to cite one assessment; `meta` is the tables' `kb` block (title, version, released, ...)."""
    short = answers_digest.split(":", 1)[1][:12]
    given = "; ".join(f"{q}={','.join(v) if isinstance(v, tuple) else v}" for q, v in answers.items()) or "no answers"
    absolute = link.startswith(("https://", "http://"))
    where = link if absolute else (
        "No permalink: the address this knowledge base is published at is not set, so no link would lead "
        f"anywhere from a memo; to reopen these answers, add '{link[link.index('#'):]}' to the address of the "
        "questionnaire page of the site you use"
    )
    text = (
        f"{meta['title']}, version {meta['version']} ({meta['released']}), assessment {short} "
        f"[{given}], answers {answers_digest}. {where}{'' if absolute else '.'}"
    )
    key = f"{meta['citation_key']}-{short}"
    bibtex = (
        f"@misc{{{key},\n"
        f"  title = {{{{{meta['title']}}}: assessment {short}}},\n"
        f"  year = {{{meta['year']}}},\n"
        f"  note = {{Knowledge base version {meta['version']}; answers {given}; digest {answers_digest}}},\n"
        f"  howpublished = {{{link if absolute else 'no published address: ' + link[link.index('#'):]}}}\n"
        f"}}"
    )
    out: dict[str, Any] = {"text": text, "permalink": link, "permalink_absolute": absolute, "bibtex": bibtex, "key": key}
    if meta.get("paper") is not None:
        out["framework"] = meta["paper"]
    return out
