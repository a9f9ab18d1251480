""":mod:`pipeline.run.batch`: A run into an output folder — cache, engine and writer put together.

``gongwen run`` is :func:`run_into`::

    summary = run_into(Path("outputs"), [Path("corpus/seeds")], settings, version="0.3.0")

Documents stream from the engine into an :class:`~pipeline.run.storage.OutputWriter`
(memory does not grow with the batch) and into the result cache (a killed run
keeps what it finished); the new output becomes current in one atomic step
at the end. When every input is unchanged since the last run, nothing is
processed and nothing is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extractors
from pipeline.run.cache import ResultCache
from extractors.registry import ExtractorInfo, get_stage
from pipeline.errors import Interrupted, NoDocuments, NoInputs, OutsideInput
from pipeline.run import engines
from pipeline.run.inputs import InputFile, file_digest, iter_inputs, printable_path
from pipeline.run.results import (
    DocumentResult, DuplicateInput, Result, RunResult, failure_row, from_cache, stored,
)
from pipeline.report.stale import mark_stale
from pipeline.settings import Settings
from pipeline.run.storage import STATE_DIR, OutputWriter, has_output, lock_output, read_manifest, tidy
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


def fingerprint(settings: Settings, infos: list[ExtractorInfo], version: str) -> str:
    """What must be unchanged for a document's rows to be reused: gongwen, extractors, the stages they
    require and the settings that shape results (not workers, engine or time limit)."""
    from pipeline.chain import stages_for  # not on an unchanged re-run's path: normalise, segment, readers

    stages = [get_stage(name).versioned_name for name in stages_for(infos)]
    data = json.dumps([version, [i.versioned_name for i in infos], stages, settings.result_dict()], sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def fingerprint_sources(settings: Settings, version: str) -> str:
    """A digest of what :func:`fingerprint` is made of, read without importing an extractor (their modules
    compile their rules as they load: 0.03–0.06 s): gongwen's version, the settings that shape results and
    the source of every module of the extractors package, where versions, ``uses``, ``requires`` and stages
    are declared. The same digest means the same fingerprint; an edited comment only costs the imports."""
    digest = hashlib.sha256(json.dumps([version, settings.result_dict()], sort_keys=True).encode("utf-8"))
    for module in sorted(Path(extractors.__file__).parent.glob("*.py")):
        digest.update(module.name.encode("utf-8") + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def _checked_extractors(settings: Settings) -> list[ExtractorInfo]:
    from pipeline.chain import load_extractors

    return load_extractors(settings.extractors)


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
    ``idle`` is called once while a process pool finishes the last documents (:func:`pipeline.run.engines.processes`).
    With a ``cache`` every document comes with its rows as spool lines (:func:`~pipeline.run.results.spooled`)."""
    if digests is None:
        digests = {i.path: file_digest(i.path) for i in inputs}
    ready: dict[Path, Result] = {}
    first: dict[str, Path] = {}  # digest -> the first input with those bytes
    for item in inputs:
        digest = digests.get(item.path)
        if item.leaves_folder:
            error = OutsideInput(f"symbolic link to {printable_path(os.path.realpath(item.path))}, "
                                 f"outside {printable_path(item.folder)}")
            ready[item.path] = failure_row(item.path, error)
        elif digest and digest in first:
            ready[item.path] = DuplicateInput(printable_path(item.path), printable_path(first[digest]), digest)
        elif reuse and cache and digest and (hit := cache.get(digest, printable_path(item.path))):
            ready[item.path] = from_cache(item.path, digest, hit)
        if digest and not item.leaves_folder:
            first.setdefault(digest, item.path)
    made = engines.results([i.path for i in inputs if i.path not in ready], settings, cache=cache, digests=digests,
                           idle=idle)
    with contextlib.closing(made):  # closed with this generator: the engine is shut down then, not before
        done: dict[str, str] = {}  # doc_id -> source path
        failed: dict[Path, FailureRow] = {}  # inputs that failed, for the inputs that repeat them
        for item in inputs:
            result = ready.pop(item.path, None) or next(made)
            if isinstance(result, DocumentResult) and cache is not None:  # a no-op but for Dask's, made away from OUT
                result = stored(item.path, result, cache)
            if isinstance(result, DuplicateInput) and (original := failed.get(first.get(result.digest))):
                result = FailureRow(printable_path(item.path), original.code, f"{original.reason} (the same bytes as {result.of})")
            if isinstance(result, FailureRow):  # engines name the path as given
                result = failed[item.path] = dataclasses.replace(result, source_path=printable_path(item.path))
            if isinstance(result, DocumentResult) and result.doc_id in done:  # not hashable up front, read later: same bytes
                result = DuplicateInput(result.source_path, done[result.doc_id], result.digest or result.doc_id)
            if isinstance(result, DocumentResult):
                done[result.doc_id] = result.source_path
            yield item.path, result


def run(
    paths: Iterable[Path],
    *,
    settings: Settings | None = None,
    on_result: Callable[[Path, Result], None] | None = None,
) -> RunResult:
    """Process every input and keep every result in memory; failures become rows, never exceptions.

    Results come back in input order whatever the engine and the number of
    workers, so the tables of a parallel run equal those of a single-process
    run. For runs that write an output folder, :func:`pipeline.run.batch.run_into`
    streams instead.
    """
    settings = settings or Settings()
    infos = _checked_extractors(settings)
    started = time.perf_counter()
    found: dict[type, list] = {DocumentResult: [], FailureRow: [], DuplicateInput: []}
    for path, result in results(list(iter_inputs(paths)), settings):
        found[type(result)].append(result)
        if on_result:
            on_result(path, result)
    return RunResult(found[DocumentResult], found[FailureRow], infos, time.perf_counter() - started,
                     duplicates=found[DuplicateInput])


def _entry(result: Result) -> dict[str, Any]:
    """The manifest's account of one input."""
    if isinstance(result, FailureRow):
        return {"path": result.source_path, "status": "failed", "code": result.code, "reason": result.reason}
    if isinstance(result, DuplicateInput):
        return {"path": result.source_path, "sha256": result.digest, "status": "duplicate", "of": result.of}
    return {"path": result.source_path, "doc_id": result.doc_id, "sha256": result.digest,
            "status": "unchanged" if result.reused else "processed", "tasks": result.count("tasks")}


def _nothing_changed(out: Path, digests: dict[Path, str | None], sources: str, print_: Callable[[], str]) -> bool:
    """Whether the last run in ``out`` had exactly these inputs with these bytes, no failure, and the fingerprint
    ``print_()`` makes: known without making it when the run recorded these ``sources`` (:func:`fingerprint_sources`)."""
    try:
        manifest = read_manifest(out)
    except (OSError, ValueError):
        return False
    entries = manifest.get("inputs", [])
    if any(e.get("status") == "failed" for e in entries):
        return False
    if {(e.get("path"), e.get("sha256")) for e in entries} != {(printable_path(p), d) for p, d in digests.items()}:
        return False
    return manifest.get("fingerprint_sources") == sources or manifest.get("fingerprint") == print_()


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
        SettingsError: an extractor name registers none, or an extractor needs what nothing provides.
        OSError: the output could not be written (``out`` keeps the previous output).
    """
    started = time.perf_counter()
    sources = fingerprint_sources(settings, version)
    paths = list(paths)
    inputs = list(iter_inputs(paths, out=out))
    if not inputs:
        raise NoInputs(f"no document files in {', '.join(map(printable_path, paths))}")
    if not has_output(out):  # nothing to reuse: the extractors are needed, and a bad name must not leave an OUT
        _checked_extractors(settings)
    out.mkdir(parents=True, exist_ok=True)
    (out / STATE_DIR).mkdir(exist_ok=True)
    with lock_output(out):  # held from the first look at OUT to the last write
        summary = RunSummary(out, n_inputs=len(inputs))
        digests = {i.path: file_digest(i.path) for i in inputs}
        # an unchanged re-run imports no extractor: its fingerprint is the last run's when the sources are
        if not force and _nothing_changed(out, digests, sources,
                                          lambda: fingerprint(settings, _checked_extractors(settings), version)):
            tidy(out)  # a run killed right after its commit left old snapshots behind
            manifest = read_manifest(out)
            summary.n_duplicates = sum(e.get("status") == "duplicate" for e in manifest["inputs"])
            summary.n_documents = summary.n_reused = len(manifest["inputs"]) - summary.n_duplicates
            summary.n_tasks = sum(e.get("tasks", 0) for e in manifest["inputs"])
            summary.unchanged = True
            summary.seconds = time.perf_counter() - started
            return summary
        infos = _checked_extractors(settings)
        print_ = fingerprint(settings, infos, version)
        cache = ResultCache(out, print_)
        entries: list[dict[str, Any]] = []
        if on_start:
            on_start(len(inputs))
        # on a stop: the engine is shut first, then the cache counted, then the snapshot discarded; a short
        # batch opens the database and makes its tables while the pool works (``idle``)
        with (OutputWriter(out, lock=False) as writer, _stopped(cache),
              contextlib.closing(results(inputs, settings, cache=cache, digests=digests, reuse=not force,
                                         idle=writer.prepare)) as made):
            # one result per input: taking no more leaves the engine winding down (a pool's workers
            # stopping) while the commit runs, and ``closing`` waits for it after
            for path, result in itertools.islice(made, len(inputs)):
                if isinstance(result, DocumentResult):
                    writer.add_document(result.doc_id, result.lines, result.clean_text, result.source_text)
                    summary.n_documents += 1
                    summary.n_reused += result.reused
                    summary.n_tasks += result.count("tasks")
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
                "fingerprint_sources": sources,
                "settings": settings.as_dict(),
                "extractors": [info.versioned_name for info in infos],
                "inputs": entries,
                "seconds": round(summary.seconds, 3),
            })
        cache.keep_only({e["sha256"] for e in entries if "sha256" in e})
        summary.stale_report = mark_stale(out)
        summary.seconds = time.perf_counter() - started  # the one-line report counts the commit too
        return summary
