""":mod:`pipeline.ingest.readers.html`: Read the article of an HTML circular: its text only, block elements as lines.

A government web page wraps the circular in site chrome: navigation bars,
breadcrumbs (``当前位置：首页 > 政务公开``), an info line (``发布时间 / 来源 /
浏览次数``), font-size, print and share buttons, related links (``相关链接``),
``上一篇 / 下一篇`` and a footer (``主办单位 / 网站标识码 / ICP备``). The reader
keeps the article:

1. decode (:func:`decode_html`): a byte-order mark, then the declared charset
   when the bytes fit it, else :func:`pipeline.ingest.readers.txt.decode`;
2. parse with lxml (no network, no entities, no huge tree) and drop what never
   shows (scripts, styles, forms' controls, ``<head>``, hidden elements — not
   a page hidden until its script shows it); take the page's metadata table
   out, to put first as lines (``发文机关：国务院``, ``发文字号：国发〔2019〕4号``:
   :func:`metadata`); drop site chrome named by tag or class/id
   (``pipeline/data/html_content.toml``);
3. pick the element holding the article (:func:`content_element`): the
   content-management system's container (``TRS_Editor``, ``zoom``,
   ``pages_content``…) when the page has one, else the element with the most
   non-link paragraph text, widened to its parent when prose stands beside it
   (an 印发 notice beside the plan it issues);
4. render blocks (``<p>``, ``<div>``, ``<br>``, ``<li>``…) as lines and data
   tables as tab-led cells the way the DOCX reader does (:func:`table_grid`),
   drop chrome lines (:func:`clean_lines`) and put the page's headline first
   when the article element does not hold it (:func:`headline`).

A page nested deeper than libxml2 allows is read as a flat tag stream instead
(``W_HTML_DEEP``), with the same line cleaning but no article selection.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.document import Source
from pipeline.errors import EmptyInput, ReadError, TooLarge, W_ENCODING_GUESSED, W_HTML_DEEP
from pipeline.ingest.readers import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS
from pipeline.ingest.readers.txt import bom_encoding, decode
from pipeline.vocab import load_toml

#: libxml2's nesting limit without ``huge_tree`` (kept off: it also caps text node sizes).
DEFAULT_MAX_DEPTH = 256
#: A chrome-named element (``class="share"``) is kept when it holds this share of the page's prose.
DEFAULT_NOISE_SHARE = 0.3
#: A known content container inside the chosen element replaces it when it holds this share of its prose.
DEFAULT_CONTAINER_SHARE = 0.7
#: Prose beside the chosen element (characters, or share of its prose, whichever is less) that widens it to its parent.
DEFAULT_SIBLING_PROSE = 40
DEFAULT_SIBLING_SHARE = 0.1

_RE_PROLOG = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.IGNORECASE)
_RE_INTERNAL_DTD = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_RE_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_RE_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_RE_SPACE = re.compile(r"\s")
_RE_WORD = re.compile(r"[^\W_]")
_RE_BRACKETS = re.compile(r"[\s【】\[\]〖〗|｜>»]+")  # what is left of "【字号：加大 还原 减小】" split over lines
#: Labels browsers read as a wider encoding (WHATWG Encoding): GB2312/GBK pages hold GB18030
#: characters, and a page whose ``<meta>`` is readable as ASCII is not UTF-16.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}

#: Elements that never show as text, dropped with their content.
_INVISIBLE = (
    "head", "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "applet",
    "svg", "canvas", "map", "audio", "video", "select", "button", "input", "textarea",
)  # fmt: skip
#: Void elements libxml2's HTML parser opens as containers, so that everything after one
#: (``<embed src="x.swf"><p>2.…</p>``) is parsed as its content: unwrapped before pruning.
_VOID_OPENED = ("embed", "keygen", "source", "track", "wbr")
#: Elements a page hides with an inline style until its script runs (``<body style="visibility: hidden">``):
#: their style is not taken to hide them.
_SHOWN_BY_SCRIPT = frozenset({"html", "body"})
#: A hidden element holding more than this share of the page's prose is the article, shown by script: kept.
DEFAULT_HIDDEN_ARTICLE_SHARE = 0.5
#: Of those, the ones with an end tag (the flat stream reader counts them open and shut).
_INVISIBLE_WITH_END = frozenset(_INVISIBLE) - {"input", "embed"}
#: Site chrome by tag name.
_CHROME_TAGS = ("nav", "aside", "footer")
#: Elements that start and end a line.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})  # fmt: skip
#: Elements that may hold an article (the others hold paragraphs or are inline).
_CONTAINERS = frozenset({"article", "blockquote", "body", "center", "dd", "div", "font", "form", "main", "section", "span", "td", "th"})
_HEADINGS = ("h1", "h2", "h3")


class Line(NamedTuple):
    """One line of the page: its text, how many of its characters are link text, and whether it is table cells."""

    text: str
    links: int = 0
    cell: bool = False  # a "\t"-led table cell, or the "" between table rows


@dataclass(frozen=True)
class Vocabulary:
    """``pipeline/data/html_content.toml``, ready to match."""

    strong: frozenset[str]
    containers: frozenset[str]
    noise: frozenset[str]
    titles: frozenset[str]
    related: tuple[str, ...]
    prefixes: tuple[str, ...]
    max_prefixed: int
    chrome: re.Pattern  # any one chrome word
    footer: tuple[str, ...]
    labels: dict[str, str]  # metadata label as printed -> the name it is given
    min_labels: int


@functools.cache
def vocabulary() -> Vocabulary:
    """The HTML reader's vocabulary, parsed once."""
    data = load_toml("pipeline", "html_content.toml")
    lines = data["lines"]
    words = "|".join(re.escape(w) for w in sorted(lines["chrome"], key=len, reverse=True))
    return Vocabulary(
        strong=frozenset(n.lower() for n in data["container"]["strong"]),
        containers=frozenset(n.lower() for n in data["container"]["names"]),
        noise=frozenset(n.lower() for n in data["noise"]["names"]),
        titles=frozenset(n.lower() for n in data["title"]["names"]),
        related=tuple(lines["related"]),
        prefixes=tuple(lines["prefixes"]),
        max_prefixed=int(lines["max_prefixed"]),
        chrome=re.compile(words, re.IGNORECASE),
        footer=tuple(w.lower() for w in lines["footer"]),
        labels=dict(data["metadata"]["labels"]),
        min_labels=int(data["metadata"]["min_labels"]),
    )


# ---------------------------------------------------------------- decoding


def declared_charset(head: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` or ``http-equiv`` declares, as browsers read it; None if none or unknown.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    """
    m = _RE_META_CHARSET.search(head)
    if m is None:
        return None
    label = m.group(1).decode("ascii").lower().removeprefix("x-")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WIDER.get(name, name)


def decode_html(data: bytes) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """``(text, encoding, warnings)`` of an HTML page.

    A byte-order mark wins; then valid UTF-8; then the declared charset when the
    bytes decode in it to text with Chinese in it (a GBK page declared
    ``iso-8859-1`` decodes without error, to Latin letters); then
    :func:`pipeline.ingest.readers.txt.decode`. A declared charset that was not used is
    reported as ``W_ENCODING_GUESSED``.

    >>> decode_html('<meta charset="gb2312"><p>牵头单位：区水务局</p>'.encode("gb18030"))[1:]
    ('gb18030', ())
    """
    declared = declared_charset(data[:4096])
    if bom_encoding(data) is None and declared is not None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                text = ""
            if _RE_CJK.search(text):
                return text, declared, ()
    text, encoding, warnings = decode(data)
    if declared not in (None, encoding) and not (encoding.startswith("utf-8") and declared == "utf-8") and not text.isascii():
        warnings += ((W_ENCODING_GUESSED, f"page declares charset {declared} but its bytes are not; read as {encoding}"),)
    return text, encoding, warnings


# ---------------------------------------------------------------- the tree


def _tag(el) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def _count(text: str | None) -> int:
    """Characters of ``text`` that are not white space."""
    return len(text) - len(_RE_SPACE.findall(text)) if text else 0


def class_names(el) -> set[str]:
    """The lower-cased names in ``el``'s class and id attributes.

    >>> import lxml.html
    >>> sorted(class_names(lxml.html.fromstring('<div class="TRS_Editor main-text" id="zoom">正文</div>')))
    ['main-text', 'trs_editor', 'zoom']
    """
    return {n.lower() for attr in ("class", "id") for n in (el.get(attr) or "").split()}


def _name_parts(names: set[str]) -> set[str]:
    """The names and their parts split at ``-`` and ``_`` (``main-nav`` → ``main-nav``, ``main``, ``nav``)."""
    return names | {part for n in names for part in re.split(r"[-_]+", n) if part}


class Stat(NamedTuple):
    """Text of one element in non-space characters: all of it, inside links, and its own (non-link, outside nested blocks)."""

    total: int
    links: int
    own: int

    @property
    def prose(self) -> int:
        """Characters that are not link text."""
        return self.total - self.links


def measure(root) -> dict:
    """:class:`Stat` of every element under ``root`` (inline elements' text counts as their block's own)."""
    stats: dict = {}

    def visit(el, in_link: bool) -> Stat:
        in_link = in_link or _tag(el) == "a"
        n = _count(el.text)
        total, links, own = n, n if in_link else 0, 0 if in_link else n
        for child in el:
            child_stat = visit(child, in_link)
            total, links = total + child_stat.total, links + child_stat.links
            if _tag(child) not in _BLOCK:
                own += child_stat.own
            n = _count(child.tail)
            total, links, own = total + n, links + (n if in_link else 0), own + (0 if in_link else n)
        stats[el] = Stat(total, links, own)
        return stats[el]

    visit(root, False)
    return stats


def _prune(root) -> None:
    """Drop what never shows as text: scripts, styles, form controls, ``<head>``, hidden elements.

    The page itself hidden until its script runs (``<body style="visibility:
    hidden">``, or a wrapper holding most of its prose) is not hidden.
    """
    for el in list(root.iter(*_VOID_OPENED)):
        el.drop_tag()
    doomed = [el for el in root.iter(*_INVISIBLE) if el is not root]
    for el in doomed:
        el.drop_tree()
    hidden = [el for el in root.iter() if el is not root and _tag(el) not in _SHOWN_BY_SCRIPT and _hidden(el)]
    if hidden:
        stats = measure(root)
        floor = DEFAULT_HIDDEN_ARTICLE_SHARE * stats[root].prose
        for el in hidden:
            if stats[el].prose <= floor and root in el.iterancestors():
                el.drop_tree()


def _hidden(el) -> bool:
    """Whether ``el`` is hidden by its ``hidden`` attribute or its inline style (``display:none``)."""
    return el.get("hidden") is not None or bool(_RE_HIDDEN.search(el.get("style") or ""))


def _drop_chrome(root, vocab: Vocabulary) -> None:
    """Drop navigation, breadcrumbs, share bars, footers… (by tag, or by a class/id name or part of one)
    unless they hold :data:`DEFAULT_NOISE_SHARE` of the page's prose; then related-link sections."""
    stats = measure(root)
    floor = DEFAULT_NOISE_SHARE * stats[root].prose
    doomed = [
        el for el in root.iter()
        if el is not root and (_tag(el) in _CHROME_TAGS or _name_parts(class_names(el)) & vocab.noise) and stats[el].prose < floor
    ]  # fmt: skip
    for el in doomed:
        el.drop_tree()
    for heading in related_headings(root, vocab):
        _drop_related(heading, root)


def _is_related(text: str, vocab: Vocabulary) -> bool:
    """Whether ``text`` is the heading of a related-link section (``相关链接>>``, ``【相关阅读】``)."""
    bare = re.sub(r"[\s\W_]+", "", text)
    return 0 < len(bare) <= 12 and bare.startswith(vocab.related)


def related_headings(root, vocab: Vocabulary) -> list:
    """The innermost elements whose whole text is a related-link heading (``<h4>相关链接</h4>``)."""
    stats = measure(root)
    found = {el for el, stat in stats.items() if 0 < stat.total <= 30 and _is_related(el.text_content(), vocab)}
    return [el for el in root.iter() if el in found and not any(child in found for child in el)]


def _link_dense(el) -> bool:
    """Whether most of ``el``'s text is link text (or it has none)."""
    total = _count(el.text_content())
    links = sum(_count(a.text_content()) for a in el.iter("a"))
    return 2 * links >= total


def _drop_related(heading, root) -> None:
    """Drop a related-link heading with the links after it: the largest block around the heading
    that holds nothing else but links, and the link-only blocks that follow it."""
    if heading.getparent() is None or root not in heading.iterancestors():
        return  # already dropped with an earlier section
    section = heading
    while (parent := section.getparent()) is not None and parent is not root:
        rest = _count(parent.text_content()) - _count(section.text_content())
        links = sum(_count(a.text_content()) for a in parent.iter("a")) - sum(_count(a.text_content()) for a in section.iter("a"))
        if 2 * links < rest:
            break
        section = parent
    following = []
    for sibling in section.itersiblings():
        if not _link_dense(sibling):
            break
        following.append(sibling)
    for el in [section, *following]:
        el.drop_tree()


def _densest(root, stats: dict, vocab: Vocabulary):
    """The container with the most paragraph text: each block's own prose counts in full for the
    nearest container holding it (itself, for a ``<td>`` of ``<br>`` lines) and half for the next;
    an element with a content-like name (``class="content"``), or its child, counts double."""
    scores: dict = {}
    for el, stat in stats.items():
        if stat.own <= 0 or _tag(el) not in _BLOCK:
            continue
        receivers = [a for a in (el, *el.iterancestors()) if _tag(a) in _CONTAINERS][:2]
        for share, receiver in zip((1.0, 0.5), receivers):
            scores[receiver] = scores.get(receiver, 0.0) + share * stat.own
    for el in scores:
        parent = el.getparent()
        if class_names(el) & vocab.containers or (parent is not None and class_names(parent) & vocab.containers):
            scores[el] *= 2
    return max(scores, key=scores.get) if scores else root


def _prose_beside(el, stats: dict) -> int:
    """Prose (blocks of 20 or more non-link characters with a full stop 。) in ``el``'s siblings."""
    found = 0
    for sibling in (*el.itersiblings(preceding=True), *el.itersiblings()):
        if isinstance(sibling.tag, str) and stats[sibling].prose >= 20 and "。" in sibling.text_content():
            found += stats[sibling].prose
    return found


def content_element(root, vocab: Vocabulary | None = None):
    """The element that holds the article.

    The content-management system's container (``TRS_Editor``, ``zoom``,
    ``pages_content``…) with the most text, when the page has one holding 20
    characters or more; else the container with the most paragraph text
    (:func:`_densest`), widened to its parent while prose stands beside it (an
    印发 notice beside the plan it issues). Either is then narrowed to the
    innermost named container inside it that holds
    :data:`DEFAULT_CONTAINER_SHARE` of its prose.
    """
    vocab = vocab or vocabulary()
    stats = measure(root)
    strong = [el for el in root.iter() if class_names(el) & vocab.strong and stats[el].prose >= 20 and not _link_dense(el)]
    if strong:
        best = max(strong, key=lambda el: stats[el].prose)
    else:
        best = _densest(root, stats, vocab)
        for _ in range(3):
            parent = best.getparent()
            beside = _prose_beside(best, stats) if parent is not None and _tag(parent) != "html" else 0
            if beside == 0 or beside < min(DEFAULT_SIBLING_PROSE, DEFAULT_SIBLING_SHARE * stats[best].prose):
                break
            best = parent
    floor = DEFAULT_CONTAINER_SHARE * stats[best].prose
    names = vocab.strong | vocab.containers
    named = [el for el in best.iter() if class_names(el) & names and stats[el].prose >= floor]
    return min(named, key=lambda el: (stats[el].prose, -sum(1 for _ in el.iterancestors()))) if named else best


def headline(root, content, page_title: str, vocab: Vocabulary | None = None) -> list[Line]:
    """The lines of the article's headline when it stands outside ``content``, else ``[]``.

    Nothing when ``content`` has an ``<h1>``/``<h2>`` of its own. Else, of the
    elements before ``content``: the longest (then innermost) one whose whole
    text, 8 characters or more, begins the page's ``<title>``
    (``云溪区…工作要点的通知`` of ``云溪区…工作要点的通知_通知公告_云溪区人民政府``);
    else the nearest ``<h1>``–``<h3>`` or title-named element beside ``content``
    (inside its parent), never a site name in the page header.
    """
    vocab = vocab or vocabulary()
    if next(content.iter("h1", "h2"), None) is not None:
        return []
    ancestors = set(content.iterancestors())
    key = re.sub(r"\s+", "", page_title)
    titled, named = None, None
    for el in root.iter():
        if el is content:
            break
        if el in ancestors or not isinstance(el.tag, str):
            continue
        text = re.sub(r"\s+", "", el.text_content())
        if not 4 <= len(text) <= 150 or _link_dense(el):
            continue
        if len(text) >= 8 and key.startswith(text) and (titled is None or len(text) >= _count(titled.text_content())):
            titled = el
        if _tag(el) in _HEADINGS or _name_parts(class_names(el)) & vocab.titles:
            named = el
    if titled is not None:
        return render(titled)
    if named is not None and content.getparent() in set(named.iterancestors()):
        return render(named)
    return []


# ---------------------------------------------------------------- metadata

_RE_LABEL = re.compile(r"^(?P<label>[^:：]{1,8}?)(?:[:：].*)?$", re.DOTALL)
#: Elements that are labels without a colon (``<th>发文机关</th><td>国务院</td>``).
_LABEL_CELLS = frozenset({"td", "th", "dt"})
#: Elements that hold other rows or paragraphs: never one label with its value.
_HOLDERS = frozenset({"table", "tbody", "thead", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "div", "p", "section"})


def _label_of(text: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``(name, value)`` when ``text`` is a metadata label, with or without its value; else None.

    >>> _label_of("发布机构：广州市卫生健康委员会", vocabulary()), _label_of("索 引 号：", vocabulary())
    (('发文机关', '广州市卫生健康委员会'), ('索引号', ''))
    """
    found = _RE_LABEL.match(re.sub(r"\s+", "", text))
    if found is None or found["label"] not in vocab.labels:
        return None
    parts = re.split(r"[:：]", text, maxsplit=1)
    return vocab.labels[found["label"]], _squash(parts[1]) if len(parts) > 1 else ""


def _label_element(el):
    """The outermost element around ``el`` holding nothing but its text (``<td><b>发文机关：</b></td>`` for the ``<b>``)."""
    text = el.text_content().strip()
    while (parent := el.getparent()) is not None and parent.text_content().strip() == text:
        el = parent
    return el


def _value_after(label, vocab: Vocabulary) -> tuple[str, list]:
    """The value printed after a label element and the elements holding it: its tail
    (``<span>发布机构：</span>广州市…``) or the next element (``<td>国务院</td>``) unless that is a label too."""
    if label.tail and label.tail.strip():
        return _squash(label.tail), []
    following = next((el for el in label.itersiblings() if isinstance(el.tag, str)), None)
    if following is None or _label_of(following.text_content(), vocab) is not None:
        return "", []
    return _squash(following.text_content()), [following]


def _label_pairs(root, vocab: Vocabulary) -> list[tuple[str, str, list]]:
    """Every metadata label on the page in order: ``(name, value, elements holding label and value)``."""
    pairs = []
    taken: set = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el in taken or any(a in taken for a in el.iterancestors()):
            continue
        if any(_tag(d) in _HOLDERS for d in el.iterdescendants()):
            continue
        text = el.text_content()
        found = _label_of(text, vocab) if len(text) <= 200 else None
        if found is None:
            continue
        name, value = found
        label, holders = _label_element(el), []
        if not re.search(r"[:：]", text) and _tag(label) not in _LABEL_CELLS:
            continue  # a bare word (<i>标题</i> of a search form) is a label only as a table's cell
        if not value:
            value, holders = _value_after(label, vocab)
        taken.update([label, *holders])
        pairs.append((name, value, [label, *holders]))
    return pairs


def metadata(root, vocab: Vocabulary | None = None) -> list[Line]:
    """The page's metadata table as lines (``发文机关：国务院``, ``发文字号：国发〔2019〕4号``), taken out of the page.

    gov.cn prints ``<td><b>发文机关：</b></td><td>国务院</td>``; a provincial
    site ``<td>发布机构：</td><td><span>广州市卫生健康委员会</span></td>``.
    Labels are named as in ``[metadata.labels]`` of ``html_content.toml`` and
    the first value of each name is kept. With fewer than ``min_labels`` names
    there is no metadata table and nothing is taken; else the kept pairs and
    the empty labels leave the page.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring("<table><tr><td><b>发文机关：</b></td><td>国务院</td>"
    ...     "<td>成文日期：</td><td>2019年01月24日</td></tr><tr><td>发文字号：</td><td>国发〔2019〕4号</td></tr></table>"
    ...     "<p>各省、自治区、直辖市人民政府：</p>")
    >>> [line.text for line in metadata(page)], page.text_content()
    (['发文机关：国务院', '成文日期：2019年01月24日', '发文字号：国发〔2019〕4号'], '各省、自治区、直辖市人民政府：')
    """
    vocab = vocab or vocabulary()
    kept: dict[str, str] = {}
    doomed: list = []
    for name, value, elements in _label_pairs(root, vocab):
        if value and name in kept:
            continue  # a second 名称：… further down is the article's
        if value:
            kept[name] = value
        doomed += elements
    if len(kept) < vocab.min_labels:
        return []
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return [Line(f"{name}：{value}") for name, value in kept.items()]


# ---------------------------------------------------------------- lines


def _squash(text: str) -> str:
    """One line of source text as shown: a line break between two Chinese characters vanishes, other runs of white space are one space.

    >>> _squash("  加强组织\\n    领导， 完善 制度 ")
    '加强组织领导， 完善 制度'
    """
    text = re.sub(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])[ \t\r\f]*\n\s*(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])", "", text)
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


class _Writer:
    """Collects text pieces into :class:`Line` s."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._links = 0

    def text(self, text: str, link: bool, pre: bool) -> None:
        pieces = text.split("\n") if pre else [text]
        for i, piece in enumerate(pieces):
            if i:
                self.flush()
            self._parts.append(piece)
            self._links += _count(piece) if link else 0

    def flush(self) -> None:
        text = _squash("".join(self._parts))
        if text:
            self.lines.append(Line(text, min(self._links, _count(text))))
        self._parts, self._links = [], 0

    def table(self, rows: list[list[str]]) -> None:
        self.flush()
        self.lines.append(Line("", 0, True))
        for row in rows:
            self.lines += [Line("\t" + cell, 0, True) for cell in row]
            self.lines.append(Line("", 0, True))


def _render_into(el, writer: _Writer, link: bool = False, pre: bool = False) -> None:
    tag = _tag(el)
    if tag == "br":
        writer.flush()
        return
    if tag == "table" and is_data_table(el):
        writer.table(table_grid(el))
        return
    link, pre = link or tag == "a", pre or tag == "pre"
    if tag in _BLOCK:
        writer.flush()
    if el.text:
        writer.text(el.text, link, pre)
    for child in el:
        if isinstance(child.tag, str):
            _render_into(child, writer, link, pre)
        if child.tail:
            writer.text(child.tail, link, pre)
    if tag in _BLOCK:
        writer.flush()


def render(el) -> list[Line]:
    """``el`` as lines: every block element and ``<br>`` ends a line; data tables become tab-led cells.

    >>> import lxml.html
    >>> [line.text for line in render(lxml.html.fromstring("<div><p>一、工作任务</p>1.加强领导。<br>2.完善制度。</div>"))]
    ['一、工作任务', '1.加强领导。', '2.完善制度。']
    """
    writer = _Writer()
    _render_into(el, writer)
    writer.flush()
    return writer.lines


def is_data_table(table) -> bool:
    """A table of data (at least two rows of two cells or more, no table inside), not one laying out the page."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = [tr for tr in table.iter("tr") if sum(1 for c in tr if _tag(c) in ("td", "th")) >= 2]
    return len(rows) >= 2


def _span(value: str | None, most: int) -> int:
    try:
        return min(max(int(value or 1), 1), most)
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    return "\n".join(line.text for line in render(cell))


def table_grid(table) -> list[list[str]]:
    """Rows of cell texts, shaped as the DOCX reader shapes them: a cell spanning columns is read once and
    followed by an empty cell per extra column; a cell spanning rows is read in every row it covers.
    Spans end at :data:`~pipeline.ingest.readers.MAX_TABLE_COLUMNS` columns and at the table's last row
    (``colspan=100 rowspan=1000`` cells made a 30 KB page 6 million characters of table).

    >>> import lxml.html
    >>> table_grid(lxml.html.fromstring(
    ...     "<table><tr><th>序号</th><th>重点工作</th><th>牵头单位</th></tr>"
    ...     "<tr><td>1</td><td>新建监测站</td><td rowspan='2'>区生态环境局</td></tr>"
    ...     "<tr><td>2</td><td>管网改造</td></tr></table>"))
    [['序号', '重点工作', '牵头单位'], ['1', '新建监测站', '区生态环境局'], ['2', '管网改造', '区生态环境局']]
    """
    rows: list[list[str]] = []
    carried: dict[int, tuple[str | None, int]] = {}  # column -> (text, rows it still covers)

    def take_carried(row: list[str | None], column: int) -> int:
        while column in carried:
            text, left = carried.pop(column)
            row.append(text)
            if left > 1:
                carried[column] = (text, left - 1)
            column += 1
        return column

    trs = list(table.iter("tr"))
    size = 0
    for i, tr in enumerate(trs):
        row: list[str | None] = []  # None: a column covered by the cell before it
        column = 0
        for cell in (c for c in tr if _tag(c) in ("td", "th")):
            column = take_carried(row, column)
            across = _span(cell.get("colspan"), max(1, MAX_TABLE_COLUMNS - column))
            text, down = _cell_text(cell), _span(cell.get("rowspan"), len(trs) - i if column < MAX_TABLE_COLUMNS else 1)
            row += [text] + [None] * (across - 1)
            for k in range(across if down > 1 else 0):
                carried[column + k] = (text if k == 0 else None, down - 1)
            column += across
        take_carried(row, column)
        size += len(row)
        if size > MAX_TABLE_CELLS:
            raise TooLarge(f"a table spans more than {MAX_TABLE_CELLS} cells (limit MAX_TABLE_CELLS): crafted spans?")
        cells = [c for c in row if c is not None]
        if cells:  # a row of one cell across the table is that cell alone (a caption row)
            rows.append([c or "" for c in row] if len(cells) > 1 else cells)
    return rows


def _is_chrome_line(text: str, vocab: Vocabulary) -> bool:
    """Whether a line is site chrome: only chrome words (``【打印本页】【关闭窗口】``) or a chrome prefix (``上一篇：``).

    >>> _is_chrome_line("【字体：大 中 小】　打印本页", vocabulary()), _is_chrome_line("一、工作任务", vocabulary())
    (True, False)
    """
    rest, found = vocab.chrome.subn("", text)
    if (found and not _RE_WORD.search(rest)) or _RE_BRACKETS.fullmatch(text):
        return True
    bare = text.lstrip("【[（(〖 \u3000")
    return len(text) <= vocab.max_prefixed and bare.startswith(vocab.prefixes)


def _links_only(line: Line) -> bool:
    """Whether a line is mostly link text and not an attachment (``附件：申报表.docx`` stays)."""
    return line.links > 0 and 2 * line.links >= _count(line.text) and not re.search(r"附件|\.(?:docx?|wps|pdf|xlsx?|et|ofd|zip|rar)\b", line.text, re.IGNORECASE)


def _footerish(line: Line, vocab: Vocabulary) -> bool:
    """A line that may stand in a page footer: footer words, chrome, links, or short without a sentence."""
    return (
        _is_footer(line, vocab) or _is_chrome_line(line.text, vocab) or _links_only(line)
        or (_count(line.text) <= 40 and not re.search(r"[。；;]", line.text))
    )  # fmt: skip


def _is_footer(line: Line, vocab: Vocabulary) -> bool:
    """Whether a line holds a footer word (``网站标识码``, ``浙ICP备05012345号``)."""
    lowered = line.text.lower()
    return any(word in lowered for word in vocab.footer)


def clean_lines(lines: list[Line], vocab: Vocabulary | None = None) -> list[Line]:
    """``lines`` without site chrome; table lines are never touched.

    Dropped: chrome lines anywhere (:func:`_is_chrome_line`); a related-link
    heading (``相关链接``) with the link lines after it; link-only lines before
    the first line of text (a menu, a breadcrumb); and the page footer — from the
    first line with a footer word (``主办单位``, ``ICP备``) after which only
    footer-like lines follow.

    >>> [l.text for l in clean_lines([Line("首页 > 通知公告", 8), Line("一、工作任务"), Line("【打印本页】"),
    ...     Line("上一篇：关于春季植树的通知", 11), Line("主办单位：云溪区人民政府办公室")])]
    ['一、工作任务']
    """
    vocab = vocab or vocabulary()
    kept: list[Line] = []
    dropping_links = started = False
    for line in lines:
        if line.cell:
            kept.append(line)
            dropping_links, started = False, True
            continue
        if dropping_links and _links_only(line):
            continue
        dropping_links = False
        if _is_related(line.text, vocab):
            dropping_links = True
            continue
        if _is_chrome_line(line.text, vocab) or (not started and _links_only(line)):
            continue
        kept.append(line)
        started = True
    cut = len(kept)
    for i in range(len(kept) - 1, -1, -1):
        if kept[i].cell or not _footerish(kept[i], vocab):
            break
        if _is_footer(kept[i], vocab):
            cut = i
    return kept[:cut]


def assemble(lines: list[Line]) -> str:
    """The text of ``lines``: one per line, no blank lines at either end.

    >>> assemble([Line("牵头单位如下："), Line("", 0, True), Line("\\t区水务局", 0, True), Line("", 0, True)])
    '牵头单位如下：\\n\\n\\t区水务局'
    """
    return "\n".join(line.text for line in lines).strip("\n")


# ---------------------------------------------------------------- reading


def _parse(text: str):
    """The lxml tree of ``text`` and its parser (whose error log tells whether the depth limit was hit)."""
    # An XML declaration with an encoding makes lxml refuse a str; an internal DTD
    # subset (entity declarations) is never needed for HTML and is dropped unread.
    text = _RE_PROLOG.sub("", text, count=1)
    text = _RE_INTERNAL_DTD.sub("<!DOCTYPE html>", text[:65536], count=1) + text[65536:]
    try:
        import lxml.html

        parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
        return lxml.html.document_fromstring(text, parser=parser), parser
    except RecursionError as exc:
        raise ReadError("HTML nests too deeply to read") from exc
    except Exception as exc:
        message = " ".join(str(exc).split())[:200]
        raise ReadError(f"not readable HTML ({type(exc).__name__}: {message})") from exc


def article_lines(root) -> list[Line]:
    """The article of a parsed page as clean lines, headline first (steps 2–4 of the module docstring)."""
    vocab = vocabulary()
    title = root.find(".//title")
    page_title = title.text_content() if title is not None else ""
    _prune(root)
    fields = metadata(root, vocab)
    _drop_chrome(root, vocab)
    content = content_element(root, vocab)
    lines = clean_lines(render(content), vocab)
    head = headline(root, content, page_title, vocab)
    opening = re.sub(r"\s+", "", "".join(line.text for line in lines[: len(head) + 2]))
    if head and re.sub(r"\s+", "", "".join(line.text for line in head)) not in opening:
        lines = head + lines
    return fields + lines


def read_html(path: str, data: bytes) -> Source:
    """The article of an HTML page (:mod:`pipeline.ingest.readers.html`): lines of text, tables as tab-led cells.

    Raises:
        ReadError: the page cannot be parsed.
        EmptyInput: the page has no article text.
    """
    text, encoding, warnings = decode_html(data)
    root, parser = _parse(text)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree at DEFAULT_MAX_DEPTH and drops the rest:
        # read the page again as a flat stream of tags, which has no depth.
        lines = clean_lines(_stream_lines(text))
        warnings += ((W_HTML_DEEP, f"HTML nests deeper than {DEFAULT_MAX_DEPTH} elements; read as a flat tag stream"),)
    else:
        lines = article_lines(root)
    body = assemble(lines)
    if not body.strip():
        raise EmptyInput("HTML page has no text")
    blocks = tuple((m.start(), m.end(), None, None) for m in re.finditer(r"[^\n]+", body))
    return Source(path=path, format="html", text=body, encoding=encoding, blocks=blocks, warnings=warnings)


def _stream_lines(text: str) -> list[Line]:
    """Lines of ``text`` from the standard library's event parser: no tree, so no depth limit (and no tables)."""
    from html.parser import HTMLParser

    writer = _Writer()
    dropping = links = 0

    class _Flat(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal dropping, links
            if tag == "body":
                dropping = 0  # a <head> left open ends here
            elif tag in _INVISIBLE_WITH_END:
                dropping += 1
            elif tag == "a":
                links += 1
            elif (tag in _BLOCK or tag == "br") and not dropping:
                writer.flush()

        def handle_startendtag(self, tag, attrs):
            if (tag in _BLOCK or tag == "br") and not dropping:
                writer.flush()

        def handle_endtag(self, tag):
            nonlocal dropping, links
            if tag in _INVISIBLE_WITH_END and dropping:
                dropping -= 1
            elif tag == "a" and links:
                links -= 1
            elif tag in _BLOCK and not dropping:
                writer.flush()

        def handle_data(self, data):
            if not dropping:
                writer.text(data, links > 0, False)

    flat = _Flat(convert_charrefs=True)
    flat.feed(text)
    flat.close()
    writer.flush()
    return writer.lines
