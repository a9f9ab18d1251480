"""OFD reader (GB/T 33190, issue #15): files built to the standard's structure by :mod:`tests.pipeline.ingest.readers._ofd_writer`,
and files written by another producer (``ofd_files/easyofd_*.ofd``: easyofd 20260427's ``pdf2ofd`` from a PDF
with one text span per line, and ``jpg2ofd`` from a blank image; easyofd is not a dependency)."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import NeedsOCR, ReadError, TooLarge, UnsafeInput
from pipeline.ingest.readers import content_format, read_path
from pipeline.ingest.readers.ofd import deltas, read_ofd
from tests.pipeline.ingest.readers._ofd_writer import image, ofd, text

FILES = Path(__file__).parent / "ofd_files"
TITLE = "关于印发工作要点的通知"


def _read(data: bytes):
    return read_ofd("plan.ofd", data)


def test_ofd_lines_and_pages_with_provenance(tmp_path):
    path = tmp_path / "plan.ofd"
    path.write_bytes(ofd([[text(TITLE, 50, 40), text("一、工作任务", 30, 60), text("1.加强组织领导。", 30, 70)],
                          [text("二、保障措施", 30, 40)]]))  # fmt: skip
    source = read_path(path)
    assert (source.format, source.warnings) == ("ofd", ())
    assert source.text == f"{TITLE}\n一、工作任务\n1.加强组织领导。\n二、保障措施\n"
    assert [(source.text[a:b], page) for a, b, page, _ in source.blocks][-1] == ("二、保障措施", 2)
    assert [page for _, _, page, _ in source.blocks] == [1, 1, 1, 2]


def test_ofd_several_text_objects_on_one_line():
    """A line set as several TextObjects (a change of font for 2021, a separate 、) is one line, in x order."""
    line = [text("（一）到", 30, 60), text("2021", 52.4, 60, size=5.6, delta="2.8 2.8 2.8"), text("年底完成。", 63.6, 60)]
    assert _read(ofd([list(reversed(line))])).text == "（一）到2021年底完成。\n"


def test_ofd_per_glyph_deltax_and_g_repeat():
    """DeltaX per glyph, the g form repeating one step, and both mixed: the glyphs land where the list says."""
    objects = [
        text("一、工作任务", 30, 40, delta="5.6 5.6 5.6 5.6 5.6"),
        text("二、保障措施", 30, 50, delta="g 5 5.6"),
        text("三、AB措施", 30, 60, delta="5.6 5.6 g 2 2.8 5.6 5.6"),
    ]
    assert _read(ofd([objects])).text == "一、工作任务\n二、保障措施\n三、AB措施\n"


def test_ofd_deltas_never_expand_an_attacker_sized_repeat():
    started = time.perf_counter()
    assert deltas("g 100000000 5", 3) == [5.0, 5.0, 5.0] and deltas("5 x", 4) == [5.0]
    assert time.perf_counter() - started < 0.1


def test_ofd_ctm_transforms_the_text_object():
    """A CTM scaling by 2 and moving 20 mm down: the object lands below the other line and reads at its place."""
    objects = [
        text("二、保障措施", 30, 65.6, boundary=(30, 60), ctm="2 0 0 2 0 20"),  # X 0, Y 5.6: baseline at 60 + 2·5.6 + 20 mm
        text("一、工作任务", 30, 70),
    ]
    assert _read(ofd([objects])).text == "一、工作任务\n二、保障措施\n"


def test_ofd_template_page_read_under_its_page():
    source = _read(ofd([[text("一、工作任务", 30, 60)]], template=[text("××市人民政府文件", 50, 30, size=9)]))
    assert source.text.startswith("××市人民政府文件\n") and "一、工作任务" in source.text


def test_ofd_pages_only_images_need_ocr():
    with pytest.raises(NeedsOCR, match="images only"):
        _read(ofd([[image()], [image()]]))


def test_ofd_one_scanned_page_is_a_warning():
    source = _read(ofd([[text("一、工作任务", 30, 60)], [image()]]))
    assert [code for code, _ in source.warnings] == ["W_PAGE_NEEDS_OCR"]


def test_ofd_entity_declaration_refused():
    doctype = '<!DOCTYPE ofd [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(UnsafeInput, match="OFD part OFD.xml declares a DTD"):
        _read(ofd([[text("&x;", 30, 60)]], doctype=doctype))


def test_ofd_zip_bomb_refused():
    bomb = ofd([[text("一、工作任务", 30, 60)]], extra={"Doc_0/Res/pad.xml": b" " * (30 * 1024 * 1024)})
    with pytest.raises(UnsafeInput, match="OFD inflates"):
        read_ofd("bomb.ofd", bomb, max_uncompressed=20 * 1024 * 1024)


def test_ofd_too_many_pages():
    with pytest.raises(TooLarge, match="max_pages=2"):
        read_ofd("long.ofd", ofd([[text("一", 30, 60)]] * 3), max_pages=2)


@pytest.mark.parametrize("damage, message", [
    (lambda files: files.pop("OFD.xml"), "OFD part OFD.xml is missing"),
    (lambda files: files.update({"Doc_0/Document.xml": b"<ofd:Document"}), "not well-formed XML"),
    (lambda files: files.update({"OFD.xml": b"<OFD/>"}), "names no DocBody/DocRoot"),
])  # fmt: skip
def test_ofd_damaged_package(damage, message):
    with zipfile.ZipFile(io.BytesIO(ofd([[text("一、工作任务", 30, 60)]]))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    damage(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    with pytest.raises(ReadError, match=message):
        read_ofd("bad.ofd", out.getvalue())


def test_ofd_recognised_under_another_name(tmp_path):
    """An OFD named .pdf is read as OFD; a ZIP that is neither a DOCX nor an OFD is still refused."""
    found, warnings = content_format(tmp_path / "plan.pdf", ofd([[text("一", 30, 60)]]))
    assert found == "ofd" and [code for code, _ in warnings] == ["W_FORMAT_MISMATCH"]


def test_ofd_from_easyofd_pdf2ofd():
    """easyofd writes its own namespace, a lower-case ``size`` and the page box inside Content."""
    source = read_path(FILES / "easyofd_text.ofd")
    assert source.text.split("\n")[:3] == [TITLE, "各街道办事处，区政府各部门：", "一、工作任务"]
    assert "（二）完善工作制度。" in source.text and {page for _, _, page, _ in source.blocks} == {1, 2}


def test_ofd_from_easyofd_jpg2ofd_needs_ocr():
    with pytest.raises(NeedsOCR):
        read_path(FILES / "easyofd_image_only.ofd")
