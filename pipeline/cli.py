""":mod:`pipeline.cli`: The ``gongwen`` command line: run the pipeline, check it against gold, show results.

Exit codes: 0 success; 1 some inputs failed (``run``) or a floor was missed
(``check``); 2 bad usage or settings; 3 the output could not be written (disk
full, permissions, another run writing to the same folder) — the previous
output is then unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

# Arrow's default allocator (mimalloc) keeps freed pages, so a run's peak grew with
# the batch (×1.42 from 100 to 1,000 documents); the system allocator returns them
# (×1.16). Set before anything imports pyarrow; an explicit choice is respected.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import schemas
from pipeline import __version__
from pipeline.errors import CircularError, Interrupted, NoInputs, OutputBusy, SettingsError
from pipeline.ingest.readers import OCR_MODES, PDF_ENGINES
from pipeline.settings import ENGINES, Settings

EXIT_INPUT_FAILED = 1
EXIT_OUTPUT_FAILED = 3


class OutputFailed(click.ClickException):
    """The output folder could not be written (disk full, another run busy): exit status 3."""

    exit_code = EXIT_OUTPUT_FAILED


def _pyproject_settings(start: Path) -> tuple[Path | None, dict]:
    """The nearest pyproject.toml at or above ``start`` and its ``[tool.gongwen]`` (None and empty when none)."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                return candidate, tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool", {}).get("gongwen", {})
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError):
                return candidate, {}
    return None, {}


@click.group()
@click.version_option(version=__version__, package_name="gongwen")
def cli() -> None:
    """gongwen: turn Chinese government work-plan circulars into clean, queryable tables."""


MB = 1024 * 1024


@dataclass(frozen=True)
class SettingOption:
    """An option of ``gongwen run`` that sets one :class:`Settings` field. It has no default of its
    own: left out, the project file's value or Settings' default holds, and ``{default}`` in its
    help is that default, in the option's unit (``--max-input-mb``: ``100``)."""

    field: str
    flags: tuple[str, ...]
    help: str
    type: click.ParamType | None = None
    metavar: str | None = None
    per_unit: int = 1  # Settings units in one of the option's: bytes per MB for the --max-*-mb options

    def default(self) -> str:
        value = getattr(Settings(), self.field)
        return f"{value / self.per_unit:g}" if isinstance(value, (int, float)) else str(value)

    def setting(self, value: Any) -> Any:
        """The option's value as the Settings field takes it (``--max-input-mb 1.5`` → 1572864 bytes)."""
        return value if value is None or self.per_unit == 1 else int(value * self.per_unit)

    def option(self):
        return click.option(*self.flags, self.field, type=self.type, metavar=self.metavar,
                            help=self.help.format(default=self.default()))


#: The options of ``gongwen run`` that set Settings, in the order ``--help`` lists them.
#: ``max_chars`` has none: only a project file or the API sets it.
RUN_SETTINGS = (
    SettingOption("extractors", ("--extractors",), "Comma-separated extractors to run (default: all)."),
    SettingOption("opencc_config", ("--opencc-config",), "OpenCC conversion, e.g. t2s, tw2s, hk2s (default {default})."),
    SettingOption("workers", ("-w", "--workers"), "Worker processes (default: every core).", click.IntRange(min=0)),
    SettingOption("engine", ("--engine",), "Where documents are processed (default {default}: a process pool of "
                  "--workers for a batch, this process for one file).", click.Choice(ENGINES)),
    SettingOption("scheduler", ("--scheduler",), "Run on a dask.distributed cluster, e.g. tcp://10.0.0.5:8786.",
                  metavar="ADDRESS"),
    SettingOption("time_limit", ("--time-limit",), "Fail a document that takes longer (default {default}; 0 = no limit).",
                  click.FloatRange(min=0), metavar="SECONDS"),
    SettingOption("max_input_bytes", ("--max-input-mb",), "Refuse input files larger than this (default {default}).",
                  click.FloatRange(min=0), per_unit=MB),
    SettingOption("max_pages", ("--max-pages",), "Refuse PDFs with more pages (default {default}).", click.IntRange(min=1)),
    SettingOption("max_unzipped_bytes", ("--max-unzipped-mb",),
                  "Refuse DOCX packages that inflate to more (default {default}; zip bombs).",
                  click.FloatRange(min=0), per_unit=MB),
    SettingOption("max_zip_ratio", ("--max-zip-ratio",),
                  "Refuse DOCX packages over 10 MB that inflate more times (default {default}).", click.FloatRange(min=1)),
    SettingOption("pdf_engine", ("--pdf-engine",), "Read PDFs with PDFium (fast) or pdfplumber/pdfminer "
                  "(default {default}); each falls back on the other.", click.Choice(PDF_ENGINES)),
    SettingOption("ocr", ("--ocr",), "PDF pages without a text layer (scans): auto = OCR them when gongwen[ocr] is "
                  "installed, off = fail as E_NEEDS_OCR, force = OCR every page (default {default}).",
                  click.Choice(OCR_MODES)),
    SettingOption("max_memory_bytes", ("--max-memory-mb",),
                  "Cap the memory each worker process may add to what it starts with (default {default}; 0 = none); "
                  "a document needing more fails.",
                  click.FloatRange(min=0), per_unit=MB),
)


def settings_options(command):
    """Decorate ``command`` with an option per :data:`RUN_SETTINGS`, listed in that order."""
    for setting in reversed(RUN_SETTINGS):
        command = setting.option()(command)
    return command


@cli.command(name="run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder.")
@settings_options
@click.option("--force", is_flag=True, help="Process every input again, even those unchanged since the last run.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def run_command(paths, out, force, quiet, debug, **options):
    """Process circulars (files or folders, recursively) into tables in OUT.

    Writes OUT/<table>.parquet and .csv for every table (gongwen query OUT
    --schema lists them), plus OUT/gongwen.duckdb, OUT/manifest.json and the
    normalised texts in OUT/text/. A file that cannot
    be read is reported on one line and recorded in the failures table; the
    rest of the batch still lands (exit status 1 then).

    The new output replaces the old one in a single step at the end, so a run
    that is stopped or killed leaves the previous output whole; the documents
    it finished are kept, and the next run does not process them again. A
    re-run reuses the rows of inputs whose bytes, gongwen version, extractors
    and settings are unchanged (--force processes everything); inputs no longer
    named drop out, so the tables equal those of a fresh run.

    Example:

    \b
        gongwen run corpus/seeds -o outputs/
        gongwen run a.txt b.pdf notices/ -o outputs/ --extractors documents,tasks,dates
        gongwen run big-folder/ -o outputs/ --workers 2 --time-limit 60
        gongwen run big-folder/ -o outputs/ --scheduler tcp://10.0.0.5:8786
    """
    from pipeline.run.batch import run_into
    from pipeline.run.inputs import printable_path
    from pipeline.run.results import DuplicateInput
    from pipeline.query import terminal_safe
    from schemas import FailureRow

    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(map(printable_path, missing))}")
    try:  # Arrow and DuckDB take file names as UTF-8 only
        os.fsencode(out.absolute()).decode("utf-8")
    except UnicodeDecodeError:
        raise click.UsageError(f"the output folder's name must be valid UTF-8: {printable_path(out)}") from None
    project, project_values = _pyproject_settings(Path.cwd())
    try:
        settings = Settings.resolve(
            Settings.from_project_file(project_values, printable_path(project)) if project_values else None,
            **{setting.field: setting.setting(options[setting.field]) for setting in RUN_SETTINGS},
        )
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from exc
    if project_values and not quiet:
        shown = ", ".join(f"{k} = {v!r}" for k, v in project_values.items())
        click.echo(f"gongwen: settings from {printable_path(project)}: {shown}", err=True)

    progress = _Progress(enabled=not quiet and sys.stderr.isatty() and "CI" not in os.environ)

    def report(path: Path, result) -> None:
        progress.advance()
        if isinstance(result, FailureRow):  # the path as recorded: printable, on one line
            progress.echo(f"gongwen: {result.source_path}: {result.code} {terminal_safe(result.reason)}")
        elif isinstance(result, DuplicateInput) and not quiet:
            progress.echo(f"gongwen: {result.source_path}: {result.issue().code} same bytes as {result.of}; read once")

    try:
        with progress, _terminate_raises():
            summary = run_into(out, paths, settings, version=_version(), force=force,
                               on_start=progress.start, on_result=report)
    except (Interrupted, KeyboardInterrupt) as exc:
        stopped = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
        click.echo(f"gongwen: {stopped}; {printable_path(out)} keeps its last complete output", err=True)
        sys.exit(stopped.exit_status)
    except OutputBusy as exc:
        raise OutputFailed(f"{out}: {exc}") from exc
    except (NoInputs, SettingsError) as exc:  # SettingsError: an --extractors module that registers none
        raise click.UsageError(str(exc)) from exc
    except CircularError as exc:
        if debug:
            raise
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the output could not be written: the previous output is still there
        if debug:
            raise
        raise OutputFailed(f"{out}: could not write the output ({exc.strerror or exc}); "
                           "the previous output is unchanged") from exc
    if not quiet:
        if summary.unchanged:
            click.echo(f"{summary.n_documents} documents unchanged, {summary.n_tasks} tasks; {out} left as it was")
        else:
            rate = summary.n_inputs / summary.seconds if summary.seconds else 0.0
            duplicates = f", {summary.n_duplicates} duplicates" if summary.n_duplicates else ""
            click.echo(
                f"{summary.n_documents} documents ({summary.n_reused} unchanged{duplicates}), {summary.n_tasks} tasks, "
                f"{len(summary.failures)} failed in {summary.seconds:.1f}s ({rate:.1f} documents/s) → {out}"
            )
    if summary.stale_report and not quiet:
        click.echo(f"gongwen: {summary.stale_report}", err=True)
    if summary.failures:
        sys.exit(EXIT_INPUT_FAILED)


@contextlib.contextmanager
def _terminate_raises():
    """SIGTERM raises :class:`Interrupted` while the block runs (as Ctrl-C raises KeyboardInterrupt),
    so a terminated run cleans up its snapshot instead of dying mid-write."""
    def terminate(signum, frame):
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Progress:
    """A rich progress bar (documents/s, ETA) on a terminal; nothing elsewhere (CI, pipes, --quiet)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                transient=True, console=_stderr_console(),
            )
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def start(self, total: int) -> None:
        if self._bar is not None:
            self._task = self._bar.add_task("gongwen run", total=total, rate="")

    def advance(self) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)
            speed = self._bar.tasks[0].speed
            self._bar.update(self._task, rate=f"{speed:.1f} docs/s" if speed else "")

    def echo(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _version() -> str:
    """gongwen's version, without asking importlib.metadata (15 ms of every start)."""
    return __version__


@cli.command(name="check")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files (ANNOTATION.md).")
@click.option("--min-f1", default="", help="Floors, e.g. tasks=0.95,departments=0.95,quotas=0.9,dates=0.9,fields=0.8")
@click.option("--diff/--no-diff", default=True, help="List what was missed and what was extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a JUnit XML report: one test case per document and table, failed below its floor.")
def check_command(out, gold_dir, min_f1, diff, as_json, junit_path):
    """Score an output folder against gold; exit 1 when a floor is missed.

    Per-document and total P/R/F1 for tasks, departments, quotas and dates,
    document-field accuracy, and a diff of missed and extra rows. The numbers
    are those of the judges' reference scorer (shared/eval/score.py, not in
    this repository; tests/reference/score_reference.py is the copy here).

    Example:

    \b
        gongwen check outputs/ --gold corpus/gold --min-f1 tasks=0.95,departments=0.95,quotas=0.9,dates=0.9
        gongwen check outputs/ --gold corpus/gold --min-f1 departments=0.9 --junit check.xml
    """
    from pipeline import evaluate

    try:
        floors = evaluate.parse_floors(min_f1)
        report = evaluate.score(evaluate.load_gold(gold_dir), evaluate.load_tables(out))
    except (ValueError, FileNotFoundError) as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _print_report(report, diff)
    if junit_path:
        from pipeline.junit import write_junit

        write_junit(report, floors, junit_path)
    problems = evaluate.below_floors(report, floors)
    for problem in problems:
        click.echo(f"FAIL {problem}", err=True)
    if problems:
        sys.exit(1)


#: Headings of ``gongwen check``'s score columns for table names wider than the column.
SCORE_HEADINGS = {"departments": "depts"}


def _print_report(report, diff: bool) -> None:
    from pipeline.evaluate import TABLES

    headings = " ".join(f"{SCORE_HEADINGS.get(k, k):>7}" for k in TABLES)
    click.echo(f"{'document':32} {headings}   (F1)")
    for name, totals in report.per_document.items():
        click.echo(f"{name[:32]:32} " + " ".join(f"{totals[k].f1:7.3f}" for k in TABLES))
    click.echo(f"{'TOTAL':32} " + " ".join(f"{report.totals[k].f1:7.3f}" for k in TABLES))
    for k in TABLES:
        s = report.totals[k]
        click.echo(f"  {k:12} P={s.p:.3f} R={s.r:.3f} F1={s.f1:.3f}  (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    acc = report.as_dict()
    click.echo(f"  quota qualifier acc={acc['quota_qualifier_acc']}  date kind acc={acc['date_kind_acc']}"
               f"  date start acc={acc['date_start_acc']}")
    click.echo(f"  document fields: {report.fields_accuracy()}")
    if diff and report.diffs:
        click.echo("\ndiff (missed = in gold only, extra = in output only):")
        for d in report.diffs:
            click.echo(f"  {d['what']:6} {d['table']:11} {d['document'][:24]:24} {str(d['task'])[:16]:16} {d['item']}")


@cli.command(name="show")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("doc")
@click.option("--table", default="tasks", type=click.Choice(schemas.SPAN_TABLES))
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of a table.")
def show_command(out, doc, table, as_csv):
    """Show one document's rows from an output folder; DOC is a doc_id (or its prefix), a source path or file name.

    By default: the document's title, issuer, number and year, then its tasks
    with their lead/support/responsible departments, dates and quotas. With
    --table, another table's rows; with --csv, the raw rows.

    Example:

    \b
        gongwen show outputs/ 002_7a1c
        gongwen show outputs/ corpus/seeds/002_7a1c7de3253825f7.txt --table departments
    """
    import pandas as pd

    from pipeline import api
    from pipeline import show as show_view

    from pipeline.report.stale import stale_note

    try:
        tables = show_view.terminal_safe_tables(api.load(out))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if note := stale_note(out):
        click.echo(f"gongwen: {note}", err=True)
    hit = show_view.select_documents(tables["documents"], doc)
    if hit.empty:
        raise click.ClickException(f"no document matches '{doc}' in {out}")
    if len(hit) > 1:  # a prefix of several: say which, rather than pick one
        click.echo(f"gongwen: '{doc}' matches {len(hit)} documents; give more of a doc_id or a path:", err=True)
        for match in hit.itertuples(index=False):
            click.echo(f"  {match.doc_id}  {match.source_path}  {match.title or ''}", err=True)
        sys.exit(2)
    rows = tables[table][tables[table]["doc_id"].isin(hit["doc_id"])]
    if as_csv:
        from pipeline.query import spreadsheet_safe

        click.echo(rows.map(spreadsheet_safe).to_csv(index=False), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    if table == "tasks":
        Console().print(*show_view.render(tables, doc))
        return

    view = Table(title=f"{table} of {', '.join(Path(p).name for p in hit['source_path'])}")
    columns = [c for c in rows.columns if c not in ("doc_id", "char_start", "char_end", "src_start", "src_end")]
    for column in columns:
        view.add_column(column, overflow="fold", max_width=40)
    for record in rows[columns].itertuples(index=False):
        view.add_row(*("" if pd.isna(v) else str(v) for v in record))
    Console().print(view)


@cli.command(name="query")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("sql", required=False)
@click.option("--schema", "show_schema", is_flag=True, help="List the tables and views and their columns.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="How to print the rows.")
def query_command(out, sql, show_schema, fmt):
    """Run one read-only SQL query over OUT/gongwen.duckdb and print the rows.

    Besides the tables there are two views: task_overview (one row per task
    with its document, lead/support/responsible departments, first deadline
    and quotas) and department_load (distinct tasks per department, role and
    year). Only SELECT is allowed; the database is opened read-only and cannot
    read or write other files.

    Example:

    \b
        gongwen query outputs/ --schema
        gongwen query outputs/ "SELECT name, tasks FROM department_load WHERE role = 'lead' LIMIT 10"
        gongwen query outputs/ "SELECT * FROM task_overview" --format csv > overview.csv
    """
    import duckdb

    from pipeline import query
    from pipeline.run.storage import DUCKDB_NAME

    db_path = out / DUCKDB_NAME
    if not db_path.is_file():
        raise click.ClickException(f"no {DUCKDB_NAME} in {out}; run `gongwen run ... -o {out}` first")
    if show_schema == bool(sql):
        raise click.UsageError("give either SQL or --schema")
    try:
        if show_schema:
            click.echo(query.format_schema(query.schema_of(db_path), fmt), nl=False)
            return
        with query.open_query(db_path, sql) as (columns, batches):  # rows stream: memory holds one batch
            query.write_rows(columns, batches, fmt, lambda text: click.echo(text, nl=False))
    except query.QueryRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.Error as exc:  # the whole message: DuckDB's hints ("Did you mean "tasks"?") are on later lines
        raise click.ClickException(str(exc).strip()) from exc


@cli.command(name="export")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Excel workbook to write.")
@click.option("--headers", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Column headers: column names, or Chinese (pipeline/data/headers_zh.toml).")
@click.option("--spacy", "spacy_path", type=click.Path(dir_okay=False, path_type=Path),
              help="spaCy DocBin to write: one Doc per circular with span groups (pip install 'gongwen[spacy]').")
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, path_type=Path),
              help='JSON lines {"text", "spans": [{"start", "end", "label"}]} for annotation tools.')
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path),
              help="iCalendar file: each dated task as an all-day event (pip install 'gongwen[calendar]').")
def export_command(out, xlsx_path, headers, spacy_path, jsonl_path, ics_path):
    """Write OUT's tables to an Excel workbook, spaCy documents, annotation JSONL or a calendar.

    The first sheet, overview, has one row per task (the task_overview view);
    then one sheet per table. Header rows are frozen and filterable, columns
    sized to their content, and dates are Excel dates (dates with an unknown
    year, XXXX-…, stay text).

    Example:

    \b
        gongwen export outputs/ --xlsx tasks.xlsx
        gongwen export outputs/ --xlsx 任务分工.xlsx --headers zh
        gongwen export outputs/ --spacy circulars.spacy --jsonl circulars.jsonl --ics deadlines.ics
    """
    from pipeline.run.storage import DUCKDB_NAME

    if not (xlsx_path or spacy_path or jsonl_path or ics_path):
        raise click.UsageError("give at least one of --xlsx, --spacy, --jsonl, --ics")
    db_path = out / DUCKDB_NAME
    if not db_path.is_file():
        raise click.ClickException(f"no {DUCKDB_NAME} in {out}; run `gongwen run ... -o {out}` first")
    if spacy_path or jsonl_path or ics_path:
        _export_research(out, db_path, spacy_path, jsonl_path, ics_path)
    if not xlsx_path:
        return
    try:
        from pipeline.export import db_to_xlsx

        counts = db_to_xlsx(db_path, xlsx_path, headers=headers)
    except ImportError as exc:
        raise click.ClickException(f"export needs openpyxl ({exc}); pip install openpyxl") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {xlsx_path}: {exc.strerror or exc}") from exc
    click.echo(f"{len(counts)} sheets, {counts.get('overview', 0)} tasks → {xlsx_path}")


def _export_research(out: Path, db_path: Path, spacy_path, jsonl_path, ics_path) -> None:
    """``export --spacy/--jsonl/--ics``: spaCy, jieba and icalendar are imported here only."""
    try:
        if ics_path:
            from pipeline.calendar import write_ics

            click.echo(f"{write_ics(db_path, ics_path, name=f'gongwen {out.name}')} deadlines → {ics_path}")
        if spacy_path or jsonl_path:
            from pipeline.spacy_doc import to_spacy, write_docbin, write_jsonl

            docs = list(to_spacy(out))
            for path, write in ((spacy_path, write_docbin), (jsonl_path, write_jsonl)):
                if path:
                    click.echo(f"{write(docs, path)} documents → {path}")
    except ImportError as exc:
        raise click.ClickException(f"this export needs {exc.name}: pip install 'gongwen[spacy,calendar]'") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write: {exc.strerror or exc}") from exc


@cli.command(name="report")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--site", type=click.Path(path_type=Path),
              help="Folder to write the site to (default: OUT/report). Replaced if it holds an earlier report.")
def report_command(out: Path, site: Path | None) -> None:
    """Build a static HTML report of an output folder; it works offline.

    index.html has charts (tasks per lead department, deadlines per month,
    quotas by unit, documents by issuer and year), the documents and any
    failures. Each document gets doc/<doc_id>.html: its normalised text with
    tasks, departments (by role), quotas and dates highlighted in place (hover
    for the normalised value) and a side table of its tasks linking into the
    text. Nothing is fetched from the network.

    Example:

    \b
        gongwen run corpus/seeds -o outputs/
        gongwen report outputs/                 # → outputs/report/index.html
        gongwen report outputs/ -o site/
    """
    from pipeline.errors import SiteRefused
    from pipeline.report.site import build_site
    from pipeline.report.stale import current_run

    try:
        summary = build_site(out, site)
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc}; run `gongwen run ... -o {out}` first") from exc
    except SiteRefused as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the report: {exc.strerror or exc}") from exc
    run = current_run(out)
    built = f" (run {run})" if run else ""
    click.echo(f"{summary.documents} documents, {summary.tasks} tasks, {summary.failures} failed{built} → {summary.index}")
