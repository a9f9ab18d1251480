""":mod:`pipeline.chain`: One document's straight path: Source → Circular → rows. Pure: no files, no processes.

::

    source = read_path(Path("通知.docx"))            # pipeline.ingest.readers
    circular = source_to_circular(source, stages=("fields",))
    tables = circular_to_rows(circular, extractors.load())

The readers (:mod:`pipeline.ingest.readers`) make the :class:`Source`;
normalisation and segmentation make the :class:`Circular`; the stages the
extractors ``require`` (``fields``) fill it in; each extractor then makes its
table's rows. Everything around it — finding inputs, hashing, the cache,
processes, writing — is :mod:`pipeline.run`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable

from extractors.registry import ExtractorInfo, get_stage
from pipeline.document import Circular, Source
from pipeline.errors import W_DATE_AMBIGUOUS, W_NO_TASKS, W_STRUCTURE, SettingsError
from pipeline.ingest import DEFAULT_OPENCC_CONFIG, normalise
from pipeline.ingest.segment import structure_warnings, text_to_segments
from schemas import IssueRow

#: What the ingest gives every Circular (an extractor may ``require`` these without a stage).
CIRCULAR_PROVIDES = frozenset({"text", "offsets", "source", "sections", "tasks"})
#: Circular attributes a stage fills (``extractors/<name>.py``), in the order they run.
STAGES = ("fields",)


def load_extractors(names: Iterable[str]) -> list[ExtractorInfo]:
    """The extractors ``names`` (:func:`extractors.load`), each requirement checked.

    Raises:
        SettingsError: a name registers no extractor (``ids``, ``fields``: modules that are not one),
            or an extractor needs what nothing provides.
    """
    import extractors
    from extractors.registry import known

    names = tuple(names)
    try:
        infos = extractors.load(names)
    except (ImportError, ValueError):  # no such module, or it registers no extractor of that name
        registered = known()
        unknown = [name for name in names if name not in registered]
        raise SettingsError(f'"extractors": unknown {", ".join(map(repr, unknown))}; '
                            f'choose from {", ".join(registered)}') from None
    check_extractors(infos)
    return infos


def check_extractors(infos: list[ExtractorInfo]) -> None:
    """Every extractor's ``requires`` is something the Circular provides or a stage fills (spaCy's ``validate_attrs``).

    Raises:
        SettingsError: an extractor needs what nothing provides.
    """
    for info in infos:
        missing = set(info.requires) - CIRCULAR_PROVIDES - set(STAGES)
        if missing:
            raise SettingsError(f"extractor {info.versioned_name} requires {sorted(missing)}, which nothing provides")


def stages_for(infos: Iterable[ExtractorInfo]) -> tuple[str, ...]:
    """The stages ``infos`` (and the extractors they use) require, in run order: ``("fields",)`` for ``dates``, none for ``tasks``."""
    return _stages(tuple(infos))


@functools.cache  # asked once per document by the worker: the answer depends only on the extractors
def _stages(infos: tuple[ExtractorInfo, ...]) -> tuple[str, ...]:
    import extractors

    needed: set[str] = set()
    todo, seen = list(infos), set()
    while todo:  # departments uses bodies' rules and bodies departments' rows: each once
        info = todo.pop()
        if info.name not in seen:
            seen.add(info.name)
            needed.update(info.requires)
            todo.extend(extractors.load(info.uses))
    return tuple(name for name in STAGES if name in needed)


def doc_id_of(source: Source) -> str:
    """A stable id from the content: the first 16 hex digits of the input's sha256."""
    digest = source.digest or hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return digest[:16]


def source_to_circular(source: Source, *, opencc_config: str = DEFAULT_OPENCC_CONFIG,
                       stages: Iterable[str] = STAGES) -> Circular:
    """Normalise and segment a read source, then run ``stages`` over it (every stage unless told).

    >>> text = "2019年政务公开工作要点\\n一、总体要求\\n坚持稳中求进。\\n二、重点任务\\n1.推进数字化。\\n2.加强监管。"
    >>> doc = source_to_circular(Source("t.txt", "txt", text))
    >>> doc.fields.year, [s.title for s in doc.sections], [t.title for t in doc.tasks]
    (2019, ['总体要求', '重点任务'], ['推进数字化', '加强监管'])
    """
    tracked = normalise.source_to_tracked(source.text, opencc_config=opencc_config)
    sections, tasks = text_to_segments(tracked.text)
    circular = Circular(
        doc_id=doc_id_of(source),
        source=source,
        text=tracked.text,
        offsets=tracked.origin,
        script=normalise.detect_script(source.text),
        sections=sections,
        tasks=tasks,
    )
    for name in stages:
        circular = dataclasses.replace(circular, **{name: get_stage(name).func(circular)})
    return circular


def circular_to_rows(circular: Circular, infos: list[ExtractorInfo]) -> dict[str, list]:
    """Run each extractor over ``circular``; one list of rows per table, plus its ``issues``.

    Each extractor sees the rows of those before it (``circular.rows``), so one that
    ``uses`` an earlier extractor's rows does not make them again.
    """
    tables: dict[str, list] = {}
    for info in infos:
        tables[info.name] = list(info.func(circular))
        circular = dataclasses.replace(circular, rows={**circular.rows, info.name: tuple(tables[info.name])})
    tables["issues"] = document_issues(circular, tables)
    return tables


def document_issues(circular: Circular, tables: dict[str, list]) -> list[IssueRow]:
    """The ``issues`` rows of one document: its reader's warnings, dates whose year was inferred, no tasks, irregular numbering."""
    issues = [IssueRow(circular.doc_id, code, message, None, None) for code, message in circular.source.warnings]
    issues += [
        IssueRow(circular.doc_id, W_DATE_AMBIGUOUS, f"'{row.text}' read as {row.date_end}", row.char_start, row.char_end)
        for row in tables.get("dates", ())
        if row.ambiguous
    ]
    if not circular.tasks:
        issues.append(IssueRow(circular.doc_id, W_NO_TASKS, "no enumerated items or task table found", None, None))
    issues += [IssueRow(circular.doc_id, W_STRUCTURE, m, start, end) for start, end, m in structure_warnings(circular.text)]
    return issues
