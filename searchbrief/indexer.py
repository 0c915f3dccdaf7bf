"""Writing briefings into the index: incremental updates and full rebuilds.

One writer per run, used as a context manager so that an error cancels it, and
one commit at the end.  A file is re-read only when its size, modification time
and then content hash say it changed; a file that fails to read is reported and
whatever was indexed for it before stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import CLEAR

from searchbrief import stemming
from searchbrief.errors import BriefingReadError, SourceError
from searchbrief.model import Briefing, IndexReport
from searchbrief.processes import die_with_parent
from searchbrief.reader import parse_briefing
from searchbrief.schema import WORD, fold, pack_text
from searchbrief.serialize import run_record
from searchbrief.stemming import stem
from searchbrief.store import clean, last_run, save_run, save_stems, writing

SUFFIXES = frozenset({".md", ".markdown", ".txt"})
_PARALLEL_FROM = 64  # files; below this, reading in-process is faster
_IN_FLIGHT = 32  # files being read ahead of the writer
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Source:
    path: Path
    size: int
    mtime_ns: int

    @property
    def quick_print(self) -> str:
        return f"{self.size}:{self.mtime_ns}"


def find_files(sources: Sequence[Path]) -> list[_Source]:
    """Every briefing file under ``sources``, sorted, hidden files skipped."""
    found: dict[Path, _Source] = {}
    for source in sources:
        if not source.exists():
            raise SourceError(f"source {source} does not exist; give a folder or file of briefings")
        candidates: Iterable[Path] = [source] if source.is_file() else source.rglob("*")
        for path in candidates:
            rel = path.relative_to(source) if source.is_dir() else Path(path.name)
            if any(part.startswith(".") for part in rel.parts) or path.suffix not in SUFFIXES:
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                resolved = path.resolve()
                found[resolved] = _Source(resolved, st.st_size, st.st_mtime_ns)
    return [found[p] for p in sorted(found)]


_stemmed: set[str] = set()  # words whose stems this process has already reported


def _new_stems(briefing: Briefing) -> dict[str, str]:
    """Stems of the briefing's words not reported before, for the index's stem table."""
    words = {fold(w) for w in WORD.findall(briefing.title)}
    for turn in briefing.turns:
        words.update(fold(w) for w in WORD.findall(turn.text))
    words -= _stemmed
    _stemmed.update(words)
    return {word: stem(word) for word in words}


_Read = tuple[Path, str, Briefing | None, str, dict[str, str]]


def _read(path: Path) -> _Read:
    """Read one file: path, content hash, briefing (or None), failure reason, new stems."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return path, "", None, f"cannot read the file ({exc.strerror or exc})", {}
    digest = hashlib.sha1(data).hexdigest()
    try:
        briefing = parse_briefing(data, path)
    except BriefingReadError as exc:
        return path, digest, None, exc.reason, {}
    return path, digest, briefing, "", _new_stems(briefing)


def _read_all(paths: list[Path]) -> Iterator[_Read]:
    if len(paths) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(_read, paths)
        return
    workers = min(2, os.cpu_count() or 2)
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        # At most a window of files in flight: parsed briefings wait in memory
        # until the writer takes them, and the writer is the slower side.
        pending: deque[Future[_Read]] = deque()
        for path in paths:
            pending.append(pool.submit(_read, path))
            if len(pending) >= _IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _day(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day)


def _add(writer: Any, briefing: Briefing, fingerprint: str, batch: int) -> int:
    common = {
        "batch": batch,
        "briefing_id": briefing.briefing_id,
        "date": _day(briefing.date),
        "category": briefing.category or "none",
    }
    writer.add_document(
        doc_id=f"b:{briefing.briefing_id}",
        kind="briefing",
        title=briefing.title,
        path=str(briefing.path),
        permalink=briefing.permalink,
        fingerprint=fingerprint,
        **common,
    )
    for turn in briefing.turns:
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
        writer.add_document(
            doc_id=turn.turn_id,
            kind="turn",
            number=turn.number,
            role=turn.role,
            exchange=turn.exchange,
            interpreted=turn.interpreted,
            text=turn.text,
            body=pack_text(turn.text),
            **speaker,
            **common,
        )
    return len(briefing.turns)


class _Task(SubWriterTask):  # type: ignore[misc]
    """Whoosh's indexing subprocess, ended when the indexer itself ends."""

    def run(self) -> None:
        die_with_parent()
        super().run()


class _ParallelWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's two-process writer, with subprocesses that die with the indexer."""

    def _new_task(self) -> Any:
        task = _Task(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def _writer(ix: Any, files: int) -> Any:
    """The index's writer; for a large batch, one that indexes in two processes.

    Whoosh's own lock is not used: :func:`searchbrief.store.writing` holds one
    that a killed indexer cannot leave behind.
    """
    if files >= _PARALLEL_FROM and (os.cpu_count() or 1) >= 2:
        return _ParallelWriter(ix, procs=2, multisegment=True, subargs={"limitmb": 128}, _lk=False)
    return ix.writer(limitmb=128, _lk=False)


def _crash_point(name: str) -> None:
    """Tests kill the indexer here (SEARCHBRIEF_TEST_CRASH=name) to prove it is crash-safe."""
    if os.environ.get("SEARCHBRIEF_TEST_CRASH") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class _Plan:
    known: dict[str, tuple[str, str]]  # indexed path -> (fingerprint, briefing id)
    to_read: list[_Source]
    unchanged: int
    vanished: list[tuple[str, str]]
    batch: int


def _within(path: str, sources: Sequence[Path]) -> bool:
    resolved = [s.resolve() for s in sources]
    return any(Path(path) == s or Path(path).is_relative_to(s) for s in resolved)


def _plan(ix: Any, files: list[_Source], sources: Sequence[Path], rebuild: bool) -> _Plan:
    """What a run must do: the files to read, those unchanged, those gone."""
    with ix.searcher() as searcher:
        stored = list(searcher.documents(kind="briefing"))
    batch = 1 + max((f.get("batch", 0) for f in stored), default=0)
    known = {} if rebuild else {f["path"]: (f["fingerprint"], f["briefing_id"]) for f in stored}
    to_read = []
    unchanged = 0
    for source in files:
        old = known.get(str(source.path))
        if old is not None and old[0].startswith(source.quick_print + ":"):
            unchanged += 1
        else:
            to_read.append(source)
    present = {str(f.path) for f in files}
    vanished = [
        (path, bid)
        for path, (_, bid) in known.items()
        if path not in present and _within(path, sources)
    ]
    return _Plan(known, to_read, unchanged, vanished, batch)


def update(
    ix: Any,
    directory: Path,
    sources: Sequence[Path],
    *,
    rebuild: bool = False,
    allow_empty: bool = False,
    wait: float = 0.0,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index in line with ``sources``: add, replace and remove briefings.

    Only briefings whose files lie under ``sources`` are removed when their file
    is gone; a source that is missing, or holds no briefing, is refused unless
    ``allow_empty``.  One writer, one commit: readers see the old index or the
    new one, and a crash leaves the old one.
    """
    started = time.perf_counter()
    files = find_files(sources)
    if not files and not allow_empty:
        names = ", ".join(str(s) for s in sources)
        raise SourceError(
            f"no briefings found in {names}; refusing to empty the index "
            "(give --allow-empty to remove what was indexed from there)"
        )
    with writing(directory, wait):
        plan = _plan(ix, files, sources, rebuild)
        plan.batch = max(plan.batch, 1 + int((last_run(directory) or {}).get("batch", 0)))
        writer = _writer(ix, len(plan.to_read))
        try:
            counts = _write(writer, plan, progress)
            save_stems(directory, {**stemming.known(), **counts.pop("stems")})
            _crash_point("commit")
        except BaseException:
            writer.cancel()
            raise
        if rebuild or counts["added"] or counts["updated"] or plan.vanished:
            writer.commit(mergetype=CLEAR if rebuild else None)
        else:
            writer.cancel()  # nothing changed: no new generation, no merging
        clean(ix)
    with ix.searcher() as searcher:
        briefings = sum(1 for _ in searcher.document_numbers(kind="briefing"))
        turns = searcher.doc_count() - briefings
    report = IndexReport(
        added=counts["added"],
        updated=counts["updated"],
        removed=len(plan.vanished),
        unchanged=plan.unchanged + counts["same"],
        duplicates=tuple(counts["duplicates"]),
        failed=tuple(counts["failed"]),
        briefings=briefings,
        turns=turns,
        batch=plan.batch,
        seconds=round(time.perf_counter() - started, 3),
    )
    save_run(directory, run_record(report))
    return report


def _write(writer: Any, plan: _Plan, progress: Progress | None) -> dict[str, Any]:
    added = updated = same = 0
    failed: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    stems: dict[str, str] = {}
    reading = {f.path: f for f in plan.to_read}
    gone = {path for path, _ in plan.vanished}
    owners = {  # briefing id -> the path it is indexed from, for files not re-read
        bid: path
        for path, (_, bid) in plan.known.items()
        if Path(path) not in reading and path not in gone
    }
    for done, (path, digest, briefing, reason, new_stems) in enumerate(_read_all(list(reading)), 1):
        if progress is not None:
            progress(done, len(reading))
        if done == len(reading) // 2:
            _crash_point("read")
        stems.update(new_stems)
        old = plan.known.get(str(path))
        if briefing is None:
            kept = "; the version indexed before stays searchable" if old else ""
            failed.append((str(path), reason + kept))
            continue
        if old is not None and old[0].endswith(":" + digest):
            same += 1
            continue
        bid = briefing.briefing_id
        if bid in owners and owners[bid] != str(path):
            duplicates.append((str(path), owners[bid]))
            continue
        owners[bid] = str(path)
        writer.delete_by_term("briefing_id", old[1] if old else bid)
        if old is not None and old[1] != bid:
            writer.delete_by_term("briefing_id", bid)
        updated += old is not None
        added += old is None
        _add(writer, briefing, f"{reading[path].quick_print}:{digest}", plan.batch)
    for _, bid in plan.vanished:
        if bid not in owners:  # not re-added from another path in this run
            writer.delete_by_term("briefing_id", bid)
    _crash_point("write")
    return {
        "added": added,
        "updated": updated,
        "same": same,
        "failed": failed,
        "duplicates": duplicates,
        "stems": stems,
    }
