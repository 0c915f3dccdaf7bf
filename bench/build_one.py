"""One build or update in its own process, so that its costs can be measured alone.

    python -m bench.build_one searchbrief SOURCE INDEX_DIR
    python -m bench.build_one fts5-document SOURCE DB_FILE
    python -m bench.build_one fts5-turn SOURCE DB_FILE

Creates the index if it is missing and updates it otherwise (both engines
skip unchanged files). Prints one JSON object on stdout: what was done, the
seconds spent inside the build call, and this process's own peak memory next
to that of the largest worker it waited for (``ru_maxrss``, bytes).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ENGINES = ("searchbrief", "fts5-document", "fts5-turn")


def build(engine: str, source: Path, target: Path) -> dict[str, Any]:
    """Run one build of ``engine`` from ``source`` into ``target``; what it reports."""
    if engine == "searchbrief":
        from searchbrief import BriefingIndex

        started = time.perf_counter()
        index, report = BriefingIndex.build(target, [source])
        seconds = time.perf_counter() - started
        index.close()
        return {
            "seconds": seconds,
            "briefings": report.briefings,
            "rows": report.turns,
            "read": report.added + report.updated + len(report.failed),
            "added": report.added,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "removed": report.removed,
            "failed": len(report.failed),
            "duplicates": len(report.duplicates),
        }
    if engine in ("fts5-document", "fts5-turn"):
        from bench.fts5 import Level
        from bench.fts5_sync import sync

        level: Level = "document" if engine == "fts5-document" else "turn"
        counts = sync(target, source, level)
        return {**counts, "briefings": counts["files"] - counts["failed"]}
    raise SystemExit(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    engine, source, target = args[0], Path(args[1]), Path(args[2])
    result = build(engine, source, target)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["self_max_rss"] = own.ru_maxrss * 1024
    result["workers_max_rss"] = workers.ru_maxrss * 1024
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
