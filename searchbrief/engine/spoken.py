"""Who spoke, and how much: per-turn facts read in bulk from the index.

A timeline divides a query's matches by the words of the turns in each period;
those come from the length Whoosh records for each document's ``text`` field,
summed by day (for every turn, kept per reader; or for the turns a filter
keeps).  Speakers and roles of many turns at once come from the postings of
their fields, not from the stored documents, which would cost a read and an
unpickling per turn.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from searchbrief.engine.columns import segment_column
from searchbrief.engine.lengths import field_lengths

#: Words of every turn per day, per reader (a new index state is a new reader).
_WORDS: WeakKeyDictionary[Any, dict[dt.date, int]] = WeakKeyDictionary()


def words_by_day(reader: Any, keep: Collection[int] | None = None) -> dict[dt.date, int]:
    """Words of the turns on each day that has turns; only those in ``keep`` if given.

    Every turn counts, narration (releases, fact sheets) too, as it does among
    a query's matches: a rate divides like by like.

    Whoosh stores a document's length in one byte, exact up to 10 words and
    rounded up a little beyond (``whoosh.util.numeric.length_to_byte``); the
    days' counts are scaled so that their total matches the exact total Whoosh
    keeps for the field.
    """
    if keep is not None:
        return _count_words(reader, keep)
    cached = _WORDS.get(reader)
    if cached is None:
        cached = _WORDS[reader] = _count_words(reader, None)
    return cached


def _count_words(reader: Any, keep: Collection[int] | None) -> dict[dt.date, int]:
    lengths: list[int] = []
    raw_dates: list[Any] = []
    for leaf, _ in reader.leaf_readers():
        lengths.extend(_text_lengths(leaf))
        raw_dates.extend(segment_column(leaf, "date"))
    approximate = sum(lengths)  # deleted documents included, as in field_length()
    scale = reader.field_length("text") / approximate if approximate else 1.0
    live: Iterable[int] = reader.all_doc_ids() if reader.has_deletions() else range(len(lengths))
    if keep is not None:
        live = sorted(set(live) & set(keep))
    by_raw: dict[Any, int] = defaultdict(int)
    for docnum in live:  # briefing documents have no text: they add nothing
        by_raw[raw_dates[docnum]] += lengths[docnum]
    to_date = reader.schema["date"].from_column_value
    return {to_date(raw).date(): round(words * scale) for raw, words in sorted(by_raw.items())}


def _text_lengths(leaf: Any) -> Sequence[int]:
    """Every document's length in ``text`` as Whoosh records it (0 for none), by document number."""
    lengths = field_lengths(leaf, "text")
    if lengths is None:  # not Whoosh's own codec: ask for them one by one
        return [leaf.doc_field_length(d, "text") or 0 for d in range(leaf.doc_count_all())]
    return lengths


def values_of(reader: Any, fieldname: str, docnums: Iterable[int]) -> dict[int, str]:
    """The term each of ``docnums`` holds in the single-valued ``fieldname`` (if any)."""
    wanted = set(docnums)
    found: dict[int, str] = {}
    if not wanted:
        return found
    for raw in reader.lexicon(fieldname):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        for docnum in reader.postings(fieldname, raw).all_ids():
            if docnum in wanted:
                found[docnum] = term
    return found
