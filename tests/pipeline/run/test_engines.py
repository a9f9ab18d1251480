"""Engines: serial, a process pool and a Dask cluster land the same tables; faults fail one document only."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline.run.worker as worker
from pipeline.run import engines
from pipeline.run.batch import run_into
from pipeline.settings import Settings

from tests import ROOT
TABLES = ("documents", "sections", "tasks", "departments", "quotas", "dates", "issues", "failures")
KILL_MARK = "〔测试：终止本进程〕"
SLOW_MARK = "〔测试：长时间处理〕"


def _inputs(folder: Path, *extra: tuple[str, str]) -> Path:
    """Four seeds, a file that cannot be read, and ``extra`` (name, text) files."""
    folder.mkdir()
    for seed in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:4]:
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    for name, text in extra:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    """The tables, with input paths cut to file names (runs over copies in other folders compare equal)."""
    frames = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    for frame in frames.values():
        if "source_path" in frame:
            frame["source_path"] = frame["source_path"].map(lambda p: Path(p).name)
    return frames


def _assert_same(a: Path, b: Path, *, drop_paths: set[str] = frozenset()) -> None:
    for name in TABLES:
        left, right = _frames(a)[name], _frames(b)[name]
        if name == "failures":
            left = left[~left["source_path"].isin(drop_paths)].reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


@pytest.fixture(scope="module")
def serial_out(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("serial")
    inputs = _inputs(base / "in")
    run_into(base / "out", [inputs], Settings(engine="serial"), version="test")
    return inputs, base / "out"


def test_engine_processes_equals_serial(serial_out, tmp_path):
    inputs, expected = serial_out
    run_into(tmp_path, [inputs], Settings(engine="processes", workers=2), version="test")
    _assert_same(tmp_path, expected)


def test_engine_dask_local_cluster_equals_serial(serial_out, tmp_path):
    """A LocalCluster of two worker processes on loopback, reached through its scheduler address."""
    distributed = pytest.importorskip("distributed")
    inputs, expected = serial_out
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        settings = Settings(engine="dask", scheduler=cluster.scheduler_address)
        run_into(tmp_path, [inputs], settings, version="test")
    _assert_same(tmp_path, expected)


@pytest.mark.parametrize("name, workers, expected", [
    ("serial", 2, "serial"),        # asked for by name
    ("auto", 2, "processes"),       # two workers, more than one input
    ("auto", 1, "processes"),       # one worker still runs apart: the time limit and memory cap must hold
])
def test_engine_pick(name, workers, expected):
    assert engines.pick(Settings(engine=name, workers=workers), 10) == expected


def test_every_engine_setting_but_auto_has_its_runner():
    """The engine names are stated once, in settings; the engines module runs each of them."""
    from pipeline.settings import ENGINES

    assert set(engines.RUNNERS) == set(ENGINES) - {"auto"}


@pytest.mark.issue(16)
def test_engine_pool_is_joined_while_the_commit_runs(tmp_path, monkeypatch):
    """The pool is stopped as its last result is handed out and joined while the commit runs (pebble's
    manager looks only every 0.1 s: a join before the commit made a one-document run wait 0.05-0.1 s).
    Here the join holds until the commit has begun; joined first, it would give up after 5 s."""
    from pebble import ProcessPool

    from pipeline.run import storage

    commit_began, join_saw_commit = threading.Event(), []
    real_join, real_commit = ProcessPool.join, storage.OutputWriter.commit

    def join(self, *args, **kwargs):
        join_saw_commit.append(commit_began.wait(timeout=5))
        return real_join(self, *args, **kwargs)

    def commit(self, manifest):
        commit_began.set()
        return real_commit(self, manifest)

    monkeypatch.setattr(ProcessPool, "join", join)
    monkeypatch.setattr(storage.OutputWriter, "commit", commit)
    seed = min((ROOT / "corpus" / "seeds").glob("*.txt"))
    run_into(tmp_path, [seed], Settings(engine="processes", workers=1), version="test")
    assert join_saw_commit == [True]
    assert multiprocessing.active_children() == []  # and no worker outlives the run


def test_engine_pick_auto_with_scheduler_is_dask():
    assert engines.pick(Settings(scheduler="tcp://127.0.0.1:8786"), 10) == "dask"


@pytest.mark.issue(13)
def test_engine_pick_auto_one_input_is_a_pool():
    """A single file ran in this process, with no memory cap (a DOCX span took 23 GB): now in the pool."""
    assert engines.pick(Settings(workers=2), 1) == "processes"


# --- faults ------------------------------------------------------------------------------------

@pytest.fixture
def faulty_documents(monkeypatch):
    """Documents that kill their worker or never finish, by a mark in their text (inherited by forked workers)."""
    real = worker.source_to_circular

    def source_to_circular(source, **options):
        if KILL_MARK in source.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if SLOW_MARK in source.text:
            time.sleep(60)
        return real(source, **options)

    monkeypatch.setattr(worker, "source_to_circular", source_to_circular)


fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the fault is injected by a patch that forked workers inherit")


@fork_only
def test_engine_worker_killed_and_timed_out_fail_only_their_document(faulty_documents, serial_out, tmp_path):
    inputs, expected = serial_out
    faulty = _inputs(tmp_path / "in", ("killed.txt", f"一、任务\n{KILL_MARK}"), ("slow.txt", f"一、任务\n{SLOW_MARK}"))
    out = tmp_path / "out"
    started = time.monotonic()
    summary = run_into(out, [faulty], Settings(engine="processes", workers=2, time_limit=2), version="test")
    assert time.monotonic() - started < 30  # the slow document did not hold the run for its 60 s
    codes = {Path(f.source_path).name: f.code for f in summary.failures}
    assert codes == {"empty.txt": "E_EMPTY", "killed.txt": "E_WORKER_DIED", "slow.txt": "E_TIMEOUT"}
    reasons = {Path(f.source_path).name: f.reason for f in summary.failures}
    assert "SIGKILL" in reasons["killed.txt"] and "2 s" in reasons["slow.txt"]
    _assert_same(out, expected, drop_paths={"killed.txt", "slow.txt"})  # good documents: the rows they have alone


def test_engine_serial_time_limit_interrupts_python_code(faulty_documents, serial_out, tmp_path):
    inputs, expected = serial_out
    slow = _inputs(tmp_path / "in", ("slow.txt", f"一、任务\n{SLOW_MARK}"))
    summary = run_into(tmp_path / "out", [slow], Settings(engine="serial", time_limit=1), version="test")
    assert [(Path(f.source_path).name, f.code) for f in summary.failures] == [("empty.txt", "E_EMPTY"),
                                                                              ("slow.txt", "E_TIMEOUT")]
    _assert_same(tmp_path / "out", expected, drop_paths={"slow.txt"})


@pytest.mark.parametrize("cap_mb, reason, expected", [
    (0, "SystemError: error return without exception set", "E_INTERNAL"),  # no cap: a bug, not memory
    (400, "SystemError: error return without exception set", "E_TOO_LARGE"),  # capped: C code out of memory
    (400, "KeyError: 'w:num'", "E_INTERNAL"),  # capped, but an ordinary bug stays a bug
])
def test_internal_error_under_memory_cap(cap_mb, reason, expected, tmp_path):
    """How process_one labels a failure inside a worker with or without a heap cap (in a fresh process)."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path\n"
        "import pipeline.run.worker as w\n"
        "from pipeline.run import engines\n"
        "from pipeline.settings import Settings\n"
        "from schemas import FailureRow\n"
        f"w.limit_memory({cap_mb} << 20)\n"
        f"w.process_path = lambda path, *a, **k: FailureRow(str(path), 'E_INTERNAL', {reason!r})\n"
        "print(w.process_one('x.txt', Settings(time_limit=0)).code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == expected


HOG_MARK = "【占满内存】"


@pytest.fixture
def memory_hog(monkeypatch):
    """A document that asks for 8 GB (never touched: without a cap the allocation just succeeds)."""
    real = worker.source_to_circular

    def source_to_circular(source, **options):
        if HOG_MARK in source.text:
            bytearray(8 << 30)
        return real(source, **options)

    monkeypatch.setattr(worker, "source_to_circular", source_to_circular)


@pytest.mark.issue(13)
@fork_only
@pytest.mark.parametrize("engine", ["auto", "serial"])
def test_single_file_run_is_memory_capped(memory_hog, tmp_path, engine):
    """Single-file runs (the serial engine) had no memory cap; now auto runs them in the pool and the
    serial engine caps the heap around each document, then lifts the cap."""
    import resource

    hog = _inputs(tmp_path / "in", ("hog.txt", f"一、任务\n1.{HOG_MARK}"))
    before = resource.getrlimit(resource.RLIMIT_DATA)
    settings = Settings(engine=engine, max_memory_bytes=1 << 30)
    summary = run_into(tmp_path / "out", [hog / "hog.txt"], settings, version="test")
    assert [(Path(f.source_path).name, f.code) for f in summary.failures] == [("hog.txt", "E_TOO_LARGE")]
    assert resource.getrlimit(resource.RLIMIT_DATA) == before


@fork_only
def test_memory_cap_counts_from_what_a_worker_inherits(tmp_path):
    """The heap cap is what a document may add: a parent holding a large data segment (one Parquet read with
    pyarrow reserves 1.2 GB) forks workers that still have their whole cap. Counted from zero, a 1 GB cap under
    2 GB inherited refused every allocation (OCR then found no text on a scan read after ``api.load``)."""
    import mmap

    if not worker.data_segment():
        pytest.skip("no /proc/self/status")
    seed = min((ROOT / "corpus" / "seeds").glob("*.txt"))
    reserved = mmap.mmap(-1, 2 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)  # (never touched)
    try:
        assert worker.data_segment() > 2 << 30
        summary = run_into(tmp_path / "out", [seed], Settings(engine="processes", workers=1, max_memory_bytes=1 << 30),
                           version="test")
    finally:
        reserved.close()
    assert not summary.failures and summary.n_documents == 1, summary
