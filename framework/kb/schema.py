"""JSON Schema for the YAML files (exported from the models) and for answers files (from the questions)."""

from __future__ import annotations

from typing import Any

from pydantic import create_model

from ..model import META_SECTION, SECTIONS, Meta, StrictModel
from ..model.questions import Question

KB_FILE_SCHEMA = "kb-file.schema.json"
KB_EXPORT_SCHEMA = "kb.schema.json"
ANSWERS_SCHEMA = "answers.schema.json"


def kb_file_schema() -> dict[str, Any]:
    fields: dict[str, Any] = {META_SECTION: (Meta | None, None)}
    for section, (_, model) in SECTIONS.items():
        fields[section] = (list[model] | None, None)  # type: ignore[valid-type]
    file_model = create_model("KnowledgeBaseFile", __base__=StrictModel, **fields)
    schema = file_model.model_json_schema(by_alias=True)
    schema["title"] = "Unlearning Scope knowledge-base file"
    schema["description"] = "One YAML file of the knowledge base under taxonomy/ or rules/: any of these sections."
    return schema


def kb_export_schema() -> dict[str, Any]:
    """The canonical JSON export (`unlearning-scope-kb.json`): every entry by kind, as the models
    serialise it, derived fields (a matter's `status`) included."""
    fields: dict[str, Any] = {"digest": (str, ...), META_SECTION: (Meta, ...)}
    for _, (kind, model) in SECTIONS.items():
        fields[kind] = (list[model] | None, None)  # type: ignore[valid-type]
    export_model = create_model("KnowledgeBaseExport", __base__=StrictModel, **fields)
    schema = export_model.model_json_schema(by_alias=True, mode="serialization")
    schema["title"] = "Unlearning Scope knowledge base, canonical JSON"
    schema["description"] = (
        "Every entry by kind, sorted by ID; a matter's status is derived from its events (read-only). "
        "Legal content is checked to the dates on each entry (each matter's developments_to)."
    )
    return schema


def answers_schema(questions: list[Question]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for q in questions:
        options = q.option_ids()
        desc = f"{q.label} {q.help}"
        if q.kind == "one":
            props[q.id] = {"description": desc, "enum": options}
        else:
            props[q.id] = {"description": desc, "type": "array", "items": {"enum": options}, "minItems": 1, "uniqueItems": True}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Unlearning Scope answers file",
        "description": "Question IDs mapped to option IDs; leave out what is not known.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
