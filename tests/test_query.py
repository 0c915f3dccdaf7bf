from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.query import And, DateRange, Every, Not, Or, Phrase, Prefix, Term, Wildcard

from searchbrief.engine.schema import build_schema
from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from searchbrief.query.parse import build_filter, check_cost, for_titles, is_title_only, parse_query

SCHEMA = build_schema()
# A Wednesday afternoon.
NOW = dt.datetime(2022, 1, 12, 15, 30)
FILLER = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"


def parse(text: str, **kwargs: Any) -> Any:
    return parse_query(text, SCHEMA, now=NOW, **kwargs)


def make_index(*docs: dict[str, Any]) -> Any:
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        for i, doc in enumerate(docs):
            text = doc.get("text", "")
            fields = {"doc_id": f"d{i}", "kind": "turn", "text": text, "exact": text}
            writer.add_document(**(fields | doc))
    return ix


@pytest.fixture
def searcher() -> Iterator[Any]:
    """Turns with speakers, roles, categories and dates, ids d0..d4."""
    ix = make_index(
        dict(text="tariffs on steel", speaker="Jen Psaki|psaki", role="podium",
             category="press-briefings", date=dt.datetime(2021, 12, 31), title="Press Briefing"),
        dict(text="steel prices and COVID-19 cases", speaker="Joe Biden|biden",
             role="president", category="speeches-remarks", date=dt.datetime(2022, 1, 1)),
        dict(text="we are running late", speaker="Reporter", role="reporter",
             category="press-briefings", date=dt.datetime(2022, 1, 11)),
        dict(text="she runs the 19 covid desk", speaker="Reporter", role="reporter",
             category="press-briefings", date=dt.datetime(2022, 1, 12)),
        dict(text="vaccine mandates", speaker="Jen Psaki|psaki", role="podium",
             category="press-briefings", date=dt.datetime(2021, 6, 30)),
    )  # fmt: skip
    with ix.searcher() as s:
        yield s


def ids(searcher: Any, query: Any, flt: Any = None) -> list[str]:
    return sorted(hit["doc_id"] for hit in searcher.search(query, filter=flt, limit=None))


# Syntax


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tariffs OR steel", Or([Term("text", "tariff"), Term("text", "steel")])),
        ("tariffs -steel", And([Term("text", "tariff"), Not(Term("text", "steel"))])),
        ("tariffs NOT steel", And([Term("text", "tariff"), Not(Term("text", "steel"))])),
        ("-steel", Not(Term("text", "steel"))),
        ('"the President"', Phrase("text", ["the", "presid"])),
        ('"nothing about them without them"',
         Phrase("text", ["noth", "about", "them", "without", "them"])),
        ('"tariffs steel"~5', Phrase("text", ["tariff", "steel"], slop=5)),
        ("presid*", Prefix("text", "presid")),
        ("(tariffs OR steel) china",
         And([Or([Term("text", "tariff"), Term("text", "steel")]), Term("text", "china")])),
        ("covid-19", Phrase("text", ["covid", "19"])),
        ("speaker:psaki", Term("speaker", "psaki")),
        ('speaker:"Jen Psaki"', Term("speaker", "psaki")),  # the registry's key
        ('speaker:"Jane Q Doe"', Term("speaker", "jane-q-doe")),
        ("speaker:Psak*", Prefix("speaker", "psak")),
        ("speaker:ps?ki", Wildcard("speaker", "ps?ki")),
        ("role:Rep*", Prefix("role", "rep")),
        ("speaker:(psaki OR biden)", Or([Term("speaker", "psaki"), Term("speaker", "biden")])),
        ("role:Reporter", Term("role", "reporter")),
        ("category:Press-Briefings", Term("category", "press-briefings")),
        ('title:"Press Briefings"', Phrase("title", ["press", "brief"])),
        ('exact:"running fast"', Phrase("exact", ["running", "fast"])),
        ('note: "on steel"', And([Term("text", "note"), Phrase("text", ["on", "steel"])])),
        ('"foo:bar"', Phrase("text", ["foo", "bar"])),
        ("*", Every()),
        ("speaker:*", Every()),
    ],
)  # fmt: skip
def test_syntax(text: str, expected: Any) -> None:
    assert parse(text) == expected


def test_default_field_exact_is_not_stemmed() -> None:
    assert parse("running", default_field="exact") == Term("exact", "running")
    assert parse("running") == Term("text", "run")


def test_bare_words_require_every_word_and_rank_phrases() -> None:
    query = parse("strategic stability dialogue")
    words = ["strateg", "stabil", "dialogu"]
    assert query.a == And([Term("text", w) for w in words])
    assert [(type(q), q.words, q.slop) for q in query.b.subqueries] == [
        (Phrase, words, 1),
        (Phrase, words, 10),
    ]


def test_and_is_the_default_operator() -> None:
    assert parse("tariffs AND steel") == parse("tariffs steel")
    assert parse("tariffs AND steel").a == And([Term("text", "tariff"), Term("text", "steel")])


def test_bare_words_next_to_other_clauses_are_ranked_too() -> None:
    query = parse('speaker:psaki "vaccine mandates" strategic stability -dialogue')
    assert [q.words for q in query.b.subqueries] == [["strateg", "stabil"]] * 2


def test_bare_words_rank_together_then_near_then_apart() -> None:
    far = f"strategic {FILLER} stability {FILLER} dialogue"
    near = f"strategic {FILLER[:30]} stability dialogue {FILLER[30:]} {FILLER}"
    together = f"strategic stability dialogue {FILLER} {FILLER}"
    ix = make_index(
        {"text": far},  # first, so a tie would put it on top
        {"text": near},
        {"text": together},
        {"text": f"strategic stability {FILLER} {FILLER}"},  # no "dialogue"
    )
    with ix.searcher() as s:
        hits = [hit["doc_id"] for hit in s.search(parse("strategic stability dialogue"))]
    assert hits == ["d2", "d1", "d0"]


def test_hyphenated_words_match_as_a_phrase(searcher: Any) -> None:
    assert ids(searcher, parse("covid-19")) == ["d1"]
    assert ids(searcher, parse("covid")) == ["d1", "d3"]


def test_exact_field_search(searcher: Any) -> None:
    assert ids(searcher, parse("running")) == ["d2", "d3"]
    assert ids(searcher, parse("running", default_field="exact")) == ["d2"]
    assert ids(searcher, parse('exact:"are running"')) == ["d2"]


def test_fields_search(searcher: Any) -> None:
    assert ids(searcher, parse('speaker:"Jen Psaki" steel')) == ["d0"]
    assert ids(searcher, parse("role:Reporter")) == ["d2", "d3"]
    assert ids(searcher, parse("category:Speeches-Remarks")) == ["d1"]
    assert ids(searcher, parse("title:briefing")) == ["d0"]


def test_lone_star_matches_every_document(searcher: Any) -> None:
    assert ids(searcher, parse("*"), build_filter(SCHEMA, speakers=["psaki"])) == ["d0", "d4"]


# Dates


def day(y: int, m: int, d: int, end: bool = False) -> dt.datetime:
    return dt.datetime.combine(dt.date(y, m, d), dt.time.max if end else dt.time.min)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("date:2021", day(2021, 1, 1), day(2021, 12, 31, end=True)),
        ("date:2021-12", day(2021, 12, 1), day(2021, 12, 31, end=True)),
        ("date:2021-12-29", day(2021, 12, 29), day(2021, 12, 29, end=True)),
        ("date:[2021-12-01 to 2021-12-31]", day(2021, 12, 1), day(2021, 12, 31, end=True)),
        ("date:[2021-12-01 to]", day(2021, 12, 1), None),
        ("date:[to 2021-06-30]", None, day(2021, 6, 30, end=True)),
        ("date:today", day(2022, 1, 12), day(2022, 1, 12, end=True)),
        ("date:yesterday", day(2022, 1, 11), day(2022, 1, 11, end=True)),
        ("date:[yesterday to today]", day(2022, 1, 11), day(2022, 1, 12, end=True)),
        ('date:"this week"', day(2022, 1, 10), day(2022, 1, 16, end=True)),
        ('date:"last week"', day(2022, 1, 3), day(2022, 1, 9, end=True)),
        ('date:"last month"', day(2021, 12, 1), day(2021, 12, 31, end=True)),
        ('date:"this year"', day(2022, 1, 1), day(2022, 12, 31, end=True)),
        ('date:"last year"', day(2021, 1, 1), day(2021, 12, 31, end=True)),
        ("date:[-1 month to now]", day(2021, 12, 12), day(2022, 1, 12, end=True)),
        ("date:[-1 month to]", day(2021, 12, 12), None),
        ("date:[last week to now]", day(2022, 1, 3), day(2022, 1, 12, end=True)),
    ],
)
def test_dates(text: str, start: dt.datetime | None, end: dt.datetime | None) -> None:
    query = parse(text)
    assert isinstance(query, DateRange)
    assert (query.startdate, query.enddate) == (start, end)


@pytest.mark.parametrize(
    ("text", "default_field"),
    [("2021-12", "date"), ("(date:2021-12)", "text"), ("steel OR date:2021-12", "text")],
)
def test_dates_wherever_a_word_falls_in_the_date_field(text: str, default_field: str) -> None:
    query = parse(text, default_field=default_field)
    ranges = [leaf for leaf in query.leaves() if isinstance(leaf, DateRange)]
    assert [(r.startdate, r.enddate) for r in ranges] == [
        (day(2021, 12, 1), day(2021, 12, 31, end=True))
    ]


def test_dates_default_to_the_local_clock() -> None:
    before = dt.date.today()
    start = parse_query("date:today", SCHEMA).startdate.date()
    assert before <= start <= dt.date.today()


def test_dates_match_whole_days(searcher: Any) -> None:
    assert ids(searcher, parse("date:2021")) == ["d0", "d4"]
    assert ids(searcher, parse("date:[2022-01-01 to]")) == ["d1", "d2", "d3"]
    assert ids(searcher, parse("date:yesterday")) == ["d2"]
    assert ids(searcher, parse("date:[to 2021-06-30] vaccine")) == ["d4"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date:2021-13-45", "cannot read the date '2021-13-45'"),
        ("date:someday", "cannot read the date 'someday'"),
        ("date:[2021-01-01 to someday]", "cannot read the date 'someday'"),
        ("date:[2022-01-01 to 2021-01-01]", "[2022-01-01 to 2021-01-01] ends before it starts"),
    ],
)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message.replace("[", r"\[")):
        parse(text)


# Errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ('tariffs "on steel', "unbalanced '\"' at column 9"),
        ("tariffs (on steel", "unbalanced '(' at column 9"),
        ("tariffs on) steel", "unbalanced ')' at column 11"),
        ("date:[2021 to", "unbalanced '[' at column 6"),
        ("date:2021]", "unbalanced ']' at column 10"),
        ("NOT", "only operators"),
        ("AND OR -", "only operators"),
        ("tariffs OR", "'OR' at column 9 has no words on its right"),
        ("AND tariffs", "'AND' at column 1 has no words on its left"),
        ("tariffs NOT", "'NOT' at column 9 has no words on its right"),
        ("!!! ()", "has no words to search for"),
        ("title: vaccine", "nothing after 'title:' at column 1"),
        ("role:reporters", "unknown role 'reporters'"),
        ('speaker:"!!"', "the speaker name '!!' has no letters"),
        ("tariffs * steel", "'*' at column 9 means every document"),
        ("foo:bar", "unknown field 'foo' in the query; fields are: text, exact, title, speaker, "
                    "role, category, date"),
        ("Speaker:psaki", "unknown field 'Speaker'"),
        ("kind:turn", "unknown field 'kind'"),
    ],
)  # fmt: skip
def test_malformed_queries(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(text)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unknown_default_field() -> None:
    with pytest.raises(ValueError, match="default_field"):
        parse("steel", default_field="kind")


# Cost


@pytest.fixture
def wordy() -> Iterator[Any]:
    words = " ".join(f"x{i:04d}" for i in range(1001))
    ix = make_index({"text": f"abe able abet axe bar bat {words}", "speaker": "bo|bu|by"})
    with ix.searcher() as s:
        yield s.reader()


@pytest.mark.parametrize("text", ["a*", "a* b* c*", "b* a*"])
def test_check_cost_refuses_broad_prefixes(wordy: Any, text: str) -> None:
    with pytest.raises(QueryTooBroadError, match="'a\\*' matches more than 3 words.*longer"):
        check_cost(parse(text), wordy, max_expansions=3)


@pytest.mark.parametrize(
    ("text", "label"), [("text:[a to b]", "[a TO b]"), ("speaker:b*", "speaker:b*")]
)
def test_check_cost_names_the_term(wordy: Any, text: str, label: str) -> None:
    with pytest.raises(QueryTooBroadError, match=f"^'{re.escape(label)}' matches more than 2"):
        check_cost(parse(text), wordy, max_expansions=2)


def test_check_cost_default_limit(wordy: Any) -> None:
    check_cost(parse("x01*"), wordy)
    with pytest.raises(QueryTooBroadError, match="more than 1000 words"):
        check_cost(parse("x*"), wordy)


@pytest.mark.parametrize("text", ["*a*", "*tion", "?be", "speaker:*psaki"])
def test_check_cost_refuses_leading_wildcards(wordy: Any, text: str) -> None:
    with pytest.raises(QueryTooBroadError, match="starts with a wildcard"):
        check_cost(parse(text), wordy)


@pytest.mark.parametrize("text", ["a*", "ab*", "b*", "*", "a?e", "bar -ba* steel"])
def test_check_cost_allows_narrow_queries(wordy: Any, text: str) -> None:
    check_cost(parse(text), wordy, max_expansions=4)


# Filters


def test_build_filter_without_options() -> None:
    assert build_filter(SCHEMA) is None


def test_build_filter_queries() -> None:
    assert build_filter(SCHEMA, speakers=["Jane Doe", "psaki"]) == Or(
        [Term("speaker", "jane-doe"), Term("speaker", "psaki")]
    )
    assert build_filter(SCHEMA, roles=["Reporter"], categories=["Press-Briefings"]) == And(
        [Term("role", "reporter"), Term("category", "press-briefings")]
    )
    assert build_filter(SCHEMA, since=dt.date(2021, 12, 1)) == DateRange(
        "date", day(2021, 12, 1), None
    )


def test_build_filter_search(searcher: Any) -> None:
    def found(**options: Any) -> list[str]:
        return ids(searcher, Every(), build_filter(SCHEMA, **options))

    assert found(speakers=["psaki", "Joe Biden"]) == ["d0", "d1", "d4"]
    assert found(speakers=["psaki"], roles=["reporter"]) == []
    assert found(roles=["REPORTER", "president"]) == ["d1", "d2", "d3"]
    assert found(categories=["press-briefings"], since=dt.date(2022, 1, 1)) == ["d2", "d3"]
    assert found(since=dt.date(2021, 12, 31), until=dt.date(2022, 1, 11)) == ["d0", "d1", "d2"]
    assert found(until=dt.date(2021, 6, 30)) == ["d4"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"roles": ["reporter", "journalist"]}, "unknown role 'journalist'; roles are: podium"),
        ({"speakers": ["!!"]}, "speaker name '!!' has no letters"),
        ({"since": dt.date(2022, 1, 2), "until": dt.date(2022, 1, 1)}, "is after until"),
    ],
)
def test_build_filter_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        build_filter(SCHEMA, **options)


# Title-only queries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:vaccine", True),
        ('title:"vaccine mandates" -title:covid', True),
        ("title:vaccine -steel", True),
        ("title:(vaccine OR mandate)", True),
        ("title:vaccine steel", False),
        ("title:vaccine OR steel", False),
        ("title:vaccine speaker:psaki", False),
        ("vaccine", False),
        ("-title:vaccine", False),
        ("*", False),
    ],
)
def test_is_title_only(text: str, expected: bool) -> None:
    assert is_title_only(parse(text)) is expected


def test_is_title_only_with_title_default_field() -> None:
    assert is_title_only(parse("vaccine mandates", default_field="title"))


@pytest.mark.parametrize(
    "text",
    [
        "gas prices",
        '"Build Back Better"',
        "vacc* OR covid -mask",
        "speaker:psaki inflation",
        '"strategic stability"~3 date:2021',
        "(a OR b) c d",
        "*",
        "title:vaccines booster",
        "text:vaccines booster",
    ],
)
def test_a_query_for_titles_equals_parsing_for_titles(text: str) -> None:
    schema = build_schema()
    derived = for_titles(parse_query(text, schema), text, schema)
    if derived is not None:
        assert derived == parse_query(text, schema, default_field="title")
    assert (derived is None) == (":vaccines" in text)  # they name the fields themselves


def test_relative_dates_are_measured_from_each_calls_now() -> None:
    later = NOW + dt.timedelta(days=40)
    first = parse_query("date:today vaccines", SCHEMA, now=NOW)
    assert parse_query("date:today vaccines", SCHEMA, now=later) != first
    assert parse_query("date:today vaccines", SCHEMA, now=NOW) == first
    assert parse_query("date:today vaccines", SCHEMA, default_field="title", now=NOW) != first
