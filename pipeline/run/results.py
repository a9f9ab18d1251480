""":mod:`pipeline.run.results`: What a run makes of each input: a document's rows, a failure row, or a duplicate."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors.registry import ExtractorInfo
from pipeline.errors import W_DUPLICATE, CircularError, SchemaError
from pipeline.run.cache import CachedDocument, ResultCache
from pipeline.run.inputs import printable_path
from pipeline.run.storage import spool_lines
from schemas import FailureRow, IssueRow


@dataclass
class DocumentResult:
    """Everything one circular produced: its rows per table and its texts.

    The rows are row objects (``tables``, as an in-memory run keeps them) or, in a
    run into OUT, the spool's JSON lines (``lines``), made once where the document
    was made and then cached, sent to the writer and spooled as they are (:func:`spooled`).
    """

    doc_id: str
    source_path: str
    tables: dict[str, list] = field(default_factory=dict)
    clean_text: str = ""
    source_text: str = ""
    digest: str = ""  # sha256 of the input bytes
    reused: bool = False  # carried over unchanged from the previous run
    cached: bool = False  # already written to the result cache (by the worker that made it)
    lines: dict[str, list[str]] = field(default_factory=dict)  # the rows as the spool's JSON lines

    def count(self, table: str) -> int:
        """How many rows ``table`` has: ``result.count("tasks")``."""
        return len(self.lines.get(table, ())) if self.lines else len(self.tables.get(table, ()))


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
        return sum(d.count("tasks") for d in self.documents)


def spooled(result: DocumentResult) -> DocumentResult:
    """``result`` with its rows as the spool's JSON lines, each checked against its contract, and no row objects.

    Raises:
        SchemaError: a row breaks its table's contract.
    """
    if result.lines or not result.tables:
        return result
    lines = {name: spool_lines(name, rows) for name, rows in result.tables.items()}
    return dataclasses.replace(result, tables={}, lines=lines)


def stored(path: str | os.PathLike, result: DocumentResult, cache: ResultCache) -> DocumentResult | FailureRow:
    """``result`` :func:`spooled` and put into ``cache`` (where it was made: a pool worker; else the parent), or
    the document's ``E_SCHEMA`` failure when a row breaks its contract (a bug in an extractor: this document
    fails, not the run)."""
    try:
        result = spooled(result)
    except SchemaError as exc:
        return failure_row(path, exc)
    if result.digest and not (result.reused or result.cached):
        cache.put(result.digest, cached_document(result))
        result.cached = True
    return result


def cached_document(result: DocumentResult) -> CachedDocument:
    return CachedDocument(result.doc_id, spooled(result).lines, result.clean_text, result.source_text)


def from_cache(path: Path, digest: str, cached: CachedDocument) -> DocumentResult:
    return DocumentResult(cached.doc_id, printable_path(path), lines=cached.lines, clean_text=cached.clean_text,
                          source_text=cached.source_text, digest=digest, reused=True)


def failure_row(path: str | os.PathLike, error: CircularError) -> FailureRow:
    """The failure row of ``error`` at ``path``: the path as recorded, the reason on one printable line."""
    reason = " ".join(str(error).split()).encode("utf-8", "backslashreplace").decode("utf-8")
    return FailureRow(printable_path(path), error.code, reason)
