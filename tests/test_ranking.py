"""Ranking from score bounds gives the page a full exact ranking would."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from searchbrief.search.ranking import (
    TURN_WEIGHTS,
    Group,
    Matched,
    rank_briefings,
    rank_groups,
    rank_turns,
)

DAY = dt.datetime(2021, 7, 1)
COUNTED = len(TURN_WEIGHTS)  # a briefing's score counts its best turns only


def bounded(seed: int) -> tuple[Matched, dict[int, float]]:
    """Random exact scores, each with a bound up to 7 times itself (as ranking phrases add)."""
    rng = random.Random(seed)
    exact = {d: rng.choice([1.0, 2.0, 3.0]) * rng.random() for d in range(300)}
    bound = {d: s * rng.choice([1.0, 3.0, 7.0]) for d, s in exact.items()}
    hits = sorted(((b, d) for d, b in bound.items()), key=lambda h: (-h[0], h[1]))
    return Matched(hits, exact.__getitem__), exact


def groups_of(hits: list[tuple[float, int]]) -> list[Group]:
    groups: dict[int, Group] = {}
    for score, docnum in hits:
        key = docnum % 37
        group = groups.setdefault(key, Group(f"b{key:02d}", DAY + dt.timedelta(key % 5), []))
        group.turns.append((score, docnum))
    return list(groups.values())


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("wanted", [1, 10, 20])
def test_turns_from_bounds_equal_exact_ranking(seed: int, wanted: int) -> None:
    matched, exact = bounded(seed)
    full = sorted(((s, d) for d, s in exact.items()), key=lambda h: (-h[0], h[1]))
    assert rank_turns(matched, {}, "relevance", wanted)[:wanted] == full[:wanted]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("wanted", [1, 10, 20])
def test_briefings_from_bounds_equal_exact_ranking(seed: int, wanted: int) -> None:
    matched, exact = bounded(seed)
    exact_hits = sorted(((s, d) for d, s in exact.items()), key=lambda h: (-h[0], h[1]))
    expected = rank_groups(groups_of(exact_hits), Matched(exact_hits), "relevance", None)
    got = rank_groups(groups_of(matched.hits), matched, "relevance", wanted)
    assert [(g.briefing_id, g.score, g.turns[:COUNTED]) for g in got[:wanted]] == [
        (g.briefing_id, g.score, g.turns[:COUNTED]) for g in expected[:wanted]
    ]


def test_other_sorts_score_the_counted_turns_exactly() -> None:
    matched, exact = bounded(7)
    for sort in ("newest", "oldest"):
        for group in rank_groups(groups_of(matched.hits), matched, sort, 10):
            counted = group.turns[:COUNTED]
            assert all(score == exact[d] for score, d in counted)
            best = sorted((exact[d] for _, d in group.turns), reverse=True)[:COUNTED]
            assert [score for score, _ in counted] == best


def briefings_of(
    hits: list[tuple[float, int]], seed: int
) -> tuple[
    dict[str, list[tuple[float, int]]], dict[str, tuple[float, int]], dict[int, dt.datetime]
]:
    """Turns grouped as :func:`groups_of` does, some title hits (some without turns) and dates."""
    rng = random.Random(seed)
    turns_of: dict[str, list[tuple[float, int]]] = {}
    date_of: dict[int, dt.datetime] = {}
    for score, docnum in hits:
        key = docnum % 37 if docnum % 3 else 100 + docnum  # a third with one turn
        turns_of.setdefault(f"b{key:02d}", []).append((score, docnum))
        date_of[docnum] = DAY + dt.timedelta(key % 5)
    titles = {}
    for key in rng.sample(range(45), 8):
        docnum = 1000 + key
        date_of[docnum] = DAY + dt.timedelta(key % 5)
        titles[f"b{key:02d}"] = (rng.choice([0.5, 2.0, 9.0]) * rng.random(), docnum)
    return turns_of, titles, date_of


def every_group(
    turns_of: dict[str, list[tuple[float, int]]],
    titles: dict[str, tuple[float, int]],
    date_of: dict[int, dt.datetime],
) -> list[Group]:
    groups = {bid: Group(bid, date_of[turns[0][1]], list(turns)) for bid, turns in turns_of.items()}
    for bid, (score, docnum) in titles.items():
        group = groups.setdefault(bid, Group(bid, date_of[docnum], []))
        group.title_score, group.title_docnum = score, docnum
    return list(groups.values())


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("wanted", [1, 10, 40, None])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("bounds", [True, False])
def test_briefings_rank_as_every_group_would(
    seed: int, wanted: int | None, sort: str, bounds: bool
) -> None:
    matched, exact = bounded(seed)
    if not bounds:
        hits = sorted(((s, d) for d, s in exact.items()), key=lambda h: (-h[0], h[1]))
        matched = Matched(hits)
    if seed % 3:  # scores below zero too (a word in most documents has a negative idf)
        shift = 0.8 if seed % 3 == 1 else 25.0
        hits = [(s - shift, d) for s, d in matched.hits]
        below = {d: s - shift for d, s in exact.items()}
        matched = Matched(hits, below.__getitem__ if bounds else None)
    turns_of, titles, date_of = briefings_of(matched.hits, seed)
    expected = rank_groups(every_group(turns_of, titles, date_of), matched, sort, wanted)
    got = rank_briefings(turns_of, titles, date_of, matched, sort, wanted)
    count = len(expected) if wanted is None else wanted
    assert [(g.briefing_id, g.score, g.date, g.turns[:COUNTED]) for g in got[:count]] == [
        (g.briefing_id, g.score, g.date, g.turns[:COUNTED]) for g in expected[:count]
    ]
