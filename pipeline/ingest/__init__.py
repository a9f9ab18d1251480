""":mod:`pipeline.ingest`: From a file to the circular's clean text and its numbered structure.

``readers`` turn a file into a :class:`~pipeline.document.Source` (text plus the
page, box or paragraph of every piece), ``normalise`` makes the clean text and
keeps an offset back to the source for every character, ``segment`` (with
``labels`` and ``tables``) finds the sections, tasks and task-table rows.
"""

#: OpenCC conversion applied to the text (``t2s``: traditional → simplified; ``tw2s``/``hk2s`` for Taiwan
#: and Hong Kong texts). Here, not in ``normalise``, so that the settings can name it without compiling
#: the normalisation's patterns.
DEFAULT_OPENCC_CONFIG = "t2s"
