""":mod:`pipeline.run.cache`: Each document's results kept by input bytes, for incremental and resumed runs.

An entry is one gzip-compressed JSON file, ``OUT/.gongwen/cache/<fingerprint>/<sha256>.json.gz``,
written (atomically) as soon as the document is done; compressed, an entry takes about a fifth
of its JSON (rows, clean text and source text of Chinese circulars). The key is the sha256 of
the input's bytes and the run's fingerprint (gongwen version, extractors,
settings), so an entry is valid exactly while both are unchanged:

* a re-run finds unchanged inputs here and does not process them again;
* a run that was killed leaves its finished documents here, and the next run
  takes them instead of starting over;
* a file moved or copied under another name is found by its bytes (its
  ``source_path`` is set to the new name).

JSON, not pickle: an output folder may come from someone else, and loading it
must not run code.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.run.storage import STATE_DIR, row_line

CACHE_DIR = Path(STATE_DIR) / "cache"
SUFFIX = ".json.gz"


@dataclass(frozen=True)
class CachedDocument:
    """What a document produced: ``lines`` maps a table name to its rows as the spool's JSON lines
    (:func:`pipeline.run.storage.spool_lines`), stored and given back as they are."""

    doc_id: str
    lines: dict[str, list[str]]
    clean_text: str
    source_text: str


def _moved(line: str, source_path: str) -> str:
    """A ``documents`` row's line with the path the same bytes are found at now."""
    record = json.loads(line)
    record["source_path"] = source_path
    return row_line(record)


class ResultCache:
    """Documents' results under ``out`` for one fingerprint.

    >>> import tempfile
    >>> cache = ResultCache(Path(tempfile.mkdtemp()), "f1")
    >>> cache.put("ab" * 32, CachedDocument("abab", {"tasks": []}, "清洁", "源"))
    >>> cache.get("ab" * 32, "新名.txt").clean_text
    '清洁'
    """

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.root = Path(out) / CACHE_DIR
        self.folder = self.root / fingerprint

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}{SUFFIX}"

    def get(self, digest: str, source_path: str) -> CachedDocument | None:
        """The cached results of the input with these bytes, now found at ``source_path``; None if absent or unreadable."""
        try:
            data = json.loads(gzip.decompress(self._path(digest).read_bytes()).decode("utf-8"))
            lines = data["lines"]
            lines["documents"] = [_moved(line, source_path) for line in lines.get("documents", ())]
            return CachedDocument(data["doc_id"], lines, data["clean_text"], data["source_text"])
        except (OSError, EOFError, ValueError, KeyError, TypeError):  # gzip.BadGzipFile is an OSError
            return None

    def put(self, digest: str, document: CachedDocument) -> None:
        """Store ``document`` (written under a temporary name and renamed, so a kill leaves no half entry)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "doc_id": document.doc_id,
            "lines": document.lines,
            "clean_text": document.clean_text,
            "source_text": document.source_text,
        }
        temporary = self.folder / f".{digest}.{secrets.token_hex(4)}"
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        temporary.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
        os.replace(temporary, self._path(digest))

    def count(self) -> int:
        """Documents stored for this fingerprint (what a resumed run need not process again)."""
        return sum(1 for _ in self.folder.glob(f"*{SUFFIX}")) if self.folder.is_dir() else 0

    def keep_only(self, digests: set[str]) -> None:
        """Drop entries of other fingerprints, of inputs no longer in the output, and of older layouts."""
        if self.root.is_dir():
            for folder in self.root.iterdir():
                if folder != self.folder:
                    shutil.rmtree(folder, ignore_errors=True)
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if not (entry.name.endswith(SUFFIX) and entry.name[: -len(SUFFIX)] in digests):
                    entry.unlink(missing_ok=True)
