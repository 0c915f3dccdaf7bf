"""Engine: searchbrief's extensions of Whoosh, and every use of Whoosh's internals.

Owns the on-disk format (``schema``, ``codec``, ``storage``, ``directory``),
analysis and stemming (``schema``, ``stemming``), writing segments
(``postings``, ``writer``), reading postings and per-document columns
(``posting_blocks``, ``columns``, ``doc_values``, ``lengths``, ``spoken``), and
the fast path that answers plain-word queries from the postings
(``plain_query``, ``phrases``, ``pairs``, ``column_scores``).  Each private Whoosh name
used is reached through ``whoosh_private``.  It may import Whoosh, NLTK,
:mod:`searchbrief.errors` and :mod:`searchbrief.config`; no other searchbrief
package.
"""

# First, before any other engine module imports Whoosh's internals: the
# installed Whoosh must be the release whose private names are used.
from searchbrief.engine import whoosh_private as _whoosh_checked  # noqa: E402, F401
