""":mod:`pipeline.readers.html`: Read the article text of an HTML circular, block elements as lines."""

from __future__ import annotations

import re

from pipeline.document import Source
from pipeline.errors import EmptyInput, ReadError
from pipeline.readers.txt import decode

_DROP = ("script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "aside")
#: libxml2's nesting limit without ``huge_tree`` (kept off: it also caps text node sizes).
DEFAULT_MAX_DEPTH = 256
_RE_PROLOG = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.IGNORECASE)
_RE_INTERNAL_DTD = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "title"}


def read_html(path: str, data: bytes) -> Source:
    """Text of ``<body>`` without scripts, styles and navigation; ``<p>``/``<br>`` kept as line breaks."""
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    text = None
    encoding = None
    if m:
        try:
            encoding = m.group(1).decode("ascii").lower()
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding, _ = decode(data)
    # An XML declaration with an encoding makes lxml refuse a str; an internal DTD
    # subset (entity declarations) is never needed for HTML and is dropped unread.
    text = _RE_PROLOG.sub("", text, count=1)
    text = _RE_INTERNAL_DTD.sub("<!DOCTYPE html>", text[:65536], count=1) + text[65536:]
    try:
        import lxml.html

        parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
        root = lxml.html.fromstring(text, parser=parser)
    except RecursionError as exc:
        raise ReadError("HTML nests too deeply to read") from exc
    except Exception as exc:
        message = " ".join(str(exc).split())[:200]
        raise ReadError(f"not readable HTML ({type(exc).__name__}: {message})") from exc
    warnings: tuple[tuple[str, str], ...] = ()
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree at DEFAULT_MAX_DEPTH and drops the rest:
        # read the page again as a flat stream of tags, which has no depth.
        lines = _stream_lines(text)
        warnings = (("W_HTML_DEEP", f"HTML nests deeper than {DEFAULT_MAX_DEPTH} elements; read as a flat tag stream"),)
    else:
        lines = _tree_lines(root)
    body = re.sub(r"[ \t]*\n[\s]*", "\n", "".join(lines)).strip()
    if not body:
        raise EmptyInput("HTML page has no text")
    blocks = tuple((m.start(), m.end(), None, None) for m in re.finditer(r"[^\n]+", body))
    return Source(path=path, format="html", text=body, encoding=encoding, blocks=blocks, warnings=warnings)


def _stream_lines(text: str) -> list[str]:
    """Text pieces of ``text`` from the standard library's event parser: no tree, so no depth limit."""
    from html.parser import HTMLParser

    lines: list[str] = []
    dropping = 0

    class _Flat(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal dropping
            if tag in _DROP:
                dropping += 1
            elif tag in _BLOCKS and not dropping:
                lines.append("\n")

        def handle_startendtag(self, tag, attrs):
            if tag in _BLOCKS and not dropping:
                lines.append("\n")

        def handle_endtag(self, tag):
            nonlocal dropping
            if tag in _DROP and dropping:
                dropping -= 1

        def handle_data(self, data):
            if not dropping:
                lines.append(data)

    flat = _Flat(convert_charrefs=True)
    flat.feed(text)
    flat.close()
    return lines


def _tree_lines(root) -> list[str]:
    for bad in root.iter(*_DROP):
        bad.drop_tree()
    lines: list[str] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            lines.append("\n")
        if element.text and tag not in _DROP:
            lines.append(element.text)
        if element.tail:
            lines.append(element.tail)
    return lines
