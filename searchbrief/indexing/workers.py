"""Reading briefings and writing them into new segments, a share of the files per process.

Each worker process reads, analyses and writes its share of the files into a
segment of its own; nothing but file names goes in and a segment description
comes out, so both cores work the whole time.  The indexer then decides, file
by file and in order, what each one's documents become (added, a duplicate,
unchanged) and commits the segments once; see :mod:`searchbrief.indexing.update`.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searchbrief.config import MAX_SIZE
from searchbrief.documents.briefing import Briefing
from searchbrief.documents.reader import parse_briefing, read_file
from searchbrief.engine import stemming
from searchbrief.engine.directory import open_index
from searchbrief.engine.postings import TermMemo, words
from searchbrief.engine.writer import PREPARED, BriefingWriter
from searchbrief.errors import BriefingReadError, IndexRunError
from searchbrief.indexing.processes import die_with_parent

#: One file to index: its path and its ``size:mtime_ns`` fingerprint.
Job = tuple[Path, str]


@dataclass(frozen=True)
class Record:
    """What became of one file: its documents are ``first`` to ``first + count - 1``."""

    path: Path
    digest: str  # SHA-1 of the content; "" when unreadable
    briefing_id: str | None  # None when the file could not be read as a briefing
    reason: str  # why not, then
    first: int = 0
    count: int = 0


@dataclass
class Shard:
    """A process's share: the segment it wrote (if any), its files, new stems."""

    segment: Any
    records: list[Record] = field(default_factory=list)
    stems: dict[str, str] = field(default_factory=dict)

    def discard(self, record: Record) -> None:
        """Leave the record's documents out of the index (marked deleted)."""
        for docnum in range(record.first, record.first + record.count):
            self.segment.delete_document(docnum)

    def live_segment(self) -> Any:
        """The segment, unless it holds nothing (or nothing left)."""
        segment = self.segment
        if segment is None or segment.deleted_count() >= segment.doc_count_all():
            return None
        return segment


def _day(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day)


def documents(
    briefing: Briefing, memo: TermMemo, pair_words: frozenset[bytes]
) -> list[dict[str, Any]]:
    """The briefing's index documents: itself, then each turn with its words analysed.

    ``pair_words``: the index's common words (:func:`~searchbrief.engine.schema.pair_words`),
    whose pairs go in the ``pairs`` field.
    """
    common = {
        "briefing_id": briefing.briefing_id,
        "date": _day(briefing.date),
        "time": briefing.time.strftime("%H:%M") if briefing.time is not None else "",
        "category": briefing.category or "none",
    }
    found: list[dict[str, Any]] = [
        {
            "doc_id": f"b:{briefing.briefing_id}",
            "kind": "briefing",
            "title": briefing.title,
            "path": str(briefing.path),
            "permalink": briefing.permalink,
            **common,
        }
    ]
    for turn in briefing.turns:
        analysed = words(turn.text, memo, pair_words)
        speaker = (
            {
                "speaker": f"{turn.speaker}|{turn.speaker_name}|{turn.speaker_label}",
                "speaker_key": turn.speaker,
                "speaker_name": turn.speaker_name,
                "speaker_label": turn.speaker_label,
            }
            if turn.speaker
            else {}
        )
        found.append(
            {  # no doc_id: the codec makes it from briefing_id and number
                "kind": "turn",
                "number": turn.number,
                "role": turn.role,
                "exchange": turn.exchange,
                "interpreted": turn.interpreted,
                "written": "yes" if turn.written else "no",
                "body": turn.text,
                PREPARED: {"text": analysed, "pairs": analysed.pairs, "common": analysed.common}
                if analysed.pairs is not None
                else {"text": analysed},
                **speaker,
                **common,
            }
        )
    return found


def _index_file(
    writer: Any, path: Path, quick_print: str, batch: int, memo: TermMemo, max_size: int
) -> Record:
    try:
        data = read_file(path, max_size=max_size)
    except BriefingReadError as exc:
        return Record(path, "", None, exc.reason)
    digest = hashlib.sha1(data).hexdigest()
    try:
        briefing = parse_briefing(data, path)
    except BriefingReadError as exc:
        return Record(path, digest, None, exc.reason)
    first = writer.docnum
    head, *turns = documents(briefing, memo, writer.pair_words)
    # Known by the path the indexer found it under (a followed link's own path).
    head["path"] = str(path)
    writer.add_document(**head, fingerprint=f"{quick_print}:{digest}", batch=batch)
    for turn in turns:
        writer.add_document(**turn, batch=batch)
    return Record(path, digest, briefing.briefing_id, "", first, writer.docnum - first)


def write_shard(
    ix: Any, jobs: Sequence[Job], batch: int, done: Callable[[], None], max_size: int = MAX_SIZE
) -> Shard:
    """Index ``jobs`` into a new segment of ``ix`` (not committed); ``done`` after each file.

    A file over ``max_size`` bytes is not read: its record says why.
    """
    writer = BriefingWriter(ix, whoosh_lock=False)  # the indexer commits: see update.py
    memo = TermMemo()
    try:
        records = []
        for path, quick_print in jobs:
            records.append(_index_file(writer, path, quick_print, batch, memo, max_size))
            done()
        segment = writer.finish_segment()
    except BaseException:
        writer.abandon()
        raise
    return Shard(segment, records, memo.new_stems())


_progress: Any = None  # a worker's queue to the indexer, one item per file done


def _start_worker(progress: Any, parent: int) -> None:
    """Set up a worker process: it ends with its parent and reports to ``progress``.

    The worker's process is the indexer's own, so it turns the cyclic garbage
    collector off: while a segment is written, the pool keeps a growing heap
    of term lists, and every full collection would scan all of it again; what
    indexing throws away holds no cycles, so reference counting frees it.
    (The indexer's own process, which may be a host program, is left alone.)
    """
    global _progress
    die_with_parent(parent)
    gc.disable()
    _progress = progress


def _shard_task(directory: str, jobs: Sequence[Job], batch: int, max_size: int) -> Shard:
    ix = open_index(Path(directory))
    return write_shard(ix, jobs, batch, lambda: _progress.put(1), max_size)


def split(jobs: Sequence[Job], parts: int) -> list[list[Job]]:
    """``jobs`` in ``parts`` shares of about equal bytes, each in the original order."""
    sizes = {path: int(quick_print.split(":")[0]) for path, quick_print in jobs}
    shares: list[list[Job]] = [[] for _ in range(parts)]
    totals = [0] * parts
    for job in sorted(jobs, key=lambda j: -sizes[j[0]]):
        smallest = totals.index(min(totals))
        shares[smallest].append(job)
        totals[smallest] += sizes[job[0]]
    order = {job: n for n, job in enumerate(jobs)}
    return [sorted(share, key=order.__getitem__) for share in shares if share]


def write_parallel(
    directory: Path,
    jobs: Sequence[Job],
    batch: int,
    done: Callable[[], None],
    max_size: int = MAX_SIZE,
) -> list[Shard]:
    """Index ``jobs`` in worker processes, a segment each; ``done`` after each file."""
    workers = min(len(jobs), os.cpu_count() or 1, 4)
    stemming.prepare()  # once here, not once per worker
    context = multiprocessing.get_context("fork")
    progress = context.Queue()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(progress, os.getpid()),
    ) as pool:
        futures = [
            pool.submit(_shard_task, str(directory), share, batch, max_size)
            for share in split(jobs, workers)
        ]
        while True:
            try:
                progress.get(timeout=0.2)
            except queue.Empty:
                if all(f.done() for f in futures):
                    break
                continue
            done()
        try:
            return [f.result() for f in futures]
        except BrokenProcessPool as exc:
            raise IndexRunError(
                "a worker process died (killed, perhaps for lack of memory) before it finished;"
                " nothing was committed: run the indexer again"
            ) from exc
