"""The result cache: found by bytes and fingerprint, safe against a kill, pruned to the current inputs."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.run.cache import CachedDocument, ResultCache
from pipeline.run.storage import spool_lines
from schemas import DocumentRow

DIGEST = "ab" * 32


def _doc_row(path: str) -> DocumentRow:
    return DocumentRow("abab", path, "txt", "标题", None, None, None, 2026, "simplified", 10, "utf-8", 0)


def test_cache_round_trip_takes_the_new_path(tmp_path):
    cache = ResultCache(tmp_path, "f1")
    cache.put(DIGEST, CachedDocument("abab", {"documents": spool_lines("documents", [_doc_row("旧/a.txt")]), "tasks": []},
                                     "清洁", "源"))
    hit = cache.get(DIGEST, "新/a.txt")  # the same bytes moved to another folder
    assert hit.doc_id == "abab" and hit.clean_text == "清洁" and hit.source_text == "源"
    (line,) = hit.lines["documents"]
    assert json.loads(line)["source_path"] == "新/a.txt" and json.loads(line)["title"] == "标题"
    assert line == spool_lines("documents", [_doc_row("新/a.txt")])[0]  # as the writer spools it


@pytest.mark.parametrize("fingerprint, digest", [
    ("f2", DIGEST),     # another gongwen version or settings: not valid
    ("f1", "cd" * 32),  # other bytes
])
def test_cache_misses(tmp_path, fingerprint, digest):
    ResultCache(tmp_path, "f1").put(DIGEST, CachedDocument("abab", {}, "", ""))
    assert ResultCache(tmp_path, fingerprint).get(digest, "a.txt") is None


@pytest.mark.parametrize("content", [
    "",                      # a zero-length file (the disk filled while it was written)
    '{"doc_id": "abab"',     # cut short
    '["not", "an", "entry"]',  # valid JSON of the wrong shape
    "not gzip",               # see below: written uncompressed
])
def test_cache_unreadable_entry_is_a_miss(tmp_path, content):
    cache = ResultCache(tmp_path, "f1")
    cache.folder.mkdir(parents=True)
    data = content.encode() if content in ("", "not gzip") else gzip.compress(content.encode())
    (cache.folder / f"{DIGEST}.json.gz").write_bytes(data)
    assert cache.get(DIGEST, "a.txt") is None


def test_cache_keep_only_prunes_other_inputs_and_fingerprints(tmp_path):
    old = ResultCache(tmp_path, "old")
    old.put(DIGEST, CachedDocument("abab", {}, "", ""))
    cache = ResultCache(tmp_path, "new")
    cache.put(DIGEST, CachedDocument("abab", {}, "", ""))
    cache.put("cd" * 32, CachedDocument("cdcd", {}, "", ""))
    cache.keep_only({DIGEST})
    assert cache.get(DIGEST, "a") is not None and cache.get("cd" * 32, "b") is None
    assert not old.folder.exists()
    assert not list(cache.folder.glob(".*"))  # no temporary files left behind


@pytest.mark.issue(13)
def test_cache_entries_are_compressed_and_old_layout_is_pruned(tmp_path):
    """The cache was the largest part of OUT (112 MB for 36 MB of input): entries are gzip-compressed JSON."""
    import json

    cache = ResultCache(tmp_path, "f1")
    text = "一、加强组织领导。各部门要提高认识，落实责任，确保各项任务按期完成。\n" * 200
    cache.put(DIGEST, CachedDocument("abab", {"tasks": []}, text, text))
    (entry,) = cache.folder.iterdir()
    plain = json.dumps({"clean_text": text, "source_text": text}, ensure_ascii=False).encode()
    assert entry.name == f"{DIGEST}.json.gz" and entry.stat().st_size * 10 < len(plain)
    assert cache.count() == 1 and cache.get(DIGEST, "a.txt").clean_text == text
    (cache.folder / f"{DIGEST}.json").write_text("{}", encoding="utf-8")  # an entry of the uncompressed layout
    cache.keep_only({DIGEST})
    assert [p.name for p in cache.folder.iterdir()] == [f"{DIGEST}.json.gz"]
