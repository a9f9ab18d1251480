""":mod:`pipeline.ingest.readers._docx_numbering`: Word's automatic list numbering, rendered as text.

python-docx leaves list labels out of ``paragraph.text``: a circular whose
``一、`` / ``（一）`` / ``1.`` are Word auto-numbers would lose its whole
structure. This module reads ``word/numbering.xml`` (already checked safe by
:func:`pipeline.ingest.readers.docx.check_package`) and the paragraph styles, keeps
Word's counters while the paragraphs are visited in document order, and
renders each paragraph's label (``%1、`` → ``一、``, ``%1.%2`` → ``1.2``).

Counting follows Word:

* ``w:num`` instances that share an ``w:abstractNum`` share its counters (a
  list split by other paragraphs continues); a ``w:num`` with a
  ``w:lvlOverride/w:startOverride`` restarts the overridden levels the first
  time it is used.
* Using a level restarts every deeper level, unless that deeper level's
  ``w:lvlRestart`` says otherwise (``0`` = never, ``n`` = only when level
  ``n`` or a shallower one is used).
* A ``%N`` for a level not used yet shows that level's start value.
* ``w:isLgl`` shows every ``%N`` of the level in decimal.
* Numbering comes from the paragraph's own ``w:numPr`` or from its paragraph
  style (followed along ``w:basedOn``); ``w:numId`` 0 means "no numbering".
  ``w:abstractNum/w:numStyleLink`` is followed to the numbering style's list.

One repair departs from Word, for packages LibreOffice (or OpenOffice) wrote
(``docProps/app.xml``): their Word 97 export cannot say "this paragraph
restarts the list", so it gives the restarting paragraph a list of its own, a
copy of the whole list (``WW8TempExport…`` in LibreOffice's
``sw/source/filter/ww8/wrtw8num.cxx``, ``DuplicateNumRule``), and the
paragraphs after it stay in the original list, which then counts from its
start again: ``一、`` ``一、`` ``二、`` where Word wrote ``一、`` ``二、`` ``三、``.
Converted back to DOCX the copy is an ``w:abstractNum`` equal to an earlier
one except for start values, used by one paragraph. In such a package that
paragraph restarts the earlier list at the copy's start, and the earlier list
counts on from it (:meth:`Numbering.join_restart_copies`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline.ingest.readers._docx_numfmt import bullet_text, format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: How many levels a list may have (OOXML: ilvl 0–8).
MAX_LEVELS = 9
#: Most ``basedOn`` / ``numStyleLink`` hops followed (guards against cycles).
MAX_STYLE_DEPTH = 16


_RE_PLACEHOLDER = re.compile(r"%([1-9])")
#: ``<Application>`` of ``docProps/app.xml`` in a package written by LibreOffice or OpenOffice.
_RE_LIBREOFFICE = re.compile(rb"<(?:\w+:)?Application>\s*(?:LibreOffice|OpenOffice)")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(element, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` of ``element``, or None when either is missing."""
    if element is None:
        return None
    child = element.find(_w(tag))
    if child is None:
        return None
    return child.get(_w("val"))


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _on(element, tag: str) -> bool:
    """An OOXML on/off property (``<w:isLgl/>``, ``w:val="true"``)."""
    child = element.find(_w(tag))
    if child is None:
        return False
    return child.get(_w("val"), "true").lower() not in ("0", "false", "off")


# -- number formats --------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One ``w:lvl``: how a list level counts and what its label looks like."""

    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText, e.g. "%1、"; None when absent
    restart: int | None = None  # w:lvlRestart: None = after any shallower level, 0 = never
    suffix: str = "tab"  # w:suff: tab, space or nothing
    legal: bool = False  # w:isLgl
    style: str | None = None  # w:pStyle: the paragraph style tied to this level


def _level(lvl) -> Level | None:
    ilvl = _int(lvl.get(_w("ilvl")))
    if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
        return None
    start = _int(_val(lvl, "start"))
    restart = _int(_val(lvl, "lvlRestart"))
    text_el = lvl.find(_w("lvlText"))
    text = None
    if text_el is not None:
        text = text_el.get(_w("val"), "")
    return Level(
        ilvl=ilvl,
        start=1 if start is None else start,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=text,
        restart=restart,
        suffix=_val(lvl, "suff") or "tab",
        legal=_on(lvl, "isLgl"),
        style=_val(lvl, "pStyle"),
    )


@dataclass
class _Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # whole w:lvl overrides
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level


@dataclass(frozen=True)
class _StyleNumbering:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class Numbering:
    """The list definitions of one document, and the counters while its paragraphs are read in order."""

    def __init__(self, numbering_element=None, styles_element=None):
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._abstract_order: list[str] = []  # abstractNumIds as numbering.xml lists them
        self._abstract_links: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self._same_list: dict[str, str] = {}  # abstractNumId -> the abstractNumId whose list it shares
        self._nums: dict[str, _Num] = {}
        self._styles: dict[str, _StyleNumbering] = {}
        self._default_style: str | None = None
        if styles_element is not None:
            self._read_styles(styles_element)
        if numbering_element is not None:
            self._read_numbering(numbering_element)
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        # Labels given so far, by paragraph element (holding the element keeps lxml's proxy, so it stays the key).
        self._labelled: dict[object, tuple[str, str] | None] = {}

    # reading ---------------------------------------------------------------------------------

    def _read_styles(self, styles) -> None:
        for style in styles.iterfind(_w("style")):
            kind = style.get(_w("type"), "paragraph")
            if kind not in ("paragraph", "numbering"):  # numbering styles: targets of numStyleLink
                continue
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            self._styles[style_id] = _StyleNumbering(
                based_on=_val(style, "basedOn"),
                num_id=_val(num_pr, "numId"),
                ilvl=_int(_val(num_pr, "ilvl")),
            )
            if kind == "paragraph" and style.get(_w("default")) in ("1", "true", "on") and self._default_style is None:
                self._default_style = style_id

    def _read_numbering(self, numbering) -> None:
        for abstract in numbering.iterfind(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"))
            if abstract_id is None:
                continue
            levels = {}
            for lvl in abstract.iterfind(_w("lvl")):
                level = _level(lvl)
                if level is not None and level.ilvl not in levels:
                    levels[level.ilvl] = level
            if abstract_id not in self._abstracts:
                self._abstract_order.append(abstract_id)
            self._abstracts[abstract_id] = levels
            link = _val(abstract, "numStyleLink")
            if link:
                self._abstract_links[abstract_id] = link
        for num in numbering.iterfind(_w("num")):
            num_id = num.get(_w("numId"))
            abstract_id = _val(num, "abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            entry = _Num(abstract_id)
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    entry.starts[ilvl] = start
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    level = _level(lvl)
                    if level is not None:
                        entry.levels[ilvl] = replace(level, ilvl=ilvl)
            self._nums[num_id] = entry
        # Resolve numStyleLink now: the abstractNum takes its levels from the
        # list its numbering style points at.
        for abstract_id, style_id in self._abstract_links.items():
            target = self._linked_abstract(style_id)
            if target is not None and target != abstract_id:
                self._abstracts[abstract_id] = self._abstracts.get(target, {})
                self._same_list[abstract_id] = target

    def _linked_abstract(self, style_id: str) -> str | None:
        seen = 0
        while style_id and seen < MAX_STYLE_DEPTH:
            seen += 1
            num_id = self._style_num(style_id)[0]
            num = self._nums.get(num_id or "")
            if num is None:
                return None
            link = self._abstract_links.get(num.abstract)
            if link is None or link == style_id:
                return num.abstract
            style_id = link
        return None

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph style gives (following ``w:basedOn``)."""
        num_id = ilvl = None
        for _ in range(MAX_STYLE_DEPTH):
            style = self._styles.get(style_id or "")
            if style is None:
                break
            if num_id is None:
                num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
            if num_id is not None and ilvl is not None:
                break
            style_id = style.based_on
        return num_id, ilvl

    @property
    def empty(self) -> bool:
        return not self._nums

    def join_restart_copies(self, body) -> list[str]:
        """Rejoin the lists LibreOffice's Word 97 export split off for restarted paragraphs; returns the numIds rejoined.

        A copy is an ``w:abstractNum`` whose levels equal those of one listed
        before it except for their ``w:start``, and whose ``w:num`` are used by
        one paragraph of ``body`` (the ``w:body`` element) in all. That
        paragraph restarts the earlier list at the copy's start value for its
        level, and the earlier list's paragraphs after it count on from there
        (as in the DOCX LibreOffice was given). Call before the first label.
        """
        uses: Counter[str] = Counter()
        level_of: dict[str, int] = {}
        fallback = f"{{{MC_NS}}}Fallback"
        for p in body.iter(_w("p")):
            if any(a.tag == fallback for a in p.iterancestors()):
                continue  # the VML copy of a text box: the same paragraph twice
            found = self.paragraph_numbering(p)
            if found is not None:
                uses[found[0]] += 1
                level_of[found[0]] = found[1]
        first_like: dict[tuple, str] = {}
        copy_of: dict[str, str] = {}
        for abstract_id in self._abstract_order:
            levels = self._abstracts.get(abstract_id)
            if not levels or abstract_id in self._same_list:
                continue
            shape = tuple(sorted((i, replace(lv, start=1)) for i, lv in levels.items()))
            if shape in first_like:
                copy_of[abstract_id] = first_like[shape]
            else:
                first_like[shape] = abstract_id
        joined = []
        for abstract_id, original in copy_of.items():
            num_ids = [n for n, num in self._nums.items() if num.abstract == abstract_id]
            used = [n for n in num_ids if uses[n]]
            if len(used) != 1 or uses[used[0]] != 1:
                continue
            num_id = used[0]
            num = self._nums[num_id]
            ilvl = level_of[num_id]
            level = self._levels(num).get(ilvl)
            if level is None:
                continue
            self._same_list[abstract_id] = self._same_list.get(original, original)
            num.starts.setdefault(ilvl, level.start)
            joined.append(num_id)
        return joined

    # counting --------------------------------------------------------------------------------

    def paragraph_numbering(self, p) -> tuple[str, int] | None:
        """``(numId, ilvl)`` of a ``w:p`` element, from its own ``w:numPr`` or its style; None when unnumbered."""
        p_pr = p.find(_w("pPr"))
        num_pr = p_pr.find(_w("numPr")) if p_pr is not None else None
        num_id = _val(num_pr, "numId")
        ilvl = _int(_val(num_pr, "ilvl"))
        style_id = _val(p_pr, "pStyle") or self._default_style
        from_style = False
        style_num_id, style_ilvl = self._style_num(style_id)
        if num_id is None:
            num_id = style_num_id
            from_style = num_id is not None
        if ilvl is None:
            ilvl = style_ilvl  # numPr properties inherit one by one
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        if ilvl is None and from_style:
            levels = self._abstracts.get(self._nums[num_id].abstract, {})
            ilvl = next((lv.ilvl for lv in levels.values() if lv.style and lv.style == style_id), 0)
        if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
            ilvl = 0
        return num_id, ilvl

    def _levels(self, num: _Num) -> dict[int, Level]:
        levels = dict(self._abstracts.get(num.abstract, {}))
        levels.update(num.levels)
        return levels

    def _start(self, num: _Num, level: Level) -> int:
        return num.starts.get(level.ilvl, level.start)

    def next_label(self, p) -> tuple[str, str] | None:
        """Count the paragraph ``p`` (a ``w:p``) and return ``(label, suffix)``, or None when it has no label.

        Call once per paragraph, in document order: the counters advance.
        """
        if p in self._labelled:  # read again (a vertically merged cell): counted once
            return self._labelled[p]
        label = self._labelled[p] = self._label(p)
        return label

    def _label(self, p) -> tuple[str, str] | None:
        found = self.paragraph_numbering(p)
        if found is None:
            return None
        num_id, ilvl = found
        num = self._nums[num_id]
        levels = self._levels(num)
        level = levels.get(ilvl)
        if level is None:
            return None
        key = self._same_list.get(num.abstract, num.abstract)
        counters = self._counters.setdefault(key, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden in set(num.starts) | set(num.levels):
                counters.pop(overridden, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(num, level)
        for deeper in range(ilvl + 1, MAX_LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart > deeper:
                restart = deeper  # the default: after any shallower level
            if restart and ilvl < restart:
                counters.pop(deeper, None)
        if level.fmt == "bullet":
            label = bullet_text(level.text or "")
        else:
            label = self._render(level, levels, counters, num)
        if not label.strip():
            return None
        return label, level.suffix

    def _render(self, level: Level, levels: dict[int, Level], counters: dict[int, int], num: _Num) -> str:
        text = level.text if level.text is not None else f"%{level.ilvl + 1}."

        def value(match: re.Match) -> str:
            i = int(match.group(1)) - 1
            other = levels.get(i)
            if other is None:
                return ""
            n = counters.get(i, self._start(num, other))
            fmt = other.fmt
            if fmt == "bullet" or (level.legal and fmt != "none"):
                fmt = "decimal"
            return format_number(n, fmt)

        return _RE_PLACEHOLDER.sub(value, text)


def join_label(label: str, suffix: str, text: str) -> str:
    """The paragraph text with its label: ``一、总体要求``, ``（一）加强领导``, ``1.完善制度``.

    Word's tab or space after the number is dropped (Chinese text needs no
    gap), except after a label ending in a Latin letter or digit (``Article 1``),
    where a single space keeps the two apart.
    """
    if suffix != "nothing" and label[-1:].isascii() and label[-1:].isalnum() and text[:1] and not text[:1].isspace():
        return f"{label} {text}"
    return label + text


def written_by_libreoffice(document) -> bool:
    """Whether ``docProps/app.xml`` of a python-docx ``Document`` names LibreOffice (or OpenOffice) as the application."""
    for part in document.part.package.iter_parts():
        if str(part.partname).lower() == "/docprops/app.xml":
            return _RE_LIBREOFFICE.search(part.blob[:4096]) is not None
    return False


def numbering_of(document) -> Numbering:
    """The :class:`Numbering` of a python-docx ``Document``; empty when it has no numbering part.

    In a package LibreOffice wrote, the lists its Word 97 export split off are
    rejoined (:meth:`Numbering.join_restart_copies`).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    def element(reltype):
        try:
            part = document.part.part_related_by(reltype)
        except (KeyError, ValueError):
            return None
        el = getattr(part, "element", None)
        if el is None:
            from docx.oxml.parser import parse_xml

            el = parse_xml(part.blob)  # python-docx's parser: no entities, no network
        return el

    numbering = Numbering(element(RT.NUMBERING), element(RT.STYLES))
    if not numbering.empty and written_by_libreoffice(document):
        numbering.join_restart_copies(document.element.body)
    return numbering
