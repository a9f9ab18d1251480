"""Readers: every encoding a TXT circular arrives in, and the clear errors for bad input."""

from __future__ import annotations

import codecs

import pytest

from pipeline.errors import DecodeError, EmptyInput, UnsupportedFormat
from pipeline.ingest.readers import format_of, read_path
from pipeline.ingest.readers.txt import decode

TEXT = "关于开展认证帮扶行动的通知\n一、工作任务\n1.加强组织领导。"

# fmt: off
ENCODINGS = [
    (TEXT.encode("utf-8"), "utf-8"),                        # the common case
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),  # Windows Notepad's UTF-8 with BOM
    (TEXT.encode("gb18030"), "gb18030"),                    # GB18030 / GBK from older systems
    (TEXT.encode("gbk"), "gb18030"),                        # GBK is a subset of GB18030
    (TEXT.encode("utf-16"), "utf-16"),                      # UTF-16 with BOM
    (TEXT.encode("utf-16-le"), "utf-16"),                   # UTF-16 LE without BOM: told by NUL positions
    (TEXT.encode("utf-16-be"), "utf-16"),                   # UTF-16 BE without BOM
]
# fmt: on


@pytest.mark.parametrize("data,encoding", ENCODINGS)
def test_readers_txt_decodes(data, encoding):
    text, found, warnings = decode(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding
    assert warnings == ()


def test_readers_txt_random_bytes_refused():
    import random

    noise = bytes(random.Random(7).randrange(256) for _ in range(4000))
    with pytest.raises(DecodeError):
        decode(noise)


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
def test_readers_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInput):
        read_path(path)


@pytest.mark.parametrize("name", ["notes.xyz", "README", "table.xlsx"])
def test_readers_unknown_extension(tmp_path, name):
    with pytest.raises(UnsupportedFormat, match="unsupported file type"):
        format_of(tmp_path / name)


def test_readers_source_has_digest_and_line_blocks(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    source = read_path(path)
    assert len(source.digest) == 64
    assert [source.text[a:b] for a, b, _, _ in source.blocks] == TEXT.split("\n")


def test_readers_docx_paragraphs_and_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("重点工作安排")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点工作", "牵头单位"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "开展调研", "监督司"]):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    source = read_path(path)
    assert source.format == "docx"
    assert "\t序号\n\t重点工作\n\t牵头单位\n\n\t1\n\t开展调研\n\t监督司\n" in source.text


def test_readers_html_body_without_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        "<html><head><meta charset='gb2312'><script>var x=1;</script></head><body><nav>首页</nav>"
        "<p>一、工作任务</p><p>1.加强组织领导。<br>2.完善制度。</p></body></html>".encode("gb2312")
    )
    source = read_path(path)
    assert source.text.split("\n") == ["一、工作任务", "1.加强组织领导。", "2.完善制度。"]


@pytest.mark.parametrize("name", ["plan.ofd", "plan.OFD"])
def test_readers_ofd_is_a_format(tmp_path, name):
    assert format_of(tmp_path / name) == "ofd"  # read by pipeline.ingest.readers.ofd: tests/pipeline/ingest/readers/test_ofd_reader.py


@pytest.mark.parametrize("name", ["plan.rtf", "plan.odt"])
def test_readers_not_yet_read_named_with_a_hint(tmp_path, name):
    with pytest.raises(UnsupportedFormat, match="convert to DOCX first"):
        format_of(tmp_path / name)


def test_readers_registry_is_the_one_list():
    """Every extension, option set and reader comes from READERS: no format is known anywhere else."""
    from pipeline.ingest.readers import FORMATS, READER, READERS, ReadOptions

    assert FORMATS == {suffix: r.name for r in READERS for suffix in r.suffixes}
    assert set(READER) == {r.name for r in READERS} == set(FORMATS.values())
    for reader in READERS:
        assert callable(reader.function())
        assert isinstance(ReadOptions().options(reader.name), dict)


@pytest.mark.parametrize("name,fmt", [("plan.doc", "doc"), ("plan.WPS", "wps")])
def test_readers_legacy_word_goes_to_the_converter(tmp_path, name, fmt):
    assert format_of(tmp_path / name) == fmt  # read through LibreOffice: tests/pipeline/ingest/readers/test_legacy.py
