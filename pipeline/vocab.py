""":mod:`pipeline.vocab`: The one loader of the vocabulary files in a package's ``data/`` folder.

Both layers read their words through it, each file parsed once: ``pipeline/data``
(segmentation, numerals, role words, body-name endings and administrative levels, the
HTML reader, export headers) and ``extractors/data`` (document fields, dates, quotas,
bodies, department aliases). A word both layers need lives in a ``pipeline/data`` file,
since :mod:`pipeline.ingest` must not import :mod:`extractors`.

>>> load_toml("pipeline", "structure.toml")["imprint_markers"]
['印发', '印制']
>>> load_csv("extractors", "places.csv")[0]["name"]
'北京市'
"""

from __future__ import annotations

import csv
import functools
import io
import tomllib
from importlib import resources


def data_text(package: str, name: str) -> str:
    """The text of ``<package>/data/<name>``."""
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def load_toml(package: str, name: str) -> dict:
    """``<package>/data/<name>`` parsed with :mod:`tomllib` (cached: do not change the dict)."""
    return tomllib.loads(data_text(package, name))


@functools.cache
def load_csv(package: str, name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``<package>/data/<name>`` as dicts keyed by its header (cached)."""
    return tuple(csv.DictReader(io.StringIO(data_text(package, name))))


#: The lists of ``body_names.toml`` whose endings count in each place a body's name is recognised.
_SUFFIX_LISTS = {
    "signature": ("everywhere",),  # a line that signs the circular (segmentation)
    "issuer": ("everywhere", "signing_and_names", "signing"),  # a signing body, not a person (documents)
    "name": ("everywhere", "signing_and_names", "names"),  # a whole body name in running text (departments)
}


@functools.cache
def body_suffixes(where: str) -> tuple[str, ...]:
    """The endings of a body's name that count ``where`` (signature, issuer or name), from ``body_names.toml``.

    >>> [("署" in body_suffixes(w), "处" in body_suffixes(w), "总局" in body_suffixes(w)) for w in _SUFFIX_LISTS]
    [(True, False, False), (True, True, True), (True, True, False)]
    """
    suffixes = load_toml("pipeline", "body_names.toml")["suffixes"]
    return tuple(word for name in _SUFFIX_LISTS[where] for word in suffixes[name])
