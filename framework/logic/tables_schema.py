"""JSON Schema of the decision tables (format version 1), for scripts in any language that read them."""

from __future__ import annotations

from typing import Any

from .tables import FORMAT, FORMAT_VERSION

TABLES_SCHEMA = "decision-tables.schema.json"

_STRINGS = {"type": "array", "items": {"type": "string"}}
_ANSWER = {"oneOf": [{"type": "string"}, _STRINGS]}


def tables_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Unlearning Scope decision tables",
        "description": (
            "Every conclusion's outcome for every combination of the answers it reads, compiled from the "
            "knowledge base's rules. A table is indexed row-major over `reads` (the first question varies "
            "slowest); a question's state is the index of its answer in its `domain`, and a question with a "
            "default has one more state, len(domain), for 'left to its default'. Each table entry is an index "
            "into `outcomes`. See the site's decision-tables page."
        ),
        "type": "object",
        "required": ["format", "format_version", "kb", "questions", "aspects_question", "aspects", "halves", "method_order",
                     "claim_order", "methods", "mismatches", "claims", "rules", "outcomes", "slots"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "kb": {
                "type": "object", "additionalProperties": False,
                "required": ["title", "version", "released", "year", "site_url", "citation_key", "paper", "kb_digest"],
                "properties": {
                    "title": {"type": "string"}, "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
                    "released": {"type": "string", "format": "date"}, "year": {"type": "integer"},
                    "site_url": {"type": ["string", "null"]}, "citation_key": {"type": "string"},
                    "paper": {"type": ["string", "null"]}, "kb_digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                },
            },
            "questions": {"type": "array", "items": {"$ref": "#/$defs/question"}},
            "aspects_question": {"type": "string"},
            "aspects": {"type": "object", "additionalProperties": _STRINGS, "description": "Option of the aspects question -> the halves a method is judged on."},
            "halves": {"type": "object", "additionalProperties": {"type": "string"}},
            "method_order": {"type": "object", "additionalProperties": {"type": "integer"}},
            "claim_order": {"type": "object", "additionalProperties": {"type": "integer"}},
            "methods": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["id", "label", "reads"],
                                                   "properties": {"id": {"type": "string"}, "label": {"type": "string"}, "reads": _STRINGS}}},
            "mismatches": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["id", "label", "summary"],
                                                      "properties": {"id": {"type": "string"}, "label": {"type": "string"}, "summary": {"type": "string"}}}},
            "claims": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "statement", "rationale", "mismatches", "evidence", "sources"],
                "properties": {"id": {"type": "string"}, "statement": {"type": "string"}, "rationale": {"type": "string"},
                               "domains": {**_STRINGS, "description": "Absent in tables written before claims carried them."},
                               "question": {"type": "string", "description": "For a claim no method settles: its question, "
                                            "written to follow 'No method settles ...'; absent otherwise."},
                               "mismatches": _STRINGS, "evidence": _STRINGS, "sources": {"type": "array", "items": {"type": "object"}}}}},
            "rules": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": False, "required": ["label", "reads"],
                "properties": {"label": {"type": "string"}, "reads": _STRINGS}}},
            "trees": {"type": "array", "description": "The decision trees: a result names those whose fixed answers fit it.",
                      "items": {"type": "object", "additionalProperties": False, "required": ["id", "label", "fixed"],
                                "properties": {"id": {"type": "string"}, "label": {"type": "string"},
                                               "fixed": {"type": "object", "additionalProperties": _ANSWER}}}},
            "outcomes": {"type": "array", "items": {"$ref": "#/$defs/outcome"}},
            "slots": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["slot", "reads", "table"],
                "properties": {
                    "slot": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 3,
                             "description": "['method', ID, half], ['claim', ID] or ['mismatch', ID]"},
                    "reads": _STRINGS,
                    "table": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                }}},
        },
        "$defs": {
            "question": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "kind", "label", "help", "example", "why_it_matters", "options", "domain", "default"],
                "properties": {
                    "id": {"type": "string"}, "kind": {"enum": ["one", "many"]}, "label": {"type": "string"}, "help": {"type": "string"},
                    "example": {"type": "string"}, "why_it_matters": {"type": "string"},
                    "short": {"type": "string", "description": "A noun phrase for reports; absent where the label serves."},
                    "describes": {"enum": ["aim", "situation"],
                                  "description": "'aim' questions (goal, driver, concern) are never proposed as changes; absent in format-1 "
                                                 "tables written before it existed, where goal, driver and concern are the aims."},
                    "options": {"type": "array", "items": {"type": "object", "required": ["id", "label", "help", "aspects"]}},
                    "domain": {"type": "array", "items": _ANSWER, "minItems": 1},
                    "default": {"oneOf": [{"type": "null"}, {
                        "type": "object", "additionalProperties": False, "required": ["reads", "values", "explained"],
                        "properties": {"reads": _STRINGS, "values": {"type": "array", "items": {"type": ["string", "null"]}},
                                       "explained": {"type": "string"}}}]},
                },
            },
            "outcome": {
                "type": "object", "additionalProperties": False, "required": ["value", "conditions", "caveats", "why", "rules"],
                "properties": {
                    "value": {"type": ["string", "null"], "description": "A method or claim verdict, 'applies' for a mismatch, or null: not listed / not shown."},
                    "conditions": _STRINGS, "caveats": _STRINGS, "why": _STRINGS,
                    "rules": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["id", "overrode"],
                                                         "properties": {"id": {"type": "string"}, "overrode": _STRINGS}}},
                },
            },
        },
    }
