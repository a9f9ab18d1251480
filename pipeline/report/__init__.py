""":mod:`pipeline.report`: ``gongwen report``: a static, offline HTML site of an output folder.

Modules, each small: :mod:`~pipeline.report.data` (load OUT, count for charts),
:mod:`~pipeline.report.spans` (lay nested and overlapping highlights out),
:mod:`~pipeline.report.charts` (inline SVG), :mod:`~pipeline.report.values`
(hover texts, anchors), :mod:`~pipeline.report.pages` (HTML) and
:mod:`~pipeline.report.site` (write the folder). A library: it raises
(``FileNotFoundError``, :class:`~pipeline.errors.SiteRefused`, ``OSError``), and
``gongwen report`` in :mod:`pipeline.cli` turns that into a message.

Example::

    from pipeline.report.site import build_site

    build_site("outputs/")          # → outputs/report/index.html
"""
