""":mod:`extractors.documents`: Document-level fields of a circular: title, issuer, 发文字号, issue date, year."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors._data import load_toml
from extractors._numerals import cn_to_number
from extractors.registry import extractor
from pipeline.document import Circular, DocumentFields
from schemas.documents import DocumentRow

#: How many lines from the top may hold the title, letterhead and 发文字号.
DEFAULT_HEAD_LINES = 25
#: Longest line taken whole as a title.
DEFAULT_MAX_TITLE_CHARS = 90

_DIGIT = r"[\d〇零一二三四五六七八九十○Ｏ]"
RE_DATE = re.compile(rf"(?P<y>{_DIGIT}{{4}})\s*年\s*(?P<m>{_DIGIT}{{1,2}})\s*月\s*(?P<d>{_DIGIT}{{1,3}})\s*日")
RE_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2}|[〇零一二○][〇零一二三四五六七八九○]{3})\s*年")


@dataclass(frozen=True, slots=True)
class DocumentVocab:
    title_suffixes: tuple[str, ...]
    cover_patterns: tuple[re.Pattern, ...]
    letterhead_suffixes: tuple[str, ...]
    doc_number: re.Pattern
    imprint_markers: tuple[str, ...]
    glued_title: re.Pattern  # a title that runs straight into the body on one line


@functools.cache
def default_vocab() -> DocumentVocab:
    data = load_toml("document_vocab.toml")
    suffixes = tuple(sorted(data["title_suffixes"], key=len, reverse=True))
    return DocumentVocab(
        suffixes,
        tuple(re.compile(p) for p in data["cover_patterns"]),
        tuple(data["letterhead_suffixes"]),
        re.compile(data["doc_number_pattern"]),
        tuple(data["imprint_markers"]),
        re.compile(rf"^(.{{4,60}}?(?:{'|'.join(map(re.escape, suffixes))}))"),
    )


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_number(text.replace("○", "〇").replace("Ｏ", "〇"))


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ISO, Arabic or Chinese numerals.

    >>> parse_date("浙江省质量技术监督局办公室 2009年8月4日印发"), parse_date("二〇一七年二月十五日")
    ('2009-08-04', '2017-02-15')
    """
    m = RE_DATE.search(text)
    if not m:
        return None
    y, mo, d = (_number(m.group(k)) for k in "ymd")
    if not (y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_furniture(line: str, vocab: DocumentVocab) -> bool:
    """Lines around a title that are not it: letterhead, 发文字号, addressees, dates, 附件 markers."""
    return (
        line.endswith(vocab.letterhead_suffixes)
        or bool(re.search(r"[>›»]", line))  # a web page's breadcrumb: 首页 > 政务公开 > 通知公告
        or bool(vocab.doc_number.match(line))
        or line.endswith(("：", ":"))
        or bool(re.match(r"^附件\s*\d*\s*[:：]?$", line))
        or parse_date(line) is not None and len(line) < 30
        or len(line) < 4
    )


def find_title(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The work plan's own title (without 《》); the printed plan's title for a cover notice.

    >>> find_title("各直属局：\\n现将《2017年认证认可工作要点》印发你们。\\n国家认监委")
    '2017年认证认可工作要点'
    >>> find_title("2007年全国质量技术监督工作要点2007年质检工作的指导思想是:坚持…")
    '2007年全国质量技术监督工作要点'
    """
    vocab = vocab or default_vocab()
    head = text[:3000]
    for pattern in vocab.cover_patterns:
        m = pattern.search(head)
        if m:
            return m.group("title").strip()
    lines = [line for line in _lines(text)[:DEFAULT_HEAD_LINES] if not _is_furniture(line, vocab)]
    for i, line in enumerate(lines):
        if len(line) <= DEFAULT_MAX_TITLE_CHARS and not re.search(r"[。；]", line):
            if line.endswith(vocab.title_suffixes):
                return line
            if i + 1 < len(lines) and lines[i + 1].endswith(vocab.title_suffixes) and len(line + lines[i + 1]) <= DEFAULT_MAX_TITLE_CHARS:
                return line + lines[i + 1]
        m = vocab.glued_title.match(line)
        if m and (len(line) > DEFAULT_MAX_TITLE_CHARS or re.search(r"[。：:；，,]", line[m.end() :])):
            return m.group(1)  # the title runs straight into the body
    return None


def find_issuer(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The issuing body: the letterhead (``…局文件``), else the signature line over the date.

    >>> find_issuer("浙江省质量技术监督局文件\\n浙质评发〔2009〕195号"), find_issuer("印发你们。\\n国家认监委\\n2017年2月15日")
    ('浙江省质量技术监督局', '国家认监委')
    """
    vocab = vocab or default_vocab()
    lines = _lines(text)
    for line in lines[:DEFAULT_HEAD_LINES]:
        for suffix in vocab.letterhead_suffixes:
            if line.endswith(suffix) and 2 < len(line) - len(suffix) <= 30:
                return line[: -len(suffix)].strip()
    for prev, line in zip(lines, lines[1:]):
        if parse_date(line) and len(line) < 30 and not line.endswith(vocab.imprint_markers):
            if len(prev) <= 30 and not re.search(r"[。；，,:：]", prev):
                return prev
    return None


def find_doc_number(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """The 发文字号 printed on a line of its own near the top (``浙质评发〔2009〕195号``), or None."""
    vocab = vocab or default_vocab()
    for line in _lines(text)[:DEFAULT_HEAD_LINES]:
        if vocab.doc_number.match(line):
            return re.sub(r"\s+", "", line)
    return None


def find_issue_date(text: str, *, vocab: DocumentVocab | None = None) -> str | None:
    """成文 date (a date line of its own), else the 印发 date of the imprint line."""
    vocab = vocab or default_vocab()
    imprint = None
    for line in _lines(text):
        if len(line) > 40:
            continue
        date = parse_date(line)
        if date and RE_DATE.sub("", line).strip() == "":
            return date
        if date and line.endswith(vocab.imprint_markers) and imprint is None:
            imprint = date
    return imprint


def text_to_fields(text: str, *, vocab: DocumentVocab | None = None) -> DocumentFields:
    """All document fields of a clean circular text; ``year`` from the title, else the issue date."""
    vocab = vocab or default_vocab()
    title = find_title(text, vocab=vocab)
    issue_date = find_issue_date(text, vocab=vocab)
    year = None
    m = RE_YEAR.search(title or "")
    if m:
        year = _number(m.group("y").replace("○", "〇"))
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
