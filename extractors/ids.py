""":mod:`extractors.ids`: Stable row identifiers shared by the extractors that refer to one another."""

from __future__ import annotations

from pipeline.document import Circular, Segment


def section_id(doc: Circular, section: Segment) -> str:
    return f"{doc.doc_id}-s{section.seq:03d}"


def task_id(doc: Circular, task: Segment) -> str:
    return f"{doc.doc_id}-t{task.seq:03d}"


def top_section(doc: Circular, segment: Segment) -> Segment | None:
    """The top-level section enclosing ``segment`` (ANNOTATION's ``section``), or None."""
    parent = segment.parent
    top = None
    while parent is not None:
        top = doc.sections[parent]
        parent = top.parent
    return top
