"""``make bench``: searchbrief side by side with an SQLite FTS5 baseline, in one run.

    python -m bench.run [--scales 1,2,4] [--quick] [--corpus DIR] [--queries FILE]

The corpus is ``--corpus``, else ``$SEARCHBRIEF_CORPUS``, else ``seeds/``; the
queries ``../shared/queries/dev.txt`` when present, else ``bench/queries.txt``.
At each scale (copies of the corpus under ``bench/scratch/scale-N/``) every engine
is built from nothing and reindexed in processes of its own, then queried warm
and from fresh processes. At 1× the match counts are set against brute force
and the known-item set is scored. Tables go to stdout, progress to stderr,
every figure to ``bench/results.json`` and a summary to ``bench/README-section.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import capacity, report, serve
from bench.analyses import fresh_analyses
from bench.bruteforce import BruteForce
from bench.build_one import ENGINES
from bench.corpus import CORPUS_ENV, corpus_files, load_corpus
from bench.fresh import fresh_queries, import_costs
from bench.fts5 import LEVELS
from bench.known_items import DEFAULT_SEED, generate_known_items, mrr_at_10, write_items
from bench.measure import full_build, reindex, target_of
from bench.proctree import run_measured
from bench.queries import read_queries
from bench.readme_section import write_section
from bench.relevance import fts5_search, searchbrief_search
from bench.scale import make_scaled_corpus
from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "scratch"
DEV_QUERIES = ROOT.parent / "shared" / "queries" / "dev.txt"
OWN_QUERIES = ROOT / "bench" / "queries.txt"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--corpus", type=Path, help=f"corpus folder [${CORPUS_ENV}, else seeds/]")
    parser.add_argument("--queries", type=Path, help="query file [dev.txt, else bench/queries.txt]")
    parser.add_argument("--scales", default=None, help="corpus multiples [1,2,4; --quick: 1]")
    parser.add_argument("--quick", action="store_true", help="1× only, fewer repetitions")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder [bench/scratch]")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--section", type=Path, default=ROOT / "bench" / "README-section.md")
    parser.add_argument("--items", type=int, default=60, help="known items [60]")
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: print --out's tables again"
    )
    args = parser.parse_args(argv)
    args.scales = [int(s) for s in (args.scales or ("1" if args.quick else "1,2,4")).split(",")]
    if any(s < 1 for s in args.scales):
        parser.error("--scales takes positive whole numbers, e.g. 1,2,4")
    args.repeat, args.warmup = (5, 1) if args.quick else (10, 1)
    args.fresh_runs, args.reindex_runs = (5, 2) if args.quick else (7, 4)
    env_corpus = os.environ.get(CORPUS_ENV)
    args.corpus = args.corpus or (Path(env_corpus) if env_corpus else ROOT / "seeds")
    if not args.corpus.is_dir():
        parser.error(f"corpus {args.corpus} is not a folder")
    args.queries = args.queries or (DEV_QUERIES if DEV_QUERIES.exists() else OWN_QUERIES)
    return args


def environment() -> dict[str, Any]:
    import whoosh

    try:
        revision = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        revision = "unknown"
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
        "revision": revision,
    }


def warm(folder: Path, queries: Path, args: argparse.Namespace, totals: bool) -> dict[str, Any]:
    """Warm latencies (and, if ``totals``, match counts) from :mod:`bench.warm`."""
    command = [
        sys.executable,
        "-m",
        "bench.warm",
        "--queries",
        str(queries),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
    ]
    for engine in ENGINES:
        option = "--index" if engine == "searchbrief" else f"--{engine}"
        command += [option, str(target_of(engine, folder))]
    measured = run_measured(
        command if totals else [*command, "--no-totals"], cwd=ROOT, sample=False
    )
    if measured.returncode != 0:
        raise RuntimeError(f"warm queries failed:\n{measured.stderr}")
    data = json.loads(measured.stdout)
    figures: dict[str, Any] = {}
    for variant, per_query in data["seconds"].items():
        pooled = [t for times in per_query.values() for t in times]
        figures[variant] = {
            "per_query": {q: summary(times) for q, times in per_query.items()},
            "all": summary(pooled),
            "errors": data["errors"][variant],
        }
    return {"figures": figures, "totals": data.get("totals", {})}


def one_scale(factor: int, args: argparse.Namespace, queries: list[str]) -> dict[str, Any]:
    source = make_scaled_corpus(args.corpus, args.work / f"scale-{factor}", factor)
    folder = args.work / f"scale-{factor}-indexes"
    folder.mkdir(parents=True, exist_ok=True)
    files = corpus_files(source)
    corpus = {"files": len(files), "bytes": sum(f.stat().st_size for f in files)}
    print(f"{factor}×: {corpus['files']} files, {corpus['bytes'] / 1e6:.1f} MB", file=sys.stderr)
    load = [os.getloadavg()[0]]  # other users of the machine: the 1-minute load average
    build = {e: full_build(e, source, folder, corpus["bytes"]) for e in ENGINES}
    load.append(os.getloadavg()[0])
    reindexed = reindex(source, folder, args.reindex_runs)
    print(f"  warm queries ({args.repeat} rounds)…", file=sys.stderr)
    warmed = warm(folder, args.queries, args, totals=factor == 1)
    print(f"  fresh queries ({args.fresh_runs} runs)…", file=sys.stderr)
    fresh = fresh_queries(
        target_of("searchbrief", folder), target_of("fts5-turn", folder), queries, args.fresh_runs
    )
    load.append(os.getloadavg()[0])
    return {
        "corpus": corpus,
        "load_average": load,
        "build": build,
        "reindex": reindexed,
        "warm": warmed["figures"],
        "totals": warmed["totals"],
        "fresh": {name: {**summary(times), "runs": times} for name, times in fresh.items()},
    }


def analyses(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """timeline, first, speakers and cite: warm (:mod:`bench.analyses`) and fresh."""
    index = target_of("searchbrief", folder)
    command = [sys.executable, "-m", "bench.analyses", "--index", str(index)]
    command += ["--queries", str(args.queries), "--repeat", str(args.repeat // 2)]
    measured = run_measured(command, cwd=ROOT, sample=False)
    if measured.returncode != 0:
        raise RuntimeError(f"analysis commands failed:\n{measured.stderr}")
    picked: dict[str, Any] = json.loads(measured.stdout)
    fresh_analyses(index, picked, args.fresh_runs)
    for figures in picked.values():
        for kind in ("warm", "fresh"):
            figures[kind] = {
                name: {**summary(times), "runs": times} for name, times in figures[kind].items()
            }
    return picked


def correctness(totals: dict[str, Any], corpus: Path) -> dict[str, Any]:
    """Matching briefings per query, with brute force for queries holding a phrase."""
    brute = BruteForce(load_corpus(corpus.resolve()))
    return {
        query: {**counts, "brute_force": len(brute.matching(query)) if '"' in query else None}
        for query, counts in totals.items()
    }


def relevance(corpus: Path, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    briefings = load_corpus(corpus.resolve())
    items = generate_known_items(briefings, args.items, DEFAULT_SEED)
    write_items(items, args.work / "known_items.jsonl")
    print(f"known items: {len(items)}", file=sys.stderr)
    scores = {"searchbrief": mrr_at_10(items, searchbrief_search(target_of("searchbrief", folder)))}
    for level in LEVELS:
        conn = sqlite3.connect(target_of(f"fts5-{level}", folder))
        scores[f"fts5 bm25 ({level})"] = mrr_at_10(items, fts5_search(conn, level))
        conn.close()
    return scores


def save(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def finish(results: dict[str, Any], args: argparse.Namespace) -> None:
    """Trends and capacity from the figures; then the tables, results.json and the section."""
    results["trends"] = report.trends(results["scales"])
    results["capacity"] = capacity.estimates(results["scales"])
    save(results, args.out)
    report.print_tables(results)
    for name in ("server", "server_one_process"):
        if name in results:
            print(serve.table(results[name]))
    write_section(results, args.section)
    print(f"wrote {args.out} and {args.section}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        finish(json.loads(args.out.read_text(encoding="utf-8")), args)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    queries = read_queries(args.queries)
    files = corpus_files(args.corpus)
    results: dict[str, Any] = {
        "environment": environment(),
        "corpus": {
            "path": _relative(args.corpus),
            "files": len(files),
            "bytes": sum(f.stat().st_size for f in files),
        },
        "queries": {"path": _relative(args.queries), "count": len(queries)},
        "options": {
            k: v
            for k, v in vars(args).items()
            if k in ("scales", "quick", "repeat", "warmup", "fresh_runs", "reindex_runs", "items")
        },
        "scales": {},
    }
    for factor in args.scales:
        results["scales"][str(factor)] = one_scale(factor, args, queries)
        if factor == 1:
            copy = args.work / f"scale-{factor}" / "copy0"
            folder = args.work / f"scale-{factor}-indexes"
            print("correctness and known items…", file=sys.stderr)
            results["correctness"] = correctness(results["scales"][str(factor)]["totals"], copy)
            results["relevance"] = relevance(copy, folder, args)
            print("analysis commands…", file=sys.stderr)
            results["analyses"] = analyses(folder, args)
            print("the server (4 clients)…", file=sys.stderr)
            served = target_of("searchbrief", folder)
            results["server"] = serve.measure(served, queries)
            # The baseline, in the same run: every search in the server's own threads.
            results["server_one_process"] = serve.measure(served, queries, processes=0)
            load_corpus.cache_clear()  # the corpus is not needed again
        save(results, args.out)
    print("imports…", file=sys.stderr)
    results["imports"] = import_costs(
        ["searchbrief.cli.commands", "nltk.stem.snowball", "bench.fts5_query"], args.fresh_runs
    )
    finish(results, args)
    return 0


def _relative(path: Path) -> str:
    """``path`` relative to the checkout, so results name no machine's folders."""
    return os.path.relpath(Path(path).resolve(), Path(__file__).resolve().parent.parent)


if __name__ == "__main__":
    sys.exit(main())
