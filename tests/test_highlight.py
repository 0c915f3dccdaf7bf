"""The pure parts of highlighting: what marks words, phrase spans from positions, merged spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from whoosh.query import And, AndMaybe, AndNot, Not, Or, Phrase, Term

from searchbrief.search.highlight import _adjacent_spans, _merge, _phrase_spans, matchable

Positions = dict[int, list[int]]


def chains(per_word: list[Positions], docnum: int, slop: int) -> list[tuple[int, int]]:
    """Phrase spans worked out word by word: each next word the nearest within ``slop``."""
    lists = [sorted(set(p.get(docnum, ()))) for p in per_word]
    if not lists or not all(lists):
        return []
    ends = [chain_end(start, lists[1:], slop) for start in lists[0]]
    return [(start, end) for start, end in zip(lists[0], ends, strict=True) if end is not None]


def chain_end(start: int, later: list[list[int]], slop: int) -> int | None:
    """Where the chain of words from ``start`` ends (None: it breaks)."""
    if not later:
        return start
    ahead = [p for p in later[0] if start < p <= start + slop]
    return chain_end(min(ahead), later[1:], slop) if ahead else None


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


def test_adjacent_words_make_one_span_each_time_they_stand_together() -> None:
    # "we are not going to ... we are going to ... not going"
    per_word = [{7: [0, 6]}, {7: [1, 7]}, {7: [3, 8, 12]}]
    assert _phrase_spans(per_word, 7, 1) == [(6, 8)]
    assert _phrase_spans(per_word, 7, 2) == [(0, 3), (6, 8)]


def test_a_word_missing_from_the_document_matches_no_phrase() -> None:
    assert _phrase_spans([{1: [4]}, {2: [5]}], 1, 1) == []
    assert _phrase_spans([{1: [4]}, {1: []}], 1, 1) == []
    assert _phrase_spans([], 1, 1) == []


def test_a_repeated_word_is_found_at_each_offset() -> None:
    assert _adjacent_spans([[2, 3, 9], [3, 4], [4]]) == [(2, 4)]
    assert _adjacent_spans([[5, 5, 1]]) == [(1, 1), (5, 5)]


word_lists = st.lists(st.integers(min_value=0, max_value=40), max_size=12)


@given(
    st.lists(st.dictionaries(st.sampled_from([0, 1]), word_lists), min_size=1, max_size=4),
    st.sampled_from([0, 1, 2]),
    st.integers(min_value=1, max_value=3),
)
def test_phrase_spans_equal_word_by_word_chains(
    per_word: list[Positions], docnum: int, slop: int
) -> None:
    assert _phrase_spans(per_word, docnum, slop) == chains(per_word, docnum, slop)


def test_merge_joins_overlapping_spans_and_drops_repeats() -> None:
    assert _merge([(5, 5), (1, 3), (3, 4), (5, 5), (9, 9), (8, 12)]) == [(1, 4), (5, 5), (8, 12)]
    assert _merge([]) == []


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), max_size=10))
def test_merged_spans_cover_the_same_words_and_do_not_overlap(
    pairs: list[tuple[int, int]],
) -> None:
    spans = [(start, start + extra) for start, extra in pairs]
    merged = _merge(spans)
    covered = {p for s, e in spans for p in range(s, e + 1)}
    assert {p for s, e in merged for p in range(s, e + 1)} == covered
    assert all(a[1] < b[0] for a, b in zip(merged, merged[1:], strict=False))
