""":mod:`pipeline.run.engines`: Where the per-document work runs — this process, a process pool, or a Dask cluster.

Every engine takes the input paths and the settings and yields one result per
path (:class:`~pipeline.run.results.DocumentResult` or a
:class:`~schemas.FailureRow`) *in input order*, so the tables do not depend on
the engine. None of them raises for a bad document:

* ``serial`` — in this process, only when asked for; the time limit is a ``SIGALRM``
  timer, which interrupts Python code (pdfminer, the extractors) but not a call
  stuck in C, and the heap cap (``RLIMIT_DATA``) is set around each document and
  lifted after it.
* ``processes`` — a :mod:`pebble` process pool: a document over the time limit
  is failed (``E_TIMEOUT``) by the worker's own alarm, as in ``serial``; a worker
  stuck past it in C code is killed and replaced (pebble checks every 0.1 s); a worker
  that dies (killed, a crash in C) fails only its document
  (``E_WORKER_DIED``). Each worker's heap is capped at ``max_memory_bytes``
  (``RLIMIT_DATA``), so a decompression bomb fails its document (``E_TOO_LARGE``)
  instead of taking the machine's memory. Workers are also replaced every
  :data:`TASKS_PER_WORKER` documents, so a slow leak cannot grow without bound,
  and only :data:`POOL_WINDOW` documents per worker are scheduled ahead.
* ``dask`` — ``dask.distributed``: a cluster at ``settings.scheduler``
  (``tcp://host:8786``) or, without one, a local cluster of ``workers``
  processes. The input bytes are sent to the workers, so they need not see the
  input folder. At most :data:`DASK_WINDOW` documents per worker are in flight.
  The time limit is not enforced there (Dask cannot stop a running task).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from pipeline.errors import InternalError, SettingsError, WorkerDied
from pipeline.run.results import failure_row

from pipeline.settings import Settings

#: Each input's sha256 as the run hashed it (None where it could not): passed on, so no worker hashes a file again.
Digests = dict[Path, str | None] | None

#: Documents a pool process handles before it is replaced by a fresh one.
TASKS_PER_WORKER = 200
#: Documents scheduled ahead per pool worker (enough to keep it busy, few enough to hold little).
POOL_WINDOW = 4
#: Documents in flight per Dask worker.
DASK_WINDOW = 4


def serial(paths: list[Path], settings: Settings, cache=None, digests: Digests = None) -> Iterator:
    """Each document in this process, its heap capped at ``max_memory_bytes`` while it is processed."""
    from pipeline.run.worker import memory_cap, process_one

    for path in paths:
        with memory_cap(settings.max_memory_bytes):
            result = process_one(str(path), settings, cache=cache, digest=(digests or {}).get(path))
        yield result


def processes(paths: list[Path], settings: Settings, cache=None, digests: Digests = None,
              idle: Callable[[], None] | None = None) -> Iterator:
    """A pebble pool of ``settings.workers`` processes; results in input order.

    At most :data:`POOL_WINDOW` documents per worker are scheduled ahead of the
    one being consumed, so finished results do not pile up in the parent
    (``pool.map`` keeps every future, and so every result, until the end).
    ``idle`` is called once, right after the documents are handed to the pool,
    when the whole batch fits in that first window (a short run): the parent
    has nothing to do but wait then, so the caller gets ready for what follows
    (opening the database) while the workers work; no worker is forked
    meanwhile (:func:`forks_wait`). A longer batch does not call it: loaded
    that early, DuckDB would add to the peak memory of the pool. The pool
    is stopped as the last result is handed out and joined when this
    generator is closed, so a caller that takes only as many results as
    it gave paths does its next work while the workers exit.
    """
    from pebble import ProcessExpired, ProcessPool

    from pipeline.run.worker import process_one, timeout_row  # imported before the fork: the workers inherit it

    workers = worker_count(settings, len(paths))
    pool = ProcessPool(max_workers=workers, max_tasks=TASKS_PER_WORKER,
                       initializer=_start_worker, initargs=(settings.max_memory_bytes,))
    # the worker's own alarm fails a document at the limit itself; the pool kills a worker stuck in C
    # code past it (pebble looks only every 0.1 s: alone, it let a document that ends in time pass)
    inner = settings
    todo = iter(paths)
    pending: deque = deque()
    stopping: threading.Thread | None = None  # the pool's shutdown, once its last document is done

    def schedule_next() -> None:
        path = next(todo, None)
        if path is not None:
            name, digest = str(path), (digests or {}).get(path)
            pending.append((name, pool.schedule(process_one, args=(name, inner, None, cache, digest),
                                                timeout=settings.time_limit or None)))

    try:
        for _ in range(POOL_WINDOW * workers):
            schedule_next()
        if idle is not None and len(pending) == len(paths):  # the first schedule forked the workers
            with forks_wait():
                idle()
        while pending:
            name, future = pending.popleft()
            schedule_next()
            try:
                result = future.result()
            except FutureTimeout:
                result = timeout_row(name, settings)
            except ProcessExpired as exc:
                reason = f"the worker process died ({_exit_reason(exc.exitcode)}){_death_hint(exc)}"
                result = failure_row(name, WorkerDied(reason))
            except Exception as exc:  # pickling trouble or a pool fault: this document only
                result = failure_row(name, InternalError(f"{type(exc).__name__}: {exc}"))
            if not pending:  # the last one: the pool winds down while the caller goes on (its commit)
                stopping = _stop_in_background(pool)
            yield result
    finally:  # also when the consumer stops early (Ctrl-C): do not wait for the queued documents
        if stopping is None:
            pool.stop()
            pool.join()
        else:
            stopping.join()


def _stop_in_background(pool) -> threading.Thread:
    """Stop ``pool`` and join it in a thread of its own, returned to be joined later.

    pebble's manager thread looks at the pool's state every 0.1 s, so a join
    waits 0.05 s on average after the last document, which is a tenth of a
    one-document run; the caller's commit covers that wait instead."""
    pool.stop()
    stopping = threading.Thread(target=pool.join, name="gongwen-pool-stop", daemon=True)
    stopping.start()
    return stopping


_FORK_GUARD = threading.RLock()
_fork_hooks: list[bool] = []  # os.register_at_fork cannot be undone: register once per process


@contextlib.contextmanager
def forks_wait() -> Iterator[None]:
    """No process is forked from this one while the block runs (a fork waits for its end).

    The pool's manager thread forks a replacement worker at any time (after
    :data:`TASKS_PER_WORKER` documents, a timeout, a crash). Forked in the middle of
    an import on another thread, the child would inherit that module's import
    lock held forever, and hang the first time it imports the module.
    """
    if not _fork_hooks:
        os.register_at_fork(before=_FORK_GUARD.acquire, after_in_parent=_FORK_GUARD.release,
                            after_in_child=_FORK_GUARD.release)
        _fork_hooks.append(True)
    with _FORK_GUARD:
        yield


def _start_worker(max_bytes: int) -> None:
    """A pool worker: memory capped; a crash is reported as the document's E_WORKER_DIED, not dumped on stderr;
    Ctrl-C is left to the parent (which stops the pool) and SIGTERM ends the worker, whatever the parent set."""
    import faulthandler

    from pipeline.run.worker import limit_memory

    faulthandler.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    limit_memory(max_bytes)


def _death_hint(exc) -> str:
    """Why a worker most likely died: an abort in C code is usually an allocation refused under the cap."""
    return "; over max_memory_bytes?" if exc.exitcode == -signal.SIGABRT else ""


def _exit_reason(exitcode: int | None) -> str:
    """``-9`` → ``killed by SIGKILL``; ``1`` → ``exit code 1``."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"exit code {exitcode}"


def dask(paths: list[Path], settings: Settings, cache=None, digests: Digests = None) -> Iterator:
    """Each document's bytes sent to a ``dask.distributed`` worker; results in input order.

    ``cache`` is not sent: the workers may not see the output folder, so the caller stores results."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SettingsError("the dask engine needs dask.distributed: pip install 'gongwen[dask]'") from exc
    from pipeline.run.worker import process_one
    with contextlib.ExitStack() as stack:
        if settings.scheduler:
            client = stack.enter_context(Client(settings.scheduler, timeout="30s"))
        else:
            cluster = stack.enter_context(
                LocalCluster(n_workers=worker_count(settings, len(paths)), threads_per_worker=1,
                             processes=True, dashboard_address=None, host="127.0.0.1")
            )
            client = stack.enter_context(Client(cluster))
        window = DASK_WINDOW * max(1, len(client.scheduler_info().get("workers", {})))
        inner = dataclasses.replace(settings, time_limit=0.0)
        pending: deque = deque()
        todo = iter(paths)

        def submit_next() -> None:
            path = next(todo, None)
            if path is None:
                return
            try:
                data = path.read_bytes()
            except OSError:
                data = None  # process_path reports the reason on the worker
            pending.append((str(path), client.submit(process_one, str(path), inner, data, None, (digests or {}).get(path), pure=False)))

        for _ in range(window):
            submit_next()
        while pending:
            name, future = pending.popleft()
            try:
                yield future.result()
            except Exception as exc:  # the worker died or the task could not run
                yield failure_row(name, WorkerDied(f"the Dask task failed: {type(exc).__name__}: {exc}"))
            finally:
                future.release()
            submit_next()


def worker_count(settings: Settings, n_inputs: int) -> int:
    """Processes to use: ``settings.workers`` (0 = every core), never more than there are inputs."""
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, n_inputs))


def pick(settings: Settings, n_inputs: int) -> str:
    """The engine ``auto`` stands for: dask with a scheduler; else a process pool — even of one worker
    and for one file, so that the time limit and the memory cap hold for code stuck in C, and a crash
    fails the document, not the run."""
    if settings.engine != "auto":
        return settings.engine
    return "dask" if settings.scheduler else "processes"


def results(paths: list[Path], settings: Settings, *, cache=None, digests: Digests = None,
            idle: Callable[[], None] | None = None) -> Generator:
    """One result per path, in order, from the engine the settings choose (a generator: closing it
    shuts the engine down); local engines store what they make in ``cache`` (a
    :class:`~pipeline.run.cache.ResultCache`) themselves. ``idle``: see :func:`processes` (the other
    engines do not call it)."""
    if not paths:
        return (result for result in ())  # nothing to make: an empty generator, closed like the others
    engine = pick(settings, len(paths))
    if engine == "processes":
        return processes(paths, settings, cache, digests, idle=idle)
    return RUNNERS[engine](paths, settings, cache, digests)


#: Each engine of :data:`pipeline.settings.ENGINES` but ``auto`` (which :func:`pick` resolves) and its runner.
RUNNERS = {"serial": serial, "processes": processes, "dask": dask}
