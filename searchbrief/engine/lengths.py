"""Documents' field lengths for scoring, read a segment's whole column at a time.

BM25 needs the length of every document it scores.  Whoosh reads it from a
one-byte-per-document column with a seek and an unpack per call; this reads a
segment's column once, the first time a query scores in it, and keeps it as
long as the segment reader lives.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

from searchbrief.engine import whoosh_private
from searchbrief.engine.columns import read_numbers

#: A length's one-byte code → the length it stands for (0 for none).
DECODED = [byte_to_length(code) if code else 0 for code in range(256)]

#: Each code → one byte of its length (lowest first), for ``bytes.translate``:
#: the lengths are below 2**24, so three bytes of a 32-bit integer hold them.
_BYTES_OF = [bytes((length >> shift) & 0xFF for length in DECODED) for shift in (0, 8, 16)]

_read: WeakKeyDictionary[Any, dict[str, Sequence[int]]] = WeakKeyDictionary()


def field_lengths(segment_reader: Any, fieldname: str) -> Sequence[int] | None:
    """Every document's length in the field (``lengths[docnum]``), or None if unknown."""
    known = _read.setdefault(segment_reader, {})
    if fieldname not in known:
        found = _load(segment_reader, fieldname)
        if found is None:
            return None
        known[fieldname] = found
    return known[fieldname]


def _load(segment_reader: Any, fieldname: str) -> Sequence[int] | None:
    perdoc = whoosh_private.per_doc_reader(segment_reader)
    name = whoosh_private.length_column_name(fieldname)
    if perdoc is None or not perdoc.has_column(name):
        return None
    numbers = read_numbers(perdoc.column_reader(name, LENGTHS_COLUMN))
    if numbers is None or numbers[0].itemsize != 1:  # not a byte a length, as Whoosh writes
        return None
    codes, _ = numbers  # the default, 0, stands for no length: decode() gives it
    return decode(codes.tobytes(), segment_reader.doc_count_all())


def decode(codes: bytes, doccount: int) -> Sequence[int]:
    """The lengths that ``codes`` stand for, then 0 up to ``doccount`` documents.

    A fresh query decodes a whole column (a byte per document, hundreds of
    thousands): rather than a Python loop over them, this writes each byte of
    the lengths with one ``bytes.translate`` into an array of 32-bit integers.
    """
    if array("I").itemsize != 4:  # no platform we know of
        return [DECODED[code] for code in codes] + [0] * (doccount - len(codes))
    raw = bytearray(4 * doccount)
    end = 4 * len(codes)
    for i, table in enumerate(_BYTES_OF):
        first = i if sys.byteorder == "little" else 3 - i
        raw[first:end:4] = codes.translate(table)
    return array("I", raw)
