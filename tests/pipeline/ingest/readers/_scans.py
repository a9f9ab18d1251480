"""Make image-only "scans" of text PDFs, as a flatbed or phone scan of a printed circular would be.

Each page is rendered by PDFium at :data:`DPI` in grayscale, turned by a small
random angle (within :data:`MAX_ANGLE` degrees either way), given scanner noise
(Gaussian grain and a few dark specks) and stored as a JPEG page of an
image-only PDF (Pillow's PDF writer): no text layer, so the reader must OCR it.

``python -m tests.pipeline.ingest.readers._scans`` rewrites ``tests/data/scans/`` from
the renderings in :data:`SOURCES` (not under ``corpus/rendered``, whose tests
read every PDF there as a rendering with a text layer). Rendering needs a CJK system font for the
PDFs whose font is not embedded (STSong-Light): ``apt-get install
fonts-arphic-uming``; the scans themselves need no font to read, so they are
committed and the tests only read them.
"""

from __future__ import annotations

import io
import random
import sys
import zlib
from pathlib import Path

from tests import ROOT
RENDERED = ROOT / "corpus" / "rendered"
SCANS = ROOT / "tests" / "data" / "scans"
#: Resolution of the scans.
DPI = 200
#: Largest skew (degrees) of a scanned page.
MAX_ANGLE = 1.0
#: JPEG quality of the scanned pages (a scanner's default "standard" setting).
QUALITY = 50
#: Renderings scanned for the tests (under corpus/rendered): short circulars of every layout —
#: prose, a ruled task table over pages, a two-column gazette page, traditional characters.
SOURCES = (
    "000_f6227b0145fbc2ea.pdf",
    "004_beabee60d13bb183.pdf",
    "dev03_anquan_pdfstyle_2024.pdf",
    "dev07_jiangzhou_jiancha_trad_2024.pdf",
    "twocol/dev04_zhijiao_2023.pdf",
)


def scan_pages(pdf: bytes, *, seed: int, dpi: int = DPI, max_angle: float = MAX_ANGLE):
    """The pages of ``pdf`` as noisy, slightly turned grayscale PIL images at ``dpi``."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = rng.uniform(-max_angle, max_angle)
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(0.5))  # the scanner's optics
            pixels = np.asarray(image, dtype=np.float32)
            pixels = pixels * 0.92 + 10  # paper is not white, ink is not black
            pixels += noise.normal(0.0, 3.0, pixels.shape)  # grain
            specks = noise.random(pixels.shape) < 0.0004
            pixels[specks] = noise.uniform(40, 160, int(specks.sum()))
            yield Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    finally:
        doc.close()


def scan_pdf(pdf: bytes, *, seed: int = 0, dpi: int = DPI, max_angle: float = MAX_ANGLE, quality: int = QUALITY) -> bytes:
    """An image-only PDF of ``pdf``'s pages scanned (:func:`scan_pages`), one JPEG per page."""
    pages = list(scan_pages(pdf, seed=seed, dpi=dpi, max_angle=max_angle))
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=quality)
    return out.getvalue()


def scan_path(name: str) -> Path:
    """Where the scan of the rendering ``name`` lives: ``twocol/dev04….pdf`` → ``scans/twocol/dev04….pdf``."""
    return SCANS / name


def main(argv: list[str]) -> int:
    names = argv or list(SOURCES)
    for name in names:
        target = scan_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scan_pdf((RENDERED / name).read_bytes(), seed=zlib.crc32(name.encode())))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
