"""Shared fixtures: build a Circular from a string, so extractor tests never open a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.chain import source_to_circular
from pipeline.document import Source

from tests import ROOT


def make_circular(text: str, *, path: str = "test.txt"):
    """A fully normalised and segmented Circular from raw ``text`` (as a TXT reader would give it)."""
    return source_to_circular(Source(path=path, format="txt", text=text, encoding="utf-8"))


@pytest.fixture(name="make_circular")
def make_circular_fixture():
    return make_circular


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp_zh():
    pytest.importorskip("jieba")
    import spacy

    return spacy.blank("zh")


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    """One ``gongwen run corpus/seeds corpus/dev -o OUT`` for every test that reads an output folder."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    out = tmp_path_factory.mktemp("seeds-out")
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "corpus" / "seeds"), str(ROOT / "corpus" / "dev"), "-o", str(out), "-q"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out
