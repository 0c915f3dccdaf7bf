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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh.writing import CLEAR

from searchbrief import stemming
from searchbrief.errors import BriefingReadError, SearchbriefError
from searchbrief.model import Briefing, IndexReport
from searchbrief.reader import parse_briefing
from searchbrief.schema import WORD, fold, pack_text
from searchbrief.stemming import stem
from searchbrief.store import save_run, save_stems

SUFFIXES = frozenset({".md", ".markdown", ".txt"})
_PARALLEL_FROM = 64  # files; below this, reading in-process is faster
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
            raise SearchbriefError(f"source {source} does not exist; give a folder of briefings")
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
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as pool:
        yield from pool.map(_read, paths, chunksize=16)


def _day(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day)


def _add(writer: Any, briefing: Briefing, fingerprint: str, batch: int) -> int:
    common = {
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
        batch=batch,
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


def _writer(ix: Any, files: int) -> Any:
    """A writer; for a large batch, one that indexes in two processes."""
    if files >= _PARALLEL_FROM and (os.cpu_count() or 1) >= 2:
        return ix.writer(procs=2, limitmb=128, multisegment=True)
    return ix.writer(limitmb=128)


def update(
    ix: Any,
    directory: Path,
    sources: Sequence[Path],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index in line with ``sources``: add, replace and remove briefings."""
    started = time.perf_counter()
    files = find_files(sources)
    with ix.searcher() as searcher:
        known = {
            fields["path"]: (fields["fingerprint"], fields["briefing_id"])
            for fields in searcher.documents(kind="briefing")
        }
        batch = 1 + max((f.get("batch", 0) for f in searcher.documents(kind="briefing")), default=0)
    if rebuild:
        known = {}
    unchanged = 0
    to_read: list[_Source] = []
    for source in files:
        old = known.get(str(source.path))
        if old is not None and old[0].startswith(source.quick_print + ":"):
            unchanged += 1
        else:
            to_read.append(source)
    present = {str(f.path) for f in files}
    vanished = [(p, bid) for p, (_, bid) in known.items() if p not in present]

    added = updated = 0
    failed: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    seen_ids: dict[str, str] = {}
    unchanged_ids = {known[str(f.path)][1] for f in files if f not in to_read}
    by_path = {f.path: f for f in to_read}
    writer = _writer(ix, len(to_read))
    try:
        stems: dict[str, str] = {}
        for done, (path, digest, briefing, reason, new_stems) in enumerate(
            _read_all([f.path for f in to_read]), 1
        ):
            stems.update(new_stems)
            if progress is not None:
                progress(done, len(to_read))
            old = known.get(str(path))
            if briefing is None:
                failed.append((str(path), reason))
                continue
            if old is not None and old[0].endswith(":" + digest):
                unchanged += 1
                continue
            bid = briefing.briefing_id
            if bid in seen_ids or (bid in unchanged_ids and old is None):
                duplicates.append((str(path), seen_ids.get(bid, "an indexed file")))
                continue
            seen_ids[bid] = str(path)
            if old is not None:
                writer.delete_by_term("briefing_id", old[1])
                updated += 1
            else:
                writer.delete_by_term("briefing_id", bid)
                added += 1
            _add(writer, briefing, f"{by_path[path].quick_print}:{digest}", batch)
        for _, bid in vanished:
            writer.delete_by_term("briefing_id", bid)
        save_stems(directory, {**stemming.known(), **stems})
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR if rebuild else None)
    with ix.searcher() as searcher:
        briefings = sum(1 for _ in searcher.document_numbers(kind="briefing"))
        turns = searcher.doc_count() - briefings
    report = IndexReport(
        added=added,
        updated=updated,
        removed=len(vanished),
        unchanged=unchanged,
        duplicates=tuple(duplicates),
        failed=tuple(failed),
        briefings=briefings,
        turns=turns,
        batch=batch,
        seconds=round(time.perf_counter() - started, 3),
    )
    save_run(
        directory,
        {
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **{k: v for k, v in asdict(report).items() if k not in ("duplicates", "failed")},
            "duplicates": len(report.duplicates),
            "failed": len(report.failed),
        },
    )
    return report
