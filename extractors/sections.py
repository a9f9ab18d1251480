""":mod:`extractors.sections`: Rows for the labelled items that have items under them."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.ids import section_id
from extractors.registry import extractor
from pipeline.document import Circular
from schemas.sections import SectionRow


@extractor("sections", schema=SectionRow, requires=("sections",), version=1)
def extract_sections(doc: Circular) -> Iterator[SectionRow]:
    """One row per section, parents before children.

    >>> from tests.conftest import make_circular
    >>> [r.title for r in extract_sections(make_circular("一、总体要求\\n1.加强领导。\\n二、保障措施\\n1.强化督查。"))]
    ['总体要求', '保障措施']
    """
    for section in doc.sections:
        parent = doc.sections[section.parent] if section.parent is not None else None
        yield SectionRow(
            section_id(doc, section),
            doc.doc_id,
            section_id(doc, parent) if parent else None,
            section.level,
            section.label,
            section.number,
            section.title,
            section.char_start,
            section.char_end,
        )
