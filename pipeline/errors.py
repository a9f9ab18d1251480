""":mod:`pipeline.errors`: The exceptions gongwen raises, each with a stable code."""

from __future__ import annotations


# Warning codes: problems inside a document that did not stop it, recorded as ``issues`` rows.
# Each is defined here once; README lists them all (tests/test_readme.py checks it).

#: An input with the same bytes as an earlier one: read once; the copy is named in an issue of that document.
W_DUPLICATE = "W_DUPLICATE"
#: A text file or page whose encoding was guessed (or whose declared charset does not fit its bytes).
W_ENCODING_GUESSED = "W_ENCODING_GUESSED"
#: A file whose content is another format than its name says (a ``.pdf`` that is a DOCX): read as what it is.
W_FORMAT_MISMATCH = "W_FORMAT_MISMATCH"
#: PDF pages (or glyphs) with no usable text layer that were not read.
W_PAGE_NEEDS_OCR = "W_PAGE_NEEDS_OCR"
#: PDFium could not read the file; pdfminer did.
W_PDF_FALLBACK = "W_PDF_FALLBACK"
#: Glyphs a PDF page does not show (render mode 3, white on white, under 1 pt, off the page): not read.
W_PDF_HIDDEN_TEXT = "W_PDF_HIDDEN_TEXT"
#: Lines repeated on every page with changing numbers, dropped as running headers or footers.
W_PDF_RUNNING_TEXT = "W_PDF_RUNNING_TEXT"
#: An HTML page nested deeper than the reader follows: read as a flat tag stream.
W_HTML_DEEP = "W_HTML_DEEP"
#: A DOCX numbering part that could not be read: lists read without their labels.
W_DOCX_NUMBERING = "W_DOCX_NUMBERING"
#: LibreOffice converted a legacy file without a network namespace to keep it offline.
W_CONVERTER_NETWORK = "W_CONVERTER_NETWORK"
#: A date whose year had to be inferred.
W_DATE_AMBIGUOUS = "W_DATE_AMBIGUOUS"
#: No enumerated items and no task table were found.
W_NO_TASKS = "W_NO_TASKS"


class CircularError(Exception):
    """A circular could not be processed."""

    code = "E_CIRCULAR"


class ReadError(CircularError):
    """An input file could not be read into text."""

    code = "E_READ"


class EmptyInput(ReadError):
    """The input file holds no text."""

    code = "E_EMPTY"


class DecodeError(ReadError):
    """The bytes of a text file fit no supported encoding."""

    code = "E_DECODE"


class UnsupportedFormat(ReadError):
    """The file's extension names no format gongwen reads."""

    code = "E_FORMAT"


class EncryptedPDF(ReadError):
    """The PDF is encrypted and cannot be opened."""

    code = "E_ENCRYPTED"


class NeedsOCR(ReadError):
    """The PDF has pages with no usable text layer."""

    code = "E_NEEDS_OCR"


class UnsafeInput(ReadError):
    """The file is built to harm the reader: a zip bomb, an XML DTD or entity declaration."""

    code = "E_UNSAFE"


class TooLarge(ReadError):
    """The input holds far more text than a circular: refused before the slow stages."""

    code = "E_TOO_LARGE"


class NeedsConverter(ReadError):
    """A legacy Word/WPS file needs LibreOffice (``soffice``) to be converted to DOCX, and none is installed."""

    code = "E_NEEDS_CONVERTER"


class SettingsError(CircularError, ValueError):
    """A setting is unknown or has a value of the wrong kind."""

    code = "E_SETTINGS"


class SchemaError(CircularError):
    """Rows do not fit their table's contract."""

    code = "E_SCHEMA"


class SiteRefused(CircularError, ValueError):
    """``gongwen report -o SITE``: SITE exists and is not a gongwen report (or is a file); it is left alone."""

    code = "E_SITE_REFUSED"


class OutputBusy(CircularError):
    """Another run is writing to the same output folder."""

    code = "E_OUTPUT_BUSY"


class TimedOut(CircularError):
    """A document took longer than the per-document time limit (its worker is replaced)."""

    code = "E_TIMEOUT"


class WorkerDied(CircularError):
    """The process working on a document died (killed, out of memory, crashed in C code)."""

    code = "E_WORKER_DIED"


class InputIOError(CircularError):
    """The operating system failed reading an input (permissions, a vanished file, a disk error)."""

    code = "E_IO"


class InternalError(CircularError):
    """A bug in gongwen met while processing a document: that document fails, the batch goes on."""

    code = "E_INTERNAL"


class OutsideInput(ReadError):
    """A symbolic link inside an input folder points outside it (not followed)."""

    code = "E_OUTSIDE"


class NoInputs(CircularError):
    """A run found no document file under the paths it was given (the previous output is kept)."""

    code = "E_NO_INPUTS"


class NoDocuments(CircularError):
    """Every input of a run failed: the previous output is kept rather than replaced by empty tables."""

    code = "E_NO_DOCUMENTS"


#: The numbering of a document's items is irregular; the issue's message says what was guessed
#: (:func:`pipeline.ingest.segment.structure_warnings`).
W_STRUCTURE = "W_STRUCTURE"

#: A PDF page read by OCR whose mean recognition confidence is below
#: :data:`pipeline.ingest.readers.ocr.MIN_CONFIDENCE`: its text may hold misread characters.
W_OCR_LOW_CONFIDENCE = "W_OCR_LOW_CONFIDENCE"


class Interrupted(BaseException):
    """A run stopped by a signal (SIGINT is Ctrl-C, SIGTERM): the new output is discarded, the previous one
    kept, and ``kept`` finished documents wait in the cache. A BaseException, as KeyboardInterrupt is, so
    that no ``except Exception`` around a document takes it for a bad input."""

    def __init__(self, signum: int, kept: int | None = None) -> None:
        import signal

        self.signum, self.kept = signum, kept
        kept_text = "" if kept is None else f"; {kept} finished documents are kept for the next run"
        super().__init__(f"stopped by {signal.Signals(signum).name}{kept_text}")

    @property
    def exit_status(self) -> int:
        """128 + the signal number, as a shell reports it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum
