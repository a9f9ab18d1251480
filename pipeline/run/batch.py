""":mod:`pipeline.run.batch`: A run into an output folder — cache, engine and writer put together.

``gongwen run`` is this function::

    summary = run_into(Path("outputs"), [Path("corpus/seeds")], settings, version="0.3.0")

Documents stream from the engine into an :class:`~pipeline.run.storage.OutputWriter`
(memory does not grow with the batch) and into the result cache (a killed run
keeps what it finished); the new output becomes current in one atomic step
at the end. When every input is unchanged since the last run, nothing is
processed and nothing is written.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extractors
from pipeline.run.cache import ResultCache
from pipeline.run.orchestrate import (
    DocumentResult, DuplicateInput, Result, check_extractors, file_digest, fingerprint, iter_inputs, printable_path,
    results,
)
from pipeline.errors import Interrupted, NoDocuments, NoInputs
from pipeline.report.stale import mark_stale
from pipeline.settings import Settings
from pipeline.run.storage import OutputWriter, has_output, load_writer_modules, lock_output, read_manifest, tidy
from schemas import FailureRow

OnResult = Callable[[Path, Result], None]


@dataclass
class RunSummary:
    """What a run did, for the one-line report and the exit status."""

    out: Path
    n_inputs: int = 0
    n_documents: int = 0
    n_reused: int = 0
    n_tasks: int = 0
    n_duplicates: int = 0  # inputs with the same bytes as an earlier one: read once
    failures: list[FailureRow] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: bool = False  # nothing to do: the output was left as it was
    stale_report: str | None = None  # OUT/report shows an earlier run (its pages now say so)


def _entry(result: Result) -> dict[str, Any]:
    """The manifest's account of one input."""
    if isinstance(result, FailureRow):
        return {"path": result.source_path, "status": "failed", "code": result.code, "reason": result.reason}
    if isinstance(result, DuplicateInput):
        return {"path": result.source_path, "sha256": result.digest, "status": "duplicate", "of": result.of}
    return {"path": result.source_path, "doc_id": result.doc_id, "sha256": result.digest,
            "status": "unchanged" if result.reused else "processed", "tasks": len(result.tables.get("tasks", ()))}


def _nothing_changed(out: Path, print_: str, digests: dict[Path, str | None]) -> bool:
    """Whether the last run in ``out`` had this fingerprint, exactly these inputs with these bytes, and no failure."""
    try:
        manifest = read_manifest(out)
    except (OSError, ValueError):
        return False
    entries = manifest.get("inputs", [])
    if manifest.get("fingerprint") != print_ or any(e.get("status") == "failed" for e in entries):
        return False
    return {(e.get("path"), e.get("sha256")) for e in entries} == {(printable_path(p), d) for p, d in digests.items()}


@contextlib.contextmanager
def _stopped(cache: ResultCache) -> Iterator[None]:
    """Turn Ctrl-C (KeyboardInterrupt) and a SIGTERM (:class:`Interrupted`) into :class:`Interrupted`
    that counts the finished documents ``cache`` keeps for the next run."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(signal.SIGINT, kept=cache.count()) from None
    except Interrupted as exc:
        raise Interrupted(exc.signum, kept=cache.count()) from None


def run_into(
    out: Path,
    paths: Iterable[Path],
    settings: Settings,
    *,
    version: str,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_result: OnResult | None = None,
) -> RunSummary:
    """Process ``paths`` into ``out``; every input ends as rows or as a failure row, never an exception.

    Raises:
        NoInputs: ``paths`` hold no document file (``out`` is not touched).
        NoDocuments: every input failed and ``out`` holds an earlier output, which is kept.
        Interrupted: Ctrl-C or a SIGTERM (its handler raises it) stopped the run; ``out`` is unchanged.
        OutputBusy: another run is writing to ``out``.
        SettingsError: an extractor needs what nothing provides.
        OSError: the output could not be written (``out`` keeps the previous output).
    """
    started = time.perf_counter()
    infos = extractors.load(settings.extractors)
    check_extractors(infos)
    print_ = fingerprint(settings, infos, version)
    paths = list(paths)
    inputs = list(iter_inputs(paths, out=out))
    if not inputs:
        raise NoInputs(f"no document files in {', '.join(map(printable_path, paths))}")
    out.mkdir(parents=True, exist_ok=True)
    (out / ".gongwen").mkdir(exist_ok=True)
    with lock_output(out):  # held from the first look at OUT to the last write
        summary = RunSummary(out, n_inputs=len(inputs))
        digests = {i.path: file_digest(i.path) for i in inputs}
        if not force and _nothing_changed(out, print_, digests):
            tidy(out)  # a run killed right after its commit left old snapshots behind
            manifest = read_manifest(out)
            summary.n_duplicates = sum(e.get("status") == "duplicate" for e in manifest["inputs"])
            summary.n_documents = summary.n_reused = len(manifest["inputs"]) - summary.n_duplicates
            summary.n_tasks = sum(e.get("tasks", 0) for e in manifest["inputs"])
            summary.unchanged = True
            summary.seconds = time.perf_counter() - started
            return summary
        cache = ResultCache(out, print_)
        entries: list[dict[str, Any]] = []
        if on_start:
            on_start(len(inputs))
        # a short batch: the commit's imports (Arrow, DuckDB: ~0.35 s CPU) are done while the pool works
        made = results(inputs, settings, cache=cache, digests=digests, reuse=not force, idle=load_writer_modules)
        # on a stop: the engine is shut first, then the cache counted, then the snapshot discarded
        with OutputWriter(out, lock=False) as writer, _stopped(cache), contextlib.closing(made):
            for path, result in made:
                if isinstance(result, DocumentResult):
                    writer.add_document(result.doc_id, result.tables, result.clean_text, result.source_text)
                    summary.n_documents += 1
                    summary.n_reused += result.reused
                    summary.n_tasks += len(result.tables.get("tasks", ()))
                elif isinstance(result, DuplicateInput):
                    writer.add_issues([result.issue()])
                    summary.n_duplicates += 1
                else:
                    writer.add_failures([result])
                    summary.failures.append(result)
                entries.append(_entry(result))
                if on_result:
                    on_result(path, result)
            summary.seconds = time.perf_counter() - started
            if not summary.n_documents and has_output(out):  # leaving the block discards the snapshot
                raise NoDocuments(f"every input failed ({len(inputs)}); {printable_path(out)} keeps its previous output")
            writer.commit({
                "run": writer.snapshot.name,  # what a report built from this output records
                "gongwen_version": version,
                "fingerprint": print_,
                "settings": settings.as_dict(),
                "extractors": [info.versioned_name for info in infos],
                "inputs": entries,
                "seconds": round(summary.seconds, 3),
            })
        cache.keep_only({e["sha256"] for e in entries if "sha256" in e})
        summary.stale_report = mark_stale(out)
        summary.seconds = time.perf_counter() - started  # the one-line report counts the commit too
        return summary
