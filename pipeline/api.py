""":mod:`pipeline.api`: The pipeline for Python users: run it in memory, or load a run's output, as DataFrames.

Example::

    from pipeline import api

    tables = api.run(["corpus/seeds"])
    tables["tasks"][["number", "title"]].head()

    tables = api.load("outputs/")
    api.query("outputs/", "SELECT * FROM task_overview WHERE lead_departments LIKE '%财政%'")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

import schemas
from pipeline.settings import Settings
from pipeline.run.storage import DUCKDB_NAME, rows_to_arrow

PathLike = str | os.PathLike


def run(paths: PathLike | list[PathLike], **settings: Any) -> dict[str, pd.DataFrame]:
    """Process circulars in memory; one DataFrame per table, as ``gongwen run`` would write them.

    Args:
        paths: files and folders (read recursively), or one of them.
        **settings: overrides of :class:`pipeline.settings.Settings`, e.g. ``opencc_config="tw2s"``;
            unlike ``gongwen run``, ``[tool.gongwen]`` in pyproject.toml is not read.

    Returns:
        ``{"documents": …, "sections": …, "tasks": …, …, "failures": …}``; inputs that
        could not be read are rows of ``failures``, never exceptions.

    Raises:
        SettingsError: an unknown setting or a bad value.

    Example::

        tables = run("corpus/seeds", extractors="documents,tasks,dates")
        tables["dates"][["text", "kind", "date_end"]]
    """
    from pipeline.run.batch import run as run_pipeline

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = run_pipeline([Path(p) for p in paths], settings=Settings.resolve(settings or None))
    rows: dict[str, list] = {name: [] for name in schemas.TABLES}
    for doc in result.documents:
        for name, table_rows in doc.tables.items():
            rows.setdefault(name, []).extend(table_rows)
    rows["failures"] = list(result.failures)
    rows["issues"].extend(duplicate.issue() for duplicate in result.duplicates)
    return {name: rows_to_arrow(name, schemas.distinct_rows(name, rows[name])).to_pandas() for name in schemas.TABLES}


def load(out: PathLike) -> dict[str, pd.DataFrame]:
    """The tables of an output folder written by ``gongwen run``, one DataFrame each.

    Raises:
        FileNotFoundError: ``out`` lacks a table's Parquet file.

    Example::

        tables = load("outputs/")
        tables["departments"].groupby("role").size()
    """
    out = Path(out)
    missing = [name for name in schemas.TABLES if not (out / f"{name}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(f"{out} is not a gongwen output folder: no {missing[0]}.parquet")
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in schemas.TABLES}


def to_spacy(out: PathLike, nlp: Any = None):
    """One spaCy ``Doc`` per circular of an output folder, with span groups ``tasks``, ``sections``,
    ``departments`` (label = role), ``quotas`` and ``dates`` and their normalised values as span
    extensions (``span._.canonical``, ``span._.date_end`` …); see :mod:`pipeline.spacy_doc`.

    ``nlp`` tokenises the texts (default ``spacy.blank("zh")`` with jieba; no model is downloaded).
    Needs ``pip install 'gongwen[spacy]'``.

    Example::

        for doc in to_spacy("outputs/"):
            print([(s.text, s.label_, s._.canonical) for s in doc.spans["departments"]])
    """
    from pipeline.spacy_doc import to_spacy as docs_of

    return docs_of(out, nlp)


def query(out: PathLike, sql: str) -> pd.DataFrame:
    """One read-only SQL query over an output folder's database (tables and views), as a DataFrame.

    The same rules as ``gongwen query``: SELECT only, no access to other files.

    Raises:
        QueryRefused: the statement is not a plain query.

    Example::

        query("outputs/", "SELECT name, sum(tasks) AS tasks FROM department_load GROUP BY name")
    """
    from pipeline.query import run_sql

    columns, rows = run_sql(Path(out) / DUCKDB_NAME, sql)
    return pd.DataFrame.from_records(rows, columns=columns)
