""":mod:`pipeline.settings`: Every tunable of a run in one frozen object, resolved once and passed down."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import DEFAULT_EXTRACTORS
from pipeline.errors import SettingsError
from pipeline.ingest import DEFAULT_OPENCC_CONFIG
from pipeline.ingest.readers import OCR_MODES, PDF_ENGINES, ReadOptions


#: The readers' limits and choices, as they default (:class:`~pipeline.ingest.readers.ReadOptions`).
_READ = ReadOptions()
#: Where the documents of a run are processed (:mod:`pipeline.run.engines` runs each but ``auto``).
ENGINES = ("auto", "serial", "processes", "dask")


@dataclass(frozen=True)
class Settings:
    """Defaults of a run; override with ``[tool.gongwen]`` in pyproject.toml, then CLI flags."""

    opencc_config: str = DEFAULT_OPENCC_CONFIG
    extractors: tuple[str, ...] = DEFAULT_EXTRACTORS
    max_input_bytes: int = 100 * 1024 * 1024
    max_pages: int = _READ.max_pages  # PDF and OFD pages
    max_unzipped_bytes: int = _READ.max_unzipped_bytes  # a DOCX or OFD inflated (zip bombs)
    max_zip_ratio: float = _READ.max_zip_ratio  # inflated / packed size of a DOCX or OFD above 10 MB
    max_chars: int = _READ.max_chars  # text of one document
    max_memory_bytes: int = 2 * 1024 * 1024 * 1024  # heap one pool worker may add to what it inherits; 0 = no cap
    pdf_engine: str = _READ.pdf_engine  # pdfium (fast) or pdfplumber (pdfminer); each falls back on the other
    ocr: str = _READ.ocr  # PDF pages without a text layer: auto (OCR when gongwen[ocr] is installed) | off | force
    workers: int = 0  # processes for a run; 0 = every core
    engine: str = "auto"  # auto | serial | processes | dask (see pipeline.run.engines)
    scheduler: str = ""  # a dask.distributed scheduler address, e.g. tcp://10.0.0.5:8786
    time_limit: float = 300.0  # seconds per document; 0 = none

    #: Settings that decide where and how fast the work runs, not what it produces:
    #: they are left out of the fingerprint that decides whether rows can be reused.
    RUN_ONLY = ("workers", "engine", "scheduler", "time_limit", "max_memory_bytes")
    #: Safety limits: a project file may lower them, never raise or lift them (0 lifts the last three).
    LIMITS = ("max_input_bytes", "max_pages", "max_unzipped_bytes", "max_zip_ratio", "max_chars",
              "max_memory_bytes", "time_limit", "workers")
    #: Where documents are sent: only the command line (or the API caller) chooses.
    COMMAND_LINE_ONLY = ("engine", "scheduler")

    @classmethod
    def resolve(cls, value: None | dict[str, Any] | Settings = None, **overrides: Any) -> Settings:
        """Settings from None (defaults), a dict of overrides, or Settings; then ``overrides`` on top.

        >>> Settings.resolve({"opencc_config": "tw2s"}).opencc_config
        'tw2s'
        >>> Settings.resolve({"colour": "red"})
        Traceback (most recent call last):
        ...
        pipeline.errors.SettingsError: "colour" is not a valid setting
        """
        base = value if isinstance(value, Settings) else cls()
        changes = dict(value) if isinstance(value, dict) else {}
        changes.update({k: v for k, v in overrides.items() if v is not None})
        names = {f.name: f for f in dataclasses.fields(cls)}
        for key, val in list(changes.items()):
            key_norm = key.replace("-", "_")
            if key_norm not in names:
                raise SettingsError(f'"{key}" is not a valid setting')
            if key_norm != key:
                changes[key_norm] = changes.pop(key)
            if key_norm == "extractors" and isinstance(val, str):
                changes[key_norm] = tuple(v.strip() for v in val.split(",") if v.strip())
            elif key_norm == "extractors":
                changes[key_norm] = tuple(val)
            else:
                expected = type(getattr(base, key_norm))
                try:
                    changes[key_norm] = expected(val)
                except (TypeError, ValueError) as exc:
                    raise SettingsError(f'"{key}" must be {expected.__name__}, got {val!r}') from exc
        resolved = dataclasses.replace(base, **changes)
        resolved.check()
        return resolved

    @classmethod
    def from_project_file(cls, values: dict[str, Any], source: str) -> Settings:
        """Defaults with ``[tool.gongwen]`` of the project file ``source`` on top. That file may sit in
        a folder of documents someone sent, so it may only tighten limits, and may not choose where
        documents are processed.

        Raises:
            SettingsError: naming ``source`` and the setting it may not change that way.

        >>> Settings.from_project_file({"max_pages": 10}, "pyproject.toml").max_pages
        10
        >>> Settings.from_project_file({"max-pages": 10**6}, "docs/pyproject.toml")
        Traceback (most recent call last):
        ...
        pipeline.errors.SettingsError: docs/pyproject.toml: [tool.gongwen] may only tighten limits: max_pages = 1000000 is looser than the default 2000
        """
        default = cls()
        try:
            settings = cls.resolve(values)
        except SettingsError as exc:
            raise SettingsError(f"{source}: [tool.gongwen]: {exc}") from None
        for name in cls.COMMAND_LINE_ONLY:
            if getattr(settings, name) != getattr(default, name):
                raise SettingsError(f"{source}: [tool.gongwen] may not set {name} (only --{name} on the command line)")
        for name in cls.LIMITS:
            value = getattr(settings, name)
            if _cap(name, value) > _cap(name, getattr(default, name)):
                raise SettingsError(f"{source}: [tool.gongwen] may only tighten limits: {name} = {value!r} "
                                    f"is looser than the default {getattr(default, name)!r}")
        return settings

    def check(self) -> None:
        """Raises SettingsError for values no run can use, e.g. ``engine="threads"`` or a negative limit."""
        if self.engine not in ENGINES:
            raise SettingsError(f'"engine" must be one of {", ".join(ENGINES)}, got {self.engine!r}')
        if self.pdf_engine not in PDF_ENGINES:
            raise SettingsError(f'"pdf_engine" must be {" or ".join(PDF_ENGINES)}, got {self.pdf_engine!r}')
        if self.ocr not in OCR_MODES:
            modes = f'{", ".join(OCR_MODES[:-1])} or {OCR_MODES[-1]}'
            raise SettingsError(f'"ocr" must be {modes}, got {self.ocr!r}')
        if self.ocr == "force":
            from pipeline.ingest.readers import ocr

            if not ocr.available():
                raise SettingsError(f'"ocr" = force needs the OCR extra: {ocr.INSTALL_HINT}')
        unknown = [name for name in self.extractors if not _extractor_module(name)]
        if unknown or not self.extractors:
            from extractors.registry import known

            raise SettingsError(f'"extractors": unknown {", ".join(map(repr, unknown)) or "(none given)"}; '
                                f'choose from {", ".join(known())}')
        if not _opencc_config_exists(self.opencc_config):
            raise SettingsError(f'"opencc_config": unknown {self.opencc_config!r}; '
                                f'choose from {", ".join(opencc_configs())}')
        for name in self.LIMITS:
            if getattr(self, name) < 0:
                raise SettingsError(f'"{name}" must not be negative, got {getattr(self, name)!r}')

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    def read_options(self):
        """The limits and choices the readers apply (:class:`pipeline.ingest.readers.ReadOptions`)."""
        return ReadOptions(self.max_pages, self.max_unzipped_bytes, self.max_zip_ratio, self.max_chars, self.pdf_engine,
                           ocr=self.ocr)

    def result_dict(self) -> dict[str, Any]:
        """The settings that change what a run produces (everything but :attr:`RUN_ONLY`)."""
        result = {k: v for k, v in self.as_dict().items() if k not in self.RUN_ONLY}
        from pipeline.ingest.readers import ocr

        result["ocr"] = ocr.effective_mode(self.ocr)  # installing the extra changes what scans give
        return result


def _cap(name: str, value: float) -> float:
    """A limit as a number to compare: 0 is no cap for memory and time, every core for workers."""
    if value == 0 and name in ("max_memory_bytes", "time_limit"):
        return float("inf")
    if value == 0 and name == "workers":
        return os.cpu_count() or 1
    return value


def _extractor_module(name: str) -> bool:
    """Whether ``extractors/<name>.py`` exists, found without importing it (a run that has nothing to
    do imports no extractor); whether it registers an extractor is checked when the run loads it
    (:func:`pipeline.chain.load_extractors`)."""
    import importlib.util

    return bool(re.fullmatch(r"[a-z][a-z0-9_]*", name)) and importlib.util.find_spec(f"extractors.{name}") is not None


@functools.cache
def _opencc_config_exists(config: str) -> bool:
    import opencc

    try:
        opencc.OpenCC(config)
    except Exception:  # OpenCC raises RuntimeError for a file it cannot find or parse
        return False
    return True


def opencc_configs() -> list[str]:
    """The conversions OpenCC ships (``t2s``, ``tw2s``, ``hk2s`` …), from its configuration files."""
    import opencc

    found = {path.stem for path in Path(opencc.__file__).parent.rglob("*.json")}
    return sorted(found) or ["t2s", "tw2s", "hk2s"]
