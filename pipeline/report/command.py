""":mod:`pipeline.report.command`: ``gongwen report``, the click command (registered in :mod:`pipeline.cli`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="report")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--site", type=click.Path(path_type=Path),
              help="Folder to write the site to (default: OUT/report). Replaced if it holds an earlier report.")
def report(out: Path, site: Path | None) -> None:
    """Build a static HTML report of an output folder; it works offline.

    index.html has charts (tasks per lead department, deadlines per month,
    quotas by unit, documents by issuer and year), the documents and any
    failures. Each document gets doc/<doc_id>.html: its normalised text with
    tasks, departments (by role), quotas and dates highlighted in place (hover
    for the normalised value) and a side table of its tasks linking into the
    text. Nothing is fetched from the network.

    Example:

    \b
        gongwen run corpus/seeds -o outputs/
        gongwen report outputs/                 # → outputs/report/index.html
        gongwen report outputs/ -o site/
    """
    from pipeline.report.site import SiteRefused, build_site
    from pipeline.report.stale import current_run

    try:
        summary = build_site(out, site)
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc}; run `gongwen run ... -o {out}` first") from exc
    except SiteRefused as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the report: {exc.strerror or exc}") from exc
    run = current_run(out)
    built = f" (run {run})" if run else ""
    click.echo(f"{summary.documents} documents, {summary.tasks} tasks, {summary.failures} failed{built} → {summary.index}")
