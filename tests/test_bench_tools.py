"""The benchmark's tools: FTS5 baseline, brute-force reference, known items, MRR."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bruteforce import BruteForce, matching_briefings
from bench.fts5 import build_fts5, count_fts5, search_fts5, to_match
from bench.known_items import (
    KnownItem,
    generate_known_items,
    letter_words,
    mrr_at_10,
    read_items,
    write_items,
)
from bench.queries import Term, parse_query, read_queries
from bench.relevance import main
from searchbrief import Briefing, read_briefing

NBSP = "\u00a0"
# name -> (title, body); bodies use the corpus's label forms: NBSP after labels, Q + NBSPs
BRIEFINGS = {
    "economy": (
        "Press Briefing by Press Secretary Jen Psaki",
        f"MS. PSAKI:{NBSP} Good afternoon. Gas prices are up, and the Build Back\n"
        f"Better agenda would extend the child{NBSP}tax{NBSP}credit for families.\n\n"
        f"Q{NBSP}{NBSP}{NBSP} What about COVID-19 in the U.S.? Don't the\n"
        "mayors worry about pipelines and refineries?\n\n"
        f"MS. PSAKI:{NBSP} I don't think so. Refineries in Louisiana reopened quickly.",
    ),
    "foreign": (
        "Remarks by President Biden on Afghanistan",
        f"THE PRESIDENT:{NBSP} The evacuation from Kabul airlifted thousands of evacuees.\n\n"
        f"Q{NBSP}{NBSP}{NBSP} Will sanctions on Moscow broaden? Tax credits too?\n\n"
        f"THE PRESIDENT:{NBSP} Diplomats negotiated a ceasefire near Kandahar yesterday.",
    ),
    "climate": (
        "Press Gaggle on Climate",
        f"MS. JEAN-PIERRE:{NBSP} Climate change threatens coastlines and glaciers.\n\n"
        f"Q{NBSP}{NBSP}{NBSP} Are offshore turbines getting permits from regulators?\n\n"
        f"MS. JEAN-PIERRE:{NBSP} Turbines, transmission lines and batteries, all of it.",
    ),
    "vaccines": (
        "Press Briefing on the Pandemic",
        f"DR. FAUCI:{NBSP} Booster shots strengthen immunity against variants.\n\n"
        f"Q{NBSP}{NBSP}{NBSP} Do pharmacies stockpile syringes, freezers and vials?\n\n"
        f"DR. FAUCI:{NBSP} Pharmacies replenish inventories weekly; nobody hoards vials.",
    ),
}


def write_briefing(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(
        "---\n"
        f"title: {title}\n"
        "date: '2021-06-01'\n"
        "category: press-briefings\n"
        f"permalink: https://www.whitehouse.gov/briefing-room/press-briefings/2021/06/01/{name}/\n"
        "---\n\n"
        f"{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, (title, body) in BRIEFINGS.items():
        write_briefing(folder, name, title, body)
    return folder


@pytest.fixture
def briefings(corpus: Path) -> list[Briefing]:
    return [read_briefing(path) for path in sorted(corpus.glob("*.md"))]


def ids(names: str) -> set[str]:
    return {f"2021-06-01-{name}" for name in names.split()}


@pytest.fixture
def document_db(briefings: list[Briefing], tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "fts5.sqlite"
    stats = build_fts5(briefings, path, "document")
    assert (stats.briefings, stats.rows) == (4, 4)
    assert stats.seconds > 0 and stats.db_bytes > 0
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def test_fts5_document_search_finds_the_right_briefing(document_db: sqlite3.Connection) -> None:
    hits = search_fts5(document_db, "refineries Louisiana", "document")
    assert [h.briefing_id for h in hits] == ["2021-06-01-economy"]
    assert hits[0].score > 0
    assert "[Louisiana]" in hits[0].snippet
    assert search_fts5(document_db, "refineries Kandahar", "document") == []


def test_fts5_turn_level_ranks_briefings_once(briefings: list[Briefing], tmp_path: Path) -> None:
    path = tmp_path / "turns.sqlite"
    stats = build_fts5(briefings, path, "turn")
    assert stats.rows == sum(len(b.turns) for b in briefings)
    with sqlite3.connect(path) as conn:
        hits = search_fts5(conn, "pharmacies", "turn")
        assert [h.briefing_id for h in hits] == ["2021-06-01-vaccines"]
        assert count_fts5(conn, "pharmacies", "turn") == 2
        assert search_fts5(conn, "pharmacies", "turn", snippets=False)[0].snippet == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gas prices", '"gas" "prices"'),
        ('"Build Back Better" agenda', '"Build Back Better" "agenda"'),
        ('"COVID-19"', '"COVID-19"'),
        ("don't U.S.", '"don\'t" "U.S."'),
        ("gas OR NOT prices*", '"gas" "OR" "NOT" "prices*"'),
        ("\u201cchild tax credit\u201d", '"child tax credit"'),
        ('"unclosed phrase', '"unclosed phrase"'),
        ("gas\0prices", '"gas" "prices"'),
        ("-- ... ()", None),
    ],
)
def test_to_match_quotes_every_term(query: str, expected: str | None) -> None:
    assert to_match(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"COVID-19"', "economy"),
        ("COVID-19", "economy"),
        ("don't", "economy"),
        ("U.S.", "economy"),
        ('"Build Back Better"', "economy"),
        ("NEAR(gas prices)", ""),  # the phrases "near gas" and "prices", not NEAR()
        ("column:gas", ""),
    ],
)
def test_fts5_punctuation_cannot_break_the_syntax(
    document_db: sqlite3.Connection, query: str, expected: str
) -> None:
    found = {h.briefing_id for h in search_fts5(document_db, query, "document")}
    assert found == (ids(expected) if expected else set())


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40))
def test_any_text_is_a_valid_query(
    briefings: list[Briefing], document_db: sqlite3.Connection, query: str
) -> None:
    search_fts5(document_db, query, "document")
    count_fts5(document_db, query, "document", column="text")
    matching_briefings(briefings, query)


def test_parse_query_splits_phrases_and_bare_words() -> None:
    assert parse_query('  "the  President" gas -- U.S. "x') == (
        Term("the President", True),
        Term("gas", False),
        Term("U.S.", False),
        Term("x", True),
    )


def test_read_queries_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "dev.txt"
    path.write_text('# comment\n"Build Back Better"\n\n  gas prices  \n', encoding="utf-8")
    assert read_queries(path) == ['"Build Back Better"', "gas prices"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"Build Back Better"', "economy"),  # a line break in the raw file
        ('"child tax credit"', "economy"),  # non-breaking spaces in the raw file
        ('"tax credit"', "economy"),  # not "Tax credits": whole words only
        ('"gas prices"', "economy"),  # case-insensitive
        ('"prices gas"', ""),  # in order
        ("gas Louisiana", "economy"),  # bare words: all of them, anywhere
        ("gas Kabul", ""),
        ("refiner", ""),  # no stemming, no prefixes
        ("COVID-19 don't U.S.", "economy"),
        ('"U.S. Don\'t the mayors"', "economy"),  # punctuation and a line break
        ("--", ""),
    ],
)
def test_bruteforce_matches_whole_words_across_spacing(
    briefings: list[Briefing], query: str, expected: str
) -> None:
    assert matching_briefings(briefings, query) == (ids(expected) if expected else set())


def test_bruteforce_shows_where_fts5_stems(
    briefings: list[Briefing], document_db: sqlite3.Connection
) -> None:
    reference = BruteForce(briefings)
    assert reference.matching('"tax credits"') == ids("foreign")
    fts5 = {h.briefing_id for h in search_fts5(document_db, '"tax credits"', "document")}
    assert fts5 == ids("economy foreign")  # porter: credit = credits


def test_known_items_are_deterministic_and_findable(briefings: list[Briefing]) -> None:
    first = generate_known_items(briefings, n=3, seed=7, max_df=0.5, min_turns=1)
    again = generate_known_items(list(reversed(briefings)), n=3, seed=7, max_df=0.5, min_turns=1)
    assert first == again
    assert len(first) == 3
    assert len({item.target for item in first}) == 3
    by_id = {b.briefing_id: b for b in briefings}
    for item in first:
        words = item.query.split()
        assert 3 <= len(words) <= 5
        assert all(len(w) >= 4 for w in words)
        assert set(words) <= set(letter_words(item.sentence))
        assert item.sentence in by_id[item.target].text
        assert item.target in matching_briefings(briefings, item.query)


def test_known_items_skip_common_words(tmp_path: Path) -> None:
    two = [
        read_briefing(write_briefing(tmp_path, name, "Remarks", f"THE PRESIDENT:{NBSP} {text}"))
        for name, text in [("a", "Oysters from Ghent."), ("b", "Lobsters from Maine.")]
    ]
    items = generate_known_items(two, n=2, seed=1, max_df=1.0, min_turns=1)
    assert sorted(item.query for item in items) == ["lobsters from maine", "oysters from ghent"]
    # "from" is in both briefings: above 50%, so neither sentence has 3 rare words
    assert generate_known_items(two, n=2, seed=1, max_df=0.5, min_turns=1) == []


def test_known_items_round_trip_through_json_lines(tmp_path: Path) -> None:
    items = [KnownItem("gas prices louisiana", "2021-06-01-economy", "Gas — “prices”.")]
    path = tmp_path / "work" / "items.jsonl"
    write_items(items, path)
    assert read_items(path) == items


def test_mrr_at_10_math() -> None:
    rankings = {
        "first": ["t1", "x"],
        "second": ["x", "t2"],
        "fourth": ["x", "y", "z", "t3"],
        "missing": ["x"],
        "eleventh": [f"x{i}" for i in range(10)] + ["t5"],
    }
    items = [
        KnownItem(query, f"t{n}", "")
        for n, query in enumerate(["first", "second", "fourth", "missing", "eleventh"], 1)
    ]
    scores = mrr_at_10(items, lambda query: rankings[query])
    assert scores == pytest.approx(
        {"mrr@10": (1 + 1 / 2 + 1 / 4) / 5, "success@1": 1 / 5, "success@10": 3 / 5, "n": 5}
    )
    assert mrr_at_10([], lambda query: [])["n"] == 0


def test_relevance_cli_reports_on_a_tiny_corpus(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "dev.txt"
    queries.write_text('"tax credit"\nrefineries\n', encoding="utf-8")
    args = ["--corpus", str(corpus), "--work", str(tmp_path / "work"), "--queries", str(queries)]
    assert main([*args, "--items", "2"]) == 0
    out = capsys.readouterr().out
    assert "fts5 bm25 (document)" in out
    assert "searchbrief" in out
    assert (tmp_path / "work" / "known_items.jsonl").exists()
    row = next(line for line in out.splitlines() if line.startswith('"tax credit"'))
    # brute, fts5 text, fts5 all, fts5 only, brute only: porter adds "Tax credits"
    assert row.split()[-5:] == ["1", "2", "2", "1", "0"]
