""":mod:`extractors.registry`: Declare extractors like spaCy components and look them up by name.

The registries are plain dicts filled by the decorators as the modules are imported: no entry
points are read (catalogue cost every start 0.07 s CPU, importlib.metadata included).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


class RegistryError(ValueError):
    """No extractor or stage of that name is registered."""


#: name -> ExtractorInfo, filled by the @extractor decorator.
extractors: dict[str, ExtractorInfo] = {}


@dataclass(frozen=True)
class ExtractorInfo:
    """What the orchestrator needs to know of an extractor before it runs it."""

    name: str  # also the table it fills
    func: Callable[..., Iterator[Any]]
    schema: type
    requires: tuple[str, ...]
    version: int
    uses: tuple[str, ...] = ()  # other extractors whose rules or rows (rows_of) it reads: their versions count too

    @property
    def versioned_name(self) -> str:
        """``dates.v3+quotas.v3``: what goes into the manifest and the cache key; a change of behaviour
        bumps it, and so does one in an extractor it ``uses`` (dates asks quotas whether 每月 is a rate)."""
        used = "".join(f"+{name}.v{_loaded(name).version}" for name in self.uses)
        return f"{self.name}.v{self.version}{used}"


def extractor(
    name: str,
    *,
    schema: type,
    requires: tuple[str, ...] = (),
    version: int = 1,
    uses: tuple[str, ...] = (),
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Register ``func`` as the extractor that fills table ``name``.

    ``requires`` names the Circular attributes it reads: those the ingest provides
    (``text``, ``tasks``…) or a stage fills (``fields``: ``extractors/fields.py``);
    the chain checks them before running anything and runs only the stages
    required (:func:`pipeline.chain.check_extractors`). ``uses`` names the other
    extractors whose rules it calls or whose rows it reads (:func:`rows_of`).
    """

    def register(func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        extractors[name] = ExtractorInfo(name, func, schema, tuple(requires), version, tuple(uses))
        return func

    return register


def _loaded(name: str) -> ExtractorInfo:
    """The registration of ``name``, importing its module first (``uses`` may name one not selected)."""
    importlib.import_module(f"extractors.{name}")
    return get(name)


def get(name: str) -> ExtractorInfo:
    """The registered extractor ``name``.

    Raises:
        RegistryError: no module imported so far registers ``name`` (a ``ValueError``).
    """
    return _lookup(extractors, "extractor", name)


def _lookup(registry: dict[str, Any], kind: str, name: str) -> Any:
    try:
        return registry[name]
    except KeyError:
        raise RegistryError(f"no {kind} named {name!r}; registered: {', '.join(sorted(registry))}") from None


def known() -> list[str]:
    """Every extractor the package registers: its public modules imported, the names they register.

    >>> "dates" in known() and "fields" not in known()  # fields is a stage, not an extractor
    True
    """
    import pkgutil

    package = importlib.import_module("extractors")
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"extractors.{module.name}")
    return sorted(extractors)


@dataclass(frozen=True)
class StageInfo:
    """A stage: fills one attribute of the Circular (``fields``) that extractors may ``require``."""

    name: str  # the Circular attribute it fills, and its module under extractors/
    func: Callable[[Any], Any]
    version: int

    @property
    def versioned_name(self) -> str:
        return f"{self.name}.v{self.version}"


#: name -> StageInfo, filled by the @stage decorator.
stages: dict[str, StageInfo] = {}


def stage(name: str, *, version: int = 1) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register ``func(circular) -> value`` as the stage that fills the Circular's attribute ``name``."""

    def register(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        stages[name] = StageInfo(name, func, version)
        return func

    return register


def get_stage(name: str) -> StageInfo:
    """The stage that fills ``name``, importing ``extractors.<name>`` first."""
    importlib.import_module(f"extractors.{name}")
    return _lookup(stages, "stage", name)


def rows_of(doc: Any, name: str) -> tuple:
    """The rows extractor ``name`` made of ``doc``: those the run already made (``doc.rows``), else made now.

    An extractor that ``uses`` another one's rows reads them through this, so a run
    makes them once (``bodies`` reads the ``departments`` rows).
    """
    made = getattr(doc, "rows", {})
    return made[name] if name in made else tuple(_loaded(name).func(doc))
