""":mod:`pipeline.ingest.readers.txt`: Decode a plain-text circular in whatever encoding it came in."""

from __future__ import annotations

import codecs
import re

from pipeline.document import Source
from pipeline.errors import DecodeError, EmptyInput, TooLarge, W_ENCODING_GUESSED

#: Share of decoded characters that must be CJK, ASCII text or common punctuation.
DEFAULT_MIN_PLAUSIBLE = 0.9

#: Most of a decoded text that may be C0 control characters other than tab and line breaks.
DEFAULT_MAX_CONTROL_SHARE = 0.05
_RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_RE_PLAUSIBLE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2000-\u206f\x20-\x7e\t\n\r\u00a0-\u00ff]")


def plausible_share(text: str) -> float:
    """Share of ``text`` that is Chinese, ASCII or ordinary punctuation (1.0 for empty)."""
    if not text:
        return 1.0
    return len(_RE_PLAUSIBLE.findall(text)) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE told apart by where the NUL bytes of ASCII characters fall."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > 0.2 * len(data) / 2:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    # Chinese-only UTF-16 has few NULs: accept a decoding that reads as text.
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible_share(text) >= 0.98 and re.search(r"[\u4e00-\u9fff]", text):
            return text
    return None


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, or None.

    >>> bom_encoding(codecs.BOM_UTF8 + "通知".encode()), bom_encoding("通知".encode())
    ('utf-8-sig', None)
    """
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, *, min_plausible: float = DEFAULT_MIN_PLAUSIBLE) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """``(text, encoding, warnings)`` for the bytes of a text file.

    Tried in order: a byte-order mark; strict UTF-8; UTF-16 without a BOM;
    strict GB18030 (which covers GBK and GB2312); then charset-normalizer's best
    guess, reported as ``W_ENCODING_GUESSED``. A decoding that is not mostly
    Chinese or ASCII text is refused rather than guessed.

    >>> decode("牵头单位".encode("gb18030"))[:2]
    ('牵头单位', 'gb18030')

    Raises:
        DecodeError: no encoding gives plausible text.
    """
    codec = bom_encoding(data)
    if codec is not None:
        return data.decode(codec), codec, ()
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16", ()
    try:
        text = data.decode("gb18030")
        if plausible_share(text) >= min_plausible:
            return text, "gb18030", ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if plausible_share(text) >= min_plausible:
            return text, best.encoding, ((W_ENCODING_GUESSED, f"encoding guessed as {best.encoding}"),)
    raise DecodeError("bytes are not text in UTF-8, UTF-16, GB18030 or any encoding charset-normalizer knows")


def read_txt(path: str, data: bytes, *, max_chars: int | None = None) -> Source:
    """A :class:`Source` from the bytes of a text file; each line is one provenance block.

    Raises:
        EmptyInput: the file holds no text.
        DecodeError: the bytes decode to no plausible text.
    """
    if not data.strip():
        raise EmptyInput("file is empty")
    text, encoding, warnings = decode(data)
    if not text.strip():
        raise EmptyInput("file holds only white space")
    from pipeline.ingest.readers import DEFAULT_MAX_CHARS

    max_chars = DEFAULT_MAX_CHARS if max_chars is None else max_chars
    if len(text) > max_chars:  # refuse before splitting a huge file into lines
        raise TooLarge(f"{len(text)} characters of text (limit max_chars={max_chars}): more than one circular?")
    controls = len(_RE_CONTROL.findall(text))
    if controls > DEFAULT_MAX_CONTROL_SHARE * len(text):
        raise DecodeError(f"{controls} of {len(text)} characters are control characters (NUL…): a binary file?")
    blocks = tuple((m.start(), m.end(), None, None) for m in re.finditer(r"[^\n]+", text))
    return Source(path=path, format="txt", text=text, encoding=encoding, blocks=blocks, warnings=warnings)
