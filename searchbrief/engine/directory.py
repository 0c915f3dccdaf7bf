"""Opening and creating the index directory, with format and lock checks.

The Whoosh index lives under the versioned name ``briefings_v{N}`` so that an
index written by another format version is recognised, not misread.  Beside it,
``stems_v{N}.sqlite`` keeps every word's stem so that queries need not import
NLTK (see :mod:`searchbrief.engine.stemming`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from searchbrief.engine import stemming
from searchbrief.engine.schema import INDEX_NAME, SCHEMA_VERSION, build_schema
from searchbrief.engine.storage import DurableStorage, SegmentStorage
from searchbrief.errors import IndexLockedError, IndexNotFoundError, IndexOutdatedError

RUN_FILE = "last_run.json"
LOCK_FILE = "searchbrief.lock"
_in_process = threading.Lock()
_TOC = re.compile(r"^_briefings_v(\d+)_\d+\.toc$")
_TEMP_TOC = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\.[\d.]+$")
_OPEN_RETRIES = 20


def stems_path(directory: Path, version: int = SCHEMA_VERSION) -> Path:
    return directory / f"stems_v{version}.sqlite"


def exists(directory: Path) -> bool:
    """Whether ``directory`` holds an index of this format version."""
    return directory.is_dir() and whoosh_index.exists_in(str(directory), indexname=INDEX_NAME)


def open_index(directory: Path, *, for_writing: bool = False) -> Any:
    """Open the index in ``directory``; typed errors when missing or outdated.

    Searches read segments in place (:class:`~searchbrief.engine.storage.SegmentStorage`);
    an index opened ``for_writing`` writes through Whoosh's own storage, its
    commits made durable (:class:`~searchbrief.engine.storage.DurableStorage`).
    """
    if not exists(directory):
        check_current(directory)
        raise IndexNotFoundError(
            f"no searchbrief index in {directory}; build one with "
            f"`searchbrief index SOURCE --index {directory}`"
        )
    # While a writer commits, Whoosh can briefly miss a segment file: retry.
    for attempt in range(_OPEN_RETRIES):
        try:
            folder = str(directory)
            storage = DurableStorage(folder) if for_writing else SegmentStorage(folder)
            return storage.open_index(INDEX_NAME)
        except FileNotFoundError:
            if attempt == _OPEN_RETRIES - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def create_index(directory: Path) -> Any:
    """Create an empty index in ``directory`` (made if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    return DurableStorage(str(directory)).create_index(build_schema(), indexname=INDEX_NAME)


def check_current(directory: Path) -> None:
    """Raise :class:`IndexOutdatedError` if ``directory`` holds only another format's index."""
    versions = _other_versions(directory)
    if versions and not exists(directory):
        raise IndexOutdatedError(
            f"the index in {directory} was built by another searchbrief (format "
            f"v{max(versions)}, this one reads v{SCHEMA_VERSION}); rebuild it with "
            f"`searchbrief index SOURCE --index {directory} --rebuild`"
        )


def remove_other_formats(directory: Path) -> None:
    """Delete the files of indexes in other formats (once this format's index is committed).

    Call only while holding :func:`writing`.
    """
    for version in _other_versions(directory):
        for pattern in (f"_briefings_v{version}_*.toc", f"briefings_v{version}_*"):
            for path in directory.glob(pattern):
                path.unlink(missing_ok=True)
        stems_path(directory, version).unlink(missing_ok=True)


def _other_versions(directory: Path) -> set[int]:
    """The format versions of the indexes in ``directory`` other than this one's."""
    if not directory.is_dir():
        return set()
    found = {int(m.group(1)) for p in directory.iterdir() if (m := _TOC.match(p.name))}
    return found - {SCHEMA_VERSION}


def save_stems(directory: Path, stems: Mapping[str, str]) -> None:
    """Add ``word → stem`` pairs to the index's stem table."""
    with sqlite3.connect(stems_path(directory)) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS stems (word TEXT PRIMARY KEY, stem TEXT)")
        conn.executemany("INSERT OR IGNORE INTO stems VALUES (?, ?)", stems.items())
    conn.close()


def stem_table(directory: Path) -> stemming.StemTable | None:
    """The index's stem table opened for reading, or None when it has none."""
    path = stems_path(directory)
    return stemming.StemTable(path) if path.exists() else None


def save_run(directory: Path, run: Mapping[str, Any]) -> None:
    """Record the last indexing run beside the index (written atomically)."""
    import json  # only indexing and stats need the run record, not a query

    temp = directory / f".{RUN_FILE}.tmp"
    temp.write_text(json.dumps(run, indent=1))
    temp.replace(directory / RUN_FILE)


def last_run(directory: Path) -> dict[str, Any] | None:
    """What the last indexing run recorded, if anything."""
    import json  # only indexing and stats need the run record, not a query

    try:
        data = json.loads((directory / RUN_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@contextmanager
def writing(directory: Path, wait: float) -> Iterator[None]:
    """Hold the index's write lock, waiting up to ``wait`` seconds for it.

    A POSIX record lock: the kernel releases it the moment its process dies
    (even by ``kill -9``), and worker processes forked meanwhile do not hold it.
    """
    deadline = time.monotonic() + wait
    acquired = _in_process.acquire(timeout=wait) if wait > 0 else _in_process.acquire(False)
    if not acquired:
        raise _busy(wait)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EACCES, errno.EAGAIN):
                        raise
                    if time.monotonic() >= deadline:
                        raise _busy(wait) from exc
                    time.sleep(0.1)
            yield
        finally:
            os.close(fd)
    finally:
        _in_process.release()


def _busy(wait: float) -> IndexLockedError:
    return IndexLockedError(
        f"another searchbrief is writing to this index; waited {wait:g} s "
        "(give --wait SECONDS to wait longer)"
    )


def clean(ix: Any) -> None:
    """Remove files no generation of the index uses (left by a cancelled or killed writer).

    Call only while holding :func:`writing`.
    """
    toc = whoosh_index.TOC.read(ix.storage, INDEX_NAME)  # the latest generation's
    whoosh_index.clean_files(ix.storage, INDEX_NAME, toc.generation, toc.segments)
    # A writer killed while committing leaves its table of contents under a
    # temporary name (``_briefings_vN_G.toc.<time>``), which Whoosh's clean-up
    # does not know; only a writer holding the lock writes one, and we hold it.
    for name in ix.storage.list():
        if _TEMP_TOC.match(name):
            ix.storage.delete_file(name)
