"""Integrity of the vocabulary files (dateparser's test_dateparser_data_integrity, in spirit)."""

from __future__ import annotations

import re
import tomllib

import pytest

from pipeline.vocab import load_toml
from tests import ROOT

TOML_FILES = sorted([*(ROOT / "extractors" / "data").glob("*.toml"), *(ROOT / "pipeline" / "data").glob("*.toml")])


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.mark.parametrize("path", TOML_FILES, ids=[p.name for p in TOML_FILES])
def test_data_files_toml_parses(path):
    assert tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TOML_FILES, ids=[p.name for p in TOML_FILES])
def test_data_files_patterns_compile(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    patterns = [v for k, v in data.items() if "pattern" in k]
    patterns += list(_strings(data.get("regex", {})))
    for pattern in _strings(patterns):
        re.compile(pattern)


@pytest.mark.parametrize("path", TOML_FILES, ids=[p.name for p in TOML_FILES])
def test_data_files_lists_have_no_duplicates(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def lists(node, where=""):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from lists(value, f"{where}.{key}")
        elif isinstance(node, list) and all(isinstance(v, str) for v in node):
            yield where, node

    for where, values in lists(data):
        dupes = {v for v in values if values.count(v) > 1}
        assert not dupes, f"{path.name}{where}: {sorted(dupes)}"


def test_data_files_table_headings_name_one_field_each():
    table = load_toml("pipeline", "structure.toml")["table"]
    seen: dict[str, str] = {}
    for field, words in table.items():
        for word in words:
            assert word not in seen, f"{word} is both {seen.get(word)} and {field}"
            seen[word] = field


def test_data_files_are_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert package_data == {"extractors": ["data/*"], "pipeline": ["data/*"]}


def test_data_files_metadata_labels_agree_between_pages_and_text():
    """A label the HTML reader renames (文号 → 发文字号) gives the same field when a page saved as text keeps it
    as printed: 文号：… was an ignored key in document_vocab.toml, so a TXT save lost its document number."""
    fields = tomllib.loads((ROOT / "extractors" / "data" / "document_vocab.toml").read_text(encoding="utf-8"))["metadata_fields"]
    html = tomllib.loads((ROOT / "pipeline" / "data" / "html_content.toml").read_text(encoding="utf-8"))
    for alias, label in html["metadata"]["labels"].items():
        if label in fields and alias in fields:
            assert fields[alias] == fields[label], (alias, label)
    assert fields["文号"] == "doc_number" and fields["发布机关"] == "issuer"


def test_data_files_body_suffixes_are_listed_once():
    """An ending of a body's name (署, 局) stands in one list of body_names.toml: the lists say where it counts."""
    lists = load_toml("pipeline", "body_names.toml")["suffixes"]
    words = [w for ws in lists.values() for w in ws]
    assert len(words) == len(set(words))
