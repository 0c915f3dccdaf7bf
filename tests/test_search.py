"""Searching a small index built from the hand-written fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from searchbrief import BriefingIndex, SearchResult
from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from tests.conftest import BRIEFINGS

ARMS = "2021-07-14-search-fixture-arms-control"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    ix, report = BriefingIndex.build(tmp_path_factory.mktemp("index"), [BRIEFINGS])
    assert report.failed == () and report.added > 20
    yield ix
    ix.close()


def ids(result: SearchResult) -> list[str]:
    return [hit.briefing_id for hit in result.hits]


def highlighted(result: SearchResult) -> list[str]:
    return [
        turn.snippet[s:e] for hit in result.hits for turn in hit.turns for s, e in turn.highlights
    ]


def test_phrase_across_line_break_and_nbsp(index: BriefingIndex) -> None:
    result = index.search('"Strategic Stability Dialogue"', by="turn", limit=None)
    assert ids(result) == [ARMS, ARMS]
    assert highlighted(result) == ["Strategic Stability Dialogue"] * 2


def test_phrase_highlighted_as_a_unit_only_where_it_occurs(index: BriefingIndex) -> None:
    result = index.search('"Strategic Stability Dialogue"', by="turn", limit=None)
    question = next(h.turns[0] for h in result.hits if h.turns[0].role == "reporter")
    assert "strategic reserve" in question.snippet
    assert [question.snippet[s:e] for s, e in question.highlights] == [
        "Strategic Stability Dialogue"
    ]


def test_bare_words_rank_the_phrase_first(index: BriefingIndex) -> None:
    result = index.search("Strategic Stability Dialogue", by="turn", limit=None)
    assert result.total_turns == 2
    assert ids(result)[0] == ARMS


def test_common_word_phrase_matches_only_adjacent_words(index: BriefingIndex) -> None:
    result = index.search('"the President"', by="turn", limit=None)
    texts = [hit.turns[0].snippet for hit in result.hits]
    assert any("The President said so" in t for t in texts)
    assert not any("the vice president" in t and "The President" not in t for t in texts)


def test_markdown_emphasis_is_a_separator(index: BriefingIndex) -> None:
    assert ARMS in ids(index.search('"Build Back Better"'))


def test_covid_19_found_by_covid_and_by_covid_19(index: BriefingIndex) -> None:
    assert ARMS in ids(index.search("covid-19"))
    assert ARMS in ids(index.search("covid"))


def test_stemmed_match_is_highlighted(index: BriefingIndex) -> None:
    result = index.search("vaccines", by="turn", limit=None)
    assert "vaccinated" in highlighted(result)


def test_exact_does_not_stem(index: BriefingIndex) -> None:
    stemmed = index.search("vaccines", by="turn", limit=None)
    exact = index.search("vaccines", exact=True, by="turn", limit=None)
    assert stemmed.total_turns > exact.total_turns >= 1
    assert set(highlighted(exact)) == {"Vaccines"}
    assert index.search("exact:vaccinated", by="turn", limit=None).total_turns == 2


def test_speaker_filter(index: BriefingIndex) -> None:
    result = index.search("vaccinated", speaker="psaki", by="turn")
    assert [h.turns[0].speaker for h in result.hits] == ["psaki"]
    biden = index.search("vaccinated OR vaccines", speaker="biden", by="turn", limit=None)
    assert {h.turns[0].speaker for h in biden.hits} == {"biden"}
    jill = index.search("vaccinated", speaker="Jill Biden", by="turn", limit=None)
    assert {h.turns[0].speaker for h in jill.hits} == {"jill-biden"}
    assert index.search("speaker:psaki vaccinated").total == 1


def test_role_and_category_filters(index: BriefingIndex) -> None:
    result = index.search("Dialogue", role="reporter", by="turn", limit=None)
    assert [h.turns[0].role for h in result.hits] == ["reporter"]
    assert index.search("Dialogue", category="statements-releases").total == 0
    assert index.search("category:press-briefings Dialogue").total == 1


def test_date_filters(index: BriefingIndex) -> None:
    assert index.search("vaccinated", since="2022-01-01").total == 1
    assert index.search("vaccinated", until=dt.date(2021, 12, 31)).total == 2
    assert index.search("vaccinated date:2022-02").total == 1
    assert index.search("vaccinated date:[2021-07-14 to 2021-07-14]").total == 1
    assert index.search("vaccinated date:[to 2021-02-28]").total == 0


def test_relative_dates_use_the_injected_clock(index: BriefingIndex) -> None:
    now = dt.datetime(2022, 2, 3, 12, 0)
    assert index.search("vaccinated date:yesterday", now=now).total == 1
    assert index.search("vaccinated date:today", now=now).total == 0


def test_title_match_is_a_briefing_hit_not_a_turn_hit(index: BriefingIndex) -> None:
    result = index.search("lighthouse")
    assert ids(result) == ["2021-03-02-search_title_only_match"]
    hit = result.hits[0]
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Lighthouse"]
    assert hit.turns == ()
    assert index.search("lighthouse", by="turn").total_turns == 0


def test_title_field_narrows_turns(index: BriefingIndex) -> None:
    narrowed = index.search("title:vaccines vaccinated", by="turn", limit=None)
    assert {h.briefing_id for h in narrowed.hits} == {ARMS}


def test_limit_offset_and_sort(index: BriefingIndex) -> None:
    everything = index.search("vaccinated OR vaccines", limit=None)
    assert everything.total == len(everything.hits) == 3
    newest = index.search("vaccinated OR vaccines", sort="newest")
    oldest = index.search("vaccinated OR vaccines", sort="oldest")
    assert [h.date for h in newest.hits] == sorted(h.date for h in newest.hits)[::-1]
    assert ids(oldest) == ids(newest)[::-1]
    assert ids(index.search("vaccinated OR vaccines", sort="newest", offset=1, limit=1)) == [
        ids(newest)[1]
    ]


def test_to_dict_schema(index: BriefingIndex) -> None:
    data = index.search('"Strategic Stability Dialogue"').to_dict()
    assert set(data) == {"query", "total", "total_turns", "title_only", "results"}
    hit = data["results"][0]
    assert {
        "briefing_id",
        "path",
        "title",
        "date",
        "category",
        "permalink",
        "score",
        "turns",
    } <= set(hit)
    assert hit["date"] == "2021-07-14"
    assert Path(hit["path"]).is_absolute()
    turn = hit["turns"][0]
    assert {
        "turn_id",
        "speaker",
        "speaker_name",
        "role",
        "exchange",
        "snippet",
        "highlights",
    } <= set(turn)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "(open", "date:[2021-01-01 to", "nosuchfield:x", "date:2021-13-45"],
)
def test_malformed_queries(index: BriefingIndex, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        index.search(query)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("query", ["*tion", "v* a*"])
def test_pathological_queries_are_refused_or_bounded(index: BriefingIndex, query: str) -> None:
    try:
        index.search(query, limit=None)
    except QueryTooBroadError as exc:
        assert str(exc)


def test_lone_star_with_a_filter_lists_a_speaker(index: BriefingIndex) -> None:
    result = index.search("*", speaker="psaki", by="turn", limit=None)
    assert result.total_turns >= 5
    assert {h.turns[0].speaker for h in result.hits} == {"psaki"}


def test_long_turn_snippet_reaches_past_32k_characters(tmp_path: Path) -> None:
    filler = " ".join(f"word{i % 500}" for i in range(9000))
    (tmp_path / "long.md").write_text(
        "---\ntitle: Long\ndate: '2021-05-05'\n---\n\n"
        f"MS. PSAKI:  {filler} and finally the zanzibar accord.\n"
    )
    ix, _ = BriefingIndex.build(tmp_path / "index", [tmp_path / "long.md"])
    result = ix.search("zanzibar", by="turn")
    turn = result.hits[0].turns[0]
    assert [turn.snippet[s:e] for s, e in turn.highlights] == ["zanzibar"]
    assert turn.snippet.startswith("…") and len(turn.snippet) < 400


def test_context_shows_the_turns_around_a_hit(index: BriefingIndex) -> None:
    result = index.search('"the President said"', by="turn", context=1)
    turn = result.hits[0].turns[0]
    assert [(c.role, c.is_hit) for c in turn.context] == [
        ("reporter", False),
        ("podium", True),
        ("president", False),
    ]
    assert "is the strategic" in turn.context[0].text.lower()


def test_exchange_shows_the_question_and_every_answer(index: BriefingIndex) -> None:
    result = index.search("decides", by="turn", exchange=True)
    context = result.hits[0].turns[0].context
    assert [c.role for c in context] == ["reporter", "podium", "president"]
    assert [c.is_hit for c in context] == [False, False, True]
    assert {c.exchange for c in context} == {1}


def test_reply_to_finds_answers_to_matching_questions(index: BriefingIndex) -> None:
    result = index.search("*", reply_to="bridge deal", by="turn", limit=None)
    turns = [h.turns[0] for h in result.hits]
    assert [t.role for t in turns] == ["podium"]
    assert turns[0].snippet == "Not yet."
    assert turns[0].question is not None and "bridge deal" in turns[0].question.text
    same = index.search("replyto:(bridge deal)", by="turn", limit=None)
    assert [h.turns[0].turn_id for h in same.hits] == [turns[0].turn_id]
    assert index.search("*", reply_to="bridge deal", speaker="biden").total_turns == 0


def test_a_misspelt_option_is_refused_not_ignored(index: BriefingIndex) -> None:
    with pytest.raises(TypeError, match="speakers"):
        index.search("vaccines", speakers="psaki")  # type: ignore[call-arg]


@pytest.mark.parametrize("by", ["turn", "briefing"])
def test_every_hit_with_its_context_is_refused_past_the_cap(
    index: BriefingIndex, monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    from searchbrief import QueryTooBroadError
    from searchbrief.search import run

    monkeypatch.setattr(run, "MAX_DECORATED", 2)
    assert index.search("the", by=by, limit=None).total > 2  # without context: every hit
    with pytest.raises(QueryTooBroadError, match=r"\(at most 2\); give --limit 2 or fewer"):
        index.search("the", by=by, limit=None, context=1)
    with pytest.raises(QueryTooBroadError):
        index.search("the", by=by, limit=None, exchange=True)
    assert len(index.search("the", by=by, limit=2, context=1).hits) == 2
