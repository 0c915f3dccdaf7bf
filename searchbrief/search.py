"""Running a query on a searcher and turning Whoosh hits into :class:`Hit` objects.

Turns are what the index scores.  Briefing results group a briefing's matching
turns (its best turn counts most, the next ones less), plus a bonus when its
title matches; a title match alone makes a briefing a hit, never its turns.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from whoosh.collectors import TimeLimit, UnlimitedCollector
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Require, Term

from searchbrief import conversation
from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from searchbrief.exactness import candidates, exact_leaves, exact_spans, has_exact, verify
from searchbrief.highlight import TEXT_FIELDS, matchable, word_spans
from searchbrief.model import Hit, SearchResult, TurnHit
from searchbrief.query import build_filter, check_cost, is_title_only, parse_query
from searchbrief.schema import unpack_text
from searchbrief.snippets import char_spans, make_snippet

SORTS = ("relevance", "newest", "oldest")
BY = ("briefing", "turn")
#: How much each of a briefing's best turns adds to its score, best first.
TURN_WEIGHTS = (1.0, 0.5, 0.25)
TITLE_WEIGHT = 1.0
#: A briefing shows up to this many turns, each scoring at least this share of its best.
SHOWN_TURNS = 3
SHOWN_SHARE = 0.4
TIME_LIMIT = 20.0  # seconds; no query runs longer
_T = TypeVar("_T")


@dataclass(frozen=True)
class Request:
    """Everything a search asks for; see :meth:`BriefingIndex.search`."""

    text: str
    speakers: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    categories: tuple[str, ...] = ()
    exact: bool = False
    sort: str = "relevance"
    limit: int | None = 10
    offset: int = 0
    by: str = "briefing"
    now: dt.datetime | None = None
    context: int = 0
    exchange: bool = False
    reply_to: str | None = None


@dataclass
class _Group:
    briefing_id: str
    date: dt.datetime
    turns: list[tuple[float, int]]
    title_score: float = 0.0
    title_docnum: int | None = None

    @property
    def score(self) -> float:
        best = sum(w * s for w, (s, _) in zip(TURN_WEIGHTS, self.turns, strict=False))
        return best + TITLE_WEIGHT * self.title_score


class Session:
    """A searcher with what its queries reuse: its reader and columns.

    Valid as long as the searcher: make a new one when the index changes.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.briefing_of = self.reader.column_reader("briefing_id")
        self.date_of = self.reader.column_reader("date")


def match_turns(session: Session, request: Request) -> tuple[Any, list[tuple[float, int]]]:
    """The parsed query and every turn it matches, as ``(score, docnum)``, best first.

    What :func:`run` counts in ``total_turns``; the analyses (timeline, first,
    speakers) start from it too.
    """
    searcher, reader = session.searcher, session.reader
    request = _reply_syntax(request)
    default = "exact" if request.exact else "text"
    query = parse_query(request.text, searcher.schema, default_field=default, now=request.now)
    check_cost(query, reader)
    if is_title_only(query):
        return query, []  # a title match makes briefings hits, never turns
    # Dates are checked on the date column: Whoosh's range queries would add to scores.
    flt = build_filter(
        searcher.schema,
        speakers=request.speakers,
        roles=request.roles,
        categories=request.categories,
    )
    in_range = _date_test(request.since, request.until)
    exact = has_exact(query)
    turn_query = _titles_to_briefings(searcher, candidates(query) if exact else query)
    turn_filter = flt if _turns_only(turn_query) else _kind("turn", flt)
    hits = _collect(searcher, _filtered(turn_query, turn_filter))
    hits = [h for h in hits if in_range(session.date_of[h[1]])]
    if exact:
        hits = verify(searcher, _titles_to_briefings(searcher, query), hits)
    if request.reply_to:
        hits = _replies(searcher, request, hits)
    return query, hits


def run(session: Session, request: Request) -> SearchResult:
    """Run ``request``; one page of hits and the totals."""
    if request.sort not in SORTS:
        raise QuerySyntaxError(f"unknown sort {request.sort!r}; use one of {', '.join(SORTS)}")
    if request.by not in BY:
        raise QuerySyntaxError(f"unknown grouping {request.by!r}; use briefing or turn")
    request = _reply_syntax(request)
    searcher, schema = session.searcher, session.searcher.schema
    query, turn_hits = match_turns(session, request)
    in_range = _date_test(request.since, request.until)
    briefing_of, date_of = session.briefing_of, session.date_of
    groups: dict[str, _Group] = {}
    for score, docnum in turn_hits:
        bid = briefing_of[docnum]
        group = groups.get(bid)
        if group is None:
            group = groups[bid] = _Group(bid, date_of[docnum], [])
        group.turns.append((score, docnum))

    title_query = None
    if request.by == "briefing" and not (request.speakers or request.roles):
        title_query = parse_query(request.text, schema, default_field="title", now=request.now)
        title_filter = build_filter(schema, categories=request.categories)
        briefing_query = _filtered(title_query, _kind("briefing", title_filter))
        for score, docnum in _collect(searcher, briefing_query):
            if not in_range(date_of[docnum]):
                continue
            bid = briefing_of[docnum]
            group = groups.get(bid)
            if group is None:
                group = groups[bid] = _Group(bid, date_of[docnum], [])
            group.title_score, group.title_docnum = score, docnum

    if request.by == "turn":
        ranked_turns = _sort_turns(turn_hits, date_of, request.sort)
        page = _page(ranked_turns, request)
        hits = _turn_page(searcher, query, page, briefing_of, _decorator(searcher, request))
    else:
        ranked = _sort_groups(list(groups.values()), request.sort)
        hits = _briefing_page(
            searcher, query, title_query, _page(ranked, request), _decorator(searcher, request)
        )
    return SearchResult(request.text, len(groups), len(turn_hits), tuple(hits))


_REPLY_TO = re.compile(r'(?<!\S)replyto:(\([^()]*\)|"[^"]*"|\S+)')


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
    return replace(request, text=rest or "*", reply_to=asked)


def _replies(
    searcher: Any, request: Request, hits: list[tuple[float, int]]
) -> list[tuple[float, int]]:
    """The hits that answer a reporter's question matching ``request.reply_to``."""
    assert request.reply_to is not None
    asked_query = parse_query(request.reply_to, searcher.schema, now=request.now)
    check_cost(asked_query, searcher.reader())
    asked: dict[tuple[str, int], float] = {}  # exchange -> its best question's score
    for score, docnum in _collect(searcher, _filtered(asked_query, Term("role", "reporter"))):
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
    if isinstance(q, And | AndMaybe | AndNot | Require):
        children = list(q.children())
        first = children[:1] if not isinstance(q, And) else children
        return any(_turns_only(c) for c in first)
    if isinstance(q, Or):
        return all(_turns_only(c) for c in q.children())
    return False


def _filtered(query: Any, flt: Any) -> Any:
    """``query`` restricted to ``flt``, which adds nothing to the scores.

    (Whoosh 2.7.4's ``Require`` skips matches after a phrase, and its
    ``ConstantScoreQuery`` reads every matching document up front.)
    """

    def silence(q: Any) -> Any:
        if not q.is_leaf():
            return q
        q = q.with_boost(0.0)
        if getattr(q, "constantscore", False):
            q.constantscore = False  # Whoosh scores a constant 0.0 as 1.0
        return q

    return query if flt is None else And([query, flt.accept(silence)])


def _kind(kind: str, flt: Any) -> Any:
    term = Term("kind", kind)
    return term if flt is None else And([term, flt])


class _Collector(UnlimitedCollector):  # type: ignore[misc]
    """Every match, best first, with a deadline so that no query runs away."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def collect_matches(self) -> None:
        offset, matcher, items, deadline = self.offset, self.matcher, self.items, self.deadline
        for count, sub in enumerate(self.matches()):
            items.append((matcher.score(), offset + sub))
            if count & 1023 == 1023 and time.monotonic() > deadline:
                raise TimeLimit


def _collect(searcher: Any, query: Any) -> list[tuple[float, int]]:
    """Every document matching ``query``, best first (filters go in as ``Require``)."""
    collector = _Collector(time.monotonic() + TIME_LIMIT)
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit as exc:
        raise QueryTooBroadError(
            f"the query ran for over {TIME_LIMIT:.0f} s; narrow it with more words or filters"
        ) from exc
    return sorted(collector.items, key=lambda item: (-item[0], item[1]))


def _sort_turns(hits: list[tuple[float, int]], date_of: Any, sort: str) -> list[tuple[float, int]]:
    if sort == "relevance":
        return sorted(hits, key=lambda h: (-h[0], h[1]))
    newest = sort == "newest"
    return sorted(hits, key=lambda h: (date_of[h[1]], h[0]), reverse=newest)


def _sort_groups(groups: list[_Group], sort: str) -> list[_Group]:
    if sort == "relevance":
        return sorted(groups, key=lambda g: (-g.score, -g.date.toordinal(), g.briefing_id))
    newest = sort == "newest"
    return sorted(groups, key=lambda g: (g.date, g.score, g.briefing_id), reverse=newest)


def _page(items: Sequence[_T], request: Request) -> Sequence[_T]:
    start = max(0, request.offset)
    if request.limit is None or request.limit <= 0:
        return items[start:]
    return items[start : start + request.limit]


def _briefing_fields(searcher: Any, briefing_id: str) -> tuple[int | None, dict[str, Any]]:
    docnum = searcher.document_number(doc_id=f"b:{briefing_id}")
    return docnum, (searcher.stored_fields(docnum) if docnum is not None else {})


Decorate = Callable[[dict[str, Any]], dict[str, Any]]


def _decorator(searcher: Any, request: Request) -> Decorate:
    """What a shown turn carries besides its snippet: context, exchange, question."""

    def decorate(fields: dict[str, Any]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if request.exchange:
            extra["context"] = conversation.exchange(searcher, fields)
        elif request.context:
            extra["context"] = conversation.around(
                searcher, fields, request.context, request.context
            )
        if request.reply_to:
            extra["question"] = conversation.question_of(searcher, fields)
        return extra

    return decorate


def _turn_hit(
    fields: dict[str, Any],
    score: float,
    spans: list[tuple[int, int]],
    exact: list[Any],
    decorate: Decorate,
) -> TurnHit:
    text = unpack_text(fields.get("body"))
    if exact:
        spans = sorted(set(spans) | set(exact_spans(exact, text)))
    snippet = make_snippet(text, spans)
    return TurnHit(
        **conversation.identity(fields),
        score=score,
        snippet=snippet.text,
        highlights=snippet.spans,
        **decorate(fields),
    )


def _hit(fields: dict[str, Any], score: float, turns: list[TurnHit], title_spans: Any) -> Hit:
    date = fields.get("date")
    return Hit(
        briefing_id=fields.get("briefing_id", ""),
        path=fields.get("path", ""),
        title=fields.get("title", ""),
        title_highlights=tuple(title_spans),
        date=date.date() if isinstance(date, dt.datetime) else dt.date.min,
        category=fields.get("category", ""),
        permalink=fields.get("permalink", ""),
        score=score,
        turns=tuple(turns),
    )


def _briefing_page(
    searcher: Any, query: Any, title_query: Any, groups: Sequence[_Group], decorate: Decorate
) -> list[Hit]:
    reader = searcher.reader()
    shown: dict[str, list[tuple[float, int]]] = {}
    for group in groups:
        best = group.turns[0][0] if group.turns else 0.0
        shown[group.briefing_id] = [
            t for t in group.turns[:SHOWN_TURNS] if t[0] >= SHOWN_SHARE * best
        ]
    docnums = [d for turns in shown.values() for _, d in turns]
    exact = exact_leaves(query)
    spans = word_spans(reader, matchable(query, reader, TEXT_FIELDS), docnums)
    title_docs = [g.title_docnum for g in groups if g.title_docnum is not None]
    title_spans: dict[int, list[tuple[int, int]]] = {}
    if title_query is not None and title_docs:
        title_spans = word_spans(reader, matchable(title_query, reader, ["title"]), title_docs)
    hits = []
    for group in groups:
        docnum, fields = _briefing_fields(searcher, group.briefing_id)
        turns = [
            _turn_hit(searcher.stored_fields(d), s, spans.get(d, []), exact, decorate)
            for s, d in shown[group.briefing_id]
        ]
        marks = char_spans(fields.get("title", ""), title_spans.get(docnum or -1, []))
        hits.append(_hit(fields, group.score, turns, marks))
    return hits


def _turn_page(
    searcher: Any,
    query: Any,
    page: Sequence[tuple[float, int]],
    briefing_of: Any,
    decorate: Decorate,
) -> list[Hit]:
    reader = searcher.reader()
    spans = word_spans(reader, matchable(query, reader, TEXT_FIELDS), [d for _, d in page])
    exact = exact_leaves(query)
    cache: dict[str, dict[str, Any]] = {}
    hits = []
    for score, docnum in page:
        bid = briefing_of[docnum]
        if bid not in cache:
            cache[bid] = _briefing_fields(searcher, bid)[1]
        fields = searcher.stored_fields(docnum)
        turn = _turn_hit(fields, score, spans.get(docnum, []), exact, decorate)
        hits.append(_hit(cache[bid], score, [turn], ()))
    return hits
