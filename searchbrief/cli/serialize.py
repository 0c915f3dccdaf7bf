"""Turning searchbrief's dataclasses into plain JSON-ready dictionaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from searchbrief.documents.briefing import Briefing


def plain(value: Any) -> Any:
    """``value`` with dates, paths and tuples made JSON-ready, recursively."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """A parsed briefing as a JSON-ready dictionary (the cleaned text left out)."""
    data = plain(asdict(briefing))
    del data["text"]
    return dict(data)
