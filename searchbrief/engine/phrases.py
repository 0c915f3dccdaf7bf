"""Whether a query's words stand in a document as its phrase needs: the positions checked.

Whoosh matches a phrase (``SpanNear2``, ordered, at least one position on)
by building span objects; these check the same condition on lists of word
positions: one document (:func:`chained`), or every row of a segment's
columns of encoded positions at once (:func:`chained_rows`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any


def chained(positions: list[list[int]], slop: int) -> bool:
    """Whether some position of each list follows one of the list before within ``slop``.

    Whoosh's ``SpanNear2`` with ``ordered=True`` and ``mindist=1``: each word
    stands 1 to ``slop`` positions after the one before it.  Each list is
    ascending, as positions are.
    """
    if slop < 1:
        return len(positions) < 2 and bool(positions and positions[0])
    if slop == 1:  # a phrase: some start s has word i at s + i, for every i
        starts = set(positions[0])
        for i in range(1, len(positions)):
            if not starts:
                return False
            starts = starts.intersection(map((-i).__add__, positions[i]))
        return bool(starts)
    ahead = positions[0]  # positions a chain can go on from
    for following in positions[1:]:
        if not ahead:
            return False
        # q goes on from the last position before it (ahead[i - 1]) if any does.
        ahead = [q for q in following if (i := bisect_left(ahead, q)) and q - ahead[i - 1] <= slop]
    return bool(ahead)


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
    backs = [(-i).__add__ for i in range(1, len(columns))]
    return [row for row, values in rows if _beside(values, backs, decode)]


def _beside(
    values: tuple[Any, ...], backs: list[Callable[[int], int]], decode: Callable[[Any], list[int]]
) -> bool:
    """Whether the words stand side by side; a word is decoded only while that can hold."""
    starts = set(decode(values[0]))
    for back, value in zip(backs, values[1:], strict=True):
        starts = starts.intersection(map(back, decode(value)))
        if not starts:
            return False
    return True
