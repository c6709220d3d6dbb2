"""The whole knowledge base in exchange formats: canonical JSON, JSON Schema, claims CSV, BibTeX."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from ..kb.schema import ANSWERS_SCHEMA, KB_EXPORT_SCHEMA, KB_FILE_SCHEMA, answers_schema, kb_export_schema, kb_file_schema
from ..logic.tables import Tables
from ..logic.tables import dumps as tables_dumps
from ..logic.tables_schema import TABLES_SCHEMA, tables_schema
from ..model import BibEntry
from ..textcheck.output_schema import CHECK_SCHEMA, check_schema
from .explain import id_registry
from .swap import replace_dir


def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def claims_csv(kb: KnowledgeBase) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "statement", "domains", "goals", "targets", "methods", "mismatches", "deciding_rules", "verdicts_possible", "rationale", "evidence", "sources", "bases"])
    for cid, claim in sorted(kb.claims.items()):
        rules = sorted(r.id for r in kb.rules.values() if getattr(r.then, "claim", None) == cid)
        verdicts = sorted({kb.rules[r].then.verdict for r in rules})  # type: ignore[union-attr]
        w.writerow([
            cid, claim.statement, ";".join(claim.domains), ";".join(claim.goals), ";".join(claim.targets),
            ";".join(claim.methods), ";".join(claim.mismatches), ";".join(rules), ";".join(verdicts),
            claim.rationale, " | ".join(claim.evidence),
            ";".join(s.source or "editorial" for s in claim.provenance), ";".join(s.basis for s in claim.provenance),
        ])
    return buf.getvalue()


_BIB_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text: str) -> str:
    return "".join(_BIB_ESCAPES.get(ch, ch) for ch in text)


def _bib_type(entry: BibEntry) -> tuple[str, str]:
    venue = entry.venue
    if entry.type != "paper":
        return "misc", "howpublished"
    if venue.startswith("arXiv"):
        return "misc", "howpublished"
    if any(w in venue for w in ("Review", "Transactions", "Journal")):
        return "article", "journal"
    return "inproceedings", "booktitle"


def bibtex(kb: KnowledgeBase) -> str:
    out = []
    for key, e in sorted(kb.of("bib").items()):
        kind, venue_field = _bib_type(e)
        authors = " and ".join("others" if a == "et al." else "{" + tex_escape(a) + "}" if e.type != "paper" else tex_escape(a) for a in e.authors)
        fields = [("title", "{" + tex_escape(e.title) + "}"), ("author", authors), ("year", str(e.year)), (venue_field, tex_escape(e.venue)), ("note", tex_escape(e.identifier))]
        if e.url:
            fields.append(("url", e.url))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        out.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(out)


def files(kb: KnowledgeBase, tables: Tables | None = None) -> dict[str, str]:
    """Every export, by relative path; with `tables`, the decision tables too (the one compiled artefact)."""
    extra = {"decision-tables.json": tables_dumps(tables)} if tables is not None else {}
    return extra | {
        f"schema/{TABLES_SCHEMA}": pretty_json(tables_schema()),
        "unlearning-scope-kb.json": pretty_json({"digest": kb.digest(), **kb.canonical()}),
        f"schema/{KB_FILE_SCHEMA}": pretty_json(kb_file_schema()),
        f"schema/{KB_EXPORT_SCHEMA}": pretty_json(kb_export_schema()),
        f"schema/{ANSWERS_SCHEMA}": pretty_json(answers_schema(list(kb.questions.values()))),
        f"schema/{CHECK_SCHEMA}": pretty_json(check_schema(list(kb.questions))),
        "claims.csv": claims_csv(kb),
        "ids.json": pretty_json({"kb_version": kb.meta.version, "ids": id_registry(kb)}),
        "bibliography.bib": bibtex(kb),
    }


def write(out_dir: Path, contents: dict[str, str]) -> list[Path]:
    """Write all files or none: they are built in a temporary folder and moved into place at once."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir.parent))
    try:
        for rel, text in sorted(contents.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out_dir / rel for rel in sorted(contents)]

