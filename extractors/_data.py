""":mod:`extractors._data`: The vocabulary files in ``extractors/data``, read through :mod:`pipeline.vocab`."""

from __future__ import annotations

from pipeline import vocab


def load_toml(name: str) -> dict:
    """``extractors/data/<name>`` parsed (cached): ``load_toml("date_vocab.toml")["markers"]["recurring"]``."""
    return vocab.load_toml("extractors", name)


def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``extractors/data/<name>`` as dicts (cached): ``load_csv("places.csv")[0]["name"]`` is 北京市."""
    return vocab.load_csv("extractors", name)
