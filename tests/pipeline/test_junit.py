"""gongwen check --junit: one test case per document and table, failing exactly below the floors."""

from __future__ import annotations

import pytest

from pipeline import evaluate
from tests.conftest import ROOT
from tests.pipeline.test_cli import invoke

junitparser = pytest.importorskip("junitparser")
etree = pytest.importorskip("lxml.etree")

#: The common JUnit XML layout (Jenkins / Ant), the part this report uses.
JUNIT_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:element name="failure"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="type" type="xs:string"/><xs:attribute name="message" type="xs:string"/>
  </xs:extension></xs:simpleContent></xs:complexType></xs:element>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="testcase"><xs:complexType><xs:sequence>
    <xs:element ref="failure" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-out" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="classname" type="xs:string" use="required"/>
    <xs:attribute name="time" type="xs:decimal"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuite"><xs:complexType><xs:sequence>
    <xs:element ref="testcase" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="tests" type="xs:int" use="required"/>
    <xs:attribute name="failures" type="xs:int"/><xs:attribute name="errors" type="xs:int"/>
    <xs:attribute name="skipped" type="xs:int"/><xs:attribute name="time" type="xs:decimal"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuites"><xs:complexType><xs:sequence>
    <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string"/><xs:attribute name="tests" type="xs:int"/>
    <xs:attribute name="failures" type="xs:int"/><xs:attribute name="errors" type="xs:int"/>
    <xs:attribute name="time" type="xs:decimal"/>
  </xs:complexType></xs:element>
</xs:schema>"""

FLOORS = "tasks=0.95,departments=0.9,quotas=0.9,dates=0.9"


@pytest.fixture
def damaged_out(seeds_out, tmp_path):
    """The seeds' output with one document's departments removed: its departments case must fail."""
    import shutil

    import pyarrow.parquet as pq

    out = tmp_path / "out"
    shutil.copytree(seeds_out, out, symlinks=False)
    for name in ("departments.parquet", "departments.csv"):
        (out / name).unlink(missing_ok=True)
    table = pq.read_table(seeds_out / "departments.parquet")
    victim = table.column("doc_id")[0].as_py()
    keep = [i for i, d in enumerate(table.column("doc_id").to_pylist()) if d != victim]
    pq.write_table(table.take(keep), out / "departments.parquet")
    return out


def test_junit_fails_exactly_the_documents_below_their_floors(damaged_out, tmp_path):
    seeds_out = damaged_out
    path = tmp_path / "check.xml"
    result = invoke("check", seeds_out, "--gold", ROOT / "corpus" / "gold", "--min-f1", FLOORS, "--junit", path)
    assert result.exit_code == 1, result.output  # one document lost its departments
    etree.XMLSchema(etree.XML(JUNIT_XSD)).assertValid(etree.parse(str(path)))

    report = evaluate.score(evaluate.load_gold(ROOT / "corpus" / "gold"), evaluate.load_tables(seeds_out))
    floors = evaluate.parse_floors(FLOORS)
    expected = {(doc, table) for doc, scores in report.per_document.items()
                for table in evaluate.TABLES if scores[table].f1 < floors[table]}
    assert expected and {table for _, table in expected} == {"departments"}
    xml = junitparser.JUnitXml.fromfile(str(path))
    cases = [(suite.name, case) for suite in xml for case in suite]
    assert len(cases) == len(report.per_document) * len(evaluate.TABLES)
    failed = {(doc, case.name.split()[0]) for doc, case in cases if not case.is_passed}
    assert failed == expected
    for doc, case in cases:
        table = case.name.split()[0]
        assert case.name == f"{table} F1={report.per_document[doc][table].f1:.3f}"
        if (doc, table) in expected:
            missed = [d for d in report.diffs if d["document"] == doc and d["table"] == table]
            assert case.result[0].text.count("\n") + 1 == max(1, len(missed))


def test_junit_all_pass_without_floors(seeds_out, tmp_path):
    path = tmp_path / "check.xml"
    assert invoke("check", seeds_out, "--gold", ROOT / "corpus" / "gold", "--junit", path).exit_code == 0
    xml = junitparser.JUnitXml.fromfile(str(path))
    assert all(case.is_passed for suite in xml for case in suite)
