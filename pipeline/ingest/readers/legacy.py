""":mod:`pipeline.ingest.readers.legacy`: Read legacy Word (``.doc``) and WPS (``.wps``) circulars through LibreOffice.

Older circulars are often published as Word 97–2003 or Kingsoft WPS files:
OLE2 compound files (their first bytes ``D0 CF 11 E0 A1 B1 1A E1``). They are
converted to DOCX by LibreOffice running headless, then read by
:func:`pipeline.ingest.readers.docx.read_docx`, keeping the original path::

    soffice --headless --norestore -env:UserInstallation=file:///TMP/profile \\
        --convert-to docx --outdir TMP/out TMP/source.doc

The input is copied into a private temporary folder under a fixed name (so a
file name like ``-通知.doc`` can never read as an option), and LibreOffice gets
a private profile there (so it never hands the job to a running instance, and
parallel workers do not share one). It runs in its own process group, killed
whole when it takes longer than :data:`DEFAULT_TIMEOUT` seconds, and in a
network namespace of its own (:func:`offline_prefix`): a document can name
images and linked sections by URL (``<draw:image xlink:href="http://…">`` in
a flat ODT named ``.doc``), and LibreOffice fetches them while it converts.
Where no namespace can be made the conversion still runs, with a
``W_CONVERTER_NETWORK`` warning on the document.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.document import Source
from pipeline.errors import NeedsConverter, ReadError, W_CONVERTER_NETWORK

#: Seconds LibreOffice may take to convert one file (a first start with a fresh profile takes 2–5 s).
DEFAULT_TIMEOUT = 60.0
#: Programs tried, in order, to find LibreOffice on ``PATH``.
CONVERTERS = ("soffice", "libreoffice")
#: The Debian/Ubuntu package that provides a headless ``soffice`` for Writer files.
PACKAGE = "libreoffice-writer-nogui"

#: Command prefixes that run a program with no network (a new, empty network namespace), tried in
#: order: as root ``unshare --net``; as any user where user namespaces are allowed, with root mapped.
OFFLINE_PREFIXES = (("unshare", "--net"), ("unshare", "--net", "--map-root-user"))
#: The warning a document gets when LibreOffice had to run with the machine's network.

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"


def find_converter() -> str | None:
    """The path of LibreOffice's ``soffice`` (or ``libreoffice``) on ``PATH``, or None."""
    return next((found for name in CONVERTERS if (found := shutil.which(name))), None)


def ole_header_ok(data: bytes) -> bool:
    """Whether ``data`` opens with a sound OLE2 compound-file header (the container of .doc and .wps files).

    Past the signature: major version 3 or 4, byte order ``FE FF``, sectors of
    512 (version 3) or 4096 bytes (version 4), mini sectors of 64 bytes.

    >>> header = OLE_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    >>> ole_header_ok(header + bytes(478)), ole_header_ok(OLE_MAGIC + bytes(504))
    (True, False)
    """
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        return False
    _minor, major, order, sector, mini = struct.unpack_from("<HHHHH", data, 24)
    return order == 0xFFFE and (major, sector) in ((3, 9), (4, 12)) and mini == 6


def staged_name(path: str, data: bytes) -> str:
    """The name the input is copied to for LibreOffice: the content decides the extension it reads best.

    >>> staged_name("通知.wps", OLE_MAGIC), staged_name("通知.doc", b"{\\\\rtf1\\\\ansi"), staged_name("通知.WPS", b"WPS")
    ('source.doc', 'source.rtf', 'source.wps')
    """
    if data.startswith(OLE_MAGIC):
        return "source.doc"
    if data.startswith(_RTF_MAGIC):
        return "source.rtf"
    suffix = Path(path).suffix.lower()
    return "source" + (suffix if suffix in (".doc", ".wps") else ".doc")


def convert_command(converter: str, source: Path, outdir: Path, profile: Path) -> list[str]:
    """The LibreOffice command line that converts ``source`` to DOCX in ``outdir``, with its own ``profile``.

    >>> convert_command("soffice", Path("/t/source.doc"), Path("/t/out"), Path("/t/profile"))[:4]
    ['soffice', '--headless', '--norestore', '-env:UserInstallation=file:///t/profile']
    """
    return [
        converter, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to", "docx", "--outdir", str(outdir), str(source),
    ]  # fmt: skip


def offline_prefix() -> tuple[tuple[str, ...] | None, str]:
    """The command prefix that cuts LibreOffice off the network, or ``(None, why)`` where none works here.

    The first of :data:`OFFLINE_PREFIXES` that runs a program (this Python) is taken:
    ``(("/usr/bin/unshare", "--net"), "")`` as root.
    """
    reasons = []
    for name, *options in OFFLINE_PREFIXES:
        program = shutil.which(name)
        failure = f"no {name} on PATH" if program is None else _probe((program, *options))
        if failure is None:
            return (program, *options), ""
        reasons.append(failure)
    return None, "; ".join(reasons)


@functools.cache
def _probe(prefix: tuple[str, ...]) -> str | None:
    """Why ``prefix python -c ''`` fails (``unshare --net: unshare failed: Operation not permitted``), None when it runs; once per process."""
    try:
        probe = subprocess.run([*prefix, sys.executable, "-c", ""], stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{' '.join(prefix)}: {type(exc).__name__}"
    return None if probe.returncode == 0 else f"{' '.join(prefix)}: {_last_line(probe.stderr)}"


def _kill_group(process: subprocess.Popen) -> None:
    """Kill ``process`` and everything it started (LibreOffice's ``soffice.bin`` runs under a launcher)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # no process groups (Windows): the launcher only
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _last_line(output: bytes) -> str:
    """The last line of LibreOffice's output that says something (``Error: source file could not be loaded``)."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    useful = [line for line in lines if line and not line.startswith("Warning: failed to launch javaldx")]
    return useful[-1][:200] if useful else "no message"


def convert_to_docx(path: str, data: bytes, *, timeout: float | None = None) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """The bytes of a DOCX that LibreOffice converts ``data`` (the file at ``path``) to, and its warnings.

    LibreOffice runs without network (:func:`offline_prefix`); where that cannot
    be arranged it runs anyway and the warnings say so (``W_CONVERTER_NETWORK``).

    Raises:
        NeedsConverter: no ``soffice`` or ``libreoffice`` on ``PATH``.
        ReadError: LibreOffice failed, wrote no DOCX, or ran longer than ``timeout`` seconds.
    """
    converter = find_converter()
    if converter is None:
        raise NeedsConverter(
            f"a legacy Word/WPS file needs LibreOffice to convert it: install the Debian package {PACKAGE} "
            f"(apt-get install {PACKAGE}) or put soffice on PATH"
        )
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="gongwen-soffice-", ignore_cleanup_errors=True) as tmp:
        source = Path(tmp) / staged_name(path, data)
        source.write_bytes(data)
        outdir = Path(tmp) / "out"
        prefix, why = offline_prefix()
        command = [*(prefix or ()), *convert_command(converter, source, outdir, Path(tmp) / "profile")]
        warnings: tuple[tuple[str, str], ...] = ()
        if prefix is None:
            message = f"LibreOffice ran with network access: no network namespace could be made ({why})"
            log.warning("%s: %s", path, message)
            warnings = ((W_CONVERTER_NETWORK, message),)
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp, start_new_session=True
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ReadError(f"LibreOffice did not convert the file within {timeout:g} s (limit DEFAULT_TIMEOUT) and was stopped") from None
        finally:
            if process.poll() is None:  # interrupted (the per-document time limit): leave nothing running
                _kill_group(process)
        converted = outdir / (source.stem + ".docx")
        if process.returncode != 0:
            raise ReadError(f"LibreOffice could not convert the file (exit code {process.returncode}: {_last_line(output)})")
        if not converted.is_file() or converted.stat().st_size == 0:
            raise ReadError(f"LibreOffice could not convert the file ({_last_line(output)})")
        return converted.read_bytes(), warnings


def read_legacy(path: str, data: bytes) -> Source:
    """A legacy Word or WPS file, converted to DOCX by LibreOffice and read by the DOCX reader.

    The :class:`Source` keeps ``path`` and names its format ``doc`` (``wps`` for a ``.wps`` file).

    Raises:
        ReadError: an OLE2 file with a damaged header (refused before LibreOffice starts), or a failed conversion.
        NeedsConverter: LibreOffice is not installed.
    """
    if data.startswith(OLE_MAGIC) and not ole_header_ok(data):
        raise ReadError("damaged OLE2 compound file: the header of this legacy Word/WPS file is not valid")
    from pipeline.ingest.readers.docx import read_docx

    converted, warnings = convert_to_docx(path, data)
    source = read_docx(path, converted)
    return replace(source, format="wps" if Path(path).suffix.lower() == ".wps" else "doc", warnings=warnings + source.warnings)
