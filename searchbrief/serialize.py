"""Turning searchbrief's dataclasses into plain JSON-ready dictionaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from searchbrief.briefings import Briefing
from searchbrief.reports import IndexReport


def plain(value: Any) -> Any:
    """``value`` with dates, paths and tuples made JSON-ready, recursively."""
    if isinstance(value, dt.datetime | dt.date):
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


def run_record(report: IndexReport) -> dict[str, Any]:
    """An indexing run as JSON: kept beside the index, printed and logged by the CLI."""
    record: dict[str, Any] = {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **{k: v for k, v in asdict(report).items() if k not in ("duplicates", "failed")},
    }
    record["duplicates"] = [{"path": p, "same_as": o} for p, o in report.duplicates]
    record["failed"] = [{"path": p, "reason": r} for p, r in report.failed]
    return record
