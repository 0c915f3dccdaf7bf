"""Command line: the ``searchbrief`` command, a thin click layer over the facade.

Owns the command group, its shared options and error handling (``options``),
the commands (``commands``: index, query, stats, inspect; ``analyses``:
timeline, first, speakers, cite) and rendering results as text, JSON, JSON
lines and CSV (``render``, ``serialize``).  The only package that imports
click; it reaches the library through :class:`searchbrief.api.BriefingIndex`
and the public result types, never Whoosh.
"""
