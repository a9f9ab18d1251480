"""Legacy Word (.doc) and WPS (.wps) circulars, converted to DOCX by LibreOffice (issue #3).

Most tests put a fake ``soffice`` (a small Python script written here) first on
``PATH``: it records its arguments and then converts (writes a real DOCX with
python-docx), sleeps, or fails. One test converts for real and is skipped
where LibreOffice is not installed (``apt-get install libreoffice-writer-nogui``).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import NeedsConverter, ReadError, UnsupportedFormat
from pipeline.ingest.readers import content_format, format_of, legacy, read_path
from pipeline.ingest.readers.legacy import OLE_MAGIC, convert_command

#: A sound OLE2 header (version 3, 512-byte sectors) and a little body: enough for the checks before LibreOffice.
OLE = OLE_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(478) + b"WordDocument" * 100

FAKE_SOFFICE = """#!{python}
import json, os, subprocess, sys, time
args = sys.argv[1:]
source = args[-1]
with open({log!r}, "w") as log:
    netns = os.readlink("/proc/self/ns/net") if os.path.exists("/proc/self/ns/net") else None
    json.dump({{"args": args, "cwd": os.getcwd(), "head": open(source, "rb").read(8).hex(), "netns": netns}}, log)
mode = {mode!r}
if mode == "convert":
    import docx
    outdir = args[args.index("--outdir") + 1]
    os.makedirs(outdir, exist_ok=True)
    document = docx.Document()
    for text in ("关于印发工作要点的通知", "一、工作任务", "1.加强组织领导。"):
        document.add_paragraph(text)
    document.save(os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".docx"))
    print("convert " + source + " -> " + outdir + " using filter : MS Word 2007 XML")
elif mode == "sleep":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with open({log!r} + ".child", "w") as out:
        out.write(str(child.pid))
    time.sleep(120)
elif mode == "no_output":
    print("Error: source file could not be loaded")
elif mode == "crash":
    print("soffice.bin: fatal error", file=sys.stderr)
    sys.exit(81)
"""


def fake_soffice(tmp_path: Path, monkeypatch, mode: str) -> Path:
    """Put a fake ``soffice`` first on PATH; returns the file its arguments are logged to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "soffice.json"
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log), mode=mode), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


def _running(pid: int) -> bool:
    """Whether process ``pid`` is alive (a zombie waiting for its parent is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# ------------------------------------------------------------------ with a fake converter

# fmt: off
CONVERTED = [
    ("通知.doc", "doc", []),                            # the common case: Word 97–2003
    ("通知.WPS", "wps", []),                            # Kingsoft WPS, any letter case
    ("-通知 草稿.doc", "doc", []),                       # a name that looks like an option never reaches the command line
    ("download.txt", "doc", ["W_FORMAT_MISMATCH"]),     # an OLE2 file is legacy Word whatever its extension
    ("download.docx", "doc", ["W_FORMAT_MISMATCH"]),    # an old .doc renamed to .docx
]
# fmt: on


@pytest.mark.parametrize("name,fmt,warnings", CONVERTED)
def test_legacy_converted_and_read_as_docx(tmp_path, monkeypatch, name, fmt, warnings):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    path = tmp_path / name
    path.write_bytes(OLE)
    source = read_path(path)
    assert source.text.split("\n")[:3] == ["关于印发工作要点的通知", "一、工作任务", "1.加强组织领导。"]
    assert (source.path, source.format) == (str(path), fmt)
    assert [code for code, _ in source.warnings] == warnings
    assert len(source.digest) == 64 and source.blocks
    call = json.loads(log.read_text())
    assert call["head"] == OLE_MAGIC.hex()  # the bytes given are the input's
    assert Path(call["args"][-1]).name == "source.doc"


def test_legacy_command_is_headless_with_a_private_profile(tmp_path, monkeypatch):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    (tmp_path / "a.doc").write_bytes(OLE)
    read_path(tmp_path / "a.doc")
    call = json.loads(log.read_text())
    args, tmp = call["args"], Path(call["cwd"])
    assert args[:2] == ["--headless", "--norestore"]
    assert args[2] == "-env:UserInstallation=" + (tmp / "profile").as_uri()
    assert args[3:7] == ["--convert-to", "docx", "--outdir", str(tmp / "out")]
    assert Path(args[7]).parent == tmp and tmp.name.startswith("gongwen-soffice-")
    assert not tmp.exists()  # the private folder, profile and all, is removed afterwards


def _netns() -> str | None:
    return os.readlink("/proc/self/ns/net") if os.path.exists("/proc/self/ns/net") else None


def test_legacy_converter_runs_in_its_own_network_namespace(tmp_path, monkeypatch):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    if legacy.offline_prefix()[0] is None or _netns() is None:
        pytest.skip(f"no network namespace can be made here: {legacy.offline_prefix()[1]}")
    (tmp_path / "a.doc").write_bytes(OLE)
    source = read_path(tmp_path / "a.doc")
    assert json.loads(log.read_text())["netns"] != _netns()
    assert source.warnings == ()


def test_legacy_converter_without_a_namespace_runs_and_says_so(tmp_path, monkeypatch):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    monkeypatch.setattr(legacy, "OFFLINE_PREFIXES", (("no-such-unshare", "--net"),))
    (tmp_path / "a.doc").write_bytes(OLE)
    source = read_path(tmp_path / "a.doc")
    assert "一、工作任务" in source.text
    assert [(code, "no no-such-unshare on PATH" in message) for code, message in source.warnings] == [
        ("W_CONVERTER_NETWORK", True)
    ]
    assert json.loads(log.read_text())["netns"] == _netns()


def test_legacy_convert_command():
    command = convert_command("/usr/bin/soffice", Path("/tmp/x/source.doc"), Path("/tmp/x/out"), Path("/tmp/x/profile"))
    assert command == [
        "/usr/bin/soffice", "--headless", "--norestore", "-env:UserInstallation=file:///tmp/x/profile",
        "--convert-to", "docx", "--outdir", "/tmp/x/out", "/tmp/x/source.doc",
    ]  # fmt: skip


def test_legacy_timeout_kills_the_process_group(tmp_path, monkeypatch):
    log = fake_soffice(tmp_path, monkeypatch, "sleep")
    monkeypatch.setattr(legacy, "DEFAULT_TIMEOUT", 1.0)
    (tmp_path / "slow.doc").write_bytes(OLE)
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"did not convert the file within 1 s \(limit DEFAULT_TIMEOUT\)") as caught:
        read_path(tmp_path / "slow.doc")
    assert time.perf_counter() - started < 10
    assert caught.value.code == "E_READ"
    child = int(Path(str(log) + ".child").read_text())
    if Path("/proc").is_dir():
        deadline = time.monotonic() + 5
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child)  # what soffice started died with it


# fmt: off
FAILED = [
    ("no_output", r"could not convert the file \(Error: source file could not be loaded\)"),  # soffice's way: exit 0, no file
    ("crash", r"could not convert the file \(exit code 81: soffice.bin: fatal error\)"),       # a non-zero exit names its message
]
# fmt: on


@pytest.mark.parametrize("mode,message", FAILED)
def test_legacy_failed_conversion(tmp_path, monkeypatch, mode, message):
    fake_soffice(tmp_path, monkeypatch, mode)
    (tmp_path / "bad.doc").write_bytes(OLE)
    with pytest.raises(ReadError, match=message) as caught:
        read_path(tmp_path / "bad.doc")
    assert caught.value.code == "E_READ" and "\n" not in str(caught.value)


def test_legacy_missing_converter_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # neither soffice nor libreoffice
    (tmp_path / "a.wps").write_bytes(OLE)
    with pytest.raises(NeedsConverter) as caught:
        read_path(tmp_path / "a.wps")
    message = str(caught.value)
    assert caught.value.code == "E_NEEDS_CONVERTER"
    assert "libreoffice-writer-nogui" in message and "\n" not in message


def test_legacy_missing_converter_is_a_failure_row(tmp_path, monkeypatch):
    from pipeline.run.batch import run

    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "a.doc").write_bytes(OLE)
    result = run([tmp_path / "a.doc"])
    assert [(f.code, "libreoffice-writer-nogui" in f.reason) for f in result.failures] == [("E_NEEDS_CONVERTER", True)]


def test_legacy_libreoffice_name_is_found_too(tmp_path, monkeypatch):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    (tmp_path / "bin" / "soffice").rename(tmp_path / "bin" / "libreoffice")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "a.doc").write_bytes(OLE)
    assert "一、工作任务" in read_path(tmp_path / "a.doc").text
    assert log.exists()


# fmt: off
DAMAGED = [
    OLE_MAGIC + bytes(2040),                   # signature, then nothing: no byte order mark
    OLE_MAGIC + b"\xff" * 2040,                # signature, then garbage
    OLE[:300],                                 # cut short inside the header
    OLE[:28] + b"\xfe\xff\x0c\x00" + OLE[32:],  # version 3 with 4096-byte sectors: not a combination that exists
]
# fmt: on


@pytest.mark.parametrize("data", DAMAGED)
def test_legacy_damaged_header_refused_before_the_converter(tmp_path, monkeypatch, data):
    log = fake_soffice(tmp_path, monkeypatch, "convert")
    (tmp_path / "a.doc").write_bytes(data)
    with pytest.raises(ReadError, match="damaged OLE2") as caught:
        read_path(tmp_path / "a.doc")
    assert caught.value.code == "E_READ" and not log.exists()


# ------------------------------------------------------------------ which reader

DOCX_ZIP = b"PK\x03\x04"


def _docx() -> bytes:
    docx = pytest.importorskip("docx")
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、工作任务")
    document.save(out)
    return out.getvalue()


# fmt: off
SNIFFED = [
    ("a.doc", OLE, "doc", None),                                      # Word 97–2003
    ("a.wps", OLE, "wps", None),                                      # Kingsoft WPS
    ("a.txt", OLE, "doc", "W_FORMAT_MISMATCH"),                       # OLE2 whatever the extension
    ("a.pdf", OLE, "doc", "W_FORMAT_MISMATCH"),                       # a .doc saved under a .pdf name
    ("a.doc", "docx", "docx", "W_FORMAT_MISMATCH"),                   # a DOCX renamed to .doc
    ("a.wps", b"%PDF-1.7\n", "pdf", "W_FORMAT_MISMATCH"),             # a PDF renamed to .wps
    ("a.doc", b"<html><body><p>x</p></body></html>", "html", "W_FORMAT_MISMATCH"),  # Word's "save as web page"
    ("a.doc", b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "doc", None),    # RTF under .doc: LibreOffice reads it
]
# fmt: on


@pytest.mark.parametrize("name,data,fmt,warning", SNIFFED)
def test_legacy_content_decides_the_reader(tmp_path, name, data, fmt, warning):
    data = _docx() if data == "docx" else data
    found, warnings = content_format(tmp_path / name, data)
    assert found == fmt
    assert [code for code, _ in warnings] == ([warning] if warning else [])


def test_legacy_zip_that_is_not_a_docx_refused(tmp_path):
    with pytest.raises(UnsupportedFormat, match=r"named '\.wps' but is a ZIP archive, not a legacy Word/WPS file, a DOCX"):
        content_format(tmp_path / "a.wps", DOCX_ZIP + bytes(100))


def test_legacy_rtf_named_rtf_not_read_yet(tmp_path):
    with pytest.raises(UnsupportedFormat, match="not read yet: convert to DOCX first"):
        format_of(tmp_path / "a.rtf")


# ------------------------------------------------------------------ the real LibreOffice

#: A flat ODT (LibreOffice opens it under a .doc name) with an image linked by URL (issue #13).
REMOTE_IMAGE_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>关于印发工作要点的通知</text:p>
<text:p><draw:frame draw:name="i" svg:width="1cm" svg:height="1cm"><draw:image xlink:href="{url}" xlink:type="simple"
 xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
<text:p>一、工作任务</text:p></office:text></office:body></office:document>"""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_legacy_doc_remote_image_fetches_nothing(tmp_path):
    """LibreOffice fetched (OPTIONS, then GET) an image a flat ODT named ``.doc`` links by URL while converting it."""
    import socket
    import threading

    if legacy.offline_prefix()[0] is None:
        pytest.skip(f"no network namespace can be made here: {legacy.offline_prefix()[1]}")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    requests: list[bytes] = []
    done = threading.Event()

    def serve():
        while not done.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                continue
            with client:
                client.settimeout(2)
                requests.append(client.recv(200))

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    path = tmp_path / "remote_image.doc"
    path.write_text(REMOTE_IMAGE_FODT.format(url=f"http://127.0.0.1:{listener.getsockname()[1]}/x.png"), encoding="utf-8")
    try:
        source = read_path(path)
    finally:
        done.set()
        server.join(5)
        listener.close()
    assert requests == []
    assert source.text.startswith("关于印发工作要点的通知\n")
    assert "一、工作任务" in source.text and source.warnings == ()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_legacy_real_libreoffice_round_trip(tmp_path):
    """A page saved as Word 97 by LibreOffice itself, read back as .doc and as .wps.

    (The Word 97 file is made from HTML: LibreOffice 7.4 drops python-docx's
    tables when it saves a DOCX straight to .doc.)
    """
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><p>关于印发2021年生态环境保护工作要点的通知</p><p>一、工作任务</p><table border='1'>"
        "<tr><td>序号</td><td>重点工作</td><td>牵头单位</td></tr><tr><td>1</td><td>新建水质自动监测站4个</td><td>区生态环境局</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path / "doc"), str(page)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    doc = tmp_path / "doc" / "plan.doc"
    assert doc.read_bytes().startswith(OLE_MAGIC)
    shutil.copyfile(doc, tmp_path / "plan.wps")
    for path, fmt in ((doc, "doc"), (tmp_path / "plan.wps", "wps")):
        source = read_path(path)
        assert (source.path, source.format, source.warnings) == (str(path), fmt, ())
        assert source.text.startswith("关于印发2021年生态环境保护工作要点的通知\n一、工作任务\n")
        assert "\n\t序号\n\t重点工作\n\t牵头单位\n\n\t1\n\t新建水质自动监测站4个\n\t区生态环境局\n" in source.text
