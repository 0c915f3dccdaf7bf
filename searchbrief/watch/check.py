"""``watch check``: per watch, the matches in briefings it has not reported yet."""

from __future__ import annotations

from dataclasses import dataclass

from searchbrief import BriefingIndex, Hit
from searchbrief.watch import store


@dataclass(frozen=True)
class News:
    """A watch and its new matching briefings, newest first."""

    watch: store.Watch
    hits: tuple[Hit, ...]


def check(index: BriefingIndex, *, remember: bool = True) -> list[News]:
    """Every watch with news (briefings that match and were not reported), then remember them."""
    watches = store.load(index.directory)
    news: list[News] = []
    for watch in watches.values():
        result = index.search(watch.query, limit=None, sort="newest", **watch.filters)
        seen = set(watch.seen)
        fresh = tuple(hit for hit in result.hits if hit.briefing_id not in seen)
        if fresh:
            news.append(News(watch, fresh))
            watch.seen = sorted(seen | {hit.briefing_id for hit in fresh})
    if news and remember:
        store.save(index.directory, watches)
    return news
