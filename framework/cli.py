"""`unlearning-scope`: validate, evaluate, check a text, explain, export and list the knowledge base.

Exit codes: 0 success; 1 the knowledge base is invalid or an ID is unknown; 2 malformed answers,
permalink or command line (an output file that cannot be written included). `check` alone: 0 nothing
found, 1 passages flagged, 2 unreadable input, 3 not checked (the text is mostly in a language the
signals do not cover; only English is checked).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__
from .kb.answers import AnswersError, read_answers, read_permalink
from .kb.diagnostics import Diagnostic, DiagnosticError
from .kb.locate import bundled_root
from .outputs.versions import InconsistentKnowledgeBase, VersionError

EPILOG_VALIDATE = """examples:
  unlearning-scope validate              # the bundled knowledge base
  unlearning-scope validate path/to/kb   # a checkout with taxonomy/ and rules/
  unlearning-scope validate --format json | jq .problems
"""
EPILOG_EVALUATE = """answers file (YAML or JSON): question IDs mapped to option IDs; many-choice answers are lists.
  goal: removal
  target: data
  deployment: hosted
  adversary: [benign, prompting]
  driver: [privacy]
  concern: in-model
Leave out what is not known: verdicts are then the weakest over every possible answer, and
'unknowns' says which conclusions an answer would change.

examples:
  unlearning-scope evaluate answers.yaml                      # readable summary
  unlearning-scope evaluate answers.yaml --format json        # the contract's JSON, for scripts
  unlearning-scope evaluate answers.yaml --format markdown > memo.md
  unlearning-scope evaluate answers.yaml --format docx --out memo.docx   # a Word document
  unlearning-scope evaluate 'questionnaire/#v=0.1.0&goal=removal&target=data'   # a permalink: the result
                                                  # of the version it names, from that release's tables
  unlearning-scope evaluate answers.yaml --kb-version 0.1.0   # as released in 0.1.0
  echo 'goal: suppression' | unlearning-scope evaluate -
  unlearning-scope evaluate --case CASE-FTC-EVERALBUM        # a real case's answers (see 'ids --kind case')
  unlearning-scope evaluate --case CASE-GEMA-V-OPENAI --format json
  unlearning-scope evaluate --case CASE-GEMA-V-OPENAI --format docx --out gema.docx
"""
EPILOG_COMPARE = """A permalink names the version it was made with; its result is reproduced from that version's frozen
decision tables, and compared with the current version (or --to).

examples:
  unlearning-scope compare answers.yaml --from 0.1.0
  unlearning-scope compare 'questionnaire/#v=0.1.0&goal=removal&target=data&deployment=open-weights'
  unlearning-scope compare answers.yaml --from 0.1.0 --to 0.2.0 --format json
"""
EPILOG_EXPLAIN = """examples:
  unlearning-scope explain M2          # a mismatch
  unlearning-scope explain CL-001      # a claim, with the rules that decide it
  unlearning-scope explain retrain --format json
  unlearning-scope explain CASE-NYT-V-MICROSOFT-OPENAI   # a case, with its matter's history and the engine's result
  unlearning-scope explain MAT-GEMA-V-OPENAI              # a matter: its dated history and derived status
"""
EPILOG_EXPORT = """writes (all or nothing):
  decision-tables.json         the rules compiled: every conclusion's outcome for every combination of
                               the answers it reads (what the questionnaire looks results up in)
  schema/decision-tables.schema.json   its JSON Schema (format documented on the site)
  unlearning-scope-kb.json     the whole knowledge base, canonical and sorted (matters with their
                               derived status; legal content checked to the dates on each entry)
  schema/kb.schema.json        its JSON Schema
  schema/kb-file.schema.json   JSON Schema of the YAML files (editor completion)
  schema/answers.schema.json   JSON Schema of answers files
  schema/check.schema.json     JSON Schema of 'check --format json'
  claims.csv                   one row per claim
  ids.json                     every ID with its label and status (retired IDs with their successor)
  bibliography.bib             the verified bibliography as BibTeX

examples:
  unlearning-scope export --out dist/
"""
EPILOG_ASK = """Questions are asked on standard error, so the result alone goes to standard output.
Answer with option numbers or IDs; several, separated by commas, for many-choice questions;
an empty line leaves a question unanswered; '?' explains why a question matters.

examples:
  unlearning-scope ask
  unlearning-scope ask --save answers.yaml --format markdown > memo.md
  unlearning-scope ask --format docx --out memo.docx
  printf '1\n1\n2\n1,2\n1\n1\n\n\n' | unlearning-scope ask --format json
"""
EPILOG_BUILD = """Validates the knowledge base first (a broken one fails with the validator's messages), generates
every page from the YAML, builds with mkdocs-material (--strict), checks every link and that nothing
loads from another host, then swaps the new site in: a failed build leaves the old site untouched.
Run it from the checkout (the folder with mkdocs.yml, taxonomy/, rules/ and site/) or below it.

examples:
  unlearning-scope build                          # -> build/site
  unlearning-scope build --out /tmp/site --site-url https://example.org/unlearning-scope/
"""
EPILOG_SERVE = """Builds the site, serves it on this machine only, and rebuilds when a file under taxonomy/, rules/,
site/ or releases/, or mkdocs.yml, changes (reload the page to see it). A rebuild that fails prints the
errors and keeps serving the last good site.

examples:
  unlearning-scope serve                 # http://127.0.0.1:8000/
  unlearning-scope serve --port 8010
"""
EPILOG_RELEASE = """Writes releases/<version>.json, a digest of every entry (from which the site's changelog names what
each release added, changed and retired), and freezes the release's decision tables and derived trees
in releases/<version>/tables.json and trees.json, so that permalinks and tree citations naming this
version keep their meaning. Bump meta.version in taxonomy/meta.yaml first; a recorded release is never
overwritten with different content.

With --reasons, each entry added, changed or retired since the last release is recorded with why
(the changelog shows the reason beside the entry); the release is refused, exit 2, naming any entry
no group of the file covers.

examples:
  unlearning-scope release --summary "Adds claims about model merging"
  unlearning-scope release --summary "..." --reasons releases/0.3.0-reasons.yaml
"""
EPILOG_CHECK = """Finds every passage that asks for, promises or relies on an unlearning-like outcome ("unlearn",
"forget", "erase from the model", "delete any models trained on ...", "ensure the model cannot
generate ...", "filter outputs" and their variants) and, for each, says where it is, which goal it
states or whether it leaves the goal open (removal from the model or suppression in outputs: the
conflation behind mismatches M1 and M2), the target, driver and deployment its words imply, and the
claims it makes or relies on with their verdicts. It then proposes an answers file for the whole text,
each answer with its evidence, and gives the bottom line for those answers (and for a passage whose
answers differ, once: a later passage with the same answers refers to it); a question no words bear on
is left unanswered, never guessed.

Reads plain text and Markdown (UTF-8), .docx and PDF (text PDFs; a scan needs OCR first), or
standard input for '-'. Files over 20 MB or with more than 5 million characters of text are refused.
The patterns are knowledge-base data (rules/signals/); nothing leaves this machine. A passage no
pattern matches is still flagged when its words, weighed together, reach the word score's threshold
(weights learned from the evaluation corpus, rules/signals/word-score.json): the report then shows the
score and the words that weigh most. Target and claims are read from the patterns' words alone; the goal
of a passage no pattern found is read from its words where they lean far enough towards removal or
suppression (shown as "no phrase names it; the words used together: ..."), and is otherwise open.

A passage a pattern or the word score would flag but an exception sets aside (a definition of machine
unlearning, a statement about the field's methods: rules/signals/exceptions.yaml) is not flagged and
does not count towards the exit code, but is listed after the flagged passages with what the exception
took it to be and the words it matched (JSON "set_aside"; in a Word review, in the summary comment).

Only English is checked. A text mostly in another language (Chinese, Korean, Spanish, ...) is reported
as not checked, naming the language, and exits 3, never "nothing found"; passages found in its English
parts are still listed.

Thorough mode (--thorough): for a review that must not miss a passage, the word score flags at a lower
threshold, chosen so that signals and score together find 85 in 100 of the evaluation corpus's passages
(each document checked as if never seen), at the cost of more false alarms. The result says which mode
it ran in (JSON "mode") and gives that mode's figures, on the corpus and, where measured, on texts the
project had never seen.

How far to rely on it: every result ends with how check did on texts the project had never seen (the
evaluation corpus's held-out batches, each measured once; JSON "held_out"): how many of the passages a
careful reader would mark it found, and how many of its flags were right. "Nothing found" is not
"nothing there".

Review a Word draft (--format docx --out FILE): the draft comes back with a comment anchored on each
flagged passage (its reading, then in one list the questions its words do not bear on; the bottom line
for its answers; the claims it relies on with their verdicts; the mismatches; supportable wording a
provider can meet, from rules/wording/; the knowledge-base version and a permalink) and a summary
comment on the first heading. Tables, headings, footnotes, existing comments and tracked changes are
kept; the same draft gives the same bytes. A protected, encrypted, corrupt or huge draft (over 20 MB or
20,000 paragraphs) is refused with exit 2 and no file is written. Other inputs get the review as a Word
report (and as Markdown with --format markdown).

exit codes: 0 nothing found; 1 passages flagged; 2 the input cannot be read; 3 not checked: the text
is mostly in a language other than English.

examples:
  unlearning-scope check draft-bill.pdf
  unlearning-scope check terms.docx --format markdown > memo.md
  unlearning-scope check draft.docx --format docx --out reviewed.docx   # the draft back, its text unchanged,
                                                  # with a Word comment on each flagged passage
  unlearning-scope check bill.pdf --format docx --out review.docx       # the same review as a Word report
  unlearning-scope check complaint.txt --format json | jq '.passages[].labels.goal'
  unlearning-scope check clause.md --answers answers.yaml && unlearning-scope evaluate answers.yaml
  pbpaste | unlearning-scope check -
"""
EPILOG_IDS = """examples:
  unlearning-scope ids
  unlearning-scope ids --kind claim --format tsv
  unlearning-scope ids --kind case          # the real cases (orders, judgments, bills, codes)
  unlearning-scope ids --kind matter        # the matters whose dated histories cases and instruments show
"""


def _load(root: Path | None):  # type: ignore[no-untyped-def]
    from .kb.loader import load

    return load(root or bundled_root())


def _print_problems(e: DiagnosticError, stream: Any = None) -> None:
    stream = stream or sys.stderr
    for d in e.diagnostics:
        print(str(d), file=stream)
    n = len(e.diagnostics)
    print(f"{n} error{'s' if n != 1 else ''}", file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    from .logic.engine import compile_kb
    from .logic.verify import verify

    start = time.perf_counter()
    try:
        kb = _load(args.kb_root)
    except DiagnosticError as e:
        if args.format == "json":
            print(json.dumps({"ok": False, "problems": [d.as_json() for d in e.diagnostics]}, indent=2))
        else:
            _print_problems(e)
        return 1
    report = verify(kb, compile_kb(kb))
    if not report.problems:
        from .textcheck.wording import example_problems

        report.problems += example_problems(kb)  # each wording rule's before/after examples, through `check`
    elapsed = time.perf_counter() - start
    counts = {kind: len(table) for kind, table in sorted(kb.entries.items())}
    if args.format == "json":
        print(json.dumps({
            "ok": not report.problems, "problems": [d.as_json() for d in report.problems], "entries": counts,
            "checked": {"complete": report.complete_checked, "partial": report.partial_checked, "tree_paths": report.tree_paths, "slots": report.slots},
            "answer_space": {"complete": report.full_space_complete, "with_unanswered": report.full_space_partial},
            "kb_version": kb.meta.version, "kb_digest": kb.digest(),
        }, indent=2, sort_keys=True))
        return 1 if report.problems else 0
    if report.problems:
        _print_problems(DiagnosticError(report.problems))
        return 1
    if not args.quiet:
        print(f"ok: {kb.meta.title} {kb.meta.version}, {sum(counts.values())} entries in {len(kb.files)} files")
        print("  " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        print(f"  exhaustive verification: {report.complete_checked} complete and {report.partial_checked} partial answer "
              f"combinations over {report.slots} slots, {report.tree_paths} decision-tree paths")
        print(f"  (the full answer space has {report.full_space_complete} complete and {report.full_space_partial} partial answer sets; "
              f"each slot is checked over the questions it reads)")
        print(f"  {elapsed:.2f} s")
    return 0


def _read_answers_arg(arg: str, space: Any) -> tuple[Any, str | None]:
    """(answers, the version a permalink names or None) from a file, standard input or a permalink."""
    if arg == "-":
        return read_answers(sys.stdin.buffer.read(), "<stdin>", space), None
    path = Path(arg)
    if "#" in arg and not path.exists():
        return read_permalink(arg, space)
    if not path.is_file():
        raise AnswersError([Diagnostic(arg, 0, 0, "", "no-file", "no such answers file (give a path, '-' for standard input, or a permalink)")])
    return read_answers(path.read_bytes(), arg, space), None


def _kb_and_root(arg: Path | None) -> tuple[Any, Path]:
    root = arg or bundled_root()
    return _load(root), root


def _tables(kb: Any, root: Path, version: str | None) -> Any:
    from .outputs.versions import tables_for

    return tables_for(kb, root, version)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .model.answer_space import AnswerSpace

    if not _out_ok(args):
        return 2
    kb, root = _kb_and_root(args.kb)
    if (args.answers is None) == (args.case is None):
        print("error: give an answers file, '-', or a permalink, or --case CASE-ID (one of them, not both)", file=sys.stderr)
        return 2
    if args.case is not None:
        return _report_case(kb, _tables(kb, root, args.kb_version), args.case, args.format, args.site_url, args.out, style=_style(args))
    answers, linked = _read_answers_arg(args.answers, AnswerSpace(tuple(kb.questions.values())))
    version = args.kb_version or linked
    if args.kb_version and linked and linked != args.kb_version:
        print(f"note: the permalink names version {linked}; evaluating with version {args.kb_version} as asked", file=sys.stderr)
    tables = _tables(kb, root, version)
    if version and version != kb.meta.version:
        _note_differences(kb, root, tables, answers, version)
    return _report(tables, answers, args.format, args.site_url, out=args.out, style=_style(args))


def _note_differences(kb: Any, root: Path, tables: Any, answers: Any, version: str) -> None:
    """On standard error: the result is an older version's, and what the current version concludes differently."""
    from .outputs.assessment import assess
    from .outputs.versions import differences

    diffs = differences(assess(tables, answers), assess(_tables(kb, root, None), answers))
    now = kb.meta.version
    print(f"note: this is the result of knowledge-base version {version}, as released; the current version is {now}", file=sys.stderr)
    if not diffs:
        print(f"note: version {now} reaches the same verdicts, mismatches and claims for these answers", file=sys.stderr)
    for d in diffs:
        print(f"note: version {now} differs on {d.kind} {d.id}: {d.before or '(not in the result)'} in {version}, "
              f"{d.after or '(not in the result)'} in {now}", file=sys.stderr)
    if diffs:
        print(f"note: the changelog names what changed; or run: unlearning-scope compare ANSWERS --from {version}", file=sys.stderr)


def cmd_compare(args: argparse.Namespace) -> int:
    from .model.answer_space import AnswerSpace
    from .outputs.assessment import assess
    from .outputs.versions import differences

    kb, root = _kb_and_root(args.kb)
    answers, linked = _read_answers_arg(args.answers, AnswerSpace(tuple(kb.questions.values())))
    old_v = args.from_version or linked
    if old_v is None:
        print("error: say which version to compare with: --from VERSION (or give a permalink, which names one)", file=sys.stderr)
        return 2
    new_v = args.to_version or kb.meta.version
    old = assess(_tables(kb, root, old_v), answers)
    new = assess(_tables(kb, root, new_v), answers)
    diffs = differences(old, new)
    if args.format == "json":
        out = {"answers": new["answers"], "answers_digest": new["answers_digest"], "from": old_v, "to": new_v,
               "differences": [d.__dict__ for d in diffs]}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"answers {new['answers_digest']}: version {old_v} against version {new_v}")
        if not diffs:
            print("  both versions reach the same verdicts, mismatches and claims")
        for d in diffs:
            print(f"  {d.kind} {d.id}: {d.before or '(not in the result)'} -> {d.after or '(not in the result)'}")
    return 1 if diffs and args.exit_code else 0


def _report_case(kb: Any, tables: Any, case_id: str, fmt: str, site_url: str | None = None, out: str | None = None,
                 style: dict[str, str] | None = None) -> int:
    from .outputs.cases import case_answers

    case = kb.of("case").get(case_id)
    if case is None:
        known = ", ".join(sorted(kb.of("case"))[:5])
        print(f"error: no case has the ID '{case_id}' (cases include {known}, ...; see 'unlearning-scope ids --kind case')", file=sys.stderr)
        return 1
    from .kb.matters import history, history_lines, history_markdown, status_line

    status = status_line(kb, case.matter)
    header = f"{case.id}: {case.title} ({case.jurisdiction}, {case.date.isoformat()}, {status})"
    lead = ""
    if fmt == "text":
        lead = f"Case {header}\n" + "\n".join(history_lines(history(kb, case.matter), "")) + "\nThe case's answers are our reading of its aspiration; what it leaves open stays unanswered.\n\n"
    elif fmt == "markdown":
        lead = f"**Case** {header}.\n\n{history_markdown(history(kb, case.matter))}\n\nThe case's answers are our reading of its aspiration; what it leaves open stays unanswered.\n\n"
    title = f"{case.title} ({case.jurisdiction}, {case.date.isoformat()}, {status})" if fmt == "docx" else case.title
    return _report(tables, case_answers(kb, case_id), fmt, site_url, case={"id": case.id, "title": title}, out=out, lead=lead,
                   history=[line.strip() for line in history_lines(history(kb, case.matter), "")], style=style)


def cmd_ask(args: argparse.Namespace) -> int:
    from .model.answer_space import AnswerSpace
    from .outputs.ask import ask, to_yaml

    if not _out_ok(args):
        return 2
    kb, root = _kb_and_root(args.kb)
    tables = _tables(kb, root, None)
    answers = ask(AnswerSpace(tuple(kb.questions.values())), sys.stdin, sys.stderr)
    if args.save:
        Path(args.save).write_text(to_yaml(answers), encoding="utf-8")
        print(f"answers saved to {args.save}", file=sys.stderr)
    return _report(tables, answers, args.format, out=args.out, style=_style(args))


class OutError(Exception):
    """The output file cannot be written (exit 2, like a malformed command line)."""


def _out_ok(args: argparse.Namespace) -> bool:
    """A Word document is binary: it goes to a file (or, asked for with '--out -', to standard output),
    never to a terminal by default. Checked before anything is read."""
    if args.format == "docx" and args.out is None:
        print("error: --format docx writes a binary Word document: give --out FILE.docx (or '--out -' for standard output)", file=sys.stderr)
        return False
    return True


def _write_out(data: bytes, out: str | None) -> None:
    """To standard output, or to a file written whole (a temporary file renamed), so that a failure
    leaves no partial file behind."""
    if out is None or out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OutError(f"cannot write {out}: {e.strerror or e}") from e
    print(f"wrote {out}", file=sys.stderr)


def _terminal_width() -> int:
    """The report's width: the terminal's, between 60 and 100 columns; 100 when writing to a file or pipe."""
    import shutil

    if not sys.stdout.isatty():
        return 100
    return max(60, min(100, shutil.get_terminal_size((100, 24)).columns - 1))


def _style(args: argparse.Namespace) -> dict[str, str]:
    """How much a report says (--detail) and the Word memo's paper (--paper)."""
    return {"detail": getattr(args, "detail", "short"), "paper": getattr(args, "paper", "a4")}


def _report(tables: Any, answers: Any, fmt: str, site_url: str | None = None, case: dict[str, str] | None = None,
            out: str | None = None, lead: str = "", history: list[str] | None = None, style: dict[str, str] | None = None) -> int:
    from .outputs.assessment import assess

    style = style or {"detail": "short", "paper": "a4"}
    result = assess(tables, answers, site_url)
    if fmt == "docx":
        from .render.docx import render as render_docx

        _write_out(render_docx(result, case=case, released=tables.data["kb"].get("released"), paper=style["paper"], history=history), out)
        return 0
    if fmt == "json":
        if case is not None:
            result = {"case": case, **result}
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        from .render.markdown import render

        text = render(result, detail=style["detail"])
    else:
        from .render.text import render as render_text

        text = render_text(result, detail=style["detail"], width=_terminal_width())
    if out is None or out == "-":
        sys.stdout.write(lead + text)
    else:
        _write_out((lead + text).encode("utf-8"), out)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .outputs.explain import explain, render_explanation

    kb, root = _kb_and_root(args.kb)
    info = explain(kb, args.id, _tables(kb, root, None) if args.id in kb.of("case") else None)
    if info is None:
        print(f"error: no entry, tombstone or bibliography key has the ID '{args.id}' (see 'unlearning-scope ids')", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(info, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        sys.stdout.write(render_explanation(info))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .outputs import export

    kb, root = _kb_and_root(args.kb)
    written = export.write(Path(args.out), export.files(kb, _tables(kb, root, None)))
    for p in written:
        print(p)
    return 0


def cmd_ids(args: argparse.Namespace) -> int:
    from .outputs.explain import id_registry

    kb = _load(args.kb)
    rows = [r for r in id_registry(kb) if not args.kind or r["kind"] == args.kind]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "tsv":
        print("id\tkind\tstatus\tsuccessor\tlabel")
        for r in rows:
            print(f"{r['id']}\t{r['kind']}\t{r['status']}\t{r.get('successor') or ''}\t{r['label']}")
    else:
        width = max((len(r["id"]) for r in rows), default=2)
        for r in rows:
            status = r["status"] if r["status"] == "active" else f"{r['status']} -> {r.get('successor')}"
            print(f"{r['id']:<{width}}  {r['kind']:<11}  {status:<10}  {r['label']}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .logic.engine import compile_kb
    from .textcheck.matcher import Signals, check
    from .textcheck.names import Names
    from .textcheck.readers import ReadError, read_path

    kb = _load(args.kb)
    if args.site_url:
        kb.meta = kb.meta.model_copy(update={"site_url": args.site_url})
    try:
        units, source = read_path(args.file, sys.stdin)
    except ReadError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.format == "docx" and args.out is None:
        print("error: --format docx writes a Word document: give --out FILE.docx (or '--out -' for standard output)", file=sys.stderr)
        return 2
    tables = _tables(kb, args.kb or bundled_root(), None)
    result = check(kb, compile_kb(kb), units, Signals.of(kb, thorough=args.thorough), source=source, tables=tables)
    if args.format == "docx":
        from .outputs.review import ReviewError, report_docx, review_docx

        released = tables.data["kb"].get("released")
        try:
            if source.get("kind") == "docx":
                if args.file == "-":
                    raise ReviewError("<stdin>: give the .docx draft as a file to have it reviewed (--format docx)")
                out = review_docx(Path(args.file).read_bytes(), args.file, result, Names.of(kb), released)
            else:
                out = report_docx(result, Names.of(kb), released)
            _write_out(out, args.out)
        except (ReviewError, ReadError, OutError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    elif args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        from .textcheck.render import render_markdown

        sys.stdout.write(render_markdown(result, Names.of(kb)))
    else:
        from .textcheck.render import render_text

        sys.stdout.write(render_text(result, Names.of(kb)))
    if args.answers:
        Path(args.answers).write_text(result["proposal"]["answers_file"], encoding="utf-8")
        print(f"proposed answers saved to {args.answers}", file=sys.stderr)
    if not result["language"]["covered"]:
        print(f"not checked: the text is mostly in {result['language']['name']}; only English is checked", file=sys.stderr)
        return 3
    return 1 if result["flagged"] else 0


def _project(arg: Path | None) -> Path:
    from .sitegen.build import find_project

    return find_project(arg)


def cmd_build(args: argparse.Namespace) -> int:
    from .sitegen.build import BuildError, build

    try:
        project = _project(args.project)
        report = build(project, args.out, site_url=args.site_url)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except DiagnosticError as e:
        _print_problems(e)
        print("the site was not built", file=sys.stderr)
        return 1
    s = report.seconds
    print(f"built {report.pages} pages ({report.files} files) in {s['total']:.1f} s -> {report.out}")
    print(
        f"  load and check {s['validate']:.1f} s, decision tables {s['compile']:.1f} s, generate {s['generate']:.1f} s, builder {s['builder']:.1f} s, "
        f"link check {s['check']:.1f} s, then {s['verify wait']:.1f} s waiting for exhaustive verification (run alongside)"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .sitegen.build import BuildError
    from .sitegen.serve import serve

    try:
        project = _project(args.project)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    out = args.out or project / "build" / "site"
    return serve(project, out, host=args.host, port=args.port)


def cmd_release(args: argparse.Namespace) -> int:
    from .outputs.releases import CHECKED_TO_DATES, SNAPSHOT_DIR, currency_claims, dumps, snapshot
    from .outputs.versions import freeze

    claims = currency_claims(args.summary or "")
    if claims:
        print(f"error: the summary says '{claims[0]}'; the legal content is {CHECKED_TO_DATES} (each matter's developments_to), so say that instead", file=sys.stderr)
        return 2
    root = args.kb or Path.cwd()
    kb = _load(root)
    reasons: dict[str, str] = {}
    if args.reasons:
        from .kb.diagnostics import DiagnosticError as _Bad
        from .outputs.releases import load_snapshots, read_reasons, reasons_for, since_last

        try:
            reasons, missing = reasons_for(since_last(kb, load_snapshots(root)), read_reasons(Path(args.reasons)))
        except _Bad as e:
            _print_problems(e)
            return 2
        if missing:
            print(f"error: {len(missing)} entries changed since the last release have no reason in {args.reasons}: "
                  + ", ".join(missing[:20]) + (", ..." if len(missing) > 20 else ""), file=sys.stderr)
            return 2
    snap = snapshot(kb, args.summary or "", reasons)
    path = root / SNAPSHOT_DIR / f"{kb.meta.version}.json"
    if path.exists():
        existing = json.loads(path.read_text(encoding="utf-8"))
        if existing["entries"] != snap["entries"]:
            print(f"error: {path} exists with other content; bump meta.version in taxonomy/meta.yaml for a new release", file=sys.stderr)
            return 1
        written = freeze(root, kb, only_missing=True)
        print(f"{path} is up to date" + (f"; wrote {', '.join(map(str, written))}" if written else ""))
        return 0
    written = freeze(root, kb)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(snap), encoding="utf-8")
    print(f"wrote {path} ({len(snap['entries'])} entries), {', '.join(map(str, written))}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unlearning-scope",
        description="What machine unlearning in generative AI can and cannot deliver: check the knowledge base, "
        "assess an aspiration, explain an entry, export the data.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'unlearning-scope COMMAND --help' for a command's options and examples.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    raw = argparse.RawDescriptionHelpFormatter
    kb_help = "knowledge-base root holding taxonomy/ and rules/ (default: the bundled one)"

    v = sub.add_parser("validate", help="check the knowledge base, exhaustively", description="Check every file: syntax, encoding, types, unknown keys, references, IDs, cycles; then compile the decision tables and prove on them, over the whole answer space, that every method gets exactly one verdict, no rules conflict, every rule and claim is reachable, the contract's invariants hold and every derived decision tree lost nothing when its branches were merged.", epilog=EPILOG_VALIDATE, formatter_class=raw)
    v.add_argument("kb_root", nargs="?", type=Path, metavar="KB_ROOT", help=kb_help)
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.add_argument("--quiet", "-q", action="store_true", help="print nothing when all is well")
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("evaluate", help="assess an answers file or permalink", description="Assess an aspiration, from an answers file, a permalink or a case: method verdicts, mismatches, claims, unknowns, what would change each verdict, and a citation. Results are looked up in the decision tables; a permalink is answered with the tables frozen with the version it names.", epilog=EPILOG_EVALUATE, formatter_class=raw)
    e.add_argument("answers", metavar="ANSWERS", nargs="?", help="answers file (YAML/JSON), '-' for standard input, or a permalink")
    e.add_argument("--case", metavar="CASE-ID", help="evaluate a case's answers instead (a real order, decision, filing or bill; see 'ids --kind case')")
    e.add_argument("--format", choices=["text", "json", "markdown", "docx"], default="text", help="text for people (default), json for scripts, markdown for a memo, docx for a Word document (needs --out)")
    e.add_argument("--out", metavar="FILE", help="write the result to FILE instead of standard output ('-' for standard output; required with --format docx)")
    e.add_argument("--detail", choices=["short", "full"], default="short",
                    help="short (default): the answer, the facts assumed, each verdict and the claims, each said once; "
                         "full: also every condition, caveat and what would change each verdict")
    e.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size of the Word memo (--format docx): a4 (default) or letter")
    e.add_argument("--kb", type=Path, help=kb_help)
    e.add_argument("--kb-version", metavar="VERSION", help="evaluate with the decision tables frozen with this release (default: the version a permalink names, else the current one)")
    e.add_argument("--site-url", help="site address used in permalinks (default: the knowledge base's site_url)")
    e.set_defaults(func=cmd_evaluate)

    cp = sub.add_parser("compare", help="what two versions conclude differently for one answers file", description="Evaluate one answers file with two versions' decision tables and list every method verdict, mismatch and claim that differs.", epilog=EPILOG_COMPARE, formatter_class=raw)
    cp.add_argument("answers", metavar="ANSWERS", help="answers file (YAML/JSON), '-' for standard input, or a permalink (which names the version to compare from)")
    cp.add_argument("--from", dest="from_version", metavar="VERSION", help="the older version (default: the one a permalink names)")
    cp.add_argument("--to", dest="to_version", metavar="VERSION", help="the newer version (default: the current one)")
    cp.add_argument("--format", choices=["text", "json"], default="text")
    cp.add_argument("--exit-code", action="store_true", help="exit 1 when the versions differ (for scripts)")
    cp.add_argument("--kb", type=Path, help=kb_help)
    cp.set_defaults(func=cmd_compare)

    a = sub.add_parser("ask", help="answer the questionnaire in the terminal", description="The questionnaire in a terminal: the same questions, options and help as the site; then the assessment.", epilog=EPILOG_ASK, formatter_class=raw)
    a.add_argument("--format", choices=["text", "json", "markdown", "docx"], default="text", help="as for evaluate; docx needs --out")
    a.add_argument("--out", metavar="FILE", help="write the result to FILE instead of standard output ('-' for standard output; required with --format docx)")
    a.add_argument("--detail", choices=["short", "full"], default="short",
                    help="short (default): the answer, the facts assumed, each verdict and the claims, each said once; "
                         "full: also every condition, caveat and what would change each verdict")
    a.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size of the Word memo (--format docx): a4 (default) or letter")
    a.add_argument("--save", metavar="FILE", help="also write the answers to FILE (YAML), for 'evaluate' later")
    a.add_argument("--kb", type=Path, help=kb_help)
    a.set_defaults(func=cmd_ask)

    x = sub.add_parser("explain", help="show one entry, where it comes from and what refers to it", description="Show any entry by ID with its provenance, what refers to it and, for a retired ID, its successor.", epilog=EPILOG_EXPLAIN, formatter_class=raw)
    x.add_argument("id", metavar="ID")
    x.add_argument("--format", choices=["text", "json"], default="text")
    x.add_argument("--kb", type=Path, help=kb_help)
    x.set_defaults(func=cmd_explain)

    o = sub.add_parser("export", help="write the knowledge base as JSON, JSON Schema, CSV and BibTeX", description="Export the knowledge base.", epilog=EPILOG_EXPORT, formatter_class=raw)
    o.add_argument("--out", default="dist", help="output folder (default: dist)")
    o.add_argument("--kb", type=Path, help=kb_help)
    o.set_defaults(func=cmd_export)

    ck = sub.add_parser("check", help="find unlearning-like passages in a text and propose answers", description="Check a text (a bill, guidance, a contract clause, a complaint, terms of service) for passages that ask for, promise or rely on unlearning.", epilog=EPILOG_CHECK, formatter_class=raw)
    ck.add_argument("file", metavar="FILE", help="a .txt, .md, .html, .docx or .pdf file, or '-' for standard input (a web page is read as a browser shows it: its visible text, one block a line)")
    ck.add_argument("--format", choices=["text", "json", "markdown", "docx"], default="text", help="text for people (default), json for scripts (schema/check.schema.json), markdown for a memo, docx for a review in Word (needs --out): a .docx draft comes back with a comment on each flagged passage, another text as a Word report")
    ck.add_argument("--out", metavar="FILE", help="with --format docx: the Word file to write ('-' for standard output); nothing is written when the draft cannot be reviewed")
    ck.add_argument("--thorough", action="store_true", help="flag more: the word score at its lower threshold, chosen to find 85 in 100 of the corpus's passages (leave one document out), at the cost of more false alarms; for a review that must not miss a passage")
    ck.add_argument("--answers", metavar="FILE", help="also write the proposed answers file (YAML, evidence in comments) to FILE, for 'evaluate'")
    ck.add_argument("--kb", type=Path, help=kb_help)
    ck.add_argument("--site-url", help="site address used in permalinks (default: the knowledge base's site_url)")
    ck.set_defaults(func=cmd_check)

    b = sub.add_parser("build", help="build the site from the knowledge base", description="Build the whole site: every entry a page, citable decision trees, offline.", epilog=EPILOG_BUILD, formatter_class=raw)
    b.add_argument("--out", type=Path, help="output folder (default: build/site in the checkout)")
    b.add_argument("--site-url", help="the address the site will be read at (default: the knowledge base's site_url; none gives relative links only)")
    b.add_argument("--project", type=Path, help="the checkout (default: the current folder or the nearest parent with mkdocs.yml)")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change", description="Build the site and serve it locally, rebuilding when the knowledge base or site sources change.", epilog=EPILOG_SERVE, formatter_class=raw)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    sv.add_argument("--out", type=Path, help="output folder (default: build/site in the checkout)")
    sv.add_argument("--project", type=Path, help="the checkout (default: the current folder or the nearest parent with mkdocs.yml)")
    sv.set_defaults(func=cmd_serve)

    rl = sub.add_parser("release", help="record a release snapshot for the changelog", description="Record the digest of every entry for the current version.", epilog=EPILOG_RELEASE, formatter_class=raw)
    rl.add_argument("--summary", help="one sentence on what the release brings")
    rl.add_argument("--reasons", metavar="FILE", help="YAML naming why each entry was added, changed or retired since the last release "
                    "(reasons: [{ids: [ID or glob], reason: text}]); every such entry needs one, and the changelog shows them")
    rl.add_argument("--kb", type=Path, help="knowledge-base root (default: the current folder)")
    rl.set_defaults(func=cmd_release)

    i = sub.add_parser("ids", help="list every ID with its label and status", description="The ID registry: every live ID and every retired one with its successor.", epilog=EPILOG_IDS, formatter_class=raw)
    i.add_argument("--format", choices=["text", "json", "tsv"], default="text")
    i.add_argument("--kind", help="only this kind (claim, rule, tree, mismatch, method, case, ...)")
    i.add_argument("--kb", type=Path, help=kb_help)
    i.set_defaults(func=cmd_ids)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (AnswersError, VersionError) as e:  # malformed answers or permalink; a version never released
        _print_problems(e)
        return 2
    except DiagnosticError as e:  # the knowledge base does not load
        _print_problems(e)
        return 1
    except (InconsistentKnowledgeBase, OutError) as e:  # rules that conflict (1); an output that cannot be written (2)
        print(f"error: {e}", file=sys.stderr)
        return 1 if isinstance(e, InconsistentKnowledgeBase) else 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
