"""Running a query on a searcher: the turns it matches, then a ranked page of hits.

Plain words and phrases go straight to the postings (:mod:`searchbrief.engine.plain_query`);
everything else runs through Whoosh.  Grouping and ranking is
:mod:`searchbrief.search.ranking`, building the hits :mod:`searchbrief.search.pages`.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any

from whoosh.collectors import TimeLimit
from whoosh.query import And, NullQuery, Or, Term

from searchbrief.engine import plain_query as matching
from searchbrief.engine.doc_values import DocumentColumns
from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from searchbrief.query import tree
from searchbrief.query.exact import Verifier, candidates, has_exact, verify
from searchbrief.query.fields import check_known
from searchbrief.query.parse import (
    build_filter,
    check_cost,
    for_titles,
    is_title_only,
    parse_query,
    titles_count,
)
from searchbrief.search import pages
from searchbrief.search.collect import (
    TIME_LIMIT,
    TOO_LONG,
    across_turns,
    collect,
    filtered,
    kind,
)
from searchbrief.search.highlight import TEXT_FIELDS
from searchbrief.search.ranking import SORTS, Matched, page, rank_briefings, rank_turns, wanted
from searchbrief.search.results import SearchResult

BY = ("briefing", "turn")
#: Where a query's words must all be: in one turn, or anywhere in a briefing's turns.
SCOPES = ("turn", "briefing")
#: The most hits shown with their context or exchange: each reads its
#: neighbours' stored fields, and every matching turn of a broad query with
#: ``--context 50`` took minutes and gigabytes.
MAX_DECORATED = 1000


@dataclass(frozen=True, slots=True)
class Request:
    """Everything a search asks for; see :meth:`BriefingIndex.search`, whose defaults these are."""

    text: str
    speakers: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    categories: tuple[str, ...] = ()
    exact: bool = False
    spoken: bool = False  # only spoken turns
    written: bool = False  # only written statements' turns
    sort: str = "relevance"
    limit: int | None = 10
    offset: int = 0
    by: str = "briefing"
    now: dt.datetime | None = None
    context: int = 0
    exchange: bool = False
    reply_to: str | None = None
    scope: str = "turn"
    full_text: bool = False

    def replying(self, text: str, reply_to: str) -> Request:
        """A copy asking for ``text`` in answers to questions that match ``reply_to``."""
        return replace(self, text=text, reply_to=reply_to)


class Session:
    """A searcher with what its queries reuse: its reader and columns.

    Valid as long as the searcher: make a new one when the index changes.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.columns = DocumentColumns(self.reader)
        self.briefing_of = self.columns.briefing_of
        self.date_of = self.columns.date_of


def match_turns(session: Session, request: Request) -> tuple[Any, list[tuple[float, int]]]:
    """The parsed query and every turn it matches, as ``(score, docnum)``, best first.

    What :func:`run` counts in ``total_turns``; the analyses (timeline, first,
    speakers) start from it too.
    """
    query, matched = matched_turns(session, request)
    return query, matched.exact_hits()


def written_only(request: Request) -> bool | None:
    """Whether to keep only written turns (True), only spoken ones (False), or both (None)."""
    return None if request.spoken == request.written else request.written


def matched_turns(session: Session, request: Request) -> tuple[Any, Matched]:
    """:func:`match_turns`, with scores left as bounds where exact ones cost more."""
    searcher, reader = session.searcher, session.reader
    request = _reply_syntax(request)
    default = "exact" if request.exact else "text"
    query = parse_query(request.text, searcher.schema, default_field=default, now=request.now)
    check_cost(query, reader)
    if is_title_only(query):
        return query, Matched([])  # a title match makes briefings hits, never turns
    # Dates are checked on the date column: Whoosh's range queries would add to scores.
    flt = build_filter(
        searcher.schema,
        speakers=request.speakers,
        roles=request.roles,
        categories=request.categories,
        written=written_only(request),
    )
    check_known(reader, speakers=request.speakers, categories=request.categories)
    in_range = _date_test(request.since, request.until)
    ranged = request.since is not None or request.until is not None
    exact = has_exact(query)
    turn_query = _titles_to_briefings(searcher, candidates(query) if exact else query)
    turn_filter = flt if _turns_only(turn_query) else kind("turn", flt)
    if request.scope == "briefing":
        if exact or request.reply_to:
            raise QuerySyntaxError(
                "--scope briefing does not combine with exact words or --reply-to"
            )
        needed, refused = tree.required_parts(turn_query)
        if len(needed) > 1:
            test = in_range if ranged else None
            return query, across_turns(session, needed, refused, turn_filter, test)
    plan = None if exact or request.reply_to else matching.plan(turn_query, TEXT_FIELDS)
    if plan is not None:
        return query, _from_postings(session, plan, turn_filter, in_range if ranged else None)
    hits = collect(searcher, filtered(turn_query, turn_filter))
    if ranged:
        hits = [h for h in hits if in_range(session.date_of[h[1]])]
    if exact:
        hits = verify(searcher, _titles_to_briefings(searcher, query), hits)
    if request.reply_to:
        hits = _replies(searcher, request, hits)
    return query, Matched(hits)


def _from_postings(
    session: Session, plan: matching.Plan, flt: Any, in_range: Callable[[Any], bool] | None
) -> Matched:
    """The turns ``plan`` matches that pass the filter and the date test."""
    allowed = None if flt is None else matching.Members(session.searcher, flt)
    date_of = session.date_of

    def keep(docnum: int) -> bool:  # asked in ascending order, as Members needs
        if allowed is not None and not allowed(docnum):
            return False
        return in_range is None or bool(in_range(date_of[docnum]))

    test = None if allowed is None and in_range is None else keep
    try:
        found = matching.run(session.searcher, plan, test, time.monotonic() + TIME_LIMIT)
    except TimeLimit as exc:
        raise QueryTooBroadError(TOO_LONG) from exc
    # Best first; equal scores stay in ascending document order (the sort is stable).
    hits = sorted(zip(found.high, found.docnums, strict=True), key=itemgetter(0), reverse=True)
    return Matched(hits, found.exact if plan.bonuses else None, found.positions)


def run(session: Session, request: Request) -> SearchResult:
    """Run ``request``; one page of hits and the totals."""
    if request.sort not in SORTS:
        raise QuerySyntaxError(f"unknown sort {request.sort!r}; use one of {', '.join(SORTS)}")
    if request.scope not in SCOPES:
        raise QuerySyntaxError(f"unknown scope {request.scope!r}; use turn or briefing")
    if request.by not in BY:
        raise QuerySyntaxError(f"unknown grouping {request.by!r}; use briefing or turn")
    request = _reply_syntax(request)
    searcher, schema = session.searcher, session.searcher.schema
    query, matched = matched_turns(session, request)
    in_range = _date_test(request.since, request.until)
    briefing_of, date_of = session.briefing_of, session.date_of
    decorate = pages.decorator(
        searcher,
        exchange=request.exchange,
        context=request.context,
        reply_to=request.reply_to,
        full_text=request.full_text,
    )
    count = wanted(request.offset, request.limit)
    if request.by == "turn":
        briefings = {briefing_of[d] for _, d in matched.hits}
        ranked = rank_turns(matched, date_of, request.sort, count)
        shown = page(ranked, request.offset, request.limit)
        _check_decorated(request, len(shown))
        hits = pages.turn_page(searcher, query, shown, decorate, session.columns, matched.positions)
        return SearchResult(request.text, len(briefings), len(matched.hits), tuple(hits))

    ids = briefing_of.every()
    turns_of: defaultdict[str, list[tuple[float, int]]] = defaultdict(list)
    for hit in matched.hits:  # best first: each briefing's turns, and the briefings
        turns_of[ids[hit[1]]].append(hit)
    titles: dict[str, tuple[float, int]] = {}
    title_query = None
    if titles_count(request.speakers, request.roles, request.reply_to, written_only(request)):
        title_query = None if request.exact else for_titles(query, request.text, schema)
        if title_query is None:
            title_query = parse_query(request.text, schema, default_field="title", now=request.now)
        title_filter = build_filter(schema, categories=request.categories)
        for score, docnum in _title_hits(searcher, title_query, title_filter):
            if in_range(date_of[docnum]):
                titles[briefing_of[docnum]] = (score, docnum)
    if request.exact and titles:  # titles too match word for word
        verifier = Verifier(searcher, query, stored="title")
        titles = {bid: hit for bid, hit in titles.items() if verifier.matches(hit[1])}
    title_only = sum(1 for bid in titles if bid not in turns_of)
    total = len(turns_of) + title_only
    ordered = rank_briefings(turns_of, titles, date_of, matched, request.sort, count)
    shown_groups = page(ordered, request.offset, request.limit)
    _check_decorated(request, len(shown_groups))
    hits = pages.briefing_page(
        searcher, query, title_query, shown_groups, decorate, session.columns, matched.positions
    )
    return SearchResult(request.text, total, len(matched.hits), tuple(hits), title_only)


def _check_decorated(request: Request, shown: int) -> None:
    """Refuse to show more than :data:`MAX_DECORATED` hits with the turns around them."""
    if (request.context or request.exchange) and shown > MAX_DECORATED:
        raise QueryTooBroadError(
            f"{shown:,} {request.by}s to show with the turns around them (at most"
            f" {MAX_DECORATED:,}); give --limit {MAX_DECORATED} or fewer, or leave out"
            " --context and --exchange"
        )


_REPLY_TO = re.compile(r'(?<!\S)replyto:(\([^()]*\)|"[^"]*"|\S+)')


def _title_hits(searcher: Any, title_query: Any, flt: Any) -> list[tuple[float, int]]:
    """The briefings ``flt`` keeps whose title ``title_query`` matches, exactly scored."""
    plan = matching.plan(title_query, ("title",))
    if plan is None:
        return collect(searcher, filtered(title_query, kind("briefing", flt)))
    # Only briefing documents have a title: a plan's matches need no kind test.
    keep = None if flt is None else matching.Members(searcher, flt)
    try:
        found = matching.run(searcher, plan, keep, time.monotonic() + TIME_LIMIT)
    except TimeLimit as exc:
        raise QueryTooBroadError(TOO_LONG) from exc
    return [(found.exact(d), d) for d in found.docnums]


def _reply_syntax(request: Request) -> Request:
    """``replyto:"putin sanctions" ...`` in the query text is the ``reply_to`` option."""
    found = _REPLY_TO.search(request.text)
    if found is None:
        return request
    if request.reply_to:
        raise QuerySyntaxError("give replyto: in the query or --reply-to, not both")
    rest = (request.text[: found.start()] + request.text[found.end() :]).strip()
    asked = found.group(1)
    if asked.startswith("(") and asked.endswith(")"):
        asked = asked[1:-1]
    return request.replying(rest or "*", asked)


def _replies(
    searcher: Any, request: Request, hits: list[tuple[float, int]]
) -> list[tuple[float, int]]:
    """The hits that answer a reporter's question matching ``request.reply_to``."""
    assert request.reply_to is not None
    asked_query = parse_query(request.reply_to, searcher.schema, now=request.now)
    check_cost(asked_query, searcher.reader())
    asked: dict[tuple[str, int], float] = {}  # exchange -> its best question's score
    for score, docnum in collect(searcher, filtered(asked_query, Term("role", "reporter"))):
        fields = searcher.stored_fields(docnum)
        key = (fields["briefing_id"], fields.get("exchange", 0))
        if key[1] and score > asked.get(key, -1.0):
            asked[key] = score
    kept = []
    for score, docnum in hits:
        fields = searcher.stored_fields(docnum)
        key = (fields["briefing_id"], fields.get("exchange", 0))
        if key in asked and fields.get("role") != "reporter":
            kept.append((score + asked[key], docnum))  # the question's match counts too
    return sorted(kept, key=lambda item: (-item[0], item[1]))


def _titles_to_briefings(searcher: Any, query: Any) -> Any:
    """Replace each part of ``query`` about titles by the briefings whose title matches.

    Turns do not carry their briefing's title, so ``title:vaccines vaccinated``
    becomes "turns saying vaccinated in briefings titled vaccines".
    """
    if is_title_only(query):
        docnums = searcher.docs_for_query(And([query, Term("kind", "briefing")]))
        ids = sorted({searcher.stored_fields(d)["briefing_id"] for d in docnums})
        return Or([Term("briefing_id", bid) for bid in ids]) if ids else NullQuery
    if query.is_leaf():
        return query
    return query.apply(lambda child: _titles_to_briefings(searcher, child))


def _date_test(since: dt.date | None, until: dt.date | None) -> Any:
    """A test of a date column value against inclusive ``since`` and ``until`` days."""
    low = dt.datetime.combine(since, dt.time.min) if since else dt.datetime.min
    high = dt.datetime.combine(until, dt.time.max) if until else dt.datetime.max
    if since and until and since > until:
        raise QuerySyntaxError(f"--since {since} is after --until {until}; swap them")
    return lambda value: value is not None and low <= value <= high


#: Fields only turn documents have: a query that needs one cannot match a briefing.
_TURN_FIELDS = frozenset({"text", "exact", "speaker", "speaker_key", "role"})


def _turns_only(q: Any) -> bool:
    """Whether every document ``q`` matches is a turn (so no ``kind`` test is needed)."""
    if q.is_leaf():
        return getattr(q, "fieldname", None) in _TURN_FIELDS
    alternatives = tree.children(q, tree.ALTERNATIVE)
    if alternatives:
        return all(_turns_only(c) for c in alternatives)
    # One required part is enough; what is negated or optional narrows nothing.
    return any(_turns_only(c) for c in tree.children(q, tree.REQUIRED))
