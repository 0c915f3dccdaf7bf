"""English stemming: NLTK's Snowball stemmer behind a bounded memo and the indexes' stem tables.

A word's stem never changes, so the indexer saves every stem it computes in a
table beside the index (``stems_v{N}.sqlite``, see
:mod:`searchbrief.engine.directory`).  A :class:`StemTable` is that table opened
for reading; while one is open (:func:`attach`), :func:`stem` asks it before
NLTK, so a query whose words the index has seen never imports NLTK (about half
a second).  The facade opens its index's table and closes it with the index.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

#: Words whose stems :func:`stem` remembers, least recently used first out.
MEMO_SIZE = 1 << 16


class StemTable:
    """An index's saved ``word → stem`` pairs, read-only; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()

    def lookup(self, word: str) -> str | None:
        """The saved stem of ``word``, or None (not saved, or the table is closed)."""
        with self._lock:
            if self._conn is None:
                return None
            try:
                row = self._conn.execute(
                    "SELECT stem FROM stems WHERE word = ?", (word,)
                ).fetchone()
            except sqlite3.Error:
                return None
        return None if row is None else str(row[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


_tables: list[StemTable] = []
_tables_lock = threading.Lock()


def attach(table: StemTable) -> None:
    """Let :func:`stem` consult ``table`` until :func:`detach`."""
    with _tables_lock:
        _tables.append(table)


def detach(table: StemTable) -> None:
    """Stop consulting ``table`` (it stays open: the caller closes it)."""
    with _tables_lock:
        if table in _tables:
            _tables.remove(table)


@lru_cache(maxsize=1)
def _snowball() -> Callable[[str], str]:
    # Imported on first use, not at the top: NLTK takes about half a second
    # to import, and a query usually finds its words in a stem table.
    from nltk.stem.snowball import SnowballStemmer

    stemmer: Callable[[str], str] = SnowballStemmer("english").stem
    return stemmer


def prepare() -> None:
    """Import NLTK's stemmer now, before worker processes are forked (else once per worker)."""
    _snowball()


@lru_cache(maxsize=MEMO_SIZE)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case ``word``."""
    for table in tuple(_tables):
        found = table.lookup(word)
        if found is not None:
            return found
    return _snowball()(word)
