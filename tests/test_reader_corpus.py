"""The reader against the real shared corpus (SEARCHBRIEF_CORPUS)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from searchbrief import Briefing, read_briefing
from tests.conftest import corpus_dir

HEADINGS = {
    "NOMINATIONS SENT TO THE SENATE",
    "NOMINATION SENT TO THE SENATE",
    "WITHDRAWAL SENT TO THE SENATE",
    "WITHDRAWALS SENT TO THE SENATE",
    "TO THE CONGRESS OF THE UNITED STATES",
    "TO THE SENATE OF THE UNITED STATES",
    "SUBJECT",
    "FOR FURTHER INFORMATION MEDIA SHOULD CONTACT",
    "FACT SHEET",
    "FROM",
    "TO",
    "DATE",
}
Q_LINE = re.compile(r"^[\s\u00a0]*Q(?:[ \u00a0]*:|[ \u00a0]{2,})[ \u00a0]*\S")


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Path, Briefing]]:
    root = corpus_dir()
    return [(path, read_briefing(path)) for path in sorted(root.rglob("*.md"))]


def test_every_file_reads(corpus: list[tuple[Path, Briefing]]) -> None:
    assert len(corpus) >= 3000
    for path, briefing in corpus:
        assert briefing.title, path
        for turn in briefing.turns:
            assert briefing.text[turn.start : turn.end] == turn.text


def test_press_briefings_have_turns(corpus: list[tuple[Path, Briefing]]) -> None:
    briefings = [b for _, b in corpus if b.category == "press-briefings"]
    short = [b.path.name for b in briefings if len(b.turns) < 2]
    assert len(briefings) > 400
    assert len(short) <= len(briefings) / 100, short


def test_no_heading_is_a_speaker(corpus: list[tuple[Path, Briefing]]) -> None:
    labels = {t.speaker_label for _, b in corpus for t in b.turns}
    assert not labels & HEADINGS
    assert not [label for label in labels if re.search(r"\b(TO|SENT|SHOULD)\b", label)]


def test_q_paragraphs_become_reporter_turns(corpus: list[tuple[Path, Briefing]]) -> None:
    raw_q = 0
    reporter_q = 0
    for path, briefing in corpus:
        raw_q += sum(1 for line in path.read_text().splitlines() if Q_LINE.match(line))
        reporter_q += sum(1 for t in briefing.turns if t.speaker_label == "Q")
    assert raw_q > 20000
    assert reporter_q >= 0.99 * raw_q


def test_the_president_is_the_office_holder(corpus: list[tuple[Path, Briefing]]) -> None:
    presidents = {
        t.speaker
        for _, b in corpus
        for t in b.turns
        if t.speaker_label == "THE PRESIDENT" and b.date.year in (2021, 2022)
    }
    assert presidents == {"biden"}
