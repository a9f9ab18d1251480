""":mod:`pipeline.run.inputs`: The inputs of a run: files named and folders walked, each file once, with its sha256.

Paths are recorded as :func:`printable_path` gives them (tables, manifest,
cache, messages): a GBK file name from a Windows zip stays lossless.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.readers import FORMATS, NOT_YET_READ
from pipeline.run.storage import REPORT_MARKER, STATE_DIR


@dataclass(frozen=True)
class InputFile:
    """One input: a file named on the command line (``folder`` None) or found under a named folder."""

    path: Path
    folder: Path | None = None

    @property
    def leaves_folder(self) -> bool:
        """Whether a symbolic link found in ``folder`` points outside it (such links are not followed:
        a folder of circulars must not be a way to read ``/etc/passwd.txt``)."""
        if self.folder is None or not self.path.is_symlink():
            return False
        inside = os.path.realpath(self.folder)
        return os.path.commonpath([inside, os.path.realpath(self.path)]) != inside


def iter_inputs(paths: Iterable[Path], *, out: Path | None = None) -> Iterator[InputFile]:
    """Files named directly, and document files under named folders (recursive, sorted, never inside
    ``out`` or another output folder); each file once."""
    skip = frozenset()
    if out is not None and out.is_dir():
        info = out.stat()
        skip = frozenset({(info.st_dev, info.st_ino)})
    seen: set[str] = set()
    for path in paths:
        found = [InputFile(p, path) for p in sorted(_walk(path, skip))] if path.is_dir() else [InputFile(path)]
        for item in found:
            key = os.path.realpath(item.path)
            if key not in seen:
                seen.add(key)
                yield item


def file_digest(path: Path) -> str | None:
    """The sha256 of the file's bytes, or None when it cannot be read (the reader reports why)."""
    try:
        if not path.is_file():
            return None
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _walk(folder: Path, skip: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Path]:
    """Document files under ``folder``, depth first with an explicit stack (no recursion limit),
    never following symlinked folders; a broken or looping link with a document name is kept so
    that it is reported rather than skipped. Output folders are not entered: those in ``skip``
    (``(st_dev, st_ino)``), any ``.gongwen`` state folder and any folder holding one or a report."""
    wanted = FORMATS.keys() | NOT_YET_READ.keys()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        if current is not folder and _is_output(current, entries, skip):
            continue
        subfolders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in wanted and _file_or_broken_link(entry):
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def _is_output(folder: Path, entries: list[os.DirEntry], skip: frozenset[tuple[int, int]]) -> bool:
    """Whether ``folder`` is gongwen's own: OUT (in ``skip``), its state folder, or a folder holding
    either (an earlier OUT) or a report site — read back, a run would take its own texts as input."""
    if folder.name == STATE_DIR or any(e.name in (STATE_DIR, REPORT_MARKER) for e in entries):
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in skip


def _file_or_broken_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:  # a symbolic link that loops
        return entry.is_symlink()


#: ``\\``, ``\n``, ``\xNN``, ``\uNNNN``, ``\UNNNNNNNN``: the escapes :func:`printable_path` writes.
RE_PATH_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable_path(path: str | os.PathLike) -> str:
    r"""``path`` as it is recorded (tables, manifest, cache, messages): unchanged when it is printable
    and holds no backslash, else escaped — a byte that is not UTF-8 (a GBK name from a Windows zip) as
    ``\xNN``, an unprintable character as ``\n``, ``\xNN`` or ``\uNNNN``, a backslash as ``\\``.
    Lossless: :func:`path_from_printable` gives the name back.

    >>> printable_path("通知.txt"), printable_path(os.fsdecode(b"\xd6\xd0.txt")), printable_path("a\nb")
    ('通知.txt', '\\xd6\\xd0.txt', 'a\\nb')
    """
    text = os.fsdecode(path)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape_char(ch) for ch in text)


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch.isprintable():
        return ch
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def path_from_printable(text: str) -> str:
    r"""The file name :func:`printable_path` recorded (``os.fsencode`` of it gives the original bytes).

    >>> name = os.fsdecode(b"\xd6\\.txt")
    >>> path_from_printable(printable_path(name)) == name
    True
    """
    def unescape(match: re.Match) -> str:
        escape = match.group(1)
        if escape[0] not in "xuU":
            return {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}[escape]
        code = int(escape[1:], 16)
        return chr(0xDC00 + code if escape[0] == "x" and code >= 0x80 else code)

    return RE_PATH_ESCAPE.sub(unescape, text) if "\\" in text else text
