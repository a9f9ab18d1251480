"""Golden tests: the pipeline over corpus/ must stay above the F1 floors, document by document and in total."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.run.batch import run
from pipeline.run.storage import write_output

from tests import ROOT
GOLD = sorted((ROOT / "corpus" / "gold").glob("*.json"))

#: The floors of the foundation issue, over the whole corpus.
TOTAL_FLOORS = {"tasks": 0.95, "departments": 0.95, "quotas": 0.90, "dates": 0.90}
#: Per document, a little lower: one miss in a short document should not fail CI on its own.
DOCUMENT_FLOORS = {"tasks": 0.90, "departments": 0.90, "quotas": 0.80, "dates": 0.80}


def _source_of(gold_file: Path) -> Path:
    """The circular a gold file annotates: in corpus/seeds (the seeds) or corpus/dev (the development set)."""
    name = json.loads(gold_file.read_text(encoding="utf-8"))["source"]
    found = [p for folder in ("seeds", "dev") if (p := ROOT / "corpus" / folder / name).exists()]
    assert found, f"{gold_file.name}: no corpus file {name}"
    return found[0]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> evaluate.Report:
    out = tmp_path_factory.mktemp("golden")
    sources = [_source_of(p) for p in GOLD]
    result = run(sources)
    assert not result.failures
    tables: dict[str, list] = {}
    for doc in result.documents:
        for name, rows in doc.tables.items():
            tables.setdefault(name, []).extend(rows)
    write_output(out, tables, {d.doc_id: (d.clean_text, d.source_text) for d in result.documents}, {})
    return evaluate.score(evaluate.load_gold(ROOT / "corpus" / "gold"), evaluate.load_tables(out))


@pytest.mark.slow
@pytest.mark.parametrize("table", sorted(TOTAL_FLOORS))
def test_golden_total_floor(report, table):
    assert report.totals[table].f1 >= TOTAL_FLOORS[table], [d for d in report.diffs if d["table"] == table][:10]


@pytest.mark.slow
@pytest.mark.parametrize("gold_file", GOLD, ids=[p.stem for p in GOLD])
def test_golden_document_floor(report, gold_file):
    label = json.loads(gold_file.read_text(encoding="utf-8"))["source"]
    scores = report.per_document[label]
    for table, floor in DOCUMENT_FLOORS.items():
        assert scores[table].f1 >= floor, (table, [d for d in report.diffs if d["document"] == label and d["table"] == table])


@pytest.mark.slow
def test_golden_document_fields(report):
    assert min(report.fields_accuracy().values()) >= 0.8, report.fields_accuracy()
