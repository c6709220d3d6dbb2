"""The data the browser questionnaire looks results up in: each version's decision tables, as scripts.

The questionnaire (`site/assets/javascripts/tables.js` and `questionnaire.js`) reads no rules: it
looks outcomes up in these tables and combines them as the contract says, exactly as
`framework.logic.evaluation` does. Every released version's frozen tables are shipped, so a permalink that
names an older version reproduces that version's result and can be compared with today's.

- `assets/data/versions.js` sets `window.UnlearningScopeVersions`: `current` (the version the site was
  built from), `versions` ({version: {file, released, changelog anchor, title}}, oldest first) and
  `format_version` of the tables.
- `assets/data/tables-<version>.js` calls `window.UnlearningScopeTables.register(<tables>)`: the JSON
  form of `framework.logic.tables` (see `site/decision-tables.md`), loaded on demand for older versions.

Scripts rather than JSON files so the pages also work opened from disk (file://), where fetch is
refused; plain ASCII (non-ASCII escaped) so no server or proxy can mangle their encoding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..logic.tables import FORMAT_VERSION, Tables, to_json
from ..outputs.releases import Release

DATA_DIR = "assets/data/"


def tables_file(version: str) -> str:
    return f"tables-{version}.js"


def _blob(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def tables_js(t: Tables) -> str:
    return f"(window.UnlearningScopeTables = window.UnlearningScopeTables || {{pending: []}}).pending.push({_blob(to_json(t))});\n"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def questionnaire_files(versions: dict[str, Tables], current: str, releases: list[Release]) -> Iterator[tuple[str, str]]:
    anchors = {r.title.removeprefix("Version ").removesuffix(" (unreleased)"): r.anchor for r in releases}
    info: dict[str, Any] = {}
    for v in sorted(versions, key=_key):
        t = versions[v]
        info[v] = {"file": tables_file(v), "released": t.data["kb"]["released"], "changelog": anchors.get(v), "title": t.data["kb"]["title"]}
        yield DATA_DIR + tables_file(v), tables_js(t)
    yield DATA_DIR + "versions.js", f"window.UnlearningScopeVersions = {_blob({'current': current, 'versions': info, 'format_version': FORMAT_VERSION})};\n"
