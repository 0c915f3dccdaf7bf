"""Plain-word queries from the postings agree with Whoosh's own matching and scoring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.query import And, Phrase, Term
from whoosh.scoring import TF_IDF

from searchbrief import BriefingIndex
from searchbrief.engine import column_scores, phrases
from searchbrief.engine import plain_query as matching
from searchbrief.engine.directory import open_index
from searchbrief.search.run import Request, Session, match_turns, matched_turns
from tests.conftest import BRIEFINGS


def session_of(index: BriefingIndex) -> Session:
    """A search session on ``index``'s directory, as the facade would open one."""
    return Session(open_index(index.directory).searcher())


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    ix, _ = BriefingIndex.build(tmp_path_factory.mktemp("index"), [BRIEFINGS])
    yield ix
    ix.close()


def whoosh_hits(
    monkeypatch: pytest.MonkeyPatch, session: Session, request: Request
) -> list[tuple[float, int]]:
    with monkeypatch.context() as patch:
        patch.setattr(matching, "plan", lambda query, fields: None)
        return match_turns(session, request)[1]


@pytest.fixture(params=["eager", "lazy"])
def eagerness(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking phrases checked as documents are found, or only when asked for."""
    monkeypatch.setattr(matching, "EAGER_MOST", 10**9 if request.param == "eager" else 0)


@pytest.mark.usefixtures("eagerness")
@pytest.mark.parametrize(
    "text",
    [
        '"the President"',
        '"Strategic Stability Dialogue"',
        '"Build Back Better"',
        "vaccines",
        '"the President" vaccines',
        '"strategic stability"~3',
    ],
)
def test_same_turns_and_scores_as_whoosh(
    index: BriefingIndex, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    session = session_of(index)
    request = Request(text)
    query, matched = matched_turns(session, request)
    assert matching.plan(query, ("text",)) is not None
    expected = whoosh_hits(monkeypatch, session, request)
    assert expected
    got = match_turns(session, request)[1]
    assert [d for _, d in got] == [d for _, d in expected]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])


@pytest.mark.parametrize("text", ['"the President"', "vaccines", "strategic stability"])
def test_other_weightings_score_as_whoosh(
    index: BriefingIndex, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    with open_index(index.directory).searcher(weighting=TF_IDF()) as searcher:
        session = Session(searcher)
        expected = whoosh_hits(monkeypatch, session, Request(text))
        got = match_turns(session, Request(text))[1]
    assert expected
    assert [d for _, d in got] == [d for _, d in expected]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])


@pytest.mark.usefixtures("eagerness")
@pytest.mark.parametrize("words", [["the", "presid"], ["strateg", "stabil", "dialogu"]])
def test_bare_words_add_what_their_phrases_add(index: BriefingIndex, words: list[str]) -> None:
    session = session_of(index)
    searcher = session.searcher
    _, hits = match_turns(session, Request(" ".join(words)))
    base = _scored(searcher, And([Term("text", w) for w in words]))
    near = set(searcher.docs_for_query(Phrase("text", words, slop=10)))
    beside = set(searcher.docs_for_query(Phrase("text", words)))
    assert near and near >= beside
    assert {d for _, d in hits} == set(base)
    for score, docnum in hits:
        factor = 1 + 2 * (docnum in near) + 4 * (docnum in beside)
        assert score == pytest.approx(base[docnum] * factor)


def _scored(searcher: Any, query: Any) -> dict[int, float]:
    results = searcher.search(query, limit=None)
    return {hit.docnum: hit.score for hit in results}


def test_filters_and_dates_narrow_the_same_way(
    index: BriefingIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_of(index)
    for request in (
        Request("the president", roles=("reporter",)),
        Request('"the President"', speakers=("Psaki",)),
        Request("vaccines", roles=("official", "reporter")),
    ):
        expected = {d for _, d in whoosh_hits(monkeypatch, session, request)}
        assert {d for _, d in match_turns(session, request)[1]} == expected


@pytest.mark.parametrize(
    ("positions", "slop", "expected"),
    [
        ([[1, 5], [6]], 1, True),
        ([[1, 5], [7]], 1, False),
        ([[6], [5]], 1, False),  # in order only
        ([[1], [11]], 10, True),
        ([[1], [12]], 10, False),
        ([[3, 8], [4, 9], [5]], 1, True),
        ([[3], [3]], 1, False),  # the same word twice needs two places
        ([[2, 4], [3], [4]], 1, True),  # "them without them"
        ([[1], [2]], -1, False),  # Whoosh's slop 0 never chains
        ([[1]], 1, True),
        ([[1], []], 1, False),
    ],
)
def test_chained(positions: list[list[int]], slop: int, expected: bool) -> None:
    assert phrases.chained(positions, slop) is expected


def _brute_chain(positions: list[list[int]], slop: int) -> bool:
    def goes_on(at: int, rest: list[list[int]]) -> bool:
        return not rest or any(1 <= q - at <= slop and goes_on(q, rest[1:]) for q in rest[0])

    return any(goes_on(p, positions[1:]) for p in positions[0])


@given(
    st.lists(st.lists(st.integers(0, 30), max_size=6).map(sorted), min_size=1, max_size=4),
    st.integers(1, 12),
)
def test_chained_equals_brute_force(positions: list[list[int]], slop: int) -> None:
    assert phrases.chained(positions, slop) is _brute_chain(positions, slop)


def _brute_spans(positions: list[list[int]], slop: int) -> list[tuple[int, int]]:
    def ends(at: int, rest: list[list[int]]) -> set[int]:
        if not rest:
            return {at}
        return {end for q in rest[0] if 1 <= q - at <= slop for end in ends(q, rest[1:])}

    return [(p, min(ends(p, positions[1:]))) for p in positions[0] if ends(p, positions[1:])]


@given(
    st.lists(
        st.lists(st.integers(0, 30), max_size=6, unique=True).map(sorted), min_size=1, max_size=4
    ),
    st.integers(-1, 12),
)
def test_spans_start_where_chains_start_and_end_where_the_first_ends(
    positions: list[list[int]], slop: int
) -> None:
    found = phrases.spans(positions, slop)
    assert found == _brute_spans(positions, slop)
    assert bool(found) is phrases.chained(positions, slop)


def test_a_chain_goes_on_from_a_farther_word_when_the_nearest_leads_nowhere() -> None:
    # "a b b x c", "a b c" within 2: on from the second "b", not the first.
    assert phrases.spans([[0], [1, 2], [4]], 2) == [(0, 4)]
    assert phrases.spans([[0, 6], [1, 7], [3, 8, 12]], 1) == [(6, 8)]
    assert phrases.spans([[0, 6], [1, 7], [3, 8, 12]], 2) == [(0, 3), (6, 8)]
    assert phrases.spans([[4], []], 1) == phrases.spans([], 1) == []


_POSITIONS = st.lists(st.integers(0, 12), max_size=4, unique=True).map(sorted)


@given(
    st.integers(1, 5).flatmap(
        lambda width: st.lists(st.lists(_POSITIONS, min_size=width, max_size=width), max_size=6)
    ),
    st.integers(1, 3),
)
def test_chained_rows_equal_chained_row_by_row(rows: list[list[list[int]]], slop: int) -> None:
    width = len(rows[0]) if rows else 1
    columns = [[tuple(row[i]) for row in rows] for i in range(width)]
    expected = [r for r, row in enumerate(rows) if phrases.chained(row, slop)]
    assert phrases.chained_rows(columns, slop, list) == expected


@given(
    st.lists(st.lists(st.integers(0, 30), max_size=5).map(sorted), min_size=3, max_size=3),
    st.lists(
        st.tuples(st.lists(st.sampled_from("abc"), min_size=1, max_size=3), st.integers(-1, 12)),
        min_size=1,
        max_size=5,
    ),
)
def test_held_bonuses_are_those_that_chain(
    positions: list[list[int]], bonuses: list[tuple[list[str], int]]
) -> None:
    words = ("a", "b", "c")
    required = tuple(matching.Part((w,), 0, 1.0) for w in words)
    parts = tuple(matching.Part(tuple(ws), slop, 2.0) for ws, slop in bonuses if slop)
    the_plan = matching.Plan("text", required, parts)
    expected = [
        phrases.chained([positions[words.index(w)] for w in part.words], part.slop)
        for part in parts
    ]
    assert matching.held_bonuses(the_plan, positions) == expected


@given(
    st.lists(st.lists(st.floats(-5, 50), min_size=4, max_size=4), max_size=5),
    st.lists(
        st.tuples(
            st.sampled_from([1.0, 2.0, 4.0, 0.3]),
            st.lists(st.integers(0, 3), min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_parts_sum_adds_as_whoosh_trees_do(
    rows: list[list[float]], parts: list[tuple[float, list[int]]]
) -> None:
    columns = [[row[i] for row in rows] for i in range(4)]
    expected = [
        column_scores.tree_sum(
            [boost * column_scores.tree_sum([row[i] for i in idx]) for boost, idx in parts]
        )
        for row in rows
    ]
    assert column_scores.parts_sum(parts, columns) == expected


@pytest.mark.parametrize(
    "text",
    ["vaccines OR covid", "-vaccines president", "vacc*", "title:vaccines", "speaker:psaki"],
)
def test_other_queries_have_no_plan(index: BriefingIndex, text: str) -> None:
    query, _ = matched_turns(session_of(index), Request(text))
    assert matching.plan(query, ("text",)) is None


def test_members_answers_ascending_documents(index: BriefingIndex) -> None:
    searcher = session_of(index).searcher
    query = Term("kind", "briefing")
    expected = set(searcher.docs_for_query(query))
    members = matching.Members(searcher, query)
    assert {d for d in range(searcher.doc_count_all()) if members(d)} == expected
