"""Write ``pipeline/data/simplified_only.txt``: the characters only simplified text has, by OpenCC.

A character is *simplified only* when OpenCC's ``s2t`` changes it and ``t2s``
keeps it (``国``, ``认``, ``质``); :func:`pipeline.ingest.normalise.detect_script`
counts them to tell a traditional text from a mixed one without loading ``s2t``
(its phrase dictionary takes about 65 ms to load, a third of a one-document run's
worker). Run again after upgrading OpenCC; ``tests/pipeline/ingest/test_normalise.py``
fails while the file is out of date::

    python scripts/make_simplified_only.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "simplified_only.txt"
#: The CJK blocks gongwen's patterns call Chinese (:data:`pipeline.ingest._patterns.CJK`).
BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
PER_LINE = 50


def simplified_only() -> str:
    """The characters of :data:`BLOCKS` that ``s2t`` changes and ``t2s`` keeps, in code point order."""
    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    return "".join(
        ch
        for first, last in BLOCKS
        for ch in map(chr, range(first, last + 1))
        if to_traditional.convert(ch) != ch and to_simplified.convert(ch) == ch
    )


def file_text(chars: str) -> str:
    header = (f"# Characters only simplified text has: OpenCC {opencc.__version__} s2t changes them, t2s keeps them.\n"
              "# Written by scripts/make_simplified_only.py; read by pipeline.ingest.normalise.detect_script.\n")
    return header + "".join(chars[i : i + PER_LINE] + "\n" for i in range(0, len(chars), PER_LINE))


def main() -> int:
    chars = simplified_only()
    OUT.write_text(file_text(chars), encoding="utf-8")
    print(f"{len(chars)} characters -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
