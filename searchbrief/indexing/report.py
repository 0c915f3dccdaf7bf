"""What one run of the indexer did, and its record as kept beside the index and logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class IndexReport:
    """What one run of the indexer did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: tuple[tuple[str, str], ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # links not followed: (path, why)
    briefings: int = 0
    turns: int = 0
    batch: int = 0
    seconds: float = 0.0


def run_record(report: IndexReport) -> dict[str, Any]:
    """An indexing run as JSON: kept beside the index, printed and logged by the CLI."""
    record: dict[str, Any] = {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **{k: v for k, v in asdict(report).items() if k not in ("duplicates", "failed", "skipped")},
    }
    record["duplicates"] = [{"path": p, "same_as": o} for p, o in report.duplicates]
    record["failed"] = [{"path": p, "reason": r} for p, r in report.failed]
    record["skipped"] = [{"path": p, "reason": r} for p, r in report.skipped]
    return record
