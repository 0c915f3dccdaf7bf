"""Query: a user's query string and filters, turned into a Whoosh query.

Owns the query language (``parse``, with Whoosh's parser set up in
``whoosh_parser``), dates in queries (``dates``), the values of the speaker,
role and category fields (``fields``), exact-word matching (``exact``),
explaining a query in words (``explain``) and did-you-mean (``suggest``).  It
may import :mod:`searchbrief.engine` (and Whoosh) and the data model of
:mod:`searchbrief.documents`; not ``indexing``, ``search``, ``reports`` or
the command line.
"""
