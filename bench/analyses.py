"""The analysis commands (timeline, first, speakers, cite) timed warm and fresh.

    python -m bench.analyses --index DIR --queries FILE [--repeat 5] [--warmup 1]

The bar these commands have to clear: under 1 s for a query matching a few
thousand turns. Of the query file, two queries are timed: the one whose count
of matching turns is nearest :data:`FEW_THOUSAND` (on a log scale), and the one
matching the most turns (the worst case the file holds). Warm figures are
library calls in this process, the index already open; prints one JSON object
on stdout. Fresh figures (:func:`fresh_analyses`) are whole CLI processes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.fresh import timed
from bench.queries import read_queries
from searchbrief import BriefingIndex
from searchbrief.errors import SearchbriefError

#: "A query that matches a few thousand turns".
FEW_THOUSAND = 3000


def pick_queries(counts: dict[str, int]) -> dict[str, str]:
    """``typical``: the query nearest :data:`FEW_THOUSAND` turns; ``broadest``: the most.

    ``broadest`` is left out when it is the typical query too.
    """
    matching = {q: n for q, n in counts.items() if n > 0}
    if not matching:
        return {}

    def distance(query: str) -> float:
        return abs(math.log(matching[query] / FEW_THOUSAND))

    typical = min(matching, key=distance)
    broadest = max(matching, key=lambda q: (matching[q], q))
    return {"typical": typical} | ({"broadest": broadest} if broadest != typical else {})


def turn_counts(index: BriefingIndex, queries: Sequence[str]) -> dict[str, int]:
    """Matching turns per query (queries the index refuses are left out)."""
    counts = {}
    for query in queries:
        try:
            counts[query] = index.search(query, limit=1).total_turns
        except SearchbriefError:
            continue
    return counts


def cli_arguments(query: str, turn_id: str) -> dict[str, list[str]]:
    """Each timed command's arguments after ``searchbrief``."""
    return {
        "timeline (month)": ["timeline", query],
        "timeline (week)": ["timeline", query, "--by", "week"],
        "first": ["first", query],
        "first --by-speaker": ["first", query, "--by-speaker"],
        "speakers": ["speakers", query],
        "cite": ["cite", turn_id],
    }


def library_calls(index: BriefingIndex, query: str, turn_id: str) -> dict[str, Callable[[], Any]]:
    """The library calls behind :func:`cli_arguments`, under the same names."""
    return {
        "timeline (month)": lambda: index.timeline(query),
        "timeline (week)": lambda: index.timeline(query, by="week"),
        "first": lambda: index.first(query),
        "first --by-speaker": lambda: index.first(query, by_speaker=True),
        "speakers": lambda: index.speakers(query),
        "cite": lambda: index.cite(turn_id),
    }


def first_turn_id(index: BriefingIndex, query: str) -> str:
    """The id of the query's earliest turn: what ``cite`` is timed on."""
    return index.first(query, limit=1).hits[0].turns[0].turn_id


def time_calls(
    calls: dict[str, Callable[[], Any]], repeat: int, warmup: int
) -> dict[str, list[float]]:
    """Seconds per call over ``repeat`` kept rounds, the calls interleaved."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for round_number in range(warmup + repeat):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            elapsed = time.perf_counter() - started
            if round_number >= warmup:
                times[name].append(elapsed)
    return times


def warm_analyses(
    index: BriefingIndex, queries: Sequence[str], repeat: int, warmup: int
) -> dict[str, Any]:
    """Per picked query: its turn count, the cited turn and warm seconds per command."""
    counts = turn_counts(index, queries)
    picked: dict[str, Any] = {}
    for kind, query in pick_queries(counts).items():
        turn_id = first_turn_id(index, query)
        picked[kind] = {
            "query": query,
            "turns": counts[query],
            "turn_id": turn_id,
            "warm": time_calls(library_calls(index, query, turn_id), repeat, warmup),
        }
    return picked


def fresh_analyses(index: Path, picked: dict[str, Any], runs: int) -> None:
    """Add ``fresh``: seconds of ``runs`` whole CLI processes per command, to each pick."""
    script = Path(sys.executable).parent / "searchbrief"
    for figures in picked.values():
        commands = cli_arguments(figures["query"], figures["turn_id"])
        fresh: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(runs + 1):  # the first round warms the page cache: not kept
            for name, arguments in commands.items():
                elapsed = timed([str(script), *arguments, "--index", str(index)])
                if run:
                    fresh[name].append(elapsed)
        figures["fresh"] = fresh


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analyses", description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args(argv)
    with BriefingIndex.open(args.index) as index:
        picked = warm_analyses(index, read_queries(args.queries), args.repeat, args.warmup)
    print(json.dumps(picked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
