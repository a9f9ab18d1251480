""":mod:`pipeline.ingest`: From a file to the circular's clean text and its numbered structure.

``readers`` turn a file into a :class:`~pipeline.document.Source` (text plus the
page, box or paragraph of every piece), ``normalise`` makes the clean text and
keeps an offset back to the source for every character, ``segment`` (with
``labels`` and ``tables``) finds the sections, tasks and task-table rows.
"""
