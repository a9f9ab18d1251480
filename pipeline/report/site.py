""":mod:`pipeline.report.site`: Render every page of the report and write the site folder in one step.

The site is built in a temporary folder next to SITE and then moved into place,
so a reader never sees half a site. An existing SITE is replaced only when it is
empty or was written by this module (it holds :data:`MARKER`), so a mistyped
``-o ~/Documents`` can never delete anything else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SiteRefused
from pipeline.report import pages
from pipeline.report.data import ReportData, load_report
from pipeline.report.stale import marker_text
from pipeline.report.style import CSS
from pipeline.report.values import doc_page
from pipeline.run.storage import REPORT_MARKER

#: A file every site holds; its presence allows replacing the folder (and keeps a run from reading it).
MARKER = REPORT_MARKER


@dataclass(frozen=True)
class SiteSummary:
    site: Path
    documents: int
    tasks: int
    failures: int

    @property
    def index(self) -> Path:
        return self.site / "index.html"


def render_site(report: ReportData) -> dict[str, str]:
    """Every file of the site by its path relative to SITE: ``index.html``, ``doc/<doc_id>.html``, the CSS."""
    files = {pages.CSS_PATH: CSS.lstrip(), MARKER: marker_text(report.manifest.get("run", "")),
             "index.html": pages.index_page(report)}
    for doc in report.tables["documents"].itertuples(index=False):
        files[doc_page(doc.doc_id)] = pages.document_page(doc, report.texts.get(doc.doc_id), report.tables,
                                                         report.manifest)
    return files


def check_target(site: Path) -> None:
    """Refuse a SITE that exists and is neither empty nor an earlier report.

    Raises:
        SiteRefused: with a one-line reason.
    """
    if not site.exists() and not site.is_symlink():
        return
    if site.is_symlink() or not site.is_dir():
        raise SiteRefused(f"{site} exists and is not a folder")
    if any(site.iterdir()) and not (site / MARKER).is_file():
        raise SiteRefused(f"{site} exists and is not a gongwen report; choose an empty or new folder")


def write_site(files: dict[str, str], site: Path) -> None:
    """Write ``files`` into a fresh folder and swap it in for ``site``."""
    check_target(site)
    site.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=site.parent))
    try:
        for name, content in files.items():
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        os.chmod(staged, 0o755)
        old = None
        if site.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
            os.replace(site, old)  # a folder may be renamed over an empty one
        os.replace(staged, site)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)


def build_site(out: Path, site: Path | None = None) -> SiteSummary:
    """Read OUT and write its report to SITE (default ``OUT/report``).

    Raises:
        FileNotFoundError: OUT is not an output folder.
        SiteRefused: SITE holds something else.
    """
    out = Path(out)
    site = Path(site) if site is not None else out / "report"
    check_target(site)
    report = load_report(out)
    write_site(render_site(report), site)
    t = report.tables
    return SiteSummary(site, len(t["documents"]), len(t["tasks"]), len(t["failures"]))
