"""Search: a parsed query run on an open index, to a ranked page of results.

Owns running a search (``run``), ranking turns and briefings (``ranking``),
the page of hits (``pages``), highlighting matched words (``highlight``),
snippets (``snippets``), the turns around a hit (``context``) and the result
types the library returns (``results``).  It may import :mod:`searchbrief.query`
and :mod:`searchbrief.engine` (and Whoosh); not ``indexing``, ``reports``, the
facade or the command line.
"""
