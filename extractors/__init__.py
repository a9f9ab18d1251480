""":mod:`extractors`: Pure functions from a normalised :class:`~pipeline.document.Circular` to table rows."""

from __future__ import annotations

import importlib

from extractors.registry import ExtractorInfo, get

#: The built-in extractors, in the order their tables are written. Each name is
#: both a module of this package and the table it fills.
DEFAULT_EXTRACTORS: tuple[str, ...] = ("documents", "sections", "tasks", "departments", "bodies", "quotas", "dates")


def load(names: tuple[str, ...] = DEFAULT_EXTRACTORS) -> list[ExtractorInfo]:
    """Import the modules that declare ``names`` and return their registrations, in order."""
    for name in names:
        importlib.import_module(f"extractors.{name}")
    return [get(name) for name in names]
