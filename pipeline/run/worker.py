""":mod:`pipeline.run.worker`: One input to its result, in whatever process the engine runs it.

:func:`process_path` turns every problem with the input into a failure row
(never an exception); :func:`process_one` adds the time limit, and stores a
finished document in the cache from the worker itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.registry import ExtractorInfo
from pipeline.chain import circular_to_rows, source_to_circular, stages_for
from pipeline.errors import CircularError, InputIOError, InternalError, ReadError, TimedOut, TooLarge
from pipeline.ingest.readers import read_path
from pipeline.run.inputs import printable_path
from pipeline.run.results import DocumentResult, failure_row, stored
from schemas import FailureRow

if TYPE_CHECKING:
    from pipeline.settings import Settings


def process_path(
    path: Path, infos: list[ExtractorInfo], settings: Settings, data: bytes | None = None, digest: str | None = None
) -> DocumentResult | FailureRow:
    """One input (read from ``path``, or its bytes ``data``) to its rows, or to a failure row naming
    the reason; never raises for bad input. ``digest``: the sha256 the run found for the input, if
    it hashed it already (:mod:`pipeline.run.inputs`)."""
    try:
        return _document(path, infos, settings, data, digest)
    except CircularError as exc:
        return failure_row(path, exc)
    except MemoryError:
        return failure_row(path, TooLarge(f"needed more memory than max_memory_bytes={settings.max_memory_bytes}"))
    except OSError as exc:
        return failure_row(path, InputIOError(f"{type(exc).__name__}: {exc.strerror or exc}"))
    except Exception as exc:  # a bug in gongwen must not take the batch down
        return failure_row(path, InternalError(f"{type(exc).__name__}: {exc}"))


def _document(path: Path, infos: list[ExtractorInfo], settings: Settings, data: bytes | None,
              digest: str | None) -> DocumentResult:
    """:func:`process_path` for an input that can be read: the checks on the file, the reader, the chain."""
    if data is None:
        if path.is_symlink() and not path.exists():
            raise ReadError("broken or looping symbolic link")
        if not path.exists():
            raise ReadError("no such file")
    size = len(data) if data is not None else path.stat().st_size
    if size > settings.max_input_bytes:
        raise TooLarge(f"file is larger than max_input_bytes={settings.max_input_bytes}")
    source = read_path(path, data, settings.read_options(), digest=digest)
    source = dataclasses.replace(source, path=printable_path(path))
    circular = source_to_circular(source, opencc_config=settings.opencc_config, stages=stages_for(infos))
    return DocumentResult(circular.doc_id, source.path, circular_to_rows(circular, infos), circular.text, source.text,
                          source.digest)


def process_one(path: str, settings: Settings, data: bytes | None = None, cache=None, digest: str | None = None):
    """:func:`process_path` under the time limit, with the extractors loaded once per
    process; a document made is stored in ``cache`` here, in the worker, so the parent process (which
    writes the tables) does not serialise that work."""
    try:
        with time_limit(settings.time_limit):
            result = process_path(Path(path), _extractors(settings.extractors), settings, data=data, digest=digest)
    except _Deadline:
        return timeout_row(path, settings)
    if isinstance(result, FailureRow) and result.reason.startswith("SystemError") and _memory_capped():
        # under the cap, C code (PDFium) fails an allocation as "SystemError: error return without exception set"
        return failure_row(path, TooLarge(f"ran out of memory under max_memory_bytes ({result.reason})"))
    if cache is not None and isinstance(result, DocumentResult):  # a run into OUT: its rows as they will be spooled
        return stored(path, result, cache)
    return result


@functools.cache
def _extractors(names: tuple[str, ...]):
    import extractors

    return extractors.load(names)


def timeout_row(path: str, settings: Settings) -> FailureRow:
    """The failure row of a document stopped at the time limit."""
    return failure_row(path, TimedOut(f"took longer than the time limit of {settings.time_limit:g} s"))


class _Deadline(BaseException):
    """Raised by the alarm inside a document's work; a BaseException so readers' ``except Exception`` lets it pass."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`_Deadline` after ``seconds`` (no limit when 0, or off the main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_cap(max_bytes: int) -> Iterator[None]:
    """:func:`limit_memory` for the block only: the previous limit comes back after it."""
    import resource

    previous = resource.getrlimit(resource.RLIMIT_DATA)
    limit_memory(max_bytes)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, previous)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's heap (``RLIMIT_DATA``: malloc and anonymous mmap) at ``max_bytes`` more than it
    holds now; 0 = no cap.

    An allocation over the cap raises MemoryError in Python code (or fails in C
    code), which fails the document rather than the machine. The cap counts from
    the data segment the process has (:func:`data_segment`): a forked pool worker
    inherits its parent's, which one Parquet read with pyarrow makes 1.2 GB (its
    allocator's reservations), and a cap counted from zero left OCR too little
    to load its models (a scan read after ``pipeline.api.load`` found no text).
    """
    import resource

    if max_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = data_segment() + max_bytes
        resource.setrlimit(resource.RLIMIT_DATA, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def data_segment() -> int:
    """This process's data segment in bytes (``VmData``, what ``RLIMIT_DATA`` counts), 0 where /proc has none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _memory_capped() -> bool:
    """Whether this process runs under a heap cap (``RLIMIT_DATA``), as pool workers do."""
    import resource

    return resource.getrlimit(resource.RLIMIT_DATA)[0] != resource.RLIM_INFINITY
