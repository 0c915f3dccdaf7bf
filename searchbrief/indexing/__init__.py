"""Indexing: keeping an index current with its source folders.

Owns an update run (``update``: what is new, changed or gone, the write lock,
the switch-over of a rebuild), the worker processes that read briefings and
write segments (``workers``, ``processes``) and the run's report (``report``).
It may import :mod:`searchbrief.documents` and :mod:`searchbrief.engine`
(and Whoosh); not the query side (``query``, ``search``, ``reports``) or the
command line.
"""
