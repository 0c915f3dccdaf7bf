"""Warm query latency, in a process of its own, every index already open.

    python -m bench.warm --index DIR --fts5-document DB --fts5-turn DB \\
        --queries FILE [--repeat 20] [--warmup 2]

Every round runs every query through every variant in turn (interleaved, so
that a noisy moment hits all of them alike); the first ``--warmup`` rounds are
not kept. Variants: searchbrief's top 10 briefings (``by="briefing"``, which
always makes snippets: the library has no switch to skip them), its top 10
turns (``by="turn"``), and FTS5's top 10 briefings at document and turn level,
with ``snippet()`` and without. Prints one JSON object on stdout: seconds per
variant and query, each engine's matching-briefing count per query, and the
queries a variant refused.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.fts5 import count_fts5, matching_briefings_fts5, search_fts5
from bench.queries import read_queries
from searchbrief import BriefingIndex
from searchbrief.errors import SearchbriefError

Variant = Callable[[str], object]


def variants(
    index: BriefingIndex, document: sqlite3.Connection, turn: sqlite3.Connection
) -> dict[str, Variant]:
    """Every timed variant: a name and a function of the query text."""
    return {
        "searchbrief": lambda q: index.search(q, limit=10),
        "searchbrief-turns": lambda q: index.search(q, limit=10, by="turn"),
        "fts5-document": lambda q: search_fts5(document, q, "document", 10, snippets=True),
        "fts5-document-nosnippet": lambda q: search_fts5(document, q, "document", 10, False),
        "fts5-turn": lambda q: search_fts5(turn, q, "turn", 10, snippets=True),
        "fts5-turn-nosnippet": lambda q: search_fts5(turn, q, "turn", 10, snippets=False),
    }


def time_queries(
    runs: dict[str, Variant], queries: Sequence[str], repeat: int, warmup: int
) -> tuple[dict[str, dict[str, list[float]]], dict[str, dict[str, str]]]:
    """Seconds per variant and query over ``repeat`` kept rounds; and the refusals."""
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    errors: dict[str, dict[str, str]] = {name: {} for name in runs}
    for round_number in range(warmup + repeat):
        for query in queries:
            for name, run in runs.items():
                if query in errors[name]:
                    continue
                started = time.perf_counter()
                try:
                    run(query)
                except SearchbriefError as exc:
                    errors[name][query] = str(exc)
                    continue
                elapsed = time.perf_counter() - started
                if round_number >= warmup:
                    times[name].setdefault(query, []).append(elapsed)
    return times, errors


def totals(
    index: BriefingIndex,
    document: sqlite3.Connection,
    turn: sqlite3.Connection,
    queries: Sequence[str],
) -> dict[str, dict[str, int | None]]:
    """Matching briefings per query: searchbrief (and its turns), FTS5 at both levels."""
    counts: dict[str, dict[str, int | None]] = {}
    for query in queries:
        try:
            result = index.search(query, limit=1)
            ours: int | None = result.total
            turns: int | None = result.total_turns
        except SearchbriefError:
            ours = turns = None
        counts[query] = {
            "searchbrief": ours,
            "searchbrief_turns": turns,
            "fts5_document": count_fts5(document, query, "document"),
            "fts5_turn": len(matching_briefings_fts5(turn, query, "turn")),
        }
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.warm", description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--fts5-document", type=Path, required=True)
    parser.add_argument("--fts5-turn", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--no-totals", action="store_true", help="skip the match counts")
    args = parser.parse_args(argv)

    queries = read_queries(args.queries)
    index = BriefingIndex.open(args.index)
    document = sqlite3.connect(args.fts5_document)
    turn = sqlite3.connect(args.fts5_turn)
    times, errors = time_queries(variants(index, document, turn), queries, args.repeat, args.warmup)
    result: dict[str, Any] = {"queries": queries, "seconds": times, "errors": errors}
    if not args.no_totals:
        result["totals"] = totals(index, document, turn, queries)
    index.close()
    document.close()
    turn.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
