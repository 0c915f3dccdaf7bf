"""Every document's briefing id, looked up by document number without a file read each.

Search groups the turns it matches by briefing, so it asks for the briefing id
of every matching turn.  Whoosh's column reader seeks and unpacks one value per
call and decodes it again each time.  The ``briefing_id`` column is a
reference column (a short number per document into the segment's distinct
ids), so this reads a segment's references in one piece, as an array, and
decodes its distinct ids once, the first time the segment is asked about.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from typing import Any

from whoosh.columns import RefBytesColumn

FIELD = "briefing_id"


class BriefingIds:
    """``ids[docnum]``: the briefing id of a document of ``reader`` (all its segments)."""

    def __init__(self, reader: Any) -> None:
        leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
        self._readers = [leaf for leaf, _ in leaves]
        self._offsets = [offset for _, offset in leaves]
        self._parts: list[Any] = [None] * len(leaves)

    def _part(self, number: int) -> Any:
        part = self._parts[number]
        if part is None:
            part = self._parts[number] = _read(self._readers[number])
        return part

    def __getitem__(self, docnum: int) -> str:
        number = bisect_right(self._offsets, docnum) - 1
        part = self._part(number)
        local = docnum - self._offsets[number]
        if isinstance(part, tuple):
            refs, uniques = part
            return str(uniques[refs[local]])
        return str(part[local])


def _read(segment_reader: Any) -> Any:
    """A segment's ``(references, ids)``, or its plain column reader for other column types."""
    inner = segment_reader.column_reader(FIELD, translate=False)
    if not isinstance(inner, RefBytesColumn.Reader):
        return segment_reader.column_reader(FIELD)
    count = inner._doccount
    refs = array(inner._typecode)
    refs.frombytes(inner._dbfile.get(inner._basepos, count * inner._itemsize))
    if sys.byteorder == "little":
        refs.byteswap()  # stored in network order
    return refs, [value.decode("utf-8") for value in inner._uniques]
