""":mod:`extractors.fields`: The stage that fills ``Circular.fields`` (title, issuer, 发文字号, date, year).

Not a table of its own: the ``documents`` row, the year ``dates`` resolves
``年底`` against and the jurisdiction ``departments`` and ``bodies`` resolve
``省财政厅`` in all read these fields, so extractors ``require`` them and the
chain runs this stage once, only for runs that need it.
"""

from __future__ import annotations

from extractors.documents import text_to_fields
from extractors.registry import stage
from pipeline.document import Circular, DocumentFields


@stage("fields", version=1)
def circular_fields(doc: Circular) -> DocumentFields:
    """The document fields of ``doc``'s clean text.

    >>> from tests.conftest import make_circular
    >>> circular_fields(make_circular("国务院办公厅关于印发2019年政务公开工作要点的通知")).year
    2019
    """
    return text_to_fields(doc.text)
