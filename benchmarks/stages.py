"""What one document's path after the reader costs, stage by stage: normalise, segment, each extractor, rows.

Run from the repository root::

    python benchmarks/stages.py                 # 5 rounds over the corpus
    python benchmarks/stages.py --rounds 9 --pdf-only

Every document of ``corpus/rendered/*.pdf`` (without ``scan_only.pdf`` and ``cid_garbage.pdf``, which
give no text) and of ``corpus/seeds``, ``corpus/dev`` and ``corpus/real/*/`` is read once with the
readers, outside the timing. Then :mod:`pipeline.chain`'s steps are timed one by one on every
document, ``--rounds`` times: ``normalise`` (:func:`normalise.source_to_tracked`), ``script``
(:func:`normalise.detect_script`), ``segment`` (:func:`text_to_segments`, its task tables included),
each stage (``fields``), each extractor, ``issues`` (:func:`chain.document_issues`) and ``spool``
(the rows checked and turned into the spool's JSON lines, as the worker does). A stage's figure is the
sum over documents of each document's fastest round, so the load of a shared machine counts little.

Printed per stage: ms in all, ms per PDF page (the PDFs alone: issue #16 compares against
pypdfium2's ``get_text_range`` per page), and ms per 1000 characters of source text (every
document). ``first doc`` is what the first document pays on top of its fastest round: vocabulary
read and rules compiled on first use (the chain's modules imported before it, as a worker's are).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors  # noqa: E402
from extractors.registry import get_stage  # noqa: E402
from pipeline.chain import doc_id_of, document_issues, stages_for  # noqa: E402
from pipeline.document import Circular  # noqa: E402
from pipeline.errors import CircularError  # noqa: E402
from pipeline.ingest import normalise  # noqa: E402
from pipeline.ingest.readers import read_path  # noqa: E402
from pipeline.ingest.segment import text_to_segments  # noqa: E402
from pipeline.run.storage import spool_lines  # noqa: E402

#: Rendered PDFs that give no text (a scan, a font without a Unicode map): the reader refuses them.
NO_TEXT = {"scan_only.pdf", "cid_garbage.pdf"}


def inputs(pdf_only: bool) -> list[Path]:
    """The corpus documents the harness reads, PDFs first."""
    pdfs = sorted(p for p in (ROOT / "corpus" / "rendered").glob("*.pdf") if p.name not in NO_TEXT)
    if pdf_only:
        return pdfs
    texts = [p for folder in ("seeds", "dev") for p in sorted((ROOT / "corpus" / folder).iterdir())]
    texts += sorted(p for p in (ROOT / "corpus" / "real").glob("*/*") if p.is_file())
    return pdfs + texts


def read_all(paths: list[Path]):
    """``(source, pages)`` of every readable path; ``pages`` is None for formats without pages."""
    sources = []
    for path in paths:
        try:
            source = read_path(path)
        except CircularError as exc:
            print(f"skipped {path.relative_to(ROOT)}: {exc}", file=sys.stderr)
            continue
        pages = {page for _, _, page, _ in source.blocks if page is not None}
        sources.append((source, max(pages) if pages else None))
    return sources


def time_document(source, infos, stages) -> dict[str, float]:
    """Seconds each step of the chain takes on ``source``, in run order (:func:`pipeline.chain.source_to_circular`
    and :func:`~pipeline.chain.circular_to_rows`, step by step)."""
    clock = time.perf_counter
    spent: dict[str, float] = {}
    t0 = clock()
    tracked = normalise.source_to_tracked(source.text)
    t1 = clock()
    script = normalise.detect_script(source.text)
    t2 = clock()
    sections, tasks = text_to_segments(tracked.text)
    t3 = clock()
    spent.update(normalise=t1 - t0, script=t2 - t1, segment=t3 - t2)
    circular = Circular(doc_id_of(source), source, tracked.text, tracked.origin, script, sections, tasks)
    for name in stages:
        t0 = clock()
        value = get_stage(name).func(circular)
        spent[name] = clock() - t0
        circular = dataclasses.replace(circular, **{name: value})
    tables: dict[str, list] = {}
    for info in infos:
        t0 = clock()
        tables[info.name] = list(info.func(circular))
        spent[info.name] = clock() - t0
        circular = dataclasses.replace(circular, rows={**circular.rows, info.name: tuple(tables[info.name])})
    t0 = clock()
    tables["issues"] = document_issues(circular, tables)
    spent["issues"] = clock() - t0
    t0 = clock()
    for name, rows in tables.items():
        spool_lines(name, rows)
    spent["spool"] = clock() - t0
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the corpus (default 5); each document's fastest counts")
    parser.add_argument("--pdf-only", action="store_true", help="the rendered PDFs alone")
    args = parser.parse_args()

    sources = read_all(inputs(args.pdf_only))
    infos = extractors.load()
    stages = stages_for(infos)
    rounds = [[time_document(source, infos, stages) for source, _ in sources] for _ in range(args.rounds)]
    names = list(rounds[0][0])
    best = [{name: min(r[i][name] for r in rounds) for name in names} for i in range(len(sources))]
    first_doc = {name: rounds[0][0][name] - best[0][name] for name in names}
    pdf = [i for i, (_, pages) in enumerate(sources) if pages]
    n_pages = sum(sources[i][1] for i in pdf)
    n_chars = sum(len(source.text) for source, _ in sources)
    print(f"{len(sources)} documents ({len(pdf)} PDFs, {n_pages} pages), {n_chars / 1000:.0f}k characters; "
          f"{args.rounds} rounds, fastest per document; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'stage':<12}{'ms':>9}{'ms/page':>10}{'ms/1k ch':>10}{'first doc':>11}")
    total_all = total_pdf = 0.0
    for name in names:
        ms_all = 1000 * sum(b[name] for b in best)
        ms_pdf = 1000 * sum(best[i][name] for i in pdf)
        total_all, total_pdf = total_all + ms_all, total_pdf + ms_pdf
        per_page = f"{ms_pdf / n_pages:.3f}" if n_pages else "-"
        print(f"{name:<12}{ms_all:9.1f}{per_page:>10}{ms_all / n_chars * 1000:10.3f}{1000 * first_doc[name]:11.1f}")
    per_page = f"{total_pdf / n_pages:.3f}" if n_pages else "-"
    print(f"{'total':<12}{total_all:9.1f}{per_page:>10}{total_all / n_chars * 1000:10.3f}"
          f"{1000 * sum(first_doc.values()):11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
