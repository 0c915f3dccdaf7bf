"""Reports: what the commands other than a search compute from matching turns.

Owns the timeline of a query, first and last uses, who says it most
(``analyses``), citations of a turn (``cite``), the index's statistics
(``stats``) and the result types they return (``model``).  It builds on
:mod:`searchbrief.search` and :mod:`searchbrief.query` and reads the index
through them and :mod:`searchbrief.engine`; it never imports Whoosh itself,
nor the facade or the command line.
"""
