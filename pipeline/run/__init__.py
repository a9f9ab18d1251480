""":mod:`pipeline.run`: A batch of inputs to an output folder.

``inputs`` walks folders and names files, ``engines`` runs the per-document
chain (:mod:`pipeline.chain`) in this process, a pool or a Dask cluster,
``cache`` keeps finished documents, ``storage`` writes the tables, and
``batch`` puts them together (``gongwen run``).
"""
