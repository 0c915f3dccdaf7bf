"""Documents' field lengths for scoring, read a segment's whole column at a time.

BM25 needs the length of every document it scores.  Whoosh reads it from a
one-byte-per-document column with a seek and an unpack per call; this reads a
segment's column once, the first time a query scores in it, and keeps it as
long as the segment reader lives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

#: A length's one-byte code → the length it stands for (0 for none).
DECODED = [byte_to_length(code) if code else 0 for code in range(256)]

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


def _load(segment_reader: Any, fieldname: str) -> list[int] | None:
    perdoc = getattr(segment_reader, "_perdoc", None)
    if perdoc is None or not perdoc.has_column(_lenfield(fieldname)):
        return None
    column = perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
        return None
    codes = column._dbfile.get(column._basepos, column._count)
    doccount = segment_reader.doc_count_all()
    return [DECODED[code] for code in codes] + [0] * (doccount - len(codes))
