"""Write a folder of hostile and broken inputs for gongwen's readers.

Usage::

    python tests/badinput/make_bad_inputs.py OUT_FOLDER [--big]

Everything is made from Python (no binary fixtures are committed): PDFs are
written by hand (with the PDF Standard Security Handler, RC4 40-bit, for the
encrypted ones) or cut from ``corpus/rendered``; DOCX files are zips written
with :mod:`zipfile`. ``--big`` adds the 50 MB TXT and the 5 MB single line.

:func:`make` returns ``{kind: relative path}``; the tests compare outcomes by
kind. Nothing is written outside ``OUT_FOLDER``.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

from tests import ROOT
RENDERED = ROOT / "corpus" / "rendered"
SEEDS = ROOT / "corpus" / "seeds"

#: Uncompressed size of the zip bomb's entry (the file itself stays about 1 MB).
BOMB_BYTES = 1 << 30
#: Uncompressed size of the "under the size limit but far too compressible" DOCX.
RATIO_BOMB_BYTES = 120 * 1024 * 1024
BIG_TXT_BYTES = 50 * 1024 * 1024
LONG_LINE_BYTES = 5 * 1024 * 1024

# ---------------------------------------------------------------- PDF by hand

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PAD)[:32]


def minimal_pdf(lines: list[str], *, user_password: bytes | None = None, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica; encrypted (R2, RC4-40) when a user password is given.

    ``user_password=b""`` gives the common "encrypted but opens without a
    password" case (permissions only).
    """
    file_id = hashlib.md5(repr(lines).encode() + (user_password or b"-")).digest()
    ops = ["BT", "/F1 12 Tf", "72 770 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops += [f"({escaped}) Tj", "0 -18 Td"]
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    key = None
    encrypt = b""
    if user_password is not None:
        perms = -44
        o_key = hashlib.md5(_padded(owner_password)).digest()[:5]
        o_value = _rc4(o_key, _padded(user_password))
        key = hashlib.md5(_padded(user_password) + o_value + struct.pack("<i", perms) + file_id).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt = (
            b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <" + u_value.hex().encode()
            + b"> /P " + str(perms).encode() + b" >>"
        )
        object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
        content = _rc4(object_key, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if encrypt:
        objects.append(encrypt)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R".encode()
    if encrypt:
        trailer += f" /Encrypt {len(objects)} 0 R".encode()
    trailer += b" /ID [<" + file_id.hex().encode() + b"> <" + file_id.hex().encode() + b">] >>\n"
    out.write(trailer + f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def broken_xref(pdf: bytes) -> bytes:
    """``pdf`` with every xref offset and the startxref pointer garbled (same length)."""
    head, sep, tail = pdf.rpartition(b"\nxref\n")
    table_end = tail.index(b"trailer")
    table = bytearray(tail[:table_end])
    digits = b"0123456789"
    rng = random.Random(5)
    for i, byte in enumerate(table):
        if byte in digits and i > 12:  # keep the "0 N" subsection header
            table[i] = rng.choice(digits)
    rest = tail[table_end:]
    start = rest.rindex(b"startxref\n") + len(b"startxref\n")
    end = rest.index(b"\n", start)
    rest = rest[:start] + b"9" * (end - start) + rest[end:]
    return head + sep + bytes(table) + rest


# --------------------------------------------------------------- DOCX by hand

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFD = "http://www.ofdspec.org/2016"


def document_xml(paragraphs: list[str], *, doctype: str = "") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def minimal_docx(document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return out.getvalue()


def write_zip_bomb(path: Path, size: int = BOMB_BYTES) -> None:
    """A DOCX whose word/document.xml inflates to ``size`` bytes of one repeated XML run."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(document_xml([])[:-len("</w:body></w:document>")])
            chunk = b"<w:p/>" * ((1 << 22) // 6)
            written = 0
            while written < size:
                f.write(chunk)
                written += len(chunk)


# ------------------------------------------------------------------- TXT

PLAN = "关于开展质量提升行动的通知\n一、工作任务\n1.加强组织领导。\n2.完善工作制度。\n"


#: Task text and a department a spreadsheet would run as formulas, and a terminal escape that clears the screen.
FORMULA_PLAN = (
    "关于公式文本的通知\n一、工作任务\n"
    '1.=HYPERLINK("http://203.0.113.9/x","点击")加强组织领导，由\x1b[2J市财政局牵头。\n'
    "2.@SUM(1)完善工作制度。\n3.+1 推进信息公开。\n4.-2 做好统计工作。\n"
)


def pdf_flate_bomb(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of spaces (about size/1000 on disk)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deep_numbering(levels: int = 50) -> str:
    """Nested items ``levels`` deep, cycling through the label styles gongwen knows."""
    styles = [
        lambda n: "一二三四五六七八九十"[n - 1] + "、",
        lambda n: "（" + "一二三四五六七八九十"[n - 1] + "）",
        lambda n: f"{n}.",
        lambda n: f"（{n}）",
        lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1],
    ]
    lines = ["关于深层编号的通知"]
    for depth in range(levels):
        for n in (1, 2):
            lines.append("  " * depth + styles[depth % len(styles)](n) + f"第{depth + 1}层第{n}项工作要求。")
    return "\n".join(lines) + "\n"


def write_big_txt(path: Path, size: int = BIG_TXT_BYTES) -> None:
    """A ``size``-byte UTF-8 circular: the same numbered items over and over, written in chunks."""
    item = "{n}.加强组织领导，完善工作制度，落实各项任务要求，确保取得实效。\n"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("关于大文件的通知\n一、工作任务\n")
        n = 1
        written = 0
        while written < size:
            block = "".join(item.format(n=n + k) for k in range(1000))
            n += 1000
            f.write(block)
            written += len(block.encode("utf-8"))


def write_long_line(path: Path, size: int = LONG_LINE_BYTES) -> None:
    """One line of ``size`` bytes, no newline at all."""
    unit = "加强组织领导完善工作制度，".encode()
    with path.open("wb") as f:
        written = 0
        chunk = unit * (65536 // len(unit))
        while written < size:
            f.write(chunk)
            written += len(chunk)


# --------------------------------------------------------------- deep folders

#: Deeper than Python's default recursion limit (1,000).
LONG_ITEM_BYTES = 3 * 1024 * 1024


def write_long_item(path: Path, size: int = LONG_ITEM_BYTES) -> None:
    """A circular whose first item is one ``size``-byte sentence: its task row's JSON line is longer
    than the block Arrow's JSON reader parses at a time."""
    sentence = "加强组织领导和制度建设"
    repeat = size // len(sentence.encode("utf-8")) + 1
    path.write_text(f"关于长条目的通知\n一、工作任务\n1.{sentence * repeat}。\n2.完善工作制度。\n", encoding="utf-8")


DEEP_FOLDERS = 1100


def write_deep_folders(root: Path, depth: int = DEEP_FOLDERS) -> Path:
    """``root/d/d/…/d/deep.txt``, ``depth`` folders down, made without recursion or chdir; the file's path."""
    root.mkdir(parents=True, exist_ok=True)
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1])
        with os.fdopen(fd, "wb") as f:
            f.write(PLAN.replace("质量提升", "深层目录").encode("utf-8"))
    finally:
        for fd in fds:
            os.close(fd)
    return root.joinpath(*(["d"] * depth), "deep.txt")


def remove_deep_folders(root: Path, depth: int = DEEP_FOLDERS) -> None:
    """Undo :func:`write_deep_folders` bottom-up (``shutil.rmtree`` recurses and would overflow)."""
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(depth):
            try:
                fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
            except FileNotFoundError:
                break
        try:
            os.unlink("deep.txt", dir_fd=fds[-1])
        except FileNotFoundError:
            pass
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir("d", dir_fd=fds[-1])
    finally:
        for fd in fds:
            os.close(fd)


# ------------------------------------------------------------------ all kinds


def make(folder: Path, *, big: bool = False) -> dict[str, str]:
    """Write every bad input kind under ``folder``; ``{kind: path relative to folder}``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}

    def put(kind: str, name: str, data: bytes | str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        kinds[kind] = name

    pdf_002 = (RENDERED / "002_7a1c7de3253825f7.pdf").read_bytes()
    docx_dev01 = (RENDERED / "dev01_yingshang_2026.docx").read_bytes()
    plain = ["Work plan of the quality office", "1. Strengthen leadership.", "2. Improve the rules."]

    # empty and near-empty
    put("empty_txt", "empty.txt", b"")
    put("empty_pdf", "empty.pdf", b"")
    put("whitespace_txt", "blank.txt", " \r\n\t\n\u3000\n")
    # PDF
    put("pdf_truncated", "truncated.pdf", pdf_002[: len(pdf_002) // 3])
    put("pdf_header_only", "header_only.pdf", b"%PDF-1.7\n")
    put("pdf_broken_xref", "broken_xref.pdf", broken_xref(pdf_002))
    put("pdf_encrypted_user_password", "encrypted_pw.pdf", minimal_pdf(plain, user_password=b"secret"))
    put("pdf_encrypted_empty_password", "encrypted_nopw.pdf", minimal_pdf(plain, user_password=b""))
    put("pdf_image_only", "scan_only.pdf", (RENDERED / "scan_only.pdf").read_bytes())
    put("pdf_cid_text", "cid_garbage.pdf", (RENDERED / "cid_garbage.pdf").read_bytes())
    put("pdf_really_docx", "really_docx.pdf", docx_dev01)
    put("pdf_random_bytes", "noise.pdf", random.Random(11).randbytes(3000))
    # DOCX
    put("docx_really_pdf", "really_pdf.docx", (RENDERED / "dev01_yingshang_2026.pdf").read_bytes())
    put("docx_not_zip", "not_zip.docx", "这不是一个 Word 文件。\n".encode() * 20)
    put("docx_legacy_doc", "legacy_ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2040)
    # legacy Word / WPS (.doc, .wps): only outcomes that do not depend on LibreOffice being installed
    put("wps_damaged_ole", "damaged_ole.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 2040)
    put(
        "doc_word_html",
        "saved_as_web_page.doc",
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="gb2312"></head>'
        '<body><div class="WordSection1"><p class="MsoNormal">关于网页格式的通知</p>'
        '<p class="MsoNormal">一、工作任务</p><p class="MsoNormal">1.加强组织领导。<o:p></o:p></p></div></body></html>'.encode("gb18030"),
    )
    put("docx_truncated_zip", "truncated.docx", docx_dev01[: len(docx_dev01) // 2])
    put("docx_zip_without_document", "no_document.docx", _zip({"hello.txt": b"hi"}))
    bomb = folder / "zip_bomb.docx"
    write_zip_bomb(bomb)
    kinds["docx_zip_bomb"] = bomb.name
    write_zip_bomb(folder / "zip_ratio.docx", RATIO_BOMB_BYTES)
    kinds["docx_zip_ratio"] = "zip_ratio.docx"
    xxe = document_xml(
        ["关于外部实体的通知", "&xxe;"],
        doctype='<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
    )
    put("docx_xxe", "xxe.docx", minimal_docx(xxe))
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs = document_xml(
        ["关于实体膨胀的通知", "&lol9;"],
        doctype=f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{lol}]>\n',
    )
    put("docx_billion_laughs", "billion_laughs.docx", minimal_docx(laughs))
    # TXT
    seed = (SEEDS / "000_f6227b0145fbc2ea.txt").read_text(encoding="utf-8")
    put("txt_gb18030", "gb18030.txt", seed.encode("gb18030"))
    put("txt_utf16_no_bom", "utf16le.txt", (SEEDS / "001_a178c7a38815d566.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    put("txt_random_bytes", "noise.txt", random.Random(7).randbytes(4000))
    put("txt_nul_bytes", "nuls.txt", b"\0" * 4096)
    put("txt_deep_numbering", "deep_numbering.txt", deep_numbering(50))
    put("txt_leading_dash_name", "-通知 草稿.txt", PLAN.replace("质量提升", "草稿"))
    put("txt_formula_and_escape", "formula_escape.txt", FORMULA_PLAN)
    # HTML
    put(
        "html_script",
        "script.html",
        "<html><head><script>document.write('一、脚本任务');</script><style>p{}</style></head>"
        "<body><p>关于网页的通知</p><p>一、工作任务</p><p>1.加强组织领导。</p>"
        "<script>alert('二、不该出现')</script></body></html>",
    )
    put(
        "html_deep_nesting",
        "deep_nesting.html",
        "<html><body>" + "<div>" * 1000 + "<p>一、工作任务</p><p>1.深层嵌套的任务。</p>" + "</div>" * 1000 + "</body></html>",
    )
    put(
        "html_entities",
        "entities.html",
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        + '<!ENTITY lol "lollollollollollollollollollol">]>\n'
        + "<html><body><p>关于实体的通知</p><p>一、&xxe;工作任务</p><p>1.&lol;加强领导。</p></body></html>",
    )
    put(  # libxml2 opens <embed> as a container: the tasks after it were lost (issue #13)
        "html_embed",
        "embed.html",
        "<html><body><p>关于网页的通知</p><p>一、工作任务</p><p>1.加强组织领导。</p><embed src='plan.swf'>"
        "<p>2.完善工作制度。</p><p>3.强化督促检查。</p></body></html>",
    )
    put("html_fragment", "fragment.html", "<p>a</p>")  # E_INTERNAL KeyError <Element body> (issue #13)
    put(  # gz.gov.cn: the body hidden until the site's script shows it gave E_EMPTY (issue #11)
        "html_hidden_body",
        "hidden_body.html",
        "<html><body style='visibility: hidden'><p>关于网页的通知</p><p>一、工作任务</p><p>1.加强组织领导。</p></body></html>",
    )
    span = document_xml(["一、工作任务"]).replace(
        b"</w:body>",
        b"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='100000000'/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>",
    )
    put("docx_huge_gridspan", "huge_gridspan.docx", minimal_docx(span))  # 107 s and 23 GB (issue #13)
    put("ofd_image_only", "scan.ofd", _zip({  # an OFD of page images: a scan
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{_OFD}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'.encode(),
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{_OFD}"><ofd:Pages><ofd:Page ID="1" BaseLoc="P/Content.xml"/>'
                              "</ofd:Pages></ofd:Document>".encode(),
        "Doc_0/P/Content.xml": f'<ofd:Page xmlns:ofd="{_OFD}"><ofd:Content><ofd:Layer><ofd:ImageObject ID="2" '
                               'Boundary="0 0 210 297" ResourceID="3"/></ofd:Layer></ofd:Content></ofd:Page>'.encode(),
    }))
    put("ofd_xxe", "xxe.ofd", _zip({  # an OFD with an external entity
        "OFD.xml": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:OFD xmlns:ofd="' + _OFD.encode() + b'">&e;</ofd:OFD>',
    }))
    deep = document_xml(["一、工作任务"]).replace(
        b"</w:body>",
        b"<w:sdt><w:sdtContent>" * 600 + b"<w:p><w:r><w:t>1.deep</w:t></w:r></w:p>" + b"</w:sdtContent></w:sdt>" * 600 + b"</w:body>",
    )
    put("docx_deep_nesting", "deep_nesting.docx", minimal_docx(deep))
    try:  # a name that breaks one-line reports unless printed escaped
        put("txt_newline_in_name", "空\n行.txt", b"")
    except OSError:
        pass
    try:  # a GBK name (中文.txt) as unzipping a Windows archive leaves it: not valid UTF-8
        put("txt_non_utf8_name", os.fsdecode(b"\xd6\xd0\xce\xc4.txt"), PLAN.replace("质量提升", "中文名"))
    except (OSError, UnicodeError):  # a file system that takes UTF-8 names only
        pass
    # folders and special files
    if hasattr(os, "mkfifo"):
        fifo = folder / "pipe.txt"
        if not fifo.exists():
            os.mkfifo(fifo)
        kinds["fifo_named_txt"] = fifo.name
    (folder / "folder.txt").mkdir(exist_ok=True)  # a directory with a document suffix
    kinds["dir_named_txt"] = "folder.txt"
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    for name, target in (("self", ".."), ("a.txt", "b.txt"), ("b.txt", "a.txt")):
        link = loop / name
        if not link.is_symlink():
            try:
                os.symlink(target, link)
            except (OSError, NotImplementedError):  # no symlinks on this system
                break
    kinds["symlink_loop"] = "loop"
    if big:
        write_big_txt(folder / "big_50mb.txt")
        kinds["txt_50mb"] = "big_50mb.txt"
        write_long_line(folder / "long_line.txt")
        kinds["txt_5mb_line"] = "long_line.txt"
    return kinds


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--big"]
    if len(args) != 1:
        sys.exit("usage: make_bad_inputs.py OUT_FOLDER [--big]")
    for kind, name in make(Path(args[0]), big="--big" in sys.argv).items():
        print(f"{kind:32} {name}")
