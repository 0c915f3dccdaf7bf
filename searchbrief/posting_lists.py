"""A term's postings in one segment, read a block at a time into plain lists.

Whoosh's matchers move one posting at a time: a Python call per ``id()``,
``next()`` and ``skip_to()``, which is most of the cost of intersecting
common words.  This reads a whole block at once (its ids, weights and values
come from one decompressed pickle), and skips the blocks that cannot hold a
wanted document without decompressing them.
"""

from __future__ import annotations

import pickle
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

#: Called once per block read, so that a deadline can stop a long read.
Tick = Callable[[], None]


@dataclass
class PostingList:
    """Postings as parallel lists: ascending document numbers, weights, encoded values."""

    ids: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)


def read_all(matcher: Any, tick: Tick | None = None) -> PostingList:
    """Every posting ``matcher`` has left."""
    return read_among(matcher, None, tick)


def read_among(matcher: Any, wanted: Sequence[int] | None, tick: Tick | None = None) -> PostingList:
    """The postings of the (ascending) ``wanted`` documents; all of them when None.

    Blocks holding none of ``wanted`` are passed over on their headers alone.
    """
    out = PostingList()
    deleted: frozenset[int] = frozenset()
    if type(matcher) is FilterMatcher and matcher._exclude:
        deleted, matcher = matcher._ids, matcher.child  # a segment's deleted documents
    if not isinstance(matcher, W3LeafMatcher):
        _read_slowly(matcher, wanted, out)
        return _without(out, deleted) if deleted else out
    low = -1  # every id of the current block is above this
    while matcher.is_active():
        if tick is not None:
            tick()
        high = matcher.block_max_id()
        if wanted is None:
            _take_block(matcher, out, None)
        elif bisect_right(wanted, high) > bisect_right(wanted, low):
            _take_block(matcher, out, wanted)
        elif bisect_right(wanted, low) == len(wanted):
            break  # nothing wanted is left
        low = high
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return _without(out, deleted) if deleted else out


def _take_block(matcher: Any, out: PostingList, wanted: Sequence[int] | None) -> None:
    matcher._read_ids()
    matcher._read_weights()
    matcher._read_values()
    ids, weights, values = matcher._ids, matcher._weights, matcher._values
    start = matcher._i  # a fresh matcher may stand inside its first block
    if wanted is None:
        out.ids.extend(ids[start:])
        out.weights.extend(weights[start:])
        out.values.extend(values[start:])
        return
    first = bisect_left(wanted, ids[start])
    last = bisect_right(wanted, ids[-1])
    for docnum in wanted[first:last]:
        i = bisect_left(ids, docnum, start)
        if i < len(ids) and ids[i] == docnum:
            out.ids.append(docnum)
            out.weights.append(weights[i])
            out.values.append(values[i])


def _read_slowly(matcher: Any, wanted: Sequence[int] | None, out: PostingList) -> None:
    """Any other matcher, a posting at a time."""
    if wanted is None:
        while matcher.is_active():
            _append(matcher, out)
            matcher.next()
        return
    for docnum in wanted:
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            _append(matcher, out)


def _append(matcher: Any, out: PostingList) -> None:
    out.ids.append(matcher.id())
    out.weights.append(matcher.weight())
    out.values.append(matcher.value())


def _without(postings: PostingList, deleted: frozenset[int]) -> PostingList:
    kept = [i for i, docnum in enumerate(postings.ids) if docnum not in deleted]
    return PostingList(
        [postings.ids[i] for i in kept],
        [postings.weights[i] for i in kept],
        [postings.values[i] for i in kept],
    )


def positions_decoder(fmt: Any) -> Callable[[Any], list[int]]:
    """A function from an encoded value of ``fmt`` to its word positions.

    For Whoosh's :class:`~whoosh.formats.Positions` (a count, then pickled
    gaps), the same result as its ``decode_positions`` without a Python loop.
    """
    if type(fmt) is Positions:
        return _positions
    decoder: Callable[[Any], list[int]] = fmt.decoder("positions")
    return decoder


def _positions(value: bytes) -> list[int]:
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[4:])))
