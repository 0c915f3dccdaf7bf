"""Bare words and "phrases" are read without Whoosh's parser, into the query it would give."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchbrief.engine.schema import build_schema
from searchbrief.query import whoosh_parser as query_parser
from searchbrief.query.parse import parse_query, parse_with_whoosh, plain_query_of

SCHEMA = build_schema()
NOW = dt.datetime(2022, 1, 12, 15, 30)

#: Words a query may hold: hyphens and slashes, curly apostrophes, dots,
#: Markdown, digits, accents, stop-like words, punctuation alone.
PLAIN_WORDS = (
    "inflation", "supply", "chain", "Build", "Back", "BETTER", "the", "President", "a",
    "COVID-19", "covid-19", "don’t", "Biden’s", "U.S.", "9/11", "2021", "19", "x",
    "café", "Ñandú", "naïve", "über", "ÉTÉ", "résumé", "!!", "—", "...", ",", "x-", "x--y",
    "a-b-c", "e.g.", "#hashtag", "@WhiteHouse", "$1.9", "50%", "R&D", "a+b", "_", "__init__",
    "ANDY", "ORder", "NOTE", "and", "or", "not",
)  # fmt: skip
#: Words the fast path leaves to Whoosh's parser (Markdown bold is a wildcard to it).
OTHER_WORDS = ("**Build**", "don't", "what?", "--x", "-x", "OR", "NOT", "AND")
SPACES = st.sampled_from([" ", "  ", "     ", "\u00a0", "\t", "\u2009", " \u00a0 "])


@st.composite
def plain_texts(draw: st.DrawFn) -> str:
    words = st.sampled_from(PLAIN_WORDS * 2 + OTHER_WORDS)  # mostly plain
    phrase = st.lists(words, max_size=4).map(lambda ws: '"' + " ".join(ws) + '"')
    pieces = draw(st.lists(st.one_of(words, words, phrase), max_size=7))
    # Usually apart; now and then side by side (a word against a phrase's quote).
    text = "".join(piece + draw(st.sampled_from(["", *[" "] * 6]) | SPACES) for piece in pieces)
    return draw(st.sampled_from(["", " ", "\u00a0"])) + text


def outcome(parse: Any, text: str, field: str) -> Any:
    try:
        return parse(text, SCHEMA, default_field=field, now=NOW)
    except Exception as exc:  # noqa: BLE001 - the very exception is compared
        return type(exc), str(exc)


@settings(max_examples=300, deadline=None)  # the first example loads the stemmer
@given(text=plain_texts(), field=st.sampled_from(["text", "exact", "title"]))
def test_plain_queries_equal_what_whoosh_parses(text: str, field: str) -> None:
    fast = outcome(parse_query, text, field)
    assert fast == outcome(parse_with_whoosh, text, field)
    if not isinstance(fast, tuple) and not any(word in text for word in OTHER_WORDS):
        assert plain_query_of(text, SCHEMA, field) is not None  # the fast path made it


@pytest.fixture
def parser_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts handed to Whoosh's parser."""
    calls: list[str] = []
    parse = query_parser.parse

    def counted(text: str, *args: Any) -> Any:
        calls.append(text)
        return parse(text, *args)

    monkeypatch.setattr(query_parser, "parse", counted)
    return calls


@pytest.mark.parametrize(
    "text",
    [
        "inflation",
        "supply chain",
        '"Build Back Better"',
        "Putin Ukraine sanctions",
        '"child tax credit" border',
        "COVID-19 don’t U.S. 9/11",
        'a"b c"d',
    ],
)
def test_plain_queries_skip_the_parser(text: str, parser_calls: list[str]) -> None:
    parse_query(text, SCHEMA)
    assert parser_calls == []


@pytest.mark.parametrize(
    "text",
    [
        "a OR b",
        "a AND b",
        "NOT a b",
        "a ANDNOT b",
        "a ANDMAYBE b",
        "a REQUIRE b",
        "-a b",
        "speaker:x",
        "title:x",
        "a*",
        "a?",
        '"a b"~3',
        "(a b)",
        "date:2021",
        "a^2",
        "'a b'",
        '"a OR b" c',
        '"a:b"',
        "a\nb",
    ],
)
def test_other_queries_take_the_parser(text: str, parser_calls: list[str]) -> None:
    assert plain_query_of(text, SCHEMA, "text") is None
    assert parse_query(text, SCHEMA, now=NOW) == parse_with_whoosh(text, SCHEMA, now=NOW)
    assert parser_calls == [text, text]


def test_a_lone_star_is_every_document_on_both_paths() -> None:
    assert plain_query_of("*", SCHEMA, "text") is None
    assert parse_query("*", SCHEMA) == parse_with_whoosh("*", SCHEMA)


@pytest.mark.parametrize(
    ("field", "text"),
    [("speaker", "Psaki"), ("role", "reporter"), ("category", "press-briefings"), ("date", "2021")],
)
def test_value_and_date_fields_take_the_parser(
    field: str, text: str, parser_calls: list[str]
) -> None:
    assert plain_query_of(text, SCHEMA, field) is None
    parse_query(text, SCHEMA, default_field=field, now=NOW)
    assert parser_calls == [text]
