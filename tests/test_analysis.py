"""Timeline, first uses, speakers, citations, suggestions and explanations on a tiny corpus."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from searchbrief import BriefingIndex, SearchbriefError, read_briefing
from searchbrief.engine.columns import segment_column
from searchbrief.engine.directory import open_index, stems_path
from searchbrief.engine.lengths import field_lengths
from searchbrief.engine.schema import WORD
from searchbrief.engine.spoken import words_by_day
from searchbrief.reports.analyses import in_turn_order
from tests.analysis_files import INFLATION_TURNS, A, B, C, D, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("analysis-corpus"))


@pytest.fixture(scope="module")
def index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    ix, report = BriefingIndex.build(tmp_path_factory.mktemp("analysis-index"), [corpus])
    assert report.failed == () and report.added == 6
    yield ix
    ix.close()


def spoken_by_month(corpus: Path, role: str | None = None) -> Counter[str]:
    """Brute force: the words of every turn (of ``role``'s, if given), narration too, by month."""
    words: Counter[str] = Counter()
    for path in corpus.glob("*.md"):
        briefing = read_briefing(path)
        for turn in briefing.turns:
            if role is None or turn.role == role:
                words[briefing.date.isoformat()[:7]] += len(WORD.findall(turn.text))
    return words


def test_timeline_by_month_counts_turns_briefings_and_words(
    index: BriefingIndex, corpus: Path
) -> None:
    timeline = index.timeline("inflation", by="month")
    assert (timeline.turns, timeline.briefings) == (7, 4)
    rows = [(p.label, p.turns, p.briefings) for p in timeline.periods]
    assert rows == [("2021-01", 4, 2), ("2021-02", 0, 0), ("2021-03", 2, 1), ("2021-04", 0, 0)] + [
        ("2021-05", 1, 1)
    ]
    words = spoken_by_month(corpus)
    for period in timeline.periods:
        assert period.words == words[period.label], period.label
        if period.words:
            assert period.rate == pytest.approx(period.turns * 10_000 / period.words)
    april = timeline.periods[3]
    assert (april.words, april.rate) == (0, None)
    assert timeline.periods[1].rate == 0.0


def test_timeline_periods_have_no_gaps_and_are_cut_at_the_range(index: BriefingIndex) -> None:
    weeks = index.timeline("inflation", by="week").periods
    assert weeks[0].label == "2021-W03" and weeks[-1].label == "2021-W20"
    assert weeks[0].start == dt.date(2021, 1, 20)  # the index's first day, not the Monday
    for before, after in zip(weeks, weeks[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    assert sum(w.turns for w in weeks) == 7
    years = index.timeline("inflation", by="year").periods
    assert [(y.label, y.turns, y.briefings) for y in years] == [("2021", 7, 4)]


def test_timeline_since_until_cut_periods_and_words(index: BriefingIndex, corpus: Path) -> None:
    timeline = index.timeline("inflation", since="2021-01-21", until=dt.date(2021, 3, 31))
    jan, feb, mar = timeline.periods
    assert (jan.start, jan.turns, jan.briefings) == (dt.date(2021, 1, 21), 1, 1)
    assert jan.words == len(WORD.findall("Inflation matters. Vaccines matter too.")) + len(
        WORD.findall("Mr. President, on vaccines? Vaccinated people are safer.")
    )
    assert (mar.end, mar.turns) == (dt.date(2021, 3, 31), 2)
    assert feb.words == spoken_by_month(corpus)["2021-02"]


def test_timeline_filters_narrow_the_turns_and_the_words(index: BriefingIndex) -> None:
    everyone = index.timeline("inflation")
    psaki = index.timeline("inflation", speaker="psaki")
    assert (psaki.turns, psaki.briefings) == (3, 2)
    assert [p.label for p in psaki.periods] == [p.label for p in everyone.periods]
    assert all(a.words <= b.words for a, b in zip(psaki.periods, everyone.periods, strict=True))
    assert sum(p.words for p in psaki.periods) < sum(p.words for p in everyone.periods)
    assert index.timeline("inflation", role=["president", "vice-president"]).turns == 3


def test_timeline_rejects_an_unknown_period(index: BriefingIndex) -> None:
    with pytest.raises(SearchbriefError, match="unknown period 'day'"):
        index.timeline("inflation", by="day")


def test_words_by_day_count_every_turn_narration_too(index: BriefingIndex, corpus: Path) -> None:
    days = words_by_day(open_index(index.directory).reader())
    expected: Counter[dt.date] = Counter()
    for path in corpus.glob("*.md"):
        briefing = read_briefing(path)
        for turn in briefing.turns:
            expected[briefing.date] += len(WORD.findall(turn.text))
    assert days[dt.date(2021, 5, 20)] == expected[dt.date(2021, 5, 20)] > 0  # narration only
    assert days == {day: count for day, count in expected.items() if day in days}


def turn_ids(result: object) -> list[str]:
    return [hit.turns[0].turn_id for hit in result.hits]  # type: ignore[attr-defined]


def test_first_uses_in_order_of_date_briefing_and_turn(index: BriefingIndex) -> None:
    first = index.first("inflation", limit=None)
    assert turn_ids(first) == INFLATION_TURNS
    assert (first.total, first.total_turns) == (4, 7)
    assert turn_ids(index.first("inflation", last=True, limit=3)) == INFLATION_TURNS[::-1][:3]
    hit = first.hits[0]
    assert (hit.date, hit.title, hit.permalink.endswith("/press-briefing-a/")) == (
        dt.date(2021, 1, 20),
        "Press Briefing by Press Secretary Jen Psaki, January 20, 2021",
        True,
    )
    turn = hit.turns[0]
    assert (turn.speaker, turn.role) == ("psaki", "podium")
    assert [turn.snippet[s:e] for s, e in turn.highlights] == ["Inflation"]


def test_first_use_by_each_speaker(index: BriefingIndex) -> None:
    first = index.first("inflation", by_speaker=True)
    assert turn_ids(first) == [f"{A}/2", f"{A}/3", f"{B}/1", f"{C}/2"]
    last = index.first("inflation", by_speaker=True, last=True, limit=2)
    assert turn_ids(last) == [f"{D}/1", f"{C}/2"]
    assert [h.turns[0].speaker for h in last.hits] == ["psaki", "harris"]


def test_speakers_rank_turns_then_briefings(index: BriefingIndex) -> None:
    ranking = index.speakers("inflation")
    assert (ranking.turns, ranking.briefings, ranking.speakers_total) == (7, 4, 4)
    rows = [(s.speaker, s.name, s.role, s.turns, s.briefings) for s in ranking.speakers]
    assert rows == [
        ("psaki", "Jen Psaki", "podium", 3, 2),
        ("biden", "President Biden", "president", 2, 2),
        ("harris", "Vice President Harris", "vice-president", 1, 1),
        ("reporter", "Reporter", "reporter", 1, 1),
    ]
    psaki = ranking.speakers[0]
    assert (psaki.first, psaki.last) == (dt.date(2021, 1, 20), dt.date(2021, 5, 5))
    top = index.speakers("inflation", limit=1, role="president")
    assert [s.speaker for s in top.speakers] == ["biden"] and top.speakers_total == 1


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("inflation", {}),
        ("inflation", {"speaker": "psaki"}),
        ("inflation", {"since": "2021-02-01", "until": "2021-04-30"}),
        ('"strategic stability"', {}),
        ("exact:Vaccines OR vaccinated", {}),
        ("title:remarks inflation", {}),
        ("inflation -transitory", {"category": "press-briefings"}),
        ("title:outlook", {}),
        ("*", {"role": "reporter"}),
        ("vaccines", {"reply_to": "vaccines"}),
    ],
)
def test_counts_agree_with_search(
    index: BriefingIndex, query: str, options: dict[str, str]
) -> None:
    found = index.search(query, by="turn", limit=None, **options)  # type: ignore[arg-type]
    briefings = {hit.briefing_id for hit in found.hits}
    timeline = index.timeline(query, **options)  # type: ignore[arg-type]
    assert (timeline.turns, timeline.briefings) == (found.total_turns, len(briefings))
    assert sum(p.turns for p in timeline.periods) == found.total_turns
    ranking = index.speakers(query, limit=None, **options)  # type: ignore[arg-type]
    assert ranking.turns == found.total_turns
    assert sum(s.turns for s in ranking.speakers) == sum(
        1 for hit in found.hits if hit.turns[0].speaker
    )
    first = index.first(query, limit=None, **options)  # type: ignore[arg-type]
    assert set(turn_ids(first)) == set(turn_ids(found))


def test_cite_gives_the_exact_words_and_attribution(index: BriefingIndex) -> None:
    citation = index.cite(f"{D}/3")
    assert citation.text == "Yes.\n\nTwo paragraphs, in fact."
    assert (citation.speaker, citation.speaker_name, citation.role) == (
        "psaki",
        "Jen Psaki",
        "podium",
    )
    assert citation.title == "Press Briefing by Press Secretary Jen Psaki, May 5, 2021"
    assert citation.date == dt.date(2021, 5, 5) and citation.number == 3
    assert citation.permalink.endswith("/press-briefing-d/")
    assert citation.to_dict()["date"] == "2021-05-05"


@pytest.mark.parametrize("turn_id", [f"{D}/99", "nothing", f"b:{D}", ""])
def test_cite_of_a_missing_turn_is_a_lookup_error(index: BriefingIndex, turn_id: str) -> None:
    with pytest.raises(LookupError) as info:
        index.cite(turn_id)
    assert isinstance(info.value, SearchbriefError)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Stategic Stabilty", "strategic stability"),
        ("inflaton", "inflation"),
        ('"Stategic Stabilty" speaker:psaky', '"strategic stability" speaker:psaky'),
        ("title:Inflaton OR vaccnes", "title:inflation OR vaccines"),
        ("inflation", None),
        ("infrastructur", None),  # stems like "infrastructure": it matches already
        ("infl*", None),
        ("qzxv", None),
    ],
)
def test_suggest(index: BriefingIndex, query: str, expected: str | None) -> None:
    assert index.suggest(query) == expected


def test_suggest_without_a_stem_table(corpus: Path, tmp_path: Path) -> None:
    ix, _ = BriefingIndex.build(tmp_path / "index", [corpus / "a.md"])
    assert ix.suggest("inflaton") == "inflation"
    stems_path(ix.directory).unlink()
    assert ix.suggest("inflaton") is None


def test_explain_names_words_stems_phrases_dates_and_filters(index: BriefingIndex) -> None:
    text = index.explain(
        '"Strategic Stability" inflation date:"last week" -title:remarks',
        speaker=["psaki", "biden"],
        since="2021-01-01",
        sort="newest",
        by="turn",
        now=dt.datetime(2022, 2, 3, 12),
    )
    lines = text.splitlines()
    assert lines[0] == 'query: "Strategic Stability" inflation date:"last week" -title:remarks'
    assert '    the phrase "strategic stability" (any form: stems "strateg stabil")' in lines
    assert '    the word "inflation" (any form: stem "inflat")' in lines
    assert "    dated from 2022-01-24 to 2022-01-30 (inclusive)" in lines
    assert '      a briefing title with the word "remarks" (any form: stem "remark")' in lines
    assert "filters: speaker psaki or biden; from 2021-01-01 on" in lines
    assert lines[-1] == "results: turns, newest first"


def test_explain_bare_words_exact_and_reply_to(index: BriefingIndex) -> None:
    text = index.explain("strategic stability", exact=True, reply_to="vaccines")
    assert 'exactly the word "strategic"' in text
    assert 'ranked first where "strategic stability" stand together' in text
    assert "words: as written, not stemmed (--exact)" in text
    assert "only answers to a reporter's question matching:" in text
    assert "any word starting with" in index.explain("vacc*")
    assert "every turn" in index.explain("*")


def test_bulk_columns_equal_whoosh_one_by_one(index: BriefingIndex) -> None:
    reader = open_index(index.directory).reader()
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        lengths = field_lengths(leaf, "text")
        assert lengths is not None
        assert list(lengths) == [leaf.doc_field_length(d, "text") or 0 for d in range(count)]
        dates = leaf.column_reader("date", translate=False)
        assert segment_column(leaf, "date") == [dates[d] for d in range(count)]
        ids = leaf.column_reader("briefing_id")
        assert segment_column(leaf, "briefing_id", bytes.decode) == [ids[d] for d in range(count)]


def test_words_after_an_update_and_in_long_turns(corpus: Path, tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "source")
    long_turn = " ".join(f"word{i}" for i in range(537))
    (source / "e.md").write_text(
        (corpus / "e.md").read_text().replace("Yes, and so are jobs.", long_turn)
    )
    ix, _ = BriefingIndex.build(tmp_path / "index", [source])
    (source / "d.md").write_text((corpus / "d.md").read_text().replace("Yes.", "No, never."))
    ix.update([source])
    found = {p.label: p.words for p in ix.timeline("inflation").periods}
    expected = spoken_by_month(source)
    assert found["2021-05"] == expected["2021-05"]  # the replaced briefing counts once
    assert found["2021-02"] == pytest.approx(expected["2021-02"], rel=0.02)
    assert sum(found.values()) == pytest.approx(sum(expected.values()), rel=0.005)


def test_turns_of_a_briefing_go_by_number_not_document_order() -> None:
    # The indexer's writer processes can put a briefing's turns in two segments,
    # the later turns first.
    numbers = {7: 12, 8: 13, 40: 1, 41: 4}
    session = SimpleNamespace(
        searcher=SimpleNamespace(stored_fields=lambda d: {"number": numbers[d]})
    )
    assert in_turn_order(session, [7, 8, 40, 41], newest=False) == [40, 41, 7, 8]  # type: ignore[arg-type]
    assert in_turn_order(session, [7, 8, 40, 41], newest=True) == [8, 7, 41, 40]  # type: ignore[arg-type]


def test_a_timeline_divides_by_the_words_of_the_turns_it_counts_among(
    index: BriefingIndex, corpus: Path
) -> None:
    # The same population on both sides: with --role, that role's words; a
    # period with a match always has words, so always a rate.
    timeline = index.timeline("inflation", by="month", role="podium")
    assert timeline.words_of == "the turns the filters keep"
    expected = spoken_by_month(corpus, role="podium")
    for period in timeline.periods:
        assert period.words == expected[period.label], period.label
        assert not period.turns or period.rate is not None
    assert index.timeline("inflation").words_of == "every turn"
