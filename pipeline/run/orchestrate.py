""":mod:`pipeline.run.orchestrate`: The one module that knows the stage order: read → normalise → segment → extract."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from extractors.documents import text_to_fields
from extractors.registry import ExtractorInfo
from pipeline.ingest import normalise
from pipeline.document import Circular, Source
from pipeline.run.cache import CachedDocument, ResultCache
from pipeline.errors import W_DUPLICATE, CircularError, OutsideInput, ReadError, SettingsError, TooLarge
from pipeline.ingest.readers import FORMATS, NOT_YET_READ, read_path
from pipeline.ingest.segment import W_STRUCTURE, structure_warnings, text_to_segments
from pipeline.settings import Settings
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
    cached: bool = False  # already written to the result cache (by the worker that made it)


@dataclass(frozen=True)
class DuplicateInput:
    """An input with the same bytes as an earlier one (``of``): not processed again, and recorded as a
    ``W_DUPLICATE`` issue of that document rather than as a failure."""

    source_path: str
    of: str
    digest: str

    def issue(self) -> IssueRow:
        return IssueRow(self.digest[:16], W_DUPLICATE, f"{self.source_path} has the same bytes as {self.of}; read once",
                        None, None)


Result = DocumentResult | FailureRow | DuplicateInput


@dataclass
class RunResult:
    documents: list[DocumentResult]
    failures: list[FailureRow]
    extractors: list[ExtractorInfo]
    seconds: float
    fingerprint: str = ""
    duplicates: list[DuplicateInput] = field(default_factory=list)

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
    issues += [IssueRow(circular.doc_id, W_STRUCTURE, m, start, end) for start, end, m in structure_warnings(circular.text)]
    tables["issues"] = issues
    return tables


def process_source(source: Source, infos: list[ExtractorInfo], settings: Settings) -> DocumentResult:
    circular = source_to_circular(source, settings=settings)
    return DocumentResult(
        circular.doc_id, source.path, circular_to_rows(circular, infos), circular.text, source.text, source.digest
    )


def cached_document(result: DocumentResult) -> CachedDocument:
    return CachedDocument(result.doc_id, result.tables, result.clean_text, result.source_text)


def _from_cache(path: Path, digest: str, cached: CachedDocument) -> DocumentResult:
    return DocumentResult(cached.doc_id, printable_path(path), cached.tables, cached.clean_text, cached.source_text,
                          digest, reused=True)


def _walk(folder: Path, skip: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Path]:
    """Document files under ``folder``, depth first with an explicit stack (no recursion limit),
    never following symlinked folders; a broken or looping link with a document name is kept so
    that it is reported rather than skipped. Output folders are not entered: those in ``skip``
    (``(st_dev, st_ino)``), any ``.gongwen`` state folder and any folder holding one or a report."""
    wanted = FORMATS.keys() | NOT_YET_READ.keys()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        if current is not folder and _is_output(current, entries, skip):
            continue
        subfolders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in wanted and _file_or_broken_link(entry):
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def _is_output(folder: Path, entries: list[os.DirEntry], skip: frozenset[tuple[int, int]]) -> bool:
    """Whether ``folder`` is gongwen's own: OUT (in ``skip``), its state folder, or a folder holding
    either (an earlier OUT) or a report site — read back, a run would take its own texts as input."""
    from pipeline.run.storage import REPORT_MARKER, STATE_DIR

    if folder.name == STATE_DIR or any(e.name in (STATE_DIR, REPORT_MARKER) for e in entries):
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in skip


def _file_or_broken_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:  # a symbolic link that loops
        return entry.is_symlink()


#: ``\\``, ``\n``, ``\xNN``, ``\uNNNN``, ``\UNNNNNNNN``: the escapes :func:`printable_path` writes.
RE_PATH_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable_path(path: str | os.PathLike) -> str:
    r"""``path`` as it is recorded (tables, manifest, cache, messages): unchanged when it is printable
    and holds no backslash, else escaped — a byte that is not UTF-8 (a GBK name from a Windows zip) as
    ``\xNN``, an unprintable character as ``\n``, ``\xNN`` or ``\uNNNN``, a backslash as ``\\``.
    Lossless: :func:`path_from_printable` gives the name back.

    >>> printable_path("通知.txt"), printable_path(os.fsdecode(b"\xd6\xd0.txt")), printable_path("a\nb")
    ('通知.txt', '\\xd6\\xd0.txt', 'a\\nb')
    """
    text = os.fsdecode(path)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape_char(ch) for ch in text)


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch.isprintable():
        return ch
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def path_from_printable(text: str) -> str:
    r"""The file name :func:`printable_path` recorded (``os.fsencode`` of it gives the original bytes).

    >>> name = os.fsdecode(b"\xd6\\.txt")
    >>> path_from_printable(printable_path(name)) == name
    True
    """
    def unescape(match: re.Match) -> str:
        escape = match.group(1)
        if escape[0] not in "xuU":
            return {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}[escape]
        code = int(escape[1:], 16)
        return chr(0xDC00 + code if escape[0] == "x" and code >= 0x80 else code)

    return RE_PATH_ESCAPE.sub(unescape, text) if "\\" in text else text


@dataclass(frozen=True)
class InputFile:
    """One input: a file named on the command line (``folder`` None) or found under a named folder."""

    path: Path
    folder: Path | None = None

    @property
    def leaves_folder(self) -> bool:
        """Whether a symbolic link found in ``folder`` points outside it (such links are not followed:
        a folder of circulars must not be a way to read ``/etc/passwd.txt``)."""
        if self.folder is None or not self.path.is_symlink():
            return False
        inside = os.path.realpath(self.folder)
        return os.path.commonpath([inside, os.path.realpath(self.path)]) != inside


def iter_inputs(paths: Iterable[Path], *, out: Path | None = None) -> Iterator[InputFile]:
    """Files named directly, and document files under named folders (recursive, sorted, never inside
    ``out`` or another output folder); each file once."""
    skip = frozenset()
    if out is not None and out.is_dir():
        info = out.stat()
        skip = frozenset({(info.st_dev, info.st_ino)})
    seen: set[str] = set()
    for path in paths:
        found = [InputFile(p, path) for p in sorted(_walk(path, skip))] if path.is_dir() else [InputFile(path)]
        for item in found:
            key = os.path.realpath(item.path)
            if key not in seen:
                seen.add(key)
                yield item


def process_path(
    path: Path, infos: list[ExtractorInfo], settings: Settings, data: bytes | None = None
) -> DocumentResult | FailureRow:
    """One input (read from ``path``, or its bytes ``data``) to its rows, or to a failure row naming
    the reason; never raises for bad input."""
    try:
        if data is None:
            if path.is_symlink() and not path.exists():
                raise ReadError("broken or looping symbolic link")
            if not path.exists():
                raise ReadError("no such file")
        size = len(data) if data is not None else path.stat().st_size
        if size > settings.max_input_bytes:
            raise TooLarge(f"file is larger than max_input_bytes={settings.max_input_bytes}")
        source = read_path(path, data, settings.read_options())
        return process_source(dataclasses.replace(source, path=printable_path(path)), infos, settings)
    except CircularError as exc:
        return _failure(path, exc.code, str(exc))
    except MemoryError:
        return _failure(path, "E_TOO_LARGE", f"needed more memory than max_memory_bytes={settings.max_memory_bytes}")
    except OSError as exc:
        return _failure(path, "E_IO", f"{type(exc).__name__}: {exc.strerror or exc}")
    except Exception as exc:  # a bug in gongwen must not take the batch down
        return _failure(path, "E_INTERNAL", f"{type(exc).__name__}: {exc}")


def _failure(path: str | os.PathLike, code: str, reason: str) -> FailureRow:
    """A failure row with the path as recorded and the reason on one printable line."""
    reason = " ".join(reason.split()).encode("utf-8", "backslashreplace").decode("utf-8")
    return FailureRow(printable_path(path), code, reason)


def worker_count(settings: Settings, n_inputs: int) -> int:
    """Processes to use: ``settings.workers`` (0 = every core), never more than there are inputs."""
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, n_inputs))


def fingerprint(settings: Settings, infos: list[ExtractorInfo], version: str) -> str:
    """What must be unchanged for a document's rows to be reused: gongwen, extractors and the
    settings that shape results (not workers, engine or time limit)."""
    data = json.dumps([version, [i.versioned_name for i in infos], settings.result_dict()], sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def file_digest(path: Path) -> str | None:
    """The sha256 of the file's bytes, or None when it cannot be read (the reader reports why)."""
    try:
        if not path.is_file():
            return None
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def results(
    inputs: list[InputFile],
    settings: Settings,
    *,
    cache: ResultCache | None = None,
    digests: dict[Path, str | None] | None = None,
    reuse: bool = True,
    idle: Callable[[], None] | None = None,
) -> Iterator[tuple[Path, Result]]:
    """One result per input, in input order: from ``cache`` when the bytes were done before, else made
    by the engine the settings choose (:mod:`pipeline.run.engines`). New results go into ``cache`` as they come,
    so a run that is killed keeps its finished documents (with ``reuse=False``, as ``--force`` asks,
    the cache is written but not read). An input with the same bytes as an earlier one is found
    before anything is processed: a :class:`DuplicateInput`, or the same failure if that one failed.
    ``idle`` is called once while a process pool finishes the last documents (:func:`pipeline.run.engines.processes`)."""
    from pipeline.run import engines

    if digests is None:
        digests = {i.path: file_digest(i.path) for i in inputs}
    ready: dict[Path, Result] = {}
    first: dict[str, Path] = {}  # digest -> the first input with those bytes
    for item in inputs:
        digest = digests.get(item.path)
        if item.leaves_folder:
            error = OutsideInput(f"symbolic link to {printable_path(os.path.realpath(item.path))}, "
                                 f"outside {printable_path(item.folder)}")
            ready[item.path] = _failure(item.path, error.code, str(error))
        elif digest and digest in first:
            ready[item.path] = DuplicateInput(printable_path(item.path), printable_path(first[digest]), digest)
        elif reuse and cache and digest and (hit := cache.get(digest, printable_path(item.path))):
            ready[item.path] = _from_cache(item.path, digest, hit)
        if digest and not item.leaves_folder:
            first.setdefault(digest, item.path)
    made = engines.results([i.path for i in inputs if i.path not in ready], settings, cache=cache, idle=idle)
    done: dict[str, str] = {}  # doc_id -> source path
    failed: dict[Path, FailureRow] = {}  # inputs that failed, for the inputs that repeat them
    for item in inputs:
        result = ready.pop(item.path, None) or next(made)
        if isinstance(result, DuplicateInput) and (original := failed.get(first.get(result.digest))):
            result = _failure(item.path, original.code, f"{original.reason} (the same bytes as {result.of})")
        if isinstance(result, FailureRow):  # engines name the path as given
            result = failed[item.path] = _failure(item.path, result.code, result.reason)
        if isinstance(result, DocumentResult) and not (result.reused or result.cached) and cache and result.digest:
            cache.put(result.digest, cached_document(result))
        if isinstance(result, DocumentResult) and result.doc_id in done:  # the file changed since it was hashed
            result = DuplicateInput(result.source_path, done[result.doc_id], result.digest or result.doc_id)
        if isinstance(result, DocumentResult):
            done[result.doc_id] = result.source_path
        yield item.path, result


def run(
    paths: Iterable[Path],
    *,
    settings: Settings | None = None,
    on_result: Callable[[Path, Result], None] | None = None,
    cache: ResultCache | None = None,
) -> RunResult:
    """Process every input and keep every result in memory; failures become rows, never exceptions.

    Results come back in input order whatever the engine and the number of
    workers, so the tables of a parallel run equal those of a single-process
    run. For runs that write an output folder, :func:`pipeline.run.batch.run_into`
    streams instead.
    """
    settings = settings or Settings()
    infos = extractors.load(settings.extractors)
    check_extractors(infos)
    started = time.perf_counter()
    found: dict[type, list] = {DocumentResult: [], FailureRow: [], DuplicateInput: []}
    for path, result in results(list(iter_inputs(paths)), settings, cache=cache):
        found[type(result)].append(result)
        if on_result:
            on_result(path, result)
    return RunResult(found[DocumentResult], found[FailureRow], infos, time.perf_counter() - started,
                     duplicates=found[DuplicateInput])
