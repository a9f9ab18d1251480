""":mod:`extractors.tasks`: Rows for the tasks: enumerated items with no items under them, and task-table rows."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.ids import section_id, task_id, top_section
from extractors.registry import extractor
from pipeline.document import Circular
from schemas.tasks import TaskRow


@extractor("tasks", schema=TaskRow, requires=("tasks", "sections"), version=1)
def extract_tasks(doc: Circular) -> Iterator[TaskRow]:
    """One row per task, with its enclosing top-level section and its source span.

    >>> from tests.conftest import make_circular
    >>> row = next(extract_tasks(make_circular("一、工作任务\\n1.加强组织领导。（牵头单位：市发展改革委）")))
    >>> row.number, row.section, row.text
    ('1', '工作任务', '加强组织领导。（牵头单位：市发展改革委）')
    """
    for task in doc.tasks:
        top = top_section(doc, task)
        parent = doc.sections[task.parent] if task.parent is not None else None
        src_start, src_end = doc.source_span(task.char_start, task.char_end)
        page_start, page_end = doc.pages(task.char_start, task.char_end)
        yield TaskRow(
            task_id(doc, task),
            doc.doc_id,
            task.seq,
            task.number,
            top.title if top else None,
            section_id(doc, parent) if parent else None,
            task.title,
            doc.text[task.char_start : task.char_end],
            task.char_start,
            task.char_end,
            task.source,
            src_start,
            src_end,
            page_start,
            page_end,
        )
