""":mod:`pipeline.api`: The pipeline for Python users: run it, or load a run's output, as DataFrames.

Example::

    from pipeline import api

    tables = api.run(["corpus/seeds"])
    tables["tasks"][["number", "title"]].head()

    tables = api.load("outputs/")
    api.query("outputs/", "SELECT * FROM task_overview WHERE lead_departments LIKE '%财政%'")
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

import schemas
from pipeline import __version__
from pipeline.errors import NoInputs
from pipeline.settings import Settings
from pipeline.run.storage import DUCKDB_NAME

PathLike = str | os.PathLike


def run(paths: PathLike | list[PathLike], **settings: Any) -> dict[str, pd.DataFrame]:
    """Process circulars; one DataFrame per table, exactly as ``gongwen run`` writes them and :func:`load`
    reads them (the run goes through a temporary folder, removed before this returns).

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
    from pipeline.run.batch import run_into
    from pipeline.run.storage import OutputWriter

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    settings = Settings.resolve(settings or None)
    # the tables ``gongwen run`` would write, written the same way (one path, one typing of every column)
    # into a folder of their own and read back
    with tempfile.TemporaryDirectory(prefix="gongwen-api-") as out:
        try:
            run_into(Path(out), [Path(p) for p in paths], settings, version=__version__)
        except NoInputs:  # nothing to read: every table, empty
            with OutputWriter(Path(out)) as writer:
                writer.commit({})
        return load(out)


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
