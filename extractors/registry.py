""":mod:`extractors.registry`: Declare extractors like spaCy components and look them up by name."""

from __future__ import annotations

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

    @property
    def versioned_name(self) -> str:
        """``dates.v1``: what goes into the manifest; a change of behaviour bumps it."""
        return f"{self.name}.v{self.version}"


def extractor(
    name: str,
    *,
    schema: type,
    requires: tuple[str, ...] = (),
    assigns: tuple[str, ...] = (),
    version: int = 1,
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Register ``func`` as the extractor that fills table ``name``.

    ``requires`` names the Circular attributes or earlier extractors' ``assigns``
    it reads; the orchestrator checks them before running anything.
    """

    def register(func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        extractors.register(
            name,
            func=ExtractorInfo(name, func, schema, tuple(requires), tuple(assigns), version),
        )
        return func

    return register


def get(name: str) -> ExtractorInfo:
    """The registered extractor ``name`` (raises ``catalogue.RegistryError`` when unknown)."""
    return extractors.get(name)


def all_extractors() -> dict[str, ExtractorInfo]:
    return dict(extractors.get_all())
