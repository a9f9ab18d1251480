""":mod:`pipeline.junit`: ``gongwen check --junit``: a score against gold as a JUnit XML report for CI.

One ``<testsuite>`` per gold document, one ``<testcase>`` per table (tasks,
departments, quotas, dates) named with its F1, e.g. ``departments F1=0.949``.
A test case fails exactly when the document's F1 for that table is below the
table's floor (``--min-f1``); the failure's text lists the rows that were
missed (in gold only) and extra (in the output only). Tables without a floor
always pass and carry the same list in ``<system-out>``. The layout is the
common one of Jenkins / Ant / pytest (``testsuites > testsuite > testcase >
failure``), which GitLab, GitHub checks and Azure read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pipeline.evaluate import TABLES, Report


def _diff_lines(report: Report, document: str, table: str) -> list[str]:
    """``missed 市发改委 lead (task 1.加强…)`` lines of one document and table."""
    return [
        f"{d['what']} {d['item']} (task {str(d['task'])[:30]})"
        for d in report.diffs
        if d["document"] == document and d["table"] == table
    ]


def report_to_junit(report: Report, floors: dict[str, float]) -> ET.ElementTree:
    """The JUnit tree of a :class:`~pipeline.evaluate.Report` against per-table ``floors``.

    >>> from pipeline.evaluate import PRF
    >>> r = Report(per_document={"dev01.txt": {t: PRF(tp=9, fp=1, fn=0) for t in TABLES}})
    >>> case = report_to_junit(r, {"tasks": 0.95}).getroot().find("testsuite/testcase")
    >>> case.get("name"), case.find("failure").get("message")
    ('tasks F1=0.947', 'tasks F1 0.947 < 0.95')
    """
    root = ET.Element("testsuites", name="gongwen check")
    totals = {"tests": 0, "failures": 0}
    for document, scores in report.per_document.items():
        suite = ET.SubElement(root, "testsuite", name=document)
        failures = 0
        for table in TABLES:
            f1 = scores[table].f1
            case = ET.SubElement(suite, "testcase", name=f"{table} F1={f1:.3f}", classname=document, time="0")
            lines = _diff_lines(report, document, table)
            floor = floors.get(table)
            if floor is not None and f1 < floor:
                failure = ET.SubElement(case, "failure", message=f"{table} F1 {f1:.3f} < {floor}", type="BelowFloor")
                failure.text = "\n".join(lines) or f"{table}: no rows to compare"
                failures += 1
            elif lines:
                ET.SubElement(case, "system-out").text = "\n".join(lines)
        suite.set("tests", str(len(TABLES)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        totals["tests"] += len(TABLES)
        totals["failures"] += failures
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("time", "0")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    return tree


def write_junit(report: Report, floors: dict[str, float], path: Path) -> int:
    """Write the report to ``path`` (UTF-8 XML); the number of failed test cases."""
    tree = report_to_junit(report, floors)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return int(tree.getroot().get("failures"))
