"""Exact-word matching (``exact:`` and ``--exact``) without an unstemmed index.

Every exact match is also a stemmed match, so a query's ``exact`` parts are
first answered from the stemmed ``text`` field (:func:`candidates`), and each
candidate turn is then checked word for word against its own text
(:func:`verify`; phrases by :mod:`searchbrief.engine.phrases`).  The result
equals an unstemmed index's, without building or storing one.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from searchbrief.engine import phrases
from searchbrief.engine.schema import WORD, fold, unpack_text
from searchbrief.engine.stemming import stem
from searchbrief.query import tree

EXACT = "exact"


def has_exact(query: Any) -> bool:
    """Whether any part of ``query``, negated or not, asks for exact words."""
    return any(getattr(q, "fieldname", None) == EXACT for q in query.leaves())


def candidates(query: Any) -> Any:
    """A query on the stemmed index that finds at least every exact match."""
    if tree.negates(query) and has_exact(query):
        # Without its negated side a query matches more: enough for candidates.
        required = tree.children(query, tree.REQUIRED)
        return candidates(required[0]) if required else wq.Every()
    if isinstance(query, wq.Term) and query.fieldname == EXACT:
        return wq.Term("text", stem(query.text), boost=query.boost)
    if isinstance(query, wq.Phrase) and query.fieldname == EXACT:
        words = [stem(w) for w in query.words]
        return wq.Phrase("text", words, slop=query.slop, boost=query.boost)
    if query.is_leaf():
        return wq.Every() if getattr(query, "fieldname", None) == EXACT else query
    return query.apply(candidates)


@dataclass(frozen=True, slots=True)
class _Doc:
    """A turn's folded words."""

    words: list[str]
    docnum: int


@dataclass(slots=True)
class Verifier:
    """Decides, turn by turn, whether a query's exact parts really match."""

    searcher: Any
    query: Any
    stored: str = "body"  # the stored field whose words are checked: a turn's, or a title
    # Internal state: the documents of each looked-up part (by id), and the compiled test.
    _sets: dict[int, frozenset[int]] = field(init=False, default_factory=dict)
    _test: Callable[[_Doc], bool] = field(init=False)

    def __post_init__(self) -> None:
        self._test = self._compiled(self.query)

    def matches(self, docnum: int) -> bool:
        text = unpack_text(self.searcher.stored_fields(docnum).get(self.stored))
        return self._test(_Doc([fold(m.group()) for m in WORD.finditer(text)], docnum))

    def _docs(self, leaf: Any) -> frozenset[int]:
        key = id(leaf)
        if key not in self._sets:
            self._sets[key] = frozenset(self.searcher.docs_for_query(leaf))
        return self._sets[key]

    def _compiled(self, q: Any) -> Callable[[_Doc], bool]:
        """A test of a turn for ``q``: exact parts checked on its words, others looked up."""
        if isinstance(q, wq.Every):
            return lambda doc: True
        if q is wq.NullQuery:
            return lambda doc: False
        if getattr(q, "fieldname", None) == EXACT:
            return lambda doc: bool(exact_positions(q, doc.words))
        parts = tree.parts(q)
        if not parts or any(role == tree.OWN for role, _ in parts):
            return lambda doc: doc.docnum in self._docs(q)  # a leaf, or Whoosh's own logic
        tests: dict[str, list[Callable[[_Doc], bool]]] = {}
        for role, child in parts:
            tests.setdefault(role, []).append(self._compiled(child))
        if tree.ALTERNATIVE in tests:
            alternatives = tests[tree.ALTERNATIVE]
            return lambda doc: any(test(doc) for test in alternatives)
        required, negated = tests.get(tree.REQUIRED, []), tests.get(tree.NEGATED, [])
        # An optional part only adds to the score: it decides nothing.
        return lambda doc: all(t(doc) for t in required) and not any(t(doc) for t in negated)


def verify(searcher: Any, query: Any, hits: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The ``(score, docnum)`` hits that match ``query`` word for word."""
    verifier = Verifier(searcher, query)
    return [hit for hit in hits if verifier.matches(hit[1])]


def _word_test(q: Any) -> Callable[[str], bool]:
    if isinstance(q, wq.Prefix):
        prefix = q.text
        return lambda w: w.startswith(prefix)
    if isinstance(q, wq.Wildcard):
        pattern = q.text
        return lambda w: fnmatch.fnmatchcase(w, pattern)
    text = getattr(q, "text", None)
    return lambda w: w == text


def exact_positions(q: Any, words: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` word positions where the exact term or phrase ``q`` occurs."""
    if isinstance(q, wq.Phrase):
        wanted = set(q.words)
        where: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            if word in wanted:
                where.setdefault(word, []).append(i)
        return phrases.spans([where.get(w, []) for w in q.words], max(1, q.slop))
    test = _word_test(q)
    return [(i, i) for i, w in enumerate(words) if test(w)]


def exact_leaves(query: Any) -> list[Any]:
    """The positive exact terms and phrases of ``query`` (for highlighting)."""
    return [q for q in tree.positive_leaves(query) if getattr(q, "fieldname", None) == EXACT]


def exact_spans(leaves: list[Any], text: str) -> list[tuple[int, int]]:
    """Word spans of ``text`` where any of the exact ``leaves`` occurs."""
    if not leaves:
        return []
    words = [fold(m.group()) for m in WORD.finditer(text)]
    return [span for leaf in leaves for span in exact_positions(leaf, words)]
