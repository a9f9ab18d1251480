"""The registered extractors are exactly the row tables of the schema (spaCy's factory-registration test)."""

from __future__ import annotations

import importlib

import extractors
import schemas
import pytest

from pipeline.chain import CIRCULAR_PROVIDES, STAGES, check_extractors, circular_to_rows, source_to_circular, stages_for
from pipeline.document import DocumentFields, Source
from pipeline.errors import SettingsError

NOTICE = "国务院办公厅关于印发2019年政务公开工作要点的通知\n1.推进数字化。（财政部牵头，民政部配合）"


def test_registry_names_equal_schema_tables():
    infos = extractors.load()
    assert {i.name for i in infos} == set(schemas.TABLES) - {"issues", "failures"}
    for info in infos:
        assert info.schema is schemas.ROW_TYPES[info.name]


def test_registry_requires_are_provided():
    infos = extractors.load()
    check_extractors(infos)
    assert all(set(i.requires) <= CIRCULAR_PROVIDES | set(STAGES) for i in infos)


def test_an_unknown_requirement_is_a_settings_error():
    from dataclasses import replace

    info = replace(extractors.load(("tasks",))[0], requires=("tasks", "sentiment"))
    with pytest.raises(SettingsError, match="sentiment"):
        check_extractors([info])


@pytest.mark.parametrize("names, stages", [
    (("tasks",), ()),                       # tasks read the segments only: the fields stage is not run
    (("sections", "quotas"), ()),
    (("documents",), ("fields",)),          # the documents row is the fields
    (("dates",), ("fields",)),              # 年底 resolves against the document's year
    (("departments",), ("fields",)),        # 省财政厅 resolves in the issuer's province
    (("bodies",), ("fields",)),             # through the departments rows it uses
])
def test_stages_run_only_for_the_extractors_that_require_them(names, stages):
    infos = extractors.load(names)
    assert stages_for(infos) == stages
    circular = source_to_circular(Source("t.txt", "txt", NOTICE), stages=stages_for(infos))
    assert (circular.fields != DocumentFields()) == bool(stages)


def test_bodies_read_the_departments_rows_the_run_made(monkeypatch):
    """bodies ran the whole department grammar a second time per document (issue #15): now it reads
    the rows departments made, through Circular.rows, and makes them only when departments did not run."""
    from dataclasses import replace

    calls = []
    infos = extractors.load(("departments", "bodies"))
    counted = [replace(infos[0], func=lambda doc: calls.append(1) or infos[0].func(doc)), infos[1]]
    monkeypatch.setattr("extractors.registry._loaded", lambda name: counted[0] if name == "departments" else infos[1])
    tables = circular_to_rows(source_to_circular(Source("t.txt", "txt", NOTICE)), counted)
    assert len(calls) == 1
    assert [r.canonical for r in tables["bodies"]] == ["财政部", "民政部"]
    calls.clear()
    tables = circular_to_rows(source_to_circular(Source("t.txt", "txt", NOTICE)), counted[1:])
    assert len(calls) == 1 and len(tables["bodies"]) == 2  # departments not selected: made once, for bodies


def test_registry_every_extractor_has_a_docstring_example():
    for info in extractors.load():
        assert ">>>" in (info.func.__doc__ or ""), info.name


def test_registry_versioned_name_counts_the_extractors_it_uses():
    """dates asks the quota rules whether 每月 starts a rate: a change there changes date rows, so the
    cache key of dates must change with the quotas version too (it did not: stale cached dates)."""
    from extractors.registry import get

    importlib.import_module("extractors.dates")
    assert get("dates").versioned_name == f"dates.v{get('dates').version}+quotas.v{get('quotas').version}"
