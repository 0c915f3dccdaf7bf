"""Timeline, speakers and first on the shared corpus, against brute force over the reader's turns.

Runs only when SEARCHBRIEF_CORPUS names the corpus (building its index takes minutes).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest

from searchbrief import BriefingIndex, Turn
from searchbrief.engine.schema import WORD, fold
from searchbrief.engine.stemming import stem
from tests.conftest import CorpusIndex

WORDS = ["inflation", "vaccine", "ukraine", "border"]


@dataclass(frozen=True)
class Said:
    date: dt.date
    time: str  # "HH:MM", or "~" (after any time) when unknown
    briefing_id: str
    turn: Turn


@pytest.fixture(scope="module")
def corpus(corpus_index: CorpusIndex) -> tuple[BriefingIndex, list[Said]]:
    skipped = {path for path, _ in corpus_index.report.duplicates}  # indexed under another path
    said = [
        Said(
            briefing.date,
            briefing.time.strftime("%H:%M") if briefing.time else "~",
            briefing.briefing_id,
            turn,
        )
        for briefing in corpus_index.briefings
        if str(briefing.path) not in skipped
        for turn in briefing.turns
    ]
    return corpus_index.index, said


def matching(said: list[Said], word: str) -> list[Said]:
    """Brute force: the turns holding a word with the stem of ``word``, in speaking order
    (by day, time of day, briefing and turn)."""
    wanted = stem(fold(word))
    found = [s for s in said if wanted in {stem(fold(w)) for w in WORD.findall(s.turn.text)}]
    return sorted(found, key=lambda s: (s.date, s.time, s.briefing_id, s.turn.number))


@pytest.mark.parametrize("word", WORDS)
def test_timeline_equals_brute_force(corpus: tuple[BriefingIndex, list[Said]], word: str) -> None:
    index, said = corpus
    expected = matching(said, word)
    assert len(expected) > 100, word
    turns = Counter(s.date.isoformat()[:7] for s in expected)
    briefings: dict[str, set[str]] = defaultdict(set)
    for s in expected:
        briefings[s.date.isoformat()[:7]].add(s.briefing_id)
    words = Counter()  # every turn's words, narration too: the matches' population
    for s in said:
        words[s.date.isoformat()[:7]] += len(WORD.findall(s.turn.text))
    timeline = index.timeline(word, by="month")
    assert timeline.turns == len(expected)
    assert timeline.briefings == len({s.briefing_id for s in expected})
    labels = [p.label for p in timeline.periods]
    assert labels == sorted(set(labels)) and set(turns) <= set(labels)
    for period in timeline.periods:
        assert period.turns == turns[period.label], period.label
        assert period.briefings == len(briefings[period.label]), period.label
        # Whoosh keeps lengths rounded up to 3.3%; the totals are scaled back to exact.
        assert period.words == pytest.approx(words[period.label], rel=0.01, abs=50), period.label
    assert sum(p.words for p in timeline.periods) == pytest.approx(sum(words.values()), rel=0.002)


def test_filtered_weekly_timeline_equals_brute_force(
    corpus: tuple[BriefingIndex, list[Said]],
) -> None:
    index, said = corpus
    since, until = dt.date(2021, 6, 1), dt.date(2021, 11, 30)
    expected = [
        s
        for s in matching(said, "inflation")
        if s.turn.speaker == "psaki"
        if since <= s.date <= until
    ]
    timeline = index.timeline("inflation", by="week", speaker="psaki", since=since, until=until)
    weeks = Counter("{}-W{:02d}".format(*s.date.isocalendar()[:2]) for s in expected)
    assert {p.label: p.turns for p in timeline.periods if p.turns} == dict(weeks)
    assert timeline.periods[0].start == since and timeline.periods[-1].end == until


@pytest.mark.parametrize("written", [True, False])
def test_a_timeline_of_written_or_spoken_turns_divides_by_their_words(
    corpus: tuple[BriefingIndex, list[Said]], written: bool
) -> None:
    # --written (--spoken) counts matches among written (spoken) turns only:
    # the words it divides by are those turns' words, as with --role.
    index, said = corpus
    kept = [s for s in said if s.turn.written == written]
    expected = Counter(s.date.isoformat()[:7] for s in matching(kept, "inflation"))
    words = Counter()
    for s in kept:
        words[s.date.isoformat()[:7]] += len(WORD.findall(s.turn.text))
    options = {"written": True} if written else {"spoken": True}
    timeline = index.timeline("inflation", by="month", **options)
    assert timeline.words_of == "the turns the filters keep"
    assert {p.label: p.turns for p in timeline.periods if p.turns} == dict(expected)
    for period in timeline.periods:
        assert period.words == pytest.approx(words[period.label], rel=0.01, abs=50), period.label


@pytest.mark.parametrize("word", WORDS)
def test_speakers_equal_brute_force(corpus: tuple[BriefingIndex, list[Said]], word: str) -> None:
    index, said = corpus
    expected: dict[str, list[Said]] = defaultdict(list)
    for s in matching(said, word):
        if s.turn.speaker:
            expected[s.turn.speaker].append(s)
    ranking = index.speakers(word, limit=None)
    assert ranking.speakers_total == len(expected)
    assert ranking.turns == len(matching(said, word))
    for row in ranking.speakers:
        mine = expected[row.speaker]
        assert row.turns == len(mine), row.speaker
        assert row.briefings == len({s.briefing_id for s in mine}), row.speaker
        assert (row.first, row.last) == (mine[0].date, mine[-1].date), row.speaker
        roles = Counter(s.turn.role for s in mine).most_common(2)
        if len(roles) == 1 or roles[0][1] > roles[1][1]:
            assert row.role == roles[0][0], row.speaker
    counts = [(-row.turns, -row.briefings, row.speaker) for row in ranking.speakers]
    assert counts == sorted(counts)


@pytest.mark.parametrize("word", WORDS)
def test_first_and_last_uses_equal_brute_force(
    corpus: tuple[BriefingIndex, list[Said]], word: str
) -> None:
    index, said = corpus
    expected = [s.turn.turn_id for s in matching(said, word)]

    def ids(**options: object) -> list[str]:
        result = index.first(word, limit=25, **options)  # type: ignore[arg-type]
        return [hit.turns[0].turn_id for hit in result.hits]

    assert ids() == expected[:25]
    assert ids(last=True) == expected[::-1][:25]
    first_by_speaker: dict[str, str] = {}
    last_by_speaker: dict[str, str] = {}
    for s in matching(said, word):
        if s.turn.speaker:
            first_by_speaker.setdefault(s.turn.speaker, s.turn.turn_id)
            last_by_speaker[s.turn.speaker] = s.turn.turn_id
    order = {turn_id: i for i, turn_id in enumerate(expected)}
    assert ids(by_speaker=True) == sorted(first_by_speaker.values(), key=order.get)[:25]
    newest = sorted(last_by_speaker.values(), key=order.get, reverse=True)
    assert ids(by_speaker=True, last=True) == newest[:25]
