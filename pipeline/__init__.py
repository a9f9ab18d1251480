""":mod:`pipeline`: gongwen — Chinese government work-plan circulars into clean, queryable tables."""

#: gongwen's version: the package metadata takes it from here (pyproject.toml), and a run records it.
__version__ = "0.4.0"
