"""Exact words: phrases matched on a turn's own words, and which turns a query's logic keeps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase, Term

from searchbrief.engine.schema import build_schema
from searchbrief.query.exact import candidates, exact_leaves, exact_positions, verify
from searchbrief.query.parse import parse_query

SCHEMA = build_schema()
TURNS = (
    "They were vaccinated, the President said.",
    "The President has vaccines for everyone who wants to be vaccinated.",
    "Vaccinations are up; the president is pleased.",
    "We have vaccinated half the country.",
)


@pytest.fixture(scope="module")
def searcher() -> Iterator[Any]:
    ix = RamStorage().create_index(SCHEMA)
    with ix.writer() as writer:
        for i, text in enumerate(TURNS):
            writer.add_document(doc_id=f"d{i}", kind="turn", text=text, body=text)
    with ix.searcher() as s:
        yield s


def test_a_phrase_is_found_on_from_a_farther_word_when_the_nearest_leads_nowhere() -> None:
    words = "a b b x c a b".split()
    assert exact_positions(Phrase("exact", ["a", "b", "c"], slop=2), words) == [(0, 4)]
    assert exact_positions(Phrase("exact", ["a", "b"]), words) == [(0, 1), (5, 6)]
    assert exact_positions(Phrase("exact", ["b", "a"], slop=3), words) == [(2, 5)]
    assert exact_positions(Term("exact", "b"), words) == [(1, 1), (2, 2), (6, 6)]


def test_exact_leaves_are_the_positive_ones() -> None:
    query = parse_query('exact:a exact:"b c" -exact:d NOT e', SCHEMA)
    assert exact_leaves(query) == [Term("exact", "a"), Phrase("exact", ["b", "c"])]


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("exact:vaccinated REQUIRE president", "exact:vaccinated president"),
        ("exact:vaccinated ANDMAYBE president", "exact:vaccinated"),
        ("exact:vaccinated ANDNOT pleased", "exact:vaccinated -pleased"),
        ("exact:vaccinated OR exact:vaccines", "exact:vaccinated OR exact:vaccines OR zzz"),
        ('exact:vaccinated -exact:"the president"', "exact:vaccinated -president"),
    ],
)
def test_verify_decides_each_query_logic_as_its_equivalent(
    searcher: Any, text: str, same_as: str
) -> None:
    def kept(query_text: str) -> list[int]:
        query = parse_query(query_text, SCHEMA)
        hits = [(1.0, d) for d in searcher.docs_for_query(candidates(query))]
        return sorted(d for _, d in verify(searcher, query, hits))

    assert kept(text) == kept(same_as)
    assert kept(text)
