"""Postings: a text's terms with their positions, and a segment's postings in memory.

:func:`words` groups a text's word positions by stemmed term, word for word as
:class:`~searchbrief.engine.schema.WordAnalyzer` would analyse it, but without a token
object per word; the indexer runs it in its reading processes.
:class:`TermPool` holds every posting of the segment being written, grouped by
field and term, so that nothing has to be sorted posting by posting; it encodes
the positions as Whoosh's ``Positions`` format writes them (:func:`positions`
gives the same postings as a list).
"""

from __future__ import annotations

import operator
import pickle
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh.system import pack_uint

from searchbrief.engine.schema import WORD, fold, stem_folded

#: One posting as a writer gets it: term bytes, weight, encoded value.
Posting = tuple[bytes, float, bytes]


_ONE: list[bytes] = []  # the encoding of a single position, by position
_UINT: list[bytes] = []  # pack_uint(n), by n: the number of positions heads each value


def _single(position: int) -> bytes:
    """The encoding of a term seen once, at ``position``."""
    while len(_ONE) <= position:
        _ONE.append(pack_uint(1) + pickle.dumps([len(_ONE)], 2))
    return _ONE[position]


def _encode(where: list[int]) -> bytes:
    """Positions (two or more) as ``whoosh.formats.Positions.encode`` writes them."""
    deltas = [where[0]]
    deltas.extend(map(operator.sub, where[1:], where))
    count = len(where)
    while len(_UINT) <= count:
        _UINT.append(pack_uint(len(_UINT)))
    return _UINT[count] + pickle.dumps(deltas, 2)


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words as one field indexes them: their number, and each term's positions.

    The pool encodes the positions as it takes them in (:meth:`TermPool.add_words`):
    making a posting tuple per term first would cost a second pass per term.
    With common words (:mod:`searchbrief.engine.pairs`), ``pairs`` holds the
    text's pair terms, each at its first word's positions, as the ``pairs``
    field indexes them, and ``common`` each common word's count, its weight in
    the ``common`` field.
    """

    count: int
    where: dict[bytes, list[int]]  # stemmed term → its word positions, ascending
    pairs: Words | None = None
    common: dict[bytes, float] = field(default_factory=dict)


class TermMemo:
    """Each word as written → its stemmed term, for one indexing run, and the words it stemmed.

    A run's memo lives as long as the run: most words recur constantly, and
    the stems it computed are saved beside the index (:meth:`new_stems`).
    """

    def __init__(self) -> None:
        self.terms: dict[str, bytes] = {}  # a word as written → its term, UTF-8

    def new_stems(self) -> dict[str, str]:
        """``word → stem`` for every word this memo stemmed, to save beside the index."""
        return {fold(raw): term.decode("utf-8") for raw, term in self.terms.items()}


def words(text: str, memo: TermMemo, common: frozenset[bytes] = frozenset()) -> Words:
    """``text``'s words grouped by stemmed term, as ``WordAnalyzer(stemming=True)`` sees them.

    With ``common`` (stemmed common words, UTF-8), also the text's pairs and
    common words' counts, as the ``pairs`` and ``common`` fields index them.
    """
    terms = memo.terms
    where: dict[bytes, list[int]] = {}
    pairs: dict[bytes, list[int]] = {}
    found = WORD.findall(text)
    before = b""  # the word before, if common
    for number, raw in enumerate(found):
        term = terms.get(raw)
        if term is None:
            term = terms[raw] = stem_folded(raw).encode("utf-8")
        at = where.get(term)
        if at is None:
            where[term] = [number]
        else:
            at.append(number)
        if term not in common:
            before = b""
            continue
        if before:  # two common words side by side: a pair, at the first one
            pair = before + b" " + term
            at = pairs.get(pair)
            if at is None:
                pairs[pair] = [number - 1]
            else:
                at.append(number - 1)
        before = term
    if not common:
        return Words(len(found), where)
    counts = {term: float(len(where[term])) for term in where.keys() & common}
    return Words(len(found), where, Words(max(len(found) - 1, 0), pairs), counts)


def _posting(btext: bytes, where: list[int]) -> Posting:
    if len(where) == 1:
        return btext, 1.0, _single(where[0])
    return btext, float(len(where)), _encode(where)


def positions(text: str, memo: TermMemo | None = None) -> tuple[int, list[Posting]]:
    """The number of words in ``text`` and one posting per distinct stemmed word.

    The same terms, weights and positions as indexing ``text`` in a ``TEXT``
    field analysed by ``WordAnalyzer(stemming=True)``; what :class:`TermPool`
    makes of :func:`words`.
    """
    grouped = words(text, memo or TermMemo())
    return grouped.count, [_posting(btext, at) for btext, at in grouped.where.items()]


@dataclass(frozen=True, slots=True)
class _Term:
    """One term's postings: ascending document numbers, weights, encoded values.

    The pool keeps them as one flat list, ``docnum, weight, value`` after
    ``docnum, weight, value``: adding a posting is then one list extension,
    not three appends, and it is the commonest step of indexing.
    """

    flat: list[Any]

    @property
    def docs(self) -> array[int]:
        return array("I", self.flat[0::3])

    @property
    def weights(self) -> array[float]:
        return array("f", self.flat[1::3])

    @property
    def values(self) -> list[bytes]:
        """The values that are not empty: none for formats that store no value."""
        return [value for value in self.flat[2::3] if value]


class TermPool:
    """A segment's postings in memory, by field and term, in document order.

    Documents are added in ascending document numbers (new ones, then those
    of merged segments), so every term's postings come out in order.
    """

    def __init__(self) -> None:
        self._fields: dict[str, dict[bytes, list[Any]]] = {}  # flat postings: see _Term

    def add_postings(self, fieldname: str, docnum: int, postings: Iterable[Posting]) -> None:
        """Add one document's postings in one field."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        for btext, weight, value in postings:
            flat = terms.get(btext)
            if flat is None:
                terms[btext] = [docnum, weight, value]
            else:
                flat += (docnum, weight, value)

    def add_words(self, fieldname: str, docnum: int, words: Words) -> None:
        """Add one document's words in one field: :meth:`add_postings` of their postings."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        if words.count:
            _single(words.count - 1)
        one = _ONE
        get = terms.get
        for btext, at in words.where.items():
            flat = get(btext)
            if flat is None:
                if len(at) == 1:
                    terms[btext] = [docnum, 1.0, one[at[0]]]
                else:
                    terms[btext] = [docnum, len(at), _encode(at)]
            elif len(at) == 1:
                flat += (docnum, 1.0, one[at[0]])
            else:
                flat += (docnum, len(at), _encode(at))

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface: one ``(field, term, docnum, weight, value)`` posting."""
        fieldname, btext, docnum, weight, value = item
        self.add_postings(fieldname, docnum, ((btext, weight, value or b""),))

    def fieldnames(self) -> list[str]:
        return sorted(self._fields)

    def terms(self, fieldname: str) -> Iterator[tuple[bytes, _Term]]:
        """The field's terms in byte order, with their postings."""
        terms = self._fields.get(fieldname, {})
        for btext in sorted(terms):
            yield btext, _Term(terms[btext])

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting in Whoosh's order: field, term, document."""
        for fieldname in self.fieldnames():
            for btext, term in self.terms(fieldname):
                values = term.values or [b""] * len(term.docs)
                for docnum, weight, value in zip(term.docs, term.weights, values, strict=True):
                    yield fieldname, btext, docnum, weight, value

    def cleanup(self) -> None:
        self._fields.clear()
