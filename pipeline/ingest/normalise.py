""":mod:`pipeline.ingest.normalise`: Normalise aspects of extracted circular text that vary in problematic ways.

Every normaliser exists twice: ``name(text) -> str`` for callers who want the
string, and ``name_edits(text)`` yielding the edits it makes, which
:func:`make_pipeline` applies with an offset map so that every clean
character traces back to the source.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import statistics
import unicodedata
from collections.abc import Iterator

from pipeline.ingest import DEFAULT_OPENCC_CONFIG
from pipeline.ingest import _patterns as P
from pipeline.ingest.offsets import Edit, EditStep, Tracked, apply_edits, edits_to_text
from pipeline.vocab import data_text

#: A wrapped line is at least this share of the document's typical (90th percentile) line width.
DEFAULT_WRAP_WIDTH_RATIO = 0.7
#: ... and at least this many characters.
DEFAULT_MIN_WRAP_CHARS = 12
#: Lines a document needs before its typical line width says anything.
DEFAULT_MIN_LINES_FOR_WIDTH = 8
#: Blank lines a wrap may jump (page breaks in text exported from PDF or Word).
DEFAULT_MAX_WRAP_BLANKS = 2
#: Share of non-empty lines that must carry a sequential "N、" prefix before it is taken for an artifact.
DEFAULT_LINE_NUMBER_SHARE = 0.8

_FULLWIDTH_KEEP = frozenset("，。：；！？（）《》〈〉【】“”‘’、")
#: Space characters that are not ASCII: the ideographic space of Chinese indentation, no-break space, and
#: the typographic spaces (en, em, thin…) Word and WPS put in signatures (``海南省农业农村厅\u2002海南省财政厅``).
_SPACES = frozenset("\u3000\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")

#: What :func:`fullwidth_edits` changes: ``２`` → ``2``, ``\u3000`` → `` ``; and the characters it looks for.
_TO_HALFWIDTH = {ord(ch): " " for ch in _SPACES} | {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _FULLWIDTH_KEEP
}
_RE_WIDTH = re.compile("[" + "".join(map(chr, sorted(_TO_HALFWIDTH))) + "]")


@functools.cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


# ---------------------------------------------------------------- newlines


#: The characters that start a line end other than ``\n``, and the line ends.
_OTHER_LINE_ENDS = "\r\f\v\u2028\u2029\x85"
_RE_NEWLINE = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")


def newlines_edits(text: str) -> Iterator[Edit]:
    """``\\r\\n``, ``\\r``, form feeds and Unicode line separators become ``\\n``."""
    if not any(ch in text for ch in _OTHER_LINE_ENDS):  # six fast scans instead of a regex tried at every character
        return
    for m in _RE_NEWLINE.finditer(text):
        yield m.start(), m.end(), "\n"


def newlines(text: str) -> str:
    return edits_to_text(text, newlines_edits(text))


# ---------------------------------------------------------------- width


def fullwidth_edits(text: str) -> Iterator[Edit]:
    """Full-width digits, letters and ASCII symbols become half-width; Chinese punctuation stays; every
    Unicode space (ideographic, no-break, en, em…) becomes an ASCII space.

    >>> fullwidth("２００７年　ＩＳＯ９００１，完成９８％")
    '2007年 ISO9001，完成98%'
    """
    for m in _RE_WIDTH.finditer(text):
        yield m.start(), m.end(), m.group().translate(_TO_HALFWIDTH)


def fullwidth(text: str) -> str:
    return edits_to_text(text, fullwidth_edits(text))


# ---------------------------------------------------------------- label forms

#: Compatibility characters that spell item labels, read as Unicode NFKC reads them
#: (ANNOTATION.md §2 v2): small-form ``﹒ ﹑ ﹙ ﹚`` (legal-database exports print ``1﹒``),
#: parenthesised ``⑴ ㈠`` and full-stop ``⒈`` numbers.
RE_LABEL_FORMS = re.compile("[\ufe51\ufe52\ufe59\ufe5a\u2474-\u249b\u3220-\u3229]")


def label_forms_edits(text: str) -> Iterator[Edit]:
    """Label characters in their NFKC form, so ``1﹒`` ``⑴`` ``㈠`` are ``1.`` ``(1)`` ``(一)``.

    >>> label_forms("1﹒加强领导\\n⑵完善制度\\n㈢强化督查\\n⒋做好宣传")
    '1.加强领导\\n(2)完善制度\\n(三)强化督查\\n4.做好宣传'
    """
    for m in RE_LABEL_FORMS.finditer(text):
        yield m.start(), m.end(), unicodedata.normalize("NFKC", m.group())


def label_forms(text: str) -> str:
    return edits_to_text(text, label_forms_edits(text))


# ---------------------------------------------------------------- script


def script_edits(text: str, *, config: str = DEFAULT_OPENCC_CONFIG) -> Iterator[Edit]:
    """Characters OpenCC ``config`` changes, one edit per run of changed characters (each maps to its own).

    OpenCC's t2s keeps length; when a phrase rule changes it, the line is
    replaced whole (its characters then map to the line start).
    """
    converted = _opencc(config).convert(text)
    if converted == text:  # a simplified text: nothing to compare character by character
        return
    if len(converted) == len(text):
        yield from _changed_runs(text, converted, 0)
        return
    pos = 0
    for line in text.split("\n"):
        new = _opencc(config).convert(line)
        if new != line:
            if len(new) == len(line):
                yield from _changed_runs(line, new, pos)
            else:
                yield pos, pos + len(line), new
        pos += len(line) + 1


def _changed_runs(old: str, new: str, offset: int) -> Iterator[Edit]:
    """Same-length edits turning ``old`` into ``new`` (as long), one per run of changed characters, at ``offset``.

    >>> list(_changed_runs("國家認監委", "国家认监委", 10))
    [(10, 11, '国'), (12, 14, '认监')]
    """
    changed = itertools.compress(itertools.count(), map(operator.ne, old, new))  # the changed offsets, found in C
    start = end = None
    for i in changed:
        if i != end:
            if start is not None:
                yield offset + start, offset + end, new[start:end]
            start = i
        end = i + 1
    if start is not None:
        yield offset + start, offset + end, new[start:end]


def script(text: str, *, config: str = DEFAULT_OPENCC_CONFIG) -> str:
    """Convert with OpenCC: ``script("牽頭部門：注冊部")`` → ``'牵头部门：注册部'``."""
    return _opencc(config).convert(text)


_RE_NOT_CJK = re.compile(rf"[^{P.CJK}]+")


def detect_script(text: str) -> str:
    """``traditional``, ``simplified`` or ``mixed``: the characters OpenCC's ``t2s`` changes (only
    traditional text has them) against those only simplified text has (:func:`simplified_only`).

    >>> detect_script("國家認監委"), detect_script("国家认监委"), detect_script("国家認監委和质检总局")
    ('traditional', 'simplified', 'mixed')
    """
    cjk = _RE_NOT_CJK.sub("", text)
    if not cjk:
        return "simplified"
    t2s = _opencc("t2s").convert(cjk)
    if t2s == cjk:  # no character only traditional text has
        return "simplified"
    n_trad = sum(map(operator.ne, cjk, t2s))
    n_simp = sum(map(simplified_only().__contains__, cjk))
    if n_trad and n_simp and min(n_trad, n_simp) / max(n_trad, n_simp) > 0.05:
        return "mixed"
    return "traditional" if n_trad > n_simp else "simplified"


@functools.cache
def simplified_only() -> frozenset[str]:
    """The characters only simplified text has: OpenCC's ``s2t`` changes them and ``t2s`` keeps them
    (``pipeline/data/simplified_only.txt``, written by ``scripts/make_simplified_only.py``; read
    instead of loading ``s2t``, whose phrases take 65 ms to load).

    >>> {"国", "认", "质"} <= simplified_only(), "國" in simplified_only(), "中" in simplified_only()
    (True, False, False)
    """
    lines = data_text("pipeline", "simplified_only.txt").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


# ---------------------------------------------------------------- injected numbers


def line_numbers_edits(text: str, *, share: float = DEFAULT_LINE_NUMBER_SHARE) -> Iterator[Edit]:
    """Drop ``N、`` prefixes that number every physical line 1, 2, 3… (chunk numbers, not labels).

    Only when at least ``share`` of non-empty lines carry one and they count up
    by one in order, so a real list ``1、… 2、…`` between paragraphs is kept.

    >>> line_numbers("1、2007 年质检\\n2、同 时 抓亮点\\n3、目标和措施")
    '2007 年质检\\n同 时 抓亮点\\n目标和措施'
    """
    lines = [m for m in re.finditer(r"^.*$", text, re.M) if m.group().strip()]
    if len(lines) < 3:
        return
    prefixed = [(m, P.RE_LINE_NUMBER_PREFIX.match(m.group())) for m in lines]
    hits = [(m, p) for m, p in prefixed if p]
    if len(hits) < share * len(lines):
        return
    numbers = [int(p.group(1)) for _, p in hits]
    in_sequence = sum(b == a + 1 for a, b in zip(numbers, numbers[1:]))
    if in_sequence < share * (len(numbers) - 1):
        return
    for m, p in hits:
        yield m.start(), m.start() + p.end(), ""


def line_numbers(text: str) -> str:
    return edits_to_text(text, line_numbers_edits(text))


def page_numbers_edits(text: str) -> Iterator[Edit]:
    """Drop lines that are only a page number (``— 3 —``, ``- 3 -``, ``第3页 共8页``) with their newline."""
    for m in P.RE_PAGE_NUMBER_LINE.finditer(text):
        end = m.end() + 1 if m.end() < len(text) and text[m.end()] == "\n" else m.end()
        yield m.start(), end, ""


def page_numbers(text: str) -> str:
    return edits_to_text(text, page_numbers_edits(text))


# ---------------------------------------------------------------- spacing


_RE_LINE_EDGE = re.compile(r"(?=[ \u00a0])(?:^[ \u00a0]+|[ \u00a0]+$)", re.M)


def line_edges_edits(text: str) -> Iterator[Edit]:
    """Spaces at the start and end of lines go; tabs (table cells) stay."""
    for m in _RE_LINE_EDGE.finditer(text):
        if m.start() != m.end():
            yield m.start(), m.end(), ""


def cjk_spacing_edits(text: str) -> Iterator[Edit]:
    """Spaces next to a CJK character go (``质 检 工 作``, ``2007 年``); Latin keeps its spaces (``ISO 9001``).

    >>> cjk_spacing("2007 年 质 检 工 作 , 达到 1200 个 ISO 9001")
    '2007年质检工作,达到1200个ISO 9001'
    """
    spans = [(m.start(), m.end()) for m in P.RE_CJK_GAP.finditer(text)]
    spans += [(m.start(), m.end()) for m in P.RE_PUNCT_GAP.finditer(text)]
    last = -1
    for start, end in sorted(set(spans)):
        if start >= last:
            yield start, end, ""
            last = end


def cjk_spacing(text: str) -> str:
    return edits_to_text(text, cjk_spacing_edits(text))


# ---------------------------------------------------------------- line wraps


def _typical_width(lines: list[str]) -> float:
    widths = sorted(len(line) for line in lines if line.strip() and "\t" not in line)
    if len(widths) < DEFAULT_MIN_LINES_FOR_WIDTH:
        return float("inf")  # too few lines to tell a wrapped line from a heading by width
    return statistics.quantiles(widths, n=10)[-1]


def _is_prose(line: str, wrap_width: float) -> bool:
    """Long for this document, or punctuated like running text rather than a heading."""
    return (
        len(line) >= wrap_width
        or not P.SENTENCE_PUNCT.isdisjoint(line)
        or sum(map(line.count, P.CLAUSE_PUNCT)) >= 2
    )


#: A field line: ``发文机关：广州市卫生健康委员会`` (a page's metadata), ``【法宝引证码】CLI.…`` (a legal-database
#: export header), ``原文链接：http://…``: a key of a few characters, then a value.
RE_FIELD_LINE = re.compile(rf"^[ \t]*(?:(?P<bracket>【[^】\n]{{1,10}}】)|(?:[{P.CJK}][ \t]*){{2,6}}[:：])")
_RE_PROSE_PUNCT = re.compile(r"[。；;，,！？]")  # not ASCII ? ! (原文链接：http://…?Gid=1)
#: A line that is one bracketed group, a subtitle or a note of its own (（2026年1月27日在…会议上）, （此件公开发布）):
#: nothing is wrapped into it.
_RE_BRACKETED_LINE = re.compile(r"[ \t]*[（(][^（）()\n]*[）)][ \t]*$")


def _is_field_line(line: str, *, lists: bool = True) -> bool:
    """A ``【key】`` line, or a ``key：value`` line whose value is not running text (no sentence or clause
    punctuation; with ``lists``, a list in 、 is still a value: 发文机关：A、B)."""
    m = RE_FIELD_LINE.match(line)
    if not m:
        return False
    return bool(m.group("bracket")) or not _RE_PROSE_PUNCT.search(line, m.end()) and (lists or "、" not in line[m.end() :])


def linebreaks_edits(
    text: str,
    *,
    width_ratio: float = DEFAULT_WRAP_WIDTH_RATIO,
    min_chars: int = DEFAULT_MIN_WRAP_CHARS,
    max_blanks: int = DEFAULT_MAX_WRAP_BLANKS,
) -> Iterator[Edit]:
    """Join lines broken inside a sentence; keep paragraph, heading and table structure.

    A line is joined to the next non-blank one when it is prose (long for this
    document, or holding a sentence end), it ends without closing punctuation,
    and the next line starts no label, attachment or table row; and always when it ends in an opening
    bracket (云南's report prints ``（`` and ``三）改革开放…`` on two lines). A title (no punctuation) is not
    joined to the 主送机关 line after it (…的批复 / 广东省人民政府、香港特别行政区政府：), nor anything to a line that
    is one bracketed group (（2026年1月27日在…会议上）). A field line
    (``发文机关：…``, ``【法宝引证码】…``) is never joined to the next, nor the line
    before it to it.

    >>> linebreaks("第二阶段。各县局应将\\n\\n检查情况上报市局。\\n二、工作要求\\n1.加强组织领导")
    '第二阶段。各县局应将检查情况上报市局。\\n二、工作要求\\n1.加强组织领导'
    """
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    wrap_width = max(min_chars, width_ratio * _typical_width(lines))
    in_table = False
    logical = ""  # the line as joined so far: its prose status decides, so a second pass changes nothing
    for i, line in enumerate(lines):
        if not line.strip():
            in_table = False
            continue
        in_table = in_table or "\t" in line
        j = i + 1
        while j < len(lines) and j - i - 1 < max_blanks and not lines[j].strip():
            j += 1
        joins = (
            j < len(lines)
            and lines[j].strip() != ""
            and not in_table
            and "\t" not in lines[j]
            and (
                line.rstrip()[-1] in P.LINE_OPENERS  # a bracket opened at the line's end: （ / 三）… is one label
                or line[-1] not in P.LINE_TERMINALS
                and _is_prose(logical + line, wrap_width)
                and not P.RE_LINE_LABEL.match(lines[j])
                and not P.RE_BODY_END.match(lines[j])
                and not _is_field_line(line, lists=False)  # 责任单位：A、B、C wrapped over two lines still joins
                and not _is_field_line(lines[j])
                and not (P.RE_ADDRESSEE_LINE.match(lines[j]) and not _RE_PROSE_PUNCT.search(logical + line))
                and not _RE_BRACKETED_LINE.match(lines[j])
            )
        )
        if joins:
            yield starts[i] + len(line), starts[j], ""
        logical = logical + line if joins else ""


def linebreaks(text: str, **options) -> str:
    return edits_to_text(text, linebreaks_edits(text, **options))


_RE_BLANK_LINES = re.compile(r"\n\n\n+")  # \n{3,}, spelled so that a search looks for its three \n at once


def blank_lines_edits(text: str) -> Iterator[Edit]:
    """Runs of blank lines shrink to one; blank lines at the start and end go."""
    for m in _RE_BLANK_LINES.finditer(text):
        yield m.start() + 2, m.end(), ""
    # leading / trailing blank lines are left to whitespace_edits


def whitespace_edits(text: str) -> Iterator[Edit]:
    """Leading and trailing blank lines of the document go (a document of white space becomes empty)."""
    if not text.strip():
        if text:
            yield 0, len(text), ""
        return
    lead = len(text) - len(text.lstrip("\n \u00a0"))
    if lead:
        yield 0, lead, ""
    trail = len(text.rstrip("\n \t\u00a0"))
    if trail < len(text) and trail >= lead:
        yield trail, len(text), ""


def whitespace(text: str) -> str:
    return edits_to_text(text, whitespace_edits(text))


# ---------------------------------------------------------------- composition


def make_pipeline(*steps: EditStep):
    """Compose edit steps into one ``Tracked -> Tracked`` function (textacy's ``make_pipeline``)."""

    def run(tracked: Tracked) -> Tracked:
        for step in steps:
            tracked = apply_edits(tracked, step(tracked.text))
        return tracked

    return run


def default_steps(*, opencc_config: str = DEFAULT_OPENCC_CONFIG) -> tuple[EditStep, ...]:
    """The normalisation chain, in order; each step sees the previous step's output."""
    return (
        newlines_edits,
        fullwidth_edits,
        label_forms_edits,
        functools.partial(script_edits, config=opencc_config),
        line_numbers_edits,
        page_numbers_edits,
        line_edges_edits,
        cjk_spacing_edits,
        linebreaks_edits,
        blank_lines_edits,
        whitespace_edits,
    )


def source_to_tracked(text: str, *, opencc_config: str = DEFAULT_OPENCC_CONFIG) -> Tracked:
    """Normalise a decoded source text, keeping the offset map back to it."""
    return make_pipeline(*default_steps(opencc_config=opencc_config))(Tracked.from_source(text))
