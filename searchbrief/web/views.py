"""What the pages show, computed from the facade's results: marked text, bars, briefings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from searchbrief import (
    BriefingIndex,
    Citation,
    SearchbriefError,
    SearchResult,
    TurnNotFoundError,
    read_briefing,
)

#: A piece of text and whether it is marked as a match.
Segment = tuple[str, bool]
#: The most turns a briefing page reads (the longest briefings have a few hundred).
MAX_TURNS = 5000


def segments(
    text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]
) -> list[Segment]:
    """``text`` cut at the highlight ``spans``: each marked piece is one segment."""
    out: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            out.append((text[position:start], False))
        out.append((text[start:end], True))
        position = end
    if position < len(text) or not out:
        out.append((text[position:], False))
    return out


def marked_words(snippet: str, spans: tuple[tuple[int, int], ...]) -> set[str]:
    """The words the engine marked in a snippet (a phrase stays whole)."""
    return {" ".join(snippet[s:e].split()) for s, e in spans if snippet[s:e].strip()}


def mark_all(text: str, words: Iterable[str]) -> list[Segment]:
    """``text`` with every occurrence of ``words`` marked (case and spacing aside)."""
    alternatives = sorted(set(words), key=len, reverse=True)
    if not alternatives:
        return [(text, False)]
    pattern = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alternatives)
    found = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)
    return segments(text, [m.span() for m in found.finditer(text)])


@dataclass(frozen=True)
class Bar:
    """One bar of a server-side SVG chart, in the chart's coordinates."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def bars(values: list[tuple[str, int]], width: int = 720, height: int = 160) -> list[Bar]:
    """Bars for ``(label, value)`` pairs, scaled to the tallest one."""
    if not values:
        return []
    top = max(value for _, value in values) or 1
    step = width / len(values)
    out = []
    for i, (label, value) in enumerate(values):
        h = height * value / top
        out.append(
            Bar(
                label,
                value,
                round(i * step + 1, 2),
                round(height - h, 2),
                round(max(step - 2, 1), 2),
                round(h, 2),
            )
        )
    return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def citation_markdown(citation: Citation) -> str:
    """A Markdown blockquote of the turn, then who said it, where (linked) and when."""
    paragraphs = [p.strip() for p in citation.text.split("\n\n") if p.strip()]
    quote = "\n>\n".join(
        "> " + _MD_SPECIAL.sub(r"\\\1", p).replace("\n", "\n> ") for p in paragraphs
    )
    title = _MD_SPECIAL.sub(r"\\\1", citation.title)
    if citation.permalink:
        link = re.sub(r"[ ()<>]", lambda m: f"%{ord(m.group()):02X}", citation.permalink)
        title = f"[{title}]({link})"
    who = citation.speaker_name or "Narration"
    role = f" ({citation.role})" if citation.role else ""
    return f"{quote}\n\n— {who}{role}, {title}, {citation.date.isoformat()}"


@dataclass(frozen=True)
class BriefingPage:
    """A whole briefing as the index holds it: metadata and turns, grouped by exchange."""

    briefing_id: str
    title: str
    date: dt.date
    category: str
    permalink: str
    turns: tuple[Citation, ...]

    def exchanges(self) -> list[tuple[int, list[Citation]]]:
        """Runs of consecutive turns of one exchange (0: outside any question and answer)."""
        groups: list[tuple[int, list[Citation]]] = []
        for turn in self.turns:
            if groups and groups[-1][0] == turn.exchange:
                groups[-1][1].append(turn)
            else:
                groups.append((turn.exchange, [turn]))
        return groups

    def to_dict(self) -> dict[str, Any]:
        return {
            "briefing_id": self.briefing_id,
            "title": self.title,
            "date": self.date.isoformat(),
            "category": self.category,
            "permalink": self.permalink,
            "turns": [turn.to_dict() for turn in self.turns],
        }


def briefing(index: BriefingIndex, briefing_id: str) -> BriefingPage:
    """Every turn of ``briefing_id``; ``TurnNotFoundError`` if the index has no such briefing.

    The turns are read from the briefing's file when it still holds what the
    index holds (the same turns, the first and last alike): one file read is
    far quicker than a citation per turn, which is the way otherwise.
    """
    if "/" in briefing_id or not briefing_id.strip():
        raise TurnNotFoundError(f"no briefing {briefing_id!r} in the index")
    try:
        first = index.cite(f"{briefing_id}/1")
    except TurnNotFoundError:
        raise TurnNotFoundError(f"no briefing {briefing_id!r} in the index") from None
    turns = _from_file(index, first) or _cited(index, first)
    return BriefingPage(
        briefing_id, first.title, first.date, first.category, first.permalink, turns
    )


def _cited(index: BriefingIndex, first: Citation) -> tuple[Citation, ...]:
    turns = [first]
    for number in range(2, MAX_TURNS + 1):
        try:
            turns.append(index.cite(f"{first.briefing_id}/{number}"))
        except TurnNotFoundError:
            break
    return tuple(turns)


def _from_file(index: BriefingIndex, first: Citation) -> tuple[Citation, ...] | None:
    """The turns as the briefing's file has them, if it matches the index; else ``None``."""
    day = index.search(f"date:{first.date.isoformat()}", limit=None)
    paths = [hit.path for hit in day.hits if hit.briefing_id == first.briefing_id]
    if not paths:
        return None
    try:
        read = read_briefing(paths[0])
    except (SearchbriefError, OSError):
        return None
    if read.briefing_id != first.briefing_id or not read.turns:
        return None
    count = len(read.turns)
    try:
        last = index.cite(f"{first.briefing_id}/{count}")
    except TurnNotFoundError:
        return None
    if read.turns[0].text != first.text or read.turns[-1].text != last.text:
        return None
    try:
        index.cite(f"{first.briefing_id}/{count + 1}")
        return None  # the index holds more turns than the file now does
    except TurnNotFoundError:
        pass
    return tuple(  # the briefing's fields as the first turn's citation has them
        replace(
            first,
            turn_id=turn.turn_id,
            number=turn.number,
            speaker=turn.speaker,
            speaker_name=turn.speaker_name,
            role=turn.role,
            exchange=turn.exchange,
            text=turn.text,
        )
        for turn in read.turns
    )


def searched(
    index: BriefingIndex, /, text: str, options: dict[str, Any], explain: bool, **shown: Any
) -> tuple[SearchResult, dict[str, Any]]:
    """A search with its notes (did-you-mean, explanation): one call to a worker process.

    ``options`` are the filters, sort and grouping, ``shown`` which hits to show.
    """
    result = index.search(text, **shown, **options)
    return result, index.notes(text, result, explain=explain, **options)


def marked_briefing(
    index: BriefingIndex, briefing_id: str, text: str
) -> tuple[BriefingPage, dict[int, set[str]], str | None]:
    """:func:`briefing`, and the turns ``text`` matches in it (:func:`turn_marks`) or why not."""
    page = briefing(index, briefing_id)
    if not text:
        return page, {}, None
    try:
        return page, turn_marks(index, page, text), None
    except SearchbriefError as exc:  # a malformed query: the page, with the message
        return page, {}, str(exc)


def turn_marks(index: BriefingIndex, page: BriefingPage, text: str) -> dict[int, set[str]]:
    """The turns of ``page`` that ``text`` matches, with the words the engine marked in each."""
    result = index.search(
        text, by="turn", limit=None, since=page.date, until=page.date, sort="oldest"
    )
    prefix = f"{page.briefing_id}/"
    marks: dict[int, set[str]] = {}
    for hit in result.hits:
        for turn in hit.turns:
            if turn.turn_id.startswith(prefix):
                marks.setdefault(turn.number, set()).update(
                    marked_words(turn.snippet, turn.highlights)
                )
    return marks
