"""The turns around a hit: its neighbours, its exchange, the question it answers.

A turn's id is ``{briefing_id}/{number}``; turns are not indexed by id, so a
briefing's turns are found through its ``briefing_id`` and told apart by their
stored numbers.  An exchange is a run of consecutive turns with the same
exchange number.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from searchbrief.engine.schema import unpack_text
from searchbrief.search.results import ContextTurn

#: The most turns an exchange or a context window shows on each side of a hit.
MAX_SIDE = 50


def turns_of(searcher: Any, briefing_id: str) -> dict[int, int]:
    """Turn number → document number, for every indexed turn of the briefing."""
    found = {}
    for docnum in searcher.document_numbers(briefing_id=briefing_id):
        fields = searcher.stored_fields(docnum)
        if fields.get("kind") == "turn":
            found[fields.get("number", 0)] = docnum
    return found


def turn_document(searcher: Any, turn_id: str) -> int | None:
    """The document number of the turn ``BRIEFING_ID/NUMBER``, if it is indexed."""
    briefing_id, _, number = turn_id.rpartition("/")
    if not briefing_id or not (number.isascii() and number.isdigit()):
        return None
    return turns_of(searcher, briefing_id).get(int(number))


def identity(fields: dict[str, Any]) -> dict[str, Any]:
    """A stored turn's id, number, speaker, role and exchange, as the model names them."""
    return {
        "turn_id": fields["doc_id"],
        "number": fields.get("number", 0),
        "speaker": fields.get("speaker_key", ""),
        "speaker_name": fields.get("speaker_name", ""),
        "role": fields.get("role", ""),
        "exchange": fields.get("exchange", 0),
    }


def context_turn(fields: dict[str, Any], is_hit: bool = False) -> ContextTurn:
    """A stored turn as a :class:`ContextTurn`."""
    return ContextTurn(**identity(fields), text=unpack_text(fields.get("body")), is_hit=is_hit)


def _walk(searcher: Any, briefing_id: str, number: int, step: int) -> Iterator[dict[str, Any]]:
    turns = turns_of(searcher, briefing_id)
    for distance in range(1, MAX_SIDE + 1):
        docnum = turns.get(number + step * distance)
        if docnum is None:
            return
        yield dict(searcher.stored_fields(docnum))


def around(searcher: Any, hit: dict[str, Any], before: int, after: int) -> tuple[ContextTurn, ...]:
    """The hit turn with up to ``before`` turns before it and ``after`` after it."""
    bid, number = hit["briefing_id"], hit.get("number", 0)
    earlier = list(islice(_walk(searcher, bid, number, -1), min(before, MAX_SIDE)))
    later = list(islice(_walk(searcher, bid, number, 1), min(after, MAX_SIDE)))
    turns = [context_turn(f) for f in reversed(earlier)]
    turns.append(context_turn(hit, is_hit=True))
    turns.extend(context_turn(f) for f in later)
    return tuple(turns)


def exchange(searcher: Any, hit: dict[str, Any]) -> tuple[ContextTurn, ...]:
    """The whole exchange of the hit: the question and every answer to it."""
    wanted = hit.get("exchange", 0)
    if not wanted:
        return (context_turn(hit, is_hit=True),)
    bid, number = hit["briefing_id"], hit.get("number", 0)
    earlier = []
    for fields in _walk(searcher, bid, number, -1):
        if fields.get("exchange", 0) != wanted:
            break
        earlier.append(fields)
    later = []
    for fields in _walk(searcher, bid, number, 1):
        if fields.get("exchange", 0) != wanted:
            break
        later.append(fields)
    turns = [context_turn(f) for f in reversed(earlier)]
    turns.append(context_turn(hit, is_hit=True))
    turns.extend(context_turn(f) for f in later)
    return tuple(turns)


def question_of(searcher: Any, hit: dict[str, Any]) -> ContextTurn | None:
    """The reporter's question that opened the hit's exchange, if any."""
    wanted = hit.get("exchange", 0)
    if not wanted:
        return None
    question = None
    for fields in _walk(searcher, hit["briefing_id"], hit.get("number", 0), -1):
        if fields.get("exchange", 0) != wanted:
            break
        if fields.get("role") == "reporter":
            question = fields
    return None if question is None else context_turn(question)
