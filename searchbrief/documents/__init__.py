"""Documents: one briefing file in, one :class:`~searchbrief.documents.briefing.Briefing` out.

Owns the data model of a briefing and its speaker turns (``briefing``), the
cleanup of scraped Markdown (``markdown``), speaker labels (``labels``) and
the people behind them (``people``, with its registry ``people.json``), the
rules that need a whole document (``roles``: headings, hosts, one key per
person), cutting turns and exchanges (``turns``), what a title says
(``statements``: a written statement's author, the time of day) and reading a
file (``reader``).  The bottom of the pipeline: it may import
only :mod:`searchbrief.errors`, the standard library, python-frontmatter,
PyYAML and dateutil; never Whoosh, click or any other searchbrief package.
"""
