"""The data the "Check a text" page runs on: the signals' patterns and the matcher's tables as JSON.

`site/assets/javascripts/check.js` ports `framework.textcheck` (normalise, passages, matcher) and runs
on this data, so that the page finds the same passages, labels and proposed answers as
`unlearning-scope check`; `tests/test_check_browser.py` proves it on the evaluation corpus. Claims
carry their verdicts for the passage's answers, as the CLI gives them.

Format (`FORMAT` is bumped on any incompatible change):
- `meta`: version, site_url; `format`; `matcher_format` (the `check` JSON format the page produces).
- `fold`: spaces, dropped, folded (character -> ASCII), replacement (see `normalise`).
- `passages`: abbreviations, block_start, sentence_end (regular-expression sources, see `passages`).
- `questions` in questionnaire order (id, kind, label, short: the name reports use, options with aspects);
  `aspects_question`;
  `open_goal_mismatches` with labels.
- `signals`: finders first, then the others, each group sorted by ID, as `Signals.of` orders them:
  id, label, finds_passage, question, option, claims, patterns (source, required: literals one of which every match contains),
  only_with (the sources of the patterns of the conditions it names: one must also match for a match to find the passage).
- `exceptions`: the exceptions (`sets_aside`) sorted by ID: id, label (what the passages it sets aside
  are, told to the reader), patterns (sources), unless (the sources of the patterns of the conditions it
  names). A passage one of whose patterns matches, and none of whose unless patterns does, is not
  flagged, whatever found it; the result lists it under `set_aside`.
- `word_score`: the word score's word pattern, stem length, window, word classes (and which are
  actions), bias, threshold, thorough threshold (`check --thorough`; null when none) and integer weights (see `textcheck.word_score`), or null when the
  knowledge base has none.
- `word_needs`: the sources of the patterns of the conditions marked `gates_word_score`: the word score flags
  a passage only where one matches (`Signals.word_may_flag`); empty: wherever it reaches its threshold.
- `held_out`, `held_out_thorough`: how `check` did on the corpus's held-out batches in the default and the
  thorough mode (`textcheck.matcher.held_out`), or null; `leave_one_document_out`: default and thorough,
  the corpus's leave-one-document-out recall and precision in that mode (`textcheck.matcher.corpus_figures`).
- `claims`: id -> statement, in the order the result lists them (`claim_order`).
- `wording`: the wording rules in ID order, each as the check's JSON gives it (`textcheck.wording.plain`)
  with `applies_when` (goal, claims) for the page to choose them as `textcheck.wording.fits` does.
- `language`: the tables `framework.textcheck.language` judges a text's language with (covered
  languages, scripts with their character classes, function words, sample sizes).
"""

from __future__ import annotations

import json
from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from ..kb.normalise import fold_table
from ..kb.pattern_syntax import parse
from ..logic.tables import Tables
from ..textcheck import language, matcher, passages, word_score
from ..textcheck.names import Names
from ..textcheck.wording import plain

FORMAT = 7


def check_data(kb: KnowledgeBase, t: Tables) -> dict[str, Any]:
    sigs = matcher.Signals.of(kb)
    ordered = [*sigs.finders, *sigs.others]
    names = Names.of(kb)
    questions = [{"id": q.id, "kind": q.kind, "label": q.label, "short": names.question(q.id),
                  "options": [{"id": o.id, "label": o.label, "aspects": list(o.aspects) if o.aspects is not None else None} for o in q.options]}
                 for q in kb.questions.values()]
    mismatches = kb.of("mismatch")
    return {
        "format": FORMAT,
        "matcher_format": matcher.FORMAT,
        "meta": {"version": kb.meta.version, "site_url": kb.meta.site_url},
        "fold": fold_table(),
        "passages": {"abbreviations": list(passages.ABBREVIATIONS), "block_start": passages.BLOCK_START, "sentence_end": passages.SENTENCE_END},
        "questions": questions,
        "aspects_question": t.data["aspects_question"],
        "open_goal_mismatches": [{"id": m, "label": mismatches[m].label if m in mismatches else m} for m in matcher.OPEN_GOAL_MISMATCHES],
        "signals": [{
            "id": s.id, "label": kb.signals[s.id].label, "finds_passage": s.finds_passage, "question": s.question, "option": s.option,
            "claims": list(s.claims), "patterns": [{"source": p, "required": list(parse(p).required)} for p in kb.signals[s.id].patterns],
            "only_with": matcher.condition_patterns(kb, kb.signals[s.id].only_with),
        } for s in ordered],
        "exceptions": [{"id": e.id, "label": e.label, "patterns": list(kb.signals[e.id].patterns), "unless": matcher.condition_patterns(kb, kb.signals[e.id].unless)}
                       for e in sigs.exceptions],
        "word_score": word_score_data(kb),
        "word_needs": matcher.word_needs_patterns(kb),
        "held_out": matcher.held_out(kb),
        "held_out_thorough": matcher.held_out(kb, thorough=True),
        "leave_one_document_out": {"default": matcher.corpus_figures(kb), "thorough": matcher.corpus_figures(kb, thorough=True)},
        "claim_order": [cl["id"] for cl in t.data["claims"]],
        "claims": {cl["id"]: cl["statement"] for cl in t.data["claims"]},
        "language": language.tables(),
        "wording": [{**plain(r), "applies_when": {"goal": list(r.applies_when.goal), "claims": list(r.applies_when.claims)}}
                    for _, r in sorted(kb.wording.items())],
    }


def word_score_data(kb: KnowledgeBase) -> dict[str, Any] | None:
    """What check.js needs of the word score (its word pattern, classes and integer weights)."""
    w = kb.word_score
    if w is None:
        return None
    return {"word": word_score.WORD, "stem": w.stem, "window": w.window, "bias": w.bias, "threshold": w.threshold, "thorough": w.thorough,
            "classes": {k: list(v) for k, v in w.classes.items()}, "actions": list(word_score.ACTIONS), "quiet": list(word_score.QUIET), "weights": w.weights,
            "goal": {"bias": w.goal.bias, "margin": w.goal.margin, "weights": w.goal.weights} if w.goal is not None else None}


def check_data_js(kb: KnowledgeBase, t: Tables) -> str:
    """A classic script setting `window.UnlearningScopeCheckData` (works from file:// too), ASCII only."""
    blob = json.dumps(check_data(kb, t), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return f"window.UnlearningScopeCheckData = {blob};\n"
