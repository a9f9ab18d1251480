"""gongwen's tests: ``tests/pipeline`` and ``tests/extractors`` mirror the packages."""

from pathlib import Path

#: The checkout: corpus/, README.md and pyproject.toml are found from here.
ROOT = Path(__file__).resolve().parent.parent
