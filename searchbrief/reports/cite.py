"""A turn's exact words, with who said them, in which briefing and when: ready to quote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from searchbrief.engine.schema import unpack_text
from searchbrief.errors import TurnNotFoundError
from searchbrief.reports.model import Citation
from searchbrief.search.context import turn_document


def citation(searcher: Any, turn_id: str) -> Citation:
    """The turn ``turn_id`` (``BRIEFING_ID/NUMBER``) as a :class:`Citation`."""
    turn_id = turn_id.strip()
    docnum = turn_document(searcher, turn_id)
    fields = searcher.stored_fields(docnum) if docnum is not None else {}
    if fields.get("kind") != "turn":
        raise TurnNotFoundError(
            f"no turn {turn_id!r} in the index; turn ids look like BRIEFING_ID/NUMBER,"
            " as `searchbrief query --turns` lists them"
        )
    briefing_id = fields.get("briefing_id", "")
    briefing = searcher.document(doc_id=f"b:{briefing_id}") or {}
    date = fields.get("date")
    return Citation(
        turn_id=turn_id,
        briefing_id=briefing_id,
        number=fields.get("number", 0),
        speaker=fields.get("speaker_key", ""),
        speaker_name=fields.get("speaker_name", ""),
        role=fields.get("role", ""),
        exchange=fields.get("exchange", 0),
        date=date.date() if isinstance(date, dt.datetime) else dt.date.min,
        title=briefing.get("title", ""),
        category=briefing.get("category", ""),
        permalink=briefing.get("permalink", ""),
        text=unpack_text(fields.get("body")),
    )
