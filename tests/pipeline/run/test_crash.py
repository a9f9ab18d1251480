"""A run killed with SIGKILL at any moment leaves the previous output whole; the next run completes the work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests import ROOT
COPIES = 3  # about sixty documents: a few seconds for one worker
TABLES = ("documents", "sections", "tasks", "departments", "quotas", "dates", "issues", "failures")


def _run(inputs: Path, out: Path) -> subprocess.Popen:
    """``gongwen run`` in its own process group, one worker (slow enough to be killed mid-way)."""
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(inputs), "-o", str(out), "-q", "-w", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    return all(a[name].equals(b[name]) for name in TABLES)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path, dict, dict]:
    """Inputs (seeds, dev circulars, rendered PDFs), the tables of an earlier run over the seeds only,
    and the tables of an uninterrupted run over everything."""
    base = tmp_path_factory.mktemp("crash")
    inputs = base / "in"
    inputs.mkdir()
    sources = [*(ROOT / "corpus" / "seeds").glob("*.txt"), *(ROOT / "corpus" / "dev").glob("*.txt"),
               *(p for p in (ROOT / "corpus" / "rendered").glob("*.pdf") if p.stem.startswith("dev"))]
    for copy in range(COPIES):  # distinct bytes per copy: identical inputs would be read once
        for path in sources:
            tail = f"\n（第{copy}份）\n".encode() if path.suffix == ".txt" else f"\n%{copy}\n".encode()
            (inputs / f"{path.stem}-{copy}{path.suffix}").write_bytes(path.read_bytes() + tail)
    earlier = base / "earlier"
    assert _run(ROOT / "corpus" / "seeds", earlier).wait() == 0
    whole = base / "whole"
    assert _run(inputs, whole).wait() == 0
    return inputs, earlier, _tables(earlier), _tables(whole)


def _cached(out: Path) -> int:
    return sum(1 for folder in (out / ".gongwen" / "cache").glob("*") for _ in folder.glob("*.json.gz"))


def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the run never reached the moment to kill it"
        time.sleep(0.01)


@pytest.mark.parametrize("moment, documents_done", [
    ("start-up", 0),       # killed while importing and walking the inputs
    ("first document", 1),  # one result cached, nothing else
    ("mid-batch", 20),
    ("late", 50),
])
def test_sigkill_leaves_previous_output_and_next_run_completes(batch, tmp_path, moment, documents_done):
    inputs, earlier, earlier_tables, whole_tables = batch
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    before = _cached(out)  # the earlier run's own entries
    process = _run(inputs, out)
    if moment == "start-up":
        time.sleep(0.1)
    else:
        _wait_until(lambda: _cached(out) - before >= documents_done)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    assert _same(_tables(out), earlier_tables)
    cached = _cached(out) - before

    resumed = _run(inputs, out)
    assert resumed.wait() == 0, resumed.stderr.read().decode()
    assert _same(_tables(out), whole_tables)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    reused = sum(e["status"] == "unchanged" for e in manifest["inputs"])
    assert reused >= min(cached, documents_done)  # the finished documents were not done again
    assert len(list((out / ".gongwen" / "snapshots").iterdir())) == 1  # the killed run's snapshot is cleared


# --- kills at the exact steps of the commit, injected in a forked child ---------------------------

@pytest.mark.parametrize("step, published", [
    ("pipeline.run.storage._table_to_parquet", False),    # the snapshot's Parquet files are being written
    ("pipeline.run.storage._table_to_csv", False),        # its CSV files are being written
    ("pipeline.run.storage._ensure_link", True),            # just after the commit point (the rename)
    ("pipeline.run.storage.remove_stale_snapshots", True),  # while the old snapshot is being deleted
])
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_commit(batch, tmp_path, monkeypatch, step, published):
    """Before the rename the earlier output is current, after it the new one; never a mixture."""
    inputs, earlier, earlier_tables, whole_tables = batch
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    pid = os.fork()
    if pid == 0:  # the child: a run that dies at ``step``
        try:
            from pipeline.run.batch import run_into
            from pipeline.cli import _version
            from pipeline.settings import Settings

            monkeypatch.setattr(step, lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
            run_into(out, [inputs], Settings(engine="serial"), version=_version())
        finally:
            os._exit(3)  # never reached when the kill came
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert _same(_tables(out), whole_tables if published else earlier_tables)

    resumed = _run(inputs, out)
    assert resumed.wait() == 0, resumed.stderr.read().decode()
    assert _same(_tables(out), whole_tables)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    if not published:  # every document was finished before the kill: none is done again
        assert all(e["status"] == "unchanged" for e in manifest["inputs"])
    assert len(list((out / ".gongwen" / "snapshots").iterdir())) == 1


# --- Ctrl-C and SIGTERM: a clean stop (issue #13) -------------------------------------------------

@pytest.mark.issue(13)
@pytest.mark.parametrize("signum, to_group, status", [
    (signal.SIGINT, True, 130),    # Ctrl-C at a terminal reaches the whole process group; was "Aborted!", exit 1
    (signal.SIGTERM, False, 143),  # kill, systemd, a CI timeout; left a partial snapshot behind
])
def test_signal_stops_cleanly_and_says_what_was_kept(batch, tmp_path, signum, to_group, status):
    inputs, earlier, earlier_tables, whole_tables = batch
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    before = _cached(out)
    process = _run(inputs, out)
    _wait_until(lambda: _cached(out) - before >= 5)
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    assert process.wait(timeout=60) == status
    stderr = process.stderr.read().decode()
    assert f"stopped by {signal.Signals(signum).name};" in stderr and "Traceback" not in stderr, stderr
    kept = int(stderr.split("; ")[1].split(" finished documents are kept for the next run")[0])
    assert kept == _cached(out) and kept - before >= 5
    assert _same(_tables(out), earlier_tables)
    assert len(list((out / ".gongwen" / "snapshots").iterdir())) == 1  # no partial snapshot left
    resumed = _run(inputs, out)
    assert resumed.wait() == 0, resumed.stderr.read().decode()
    assert _same(_tables(out), whole_tables)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sum(e["status"] == "unchanged" for e in manifest["inputs"]) >= kept - before
