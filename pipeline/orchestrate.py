""":mod:`pipeline.orchestrate`: The one module that knows the stage order: read → normalise → segment → extract."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from extractors.documents import text_to_fields
from extractors.registry import ExtractorInfo
from pipeline import normalise
from pipeline.document import Circular, Source
from pipeline.errors import CircularError, ReadError, SettingsError, TooLarge
from pipeline.readers import FORMATS, NOT_YET_READ, read_path
from pipeline.segment import text_to_segments
from pipeline.settings import Settings
from pipeline.storage import PreviousRun
from schemas import FailureRow, IssueRow

#: What a Circular offers the extractors (their ``requires`` must name these).
CIRCULAR_PROVIDES = frozenset({"text", "offsets", "source", "sections", "tasks", "fields"})


@dataclass
class DocumentResult:
    """Everything one circular produced: its rows per table and its texts."""

    doc_id: str
    source_path: str
    tables: dict[str, list] = field(default_factory=dict)
    clean_text: str = ""
    source_text: str = ""
    digest: str = ""  # sha256 of the input bytes
    reused: bool = False  # carried over unchanged from the previous run


@dataclass
class RunResult:
    documents: list[DocumentResult]
    failures: list[FailureRow]
    extractors: list[ExtractorInfo]
    seconds: float
    fingerprint: str = ""

    @property
    def n_tasks(self) -> int:
        return sum(len(d.tables.get("tasks", ())) for d in self.documents)


def check_extractors(infos: list[ExtractorInfo]) -> None:
    """Every extractor's ``requires`` is something the Circular provides (spaCy's ``validate_attrs``).

    Raises:
        SettingsError: an extractor needs what nothing provides.
    """
    for info in infos:
        missing = set(info.requires) - CIRCULAR_PROVIDES
        if missing:
            raise SettingsError(f"extractor {info.versioned_name} requires {sorted(missing)}, which nothing provides")


def doc_id_of(source: Source) -> str:
    """A stable id from the content: the first 16 hex digits of the input's sha256."""
    digest = source.digest or hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return digest[:16]


def source_to_circular(source: Source, *, settings: Settings | None = None) -> Circular:
    """Normalise and segment a read source; fill the document fields the extractors rely on."""
    settings = settings or Settings()
    tracked = normalise.source_to_tracked(source.text, opencc_config=settings.opencc_config)
    sections, tasks = text_to_segments(tracked.text)
    return Circular(
        doc_id=doc_id_of(source),
        source=source,
        text=tracked.text,
        offsets=tracked.origin,
        script=normalise.detect_script(source.text),
        sections=sections,
        tasks=tasks,
        fields=text_to_fields(tracked.text),
    )


def circular_to_rows(circular: Circular, infos: list[ExtractorInfo]) -> dict[str, list]:
    """Run each extractor over ``circular``; one list of rows per table, plus its ``issues``."""
    tables = {info.name: list(info.func(circular)) for info in infos}
    issues = [IssueRow(circular.doc_id, code, message, None, None) for code, message in circular.source.warnings]
    issues += [
        IssueRow(circular.doc_id, "W_DATE_AMBIGUOUS", f"'{row.text}' read as {row.date_end}", row.char_start, row.char_end)
        for row in tables.get("dates", ())
        if row.ambiguous
    ]
    if not circular.tasks:
        issues.append(IssueRow(circular.doc_id, "W_NO_TASKS", "no enumerated items or task table found", None, None))
    tables["issues"] = issues
    return tables


def process_source(source: Source, infos: list[ExtractorInfo], settings: Settings) -> DocumentResult:
    circular = source_to_circular(source, settings=settings)
    return DocumentResult(
        circular.doc_id, source.path, circular_to_rows(circular, infos), circular.text, source.text, source.digest
    )


def _walk(folder: Path) -> Iterator[Path]:
    """Document files under ``folder``, depth first with an explicit stack (no recursion limit),
    never following symlinked folders; a broken or looping link with a document name is kept so
    that it is reported rather than skipped."""
    wanted = FORMATS.keys() | NOT_YET_READ.keys()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in wanted and _file_or_broken_link(entry):
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def _file_or_broken_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:  # a symbolic link that loops
        return entry.is_symlink()


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and document files under named folders (recursive, sorted)."""
    seen: set[str] = set()
    for path in paths:
        for p in sorted(_walk(path)) if path.is_dir() else [path]:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                yield p


def process_path(path: Path, infos: list[ExtractorInfo], settings: Settings) -> DocumentResult | FailureRow:
    """One input to its rows, or to a failure row naming the reason; never raises for bad input."""
    try:
        if path.is_symlink() and not path.exists():
            raise ReadError("broken or looping symbolic link")
        if not path.exists():
            raise ReadError("no such file")
        if path.stat().st_size > settings.max_input_bytes:
            raise TooLarge(f"file is larger than max_input_bytes={settings.max_input_bytes}")
        return process_source(read_path(path), infos, settings)
    except CircularError as exc:
        return FailureRow(str(path), exc.code, _one_line(str(exc)))
    except OSError as exc:
        return FailureRow(str(path), "E_IO", _one_line(f"{type(exc).__name__}: {exc.strerror or exc}"))
    except Exception as exc:  # a bug in gongwen must not take the batch down
        return FailureRow(str(path), "E_INTERNAL", _one_line(f"{type(exc).__name__}: {exc}"))


def _one_line(reason: str) -> str:
    return " ".join(reason.split())


@functools.cache
def _worker_extractors(names: tuple[str, ...]) -> list[ExtractorInfo]:
    return extractors.load(names)


def _process_in_worker(path: str, settings: Settings) -> DocumentResult | FailureRow:
    """``process_path`` in a pool process, which loads the extractors once."""
    return process_path(Path(path), _worker_extractors(settings.extractors), settings)


def worker_count(settings: Settings, n_inputs: int) -> int:
    """Processes to use: ``settings.workers`` (0 = every core), never more than there are inputs."""
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, n_inputs))


def fingerprint(settings: Settings, infos: list[ExtractorInfo], version: str) -> str:
    """What must be unchanged for a document's rows to be reused: gongwen, extractors and settings."""
    data = json.dumps([version, [i.versioned_name for i in infos], settings.as_dict()], sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _reuse(path: Path, previous: PreviousRun, print_: str) -> DocumentResult | None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    found = previous.reusable(str(path), digest, print_)
    if found is None:
        return None
    doc_id, tables, clean, source = found
    return DocumentResult(doc_id, str(path), tables, clean, source, digest, reused=True)


def _results(
    paths: list[Path], infos: list[ExtractorInfo], settings: Settings, previous: PreviousRun | None, print_: str
) -> Iterator[tuple[Path, DocumentResult | FailureRow]]:
    """Results in input order: reused from ``previous``, or made here or in a pool of worker processes."""
    reused = {p: r for p in paths if previous and (r := _reuse(p, previous, print_)) is not None}
    todo = [p for p in paths if p not in reused]
    workers = worker_count(settings, len(todo))
    if workers == 1:
        made = (process_path(path, infos, settings) for path in todo)
        yield from ((p, reused[p] if p in reused else next(made)) for p in paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        made = pool.map(_process_in_worker, map(str, todo), itertools.repeat(settings), chunksize=4)
        yield from ((p, reused[p] if p in reused else next(made)) for p in paths)


def run(
    paths: Iterable[Path],
    *,
    settings: Settings | None = None,
    on_result: Callable[[Path, DocumentResult | FailureRow], None] | None = None,
    previous: PreviousRun | None = None,
    version: str = "",
) -> RunResult:
    """Process every input (in parallel with ``settings.workers``); failures become rows, never exceptions.

    Results come back in input order whatever the number of workers, so the
    tables of a parallel run equal those of a single-process run. With
    ``previous``, an input whose path, bytes and :func:`fingerprint` are
    unchanged keeps its rows instead of being processed again.
    """
    settings = settings or Settings()
    infos = extractors.load(settings.extractors)
    check_extractors(infos)
    started = time.perf_counter()
    documents: list[DocumentResult] = []
    failures: list[FailureRow] = []
    done: set[str] = set()
    print_ = fingerprint(settings, infos, version)
    for path, result in _results(list(iter_inputs(paths)), infos, settings, previous, print_):
        if isinstance(result, DocumentResult) and result.doc_id in done:
            result = FailureRow(str(path), "E_DUPLICATE", f"same content as an earlier input (doc_id {result.doc_id})")
        if isinstance(result, DocumentResult):
            done.add(result.doc_id)
            documents.append(result)
        else:
            failures.append(result)
        if on_result:
            on_result(path, result)
    return RunResult(documents, failures, infos, time.perf_counter() - started, print_)
