"""What the commands other than a search return: frozen dataclasses, no behaviour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SpeakerCount:
    """How many turns a speaker has in the index."""

    speaker: str
    name: str
    role: str
    turns: int


@dataclass(frozen=True)
class IndexStats:
    """What an index holds and when it was last built."""

    directory: str
    briefings: int
    turns: int
    first_date: dt.date | None
    last_date: dt.date | None
    categories: tuple[tuple[str, int], ...]
    speakers: tuple[SpeakerCount, ...]
    size_bytes: int
    last_run: dict[str, Any] | None


@dataclass(frozen=True)
class Period:
    """One period of a :class:`Timeline`: matching turns against the words spoken in it.

    ``rate`` is matching turns per 10,000 words spoken, ``None`` when no word was.
    """

    label: str
    start: dt.date
    end: dt.date
    turns: int
    briefings: int
    words: int
    rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "turns": self.turns,
            "briefings": self.briefings,
            "words": self.words,
            "rate": None if self.rate is None else round(self.rate, 4),
        }


@dataclass(frozen=True)
class Timeline:
    """How often a query matches, period by period (``by``: week, month or year)."""

    query: str
    by: str
    turns: int
    briefings: int
    periods: tuple[Period, ...]
    #: Whose words the rates divide by: the turns the matches are counted among.
    words_of: str = "every turn"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "by": self.by,
            "turns": self.turns,
            "briefings": self.briefings,
            "words_of": self.words_of,
            "periods": [period.to_dict() for period in self.periods],
        }


@dataclass(frozen=True)
class SpeakerUse:
    """One speaker's matching turns: how many, in how many briefings, first and last day."""

    speaker: str
    name: str
    role: str
    turns: int
    briefings: int
    first: dt.date
    last: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "name": self.name,
            "role": self.role,
            "turns": self.turns,
            "briefings": self.briefings,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
        }


@dataclass(frozen=True)
class SpeakerRanking:
    """Who says it most: the totals, how many speakers say it, and the top ones."""

    query: str
    turns: int
    briefings: int
    speakers_total: int
    speakers: tuple[SpeakerUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "turns": self.turns,
            "briefings": self.briefings,
            "speakers_total": self.speakers_total,
            "speakers": [speaker.to_dict() for speaker in self.speakers],
        }


@dataclass(frozen=True)
class Citation:
    """A turn's exact words with everything needed to attribute them."""

    turn_id: str
    briefing_id: str
    number: int
    speaker: str
    speaker_name: str
    role: str
    exchange: int
    date: dt.date
    title: str
    category: str
    permalink: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn_id": self.turn_id,
            "briefing_id": self.briefing_id,
            "number": self.number,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "role": self.role,
            "exchange": self.exchange,
            "date": self.date.isoformat(),
            "title": self.title,
            "category": self.category,
            "permalink": self.permalink,
            "text": self.text,
        }
