"""A term's postings in one segment, read a block at a time into plain lists.

Whoosh's matchers move one posting at a time: a Python call per ``id()``,
``next()`` and ``skip_to()``, which is most of the cost of intersecting
common words.  This reads a whole block at once (its ids, weights and values
come from one decompressed pickle), and skips the blocks that cannot hold a
wanted document without decompressing them.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

_BLOCK_SIZE = struct.Struct("!i")
#: Called once per block read, so that a deadline can stop a long read.
Tick = Callable[[], None]


@dataclass
class PostingList:
    """Postings as parallel lists: ascending document numbers, weights, encoded values."""

    ids: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)


def read_all(matcher: Any, tick: Tick | None = None) -> PostingList:
    """Every posting of a fresh ``matcher`` from ``SegmentReader.postings``."""
    return read_among(matcher, None, tick)


def read_among(matcher: Any, wanted: Sequence[int] | None, tick: Tick | None = None) -> PostingList:
    """The postings of the (ascending) ``wanted`` documents; all of them when None.

    ``matcher`` is fresh from ``SegmentReader.postings``: its term is read
    from the start, its segment's deleted documents left out.  Blocks holding
    none of ``wanted`` are passed over on their headers alone.
    """
    out = PostingList()
    deleted: frozenset[int] = frozenset()
    if type(matcher) is FilterMatcher and matcher._exclude:
        deleted, matcher = matcher._ids, matcher.child  # a segment's deleted documents
    if not isinstance(matcher, W3LeafMatcher):
        _read_slowly(matcher, wanted, out)
        return _without(out, deleted) if deleted else out
    low = -1  # every id of the current block is above this
    for high, count, read in _blocks(matcher):
        if tick is not None:
            tick()
        if wanted is None or bisect_right(wanted, high) > bisect_right(wanted, low):
            _take(read(count, matcher), out, wanted)
        elif bisect_right(wanted, low) == len(wanted):
            break  # nothing wanted is left
        low = high
    return _without(out, deleted) if deleted else out


Block = tuple[Sequence[int], Sequence[float], Sequence[Any]]


def _blocks(matcher: Any) -> Iterator[tuple[int, int, Callable[[int, Any], Block]]]:
    """Each block of the term: its last id, its size and how to read it.

    Whoosh's layout (see ``W3PostingsWriter._write_block``): after a 4-byte
    tag, each block is a signed length (negative for the last block), a
    pickled header and the pickled, maybe compressed, ``(ids, weights,
    values)``.
    """
    length = matcher._length
    if isinstance(length, tuple):
        (length,) = length  # W3TermInfo.from_bytes leaves it unpacked
    buffer = matcher._postfile.get(matcher._startoffset, length)
    stream = io.BytesIO(buffer)
    position = 4
    while position < len(buffer):
        stream.seek(position)
        (size,) = _BLOCK_SIZE.unpack(stream.read(4))
        count, high, _, compression, _, _ = pickle.load(stream)
        start, position = stream.tell(), position + 4 + abs(size)
        yield high, count, partial(_read_block, buffer[start:position], compression)
        if size < 0:
            break


def _read_block(data: bytes, compression: int, count: int, matcher: Any) -> Block:
    if compression:
        data = zlib.decompress(data)
    ids, weights, values = pickle.loads(data)
    ids = list(accumulate(ids))  # stored as gaps
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * count
    size = matcher._fixedsize
    if size == 0:
        values = [None] * count
    elif size is not None and size > 0:
        values = [values[i : i + size] for i in range(0, len(values), size)]
    return ids, weights, values


def _take(block: Block, out: PostingList, wanted: Sequence[int] | None) -> None:
    ids, weights, values = block
    if wanted is None:
        out.ids.extend(ids)
        out.weights.extend(weights)
        out.values.extend(values)
        return
    first = bisect_left(wanted, ids[0])
    last = bisect_right(wanted, ids[-1])
    row_of = dict(zip(ids, range(len(ids)), strict=True))
    rows = [row for row in map(row_of.get, wanted[first:last]) if row is not None]
    out.ids.extend(map(ids.__getitem__, rows))
    out.weights.extend(map(weights.__getitem__, rows))
    out.values.extend(map(values.__getitem__, rows))


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
