"""Search correctness on the real shared corpus, against brute force over the reader."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from bench.bruteforce import query_patterns
from searchbrief import Briefing, BriefingIndex
from searchbrief.engine.schema import WORD, fold
from searchbrief.engine.stemming import stem
from tests.conftest import CorpusIndex

SEED = 20261126


@pytest.fixture(scope="module")
def corpus(corpus_index: CorpusIndex) -> tuple[BriefingIndex, list[Briefing]]:
    return corpus_index.index, corpus_index.briefings


def turn_ids(index: BriefingIndex, query: str, **options: object) -> set[str]:
    result = index.search(query, by="turn", limit=None, **options)  # type: ignore[arg-type]
    assert result.total_turns == len(result.hits)
    return {hit.turns[0].turn_id for hit in result.hits}


def briefing_ids(index: BriefingIndex, query: str, **options: object) -> set[str]:
    result = index.search(query, by="turn", limit=None, **options)  # type: ignore[arg-type]
    return {hit.briefing_id for hit in result.hits}


def brute_phrase(briefings: list[Briefing], phrase: str) -> set[str]:
    patterns = query_patterns(f'"{phrase}"')
    return {
        b.briefing_id
        for b in briefings
        if any(all(p.search(t.text.lower()) for p in patterns) for t in b.turns)
    }


def sample_phrases(briefings: list[Briefing], count: int) -> list[str]:
    """Seeded runs of 2-4 consecutive plain words (letters and digits) from real turns."""
    rng = random.Random(SEED)
    turns = [t for b in briefings for t in b.turns if t.role != "narration"]
    phrases: list[str] = []
    while len(phrases) < count:
        tokens = rng.choice(turns).text.split()
        size = rng.choice([2, 3, 4])
        if len(tokens) <= size:
            continue
        start = rng.randrange(len(tokens) - size)
        run = tokens[start : start + size]
        run[-1] = run[-1].rstrip(",.;:!?")
        if all(re.fullmatch(r"[A-Za-z0-9]+", token) for token in run):
            phrases.append(" ".join(run))
    return phrases


def test_phrase_that_grep_misses_is_found_everywhere(
    corpus: tuple[BriefingIndex, list[Briefing]],
) -> None:
    index, briefings = corpus
    expected = brute_phrase(briefings, "Strategic Stability Dialogue")
    grep = sum(1 for b in briefings if "Strategic Stability Dialogue" in Path(b.path).read_text())
    found = index.search('"Strategic Stability Dialogue"', limit=None)
    assert {h.briefing_id for h in found.hits} >= expected
    assert len(expected) > grep  # line breaks and NBSPs split it in the raw files


def test_exact_phrases_equal_brute_force(corpus: tuple[BriefingIndex, list[Briefing]]) -> None:
    index, briefings = corpus
    for phrase in sample_phrases(briefings, 25):
        expected = brute_phrase(briefings, phrase)
        assert expected, phrase
        assert briefing_ids(index, f'"{phrase}"', exact=True) == expected, phrase
        assert briefing_ids(index, f'"{phrase}"') >= expected, phrase


def _stems(text: str) -> set[str]:
    return {stem(fold(m.group())) for m in WORD.finditer(text)}


@pytest.mark.parametrize(
    ("word", "speaker"),
    [
        ("inflation", "psaki"),
        ("vaccine", "biden"),
        ("border", "harris"),
        ("sanctions", "senior-administration-official"),
    ],
)
def test_speaker_filter_equals_brute_force(
    corpus: tuple[BriefingIndex, list[Briefing]], word: str, speaker: str
) -> None:
    index, briefings = corpus
    wanted = stem(word)
    expected = {
        t.turn_id
        for b in briefings
        for t in b.turns
        if t.speaker == speaker and wanted in _stems(t.text)
    }
    assert expected
    assert turn_ids(index, word, speaker=speaker) == expected
    assert turn_ids(index, f"{word} speaker:{speaker}") == expected


@pytest.mark.parametrize(
    ("since", "until"),
    [(dt.date(2021, 12, 1), dt.date(2021, 12, 31)), (dt.date(2022, 3, 15), dt.date(2022, 4, 30))],
)
def test_date_filter_equals_brute_force(
    corpus: tuple[BriefingIndex, list[Briefing]], since: dt.date, until: dt.date
) -> None:
    index, briefings = corpus
    wanted = stem("omicron")
    expected = {
        t.turn_id
        for b in briefings
        if since <= b.date <= until
        for t in b.turns
        if wanted in _stems(t.text)
    }
    assert expected
    assert turn_ids(index, "omicron", since=since, until=until) == expected
    assert turn_ids(index, f"omicron date:[{since} to {until}]") == expected
