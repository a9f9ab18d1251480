""":mod:`extractors.dates`: Find the calendar expressions of a task's text and resolve them to ISO dates."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors._spans import ProtectedSpans
from extractors.ids import task_id
from extractors.registry import extractor
from pipeline.document import Circular
from pipeline.numerals import digit_chars, numeral_value, unit_chars
from pipeline.vocab import load_toml
from schemas.dates import DateRow

MISSING = object()  # a relative year (明年) with no base year: the dates stay null

# Numerals of one calendar field; the look-arounds keep them off longer numbers (2009, 5.12).
# The digits (〇零○Ｏ一…九) come from pipeline/data/numerals.toml.
_D, _D1 = digit_chars(), digit_chars(1)
_CN_MONTH = f"(?:十[{digit_chars(1, 2)}]?|[{_D1}])"
_CN_DAY = f"(?:[{digit_chars(2, 3)}]?十[{_D1}]?|三十一|[{_D1}])"
_MONTH = rf"(?:(?<![\d.])(?:1[0-2]|0?[1-9])(?![\d.]\d|\d)|(?<![{_D}{unit_chars(10, 1000)}两几第统同单唯逐周]){_CN_MONTH})"
_DAY = rf"(?:(?<![\d.])(?:3[01]|[12]\d|0?[1-9])(?!\d)|(?<![{_D}{unit_chars(10, 1000)}两几]){_CN_DAY})"
_QUARTER = rf"(?<![{_D}十\d])[1-4{digit_chars(1, 4)}]"
_YEAR_NUM = rf"(?<!\d)(?:19|20)\d{{2}}(?!\d)|(?<![{_D}])[{digit_chars(1, 2)}][{_D}]{{3}}"
_RE_LISTED = re.compile(rf"\d+|[{_D1}十]+")  # the numbers of 5、9 or 三、四
_NUMERAL_BEFORE = rf"(?<![\d{_D}{unit_chars(10, 10000)}两几多半每近])"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One calendar expression: where it is, what kind, and its inclusive ISO bounds."""

    start: int
    end: int
    text: str
    kind: str  # "deadline" | "period" | "recurring"
    date_start: str | None
    date_end: str | None
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class DateVocab:
    """The words of ``data/date_vocab.toml``, as hashable tuples."""

    relative_years: tuple[tuple[str, int], ...]
    month_parts: tuple[tuple[str, int, int, str], ...]
    year_parts: tuple[tuple[str, int, int, int, int, str, bool], ...]
    quarter_parts: tuple[tuple[str, int, int, int, str], ...]
    range_markers: tuple[str, ...]
    deadline_before: tuple[str, ...]
    deadline_after: tuple[str, ...]
    ambiguous_after: tuple[str, ...]
    recurring: tuple[str, ...]
    rate_openers: tuple[str, ...]
    target_before: tuple[str, ...]
    target_blockers: tuple[str, ...]
    open_after: tuple[str, ...]
    open_before: tuple[str, ...]
    day_joiners: tuple[str, ...]
    not_followed_by: tuple[tuple[str, str], ...]  # 前 → 往后期…: 前往 and 前后 are other words


@functools.cache
def default_vocab() -> DateVocab:
    """The vocabulary shipped in ``extractors/data/date_vocab.toml`` (loaded once)."""
    data = load_toml("extractors", "date_vocab.toml")
    marks = data["markers"]
    return DateVocab(
        relative_years=tuple(data["relative_years"].items()),
        month_parts=tuple((k, *v) for k, v in data["month_parts"].items()),
        year_parts=tuple((k, *v) for k, v in data["year_parts"].items()),
        quarter_parts=tuple((k, *v) for k, v in data["quarter_parts"].items()),
        range_markers=tuple(marks["range"]),
        deadline_before=tuple(marks["deadline_before"]),
        deadline_after=tuple(marks["deadline_after"]),
        ambiguous_after=tuple(marks["ambiguous_after"]),
        recurring=tuple(marks["recurring"]),
        rate_openers=tuple(marks["rate_openers"]),
        target_before=tuple(marks["target_before"]),
        target_blockers=tuple(marks["target_blockers"]),
        open_after=tuple(marks["open_after"]),
        open_before=tuple(marks["open_before"]),
        day_joiners=tuple(marks["day_joiners"]),
        not_followed_by=tuple(data["not_followed_by"].items()),
    )


def _alt(words, blocks: dict[str, str] | None = None) -> str:
    """A regex alternation of ``words``, longest first so 上中旬 wins over 上旬.

    A word ending in a key of ``blocks`` must not be followed by its characters (前 but not 前往).
    """
    blocks = blocks or {}
    return "|".join(
        re.escape(w) + (f"(?![{blocks[w[-1]]}])" if w[-1] in blocks else "")
        for w in sorted(words, key=len, reverse=True)
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    atom: re.Pattern[str]
    clue: re.Pattern[str]  # what every atom holds: a text without it has none
    tail: re.Pattern[str]  # the second end of a range when it omits the month: 1日至15日
    range_: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    recurring: re.Pattern[str]
    target: re.Pattern[str]  # 到 / 至 right before a bare year (searched at the end of the text before it)
    open_: re.Pattern[str]  # 起 / 开始 right after a date: an open period
    open_pre: re.Pattern[str]  # 从 / 自 right before it (searched at the end of the text before it)
    more_days: re.Pattern[str]  # 、19日 / 晚8时40分和19日 after a date with a day


@functools.cache
def _patterns(vocab: DateVocab) -> _Patterns:
    def year(tag: str) -> str:
        rel = _alt(w for w, _ in vocab.relative_years)
        return rf"(?:(?P<y{tag}>{_YEAR_NUM})\s*年|(?P<r{tag}>{rel}))"

    blocks = dict(vocab.not_followed_by)
    mid = r"中(?=\s*(?:前|完成|[，。；、,;:：)）]|$))"  # 5月中, but not 5月中国
    mpart = rf"(?:{_alt((p for p, *_ in vocab.month_parts if p != '中'), blocks)}|{mid})"
    conn = rf"\s*(?:{_alt(vocab.range_markers)})\s*"
    yparts = [p for p, *_ in vocab.year_parts]
    # after a year the 年 of 年底 may be dropped: 2007年底, 今年年底, 明年底
    ypart_after = "|".join(("年?" if p[0] == "年" else "") + _alt([p.removeprefix("年")], blocks) for p in yparts)
    ypart_bare = _alt(yparts, blocks)
    qpart = _alt(p for p, *_ in vocab.quarter_parts)
    # Every atom starts with a numeral (5月, 二〇二四年, 十二月), 第 or 前 (第三季度, 前三季度), a relative year
    # (明年) or a year part (年底): looked ahead first, so a search skips the other characters at once
    # instead of trying every branch at each (a task's search took 0.1 ms; the matches are the same).
    leads = "".join(sorted({w[0] for w, _ in vocab.relative_years} | {p[0] for p in yparts}))
    atom = (
        rf"(?=[\d{_D}十第前{re.escape(leads)}])(?:"
        rf"(?P<ny>(?<![\d.])(?:19|20)\d{{2}})(?P<sep>[-./])(?P<nm>{_MONTH})(?P=sep)(?P<nd>{_DAY})(?![\d.])"
        rf"|(?:{year('m')}\s*)?(?P<mlist>(?:{_MONTH}\s*、\s*)+)?(?:(?P<m1>{_MONTH}){conn})?(?P<m>{_MONTH})\s*月(?!度)(?:\s*份)?"
        rf"(?:\s*(?:(?P<d1>{_DAY}){conn})?(?P<d>{_DAY})\s*[日号]|\s*(?P<mp>{mpart}))?"
        rf"|(?:{year('q')}\s*)?(?P<qpre>第|前)?(?P<qlist>(?:{_QUARTER}\s*、\s*)+)?(?P<q>{_QUARTER})\s*季度(?P<qp>{qpart})?"
        rf"|{year('y')}\s*(?P<yp>{ypart_after})?"
        rf"|{_NUMERAL_BEFORE}(?P<byp>{ypart_bare}))"
    )
    after = _alt(vocab.deadline_after, blocks)
    hour = r"\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?"  # 12月31日24时前
    return _Patterns(
        atom=re.compile(atom),
        # 月, 季度, 年 (of a year in figures), a relative year or a year part, or a date in figures (2024-5-6)
        clue=re.compile("|".join([_alt(["月", "季度", "年", *(w for w, _ in vocab.relative_years), *yparts]),
                                  r"19\d{2}[-./]", r"20\d{2}[-./]"])),
        tail=re.compile(rf"(?P<d>{_DAY})\s*[日号]|(?P<mp>{mpart})"),
        range_=re.compile(rf"(?:\s*起)?{conn}"),
        before=re.compile(rf"(?:{_alt(vocab.deadline_before)})\s*$"),
        after=re.compile(rf"(?:\s*(?P<stop>止))?(?:{hour})?(?:\s*(?P<mark>{after}))?"),  # always matches
        recurring=re.compile(rf"(?:{_alt(vocab.recurring)})"),
        target=re.compile(rf"(?:{_alt(vocab.target_before)})\s*$"),
        open_=re.compile(rf"\s*(?:{_alt(vocab.open_after, blocks)})(?!\s*(?:{_alt(vocab.range_markers)}))"),
        open_pre=re.compile(rf"(?:{_alt(vocab.open_before)})\s*$"),
        more_days=re.compile(
            rf"(?:\s*[早晚上下午中凌晨夜间]{{0,2}}{hour})?\s*(?:{_alt(vocab.day_joiners)})\s*(?P<d>{_DAY})\s*[日号]"
        ),
    )


@functools.cache
def _default_patterns() -> _Patterns:
    """:func:`_patterns` of :func:`default_vocab`, without hashing the vocabulary on every call (a task, a line)."""
    return _patterns(default_vocab())


@dataclass(frozen=True, slots=True)
class _Span:
    """One side of a date before its year is known: (month, day) bounds, day -1 = month end."""

    year: object  # int (explicit), ("rel", offset), or None (use the base year)
    first: tuple[int, int]
    last: tuple[int, int]
    kind: str  # the kind it has alone: "period", "deadline", or "year" (needs a marker)
    point: bool = False  # a single day (5月20日): 前 after it is not ambiguous
    ambiguous: bool = False


def _year_of(m: re.Match[str], tag: str, vocab: DateVocab) -> object:
    if m.group("y" + tag):
        return numeral_value(m.group("y" + tag))
    if m.group("r" + tag):
        return ("rel", dict(vocab.relative_years)[m.group("r" + tag)])
    return None


def _span(m: re.Match[str], vocab: DateVocab, *, month: int | None = None, year: object = None) -> _Span | None:
    """The span an atom (or a range's month-less tail, given ``month``) stands for."""
    g = m.groupdict()
    if g.get("ny"):
        month, day = numeral_value(g["nm"]), numeral_value(g["nd"])
        return _Span(numeral_value(g["ny"]), (month, day), (month, day), "period", point=True)
    if g.get("q"):
        q = numeral_value(g["q"])
        first, last, kind = (1 if g["qpre"] == "前" else 3 * q - 2, 1), (3 * q, -1), "period"
        if g["qp"]:
            offset, d1, d2, kind = dict((p, rest) for p, *rest in vocab.quarter_parts)[g["qp"]]
            first, last = (3 * q - 3 + offset, d1), (3 * q - 3 + offset, d2)
        return _Span(_year_of(m, "q", vocab), first, last, kind)
    if g.get("m") or month is not None:
        if g.get("m"):
            month, year = numeral_value(g["m"]), _year_of(m, "m", vocab)
        first_month = numeral_value(g.get("m1")) or month
        if first_month > month:
            return None
        if g["d"]:
            d2 = numeral_value(g["d"])
            d1 = numeral_value(g.get("d1")) or d2
            return None if d1 > d2 else _Span(year, (month, d1), (month, d2), "period", point=d1 == d2)
        if g["mp"]:
            d1, d2, kind = dict((p, rest) for p, *rest in vocab.month_parts)[g["mp"]]
            return _Span(year, (first_month, d1), (month, d2), kind)
        return _Span(year, (first_month, 1), (month, -1), "period")
    part = g.get("byp") or g.get("yp")
    if part is None:  # a bare year (2017年): a date only with a marker (2017年前)
        return _Span(_year_of(m, "y", vocab), (1, 1), (12, -1), "year")
    part = part if part in dict((p, 0) for p, *_ in vocab.year_parts) else "年" + part
    m1, d1, m2, d2, kind, ambiguous = dict((p, rest) for p, *rest in vocab.year_parts)[part]
    return _Span(_year_of(m, "y", vocab) if g.get("yp") else None, (m1, d1), (m2, d2), kind, ambiguous=ambiguous)


def _resolve(year: object, base: int | None) -> object:
    if isinstance(year, tuple):
        return MISSING if base is None else base + year[1]
    return base if year is None else year


def _iso(year: int | None, month: int, day: int) -> str | None:
    """``2009-08-31``; ``XXXX-…`` when the year is unknown; None when no such day."""
    last = calendar.monthrange(year or 2001, month)[1]  # unknown year: February has 28 days
    if day == -1:
        day = last
    elif day > (calendar.monthrange(year or 2000, month)[1]):  # 2月29日 may exist
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"XXXX-{month:02d}-{day:02d}"


def _bounds(first: _Span, last: _Span, base: int | None) -> tuple[str | None, str | None] | None:
    """ISO start and end of ``first``…``last``; (None, None) for a relative year with no base."""
    y1, y2 = _resolve(first.year, base), _resolve(last.year, base)
    if y1 is MISSING or y2 is MISSING:
        return None, None
    if last is not first:
        if first.year is None and isinstance(last.year, int):  # 12月至2026年3月
            y1 = y2 if first.first[0] <= last.last[0] else y2 - 1
        elif last.year is None:  # 2024年3月—5月: the year carries over, 12月至3月 crosses it
            y2 = y1 if (y1 is None or last.last[0] >= first.first[0]) else y1 + 1
    start, end = _iso(y1, *first.first), _iso(y2, *last.last)
    if start is None or end is None or (start > end and not (y1 is None and last.last[0] < first.first[0])):
        return None  # no such day, or a backwards range (5月20日至3日); XXXX-12…XXXX-03 wraps the year
    return start, end


def _scan(m: re.Match[str], text: str, base: int | None, vocab: DateVocab, pats: _Patterns) -> tuple[_Span | None, _Span | None, int]:
    """The first and last span of the date that starts with atom ``m`` (a range when they differ), and its end."""
    first = last = _span(m, vocab)
    end = m.end()
    conn = pats.range_.match(text, end)
    if first is not None and conn and first.kind != "year":
        m2 = pats.atom.match(text, conn.end())
        second = _span(m2, vocab) if m2 else None
        if second is None:  # 10月1日至15日, 5月上旬至中旬: the tail keeps the month
            m2 = pats.tail.match(text, conn.end())
            second = _span(m2, vocab, month=first.last[0], year=first.year) if m2 else None
        if second is not None and second.kind != "year" and _bounds(first, second, base) is not None:
            last, end = second, m2.end()  # a backwards range (5月20日至3日) keeps only its first end
    return first, last, end


_RE_CLAUSE_END = re.compile(r"[，。；：,;:!?！？\n]")


def _is_amount(text: str, pos: int, vocab: DateVocab) -> bool:
    """True when 每月 before ``pos`` is a rate: a quantity starts there (1000元, 2次), or a qualifier or
    standard word does with a quantity later in the clause (至少主动联系1次, 按照不低于…20%的标准)."""
    from extractors.quotas import find_quotas  # noqa: PLC0415 - quotas imports nothing of dates

    head = text[pos : pos + 24]
    lead = len(head) - len(head.lstrip())
    if any(q.start == lead for q in find_quotas(head)):
        return True
    if not any(head.startswith(w, lead) for w in vocab.rate_openers):
        return False
    clause = text[pos:]
    clause = clause[: m.start()] if (m := _RE_CLAUSE_END.search(clause)) else clause
    return bool(find_quotas(clause))


def _recurring(text: str, pats: _Patterns, vocab: DateVocab) -> list[DateMatch]:
    """每月10日前, 每季度末, 每年年底前, 每半年: kept as text, with no dates."""
    out = []
    for r in pats.recurring.finditer(text):
        end = r.end()
        part = pats.atom.match(text, end) or pats.tail.match(text, end)
        if part is None and _is_amount(text, end, vocab):
            continue  # 每月1000元, 每月2次, 每季度至少联系1次: a rate, not a date
        end = part.end() if part else end
        end = pats.after.match(text, end).end()
        out.append(DateMatch(r.start(), end, text[r.start() : end], "recurring", None, None))
    return out


def _listed(m: re.Match[str], first: _Span, text: str, kind: str, base: int | None, ambiguous: bool) -> list[DateMatch]:
    """Rows for the numbers listed before the last one (the 5 of 5、9月), shaped like the last one."""
    group = "mlist" if m.group("mlist") else "qlist"
    last = m.group("m" if group == "mlist" else "q")
    if (m.start(group) == m.start() and not text[: m.start()].strip()) or any(
        n.group().isdigit() != last.isdigit() for n in _RE_LISTED.finditer(m.group(group))
    ):
        return []  # 1、3月底前 at the start is a label, 二、3月 mixes scripts: a label too
    out = []
    for n in _RE_LISTED.finditer(m.group(group)):
        if group == "mlist":
            span = _Span(first.year, (numeral_value(n.group()), first.first[1]), (numeral_value(n.group()), first.last[1]), first.kind)
        else:
            shift = 3 * (numeral_value(n.group()) - numeral_value(m.group("q")))
            span = _Span(first.year, (first.first[0] + shift, first.first[1]), (first.last[0] + shift, first.last[1]), first.kind)
        if (bounds := _bounds(span, span, base)) is not None:
            s, e = m.start(group) + n.start(), m.start(group) + n.end()
            s = m.start() if n.start() == 0 else s  # the first one keeps the year: 2024年5、
            out.append(DateMatch(s, e, text[s:e], kind, None if kind == "deadline" else bounds[0], bounds[1], ambiguous))
    return out


def find_dates(text: str, *, year: int | None, vocab: DateVocab | None = None) -> list[DateMatch]:
    """All calendar expressions in ``text`` (a task's normalised text), resolved against ``year``.

    Args:
        text: the task's text; offsets of the matches index into it.
        year: the document's base year, or None (years are then written ``XXXX``).
        vocab: the date vocabulary; :func:`default_vocab` when None.

    Returns:
        The matches in text order.

    >>> [(d.text, d.kind, d.date_start, d.date_end) for d in find_dates("时间从5月下旬至8月底，8月31日前上报", year=2009)]
    [('5月下旬至8月底', 'period', '2009-05-21', '2009-08-31'), ('8月31日前', 'deadline', None, '2009-08-31')]
    """
    pats = _patterns(vocab) if vocab else _default_patterns()
    vocab = vocab or default_vocab()
    protected = ProtectedSpans(text)
    out = [d for d in _recurring(text, pats, vocab) if not protected.covers(d.start, d.end)]
    taken = [(d.start, d.end) for d in out]
    pos = 0 if pats.clue.search(text) else len(text)  # most tasks name no date: not searched for atoms
    while (m := pats.atom.search(text, pos)) is not None:
        pos = m.start() + 1
        if any(s <= m.start() < e for s, e in taken):
            continue
        first, last, end = _scan(m, text, year, vocab, pats)
        start, pos = m.start(), end  # a rejected atom (2023年2月29日) is skipped whole, not re-read as 2月29日
        if first is None or protected.covers(start, end):
            continue
        if last is first and _signature_line(text, m, start, end):
            continue  # 2018年12月4日 alone on its line: the signature date, not a task date (§5 v2)
        single = last is first
        before = pats.before.search(text, max(0, start - 6), start)
        after = pats.after.match(text, end)
        mark = after.group("mark") or (after.group("stop") if single else None)  # 6月30日止 is 为止
        end = after.end()
        if first.kind == "year" and not (mark or before) and single:
            before = _target(text, start, vocab, pats)  # 到2020年: a target year is a deadline (v2)
        if first.kind == "year" and not (mark or before):
            continue  # 2017年度, 2007年新增, 从2019年起: a bare year is no date
        bounds = _bounds(first, last, year)
        if bounds is None:
            continue
        opened = None
        if single and first.kind == "period" and not (mark or before):
            opened = pats.open_.match(text, end)  # 从2019年1月1日起: a period with no end (v2)
        if opened:
            end = opened.end()
            pre = pats.open_pre.search(text, max(0, start - 3), start)
            start = pre.start() if pre else start
            bounds = (bounds[0], None)
        start, pos = before.start() if before else start, end
        deadline = bool(mark or before) or (single and first.kind == "deadline")
        ambiguous = first.ambiguous or bool(
            mark in vocab.ambiguous_after and single and first.kind in ("period", "year") and not first.point
        )
        kind = "deadline" if deadline else "period"
        if m.group("mlist") or m.group("qlist"):  # 5、9月, 三、四季度: each listed one is its own row
            out += _listed(m, first, text, kind, year, ambiguous)
            start = max(start, m.start("m1") if m.group("m1") else m.start("m") if m.group("m") else m.start("q"))
        out.append(DateMatch(start, end, text[start:end], kind, None if deadline else bounds[0], bounds[1], ambiguous))
        if single and first.point and not opened:  # 12月18日、19日: the later days are rows of their own
            more = _more_days(text, end, last, year, pats)
            out += more
            pos = more[-1].end if more else pos
    return sorted(out, key=lambda d: d.start)


def find_full_date(text: str) -> DateMatch | None:
    """The first date in ``text`` written with its year, month and 日, as on a signature; None when none is.

    The one reader of such dates: the ``documents`` fields take a circular's issue date from it.

    >>> d = find_full_date("浙江省质量技术监督局办公室 2009年8月4日印发")
    >>> d.text, d.date_start, find_full_date("二〇一七年二月十五日").date_end
    ('2009年8月4日', '2009-08-04', '2017-02-15')
    >>> find_full_date("2026年13月1日"), find_full_date("会议于3月1日召开"), find_full_date("2019年8月4号")
    (None, None, None)
    """
    atom = _default_patterns().atom
    for shape in _RE_FULL_DATE_SHAPE.finditer(text):  # the atoms are read only around 年…月…日 (a 5 MB line took seconds)
        pos = max(0, shape.start() - _YEAR_REACH)
        while (m := atom.search(text, pos, shape.end())) is not None:
            pos = m.start() + 1
            if m.group("ym") and m.group("d") and m.group().endswith("日") and not (m.group("m1") or m.group("d1") or m.group("mlist")):
                iso = _iso(numeral_value(m.group("ym")), numeral_value(m.group("m")), numeral_value(m.group("d")))
                if iso is not None:
                    return DateMatch(m.start(), m.end(), m.group(), "period", iso, iso)
    return None


#: The shape of a full date from its 年 to its 日 (a month and a day of at most two and three characters),
#: and how far before the 年 its year may start.
_RE_FULL_DATE_SHAPE = re.compile(r"年\s*[^\s年月]{1,2}\s*月(?:\s*份)?\s*[^\s年月日]{1,3}\s*日")
_YEAR_REACH = 12


def _signature_line(text: str, m: re.Match[str], start: int, end: int) -> bool:
    """True for a full date (year, month and day) that is the whole of its line, as a signature's date is."""
    if not (m.group("ny") or (m.group("ym") and m.group("d") and not m.group("d1"))):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # spaces only: a tab-led table cell (完成时限 \t2019年6月30日) is a task's date
    return not text[line_start:start].strip(" \u3000") and not text[end:line_end].strip(" \u3000")


def _target(text: str, start: int, vocab: DateVocab, pats: _Patterns) -> re.Match[str] | None:
    """The 到/至 that makes the bare year at ``start`` a target (到2020年), or None."""
    marker = pats.target.search(text, max(0, start - 3), start)
    if marker is None:
        return None
    head = text[: marker.end()]
    if any(head.endswith(w) for w in vocab.target_blockers):
        return None  # 提高到2020年水平, 截至: not a target year
    if re.search(rf"[\d{_D}年]\s*$", text[: marker.start()]):
        return None  # 2019年至2020年: a range of bare years, no date
    return marker


def _more_days(text: str, end: int, last: _Span, base: int | None, pats: _Patterns) -> list[DateMatch]:
    """Days listed after a date with a day (、19日, 晚8时40分和19日), in its month and year."""
    out = []
    while (mm := pats.more_days.match(text, end)) is not None:
        day = numeral_value(mm.group("d"))
        span = _Span(last.year, (last.last[0], day), (last.last[0], day), "period", point=True)
        bounds = _bounds(span, span, base)
        if bounds is None:
            break
        after = pats.after.match(text, mm.end())
        start, end = mm.start("d"), after.end()
        deadline = bool(after.group("mark") or after.group("stop"))
        out.append(DateMatch(start, end, text[start:end], "deadline" if deadline else "period",
                             None if deadline else bounds[0], bounds[1]))
    return out


@extractor("dates", schema=DateRow, requires=("tasks", "fields"), version=3, uses=("quotas",))
def extract_dates(doc: Circular, *, vocab: DateVocab | None = None) -> Iterator[DateRow]:
    """Date rows of every task, resolved against the document year.

    >>> from tests.conftest import make_circular
    >>> row = next(extract_dates(make_circular("2009年工作安排\\n1.各县局于10月15日前书面上报市局。")))
    >>> row.text, row.kind, row.date_end
    ('10月15日前', 'deadline', '2009-10-15')
    """
    for task in doc.tasks:
        text = doc.text[task.char_start : task.char_end]
        for m in find_dates(text, year=doc.year, vocab=vocab):
            yield DateRow(
                task_id(doc, task), doc.doc_id, m.text, m.kind, m.date_start, m.date_end, m.ambiguous,
                task.char_start + m.start, task.char_start + m.end,
            )
