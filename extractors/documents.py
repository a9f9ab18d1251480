""":mod:`extractors.documents`: Document-level fields of a circular: title, issuer, 发文字号, issue date, year."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.dates import find_full_date
from extractors.registry import extractor
from pipeline.document import Circular, DocumentFields
from pipeline.numerals import digit_chars, numeral_value, year_number
from pipeline.vocab import body_suffixes, load_toml
from schemas.documents import DocumentRow

#: How many lines from the top may hold the title, letterhead and 发文字号.
DEFAULT_HEAD_LINES = 25
#: Longest line taken whole as a title.
DEFAULT_MAX_TITLE_CHARS = 90
#: Most lines of joint issuers signing over one date.
DEFAULT_MAX_SIGNATURE_LINES = 4
#: How far from the top metadata, export headers and the cover sentence are looked for.
DEFAULT_HEADER_CHARS = 3000

#: A line of a legal-database export header: 【发布部门】…, 【法宝引证码】…; 原文链接：…
#: A labelled item (一、 （十五） 1. 第三条): never the title.
_CN = digit_chars(1) + "十百"  # a label's number in words: 三, 十五, 一百
RE_LABEL = re.compile(rf"^(?:[（(][{_CN}\d]{{1,4}}[）)]|[{_CN}]{{1,3}}[、.]|\d{{1,5}}[.、]|第[{_CN}\d]{{1,4}}[章节条])")
RE_YEAR = re.compile(rf"(?P<y>{year_number()})\s*(?:年|[—–\-~至到]\s*(?:19|20)\d{{2}}\s*年)")


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: _metadata caches per vocabulary
class DocumentVocab:
    title_suffixes: tuple[str, ...]
    cover_patterns: tuple[re.Pattern, ...]
    cover_sentence: re.Pattern  # the cover sentence that prints plans, their titles in ``plans`` or ``plans2``
    letterhead_suffixes: tuple[str, ...]
    doc_number: re.Pattern
    imprint_markers: tuple[str, ...]
    glued_title: re.Pattern  # a title that runs straight into the body on one line
    notice_title: re.Pattern  # 关于印发X的通知: a notice that prints a plan
    metadata_fields: dict[str, str]  # 发文机关 → issuer …
    metadata_value: re.Pattern  # key：value of a page's metadata table, the value up to the next key
    export_header: dict[str, str]  # 【发布部门】 → issuer …
    export_line: re.Pattern  # a line of a legal-database export header: 【key】value or key：value
    issuer_suffixes: tuple[str, ...]  # words a body's name ends with (a signature that is not a person)
    speaker: re.Pattern  # a report's speaker line, 河北省人民政府省长 王正谱: the body in ``body``
    delivered: re.Pattern  # a report's subtitle, ——2026年1月26日在…会议上: the date in ``date``
    decree_head: re.Pattern  # a decree's head line, 中华人民共和国国务院令: the issuer in ``body``
    decree_number: re.Pattern  # the line under it: 第707号, 2019年第1号
    decree_short_names: dict[str, str]  # 国务院 → 国 (国令第707号)


@functools.cache
def default_vocab() -> DocumentVocab:
    data = load_toml("extractors", "document_vocab.toml")
    suffixes = tuple(sorted(data["title_suffixes"], key=len, reverse=True))

    def printed(pattern: str) -> re.Pattern:  # {printed}: what follows the titles a cover notice prints first
        return re.compile(pattern.replace("{printed}", data["printed_after_titles"]))

    return DocumentVocab(
        suffixes,
        tuple(map(printed, data["cover_patterns"])),
        printed(data["cover_sentence_pattern"]),
        tuple(data["letterhead_suffixes"]),
        re.compile(data["doc_number_pattern"]),
        tuple(load_toml("pipeline", "structure.toml")["imprint_markers"]),  # shared with the segmentation stage
        re.compile(rf"^(.{{4,60}}?(?:{'|'.join(map(re.escape, suffixes))}))"),
        re.compile(data["notice_title_pattern"]),
        dict(data["metadata_fields"]),
        _metadata_pattern([*data["metadata_fields"], *data["metadata"]["other_keys"]]),
        dict(data["export_header"]),
        _export_pattern([*data["export_header"], *data["export"]["other_keys"]]),
        body_suffixes("issuer"),
        re.compile(rf"^(?P<body>.{{4,30}}?)(?:{'|'.join(map(re.escape, data['speaker_titles']))})\s*[\u4e00-\u9fff·]{{2,5}}$"),
        re.compile(data["delivered_pattern"]),
        re.compile(data["decree_head_pattern"]),
        re.compile(data["decree_number_pattern"]),
        dict(data["decree_short_names"]),
    )


def _export_pattern(keys: list[str]) -> re.Pattern:
    """A legal-database export line, ``【发布部门】国务院`` or ``发布部门：国务院`` (the key in ``key``).

    >>> _export_pattern(["发布部门"]).match("发布部门：国务院办公厅").group("value")
    '国务院办公厅'
    """
    alt = "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
    return re.compile(rf"^(?:【(?P<key>[^】]{{2,8}})】|(?P<colon_key>{alt})\s*[:：])\s*(?P<value>[^\n]*)$", re.M)


def _metadata_pattern(keys: list[str]) -> re.Pattern:
    """``key：value`` with the value running to the next key, the line end or the next cell (tab);
    keys may be glued to the value before them when the lines of the table were joined."""
    spaced = ["[ \t]*".join(map(re.escape, key)) for key in sorted(keys, key=len, reverse=True)]
    key = "|".join(spaced)
    return re.compile(rf"(?P<key>{key})[ \t]*[:：][ \t\n]*(?P<value>(?:(?!(?:{key})[ \t]*[:：])[^\n\t])*)")


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` (year, month and 日) as ISO, read by :func:`extractors.dates.find_full_date`.

    >>> parse_date("浙江省质量技术监督局办公室 2009年8月4日印发"), parse_date("二〇一七年二月十五日")
    ('2009-08-04', '2017-02-15')
    """
    date = find_full_date(text)
    return date.date_start if date else None


@functools.lru_cache(maxsize=4)  # each field's finder reads the lines of the same text
def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.split("\n") if line.strip())


@functools.lru_cache(maxsize=4)
def _metadata(text: str, vocab: DocumentVocab) -> dict[str, str]:
    """Fields printed by a page's metadata table (``发文机关：国务院``) or a legal-database export
    header (``【发文字号】国发〔2019〕4号``) near the top of the text; the first of each wins (cached:
    each field's finder asks; do not change the dict)."""
    found: dict[str, str] = {}
    head = text[:DEFAULT_HEADER_CHARS]
    for m in vocab.metadata_value.finditer(head):
        field = vocab.metadata_fields.get(re.sub(r"\s+", "", m.group("key")))
        value = m.group("value").strip()
        if field and value and field not in found:
            found[field] = value
    for m in vocab.export_line.finditer(head):
        field = vocab.export_header.get((m.group("key") or m.group("colon_key")).strip())
        value = m.group("value").strip()
        if field and value and field not in found:
            found[field] = value
    return found


def _letterhead(line: str, vocab: DocumentVocab) -> str | None:
    """The body of a letterhead line (``浙江省质量技术监督局文件`` → 浙江省质量技术监督局), or None:
    ``2026年中央一号文件`` ends in 文件 too, but names a document, not a body."""
    for suffix in vocab.letterhead_suffixes:
        name = line[: -len(suffix)].strip()
        if line.endswith(suffix) and 2 < len(name) <= 30 and not name[0].isdigit():
            return name
    return None


def _is_furniture(line: str, vocab: DocumentVocab) -> bool:
    """Lines around a title that are not it: letterhead, 发文字号, addressees, dates, 附件 markers,
    metadata and export-header lines, labelled items."""
    return (
        _letterhead(line, vocab) is not None
        or bool(re.search(r"[>›»]", line))  # a web page's breadcrumb: 首页 > 政务公开 > 通知公告
        or bool(vocab.doc_number.match(line))
        or line.endswith(("：", ":"))
        or bool(re.match(r"^附件\s*\d*\s*[:：]?$", line))
        or parse_date(line) is not None and len(line) < 30
        or len(line) < 4
        or bool(vocab.metadata_value.match(line))
        or bool(vocab.export_line.match(line))
    )


def _title_block(text: str, vocab: DocumentVocab) -> str | None:
    """The title printed at the top: the first line that is not furniture, joined with the lines it
    is broken over (``国务院办公厅关于加强`` + ``三级公立医院绩效考核工作的意见``)."""
    lines = [line for line in _lines(text)[:DEFAULT_HEAD_LINES]]
    for i, line in enumerate(lines):
        if _is_furniture(line, vocab):
            continue
        if RE_LABEL.match(line) or re.search(r"[。；，,]", line) or len(line) > DEFAULT_MAX_TITLE_CHARS:
            return None  # the body begins: a labelled item or a sentence is never the title
        title = line
        for nxt in lines[i + 1 : i + 4]:
            # a line that ends the title is part of it, though it looks like furniture: …的 + 通知, and
            # 国务院关于河北雄安新区总体规划 + （2018—2035年）的批复 (a date range, to _is_furniture), where
            # the title went on in brackets after a word that can end one (规划)
            completes = (title + nxt).endswith(vocab.title_suffixes) and not vocab.doc_number.match(nxt)
            goes_on = completes and nxt.startswith(("（", "("))
            if (title.endswith(vocab.title_suffixes) and not goes_on or _is_furniture(nxt, vocab) and not completes
                    or RE_LABEL.match(nxt)):
                break
            if re.search(r"[。；，,：:]", nxt) or len(title + nxt) > DEFAULT_MAX_TITLE_CHARS:
                break
            title += nxt
        if title.endswith(vocab.title_suffixes):
            return title
        # not a title (a letterhead without 文件: 中共邯郸市委组织部): the title may follow
    return None


def _printed_plans(text: str, vocab: DocumentVocab) -> list[str]:
    """Titles in 《》 of the cover sentence that prints them (``现将《A》《B》印发给你们``)."""
    m = vocab.cover_sentence.search(text[:DEFAULT_HEADER_CHARS])
    return re.findall(r"《([^》]{4,80})》", m.group("plans") or m.group("plans2")) if m else []


def _plan_of_notice(notice: str, text: str, vocab: DocumentVocab) -> str:
    """A cover notice's title → the title of the plan it prints (ANNOTATION.md §1, v2 for several plans)."""
    m = vocab.notice_title.search(notice)
    if not m:
        return notice
    plans = _printed_plans(text, vocab)
    if len(plans) == 1:
        return plans[0]
    return m.group("title").replace("《", "").replace("》", "")


def find_title(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The work plan's own title (without 《》); the printed plan's title for a cover notice.

    >>> find_title("各直属局：\\n现将《2017年认证认可工作要点》印发你们。\\n国家认监委")
    '2017年认证认可工作要点'
    >>> find_title("2007年全国质量技术监督工作要点2007年质检工作的指导思想是:坚持…")
    '2007年全国质量技术监督工作要点'
    """
    vocab = vocab or default_vocab()
    printed = _metadata(text, vocab).get("title") or _title_block(text, vocab)
    if printed and vocab.notice_title.search(printed):
        return _plan_of_notice(printed, text, vocab)
    head = text[:DEFAULT_HEADER_CHARS]
    for pattern in vocab.cover_patterns:
        m = pattern.search(head)
        if m:
            return m.group("title").strip()
    if printed:
        return printed
    lines = [line for line in _lines(text)[:DEFAULT_HEAD_LINES] if not _is_furniture(line, vocab)]
    for line in lines:
        if RE_LABEL.match(line):
            break
        m = vocab.glued_title.match(line)
        if m and (len(line) > DEFAULT_MAX_TITLE_CHARS or re.search(r"[。：:；，,]", line[m.end() :])):
            return m.group(1)  # the title runs straight into the body
    return None


def _decree(text: str, vocab: DocumentVocab) -> tuple[str, str] | None:
    """The issuer and 发文字号 of a decree, from its head line and the number under it, or None.

    >>> _decree("中华人民共和国国务院令\\n第707号\\n现公布《…条例》", default_vocab())
    ('国务院', '国令第707号')
    """
    lines = _lines(text)[:DEFAULT_HEAD_LINES]
    for line, nxt in zip(lines, lines[1:]):
        head = vocab.decree_head.match(line)
        if head and head.group("body").endswith(vocab.issuer_suffixes) and vocab.decree_number.match(nxt):
            body = head.group("body")
            return body, vocab.decree_short_names.get(body, body) + "令" + re.sub(r"\s+", "", nxt)
    return None


def find_issuer(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The issuing body as printed: the letterhead (``…局文件``), else a body signing over the date,
    else the page's metadata or the export header, else whoever signs.

    >>> find_issuer("浙江省质量技术监督局文件\\n浙质评发〔2009〕195号"), find_issuer("印发你们。\\n国家认监委\\n2017年2月15日")
    ('浙江省质量技术监督局', '国家认监委')
    """
    vocab = vocab or default_vocab()
    lines = _lines(text)
    for line in lines[:DEFAULT_HEAD_LINES]:
        if (name := _letterhead(line, vocab)) and not vocab.export_line.match(line):
            return name
    if (decree := _decree(text, vocab)) and not _metadata(text, vocab).get("issuer"):
        return decree[0]  # 中华人民共和国国务院令 … 总理 李克强: the premier signs, the State Council issues
    signed = None
    for i, line in enumerate(lines[1:], start=1):
        if parse_date(line) and len(line) < 30 and not line.endswith(vocab.imprint_markers):
            names = []  # joint issuers sign on several lines over the one date
            for prev in reversed(lines[max(0, i - DEFAULT_MAX_SIGNATURE_LINES) : i]):
                if len(prev) > 30 or re.search(r"[。；，,:：】]", prev) or names and not prev.endswith(vocab.issuer_suffixes):
                    break
                names.insert(0, prev)
            if names:
                signed = re.sub(r"\s+", " ", " ".join(names))
                break
    printed = _metadata(text, vocab).get("issuer")
    if signed and signed.endswith(vocab.issuer_suffixes):
        joint, own = re.sub(r"\s+", "", signed), re.sub(r"\s+", "", printed or "")
        before, found, after = joint.partition(own) if own else ("", "", "")
        others = [p for p in (before, after) if p]
        if found and others and all(len(p) >= 4 and p.endswith(vocab.issuer_suffixes) for p in others):
            return printed  # joint issuers sign; the page names the one that issued it (its 发文字号's owner)
        return signed  # a body signs: the page's metadata may name whoever reposted it
    if printed:
        return printed  # a person signs (总理 李克强): the metadata names the body
    for line in lines[:DEFAULT_HEAD_LINES]:  # a work report: 河北省人民政府省长 王正谱
        speaker = vocab.speaker.match(line)
        if speaker and speaker.group("body").endswith(vocab.issuer_suffixes):
            return speaker.group("body")
    return None if signed and signed.endswith(vocab.title_suffixes) else signed  # a title over a date names no one


def find_doc_number(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The 发文字号: from the page's metadata or the export header, else printed on a line of its own
    near the top (``浙质评发〔2009〕195号``), else a decree's (国令第707号), or None."""
    vocab = vocab or default_vocab()
    printed = _metadata(text, vocab).get("doc_number")
    if printed:
        return re.sub(r"\s+", "", printed)
    for line in _lines(text)[:DEFAULT_HEAD_LINES]:
        if vocab.doc_number.match(line):
            return re.sub(r"\s+", "", line)
    decree = _decree(text, vocab)
    return decree[1] if decree else None


def find_issue_date(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """成文 date: a date line of its own (the signature's), else the page's metadata 成文日期, else the
    印发 date of the imprint line. The circular's own signature wins over a web page's metadata table
    when they differ (govcn-24 signs 二〇〇四年四月二十七日, its page says 2004年04月17日)."""
    vocab = vocab or default_vocab()
    imprint = None
    for line in _lines(text):
        if len(line) > 40:
            continue
        date = find_full_date(line)
        if date and not (line[: date.start] + line[date.end :]).strip():
            return date.date_start  # a date line of its own
        if date and line.endswith(vocab.imprint_markers) and imprint is None:
            imprint = date.date_start
    value = _metadata(text, vocab).get("issue_date", "")
    iso = re.match(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})", value)
    printed = parse_date(value) or (parse_date(f"{iso[1]}年{iso[2]}月{iso[3]}日") if iso else None)
    return printed or imprint or _delivered(text, vocab)


def _delivered(text: str, vocab: DocumentVocab) -> str | None:
    """The day a work report was delivered, from its subtitle: ``——2026年1月26日在河北省…会议上`` → 2026-01-26."""
    head = _lines(text)[:DEFAULT_HEAD_LINES]
    for line, following in zip(head, [*head[1:], ""]):
        if m := vocab.delivered.match(line) or vocab.delivered.match(line + following):
            return parse_date(m.group("date"))
    return None


def text_to_fields(text: str, *, vocab: DocumentVocab | None = None) -> DocumentFields:
    """All document fields of a clean circular text; ``year`` from the title, else the issue date."""
    vocab = vocab or default_vocab()
    title = find_title(text, vocab=vocab)
    issue_date = find_issue_date(text, vocab=vocab)
    year = None
    m = RE_YEAR.search(title or "")
    if m:
        year = numeral_value(m.group("y"))
    elif issue_date:
        year = int(issue_date[:4])
    return DocumentFields(title, find_issuer(text, vocab=vocab), find_doc_number(text, vocab=vocab), issue_date, year)


@extractor("documents", schema=DocumentRow, requires=("fields", "tasks"), version=1)
def extract_documents(doc: Circular) -> Iterator[DocumentRow]:
    """One row per circular from its document fields.

    >>> from tests.conftest import make_circular
    >>> next(extract_documents(make_circular("2017年认证认可工作要点\\n一、总体要求"))).year
    2017
    """
    f = doc.fields
    yield DocumentRow(
        doc.doc_id, doc.source.path, doc.source.format, f.title, f.issuer, f.doc_number,
        f.issue_date, f.year, doc.script, len(doc.text), doc.source.encoding, len(doc.tasks),
    )
