"""Which words of a document a query matched, read from the index's positions.

A phrase is matched as a unit and only where its words stand together within
its slop (:func:`searchbrief.engine.phrases.spans`); a word that stands alone in
the query is matched wherever it occurs, in any form that shares its stem.
Nothing is re-analysed: word positions come from the postings, and
:mod:`searchbrief.search.snippets` maps them onto the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from searchbrief.engine import phrases
from searchbrief.engine.posting_blocks import positions_decoder, read_among
from searchbrief.query.tree import positive_leaves

#: The field whose postings hold the turn's words (``exact`` is verified, not indexed).
TEXT_FIELDS = ("text",)
#: The field whose word positions a :data:`Known` tells.
KNOWN_FIELD = "text"
#: Where words of :data:`KNOWN_FIELD` stand in a document, when already read.
Known = Callable[[int], Mapping[str, list[int]]]


@dataclass(slots=True)
class Matchable:
    """The parts of a query that can mark words: loose terms and phrases."""

    terms: set[tuple[str, str]] = field(default_factory=set)
    phrases: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def matchable(query: Any, reader: Any, fields: Iterable[str]) -> Matchable:
    """Collect the positive terms and phrases of ``query`` in ``fields``."""
    wanted = set(fields)
    found = Matchable()
    for leaf in positive_leaves(query):
        if getattr(leaf, "fieldname", None) not in wanted:
            continue
        if isinstance(leaf, wq.Phrase):
            if leaf.words:
                found.phrases.append((leaf.fieldname, tuple(leaf.words), max(1, leaf.slop)))
        elif isinstance(leaf, wq.Term):
            found.terms.add((leaf.fieldname, leaf.text))
        elif isinstance(leaf, wq.MultiTerm):
            for fieldname, text in leaf.existing_terms(reader, phrases=False, expand=True):
                if isinstance(text, bytes):
                    text = text.decode("utf-8")
                found.terms.add((fieldname, text))
    return found


def _positions(reader: Any, fieldname: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
    """Word positions of ``text`` in each of the (sorted) ``docnums``."""
    out: dict[int, list[int]] = {}
    leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
    decode = positions_decoder(reader.schema[fieldname].format)
    for leaf, offset in leaves:
        end = offset + leaf.doc_count_all()
        local = [d - offset for d in docnums if offset <= d < end]
        if not local:
            continue
        found = read_among(leaf, fieldname, text, local)
        for docnum, value in zip(found.ids, found.values, strict=True):
            out[docnum + offset] = decode(value)
    return out


def word_spans(
    reader: Any, found: Matchable, docnums: Iterable[int], known: Known | None = None
) -> dict[int, list[tuple[int, int]]]:
    """For each document, the matched ``(first, last)`` word positions, merged and sorted.

    ``known(docnum)`` may tell where words of the ``text`` field stand in a
    document; other words' positions are read from the postings, each once.
    """
    docs = sorted(set(docnums))
    result: dict[int, list[tuple[int, int]]] = {d: [] for d in docs}
    told = {d: known(d) for d in docs} if known is not None else {}
    read: dict[tuple[str, str], dict[int, list[int]]] = {}

    def positions(fieldname: str, text: str) -> dict[int, list[int]]:
        if (fieldname, text) not in read:
            read[(fieldname, text)] = _lookup(reader, fieldname, text, docs, told)
        return read[(fieldname, text)]

    for fieldname, text in sorted(found.terms):
        for docnum, where in positions(fieldname, text).items():
            result[docnum].extend(zip(where, where, strict=True))
    for fieldname, words, slop in found.phrases:
        per_word = [positions(fieldname, w) for w in words]
        for docnum in docs:
            lists = [p.get(docnum, []) for p in per_word]
            result[docnum].extend(phrases.spans(lists, slop))
    return {d: _merge(spans) for d, spans in result.items()}


def _lookup(
    reader: Any,
    fieldname: str,
    text: str,
    docs: list[int],
    told: dict[int, Mapping[str, list[int]]],
) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    rest = docs
    if told and fieldname == KNOWN_FIELD:
        rest = []
        for docnum in docs:
            where = told.get(docnum, {}).get(text)
            if where is None:
                rest.append(docnum)
            elif where:
                out[docnum] = where
    if rest:
        out.update(_positions(reader, fieldname, text, rest))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, those that overlap or touch joined into one."""
    merged: list[tuple[int, int]] = []
    last = -1  # where the last merged span ends: word positions are never negative
    for start, end in sorted(set(spans)):
        if start > last:
            merged.append((start, end))
            last = end
        elif end > last:
            merged[-1] = (merged[-1][0], end)
            last = end
    return merged
