"""Describing an index: counts, dates, categories, speakers, size, last run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from searchbrief.engine.directory import last_run
from searchbrief.reports.model import IndexStats, SpeakerCount

TOP_SPEAKERS = 20


def _date(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else None


def collect(searcher: Any, directory: Path, top: int = TOP_SPEAKERS) -> IndexStats:
    """Describe the index that ``searcher`` reads."""
    reader = searcher.reader()
    briefings = searcher.doc_count_all() and sum(
        1 for _ in searcher.document_numbers(kind="briefing")
    )
    turns = searcher.doc_count() - briefings
    categories = []
    for raw in reader.lexicon("category"):
        name = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        count = sum(1 for _ in searcher.document_numbers(kind="briefing", category=name))
        if count:
            categories.append((name, count))
    categories.sort(key=lambda c: (-c[1], c[0]))
    speakers = []
    counts = [
        (reader.doc_frequency("speaker_key", raw), raw) for raw in reader.lexicon("speaker_key")
    ]
    for count, raw in sorted(counts, reverse=True)[:top]:
        key = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        fields = searcher.document(speaker_key=key) or {}
        speakers.append(
            SpeakerCount(key, fields.get("speaker_name", key), fields.get("role", ""), count)
        )
    dates = sorted(
        d for d in (_date(f.get("date")) for f in searcher.documents(kind="briefing")) if d
    )
    size = sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
    return IndexStats(
        directory=str(directory),
        briefings=briefings,
        turns=turns,
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        categories=tuple(categories),
        speakers=tuple(speakers),
        size_bytes=size,
        last_run=last_run(directory),
    )
