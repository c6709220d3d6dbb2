"""JSON Schema of `unlearning-scope check --format json` (exported as schema/check.schema.json)."""

from __future__ import annotations

from typing import Any

from .matcher import FORMAT

CHECK_SCHEMA = "check.schema.json"


def check_schema(question_ids: list[str]) -> dict[str, Any]:
    position = {"type": "integer", "minimum": 1}
    span = {
        "type": "object",
        "description": "Where the text is: line and column (from 1, counting characters of the NFC text) of its first and "
                       "last character; for a PDF, the page and the line within the page's extracted text.",
        "properties": {"page": position, "line": position, "column": position, "end_line": position, "end_column": position},
        "required": ["line", "column", "end_line", "end_column"],
        "additionalProperties": False,
    }
    evidence = {
        "type": "object",
        "description": "Words that matched a signal (see rules/signals/), with where they are.",
        "properties": {
            "passage": {"type": "integer", "minimum": 1, "description": "Number of the flagged passage the words are in."},
            "signal": {"type": "string", "pattern": "^SIG-"},
            "words": {"type": "string", "description": "The words as written in the text, whole words (a pattern that matched a stem, such as \"unlearn\", quotes the word, \"unlearning\")."},
            "span": {"$ref": "#/$defs/span"},
        },
        "required": ["passage", "signal", "words", "span"],
        "additionalProperties": False,
    }
    value = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}
    label = {
        "type": "object",
        "description": "What the words imply for one question. value: an option ID (a list for many-choice questions); "
                       "'open' for a goal no words state (with the mismatches this invites); null when the words point "
                       "to several options of a one-choice question (listed under conflict).",
        "properties": {
            "value": value,
            "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
            "mismatches": {"type": "array", "items": {"type": "string"}},
            "conflict": {"type": "array", "items": {"type": "string"}},
            "words": {"type": "array", "items": {"type": "string"},
                      "description": "For a goal no phrase names, read from the words used together: the words that lean that way most."},
        },
        "required": ["value", "evidence"],
        "additionalProperties": False,
    }
    answers = {
        "type": "object",
        "description": "Proposed answers file: question IDs mapped to option IDs (lists for many-choice questions); "
                       "questions no words bear on are left out.",
        "propertyNames": {"enum": question_ids},
        "additionalProperties": value,
    }
    labels = {"type": "object", "propertyNames": {"enum": question_ids}, "additionalProperties": {"$ref": "#/$defs/label"}}
    claim = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": "^CL-"},
            "statement": {"type": "string"},
            "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
            "verdict": {"enum": ["supportable", "conditional", "unsupportable", "not-technical", None],
                        "description": "The claim's verdict under the passage's proposed answers (as `evaluate` gives it); null "
                                       "when the claim is not relevant under them."},
            "relevance": {"enum": ["certain", "possible", "not-relevant"]},
        },
        "required": ["id", "statement", "evidence", "verdict", "relevance"],
        "additionalProperties": False,
    }
    bottom_line = {
        "type": "object",
        "description": "The bottom line 'evaluate' gives for these answers (the same object as its JSON 'bottom_line'): which methods "
                       "achieve the aim or reduce the problem, which do not count, the mismatches, the evidence to ask for, the trees to consult.",
        "properties": {"text": {"type": "array", "items": {"type": "string"}}},
        "required": ["text", "achieves", "does_not_count", "mismatches", "evidence_needed", "trees"],
    }
    wording = {
        "type": "object",
        "description": "A wording rule (rules/wording/) that fits the passage as read: why the words as found cannot be met or "
                       "checked, clause text a provider can meet (one option per reading, [square brackets] for what the "
                       "drafter fills in) with how to check it, what cannot be promised, and the claims, methods and tests it rests on.",
        "properties": {
            "id": {"type": "string", "pattern": "^WR-"},
            "label": {"type": "string"},
            "problem": {"type": "string"},
            "wording": {"type": "array", "minItems": 1, "items": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "text": {"type": "string"},
                               "checks": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
                "required": ["label", "text", "checks"], "additionalProperties": False}},
            "cannot": {"type": ["string", "null"]},
            "rests_on": {"type": "object", "properties": {
                "claims": {"type": "array", "items": {"type": "string"}},
                "methods": {"type": "array", "items": {"type": "string"}},
                "evaluations": {"type": "array", "items": {"type": "string"}}},
                "required": ["claims", "methods", "evaluations"], "additionalProperties": False},
        },
        "required": ["id", "label", "problem", "wording", "cannot", "rests_on"],
        "additionalProperties": False,
    }
    passage = {
        "type": "object",
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "span": {"$ref": "#/$defs/span"},
            "text": {"type": "string"},
            "found_by": {"type": "array", "items": {"$ref": "#/$defs/evidence"},
                         "description": "The signals' words that make this an unlearning-like passage (empty when only the word score flags it)."},
            "word_score": {
                "type": "object",
                "description": "Present when the word score (learned weights of words and word pairs, see README) reaches its threshold: "
                               "the passage is flagged by the words it uses together even where no signal's phrase matches.",
                "properties": {
                    "score": {"type": "integer"},
                    "threshold": {"type": "integer"},
                    "words": {"type": "array", "items": {"type": "string"}, "description": "The passage's words that weigh most, as written."},
                },
                "required": ["score", "threshold", "words"],
                "additionalProperties": False,
            },
            "labels": {"$ref": "#/$defs/labels"},
            "answers": {"$ref": "#/$defs/answers"},
            "differs_from_whole": {"type": "boolean", "description": "True when this passage alone gives other answers than the whole text."},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
            "bottom_line": {"$ref": "#/$defs/bottom_line"},
            "permalink": {"type": "string", "description": "The questionnaire with this passage's answers (in the fragment)."},
            "wording": {"type": "array", "items": {"$ref": "#/$defs/wording"},
                        "description": "Supportable wording to consider for this passage (empty when no wording rule fits it)."},
        },
        "required": ["number", "span", "text", "found_by", "labels", "answers", "differs_from_whole", "claims", "bottom_line", "permalink", "wording"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Unlearning Scope check result",
        "description": "Output of 'unlearning-scope check FILE --format json': the passages that ask for, promise or rely on "
                       "unlearning-like outcomes, what their words imply, and proposed answers for the whole text.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "kb_version": {"type": "string"},
            "source": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"}, "kind": {"enum": ["text", "markdown", "html", "docx", "pdf"]},
                    "bytes": {"type": "integer"}, "characters": {"type": "integer"}, "words": {"type": "integer"}, "pages": {"type": "integer"},
                },
                "additionalProperties": False,
            },
            "language": {
                "type": "object",
                "description": "The language the text is mostly in. When 'covered' is false the text was not really checked: the "
                               "signals are written for English only, and 'check' exits 3 instead of reporting nothing found.",
                "properties": {
                    "code": {"type": "string"}, "name": {"type": "string"}, "covered": {"type": "boolean"},
                    "share": {"type": "number", "minimum": 0, "maximum": 1,
                              "description": "Share of the text's words (for Latin-script languages: of its function words counted) in that language."},
                },
                "required": ["code", "name", "covered", "share"],
                "additionalProperties": False,
            },
            "flagged": {"type": "integer", "minimum": 0},
            "passages": {"type": "array", "items": {"$ref": "#/$defs/passage"}},
            "set_aside": {
                "type": "array",
                "description": "Passages a signal or the word score would have flagged but an exception (rules/signals/, sets_aside) set "
                               "aside: not counted in 'flagged', listed so that the reader can judge them.",
                "items": {
                    "type": "object",
                    "properties": {
                        "span": {"$ref": "#/$defs/span"},
                        "text": {"type": "string"},
                        "exception": {"type": "string", "pattern": "^SIG-"},
                        "reason": {"type": "string", "description": "What the exception took the passage to be (its label)."},
                        "words": {"type": "string", "description": "The words the exception matched, as written in the text, whole words."},
                    },
                    "required": ["span", "text", "exception", "reason", "words"],
                    "additionalProperties": False,
                },
            },
            "mode": {"enum": ["default", "thorough"],
                     "description": "'thorough' (check --thorough): the word score at its lower threshold, finding more passages with more "
                                    "false alarms; 'held_out' and 'leave_one_document_out' give that mode's figures."},
            "leave_one_document_out": {
                "oneOf": [{"type": "null"}, {
                    "type": "object",
                    "properties": {"recall": {"type": "number", "minimum": 0, "maximum": 1}, "precision": {"type": "number", "minimum": 0, "maximum": 1}},
                    "required": ["recall", "precision"], "additionalProperties": False}],
                "description": "Recall and precision of this mode on the project's own evaluation corpus, each document checked as if never "
                               "seen (its signals left out, the word score learned without it); null when the knowledge base records none.",
            },
            "held_out": {
                "oneOf": [{"type": "null"}, {
                    "type": "object",
                    "properties": {
                        "batches": {"type": "integer", "minimum": 1},
                        "found": {"type": "integer", "minimum": 0}, "missed": {"type": "integer", "minimum": 0},
                        "false_alarms": {"type": "integer", "minimum": 0},
                        "recall": {"type": "number", "minimum": 0, "maximum": 1}, "precision": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                    "required": ["batches", "found", "missed", "false_alarms", "recall", "precision"],
                    "additionalProperties": False,
                }],
                "description": "How check did, in this mode, on texts the project had never seen: passages of the evaluation corpus's held-out "
                               "batches, each batch measured once before anything was written or learned from it. 'found' and "
                               "'missed' count passages that ask for, promise or rely on unlearning; 'false_alarms' counts near "
                               "misses it flagged. Null when the knowledge base records no such measurement.",
            },
            "proposal": {
                "type": "object",
                "properties": {
                    "answers": {"$ref": "#/$defs/answers"},
                    "labels": {"$ref": "#/$defs/labels"},
                    "unanswered": {"type": "array", "items": {"enum": question_ids}},
                    "open_goal_passages": {"type": "array", "items": {"type": "integer", "minimum": 1},
                                           "description": "Numbers of the passages that leave the goal open (removal or suppression), whatever the whole text's goal."},
                    "bottom_line": {"oneOf": [{"$ref": "#/$defs/bottom_line"}, {"type": "null"}],
                                    "description": "The bottom line for the proposed answers (null when nothing is flagged)."},
                    "permalink": {"type": "string"},
                    "answers_file": {"type": "string", "description": "The proposed answers as YAML for 'evaluate', each with its evidence in comments."},
                },
                "required": ["answers", "labels", "unanswered", "open_goal_passages", "bottom_line", "permalink", "answers_file"],
                "additionalProperties": False,
            },
        },
        "required": ["format", "kb_version", "source", "language", "flagged", "passages", "set_aside", "mode", "held_out",
                     "leave_one_document_out", "proposal"],
        "additionalProperties": False,
        "$defs": {"span": span, "evidence": evidence, "label": label, "labels": labels, "answers": answers, "claim": claim, "bottom_line": bottom_line, "wording": wording, "passage": passage},
    }
