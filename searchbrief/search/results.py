"""What a search returns: frozen dataclasses, no behaviour.

:mod:`searchbrief.documents.briefing` holds what reading a file gives, and
:mod:`searchbrief.reports.model` what the other commands return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ContextTurn:
    """A turn shown around a hit: the question before it, its exchange, its neighbours."""

    turn_id: str
    number: int
    speaker: str
    speaker_name: str
    role: str
    exchange: int
    text: str
    is_hit: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn_id": self.turn_id,
            "number": self.number,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "role": self.role,
            "exchange": self.exchange,
            "text": self.text,
            "hit": self.is_hit,
        }


@dataclass(frozen=True)
class TurnHit:
    """A turn that matched: who spoke, and a snippet with highlight spans into it.

    ``context`` holds the turns around it when asked for (``--context``,
    ``--exchange``); ``question`` the reporter's question it answers (``--reply-to``);
    ``text`` the whole turn (``--full-text``).
    """

    turn_id: str
    number: int
    speaker: str
    speaker_name: str
    role: str
    exchange: int
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    context: tuple[ContextTurn, ...] = ()
    question: ContextTurn | None = None
    written: bool = False  # a written statement, not spoken words
    text: str | None = None  # the whole turn, when asked for (``full_text``)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "turn_id": self.turn_id,
            "number": self.number,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "role": self.role,
            "exchange": self.exchange,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "written": self.written,
        }
        if self.context:
            data["context"] = [turn.to_dict() for turn in self.context]
        if self.question is not None:
            data["question"] = self.question.to_dict()
        if self.text is not None:
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class Hit:
    """A briefing that matched, with its best turns (or, listing turns, just one)."""

    briefing_id: str
    path: str
    title: str
    title_highlights: tuple[tuple[int, int], ...]
    date: dt.date
    category: str
    permalink: str
    score: float
    turns: tuple[TurnHit, ...]
    time: str = ""  # "HH:MM" when the briefing began, "" when unknown

    def to_dict(self) -> dict[str, Any]:
        return {
            "briefing_id": self.briefing_id,
            "path": self.path,
            "title": self.title,
            "title_highlights": [list(span) for span in self.title_highlights],
            "date": self.date.isoformat(),
            "time": self.time,
            "category": self.category,
            "permalink": self.permalink,
            "score": round(self.score, 4),
            "turns": [turn.to_dict() for turn in self.turns],
        }


@dataclass(frozen=True)
class SearchResult:
    """One page of results and the totals over every match.

    ``total`` counts briefings with a matching turn, and (searching by
    briefing) those whose title alone matches: ``title_only`` of them.
    """

    query: str
    total: int
    total_turns: int
    hits: tuple[Hit, ...]
    title_only: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "total_turns": self.total_turns,
            "title_only": self.title_only,
            "results": [hit.to_dict() for hit in self.hits],
        }
