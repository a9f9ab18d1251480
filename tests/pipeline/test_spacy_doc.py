"""spaCy documents of a run: round trip rows → Doc → rows, displaCy, a DocBin read in a fresh process, JSONL."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import schemas

from tests.conftest import ROOT
from tests.pipeline.test_cli import invoke

spacy = pytest.importorskip("spacy")
pytest.importorskip("jieba")

from pipeline.spacy_doc import GROUPS, _records, doc_to_rows  # noqa: E402


@pytest.fixture(scope="module")
def docs(seeds_out):
    from pipeline.api import to_spacy

    return list(to_spacy(seeds_out))


def test_spacy_one_doc_per_circular_over_the_normalised_text(seeds_out, docs):
    documents = pd.read_parquet(seeds_out / "documents.parquet")
    assert [d.user_data["gongwen"]["doc_id"] for d in docs] == list(documents["doc_id"])
    for doc in docs:
        assert doc.text == (seeds_out / "text" / f"{doc.user_data['gongwen']['doc_id']}.txt").read_text(encoding="utf-8")
        assert set(doc.spans) == set(GROUPS)


def test_spacy_round_trip_rows_doc_rows(seeds_out, docs):
    for group, (table, _) in GROUPS.items():
        frame = pd.read_parquet(seeds_out / f"{table}.parquet", columns=list(schemas.TABLES[table].COLUMNS))
        want = _records(frame)  # the contract's columns: the typed DATE columns are derived when written
        got = [row for doc in docs for row in doc_to_rows(doc)[table]]
        key = lambda r: (r["doc_id"], r["char_start"], r["char_end"], str(r.get("role") or r.get("kind") or ""))  # noqa: E731
        assert sorted(got, key=key) == sorted(want, key=key), table


def test_spacy_extensions_carry_normalised_values(docs):
    spans = {g: [s for d in docs for s in d.spans[g]] for g in GROUPS}
    dept = next(s for s in spans["departments"] if s.text == "省教育厅")
    assert (dept.label_, dept._.canonical, dept._.jurisdiction) == ("lead", "××省教育厅", "××省")
    date = next(s for s in spans["dates"] if s._.date_end)
    assert date.label_ in ("deadline", "period", "recurring") and len(date._.date_end) == 10
    quota = next(s for s in spans["quotas"] if s._.qualifier == "min")
    assert isinstance(quota._.value, float) and quota._.unit
    assert all(s.label_ == "task" and s._.gongwen["task_id"] for s in spans["tasks"])


def test_spacy_displacy_renders_span_groups(docs):
    from spacy import displacy

    for group in GROUPS:
        doc = max(docs, key=lambda d: len(d.spans[group]))
        html = displacy.render(doc, style="span", options={"spans_key": group}, page=False)
        assert html.count('class="spans"') == 1 and doc.spans[group][0].label_ in html, group


def test_spacy_export_docbin_loads_in_a_fresh_process(seeds_out, tmp_path):
    path, jsonl = tmp_path / "c.spacy", tmp_path / "c.jsonl"
    result = invoke("export", seeds_out, "--spacy", path, "--jsonl", jsonl)
    assert result.exit_code == 0, result.output
    script = textwrap.dedent(f"""
        import spacy
        from spacy.tokens import DocBin
        import pipeline.spacy_doc  # registers the span extensions
        docs = list(DocBin().from_disk({str(path)!r}).get_docs(spacy.blank("zh").vocab))
        spans = [s for d in docs for s in d.spans["departments"]]
        print(len(docs), len(spans), sum(1 for s in spans if s._.body_id))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    n_docs, n_spans, with_body = map(int, out.split())
    assert n_docs == len(pd.read_parquet(seeds_out / "documents.parquet"))
    assert n_spans == with_body == len(pd.read_parquet(seeds_out / "departments.parquet"))
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == n_docs
    for line in lines:
        assert set(line) == {"text", "spans", "meta"}
        for span in line["spans"]:
            assert set(span) == {"start", "end", "label"} and 0 <= span["start"] < span["end"] <= len(line["text"])


def test_spacy_user_pipeline_is_used(seeds_out):
    from pipeline.api import to_spacy

    nlp = spacy.blank("zh")  # characters
    nlp.add_pipe("sentencizer")
    doc = next(iter(to_spacy(seeds_out, nlp=nlp)))
    assert doc.has_annotation("SENT_START") and all(len(t.text) == 1 or t.text.isascii() for t in doc[:20])


def test_run_imports_neither_spacy_nor_jieba(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pipeline.cli import cli
        try:
            cli(["run", {str(ROOT / "corpus" / "dev" / "dev04_zhijiao_2023.txt")!r}, "-o", {str(tmp_path / "o")!r}, "-q"])
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(sorted(m for m in ("spacy", "jieba", "icalendar", "thinc") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"
