"""Cutting a briefing's cleaned paragraphs into speaker turns and exchanges."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from searchbrief.documents import roles
from searchbrief.documents.briefing import Turn
from searchbrief.documents.labels import Speaker, find_label, identify
from searchbrief.documents.roles import Block

NARRATION = Speaker("", "", "narration", True)
_TIME = r"(?:\d{1,2}:\d{2}|\d{1,2})[ ]*[AP]\.?[ ]?M\.?(?:[ ]+[A-Z]{2,5})?\.?"
_TIME_STAMP = re.compile(rf"^(?:END[ ]*)?{_TIME}$|^END\.?$", re.I)
#: ``END 1:45 P.M. EST`` run into the last paragraph of a turn.
_TRAILING_END = re.compile(rf"(?<=[^\w,;])\s+END(?:[ ]+{_TIME})?[ ]*$")
_QUESTION = re.compile(r"\?")
_GREETING = re.compile(
    r"^(?:\W*)(?:hello|hi|hey|hiya|good (?:morning|afternoon|evening|day)|happy \w+|"
    r"thank(?:s| you)|welcome|congratulations|nice to see you|welcome back|howdy)\b",
    re.I,
)


def split_turns(
    paragraphs: list[str], briefing_id: str, day: dt.date, title: str = ""
) -> tuple[str, tuple[Turn, ...]]:
    """Join ``paragraphs`` into the briefing's text and cut it into turns.

    A paragraph that opens with a speaker label starts a turn; paragraphs without
    one continue it; text before the first label, time stamps and ``END`` lines
    are narration.  A reporter's question opens an exchange, and so does a
    host's question that is answered; a greeting (``Q Hello.``) opens none.
    Returns the cleaned text and the turns, whose ``start`` and ``end`` index
    into that text.
    """
    blocks = [_block(paragraph, day) for paragraph in paragraphs]
    roles.drop_headings(blocks)  # and every label, when none is a strong one
    roles.podium_from_title(blocks, title)
    roles.merge_names(blocks, day)
    roles.find_hosts(blocks, day)

    text_parts: list[str] = []
    offset = 0
    pieces: list[str] = []  # the current turn's text, piece by piece
    turns: list[Turn] = []
    current: list[tuple[int, int]] = []  # spans of the current turn's paragraphs
    owner: Block | None = None
    banter = False  # the current turn is a reporter's greeting or aside
    aside = False  # the last reporter's turn was
    exchange = 0
    in_exchange = False

    def close() -> None:
        nonlocal in_exchange
        if not current or owner is None:
            return
        start, end = current[0][0], current[-1][1]
        # "END 1:45 P.M. EST" run into the turn's last paragraph is not its words.
        trailing = _TRAILING_END.search(pieces[-1]) if owner.speaker is not None else None
        if trailing is not None and trailing.start() > 0:
            end -= len(pieces[-1]) - trailing.start()
            pieces[-1] = pieces[-1][: trailing.start()]
        speaker = owner.speaker or NARRATION
        number = len(turns) + 1
        if speaker.role == "reporter" and not banter:
            in_exchange = True
        elif speaker.role == "moderator":
            in_exchange = owner.asks
        elif speaker.role == "narration":
            in_exchange = False
        turns.append(
            Turn(
                number=number,
                turn_id=f"{briefing_id}/{number}",
                speaker_label=owner.label.text if owner.label else "",
                speaker=speaker.key,
                speaker_name=speaker.name,
                role=speaker.role,
                exchange=exchange if in_exchange else 0,
                interpreted=owner.label.interpreted if owner.label else False,
                text="\n\n".join(pieces),
                start=start,
                end=end,
            )
        )

    for block in blocks:
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        text_parts.append(block.paragraph)
        offset += len(block.paragraph)
        stamp = block.label is None and bool(_TIME_STAMP.match(block.paragraph))
        opens = block.label is not None or (
            stamp and owner is not None and owner.speaker is not None
        )
        if opens or owner is None:
            close()
            current = []
            pieces = []
            owner = block if block.label is not None else Block("", None, None)
            role = block.speaker.role if block.speaker is not None else ""
            if role == "reporter" and block.label is not None:
                # "Q Congratulations —" … "Q — on your return.": the aside goes on.
                goes_on = aside and block.label.rest.lstrip().startswith(("—", "–", "-", "…"))
                banter = aside = goes_on or _is_banter(block.label.rest, in_exchange)
            else:
                banter = False
            if (role == "reporter" and not banter) or (role == "moderator" and block.asks):
                exchange += 1
        words = block.label.rest if block.label is not None else block.paragraph
        current.append((offset - len(words), offset))
        pieces.append(words)
    close()
    return "".join(text_parts), tuple(turns)


def _is_banter(words: str, in_exchange: bool) -> bool:
    """A reporter's greeting or aside: no question, and a greeting or a few words."""
    if _QUESTION.search(words):
        return False
    count = len(words.split())
    if _GREETING.match(words) and count <= 12:
        return True
    return not in_exchange and count <= 3


def _block(paragraph: str, day: dt.date) -> Block:
    label = find_label(paragraph)
    if label is None or not label.rest:
        return Block(paragraph, None, None)
    speaker = identify(label.text, day)
    if speaker is None:
        return Block(paragraph, None, None)
    return Block(paragraph, label, speaker)


def attribute(turns: tuple[Turn, ...], speaker: Speaker) -> tuple[Turn, ...]:
    """A written statement's narration, attributed to its author as written turns."""
    return tuple(
        replace(
            t,
            speaker=speaker.key,
            speaker_name=speaker.name,
            role=speaker.role,
            written=True,
        )
        if t.role == "narration"
        else t
        for t in turns
    )
