"""Highlighting: which parts of a query mark words, and the merged spans they mark."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given
from hypothesis import strategies as st
from whoosh.query import And, AndMaybe, AndNot, Not, Or, Phrase, Term

from searchbrief.engine import phrases
from searchbrief.search.highlight import Matchable, matchable, word_spans

DOCNUM = 7


def spans_in(words: list[str], found: Matchable) -> list[tuple[int, int]]:
    """:func:`word_spans` for one document of ``words`` whose positions are known."""
    where: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        where.setdefault(word, []).append(i)
    asked = {w for _, w in found.terms} | {w for _, ws, _ in found.phrases for w in ws}
    known = {w: where.get(w, []) for w in asked}  # every word asked: no postings are read
    return word_spans(None, found, [DOCNUM], lambda docnum: known)[DOCNUM]


def matching(terms: Iterable[str] = (), *phrase_slops: tuple[str, int]) -> Matchable:
    found = Matchable()
    found.terms = {("text", t) for t in terms}
    found.phrases = [("text", tuple(p.split()), slop) for p, slop in phrase_slops]
    return found


def test_only_the_positive_side_of_a_query_marks_words() -> None:
    query = AndNot(
        AndMaybe(
            And([Term("text", "tax"), Not(Term("text", "war")), Term("title", "credit")]),
            Or([Phrase("text", ["child", "tax"]), Phrase("text", ["child", "tax"], slop=10)]),
        ),
        Term("text", "budget"),
    )
    found = matchable(query, None, ["text"])
    assert found.terms == {("text", "tax")}
    assert found.phrases == [("text", ("child", "tax"), 1), ("text", ("child", "tax"), 10)]
    assert not matchable(Not(Term("text", "war")), None, ["text"])


def test_a_phrase_is_marked_only_where_its_words_stand_together() -> None:
    words = "we are not going to say we are going to act not going".split()
    assert spans_in(words, matching((), ("are going", 1))) == [(7, 8)]
    assert spans_in(words, matching((), ("are going", 2))) == [(1, 3), (7, 8)]
    assert spans_in(words, matching((), ("are gone", 1))) == []


def test_words_and_phrases_that_overlap_or_touch_make_one_span() -> None:
    words = "we are not going to say we are going to act not going".split()
    found = matching({"going", "say"}, ("not going", 1))
    assert spans_in(words, found) == [(2, 3), (5, 5), (8, 8), (11, 12)]
    found = matching({"to"}, ("not going", 1), ("going to", 1))
    assert spans_in(words, found) == [(2, 4), (8, 9), (11, 12)]


documents = st.lists(st.sampled_from("abcd"), max_size=30)
phrase_slops = st.tuples(st.text("abcd", min_size=1, max_size=3), st.integers(1, 3))


@given(documents, st.sets(st.sampled_from("abcd")), st.lists(phrase_slops, max_size=3))
def test_marked_spans_cover_the_matched_words_in_order_without_overlapping(
    words: list[str], terms: set[str], slops: list[tuple[str, int]]
) -> None:
    found = matching(terms, *((" ".join(p), slop) for p, slop in slops))
    where = {w: [i for i, x in enumerate(words) if x == w] for w in "abcd"}
    covered = {i for i, w in enumerate(words) if w in terms}
    for p, slop in slops:
        for first, last in phrases.spans([where[w] for w in p], slop):
            covered.update(range(first, last + 1))
    marked = spans_in(words, found)
    assert {p for first, last in marked for p in range(first, last + 1)} == covered
    assert all(a[1] < b[0] for a, b in zip(marked, marked[1:], strict=False))
