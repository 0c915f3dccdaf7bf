"""Writing briefings into the index: incremental updates and full rebuilds.

One run, one commit.  A file is re-read only when its size and modification
time say it may have changed; the files to read are indexed into new segments
(:mod:`searchbrief.indexing.workers`), then taken in order: a new version replaces the old
one, an unchanged content hash or a duplicate briefing id leaves the new
documents out, and a file that fails to read is reported while whatever was
indexed for it before stays.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.writing import CLEAR

from searchbrief.config import MAX_SIZE
from searchbrief.engine.directory import (
    clean,
    last_run,
    remove_other_formats,
    save_run,
    save_stems,
    writing,
)
from searchbrief.engine.writer import BriefingWriter
from searchbrief.errors import SourceError
from searchbrief.indexing.report import IndexReport, run_record
from searchbrief.indexing.workers import Record, Shard, write_parallel, write_shard

SUFFIXES = frozenset({".md", ".markdown", ".txt"})
_PARALLEL_FROM = 64  # files; below this, indexing in-process is faster
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Source:
    path: Path
    size: int
    mtime_ns: int

    @property
    def quick_print(self) -> str:
        return f"{self.size}:{self.mtime_ns}"


def find_files(
    sources: Sequence[Path], *, follow_symlinks: bool = False
) -> tuple[list[_Source], list[tuple[str, str]]]:
    """Every briefing file under ``sources``, sorted, hidden files skipped; and the links skipped.

    A file is known by its resolved path.  A symbolic link is followed when its
    target lies under the same source; a broken link, a loop and (unless
    ``follow_symlinks``) a link out of the source are skipped, each with the
    reason.  A link followed out of its source is known by its own path, so that
    its briefing goes when the link does.
    """
    found: dict[Path, _Source] = {}
    skipped: dict[str, tuple[str, Path | None]] = {}  # a link → why, and its target
    folders: dict[Path, Path] = {}  # a folder → its resolved path
    for source in sources:
        if not source.exists():
            raise SourceError(f"source {source} does not exist; give a folder or file of briefings")
        home = source.resolve() if source.is_dir() else source.resolve().parent
        candidates: Iterable[Path] = [source] if source.is_file() else source.rglob("*")
        for path in candidates:
            rel = path.relative_to(source) if source.is_dir() else Path(path.name)
            if any(part.startswith(".") for part in rel.parts) or path.suffix not in SUFFIXES:
                continue
            try:
                resolved, st = _resolve(path, folders)
            except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, on Python 3.11-3.12
                if path.is_symlink():
                    skipped[str(path)] = (_link_problem(exc), None)
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if not resolved.is_relative_to(home):
                if not follow_symlinks:
                    why = f"a link to {resolved}, outside {source}; give --follow-symlinks"
                    skipped[str(path)] = (why, resolved)
                    continue
                resolved = home / rel
            found[resolved] = _Source(resolved, st.st_size, st.st_mtime_ns)
    # A link skipped in one source may lead to a file another source holds.
    left_out = [(path, why) for path, (why, target) in skipped.items() if target not in found]
    return [found[p] for p in sorted(found)], sorted(left_out)


def _link_problem(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "a broken link: its target does not exist"
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "a symbolic link loop"
    return f"a link that cannot be followed ({exc})"


def _resolve(path: Path, folders: dict[Path, Path]) -> tuple[Path, os.stat_result]:
    """``path.resolve()`` and ``path.stat()``, with one system call for most files.

    A file that is not a link resolves to its folder's resolved path and its
    name, so each folder is resolved once, not once per file in it.
    """
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return path.resolve(strict=True), path.stat()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name, st


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
    follow_symlinks: bool = False,
    max_size: int = MAX_SIZE,
) -> IndexReport:
    """Bring the index in line with ``sources``: add, replace and remove briefings.

    Only briefings whose files lie under ``sources`` are removed when their file
    is gone; a source that is missing, or holds no briefing, is refused unless
    ``allow_empty``.  One writer, one commit: readers see the old index or the
    new one, and a crash leaves the old one.
    """
    started = time.perf_counter()
    files, skipped = find_files(sources, follow_symlinks=follow_symlinks)
    if not files and not allow_empty:
        names = ", ".join(str(s) for s in sources)
        raise SourceError(
            f"no briefings found in {names}; refusing to empty the index "
            "(give --allow-empty to remove what was indexed from there)"
        )
    with writing(directory, wait):
        plan = _plan(ix, files, sources, rebuild)
        plan.batch = max(plan.batch, 1 + int((last_run(directory) or {}).get("batch", 0)))
        writer = BriefingWriter(ix, whoosh_lock=False)  # our lock, not Whoosh's: see writing()
        try:
            shards = _shards(ix, directory, plan, progress, max_size)
            counts = _decide(writer, plan, shards)
            save_stems(directory, counts.pop("stems"))
        except BaseException:
            writer.cancel()
            raise
        if rebuild or counts["added"] or counts["updated"] or plan.vanished:
            new = [s for s in (shard.live_segment() for shard in shards) if s is not None]
            writer.commit_with(new, mergetype=CLEAR if rebuild else None)
        else:
            writer.cancel()  # nothing changed: no new generation, no merging
        clean(ix)
        if rebuild:  # the new index is committed: an older format's files go
            remove_other_formats(directory)
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
        skipped=tuple(skipped),
        briefings=briefings,
        turns=turns,
        batch=plan.batch,
        seconds=round(time.perf_counter() - started, 3),
    )
    save_run(directory, run_record(report))
    return report


def _shards(
    ix: Any, directory: Path, plan: _Plan, progress: Progress | None, max_size: int
) -> list[Shard]:
    """Read and index every file to read into new segments, in parallel when many."""
    jobs = [(source.path, source.quick_print) for source in plan.to_read]
    total = len(jobs)
    done = 0

    def one_done() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if total >= _PARALLEL_FROM and (os.cpu_count() or 1) >= 2:
        return write_parallel(directory, jobs, plan.batch, one_done, max_size)
    return [write_shard(ix, jobs, plan.batch, one_done, max_size)] if jobs else []


def _decide(writer: Any, plan: _Plan, shards: list[Shard]) -> dict[str, Any]:
    """File by file, in order: keep each new version, or leave it out, and delete old ones."""
    added = updated = same = 0
    failed: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    reading = {f.path for f in plan.to_read}
    gone = {path for path, _ in plan.vanished}
    owners = {  # briefing id -> the path it is indexed from, for files not re-read
        bid: path
        for path, (_, bid) in plan.known.items()
        if Path(path) not in reading and path not in gone
    }
    records = sorted(((r, shard) for shard in shards for r in shard.records), key=_by_path)
    for record, shard in records:
        path = str(record.path)
        old = plan.known.get(path)
        bid = record.briefing_id
        if bid is None:
            kept = "; the version indexed before stays searchable" if old else ""
            failed.append((path, record.reason + kept))
            continue
        if old is not None and old[0].endswith(":" + record.digest):
            same += 1
            shard.discard(record)
            continue
        if bid in owners and owners[bid] != path:
            duplicates.append((path, owners[bid]))
            shard.discard(record)
            continue
        owners[bid] = path
        writer.delete_by_term("briefing_id", old[1] if old else bid)
        if old is not None and old[1] != bid:
            writer.delete_by_term("briefing_id", bid)
        updated += old is not None
        added += old is None
    for _, bid in plan.vanished:
        if bid not in owners:  # not re-added from another path in this run
            writer.delete_by_term("briefing_id", bid)
    stems: dict[str, str] = {}
    for shard in shards:
        stems.update(shard.stems)
    return {
        "added": added,
        "updated": updated,
        "same": same,
        "failed": failed,
        "duplicates": duplicates,
        "stems": stems,
    }


def _by_path(item: tuple[Record, Shard]) -> str:
    return str(item[0].path)
