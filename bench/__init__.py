"""Benchmark tools: an SQLite FTS5 baseline, known-item queries and brute-force counts.

Nothing here is part of the library; ``make bench`` (``python -m bench.run``)
uses it. Scratch output goes to ``bench/scratch/`` (git-ignored), because
everything derived from the corpus is regenerated at bench time and never
committed. The parts: :mod:`bench.run` drives a run; :mod:`bench.build_one`,
:mod:`bench.warm` and :mod:`bench.fts5_query` are the processes it measures
(through :mod:`bench.proctree`, :mod:`bench.measure` and :mod:`bench.fresh`);
:mod:`bench.scale` writes the bigger corpora; :mod:`bench.report`,
:mod:`bench.readme_section` and :mod:`bench.capacity` turn figures into tables.
"""
