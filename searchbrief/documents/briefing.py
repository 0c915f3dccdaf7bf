"""A briefing as read from its file: its metadata, cleaned text and speaker turns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Every role a turn can have, in the order they are documented.
ROLES = (
    "podium",
    "president",
    "vice-president",
    "official",
    "anonymous-official",
    "reporter",
    "moderator",
    "audience",
    "foreign-leader",
    "guest",
    "interpreter",
    "narration",
)


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted words inside a briefing.

    ``start`` and ``end`` are character offsets of ``text`` in the briefing's
    cleaned text (:attr:`Briefing.text`).
    """

    number: int
    turn_id: str
    speaker_label: str
    speaker: str
    speaker_name: str
    role: str
    exchange: int
    interpreted: bool
    text: str
    start: int
    end: int
    #: True for a written statement attributed to its author, not spoken words.
    written: bool = False


@dataclass(frozen=True)
class Briefing:
    """A parsed briefing file: its metadata, cleaned text and speaker turns."""

    briefing_id: str
    path: Path
    title: str
    date: dt.date
    category: str
    permalink: str
    published: dt.datetime | None
    modified: dt.datetime | None
    text: str
    turns: tuple[Turn, ...]
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: The time of day it began: the transcript's time line, else ``published_time``.
    time: dt.time | None = None
