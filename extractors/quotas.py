""":mod:`extractors.quotas`: Find the counted or measured quantities of a task (70多家, 3-5家, 100%)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors._spans import ProtectedSpans
from extractors.ids import task_id
from extractors.registry import extractor
from pipeline.document import Circular
from pipeline.ingest import _patterns as P
from pipeline.numerals import cn_range, cn_to_number, has_digit_run, is_positional, numeral_class
from pipeline.vocab import load_toml
from schemas.quotas import QuotaRow

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_GAP = "[ \t\u3000]?"  # one stray space survives normalisation now and then (1200 个)
_ARABIC = r"(?<![0-9０-９])[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_GLUE_BEFORE = re.compile(r"(?:[A-Za-z][ /]?|[.．/_#\-－+])$")  # ISO9001, GB/T 19001, 19001-2016


@dataclass(frozen=True, slots=True)
class QuotaMatch:
    """One quantity in a text; ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    subject: str | None


@dataclass(frozen=True, slots=True)
class QuotaVocab:
    """The words of ``extractors/data/quota_units.toml``, as tuples."""

    units_any: tuple[str, ...]
    measures: tuple[str, ...]
    units_arabic_only: tuple[str, ...]
    durations: tuple[str, ...]
    need_qualifier: tuple[str, ...]
    calendar_units: tuple[str, ...]
    grade_units: tuple[str, ...]
    level_words: tuple[str, ...]
    level_ranks: tuple[tuple[str, ...], ...]
    class_suffix: tuple[str, ...]
    level_nouns: tuple[str, ...]
    half_units: tuple[str, ...]
    half_not_after: tuple[str, ...]
    magnitudes_arabic: tuple[str, ...]
    magnitudes_chinese: tuple[str, ...]
    percent_words: tuple[str, ...]
    percent_full: tuple[str, ...]
    qualifiers_before: tuple[tuple[str, str], ...]  # (word, qualifier)
    qualifiers_after: tuple[tuple[str, str], ...]
    min_inner: tuple[str, ...]
    max_after_duration: tuple[str, ...]
    range_separators: tuple[str, ...]
    skip_numerals: tuple[str, ...]
    bare_magnitudes: tuple[str, ...]
    bare_magnitude_units: tuple[str, ...]
    before: tuple[str, ...]
    before_chinese: tuple[str, ...]  # ... before a Chinese numeral only (数十家)
    before_unless: tuple[str, ...]
    rate_bases: tuple[str, ...]  # units that are a rate's base right after 每 (每万人)
    period_name_units: tuple[str, ...]  # ... and of years named as a period (极不平凡的五年。)
    period_name_marker: str
    period_name_reach: int
    period_name_before: tuple[str, ...]  # 过去五年
    bare_class_after: tuple[str, ...]  # 亿元以上项目: a bare magnitude's class
    ordinal_after: tuple[tuple[str, tuple[str, ...]], ...]  # (届, (次,)): 九届五次 is an ordinal
    unit_words: tuple[str, ...]
    phrases: tuple[str, ...]
    prefix_blockers: tuple[str, ...]
    suffix_blockers: tuple[str, ...]
    subject_stops: tuple[str, ...]
    subject_max_chars: int


@functools.cache
def default_vocab() -> QuotaVocab:
    """The vocabulary shipped in ``quota_units.toml`` (loaded once)."""
    data = load_toml("extractors", "quota_units.toml")
    levels = load_toml("pipeline", "body_names.toml")["levels"]
    units, quals, excl = data["units"], data["qualifiers"], data["exclude"]
    return QuotaVocab(
        units_any=tuple(units["counting"] + units["measures"]),
        measures=tuple(units["measures"]),
        units_arabic_only=tuple(units["arabic_only"]),
        durations=tuple(units["durations"]),
        need_qualifier=tuple(units["need_qualifier"]),
        calendar_units=tuple(units["calendar_units"]),
        grade_units=tuple(units["grade_units"]),
        level_words=tuple(w for rank in levels.values() for w in rank),
        level_ranks=tuple(tuple(rank) for rank in levels.values()),
        class_suffix=tuple(units["class_suffix"]),
        level_nouns=tuple(units["level_nouns"]),
        half_units=tuple(units["half_units"]),
        half_not_after=tuple(units["half_not_after"]),
        magnitudes_arabic=tuple(units["magnitudes_arabic"]),
        magnitudes_chinese=tuple(units["magnitudes_chinese"]),
        percent_words=tuple(units["percent_words"]),
        percent_full=tuple(units["percent_full"]),
        qualifiers_before=tuple(
            (w, q) for q in ("approx", "min", "max") for w in quals[f"{q}_before"]
        ),
        qualifiers_after=tuple(
            (w, q) for q in ("approx", "min", "max") for w in quals[f"{q}_after"]
        )
        + tuple((w, "max") for w in quals["max_after_duration"]),
        min_inner=tuple(quals["min_inner"]),
        max_after_duration=tuple(quals["max_after_duration"]),
        range_separators=tuple(quals["range_separators"]),
        skip_numerals=tuple(excl["numerals"]),
        bare_magnitudes=tuple(excl["bare_magnitudes"]),
        bare_magnitude_units=tuple(excl["bare_magnitude_units"]),
        before=tuple(excl["before"]),
        before_chinese=tuple(excl["before_chinese"]),
        before_unless=tuple(excl["before_unless"]),
        rate_bases=tuple(excl["rate_bases"]),
        period_name_units=tuple(excl["period_name_units"]),
        period_name_marker=excl["period_name_marker"],
        period_name_reach=int(excl["period_name_reach"]),
        period_name_before=tuple(excl["period_name_before"]),
        bare_class_after=tuple(excl["bare_class_after"]),
        ordinal_after=tuple((w, tuple(u)) for w, u in excl["ordinal_after"].items()),
        unit_words=tuple(excl["unit_words"]),
        phrases=tuple(excl["phrases"]),
        prefix_blockers=tuple(excl["prefix_blockers"]),
        suffix_blockers=tuple(excl["suffix_blockers"]),
        subject_stops=tuple(data["subject"]["stops"]),
        subject_max_chars=int(data["subject"]["max_chars"]),
    )


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _patterns(vocab: QuotaVocab) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(the quota regex, the set-phrase regex, the subject-stop regex, the level-list regex, the share-qualifier regex)."""
    cn = numeral_class()
    sep = _alt(vocab.range_separators)
    inner = _alt(vocab.min_inner)
    pre = _alt(w for w, _ in vocab.qualifiers_before)
    post = _alt(w for w, _ in vocab.qualifiers_after)
    units_ar = _alt(vocab.units_any + vocab.units_arabic_only)
    units_cn = _alt(vocab.units_any)
    pct = "%％"
    half_block = "".join(vocab.half_not_after)
    # A quota starts with a qualifier (不少于), a space, 每, a percent word, 半 or a numeral: looked ahead
    # first, so a search skips the other characters at once instead of trying every branch at each.
    leads = sorted({w[0] for w, _ in vocab.qualifiers_before} | {w[0] for w in vocab.percent_words + vocab.percent_full})
    pattern = (
        f"(?=[{re.escape(''.join(leads))} \t\u3000每半0-9０-９{cn[1:-1]}])"
        f"(?P<pre>{pre})?{_GAP}(?:每个?[月年日天周人户])?(?:"  # 不能超过每月1000元: the rate word stays out of the way
        f"(?P<pw>{_alt(vocab.percent_words)})(?P<pn>{_ARABIC}|{cn}+)|(?P<pf>{_alt(vocab.percent_full)})"
        f"|(?P<h1>(?<![{half_block}])半)(?P<hu>{_alt(vocab.half_units)})"
        f"|(?P<a1>{_ARABIC}){_GAP}[{pct}]?(?:{_GAP}(?:{sep}){_GAP}(?P<a2>{_ARABIC}))?{_GAP}"
        f"(?P<ai>{inner})?(?P<am>{_alt(vocab.magnitudes_arabic)})?(?P<ai2>{inner})?{_GAP}(?P<au>{units_ar})"
        f"|(?P<c1>{cn}+?)(?:(?:{sep})(?P<c2>{cn}+?))?"
        f"(?P<ci>{inner})?(?P<cm>{_alt(vocab.magnitudes_chinese)})?(?P<ci2>{inner})?(?P<cu>{units_cn})"
        # 1日（24小时）内: the qualifier after a parenthetical is read, not taken into the match
        f")(?:{_GAP}(?P<post>{post})|(?=(?:（[^（）\n]{{1,16}}）|）)(?P<postp>{post})))?"
    )
    phrases = re.compile(_alt(vocab.phrases)) if vocab.phrases else None
    stops = re.compile(_alt(vocab.subject_stops) or "(?!)")
    levels = re.compile(f"(?:(?:{_alt(vocab.level_words)})[、，,和及与]?){{2,}}$")
    # 不少于本单位执法人员总数的5%: the qualifier stands before the whole of a share
    share = re.compile(f"(?P<pre>{pre})[^，。；：、,;:!?！？\\n\\d%％]{{1,14}}的{_GAP}$")
    return re.compile(pattern), phrases, stops, levels, share


@functools.cache
def _default_patterns() -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """:func:`_patterns` of :func:`default_vocab`, without hashing the vocabulary on every task."""
    return _patterns(default_vocab())


def _levels(text: str, num_start: int, end: int, vocab: QuotaVocab, levels: re.Pattern[str]) -> bool:
    """True when ``N级`` counts levels: a list of levels before it (省市县三级) or a structure word after it (三级联动)."""
    found = levels.search(text, max(0, num_start - 24), num_start)
    if found and _level_count(found.group(), vocab) >= 2:
        return True
    return any(text.startswith(w, end) for w in vocab.level_nouns)


def _level_count(listed: str, vocab: QuotaVocab) -> int:
    """How many levels the level words at the end of ``listed`` name, read back while the ranks go up.

    省市县 names three and 市、区 two; 区县 is one (words of one rank), and the 州市 of 广州市 is one.
    """
    rank = {w: i for i, words in enumerate(vocab.level_ranks) for w in words}
    words = re.findall(_alt(vocab.level_words), listed)
    count, last = 0, None
    for word in reversed(words):
        if last is None or rank[word] < last:
            count, last = count + 1, rank[word]
        elif rank[word] > last:
            break  # 省区市: the list stops where the ranks stop rising
    return count


def _calendar_year(first: str, second: str | None) -> bool:
    """True for a year number: four Arabic digits (2020, 2018—2035) or positional digits in words (二〇二〇)."""
    for raw in (first, second):
        if raw is None:
            continue
        raw = raw.replace(",", "").translate(_FULLWIDTH)
        if raw[:1].isdigit() and float(raw) >= 1000:
            return True
        if len(raw) >= 3 and is_positional(raw):
            return True
    return False


_RE_CLOCK = re.compile(r"[0-9０-９]{1,2}\s*[时点]\s*$")
_RE_MONTH = re.compile(r"月\s*$")


def _clock_or_date(text: str, num_start: int, base: str) -> bool:
    head = text[max(0, num_start - 4) : num_start]
    return (base == "分" and bool(_RE_CLOCK.search(head))) or (base == "日" and bool(_RE_MONTH.search(head)))


def _number(raw: str) -> float | None:
    if raw == "半":
        return 0.5
    raw = raw.replace(",", "").translate(_FULLWIDTH)
    if raw[:1].isdigit():
        return float(raw)
    value = cn_to_number(raw)
    return None if value is None else float(value)


def _ordinal_after(text: str, pos: int, base: str, vocab: QuotaVocab) -> bool:
    """True for 五次 of 九届五次: a number after an ordinal word (届) and before its unit (次).

    The ordinal word follows a numeral; a body of up to four characters may stand between:
    十四届人大三次会议, 十四届全国人大二次会议.
    """
    head = text[max(0, pos - 10) : pos].rstrip(" \t\u3000")
    return any(  # 届 after a numeral (十四届), so 每届召开3次会议 still counts meetings
        base in units and re.search(f"(?:{numeral_class()}|[0-9])+{re.escape(word)}[\u4e00-\u9fff]{{0,4}}$", head)
        for word, units in vocab.ordinal_after
    )


_RE_LIST_JOINER = re.compile(r"[ \t\u3000]?[、和及或至][ \t\u3000]?$")


def _listed_after(text: str, pos: int, chain: tuple[int, str] | None, base: str) -> bool:
    """True when the number at ``pos`` continues a list of ordinals that ended at ``chain``'s offset with ``base``."""
    return chain is not None and chain[1] == base and bool(_RE_LIST_JOINER.fullmatch(text, chain[0], pos))


def _shared_unit(text: str, m: re.Match[str], unit: str, pattern: re.Pattern[str]) -> str:
    """The longer unit a listed number shares with the next one: the 个百分点 of 12.7个、12个百分点."""
    pos = m.end()
    while text[pos : pos + 1] in ("、", "和", "及", "或") and pos < len(text):
        nxt = pattern.match(text, pos + 1)
        if nxt is None or nxt.group("pre") or not (nxt.group("a1") or nxt.group("c1")):
            break
        other = (nxt.group("am") or "") + nxt.group("au") if nxt.group("a1") else (nxt.group("cm") or "") + nxt.group("cu")
        if other != unit:
            return other if other.startswith(unit) else unit
        pos = nxt.end()
    return unit


def _blocked_before(text: str, pos: int, vocab: QuotaVocab, *, chinese: bool) -> bool:
    """True when the number at ``pos`` (in Chinese numerals when ``chinese``) is an ordinal, a rank,
    vague, a code or part of a Latin token."""
    head = text[max(0, pos - 8) : pos]
    if _GLUE_BEFORE.search(head):
        return True
    head = head.rstrip(" \t\u3000")
    if any(head.endswith(w) for w in vocab.before_unless):
        return False
    return any(head.endswith(w) for w in vocab.before) or (chinese and any(head.endswith(w) for w in vocab.before_chinese))


def _period_name(text: str, num_start: int, end: int, base: str, vocab: QuotaVocab) -> bool:
    """Whether the years at ``text[num_start:end]`` name a period: they end their clause, with the marker
    (的) just before them (``极不平凡的五年。``, ``现代化强省的关键五年，``), or follow 过去."""
    if base not in vocab.period_name_units:
        return False
    if any(text.endswith(w, 0, num_start) for w in vocab.period_name_before):
        return True  # 过去五年, 过去的五年极不平凡
    if text[end : end + 1] not in P.CLAUSE_ENDS:
        return False
    return vocab.period_name_marker in text[max(0, num_start - vocab.period_name_reach) : num_start]


def _subject(text: str, end: int, vocab: QuotaVocab, stops: re.Pattern[str]) -> str | None:
    m = re.match(r"[ \t\u3000]?([\u4e00-\u9fff]+)", text[end : end + vocab.subject_max_chars + 1])
    if not m:
        return None
    word = m.group(1)[: vocab.subject_max_chars]
    cut = stops.search(word)
    word = word[: cut.start()] if cut else word
    return word or None


@functools.cache
def _longer_than(words: tuple[str, ...], length: int) -> tuple[str, ...]:
    """The ``words`` of more than ``length`` characters, for one ``str.startswith``: 个月 and 个人 after 个."""
    return tuple(w for w in words if len(w) > length)


def find_quotas(text: str, *, vocab: QuotaVocab | None = None) -> list[QuotaMatch]:
    """All quantities that count or measure work in ``text`` (a task's normalised text).

    Args:
        text: the normalised (simplified, NFKC) text of one task.
        vocab: the units and qualifier words; defaults to :func:`default_vocab`.

    Returns:
        One :class:`QuotaMatch` per quantity, in text order.

    >>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quotas("对70多家实验室、约30个项目进行检查")]
    [('70多家', 70.0, '家', 'min'), ('约30个', 30.0, '个', 'approx')]
    >>> [(q.text, q.value, q.value_max) for q in find_quotas("推荐3-5家认证示范企业，培育一批品牌")]
    [('3-5家', 3.0, 5.0)]
    """
    pattern, phrases, stops, levels, share = _patterns(vocab) if vocab else _default_patterns()
    vocab = vocab or default_vocab()
    protected = ProtectedSpans(text)
    banned = [m.span() for m in phrases.finditer(text)] if phrases else []
    before_q, after_q = dict(vocab.qualifiers_before), dict(vocab.qualifiers_after)
    found: list[QuotaMatch] = []
    chain: tuple[int, str] | None = None  # the end and unit of the last ordinal (九届五次), for 、六次 after it
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        pre, post = m.group("pre"), m.group("post")
        if pre and any(text.endswith(b, 0, m.end("pre")) for b in vocab.prefix_blockers if b.endswith(pre)):
            pre = None  # 最近3次, 节约3万元: the word is not a qualifier
        postp = m.group("postp")
        num_start = next(m.start(g) for g in ("pw", "pf", "h1", "a1", "c1") if m.group(g))
        if not pre:
            start = num_start
        if m.group("pw") or m.group("pf"):
            first, second, unit = (m.group("pn") or "百"), None, "%"
            inner, unit_pos, base = None, -1, "%"
        elif m.group("h1"):
            first, second, base = "半", None, m.group("hu")
            inner, unit, unit_pos = None, base, m.start("hu")
        elif m.group("a1"):
            first, second, mag, base = m.group("a1"), m.group("a2"), m.group("am") or "", m.group("au")
            inner, unit, unit_pos = m.group("ai") or m.group("ai2"), mag + base, m.start("au")
        else:
            first, second, mag, base = m.group("c1"), m.group("c2"), m.group("cm") or "", m.group("cu")
            inner, unit, unit_pos = m.group("ci") or m.group("ci2"), mag + base, m.start("cu")
        if _ordinal_after(text, num_start, base, vocab) or _listed_after(text, num_start, chain, base):
            chain = (unit_pos + len(base), base)
            continue  # 九届五次、六次、七次全会: plenary sessions, not counts
        if m.group("c1"):
            if not mag and not second and first in vocab.skip_numerals:
                continue  # 一批, 一名, 二级单位
            if not second and first in vocab.bare_magnitudes and base in vocab.bare_magnitude_units:
                continue  # bare magnitudes listed as rates (none since v2)
            if not second and first in vocab.bare_magnitudes and base in vocab.measures and (post or postp) in vocab.bare_class_after:
                continue  # 亿元以上项目: a size class (千家以上 counts firms)
            if base in vocab.grade_units and not (second or post or postp) and not _levels(text, num_start, end, vocab, levels):
                continue  # 三级公立医院, 四级手术: a grade; 省市县三级, 三级联动 and 三级以上 are counts
        if unit_pos >= 0 and text.startswith(_longer_than(vocab.unit_words, len(base)), unit_pos):
            continue  # 3个月, 2所有, 1组织
        if unit_pos >= 0 and base not in vocab.grade_units and any(
            text.startswith(w, unit_pos + len(base)) for w in vocab.class_suffix
        ):
            continue  # 30万吨级航道, 千亿元级产业集群: a size class, not an amount
        if post and (
            any(text.startswith(b, m.start("post")) for b in vocab.suffix_blockers)
            or (post in vocab.max_after_duration and base not in vocab.durations)
        ):
            post, end = None, m.start("post")
            while text[end - 1] in " \t\u3000":
                end -= 1
        if postp and postp in vocab.max_after_duration and base not in vocab.durations:
            postp = None
        if base in vocab.need_qualifier and not (pre or post or postp or inner):
            continue  # 十八届, 10日: a count only with a qualifier (不超过两届, 1日内)
        if base in vocab.calendar_units and _calendar_year(first, second):
            continue  # 2020年, 二〇二〇年: a year, not a duration
        if _clock_or_date(text, num_start, base):
            continue  # 8时40分, 10月1日: a time of day or a day of the month
        if base in vocab.rate_bases and text.endswith("每", 0, num_start):
            continue  # 每万人, 每10万人: the base of a rate
        if _period_name(text, num_start, end, base, vocab):
            continue  # 极不平凡的五年。: a period named, not years of work
        if _blocked_before(text, num_start, vocab, chinese=bool(m.group("c1"))):
            chain = (unit_pos + len(base), base) if unit_pos >= 0 else None
            continue  # 第三次、四次: the numbers listed after an ordinal are ordinals
        if protected.covers(start, end):
            continue
        if any(s < end and start < e for s, e in banned):
            continue
        value = 100.0 if m.group("pf") else _number(first)
        value_max = _number(second) if second else None
        if m.group("c1") and has_digit_run(first):  # 三四个, 七八十家: an approximate range
            near = None if second else cn_range(first)
            if near is None:
                continue  # 一二三次产业, 二〇二〇: a list or positional digits, no count
            value, value_max = map(float, near)
        if value is None or (second and value_max is None):
            continue
        if value_max is not None and value_max < value:
            value, value_max = value_max, value
        post = post or postp
        if not post and unit_pos >= 0:
            unit = _shared_unit(text, m, unit, pattern)  # 12.7个、12个百分点: both in 个百分点
        qualifier = before_q.get(pre) if pre else "min" if inner else after_q.get(post) if post else None
        if qualifier is None and unit == "%" and (far := share.search(text, max(0, num_start - 24), num_start)):
            qualifier = before_q.get(far.group("pre"))
        found.append(
            QuotaMatch(start, end, text[start:end], value, value_max, unit, qualifier, _subject(text, end, vocab, stops))
        )
    return found


@extractor("quotas", schema=QuotaRow, requires=("tasks",), version=3)
def extract_quotas(doc: Circular, *, vocab: QuotaVocab | None = None) -> Iterator[QuotaRow]:
    """Quota rows of every task.

    >>> from tests.conftest import make_circular
    >>> row = next(extract_quotas(make_circular("1.对70多家实验室进行检查。")))
    >>> row.value, row.unit, row.qualifier
    (70.0, '家', 'min')
    """
    for task in doc.tasks:
        text = doc.text[task.char_start : task.char_end]
        for m in find_quotas(text, vocab=vocab):
            yield QuotaRow(
                task_id(doc, task), doc.doc_id, m.text, float(m.value),
                None if m.value_max is None else float(m.value_max), m.unit, m.qualifier, m.subject,
                task.char_start + m.start, task.char_start + m.end,
            )
