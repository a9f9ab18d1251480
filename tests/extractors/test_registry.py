"""The registered extractors are exactly the row tables of the schema (spaCy's factory-registration test)."""

from __future__ import annotations

import importlib

import extractors
import schemas
from pipeline.run.orchestrate import CIRCULAR_PROVIDES, check_extractors


def test_registry_names_equal_schema_tables():
    infos = extractors.load()
    assert {i.name for i in infos} == set(schemas.TABLES) - {"issues", "failures"}
    for info in infos:
        assert info.schema is schemas.ROW_TYPES[info.name]


def test_registry_requires_are_provided():
    infos = extractors.load()
    check_extractors(infos)
    assert all(set(i.requires) <= CIRCULAR_PROVIDES for i in infos)


def test_registry_every_extractor_has_a_docstring_example():
    for info in extractors.load():
        assert ">>>" in (info.func.__doc__ or ""), info.name


def test_registry_versioned_name_counts_the_extractors_it_uses():
    """dates asks the quota rules whether 每月 starts a rate: a change there changes date rows, so the
    cache key of dates must change with the quotas version too (it did not: stale cached dates)."""
    from extractors.registry import get

    importlib.import_module("extractors.dates")
    assert get("dates").versioned_name == f"dates.v{get('dates').version}+quotas.v{get('quotas').version}"
