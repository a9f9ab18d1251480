""":mod:`extractors._data`: Load the vocabulary files in ``extractors/data`` once each."""

from __future__ import annotations

import csv
import functools
import io
import tomllib
from importlib import resources


def data_text(name: str) -> str:
    """The text of ``extractors/data/<name>``."""
    return resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def load_toml(name: str) -> dict:
    """``extractors/data/<name>`` parsed with :mod:`tomllib` (cached)."""
    return tomllib.loads(data_text(name))


@functools.cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``extractors/data/<name>`` as dicts (cached)."""
    return tuple(csv.DictReader(io.StringIO(data_text(name))))
