""":mod:`pipeline.ingest.labels`: Find candidate item labels (一、 （一） 1. 1、 1 （1） 1.2.1 —— 第一阶段) in clean text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.ingest import _patterns as P
from pipeline.numerals import numeral_value, unit_chars
from pipeline.vocab import load_toml

#: Styles whose numbers count in one sequence even when the delimiter varies
#: between items (seed 003: ``9完善…``, ``10. 加强…``, ``11完善…``).
ARABIC_FAMILY = frozenset({"ar_dot", "ar_dun", "bare"})

#: Label styles that start an inline enumeration right after a colon (``包括：（1）…；（2）…``).
_AFTER_COLON = frozenset({"ar_paren", "cn_paren", "circled"})

def cn_value(text: str) -> int | None:
    """The number of a label: 一 → 1, 十二 → 12, 一百零一 → 101 (:mod:`pipeline.numerals` reads it).

    A label's Chinese number is one digit or is written with its units, so a run of
    digits (一二, 二〇) is no label number.

    >>> cn_value("一"), cn_value("二十三"), cn_value("一百"), cn_value("一二"), cn_value("12")
    (1, 23, 100, None, 12)
    """
    if text in ("百", "千") or not text.isdigit() and len(text) > 1 and not any(u in text for u in unit_chars(10, 1000)):
        return None  # 百 alone counts nothing
    return numeral_value(text)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that may start an item: ``text[start:content_start]`` is the label."""

    start: int
    content_start: int
    style: str
    value: int | None  # None for dash bullets
    label: str
    number: str  # as printed: "一", "1", "—", "第一阶段"
    where: str  # "line" (starts a line), "inline" (after a sentence end), "glued" (inside a heading)
    weak: bool = False  # looks like a number too ("7.4月中旬…"): an item only if it continues a sequence
    path: str | None = None  # a decimal label's numbers, dot-joined ("1.2.1"); its item is under item "1.2"


_GROUP_NUM = {
    "ordinal": "ord_num", "cn_paren": "cnp_num", "ar_paren": "arp_num", "circled": "circ_num",
    "cn_dun": "cnd_num", "ar_dot": "ard_num", "ar_dun": "aru_num", "ar_paren_half": "arh_num",
}


def _from_match(m: re.Match, offset: int, where: str) -> Candidate | None:
    style = m.lastgroup if m.lastgroup in _GROUP_NUM or m.lastgroup == "dash" else None
    if style is None:
        style = next(name for name in (*_GROUP_NUM, "dash") if m.group(name))
    label = m.group(style)
    if style == "dash":
        return Candidate(offset, offset + len(label), style, None, label, "—", where)
    raw = m.group(_GROUP_NUM[style])
    value = ord(raw) - 0x245F if style == "circled" else cn_value(raw)
    if value is None:
        return None
    number = label if style == "ordinal" else raw
    if style == "ordinal":
        style = f"ordinal_{m.group('ord_unit')}"
    return Candidate(offset, offset + len(label), style, value, label, number, where)


def _inside_number(text: str, pos: int) -> bool:
    """``pos`` continues a number or a code (``2.5``, ``GB-3``): no label starts there."""
    return pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in ".．-")


def _bare(text: str, pos: int, where: str) -> Candidate | None:
    m = P.RE_BARE_NUMBER.match(text, pos)
    if not m or text[m.end() : m.end() + 1] in load_toml("pipeline", "structure.toml")["not_label_after"]:
        return None
    if _inside_number(text, pos):
        return None
    content = m.end() + (1 if text[m.end() : m.end() + 1] == " " else 0)
    return Candidate(pos, content, "bare", int(m.group("num")), m.group("num"), m.group("num"), where)


def _decimal(text: str, pos: int, where: str) -> Candidate | None:
    """A decimal outline label (``1.2.1国家级…``). Two numbers may be a quantity (``1.5万人``, ``7.4月``:
    :func:`_bare`'s rule); three or four never are (``5.1.3所有粮食经营企业…``)."""
    m = P.RE_DECIMAL_LABEL.match(text, pos)
    if not m or _inside_number(text, pos):
        return None
    numbers = re.split(r"[.．]", m.group("path"))
    if len(numbers) == 2 and text[m.end() : m.end() + 1] in load_toml("pipeline", "structure.toml")["not_label_after"]:
        return None
    return Candidate(pos, m.end(), f"decimal{len(numbers)}", int(numbers[-1]), text[pos : m.end()].rstrip(),
                     m.group("path"), where, path=".".join(str(int(n)) for n in numbers))


#: Label styles that are also how numbers are listed in running text (一、二、三产业, 1、2、3号线).
_LISTED_NUMERALS = frozenset({"cn_dun", "ar_dun"})


def _next_in_list(text: str, cand: Candidate) -> bool:
    """Whether the next number of ``cand``'s style follows right after it (``一、`` then ``二、``)."""
    m = P.RE_LINE_LABEL.match(text, cand.content_start)
    nxt = _from_match(m, cand.content_start, cand.where) if m else None
    return nxt is not None and nxt.style == cand.style and nxt.value == (cand.value or 0) + 1


def candidate_at(text: str, pos: int, where: str) -> Candidate | None:
    """The label starting exactly at ``pos``, if any."""
    lead = text[pos : pos + 1]
    if lead not in P.LABEL_LEADS and not lead.isdecimal():  # most characters start no label (a bare one is a number)
        return None
    if lead.isdigit() and (decimal := _decimal(text, pos, where)):
        return decimal
    m = P.RE_LINE_LABEL.match(text, pos)
    if m:
        cand = _from_match(m, pos, where)
        if cand and cand.style == "ar_dot" and text[cand.content_start : cand.content_start + 1].isdigit():
            return replace(cand, weak=True)  # 7.4月… is item 7 on 4月, or the decimal 7.4
        if cand and cand.style in _LISTED_NUMERALS and _next_in_list(text, cand):
            return None  # 一、二、三产业, 1、2、3号线: numbers listed, not a label
        if cand:
            return cand
    return _bare(text, pos, where)


def _run_in_list(text: str, cand: Candidate) -> bool:
    """``cand`` opens a list after a colon: it is ``1`` and a ``2`` of its style follows a sentence end on
    the same line (``须准备以下资料：1.身份证明；2.购机发票；…``) or starts the next line (``注：1、坐标
    系统为…`` over ``2、L为弧长…``) — but not on a line of attachments (``附件：1、汇总表`` over ``2、推荐表``)."""
    if cand.value != 1 or cand.weak:
        return False
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.content_start)
    line_end = len(text) if line_end < 0 else line_end
    starts = [cand.content_start + m.start() for m in re.finditer(r"(?<=[。；;])", text[cand.content_start : line_end])]
    if line_end < len(text) and not text[line_start : cand.start].lstrip().startswith("附件"):
        starts.append(line_end + 1)
    for start in starts:
        nxt = candidate_at(text, start, "inline")
        if nxt and nxt.style == cand.style and nxt.value == 2:
            return True
    return False


#: What a label may follow (a line break, a sentence end or a colon), before a character a label starts with.
_RE_BEFORE_LABEL = re.compile(rf"[\n。；！？;!?：](?=[{re.escape(''.join(sorted(P.LABEL_LEADS)))}\d])")


def _label_starts(text: str, start: int, end: int) -> Iterator[int]:
    """Where in ``text[start:end]`` a label may start: at a line start that is not white space, or right
    after a sentence end or a colon, where the character is one a label starts with (:func:`candidate_at`
    finds no label at any other)."""
    if start < end and not text[start].isspace():
        yield start
    for m in _RE_BEFORE_LABEL.finditer(text, start, end):
        yield m.end()


def line_candidates(text: str, start: int, end: int) -> Iterator[Candidate]:
    """Labels at line starts and right after sentence ends or a colon in ``text[start:end]``
    (``评价内容包括：（1）…；（2）…``)."""
    for pos in _label_starts(text, start, end):
        cand = candidate_at(text, pos, "line" if pos == start or text[pos - 1] == "\n" else "inline")
        if cand and cand.where == "inline" and text[pos - 1] in "：:" and cand.style not in _AFTER_COLON:
            if not _run_in_list(text, cand):
                continue  # 附件：1、汇总表 lists attachments; bracketed labels, or a run (：1.…；2.…), enumerate
        if cand:
            yield cand


_RE_GLUED_NUMBER = re.compile(rf"(?<=[{P.CJK}）)])\d")


def glued_candidates(text: str, start: int, end: int) -> Iterator[Candidate]:
    """Arabic numbers glued to the heading before them (``…整体质量水平1扶持…``) in ``text[start:end]``."""
    for m in _RE_GLUED_NUMBER.finditer(text[start:end]):
        cand = _bare(text, start + m.start(), "glued")
        if cand:
            yield cand
