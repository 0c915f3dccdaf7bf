"""The FTS5 baseline kept up to date the way searchbrief's index is.

A ``files`` table remembers each file's size, modification time, SHA-1 and
the rowids of its rows. A file whose size and time are unchanged is skipped;
otherwise it is read (with searchbrief's reader, in a pool of processes as
searchbrief's indexer does) and, if its hash changed, its rows are replaced.
Rows of files gone from the source are deleted. One transaction per run; a
run that starts from an empty database ends with FTS5's ``optimize``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpus import corpus_files
from bench.fts5 import TABLES, Level, create_table, rows_of
from searchbrief.documents.briefing import Briefing
from searchbrief.documents.reader import parse_briefing
from searchbrief.errors import BriefingReadError

PARALLEL_FROM = 64  # files, as searchbrief's indexer
_FILES = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "sha1 TEXT, first_rowid INTEGER, rows INTEGER)"
)
_Read = tuple[str, str, Briefing | None]


def _read(path: str) -> _Read:
    data = Path(path).read_bytes()
    digest = hashlib.sha1(data).hexdigest()
    try:
        return path, digest, parse_briefing(data, Path(path))
    except BriefingReadError:
        return path, digest, None


def _read_all(paths: list[str]) -> Iterator[_Read]:
    cores = os.cpu_count() or 1
    if len(paths) < PARALLEL_FROM or cores < 2:
        yield from map(_read, paths)
        return
    with ProcessPoolExecutor(max_workers=min(4, cores)) as pool:
        yield from pool.map(_read, paths, chunksize=16)


def sync(db_path: Path, source: Path, level: Level) -> dict[str, float]:
    """Bring the ``level`` table in ``db_path`` in line with the files under ``source``.

    Returns counts (``files``, ``read``, ``added``, ``updated``, ``same``,
    ``unchanged``, ``removed``, ``failed``, ``rows``) and ``seconds``.
    """
    started = time.perf_counter()
    table = TABLES[level]
    conn = sqlite3.connect(db_path)
    counts = dict.fromkeys(
        ("files", "read", "added", "updated", "same", "unchanged", "removed", "failed"), 0
    )
    try:
        with conn:
            conn.execute(_FILES)
            create_table(conn, level)
            known = {
                path: (size, mtime, sha1, first, rows)
                for path, size, mtime, sha1, first, rows in conn.execute("SELECT * FROM files")
            }
            was_empty = not known
            next_rowid = 1 + (conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0)
            present: dict[str, os.stat_result] = {}
            for file in corpus_files(source):
                present[str(file.resolve())] = file.stat()
            counts["files"] = len(present)
            names = _names(conn, table)
            to_read = [
                name
                for name, st in present.items()
                if known.get(name, (None, None))[:2] != (st.st_size, st.st_mtime_ns)
            ]
            counts["unchanged"] = len(present) - len(to_read)
            for path, digest, briefing in _read_all(to_read):
                counts["read"] += 1
                st = present[path]
                old = known.get(path)
                if briefing is None:
                    counts["failed"] += 1
                    continue
                if old is not None and old[2] == digest:
                    counts["same"] += 1
                    conn.execute(
                        "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                        (st.st_size, st.st_mtime_ns, path),
                    )
                    continue
                if old is not None:
                    _delete_rows(conn, table, old[3], old[4])
                rows = rows_of(briefing, level)
                marks = ", ".join("?" * (1 + names.count(",") + 1))
                conn.executemany(
                    f"INSERT INTO {table}(rowid, {names}) VALUES ({marks})",
                    [(next_rowid + i, *row) for i, row in enumerate(rows)],
                )
                conn.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    (path, st.st_size, st.st_mtime_ns, digest, next_rowid, len(rows)),
                )
                next_rowid += len(rows)
                counts["updated" if old is not None else "added"] += 1
            for path, old in known.items():
                if path not in present:
                    _delete_rows(conn, table, old[3], old[4])
                    conn.execute("DELETE FROM files WHERE path = ?", (path,))
                    counts["removed"] += 1
            if was_empty:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        total_rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
    return {**counts, "rows": total_rows, "seconds": time.perf_counter() - started}


def _delete_rows(conn: sqlite3.Connection, table: str, first: int, rows: int) -> None:
    if rows:
        conn.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (first, first + rows - 1))


def _names(conn: sqlite3.Connection, table: str) -> str:
    """The table's column names, comma-separated (FTS5 reports them like any table)."""
    return ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
