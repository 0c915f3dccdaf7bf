"""The benchmark's tools: FTS5 baseline, brute-force reference, known items, MRR."""

from __future__ import annotations

import math
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.analyses import cli_arguments, library_calls, pick_queries, warm_analyses
from bench.bruteforce import BruteForce, matching_briefings
from bench.capacity import (
    describe,
    estimates,
    fit_affine,
    fit_power,
    largest_affine,
    largest_size,
    trend,
)
from bench.corpus import corpus_files
from bench.fresh import parse_importtime
from bench.fts5 import build_fts5, count_fts5, search_fts5, to_match
from bench.fts5_sync import sync
from bench.known_items import (
    KnownItem,
    generate_known_items,
    letter_words,
    mrr_at_10,
    read_items,
    write_items,
)
from bench.proctree import run_measured
from bench.queries import Term, parse_query, read_queries
from bench.relevance import main
from bench.report import analyses_table
from bench.scale import make_scaled_corpus, rewrite_front_matter, shift_dates
from bench.stats import median, percentile, ratio, summary
from bench.table import fmt_mb, fmt_ms, fmt_ratio, fmt_s, format_table, markdown_table
from searchbrief import Briefing, BriefingIndex, read_briefing

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


# --- make bench: the pure parts (no timing is asserted anywhere) ---


def test_pick_queries_takes_the_nearest_to_a_few_thousand_turns_and_the_broadest() -> None:
    counts = {"rare": 40, "usual": 2200, "common": 9000, "the": 40000, "none": 0}
    assert pick_queries(counts) == {"typical": "usual", "broadest": "the"}
    assert pick_queries({"a": 5, "b": 5}) == {"typical": "a", "broadest": "b"}
    assert pick_queries({"only": 7, "none": 0}) == {"typical": "only"}
    assert pick_queries({"none": 0}) == {}


def test_analysis_commands_are_timed_on_the_picked_queries(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    BriefingIndex.build(index_dir, [corpus])
    with BriefingIndex.open(index_dir) as index:
        picked = warm_analyses(index, ["pharmacies", "vials", "nothingmatches"], 2, 1)
        assert [(k, v["query"], v["turns"]) for k, v in picked.items()] == [
            ("typical", "pharmacies", 2),
            ("broadest", "vials", 2),  # a tie goes to the last in order
        ]
        assert picked["typical"]["turn_id"] == "2021-06-01-vaccines/2"
        assert index.cite(picked["typical"]["turn_id"]).text.startswith("Do pharmacies")
        assert set(picked["typical"]["warm"]) == set(library_calls(index, "x", "y"))
        assert all(len(times) == 2 for times in picked["typical"]["warm"].values())
    arguments = cli_arguments('"tax credit"', "some/1")
    assert arguments.keys() == picked["typical"]["warm"].keys()
    assert arguments["cite"] == ["cite", "some/1"]
    assert arguments["timeline (week)"] == ["timeline", '"tax credit"', "--by", "week"]


def test_analyses_table_marks_commands_over_one_second() -> None:
    def figures(seconds: float) -> dict[str, float]:
        return {"median": seconds, "p95": seconds * 2}

    table = analyses_table(
        {
            "typical": {
                "query": "border",
                "turns": 1280,
                "warm": {"speakers": figures(0.2), "cite": figures(0.001)},
                "fresh": {"speakers": figures(1.5), "cite": figures(0.3)},
            }
        }
    )
    lines = table.splitlines()
    assert "typical: border (1,280 turns)" in lines[2]
    assert lines[2].split()[-7:] == ["200.0", "ms", "1,500.0", "ms", "3,000.0", "ms", "no"]
    assert lines[2].rstrip().endswith("no") and lines[3].rstrip().endswith("yes")


def test_rewrite_front_matter_shifts_dates_and_suffixes_the_slug() -> None:
    text = (
        "---\n"
        "category: press-briefings\n"
        "date: '2021-12-29'\n"
        "modified_time: 2021-12-29 14:55:54-05:00\n"
        "permalink: https://www.whitehouse.gov/briefing-room/press-briefings/2021/12/29/call/\n"
        "published_time: 2021-12-29 15:00:00-05:00\n"
        'title: "A title\\\n'
        "  \\ date: 2021-01-01 inside a folded line"
        '"\n'
        "---\n\n"
        "MS. PSAKI: On 2021-12-29 nothing moved.\n"
    )
    copy = rewrite_front_matter(text, 2)
    assert rewrite_front_matter(text, 0) == text
    assert "date: '2024-03-08'\n" in copy  # 800 days later
    assert "modified_time: 2024-03-08 14:55:54-05:00\n" in copy
    assert "published_time: 2024-03-08 15:00:00-05:00\n" in copy
    assert "/2021/12/29/call-copy2/\n" in copy
    assert "  \\ date: 2021-01-01 inside a folded line" in copy  # not a top-level key
    assert copy.endswith("MS. PSAKI: On 2021-12-29 nothing moved.\n")  # the text is kept


@pytest.mark.parametrize(
    "text",
    [
        "no front matter\ndate: 2021-01-01\n",
        "---\ndate: 2021-01-01\nnever closed\n",
    ],
)
def test_rewrite_front_matter_leaves_files_without_front_matter(text: str) -> None:
    assert rewrite_front_matter(text, 1) == text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.gov/a/2021/01/02/slug/", "https://x.gov/a/2021/01/02/slug-copy1/"),
        ("https://x.gov/a/slug", "https://x.gov/a/slug-copy1"),
        ("'https://x.gov/a/slug/?p=1#top'", "'https://x.gov/a/slug-copy1/?p=1#top'"),
        ("https://", "https://"),
    ],
)
def test_permalink_slugs_get_the_copy_suffix(url: str, expected: str) -> None:
    assert rewrite_front_matter(f"---\npermalink: {url}\n---\nbody\n", 1) == (
        f"---\npermalink: {expected}\n---\nbody\n"
    )


def test_shift_dates_keeps_what_is_not_a_day() -> None:
    assert shift_dates("2021-02-28 and 2021-02-30", 1) == "2021-03-01 and 2021-02-30"
    assert shift_dates("2020-02-28T10:00", 400) == "2021-04-03T10:00"


def test_scaled_corpus_reads_as_new_briefings(corpus: Path, tmp_path: Path) -> None:
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "skipped.md").write_text("---\ntitle: x\n---\nx\n", encoding="utf-8")
    dest = make_scaled_corpus(corpus, tmp_path / "scale-3", 3)
    files = corpus_files(dest)
    assert len(files) == 3 * len(BRIEFINGS)
    briefings = [read_briefing(path) for path in files]
    assert len({b.briefing_id for b in briefings}) == len(files)
    assert {b.date.isoformat() for b in briefings} == {"2021-06-01", "2022-07-06", "2023-08-10"}
    by_copy = {b.briefing_id: b.text for b in briefings}
    assert by_copy["2021-06-01-economy"] == by_copy["2023-08-10-economy-copy2"]
    original = (dest / "copy0" / "economy.md").read_bytes()
    assert original == (corpus / "economy.md").read_bytes()
    stamp = dest.with_name("scale-3.stamp").read_text(encoding="utf-8")
    assert make_scaled_corpus(corpus, dest, 3) == dest  # reused: the stamp matches
    assert dest.with_name("scale-3.stamp").read_text(encoding="utf-8") == stamp


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([3.0], 95, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 100, 4.0),
        ([float(v) for v in range(1, 21)], 95, 19.05),  # numpy's "linear"
        ([10.0, 20.0], 25, 12.5),
    ],
)
def test_percentile_interpolates_linearly(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="0-100"):
        percentile([1.0], 101)


def test_summary_and_ratio() -> None:
    assert summary([2.0, 1.0, 3.0]) == {"median": 2.0, "p95": 2.9, "min": 1.0, "max": 3.0, "n": 3}
    assert summary([])["n"] == 0
    assert median([5.0, 1.0]) == 3.0
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None and ratio(1.0, 0.0) is None


def test_format_table_aligns_columns() -> None:
    table = format_table(["name", "value"], [["a", "1.0 s"], ["longer", "12.5 s"]])
    assert table.splitlines() == [
        "name     value",
        "------  ------",
        "a        1.0 s",
        "longer  12.5 s",
    ]
    with pytest.raises(ValueError, match="cells"):
        format_table(["a", "b"], [["only one"]])


def test_markdown_table_right_aligns_numbers() -> None:
    assert markdown_table(["", "x"], [["build", "1.0 s"]]).splitlines() == [
        "|  | x |",
        "| --- | ---: |",
        "| build | 1.0 s |",
    ]


@pytest.mark.parametrize(
    ("formatter", "value", "expected"),
    [
        (fmt_ms, 0.00123, "1.23 ms"),
        (fmt_ms, 0.0456, "45.6 ms"),
        (fmt_s, 3.14159, "3.14 s"),
        (fmt_s, 125.0, "125.0 s"),
        (fmt_mb, 2_500_000, "2.5 MB"),
        (fmt_ratio, 2.345, "2.35×"),
        (fmt_ratio, 46.04, "46.0×"),
        (fmt_ms, None, "-"),
        (fmt_ratio, None, "-"),
    ],
)
def test_number_formats(formatter: Callable[[Any], str], value: Any, expected: str) -> None:
    assert formatter(value) == expected


def test_power_fit_recovers_exponent_and_solves_for_a_target() -> None:
    linear = fit_power([(10.0, 2.0), (20.0, 4.0), (40.0, 8.0)])
    assert linear.b == pytest.approx(1.0) and not linear.assumed
    assert largest_size(linear, 30.0, 40.0) == pytest.approx(150.0)
    root = fit_power([(1.0, 1.0), (4.0, 2.0), (16.0, 4.0)])
    assert root.b == pytest.approx(0.5)
    assert trend(root.b) == "sub-linear" and trend(1.0) == "linear" and trend(0.05) == "flat"
    flat = fit_power([(1.0, 5.0), (2.0, 5.0)])
    assert largest_size(flat, 10.0, 2.0) == math.inf
    assert largest_size(flat, 1.0, 2.0) == 0.0
    one = fit_power([(40.0, 120.0)])
    assert one.assumed and one.b == 1.0 and describe(one).endswith("(assumed: one size measured)")
    assert largest_size(one, 30.0, 40.0) == pytest.approx(10.0)
    assert fit_power([(40.0, 2.5)], assume=0.0).at(400.0) == pytest.approx(2.5)


def test_capacity_estimates_name_the_binding_target() -> None:
    def figures(factor: int) -> dict[str, Any]:
        return {
            "corpus": {"files": 1000 * factor, "bytes": 10_000_000 * factor},
            "build": {"searchbrief": {"wall": 20.0 * factor, "index_ratio": 2.0}},
            "warm": {"searchbrief": {"all": {"median": 0.002 * factor}}},
            "fresh": {"searchbrief": {"median": 0.3}},  # start-up alone is over 250 ms
            "reindex": {"searchbrief": {"nothing": {"wall": {"median": 0.5 * factor}}}},
        }

    result = estimates({"1": figures(1), "2": figures(2), "4": figures(4)})
    assert result["binding"] == "full build < 30 s"
    assert result["missed"] == ["fresh query < 250 ms (median)"]
    assert result["largest_mb"] == pytest.approx(15.0)
    assert result["largest_docs"] == pytest.approx(1500.0)
    rows = {row["target"]: row for row in result["targets"]}
    assert rows["index < 3× corpus"]["largest_mb"] is None  # a flat ratio under the target
    assert rows["warm top-10 query < 10 ms (median)"]["largest_mb"] == pytest.approx(50.0)


def test_parse_importtime_sums_self_times() -> None:
    report = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   _io\n"
        "import time:      1000 |       1120 | searchbrief\n"
        "some other line\n"
    )
    assert parse_importtime(report) == pytest.approx(0.00112)


def test_fts5_sync_adds_skips_replaces_and_removes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "turns.sqlite"
    first = sync(db, corpus, "turn")
    assert (first["files"], first["added"], first["unchanged"]) == (4, 4, 0)
    again = sync(db, corpus, "turn")
    assert (again["read"], again["unchanged"], again["rows"]) == (0, 4, first["rows"])
    economy = corpus / "economy.md"
    economy.write_text(economy.read_text(encoding="utf-8") + "\nQ  Kumquats?\n", encoding="utf-8")
    (corpus / "climate.md").unlink()
    changed = sync(db, corpus, "turn")
    assert (changed["read"], changed["updated"], changed["removed"]) == (1, 1, 1)
    with sqlite3.connect(db) as conn:
        assert count_fts5(conn, "kumquats", "turn") == 1
        assert count_fts5(conn, "turbines", "turn") == 0
        assert {h.briefing_id for h in search_fts5(conn, "pharmacies", "turn")} == ids("vaccines")
    conn.close()


def test_a_fixed_cost_over_the_target_is_missed_at_every_size() -> None:
    assert fit_affine([(10.0, 0.7), (20.0, 0.8), (40.0, 1.0)]) == pytest.approx((0.6, 0.01))
    assert largest_affine(0.6, 0.01, 0.25, 40.0) == 0.0
    assert largest_affine(0.1, 0.01, 0.25, 40.0) == pytest.approx(15.0)
    assert largest_affine(2.0, 0.0, 3.0, 40.0) == math.inf
    assert fit_affine([(40.0, 2.0)], assume=0.0) == (2.0, 0.0)
    assert fit_affine([(40.0, 2.0)]) == (0.0, 0.05)


def test_run_measured_reports_the_command_not_the_bench_process() -> None:
    ballast = bytearray(300 * 1024 * 1024)  # a big parent must not inflate the child's peak
    ballast[:: 1 << 20] = b"\1" * len(ballast[:: 1 << 20])
    code = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"
    measured = run_measured([sys.executable, "-c", code], sample=False)
    assert (measured.returncode, measured.stdout, measured.stderr) == (3, "out\n", "err\n")
    assert 0 < measured.max_rss < 200 * 1024 * 1024
    assert measured.peak_tree_rss == 0
    del ballast
