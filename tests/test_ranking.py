"""Ranking from score bounds gives the page a full exact ranking would."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from searchbrief.ranking import TURN_WEIGHTS, Group, Matched, rank_groups, rank_turns

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
