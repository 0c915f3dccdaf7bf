"""The SQLite FTS5 baseline, built from the same reader output as searchbrief.

Two levels: ``document`` (one row per briefing: title and cleaned text) and
``turn`` (one row per speaker turn). Both use ``tokenize='porter unicode61'``
and rank by ``bm25()``. Search results are per briefing at either level.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from bench.queries import parse_query

if TYPE_CHECKING:  # importing searchbrief would load Whoosh into a bare FTS5 query
    from searchbrief.documents.briefing import Briefing

Level = Literal["document", "turn"]
LEVELS: tuple[Level, ...] = ("document", "turn")
TABLES: dict[Level, str] = {"document": "documents", "turn": "turns"}
_COLUMNS: dict[Level, tuple[str, ...]] = {
    "document": ("briefing_id UNINDEXED", "title", "text"),
    "turn": (
        "briefing_id UNINDEXED",
        "turn_id UNINDEXED",
        "speaker",
        "role UNINDEXED",
        "title",
        "text",
    ),
}
SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class BuildStats:
    """What one build did: rows written, wall time and the database size."""

    level: Level
    briefings: int
    rows: int
    seconds: float
    db_bytes: int


class Hit(NamedTuple):
    """One ranked briefing. ``score`` is the negated ``bm25()``: higher is better."""

    briefing_id: str
    score: float
    snippet: str


def build_fts5(briefings: Iterable[Briefing], db_path: Path | str, level: Level) -> BuildStats:
    """(Re)create the ``level`` table in ``db_path`` from ``briefings``; timed.

    The time covers creating the table, inserting every row in one transaction
    and FTS5's ``optimize`` (merging the index into one b-tree); not reading the
    files. Use a fresh file per level for honest sizes: a dropped table's pages
    stay in the file until it is vacuumed.
    """
    table = _table(level)
    started = time.perf_counter()
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            create_table(conn, level)
            insert = insert_sql(level)
            count = rows = 0
            for briefing in briefings:
                count += 1
                batch = rows_of(briefing, level)
                conn.executemany(insert, batch)
                rows += len(batch)
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    return BuildStats(level, count, rows, seconds, Path(db_path).stat().st_size)


def create_table(conn: sqlite3.Connection, level: Level) -> None:
    """Create the ``level`` table (porter stemming) if it does not exist."""
    columns = ", ".join(_COLUMNS[level])
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_table(level)} "
        f"USING fts5({columns}, tokenize='porter unicode61')"
    )


def insert_sql(level: Level) -> str:
    """The INSERT statement for one row of :func:`rows_of`."""
    return f"INSERT INTO {_table(level)} VALUES ({', '.join('?' * len(_COLUMNS[level]))})"


def rows_of(briefing: Briefing, level: Level) -> list[tuple[str, ...]]:
    """The ``level`` table's rows for ``briefing``: one, or one per turn."""
    if level == "document":
        return [(briefing.briefing_id, briefing.title, briefing.text)]
    return [
        (briefing.briefing_id, t.turn_id, t.speaker, t.role, briefing.title, t.text)
        for t in briefing.turns
    ]


def to_match(query: str, column: str | None = None) -> str | None:
    """Our query syntax as an FTS5 MATCH expression, or None if nothing is searchable.

    Every term is quoted (``"gas" "prices"``), so FTS5 operators and punctuation
    are plain text: ``"COVID-19"``, ``"don't"`` and ``"U.S."`` become phrases of
    their tokens. FTS5 ANDs the quoted terms. ``column`` limits the match to one
    column (``text : (...)``).
    """
    terms = parse_query(query)
    if not terms:
        return None
    expression = " ".join('"' + term.text.replace('"', '""') + '"' for term in terms)
    return f"{column} : ({expression})" if column else expression


def search_fts5(
    conn: sqlite3.Connection,
    query: str,
    level: Level,
    limit: int = 10,
    snippets: bool = True,
) -> list[Hit]:
    """The ``limit`` best briefings for ``query``, ordered by ``bm25()``.

    At turn level a briefing ranks by its best turn, and its snippet comes from
    that turn. Snippets are made only for the hits returned.
    """
    table = _table(level)
    match = to_match(query)
    if match is None or limit <= 0:
        return []
    ranked = conn.execute(
        f"SELECT rowid, briefing_id, bm25({table}) FROM {table} "
        f"WHERE {table} MATCH ? ORDER BY bm25({table})",
        (match,),
    )
    best: list[tuple[int, str, float]] = []
    seen: set[str] = set()
    for rowid, briefing_id, bm25 in ranked:
        if briefing_id not in seen:
            seen.add(briefing_id)
            best.append((rowid, briefing_id, -bm25))
            if len(best) == limit:
                break
    ranked.close()
    return [
        Hit(briefing_id, score, _snippet(conn, table, match, rowid) if snippets else "")
        for rowid, briefing_id, score in best
    ]


def _snippet(conn: sqlite3.Connection, table: str, match: str, rowid: int) -> str:
    row = conn.execute(
        f"SELECT snippet({table}, -1, '[', ']', '…', {SNIPPET_TOKENS}) FROM {table} "
        f"WHERE {table} MATCH ? AND rowid = ?",
        (match, rowid),
    ).fetchone()
    return str(row[0]) if row else ""


def count_fts5(
    conn: sqlite3.Connection, query: str, level: Level, column: str | None = None
) -> int:
    """How many rows match ``query``: briefings at document level, turns at turn level."""
    table = _table(level)
    match = to_match(query, column)
    if match is None:
        return 0
    row = conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (match,))
    return int(row.fetchone()[0])


def matching_briefings_fts5(
    conn: sqlite3.Connection, query: str, level: Level, column: str | None = None
) -> set[str]:
    """Ids of the briefings with a row matching ``query`` (in ``column`` if given)."""
    table = _table(level)
    match = to_match(query, column)
    if match is None:
        return set()
    rows = conn.execute(f"SELECT briefing_id FROM {table} WHERE {table} MATCH ?", (match,))
    return {briefing_id for (briefing_id,) in rows}


def _table(level: Level) -> str:
    if level not in TABLES:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return TABLES[level]
