""":mod:`pipeline.run.results`: What a run makes of each input: a document's rows, a failure row, or a duplicate."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors.registry import ExtractorInfo
from pipeline.errors import W_DUPLICATE, CircularError
from pipeline.run.cache import CachedDocument
from pipeline.run.inputs import printable_path
from schemas import FailureRow, IssueRow


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


def cached_document(result: DocumentResult) -> CachedDocument:
    return CachedDocument(result.doc_id, result.tables, result.clean_text, result.source_text)


def from_cache(path: Path, digest: str, cached: CachedDocument) -> DocumentResult:
    return DocumentResult(cached.doc_id, printable_path(path), cached.tables, cached.clean_text, cached.source_text,
                          digest, reused=True)


def failure_row(path: str | os.PathLike, error: CircularError) -> FailureRow:
    """The failure row of ``error`` at ``path``: the path as recorded, the reason on one printable line."""
    reason = " ".join(str(error).split()).encode("utf-8", "backslashreplace").decode("utf-8")
    return FailureRow(printable_path(path), error.code, reason)
