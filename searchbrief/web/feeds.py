"""Each saved search as an Atom feed: one entry per matching briefing, newest first."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request, Response
from feedgen.feed import FeedGenerator

from searchbrief import BriefingIndex
from searchbrief.watch import store
from searchbrief.web.app import offloaded, site

router = APIRouter(tags=["feeds"])
#: Entries per feed.
FEED_SIZE = 50


@router.get("/feeds/{name}.atom", response_class=Response)
@offloaded
def feed(request: Request, name: str) -> Response:
    """The Atom feed of the watch ``name`` (404 if there is none)."""
    shared = site(request)
    watch = store.find(shared.index.directory, store.check_name(name))
    query, filters = watch.query, watch.filters
    result = shared.call(BriefingIndex.search, query, limit=FEED_SIZE, sort="newest", **filters)
    base = str(request.base_url).rstrip("/")
    fg = FeedGenerator()
    fg.id(f"{base}/feeds/{quote(name)}.atom")
    fg.title(f"searchbrief: {watch.name}")
    fg.subtitle(f"Briefings matching {watch.query}")
    fg.link(href=f"{base}/feeds/{quote(name)}.atom", rel="self")
    fg.link(href=f"{base}/search?{urlencode({'q': watch.query})}", rel="alternate")
    newest = max((hit.date for hit in result.hits), default=dt.date(1970, 1, 1))
    fg.updated(_moment(newest))
    for hit in reversed(result.hits):  # feedgen lists the entry added last first
        turn = hit.turns[0].number if hit.turns else 1
        url = (
            f"{base}/briefings/{quote(hit.briefing_id)}?{urlencode({'q': watch.query})}#turn-{turn}"
        )
        entry = fg.add_entry()
        entry.id(f"{base}/briefings/{quote(hit.briefing_id)}")
        entry.title(hit.title or hit.briefing_id)
        entry.link(href=url)
        entry.updated(_moment(hit.date))
        entry.published(_moment(hit.date))
        if hit.turns:
            first = hit.turns[0]
            entry.summary(f"{first.speaker_name or 'Narration'} ({first.role}): {first.snippet}")
    body: bytes = fg.atom_str(pretty=True)
    return Response(body, media_type="application/atom+xml")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
