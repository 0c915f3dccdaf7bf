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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from heapq import heapify, heappop, heappush
from itertools import accumulate
from typing import Any, TypeVar

SORTS = ("relevance", "newest", "oldest")
#: How much each of a briefing's best turns adds to its score, best first.
TURN_WEIGHTS = (1.0, 0.5, 0.25)
TITLE_WEIGHT = 1.0
#: Bounds are compared with this much room for float rounding.
_ROOM = 1e-9
#: A group's counted turns add up to between these multiples of its best turn.
_MOST, _LEAST = max(accumulate(TURN_WEIGHTS)), min(accumulate(TURN_WEIGHTS))
_T = TypeVar("_T")

Hits = list[tuple[float, int]]


@dataclass(frozen=True, slots=True)
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


@dataclass(slots=True)
class Group:
    """A briefing's matching turns and title (its turns are re-ranked in place)."""

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
    return _best_groups(groups, iter(()), None, matched.exact, wanted)


def rank_briefings(
    turns_of: dict[str, Hits],
    titles: dict[str, tuple[float, int]],
    date_of: Any,
    matched: Matched,
    sort: str,
    wanted: int | None,
) -> list[Group]:
    """:func:`rank_groups` of every briefing's group: its turns and its title's hit.

    ``turns_of`` holds each briefing's turns best first, the briefings in the
    order of their best turns (as ``matched.hits`` come); ``titles`` each
    title hit as ``(score, docnum)``.  For a page by relevance, a briefing
    whose best turn is too low for the page is not made a group at all.
    """
    if sort != "relevance" or wanted is None:
        every = dict.fromkeys([*turns_of, *titles])
        groups = [_group(bid, turns_of.get(bid, []), titles.get(bid), date_of) for bid in every]
        return rank_groups(groups, matched, sort, wanted)
    made = [_group(bid, turns_of.get(bid, []), title, date_of) for bid, title in titles.items()]
    later = ((bid, turns) for bid, turns in turns_of.items() if bid not in titles)
    return _best_groups(made, later, date_of, matched.exact, wanted)


def _group(bid: str, turns: Hits, title: tuple[float, int] | None, date_of: Any) -> Group:
    """A briefing's group, dated by its best turn (or its title's document, without turns)."""
    if title is None:
        return Group(bid, date_of[turns[0][1]], turns)
    score, docnum = title
    return Group(bid, date_of[turns[0][1] if turns else docnum], turns, score, docnum)


def _best_groups(
    groups: list[Group],
    later: Iterator[tuple[str, Hits]],
    date_of: Any,
    exact: Callable[[int], float] | None,
    wanted: int,
) -> list[Group]:
    """The ``wanted`` best of ``groups`` and those ``later`` makes, exactly scored.

    ``later`` yields untitled briefings' turns, in the order of their best
    turns; each is made a group only once its best turn could make it the
    best group left.  Groups are taken best bound first until a bound is
    below the page's last exact score: no group after it can reach the page.
    """

    def key(i: int) -> tuple[float, int, str, int]:
        # Unique by the briefing id: the index, never compared, finds the group.
        group = groups[i]
        return (-group.score, -group.date.toordinal(), group.briefing_id, i)

    waiting = [key(i) for i in range(len(groups))]
    heapify(waiting)  # popped best bound first, without sorting every group
    pending = next(later, None)
    top: list[tuple[float, int, str, int]] = []  # the best exact keys so far
    while True:
        while pending is not None and (not waiting or _most(pending[1][0][0]) >= -waiting[0][0]):
            bid, turns = pending
            groups.append(Group(bid, date_of[turns[0][1]], turns))
            heappush(waiting, key(len(groups) - 1))
            pending = next(later, None)
        if not waiting:
            break
        bound, day, bid, i = heappop(waiting)
        if len(top) >= wanted and (exact is None or -bound * (1 + _ROOM) < -top[wanted - 1][0]):
            break  # exact scores are the bounds, or this bound is below the page
        if exact is not None:
            _rescore(groups[i], exact)
        insort(top, key(i))
        del top[wanted:]
    return [groups[k[3]] for k in top]


def _most(best: float) -> float:
    """The most an untitled group's score can be, given its best turn's (with room for rounding)."""
    most = best * (_MOST if best >= 0 else _LEAST)
    return most + abs(most) * _ROOM


def _rescore(group: Group, exact: Callable[[int], float]) -> None:
    """Exact scores for the turns that can be among the group's counted best.

    Turns come best bound first; once a bound is below the last counted exact
    score, that turn and all after it keep their bounds: they count for nothing.
    """
    counted = len(TURN_WEIGHTS)
    scored: Hits = []  # (-exact score, docnum): best first, as plain tuples sort
    turns = group.turns
    for i, (bound, docnum) in enumerate(turns):
        if len(scored) >= counted and bound * (1 + _ROOM) < -scored[counted - 1][0]:
            group.turns = [(-score, d) for score, d in scored] + turns[i:]
            return
        insort(scored, (-exact(docnum), docnum))
    group.turns = [(-score, d) for score, d in scored]


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
