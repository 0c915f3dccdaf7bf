"""The phrase matcher: whether, and where, a query's words stand as its phrase needs.

Whoosh matches a phrase (``SpanNear2``, ordered, at least one position on)
by building span objects; these check the same condition on lists of word
positions: in one document, yes or no (:func:`chained`) or where
(:func:`spans`), or in every row of a segment's columns of encoded positions
at once (:func:`chained_rows`).  The postings fast path
(:mod:`searchbrief.engine.plain_query`), highlighting
(:mod:`searchbrief.search.highlight`) and exact-word verification
(:mod:`searchbrief.query.exact`) all match phrases here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any


def chained(positions: list[list[int]], slop: int) -> bool:
    """Whether some position of each list follows one of the list before within ``slop``.

    Whoosh's ``SpanNear2`` with ``ordered=True`` and ``mindist=1``: each word
    stands 1 to ``slop`` positions after the one before it.  Each list is
    ascending, as positions are.
    """
    if slop < 1:
        return len(positions) < 2 and bool(positions and positions[0])
    if slop == 1:
        return bool(_starts_beside(positions))
    return bool(_going_on(positions, slop))


def spans(positions: list[list[int]], slop: int) -> list[tuple[int, int]]:
    """Where :func:`chained` holds: ``(first, last)`` positions, ascending.

    A span for each position of the first word that a chain starts from,
    ending where the chain that ends first ends.
    """
    if not positions or not all(positions):
        return []
    last = len(positions) - 1
    if slop == 1 or not last:
        return [(start, start + last) for start in sorted(_starts_beside(positions))]
    if slop < 1:
        return []  # Whoosh's slop 0 never chains
    going_on = _going_on(positions, slop)
    if not going_on:
        return []
    found = []
    for start in going_on[0]:
        pos = start
        for later in going_on[1:]:  # the next position a chain goes on from is within slop
            pos = later[bisect_right(later, pos)]
        found.append((start, pos))
    return found


def _starts_beside(positions: Iterable[list[int]]) -> set[int]:
    """The positions ``s`` of the first word where each word ``i`` stands at ``s + i``.

    Stops at the first word that leaves none (``positions`` may decode as it goes).
    """
    words = iter(positions)
    starts = set(next(words))
    for i, where in enumerate(words, 1):
        if not starts:
            break
        starts.intersection_update(map((-i).__add__, where))
    return starts


def _going_on(positions: list[list[int]], slop: int) -> list[list[int]]:
    """Each word's positions from which a chain goes on to the last word; [] where none does."""
    behind = positions[-1]
    found = []
    for preceding in positions[-2::-1]:
        if not behind:
            return []
        found.append(behind)
        # p goes on to the first position after it (behind[i]) if any does.
        behind = [
            p
            for p in preceding
            if (i := bisect_right(behind, p)) < len(behind) and behind[i] - p <= slop
        ]
    if not behind:
        return []
    found.append(behind)
    found.reverse()
    return found


def chained_rows(
    columns: list[list[Any]], slop: int, decode: Callable[[Any], list[int]]
) -> list[int]:
    """The rows where :func:`chained` holds for the words' positions.

    ``columns`` holds each word's encoded positions (row ``r`` of every column
    is one document), which ``decode`` turns into positions.
    """
    rows = enumerate(zip(*columns, strict=True))
    if slop != 1 or len(columns) < 2:
        return [row for row, values in rows if chained([decode(v) for v in values], slop)]
    back = (-1).__add__
    if len(columns) == 2:  # most phrases: no call per document but the decoding
        return [
            row
            for row, (first, second) in rows
            if not set(decode(first)).isdisjoint(map(back, decode(second)))
        ]
    if len(columns) == 3:
        back_2 = (-2).__add__
        return [
            row
            for row, (first, second, third) in rows
            if not set(decode(first))
            .intersection(map(back, decode(second)))
            .isdisjoint(map(back_2, decode(third)))
        ]
    # A word is decoded only while the words before it can still stand beside each other.
    return [row for row, values in rows if _starts_beside(map(decode, values))]
