"""The baseline's fresh query: open an FTS5 database, print its top 10 with snippets.

    python -m bench.fts5_query DB_FILE document|turn QUERY

The counterpart of a whole ``searchbrief query`` command, start-up included.
It imports only ``sqlite3`` and the bench's query parsing.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from bench.fts5 import LEVELS, Level, search_fts5


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[1] not in LEVELS:
        print(__doc__, file=sys.stderr)
        return 2
    conn = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
    level: Level = "document" if args[1] == "document" else "turn"
    for hit in search_fts5(conn, args[2], level, limit=10, snippets=True):
        print(f"{hit.briefing_id}\t{hit.score:.3f}\t{hit.snippet}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
