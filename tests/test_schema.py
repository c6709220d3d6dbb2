"""JSON Schema for editors: committed, up to date with the models, referenced from every YAML file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from framework.kb.schema import answers_schema, kb_export_schema, kb_file_schema

REPO = Path(__file__).resolve().parent.parent


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads((REPO / "schema" / "kb-file.schema.json").read_text())
    assert committed == kb_file_schema(), "run: unlearning-scope export --out /tmp/x && cp /tmp/x/schema/*.json schema/"


def test_committed_export_schema_matches_the_models() -> None:
    committed = json.loads((REPO / "schema" / "kb.schema.json").read_text())
    assert committed == kb_export_schema(), "run: unlearning-scope export --out /tmp/x && cp /tmp/x/schema/*.json schema/"
    matter = committed["$defs"]["Matter"]
    assert matter["properties"]["status"]["readOnly"] is True and "status" in matter["required"]


def test_committed_answers_schema_matches_the_questions(kb) -> None:  # type: ignore[no-untyped-def]
    committed = json.loads((REPO / "schema" / "answers.schema.json").read_text())
    assert committed == answers_schema(list(kb.questions.values()))


def test_every_yaml_file_references_the_schema() -> None:
    files = sorted(p for folder in ("taxonomy", "rules") for p in (REPO / folder).rglob("*.yaml"))
    assert files
    for f in files:
        first = f.read_text().splitlines()[0]
        rel = os.path.relpath(REPO / "schema" / "kb-file.schema.json", f.parent)
        assert first == f"# yaml-language-server: $schema={rel}", f"{f}: the first line should be that"


def test_schema_rejects_unknown_keys() -> None:
    schema = kb_file_schema()
    assert schema["additionalProperties"] is False
    claim = schema["$defs"]["Claim"]
    assert claim["additionalProperties"] is False and "statement" in claim["required"]
