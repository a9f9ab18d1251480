""":mod:`pipeline.readers.html`: Read the article text of an HTML circular, block elements as lines."""

from __future__ import annotations

import re

from pipeline.document import Source
from pipeline.errors import EmptyInput, ReadError
from pipeline.readers.txt import decode

_DROP = ("script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "aside")
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "title"}


def read_html(path: str, data: bytes) -> Source:
    """Text of ``<body>`` without scripts, styles and navigation; ``<p>``/``<br>`` kept as line breaks."""
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
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
    try:
        import lxml.html

        root = lxml.html.fromstring(text)
    except Exception as exc:
        raise ReadError(f"not readable HTML ({type(exc).__name__})") from exc
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
    body = re.sub(r"[ \t]*\n[\s]*", "\n", "".join(lines)).strip()
    if not body:
        raise EmptyInput("HTML page has no text")
    blocks = tuple((m.start(), m.end(), None, None) for m in re.finditer(r"[^\n]+", body))
    return Source(path=path, format="html", text=body, encoding=encoding, blocks=blocks)
