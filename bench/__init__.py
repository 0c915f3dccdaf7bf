"""Benchmark tools: an SQLite FTS5 baseline, known-item queries and brute-force counts.

Nothing here is part of the library; ``make bench`` uses it. Scratch output goes
to ``bench/work/`` (git-ignored), because everything derived from the corpus is
regenerated at bench time and never committed.
"""
