""":mod:`pipeline._vocab`: Load the segmentation vocabulary in ``pipeline/data`` once."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def structure() -> dict:
    """``pipeline/data/structure.toml``, parsed."""
    text = resources.files("pipeline").joinpath("data", "structure.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
