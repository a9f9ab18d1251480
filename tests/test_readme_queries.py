"""The README's `gongwen query` examples for departments as entities run and answer their questions."""

from __future__ import annotations

import re

from tests.pipeline.test_cli import invoke
from tests.test_readme import README

SECTION = README.split("## Departments as entities", 1)[1].split("\n## ", 1)[0]
QUERIES = re.findall(r'^gongwen query outputs/ "(.+)"$', SECTION, re.M)


def test_readme_department_queries_run(seeds_out):
    assert len(QUERIES) == 3
    outputs = []
    for sql in QUERIES:
        result = invoke("query", seeds_out, sql, "--format", "json")
        assert result.exit_code == 0, (sql, result.output)
        outputs.append(__import__("json").loads(result.output))
    top, by_place, ndrc = outputs
    assert top and set(top[0]) == {"name", "jurisdiction", "tasks"}
    assert top == sorted(top, key=lambda r: -r["tasks"])
    assert {"jurisdiction", "year", "name", "tasks"} == set(by_place[0])
    assert ("××省", 2023, "××省教育厅") in {(r["jurisdiction"], r["year"], r["name"]) for r in by_place}
    assert all(r["year"] in (2019, 2024) and r["body"].endswith("发展和改革委员会") for r in ndrc)
