"""Ordering matched turns and the briefings they group into, and cutting a page.

Turns are what the index scores.  Briefing results group a briefing's matching
turns (its best turn counts most, the next ones less), plus a bonus when its
title matches; a title match alone makes a briefing a hit, never its turns.

Scores may come as upper bounds with a way to get the exact one
(:class:`Matched`): only the turns and briefings that can still reach the page
are scored exactly, so ranking phrases are checked for a few documents, not all.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

SORTS = ("relevance", "newest", "oldest")
#: How much each of a briefing's best turns adds to its score, best first.
TURN_WEIGHTS = (1.0, 0.5, 0.25)
TITLE_WEIGHT = 1.0
#: Bounds are compared with this much room for float rounding.
_ROOM = 1e-9
_T = TypeVar("_T")

Hits = list[tuple[float, int]]


@dataclass
class Matched:
    """Every matching turn as ``(score, docnum)``, best first.

    When ``exact`` is given, the scores are upper bounds and ``exact(docnum)``
    is the true score; ``positions(docnum)`` then tells where the query's words
    stand, so that highlighting need not read them again.
    """

    hits: Hits
    exact: Callable[[int], float] | None = None
    positions: Callable[[int], dict[str, list[int]]] | None = None

    def exact_hits(self) -> Hits:
        """Every hit with its exact score, best first."""
        if self.exact is None:
            return self.hits
        exact = self.exact
        return sorted(((exact(d), d) for _, d in self.hits), key=_best_first)


@dataclass
class Group:
    """A briefing's matching turns and title."""  # (spares dataclass importing inspect)

    briefing_id: str
    date: dt.datetime
    turns: Hits
    title_score: float = 0.0
    title_docnum: int | None = None

    @property
    def score(self) -> float:
        best = 0.0
        for weight, turn in zip(TURN_WEIGHTS, self.turns, strict=False):
            best += weight * turn[0]
        return best + TITLE_WEIGHT * self.title_score


def _best_first(hit: tuple[float, int]) -> tuple[float, int]:
    return (-hit[0], hit[1])


def _group_key(group: Group) -> tuple[float, int, str]:
    return (-group.score, -group.date.toordinal(), group.briefing_id)


def rank_turns(matched: Matched, date_of: Any, sort: str, wanted: int | None) -> Hits:
    """The turns in ``sort`` order; with bounds, only the first ``wanted`` are sure."""
    if matched.exact is None or sort != "relevance" or wanted is None:
        return _sort_turns(matched.exact_hits(), date_of, sort)
    top: list[tuple[float, int]] = []  # (-exact score, docnum), best first
    for bound, docnum in matched.hits:
        if len(top) >= wanted and bound * (1 + _ROOM) < -top[wanted - 1][0]:
            break  # this bound, and every one after it, is below the page
        insort(top, (-matched.exact(docnum), docnum))
        del top[wanted:]
    return [(-score, docnum) for score, docnum in top]


def rank_groups(
    groups: list[Group], matched: Matched, sort: str, wanted: int | None
) -> list[Group]:
    """The briefings in ``sort`` order; with bounds, only the first ``wanted`` are sure."""
    if matched.exact is None:
        return _sort_groups(groups, sort)
    if sort != "relevance" or wanted is None:
        for group in groups:
            _rescore(group, matched.exact)
        return _sort_groups(groups, sort)
    top: list[Group] = []
    for group in _sort_groups(groups, sort):
        if len(top) >= wanted and group.score * (1 + _ROOM) < top[wanted - 1].score:
            break
        _rescore(group, matched.exact)
        insort(top, group, key=_group_key)
        del top[wanted:]
    return top


def _rescore(group: Group, exact: Callable[[int], float]) -> None:
    """Exact scores for the turns that can be among the group's counted best.

    Turns come best bound first; once a bound is below the last counted exact
    score, that turn and all after it keep their bounds: they count for nothing.
    """
    counted = len(TURN_WEIGHTS)
    scored: Hits = []
    turns = group.turns
    for i, (bound, docnum) in enumerate(turns):
        if len(scored) >= counted and bound * (1 + _ROOM) < scored[counted - 1][0]:
            group.turns = scored + turns[i:]
            return
        insort(scored, (exact(docnum), docnum), key=_best_first)
    group.turns = scored


def _sort_turns(hits: Hits, date_of: Any, sort: str) -> Hits:
    if sort == "relevance":
        return sorted(hits, key=_best_first)
    newest = sort == "newest"
    return sorted(hits, key=lambda h: (date_of[h[1]], h[0]), reverse=newest)


def _sort_groups(groups: list[Group], sort: str) -> list[Group]:
    if sort == "relevance":
        return sorted(groups, key=_group_key)
    newest = sort == "newest"
    return sorted(groups, key=lambda g: (g.date, g.score, g.briefing_id), reverse=newest)


def page(items: Sequence[_T], offset: int, limit: int | None) -> Sequence[_T]:
    """``limit`` items from ``offset`` (all of them when ``limit`` is None or not positive)."""
    start = max(0, offset)
    if limit is None or limit <= 0:
        return items[start:]
    return items[start : start + limit]


def wanted(offset: int, limit: int | None) -> int | None:
    """How many ranked items a page from ``offset`` needs (None: all)."""
    if limit is None or limit <= 0:
        return None
    return max(0, offset) + limit
