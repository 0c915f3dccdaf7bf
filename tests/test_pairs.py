"""Phrases of common words, answered by the index's word pairs, find what positions find."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from searchbrief import BriefingIndex, read_briefing
from searchbrief.engine import plain_query
from searchbrief.engine.directory import open_index
from searchbrief.engine.pairs import COMMON_WORDS, phrase_pairs
from searchbrief.engine.schema import WORD, PairAnalyzer, build_schema, pair_field, stem_folded
from searchbrief.search.run import Request, Session, match_turns
from tests.conftest import BRIEFINGS

PAIRS = Path(__file__).resolve().parent / "data" / "pairs"

# The fixture's turns: 2 "the\nPresident" (wrapped), 3 "The **President** —",
# 5 "The the President's", 8 "the President? President said", but 1 "The
# Vice President" and 6 "President, the".
EXPECTED = {
    '"the President"': [2, 3, 5, 8],
    '"the President said"': [],  # both its pairs in turn 8, but apart
    '"President the"': [6],
    '"going to be"': [3, 4, 7],
    '"don’t know"': [5],
    '"the the"': [5],
    '"the President" Delaware': [3],
    '"the President Delaware"': [],  # one pair indexed, the other not: positions decide
    '"we\'re going to"': [7],
    "president": [1, 2, 3, 5, 6, 8],  # a common word alone: its counts, not its positions
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    ix, _ = BriefingIndex.build(tmp_path_factory.mktemp("index"), [PAIRS])
    yield ix
    ix.close()


def turns(index: BriefingIndex, text: str) -> list[int]:
    result = index.search(text, by="turn", limit=100)
    return sorted(turn.number for hit in result.hits for turn in hit.turns)


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_common_word_phrases_find_the_turns_where_the_words_stand_together(
    index: BriefingIndex, text: str
) -> None:
    assert turns(index, text) == EXPECTED[text]


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_the_same_turns_as_whoosh_positions(
    index: BriefingIndex, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    fast = turns(index, text)
    with monkeypatch.context() as patch:  # every phrase checked by Whoosh's span matchers
        patch.setattr(plain_query, "plan", lambda query, fields: None)
        assert turns(index, text) == fast


def test_the_index_holds_a_pair_where_two_common_words_stand_side_by_side(
    index: BriefingIndex,
) -> None:
    with open_index(index.directory).searcher() as searcher:
        stored = {d: f for d, f in enumerate(searcher.reader().all_stored_fields())}

        def numbers(term: str) -> list[int]:
            postings = searcher.reader().postings("pairs", term)
            return sorted(stored[d]["number"] for d in postings.all_ids())

        assert numbers("the presid") == [2, 3, 5, 8]
        assert numbers("presid the") == [6]
        assert numbers("don t") == [5]
        assert "vice presid" not in [t.decode() for t in searcher.reader().lexicon("pairs")]


def test_pairs_are_of_two_common_words_in_order_at_the_first_ones_position() -> None:
    analyzer = PairAnalyzer(frozenset({"the", "presid"}))
    found = list(analyzer.terms("The Vice President, the president."))
    assert found == [(2, "presid the"), (3, "the presid")]
    assert phrase_pairs(["the", "presid", "said"], analyzer.common) == ["the presid", None]


def test_the_schema_keeps_the_common_words_stemmed() -> None:
    pairs_name, counts_name, common = pair_field(build_schema(), "text")
    assert (pairs_name, counts_name) == ("pairs", "common")
    assert {"presid", "peopl", "the", "s", "t", "don"} <= common
    assert len(common) <= len(COMMON_WORDS)
    assert pair_field(build_schema(), "title") == ("", "", frozenset())


def _common_phrases() -> list[str]:
    """Every run of two or three words of the fixtures' turns that are all common, once."""
    common = pair_field(build_schema(), "text")[2]
    found: dict[str, None] = {}
    for path in sorted([*BRIEFINGS.glob("*.md"), *PAIRS.glob("*.md")]):
        for turn in read_briefing(path).turns:
            words = WORD.findall(turn.text)
            stems = [stem_folded(w) for w in words]
            for size in (2, 3):
                for i in range(len(stems) - size + 1):
                    if all(s in common for s in stems[i : i + size]):
                        found.setdefault(" ".join(words[i : i + size]).lower(), None)
    return list(found)


def test_every_common_phrase_of_the_fixtures_matches_and_scores_as_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phrases = _common_phrases()
    assert len(phrases) > 100
    ix, _ = BriefingIndex.build(tmp_path / "index", [BRIEFINGS, PAIRS])
    with ix:
        session = Session(open_index(ix.directory).searcher())
        for phrase in phrases:
            request = Request(f'"{phrase}"')
            got = match_turns(session, request)[1]
            with monkeypatch.context() as patch:
                patch.setattr(plain_query, "plan", lambda query, fields: None)
                expected = match_turns(session, request)[1]
            assert got, phrase  # each phrase was taken from a turn
            assert [d for _, d in got] == [d for _, d in expected], phrase
            assert [s for s, _ in got] == pytest.approx([s for s, _ in expected]), phrase


def test_a_common_word_read_without_its_positions_is_still_marked(index: BriefingIndex) -> None:
    result = index.search("president", by="turn", limit=100)
    for turn in (t for hit in result.hits for t in hit.turns):
        assert turn.highlights
        assert all(turn.snippet[a:b].lower() == "president" for a, b in turn.highlights)
