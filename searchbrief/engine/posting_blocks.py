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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import Any

from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

from searchbrief.engine import whoosh_private

_BLOCK_SIZE = struct.Struct("!i")
#: Called once per block read, so that a deadline can stop a long read.
Tick = Callable[[], None]


@dataclass(slots=True)
class PostingList:
    """Postings as parallel lists: ascending document numbers, weights, encoded values."""

    ids: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)

    def rows(self, rows: list[int]) -> PostingList:
        """The postings on ``rows`` (indexes into the lists), in that order."""
        return PostingList(
            list(map(self.ids.__getitem__, rows)),
            list(map(self.weights.__getitem__, rows)),
            list(map(self.values.__getitem__, rows)),
        )


def read_all(
    segment_reader: Any, fieldname: str, text: str | bytes, tick: Tick | None = None
) -> PostingList:
    """Every posting of a term in a segment, its deleted documents left out."""
    return read_among(segment_reader, fieldname, text, None, tick)


def term_info(segment_reader: Any, fieldname: str, text: str | bytes) -> Any | None:
    """The term's statistics in the segment (a Whoosh ``TermInfo``); None when it is absent.

    Given to :func:`read_among`, it saves looking the term up again.
    """
    terms = whoosh_private.terms_reader(segment_reader)
    if not isinstance(terms, W3TermsReader):
        if (fieldname, text) not in segment_reader:
            return None
        return segment_reader.term_info(fieldname, text)
    schema = segment_reader.schema
    if fieldname not in schema:
        return None
    try:
        return terms.term_info(fieldname, schema[fieldname].to_bytes(text))
    except TermNotFound:
        return None


def read_among(
    segment_reader: Any,
    fieldname: str,
    text: str | bytes,
    wanted: Sequence[int] | None,
    tick: Tick | None = None,
    info: Any | None = None,
) -> PostingList:
    """The term's postings in the (ascending) ``wanted`` documents; all of them when None.

    Deleted documents are left out.  Blocks holding none of ``wanted`` are
    passed over on their headers alone.  ``info`` is the term's
    :func:`term_info` when known.
    """
    terms = whoosh_private.terms_reader(segment_reader)
    if not isinstance(terms, W3TermsReader):
        if (fieldname, text) not in segment_reader:
            return PostingList()
        return _read_slowly(segment_reader.postings(fieldname, text), wanted)
    if info is None:
        info = term_info(segment_reader, fieldname, text)
        if info is None:
            return PostingList()  # the segment does not hold the term
    fixed = segment_reader.schema[fieldname].format.fixed_value_size()
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        out = PostingList()
        _take((ids, weights, values), out, wanted)
    else:
        offset, length = info.extent()
        postfile = whoosh_private.terms_postings_file(terms)
        out = _read_blocks(postfile, offset, length, fixed, wanted, tick)
    if segment_reader.has_deletions():
        return _without(out, frozenset(segment_reader.segment().deleted_docs()))
    return out


Block = tuple[Sequence[int], Sequence[float], Sequence[Any]]


def _read_blocks(
    postfile: Any,
    offset: int,
    length: int | tuple[int],
    fixed: int | None,
    wanted: Sequence[int] | None,
    tick: Tick | None,
) -> PostingList:
    """Whoosh's block layout, as ``W3PostingsWriter`` writes it.

    After a 4-byte tag, each block is a signed length (negative for the last
    block), a pickled header and the pickled, maybe compressed, ``(ids,
    weights, values)``.
    """
    if isinstance(length, tuple):
        (length,) = length  # W3TermInfo.from_bytes leaves it unpacked
    buffer = postfile.get(offset, length)
    stream = io.BytesIO(buffer)
    out = PostingList()
    position = 4
    low = -1  # every id of the current block is above this
    while position < len(buffer):
        if tick is not None:
            tick()
        stream.seek(position)
        (size,) = _BLOCK_SIZE.unpack(stream.read(4))
        count, high, _, compression, _, _ = pickle.load(stream)
        start, position = stream.tell(), position + 4 + abs(size)
        if wanted is None or bisect_right(wanted, high) > bisect_right(wanted, low):
            _take(_block(buffer[start:position], compression, count, fixed), out, wanted)
        elif bisect_right(wanted, low) == len(wanted):
            break  # nothing wanted is left
        low = high
        if size < 0:
            break
    return out


def _block(data: bytes, compression: int, count: int, fixed: int | None) -> Block:
    if compression:
        data = zlib.decompress(data)
    ids, weights, values = pickle.loads(data)
    ids = list(accumulate(ids))  # stored as gaps
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * count
    if fixed == 0:
        values = [None] * count
    elif fixed is not None and fixed > 0:
        values = [values[i : i + fixed] for i in range(0, len(values), fixed)]
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
    some = wanted[first:last]
    if len(some) * 4 <= len(ids):  # a few wanted documents: cheaper found by bisection
        found = map(bisect_left, repeat(ids, len(some)), some)
        rows = [row for row, docnum in zip(found, some, strict=True) if ids[row] == docnum]
    else:
        row_of = dict(zip(ids, range(len(ids)), strict=True))
        rows = [row for row in map(row_of.get, some) if row is not None]
    out.ids.extend(map(ids.__getitem__, rows))
    out.weights.extend(map(weights.__getitem__, rows))
    out.values.extend(map(values.__getitem__, rows))


def _read_slowly(matcher: Any, wanted: Sequence[int] | None) -> PostingList:
    """Any other codec's matcher, a posting at a time."""
    out = PostingList()
    if wanted is None:
        while matcher.is_active():
            _append(matcher, out)
            matcher.next()
        return out
    for docnum in wanted:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            _append(matcher, out)
    return out


def _append(matcher: Any, out: PostingList) -> None:
    out.ids.append(matcher.id())
    out.weights.append(matcher.weight())
    out.values.append(matcher.value())


def _without(postings: PostingList, deleted: frozenset[int]) -> PostingList:
    return postings.rows([i for i, docnum in enumerate(postings.ids) if docnum not in deleted])


def positions_decoder(fmt: Any) -> Callable[[Any], list[int]]:
    """A function from an encoded value of ``fmt`` to its word positions.

    For Whoosh's :class:`~whoosh.formats.Positions` (a count, then pickled
    gaps), the same result as its ``decode_positions`` without a Python loop;
    the lists it returns are shared, not to be changed.
    """
    if type(fmt) is Positions:
        return _DECODED.__getitem__  # a known value costs no Python call
    decoder: Callable[[Any], list[int]] = fmt.decoder("positions")
    return decoder


class _Decoded(dict[bytes, list[int]]):
    """Decoded values, shared by every caller (who must not change them).

    Most words stand once or twice in a turn, so the same few values come
    back often.  A value is decoded the first time it is asked for.
    """

    MOST = 200_000

    def __missing__(self, value: bytes) -> list[int]:
        if len(self) >= self.MOST:
            self.clear()
        whole = value if value.endswith(b".") else value + b"."
        found = self[value] = list(accumulate(pickle.loads(whole[4:])))
        return found


_DECODED = _Decoded()
