"""The PDF reader's output on the rendered corpus, fixed: a change for speed must not change what is read.

``pdf_snapshot.json`` holds, for every PDF it names under ``corpus/rendered``,
the SHA-256 of the text the reader gives and of its blocks (page and box,
rounded to 0.01 pt), and the warnings. Equal text gives equal tables
downstream, so a refactoring of the reader (bulk glyph reads, fewer sorts)
passes only when it reads every character, line and cell as before.

A deliberate change of the layout rewrites the snapshot::

    python -m tests.pipeline.ingest.readers.test_pdf_snapshot --update

and the diff of the JSON shows which files read differently.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from pipeline.ingest.readers.pdf import read_pdf

from tests import ROOT as REPO
RENDERED = REPO / "corpus" / "rendered"
SNAPSHOT = Path(__file__).with_name("pdf_snapshot.json")
#: Not read (a scan, a font mapping to no character): the reader refuses them.
UNREAD = {"scan_only.pdf", "cid_garbage.pdf"}


def reading(path: Path) -> dict:
    """What the reader makes of ``path``: digests of its text and blocks, and its warnings."""
    source = read_pdf(str(path), path.read_bytes())
    blocks = [(start, end, page, [round(v, 2) for v in box]) for start, end, page, box in source.blocks]
    return {
        "text": hashlib.sha256(source.text.encode()).hexdigest(),
        "blocks": hashlib.sha256(json.dumps(blocks).encode()).hexdigest(),
        "warnings": [list(w) for w in source.warnings],
    }


def _expected() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}


def test_pdf_snapshot_is_there():
    """Without the snapshot the parametrised test below would collect nothing and pass."""
    assert len(_expected()) >= 40, SNAPSHOT


@pytest.mark.parametrize("name", sorted(_expected()))
def test_pdf_reading_unchanged(name):
    assert reading(RENDERED / name) == _expected()[name]


def update(names: list[str]) -> None:
    """Rewrite the snapshot for ``names`` (paths under ``corpus/rendered``; default: the ones it holds)."""
    names = names or sorted(_expected())
    SNAPSHOT.write_text(json.dumps({n: reading(RENDERED / n) for n in sorted(names)}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:2] == ["--update"]:
    update(sys.argv[2:])
