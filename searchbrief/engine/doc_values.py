"""Per-document values a search asks for by the hundred, each column read in one piece.

Search groups the turns it matches by briefing and date, so it asks for the
briefing id and the date of every matching turn.  Whoosh's column readers seek
and unpack one value per call, and find the segment by bisection each time.
These read each segment's whole column at once
(:func:`searchbrief.engine.columns.read_column`), the first time a search needs
it, and keep it as long as the searcher lives.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import chain
from typing import Any

from searchbrief.engine import whoosh_private
from searchbrief.engine.codec import CompactPerDocReader
from searchbrief.engine.columns import segment_column
from searchbrief.engine.posting_blocks import read_all

BRIEFING_FIELD = "briefing_id"
DATE_FIELD = "date"


def _leaves(reader: Any) -> list[Any]:
    return [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]


def _whole_column(
    reader: Any, fieldname: str, convert: Callable[[Any], Any] | None = None
) -> list[Any]:
    """A field's column as stored, over all of ``reader``'s segments, by document number."""
    leaves = _leaves(reader)
    return list(chain.from_iterable(segment_column(leaf, fieldname, convert) for leaf in leaves))


class BriefingIds:
    """``ids[docnum]``: the briefing id of a document of ``reader`` (all its segments)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._ids: list[str] | None = None

    def __getitem__(self, docnum: int) -> str:
        return self.every()[docnum]

    def every(self) -> list[str]:
        """Every document's briefing id, by document number."""
        ids = self._ids
        if ids is None:
            ids = self._ids = _whole_column(self._reader, BRIEFING_FIELD, bytes.decode)  # UTF-8
        return ids


class Dates:
    """``dates[docnum]``: the date column's value for a document of ``reader``."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._raw: list[Any] | None = None
        self._translate = reader.schema[DATE_FIELD].from_column_value
        self._known: dict[Any, Any] = {}  # a stored value -> its date: a few hundred days

    def __getitem__(self, docnum: int) -> Any:
        raw = self._raw
        if raw is None:
            raw = self._raw = _whole_column(self._reader, DATE_FIELD)
        value = raw[docnum]
        known = self._known
        if value not in known:
            known[value] = self._translate(value)
        return known[value]


class BriefingDocuments:
    """``docs[briefing_id]``: the number of a briefing's own document, or None."""

    def __init__(self, reader: Any, ids: BriefingIds) -> None:
        self._reader = reader
        self._ids = ids
        self._docnums: dict[str, int] | None = None

    def get(self, briefing_id: str) -> int | None:
        docnums = self._docnums
        if docnums is None:
            docnums = self._docnums = self._read()
        return docnums.get(briefing_id)

    def _read(self) -> dict[str, int]:
        found: dict[str, int] = {}
        ids = self._ids.every()
        offset = 0
        for leaf in _leaves(self._reader):
            docnums = [offset + d for d in read_all(leaf, "kind", "briefing").ids]
            found.update(zip(map(ids.__getitem__, docnums), docnums, strict=True))
            offset += leaf.doc_count_all()
        return found


class StoredFields:
    """``stored(docnum)``: a document's stored fields, read straight from its segment.

    Whoosh's reader copies them into a new dict holding only the schema's
    fields, testing each name; every field our codec stores is in the schema.
    """

    def __init__(self, reader: Any) -> None:
        leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
        self._reads = [_stored_reader(leaf) for leaf, _ in leaves]
        self._offsets = [offset for _, offset in leaves]

    def __call__(self, docnum: int) -> dict[str, Any]:
        offsets = self._offsets
        number = bisect_right(offsets, docnum) - 1
        return self._reads[number](docnum - offsets[number])


def _stored_reader(segment_reader: Any) -> Callable[[int], dict[str, Any]]:
    """The function that reads a document's stored fields from the segment."""
    perdoc = whoosh_private.per_doc_reader(segment_reader)
    if isinstance(perdoc, CompactPerDocReader):
        return perdoc.stored_fields
    read: Callable[[int], dict[str, Any]] = segment_reader.stored_fields
    return read


class DocumentColumns:
    """Everything a search looks up by document number, for one reader."""

    def __init__(self, reader: Any) -> None:
        self.briefing_of = BriefingIds(reader)
        self.date_of = Dates(reader)
        self.briefing_docs = BriefingDocuments(reader, self.briefing_of)
        self.stored = StoredFields(reader)
