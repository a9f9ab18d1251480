""":mod:`pipeline.report.stale`: Whether a report shows OUT's current run, and a banner on its pages when not.

Every run's manifest names the run (``"run"``: its snapshot); a report records
the run it was built from in its marker file. A later run into the same OUT
puts a banner on the pages of ``OUT/report`` (between two comments every page
carries), and ``gongwen run``, ``show`` and ``report`` say so on stderr.
Light on purpose: a run imports it, and it must not pull in pandas.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from pipeline.run.storage import MANIFEST_NAME, REPORT_MARKER

#: Where each page holds its staleness banner (empty while the report is current).
SLOT_START, SLOT_END = "<!--gongwen:stale-->", "<!--/gongwen:stale-->"
RE_SLOT = re.compile(re.escape(SLOT_START) + ".*?" + re.escape(SLOT_END), re.S)
RUN_PREFIX = "run: "


def marker_text(run: str) -> str:
    """The marker file of a site built from ``run``."""
    return f"Written by `gongwen report`; the folder may be replaced.\n{RUN_PREFIX}{run}\n"


def current_run(out: Path) -> str | None:
    """The run whose output ``out`` holds (None for an output written before runs were named)."""
    try:
        return json.loads((Path(out) / MANIFEST_NAME).read_text(encoding="utf-8")).get("run")
    except (OSError, ValueError, AttributeError):
        return None


def site_run(site: Path) -> str | None:
    """The run a report was built from; None when ``site`` is no report or an older one that does not say."""
    try:
        lines = (Path(site) / REPORT_MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((line[len(RUN_PREFIX):] for line in lines if line.startswith(RUN_PREFIX)), None)


def stale_note(out: Path, site: Path | None = None) -> str | None:
    """One line when the report in ``site`` (default ``OUT/report``) was built from another run than
    the one ``out`` holds now; None when it is current or there is no report."""
    site = Path(site) if site is not None else Path(out) / "report"
    if not (site / REPORT_MARKER).is_file():
        return None
    built, now = site_run(site), current_run(out)
    if built == now:
        return None
    return (f"{site} was built from an earlier run ({built or 'unnamed'}); {out} now holds run {now}: "
            f"run `gongwen report {out}` again")


def mark_stale(out: Path) -> str | None:
    """Put the :func:`stale_note` banner on every page of ``OUT/report``; the note, or None when current."""
    note = stale_note(out)
    if note is None:
        return None
    banner = f'{SLOT_START}<p class="stale">{escape(note)}</p>{SLOT_END}'
    for page in (Path(out) / "report").rglob("*.html"):
        try:
            html = page.read_text(encoding="utf-8")
            page.write_text(RE_SLOT.sub(lambda _: banner, html, count=1), encoding="utf-8")
        except OSError:  # a page that cannot be marked must not fail the run that just committed
            continue
    return note
