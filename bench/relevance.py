"""Relevance figures for the FTS5 baseline (and searchbrief, when it can search).

    SEARCHBRIEF_CORPUS=../shared/corpus python -m bench.relevance

Builds FTS5 into ``bench/scratch/``, generates the known items, prints MRR@10,
S@1 and S@10 per engine, then each dev query's matching-briefing counts: brute
force, FTS5 over the text column, FTS5 over title and text, and the briefings
only one side matches. Results go to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.bruteforce import BruteForce
from bench.corpus import corpus_dir, load_corpus
from bench.fts5 import LEVELS, Level, build_fts5, count_fts5, matching_briefings_fts5, search_fts5
from bench.known_items import DEFAULT_SEED, KnownItem, generate_known_items, mrr_at_10, write_items
from bench.queries import read_queries
from searchbrief.documents.briefing import Briefing
from searchbrief.errors import SearchbriefError

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "scratch"
DEV_QUERIES = ROOT.parent / "shared" / "queries" / "dev.txt"

Search = Callable[[str], list[str]]


def searchbrief_search(index_dir: Path) -> Search:
    """A known-item search function over a searchbrief index (best briefings first).

    Raises ImportError while the library has no ``BriefingIndex`` yet.
    """
    from searchbrief import BriefingIndex  # the facade may not exist yet

    ix = BriefingIndex.open(index_dir)

    def search(query: str) -> list[str]:
        res = ix.search(query, limit=10)
        return [hit.briefing_id for hit in res.hits]

    return search


def fts5_search(conn: sqlite3.Connection, level: Level) -> Search:
    """A known-item search function over an FTS5 table built by :func:`build_fts5`."""

    def search(query: str) -> list[str]:
        hits = search_fts5(conn, query, level, limit=10, snippets=False)
        return [hit.briefing_id for hit in hits]

    return search


def report_engine(name: str, items: Sequence[KnownItem], search: Search) -> None:
    started = time.perf_counter()
    scores = mrr_at_10(items, search)
    per_query = (time.perf_counter() - started) / max(len(items), 1) * 1000
    print(
        f"{name:<22} {scores['mrr@10']:>7.3f} {scores['success@1']:>6.3f} "
        f"{scores['success@10']:>6.3f} {int(scores['n']):>4} {per_query:>9.1f}"
    )


def report_counts(
    briefings: Sequence[Briefing], conn: sqlite3.Connection, queries: Sequence[str]
) -> None:
    print(
        f"{'dev query':<36} {'brute':>6} {'fts5 text':>9} {'fts5 all':>9} "
        f"{'fts5 only':>9} {'brute only':>10}"
    )
    reference = BruteForce(briefings)
    for query in queries:
        brute = reference.matching(query)
        fts5 = matching_briefings_fts5(conn, query, "document", column="text")
        everywhere = count_fts5(conn, query, "document")
        print(
            f"{query:<36} {len(brute):>6} {len(fts5):>9} {everywhere:>9} "
            f"{len(fts5 - brute):>9} {len(brute - fts5):>10}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--corpus", help="corpus folder (default: $SEARCHBRIEF_CORPUS)")
    parser.add_argument("--queries", type=Path, default=DEV_QUERIES, help="dev query file")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder")
    parser.add_argument("--index-dir", type=Path, help="searchbrief index to evaluate")
    parser.add_argument("--items", type=int, default=60, help="known items to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    briefings = load_corpus(corpus_dir(args.corpus))
    args.work.mkdir(parents=True, exist_ok=True)
    connections: dict[Level, sqlite3.Connection] = {}
    print(f"corpus: {len(briefings)} briefings")
    for level in LEVELS:
        db_path = args.work / f"fts5-{level}.sqlite"
        db_path.unlink(missing_ok=True)
        print(f"building FTS5 ({level} level)…", file=sys.stderr)
        stats = build_fts5(briefings, db_path, level)
        print(
            f"fts5 build {level:<8} {stats.rows:>7} rows  {stats.seconds:6.1f} s  "
            f"{stats.db_bytes / 1e6:6.1f} MB"
        )
        connections[level] = sqlite3.connect(db_path)

    items = generate_known_items(briefings, args.items, args.seed)
    items_path = args.work / "known_items.jsonl"
    write_items(items, items_path)
    print(f"known items: {len(items)} (seed {args.seed}) in {items_path}", file=sys.stderr)

    print()
    print(f"{'engine':<22} {'MRR@10':>7} {'S@1':>6} {'S@10':>6} {'n':>4} {'ms/query':>9}")
    for level, conn in connections.items():
        report_engine(f"fts5 bm25 ({level})", items, fts5_search(conn, level))
    report_searchbrief(items, args.index_dir or args.work / "searchbrief-index")

    print()
    report_counts(briefings, connections["document"], read_queries(args.queries))
    for conn in connections.values():
        conn.close()
    return 0


def report_searchbrief(items: Sequence[KnownItem], index_dir: Path) -> None:
    try:
        search = searchbrief_search(index_dir)
    except ImportError as exc:
        print(f"{'searchbrief':<22} skipped: BriefingIndex cannot be imported ({exc})")
        return
    except (SearchbriefError, OSError) as exc:  # e.g. no index there yet
        print(f"{'searchbrief':<22} skipped: cannot open {index_dir} ({exc})")
        return
    report_engine("searchbrief", items, search)


if __name__ == "__main__":
    sys.exit(main())
