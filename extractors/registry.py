""":mod:`extractors.registry`: Declare extractors like spaCy components and look them up by name."""

from __future__ import annotations

import importlib

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import catalogue

#: name -> ExtractorInfo, filled by the @extractor decorator.
extractors = catalogue.create("gongwen", "extractors", entry_points=False)


@dataclass(frozen=True)
class ExtractorInfo:
    """What the orchestrator needs to know of an extractor before it runs it."""

    name: str  # also the table it fills
    func: Callable[..., Iterator[Any]]
    schema: type
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    version: int
    uses: tuple[str, ...] = ()  # other extractors whose rules this one calls: their versions count too

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
    assigns: tuple[str, ...] = (),
    version: int = 1,
    uses: tuple[str, ...] = (),
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Register ``func`` as the extractor that fills table ``name``.

    ``requires`` names the Circular attributes or earlier extractors' ``assigns``
    it reads; the orchestrator checks them before running anything.
    """

    def register(func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        extractors.register(
            name,
            func=ExtractorInfo(name, func, schema, tuple(requires), tuple(assigns), version, tuple(uses)),
        )
        return func

    return register


def _loaded(name: str) -> ExtractorInfo:
    """The registration of ``name``, importing its module first (``uses`` may name one not selected)."""
    importlib.import_module(f"extractors.{name}")
    return get(name)


def get(name: str) -> ExtractorInfo:
    """The registered extractor ``name`` (raises ``catalogue.RegistryError`` when unknown)."""
    return extractors.get(name)


def all_extractors() -> dict[str, ExtractorInfo]:
    return dict(extractors.get_all())
