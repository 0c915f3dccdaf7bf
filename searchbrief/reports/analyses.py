"""Who says it, when, and how often: a query's timeline, first uses and speakers.

All three start from the turns a query matches, exactly as ``query --turns``
counts them (:func:`matches`), and read what else they need from the index's
columns and postings (:mod:`searchbrief.engine.spoken`), not from each match's stored
document.  Turns said on the same day are ordered by briefing id, then by
their number in the briefing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from searchbrief.engine import spoken
from searchbrief.errors import QuerySyntaxError
from searchbrief.query import explain
from searchbrief.query.parse import build_filter
from searchbrief.reports.model import Period, SpeakerRanking, SpeakerUse, Timeline
from searchbrief.search import pages
from searchbrief.search import run as search
from searchbrief.search.results import SearchResult

PERIODS = ("week", "month", "year")
#: Rates are given per this many words spoken.
RATE_WORDS = 10_000

Matches = list[tuple[float, int]]


def matches(session: search.Session, request: search.Request) -> tuple[Any, Matches]:
    """The parsed query and every turn it matches, as ``(score, docnum)``.

    The turns :func:`searchbrief.search.run.run` counts in ``total_turns``: it
    takes the same steps (the tests hold the two equal), but builds no hit.
    """
    return search.match_turns(session, request)


def explained(session: search.Session, request: search.Request) -> str:
    """How :func:`matches` (and a search) understands ``request``, in plain words."""
    request = search._reply_syntax(request)
    return explain.explain(
        request.text,
        session.searcher.schema,
        speakers=request.speakers,
        roles=request.roles,
        since=request.since,
        until=request.until,
        categories=request.categories,
        exact=request.exact,
        reply_to=request.reply_to,
        sort=request.sort,
        by=request.by,
        now=request.now,
        written=search.written_only(request),
        scope=request.scope,
    )


def _briefings_in_order(
    session: search.Session, docnums: list[int], newest: bool
) -> list[list[int]]:
    """The turns grouped by briefing, briefings in order of date, time of day, then id.

    A briefing whose time is unknown comes after the day's timed ones.
    """
    date_of, briefing_of = session.date_of, session.briefing_of
    time_of = spoken.values_of(session.reader, "time", docnums)
    groups: dict[tuple[Any, str, str], list[int]] = defaultdict(list)
    for docnum in docnums:
        groups[(date_of[docnum], time_of.get(docnum) or "~", briefing_of[docnum])].append(docnum)
    return [groups[key] for key in sorted(groups, reverse=newest)]


def in_turn_order(session: search.Session, docnums: list[int], newest: bool) -> list[int]:
    """Turns of one briefing by their number (documents of a briefing may span segments)."""
    if len(docnums) < 2:
        return docnums
    number = {d: session.searcher.stored_fields(d).get("number", 0) for d in docnums}
    return sorted(docnums, key=number.__getitem__, reverse=newest)


def first_uses(
    session: search.Session,
    request: search.Request,
    *,
    last: bool = False,
    by_speaker: bool = False,
    limit: int | None = 10,
) -> SearchResult:
    """The earliest matching turns (the latest, newest first, with ``last``).

    ``by_speaker`` keeps each speaker's first (or last) use, and ``limit``
    counts speakers; turns without a speaker (narration) are left out then.
    ``total`` and ``total_turns`` count every match, as in :func:`search.run`.
    Turn numbers are read only for the briefings the page reaches.
    """
    query, hits = matches(session, request)
    docnums = [d for _, d in hits]
    speaker_of = spoken.values_of(session.reader, "speaker_key", docnums) if by_speaker else {}
    seen: set[str] = set()
    order: list[int] = []
    for turns in _briefings_in_order(session, docnums, newest=last):
        if by_speaker:  # only the turns of speakers not met yet can be chosen
            skip = seen | {""}
            turns = [d for d in turns if speaker_of.get(d, "") not in skip]
        for docnum in in_turn_order(session, turns, newest=last):
            if by_speaker:
                if speaker_of[docnum] in seen:
                    continue
                seen.add(speaker_of[docnum])
            order.append(docnum)
        if limit and len(order) >= limit:
            break
    page = order[:limit] if limit else order
    score = {docnum: s for s, docnum in hits}
    searcher = session.searcher
    asked = search._reply_syntax(request)
    decorate = pages.decorator(
        searcher, exchange=asked.exchange, context=asked.context, reply_to=asked.reply_to
    )
    shown = pages.turn_page(
        searcher, query, [(score[d], d) for d in page], decorate, session.columns
    )
    briefings = len({session.briefing_of[d] for _, d in hits})
    return SearchResult(request.text, briefings, len(hits), tuple(shown))


def speakers(
    session: search.Session, request: search.Request, *, limit: int | None = 20
) -> SpeakerRanking:
    """Who says it most: matching turns and briefings per speaker, most turns first.

    A speaker's role is the one most of their matching turns have; turns
    without a speaker (narration) count in the totals only.
    """
    _, hits = matches(session, request)
    docnums = sorted(d for _, d in hits)
    reader, date_of, briefing_of = session.reader, session.date_of, session.briefing_of
    speaker_of = spoken.values_of(reader, "speaker_key", docnums)
    role_of = spoken.values_of(reader, "role", docnums)
    turns: dict[str, list[int]] = defaultdict(list)
    for docnum in docnums:
        if docnum in speaker_of:
            turns[speaker_of[docnum]].append(docnum)
    ranked = sorted(
        turns.items(),
        key=lambda item: (-len(item[1]), -len({briefing_of[d] for d in item[1]}), item[0]),
    )
    rows = []
    for key, mine in ranked[:limit] if limit else ranked:
        dates = sorted(date_of[d] for d in mine)
        role = Counter(role_of.get(d, "") for d in mine).most_common(1)[0][0]
        name = session.searcher.stored_fields(mine[0]).get("speaker_name") or key
        rows.append(
            SpeakerUse(
                speaker=key,
                name=name,
                role=role,
                turns=len(mine),
                briefings=len({briefing_of[d] for d in mine}),
                first=dates[0].date(),
                last=dates[-1].date(),
            )
        )
    briefings = len({briefing_of[d] for d in docnums})
    return SpeakerRanking(request.text, len(docnums), briefings, len(turns), tuple(rows))


def timeline(session: search.Session, request: search.Request, *, by: str = "month") -> Timeline:
    """Matching turns, their briefings and the rate per :data:`RATE_WORDS` words, per period.

    Periods run from ``request.since`` (else the index's first day) to
    ``request.until`` (else its last day), with no gaps; the first and last
    are cut at those days, and so are the words counted in them.  The words
    are those of the turns the filters (speaker, role, category, written or
    spoken) keep, the same turns whose matches are counted: narration
    included unless a role leaves it out.  A period with a match therefore
    always has a rate.
    """
    if by not in PERIODS:
        raise QuerySyntaxError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    _, hits = matches(session, request)
    kept = _kept_turns(session, request)
    words_of = "every turn" if kept is None else "the turns the filters keep"
    words_by_day = spoken.words_by_day(session.reader, kept)
    days = sorted(spoken.words_by_day(session.reader))  # the index's days, whatever the filters
    first = request.since or (days[0] if days else None)
    last = request.until or (days[-1] if days else None)
    if first is None or last is None:
        return Timeline(request.text, by, 0, 0, (), words_of)
    _check_span(first, last, by)
    turns: Counter[dt.date] = Counter()
    briefings: dict[dt.date, set[str]] = defaultdict(set)
    for _, docnum in hits:
        start = period_of(session.date_of[docnum].date(), by)[0]
        turns[start] += 1
        briefings[start].add(session.briefing_of[docnum])
    words: Counter[dt.date] = Counter()
    for day, count in words_by_day.items():
        if first <= day <= last:
            words[period_of(day, by)[0]] += count
    periods = []
    for start, end, label in periods_between(first, last, by):
        count = words[start]
        periods.append(
            Period(
                label=label,
                start=max(start, first),
                end=min(end, last),
                turns=turns[start],
                briefings=len(briefings[start]),
                words=count,
                rate=turns[start] * RATE_WORDS / count if count else None,
            )
        )
    total_briefings = len({session.briefing_of[d] for _, d in hits})
    return Timeline(request.text, by, len(hits), total_briefings, tuple(periods), words_of)


def _kept_turns(session: search.Session, request: search.Request) -> set[int] | None:
    """The turns the request's speaker, role, category and written or spoken filters keep;
    None without them."""
    flt = build_filter(
        session.searcher.schema,
        speakers=request.speakers,
        roles=request.roles,
        categories=request.categories,
        written=search.written_only(request),
    )
    return None if flt is None else set(session.searcher.docs_for_query(flt))


#: The most periods a timeline lists: a century of months, two of weeks.
MAX_PERIODS = 1200
_DAYS = {"week": 7, "month": 28, "year": 365}


def _check_span(first: dt.date, last: dt.date, by: str) -> None:
    """Refuse a timeline of more than :data:`MAX_PERIODS` periods, naming its span."""
    periods = (last - first).days // _DAYS[by] + 1
    if periods > MAX_PERIODS:
        raise QuerySyntaxError(
            f"a timeline by {by} from {first} to {last} would list about {periods:,} periods"
            f" (at most {MAX_PERIODS:,}); give --since and --until, or a longer --by"
        )


def period_of(day: dt.date, by: str) -> tuple[dt.date, dt.date, str]:
    """The first and last day of the period that holds ``day``, and its label."""
    if by == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), str(day.year)
    if by == "month":
        start = day.replace(day=1)
        if day.month == 12:
            return start, day.replace(day=31), f"{day.year}-12"
        following = day.replace(month=day.month + 1, day=1)
        return start, following - dt.timedelta(days=1), f"{day.year}-{day.month:02d}"
    monday = day - dt.timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    sunday = monday + min(dt.timedelta(days=6), dt.date.max - monday)
    return monday, sunday, f"{year}-W{week:02d}"


def periods_between(
    first: dt.date, last: dt.date, by: str
) -> Iterator[tuple[dt.date, dt.date, str]]:
    """Every period from the one holding ``first`` to the one holding ``last``."""
    day = first
    while day <= last:
        period = period_of(day, by)
        yield period
        if period[1] == dt.date.max:
            return
        day = period[1] + dt.timedelta(days=1)
