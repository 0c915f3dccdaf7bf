"""Cutting a briefing's cleaned paragraphs into speaker turns and exchanges."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from searchbrief.documents.briefing import Turn
from searchbrief.documents.labels import Label, Speaker, find_label, identify

NARRATION = Speaker("", "", "narration", True)
_TIME_STAMP = re.compile(
    r"^(?:END[ ]*)?(?:\d{1,2}:\d{2}|\d{1,2})[ ]*[AP]\.?[ ]?M\.?(?:[ ]+[A-Z]{2,5})?\.?$"
    r"|^END$",
    re.I,
)
_QUESTION_END = re.compile(r"\?[\"'”’)\]\s]*$")
_NAMED_HONORIFIC = re.compile(r"^(?:MRS|MR|MS|MX|DR)\b")


@dataclass
class _Block:
    paragraph: str
    label: Label | None
    speaker: Speaker | None


def split_turns(
    paragraphs: list[str], briefing_id: str, day: dt.date
) -> tuple[str, tuple[Turn, ...]]:
    """Join ``paragraphs`` into the briefing's text and cut it into turns.

    A paragraph that opens with a speaker label starts a turn; paragraphs without
    one continue it; text before the first label, time stamps and ``END`` lines
    are narration.  Returns the cleaned text and the turns, whose ``start`` and
    ``end`` index into that text.
    """
    blocks = [_block(paragraph, day) for paragraph in paragraphs]
    transcript = any(b.speaker is not None and b.speaker.strong for b in blocks)
    for block in blocks:
        if block.speaker is not None and not (block.speaker.strong or transcript):
            block.label = block.speaker = None
    _merge_typos(blocks)
    _find_questioners(blocks)

    text_parts: list[str] = []
    offset = 0
    pieces: list[str] = []  # the current turn's text, piece by piece
    turns: list[Turn] = []
    current: list[tuple[int, int]] = []  # spans of the current turn's paragraphs
    owner: _Block | None = None
    exchange = 0
    in_exchange = False

    def close() -> None:
        nonlocal in_exchange
        if not current or owner is None:
            return
        start, end = current[0][0], current[-1][1]
        speaker = owner.speaker or NARRATION
        number = len(turns) + 1
        if speaker.role == "reporter":
            in_exchange = True
        elif speaker.role in {"moderator", "narration"}:
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
            owner = block if block.label is not None else _Block("", None, None)
            if block.speaker is not None and block.speaker.role == "reporter":
                exchange += 1
        words = block.label.rest if block.label is not None else block.paragraph
        current.append((offset - len(words), offset))
        pieces.append(words)
    close()
    return "".join(text_parts), tuple(turns)


def _block(paragraph: str, day: dt.date) -> _Block:
    label = find_label(paragraph)
    if label is None or not label.rest:
        return _Block(paragraph, None, None)
    speaker = identify(label.text, day)
    if speaker is None:
        return _Block(paragraph, None, None)
    return _Block(paragraph, label, speaker)


def _merge_typos(blocks: list[_Block]) -> None:
    """Give a name spelled once (``MAYORAKAS``) the spelling used more often."""
    counts = Counter(
        b.speaker.key for b in blocks if b.speaker is not None and b.speaker.role == "official"
    )
    by_key = {b.speaker.key: b.speaker for b in blocks if b.speaker is not None}
    for key, count in counts.items():
        if count > 1 or len(key) < 5:
            continue
        for other, other_count in counts.most_common():
            if other == key or other_count < 2 or other[0] != key[0]:
                continue
            if SequenceMatcher(None, key, other).ratio() >= 0.85:
                for block in blocks:
                    if block.speaker is not None and block.speaker.key == key:
                        block.speaker = by_key[other]
                break


_ANSWERING = frozenset({"president", "vice-president", "podium", "official"})
_LAST_SENTENCE = re.compile(r"(?<=[.!?…:;—])\s+")


def _find_questioners(blocks: list[_Block]) -> None:
    """Named speakers who mostly ask the questions (a town-hall host) are reporters.

    A turn counts as a question when it ends with a question of five words or
    more and the next speaker, someone else, answers it: an official handing
    over ("Dr. Fauci?") or calling the next reporter is not asking.  Among
    speakers with eight turns or more, officials ask in fewer than a fifth of
    their turns (COVID-19 team leads: at most 17%), hosts in about a quarter.
    """
    turns: list[tuple[_Block, str]] = []  # each labelled block and its turn's last paragraph
    for block in blocks:
        if block.label is not None:
            turns.append((block, block.label.rest))
        elif turns:
            turns[-1] = (turns[-1][0], block.paragraph)
    asked: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    for i, (block, ending) in enumerate(turns):
        following = turns[i + 1][0] if i + 1 < len(turns) else None
        speaker = block.speaker
        if speaker is None or block.label is None or speaker.role != "official":
            continue
        if not _NAMED_HONORIFIC.match(block.label.text):
            continue
        spoke[speaker.key] += 1
        answer = following.speaker if following is not None else None
        if (
            _QUESTION_END.search(ending)
            and len(_LAST_SENTENCE.split(ending)[-1].split()) >= 5  # not "Dr. Fauci?"
            and answer is not None
            and answer.key != speaker.key
            and answer.role in _ANSWERING
        ):
            asked[speaker.key] += 1
    questioners = {k for k, n in spoke.items() if n >= 8 and asked[k] * 5 >= n}
    for block in blocks:
        if block.speaker is not None and block.speaker.key in questioners:
            s = block.speaker
            block.speaker = Speaker(s.key, s.name, "reporter", s.strong)
