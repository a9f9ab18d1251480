""":mod:`extractors._spans`: Spans of a text that extractors must not look inside (“…”, 《…》, 〔…〕)."""

from __future__ import annotations

import bisect
import re

# Quoted names, book titles and document-number brackets hold numbers that are
# part of a name (《“十三五”规划》, 国认法〔2008〕14号), never quantities or dates.
RE_PROTECTED = re.compile(r"“[^”\n]{0,80}”|《[^》\n]{0,120}》|〔[^〕\n]{0,10}〕|\"[^\"\n]{0,80}\"|「[^」\n]{0,80}」")


class ProtectedSpans:
    """The protected spans of one text, queried by offset.

    >>> spans = ProtectedSpans("开展“百千万工程”，完成3项")
    >>> spans.covers(3, 6), spans.covers(12, 14)
    (True, False)
    """

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for m in RE_PROTECTED.finditer(text):
            self._starts.append(m.start())
            self._ends.append(m.end())

    def covers(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a protected span."""
        i = bisect.bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start
