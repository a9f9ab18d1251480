""":mod:`pipeline.ingest.readers._pdf_fonts`: A stand-in font so PDFium places CJK glyphs on a machine with no CJK font.

Many Chinese web systems write PDFs whose CJK font is not embedded
(``/BaseFont /STSong-Light``, a CID font of Adobe-GB1). PDFium then asks the
system for a Chinese font; a fresh machine (a CI runner, a container) has
none, so PDFium's own Latin fonts stand in: every CJK glyph is missing and
has an empty box. PDFium's text page skips a text object whose box has no
width, so a title's last line ``知`` (one glyph drawn alone) vanishes without
a word, and a page drawn turned (``0 1 -1 0 Tm``) loses every line.

This module gives PDFium a font for that case: for a Chinese, Japanese or
Korean character set PDFium gets :func:`box_font`, a TrueType font of a few hundred bytes whose every
character is the same thin bar: a tenth of an em wide, from the descent to
the ascent. Positions never come from it (a PDF gives each glyph's advance in
its ``/W`` widths), only a box that is not empty; the bar is narrower than
any glyph's advance, so PDFium's loose box across (the advance, widened by
ink that overhangs it) is the advance, as pdfminer's is. The stand-in is
used even on a machine with a Chinese font (the reader never draws a glyph):
a file reads the same on every machine, whatever fonts it has.

:func:`install` wraps PDFium's default system font info once per process.
"""

from __future__ import annotations

import ctypes
import struct
import threading

import pypdfium2.raw as pdfium_c

#: PDFium's character sets (``FX_Charset``) that need a CJK font: Shift-JIS, Hangul, GB2312, Big5.
CJK_CHARSETS = frozenset({128, 129, 134, 136})
#: The stand-in's face name, as PDFium sees it.
FACE_NAME = b"GongwenCJKBox"
#: Units per em of the stand-in, its descent, and the width of its bar (narrower than any advance: ``，`` is 238).
_EM, _DESCENT, _BAR = 1000, -120, 100
#: ``ulCodePageRange1`` bits: Latin-1, Japanese, simplified Chinese, Korean, traditional Chinese.
_CODE_PAGES = (1 << 0) | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20)

_lock = threading.Lock()
_installed: list = []  # the struct PDFium holds and the callbacks in it: kept alive for the process


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _bar() -> bytes:
    """The glyph: one closed contour around a bar :data:`_BAR` wide from the descent to the ascent, padded to 4 bytes."""
    top = _EM + _DESCENT
    head = struct.pack(">hhhhhHH", 1, 0, _DESCENT, _BAR, top, 3, 0)  # contours, bbox, last point, no instructions
    flags = b"\x01" * 4  # four on-curve points, coordinates as 16-bit deltas
    xs = struct.pack(">hhhh", 0, 0, _BAR, 0)
    ys = struct.pack(">hhhh", _DESCENT, _EM, 0, -_EM)
    glyph = head + flags + xs + ys
    return glyph + b"\0" * (-len(glyph) % 4)


def _name_table(name: bytes) -> bytes:
    """Family, subfamily, full and PostScript name (Windows, Unicode, en-US)."""
    strings = [(1, name), (2, b"Regular"), (4, name), (6, name)]
    records, data = b"", b""
    for name_id, text in strings:
        encoded = text.decode("ascii").encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(encoded), len(data))
        data += encoded
    return struct.pack(">HHH", 0, len(strings), 6 + len(records)) + records + data


def box_font() -> bytes:
    """A TrueType font in which every character from U+0020 up is the same bar (``cmap`` format 13).

    >>> font = box_font()
    >>> font[:4], len(font) < 1024
    (b'\\x00\\x01\\x00\\x00', True)
    """
    glyph = _bar()
    top = _EM + _DESCENT
    cmap13 = struct.pack(">HHIII", 13, 0, 16 + 12, 0, 1) + struct.pack(">III", 0x20, 0x10FFFF, 1)
    tables = {
        b"OS/2": struct.pack(
            ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHIIhhHHH",
            3, _EM, 400, 5, 0, 650, 700, 0, 140, 650, 700, 0, 480, 50, 250, 0, b"\0" * 10,
            0, 0, 0, 0, b"GWEN", 0x40, 0x20, 0xFFFF, top, _DESCENT, 0, top, -_DESCENT, _CODE_PAGES, 0,
            500, 700, 0, 0x20, 1,
        ),
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + cmap13,
        b"glyf": glyph * 2,  # .notdef is the bar too: a character the cmap misses still has a box
        b"head": struct.pack(
            ">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B, _EM, 0, 0, 0, _DESCENT, _BAR, top, 0, 8, 2, 0, 0
        ),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x10000, top, _DESCENT, 0, _EM, 0, _EM - _BAR, _BAR, 1, 0, 0, 0, 0, 0, 0, 0, 2),
        b"hmtx": struct.pack(">HhHh", _EM, 0, _EM, 0),
        b"loca": struct.pack(">HHH", 0, len(glyph) // 2, len(glyph)),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x10000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": _name_table(FACE_NAME),
        b"post": struct.pack(">IiHhIIIII", 0x30000, 0, 0xFF9C, 50, 0, 0, 0, 0, 0),
    }
    n = len(tables)
    power = 1 << (n.bit_length() - 1)
    out = struct.pack(">IHHHH", 0x10000, n, 16 * power, power.bit_length() - 1, 16 * (n - power))
    offset = 12 + 16 * n
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(out + directory + body)
    head = font.index(b"head", 12)
    head_offset = struct.unpack_from(">I", font, head + 8)[0]
    struct.pack_into(">I", font, head_offset + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def install() -> None:
    """Make PDFium use :func:`box_font` for every CJK character set (once per process)."""
    with _lock:
        if _installed:
            return
        default = pdfium_c.FPDF_GetDefaultSystemFontInfo()
        if not default:
            return
        _installed.append(_FontInfo(default.contents, default))
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.pointer(_installed[0].info))


class _FontInfo:
    """PDFium's default system font info, with the stand-in for CJK character sets."""

    def __init__(self, base, base_ptr) -> None:
        self.base, self.base_ptr = base, base_ptr
        self.data = box_font()
        self.handle = ctypes.create_string_buffer(1)  # the stand-in's font handle: an address nobody else uses
        self.handle_id = ctypes.addressof(self.handle)
        kinds = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)
        callbacks = {
            "Release": lambda this: None,
            "EnumFonts": lambda this, mapper: self.base.EnumFonts(self.base_ptr, mapper) if self.base.EnumFonts else None,
            "MapFont": self._map_font,
            "GetFont": lambda this, face: self.base.GetFont(self.base_ptr, face) if self.base.GetFont else None,
            "GetFontData": self._font_data,
            "GetFaceName": self._face_name,
            "GetFontCharset": self._charset,
            "DeleteFont": self._delete,
        }
        self.info = pdfium_c.FPDF_SYSFONTINFO(1, *(kinds[name](fn) for name, fn in callbacks.items()))

    def _map_font(self, this, weight, italic, charset, pitch, face, exact):
        if charset in CJK_CHARSETS:
            return self.handle_id  # the same boxes whatever Chinese fonts the machine has, or none
        return self.base.MapFont(self.base_ptr, weight, italic, charset, pitch, face, exact)

    def _font_data(self, this, font, table, buffer, size):
        if font != self.handle_id:
            return self.base.GetFontData(self.base_ptr, font, table, buffer, size)
        if table:
            return 0  # the whole font only, no single table
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.data, len(self.data))
        return len(self.data)

    def _face_name(self, this, font, buffer, size):
        if font != self.handle_id:
            return self.base.GetFaceName(self.base_ptr, font, buffer, size)
        name = FACE_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def _charset(self, this, font):
        if font != self.handle_id:
            return self.base.GetFontCharset(self.base_ptr, font)
        return 134

    def _delete(self, this, font):
        if font != self.handle_id and self.base.DeleteFont:
            self.base.DeleteFont(self.base_ptr, font)
