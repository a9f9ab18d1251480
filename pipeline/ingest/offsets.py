""":mod:`pipeline.ingest.offsets`: Text edits that remember, for every output character, where it came from."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: (start, end, replacement): replace ``text[start:end]`` with ``replacement``.
Edit = tuple[int, int, str]
#: A normalisation step: the edits it makes to a text, in increasing, non-overlapping order.
EditStep = Callable[[str], Iterable[Edit]]


@dataclass(frozen=True, eq=False)
class Tracked:
    """A text with its origin map: ``origin[i]`` is the source index of ``text[i]``.

    ``origin`` has ``len(text) + 1`` entries; the last is the source length, so
    an empty span at the end still maps somewhere.
    """

    text: str
    origin: array

    @classmethod
    def from_source(cls, text: str) -> Tracked:
        return cls(text, identity(len(text)))


#: 0, 1, 2 … as long as the longest text yet: a text's identity map is a slice of it (8 µs), where
#: ``array("l", range(n + 1))`` took 1.8 ms for a 30,000-character circular, once per step.
_IDENTITY = array("l")


def identity(n: int) -> array:
    """The origin map of an untouched text of ``n`` characters: ``0 … n``.

    >>> list(identity(3))
    [0, 1, 2, 3]
    """
    global _IDENTITY
    if len(_IDENTITY) <= n:
        _IDENTITY = array("l", range(max(n + 1, 1 << 16)))
    return _IDENTITY[: n + 1]


def apply_edits(tracked: Tracked, edits: Iterable[Edit]) -> Tracked:
    """Apply ``edits`` to ``tracked``, carrying every kept character's origin along.

    A replacement of the same length maps character to character; any other
    replacement maps all its characters to the origin of the first replaced one.

    >>> t = apply_edits(Tracked.from_source("质 检 工 作"), [(1, 2, ""), (3, 4, ""), (5, 6, "")])
    >>> t.text, list(t.origin)
    ('质检工作', [0, 2, 4, 6, 7])
    """
    text, origin = tracked.text, tracked.origin
    parts: list[str] = []
    new_origin = array("l")
    pos = 0
    for start, end, repl in edits:
        if start < pos:
            raise ValueError(f"edits overlap or are out of order at {start}")
        parts.append(text[pos:start])
        new_origin.extend(origin[pos:start])
        parts.append(repl)
        if len(repl) == end - start:
            new_origin.extend(origin[start:end])
        else:
            new_origin.extend([origin[start] if start < len(text) else origin[-1]] * len(repl))
        pos = end
    parts.append(text[pos:])
    new_origin.extend(origin[pos:])
    return Tracked("".join(parts), new_origin)


def edits_to_text(text: str, edits: Iterable[Edit]) -> str:
    """The plain-string result of ``edits`` (for the ``str -> str`` normalisers)."""
    return apply_edits(Tracked(text, identity(len(text))), edits).text
