"""The README's benchmark section, written from a run's results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import report
from bench.capacity import megabytes
from bench.table import markdown_table


def _relevance_line(results: dict[str, Any]) -> str:
    scores = results.get("relevance")
    if not scores:
        return ""
    parts = [
        f"{name} {s['mrr@10']:.3f} (S@1 {s['success@1']:.2f}, S@10 {s['success@10']:.2f})"
        for name, s in scores.items()
    ]
    n = int(next(iter(scores.values()))["n"])
    return f"Known items ({n} queries drawn from the corpus, 1×), MRR@10: {'; '.join(parts)}.\n"


def _analyses(results: dict[str, Any]) -> str:
    analyses = results.get("analyses")
    if not analyses:
        return ""
    return (
        "**Analysis commands** (1×; warm: the library call, index open; fresh: the whole "
        "`searchbrief` command; the queries are the query set's nearest to "
        "3,000 matching turns, *typical*, and its broadest)\n\n"
        f"{report.analyses_table(analyses, render=markdown_table)}\n\n"
    )


def _missed(results: dict[str, Any]) -> str:
    cap = results["capacity"]
    rows = [r for r in cap["targets"] if r["target"] in cap.get("missed", [])]
    if not rows:
        return ""
    # What the fit says, with what was measured: a point may be under the target
    # where the fit's fixed part alone is over it.
    parts = [f"*{r['target']}* ({r['largest'].removeprefix('none: ')})" for r in rows]
    text = f" By the fit, over its target at every size (a fixed part above it): {', '.join(parts)}"
    imports = results.get("imports", {})
    if any(r["target"].startswith("fresh") for r in rows) and "searchbrief.cli.commands" in imports:
        cli_import = imports["searchbrief.cli.commands"]
        text += (
            f"; a fresh query's start-up is a fixed cost: Python itself takes "
            f"{cli_import['python_start'] * 1000:.0f} ms and importing "
            f"`searchbrief.cli.commands` {cli_import['import'] * 1000:.0f} ms"
        )
        if "nltk.stem.snowball" in imports:
            snowball = imports["nltk.stem.snowball"]["import"] * 1000
            text += (
                f"; NLTK's Snowball stemmer ({snowball:.0f} ms to import) is not on the "
                "query path: a query reads stems from the table saved beside the index"
            )
    return text + "."


def _upkeep(results: dict[str, Any]) -> str:
    factor = max(results["scales"], key=int)
    figures = results["scales"][factor]
    reindex = figures["reindex"]["searchbrief"]
    return (
        f" Keeping an index current costs far less than building it: at {factor}× a reindex takes "
        f"{reindex['nothing']['wall']['median']:.1f} s with nothing changed and "
        f"{reindex['one_file']['wall']['median']:.1f} s with one file changed, against "
        f"{figures['build']['searchbrief']['wall']:.0f} s for a full build."
    )


def _beyond(cap: dict[str, Any]) -> str:
    if cap["largest_mb"] is None:
        return "Beyond the sizes measured"
    return f"For a corpus past these limits (all targets: about {megabytes(cap['largest_mb'])})"


def going_past(results: dict[str, Any]) -> str:
    """The "Going past one machine" section: the capacity table and one paragraph."""
    cap = results["capacity"]
    sizes = ", ".join(f"{k}×" for k in sorted(results["scales"], key=int))
    if cap["binding"] is None:
        limit = "no target that searchbrief meets gives way within the sizes measured"
    else:
        row = next(r for r in cap["targets"] if r["target"] == cap["binding"])
        limit = (
            f"the first target to give way is *{cap['binding']}* ({row['at_1x']} at 1×, "
            f"{row['trend']}): it holds up to about {megabytes(cap['largest_mb'])} of Markdown, "
            f"≈ {cap['largest_docs']:,.0f} briefings, "
            f"{cap['largest_mb'] / cap['corpus_mb_1x']:.2g}× this corpus"
        )
        if cap["largest_mb"] < cap["corpus_mb_1x"]:
            limit += ", so this corpus is already past it"
    return (
        "### Going past one machine\n\n"
        f"{report.capacity_table(cap, render=markdown_table)}\n\n"
        f"Fitting each of searchbrief's figures against the corpus size over {sizes} "
        f"(1× = {cap['files_1x']:,} files, {cap['corpus_mb_1x']:.0f} MB; the smaller of a "
        f"power-law and a fixed-plus-linear fit), {limit}.{_missed(results)}{_upkeep(results)} "
        f"{_beyond(cap)}, keep searchbrief as the reader and move the index: export the same "
        "two kinds of record it holds, one per briefing (id, title, date, category, "
        "permalink) and one per turn (turn id, briefing id, number, exchange, speaker, "
        "role, text), from `read_briefing()` as newline-delimited bulk JSON for "
        "OpenSearch or Elasticsearch (`_bulk`), with `text` and `title` analysed by an "
        "English stemmer and the rest as keywords and dates, and let the cluster shard "
        "and replicate the index across machines.\n"
    )


def section(results: dict[str, Any]) -> str:
    """The whole section as Markdown."""
    env, corpus = results["environment"], results["corpus"]
    first = min(results["scales"], key=int)
    trends = "\n".join(f"- {line}" for line in results["trends"])
    return (
        "## Benchmark\n\n"
        f"Figures from `make bench`, run on {env['date'][:10]} on a shared, noisy "
        f"{env['cores']}-core machine (Python {env['python']}, Whoosh {env['whoosh']}, "
        f"SQLite {env['sqlite']}, revision `{env['revision']}`), corpus of "
        f"{corpus['files']:,} files ({corpus['bytes'] / 1e6:.0f} MB), "
        f"{results['queries']['count']} queries. The baseline is SQLite FTS5 "
        "(porter) built from the same reader output, one row per turn (*turn*) or per "
        "briefing (*doc*); ratio = searchbrief ÷ FTS5. Latencies are medians over "
        "interleaved rounds; every figure, with p95s and per-query times, is in "
        "`bench/results.json`.\n\n"
        f"**{first}× corpus**\n\n"
        f"{report.scale_table(results['scales'][first], render=markdown_table)}\n\n"
        "Builds run in a process of their own: wall time around it, CPU time and peak "
        "memory from the rusage `os.wait4` returns for it (CPU summed over the process "
        "and its worker processes; peak RSS of the largest single process), and the tree's "
        "summed RSS sampled from `/proc`. Both engines skip unchanged files by size, "
        "modification time and SHA-1. searchbrief has no switch to skip snippets, so its "
        "no-snippet rows are empty. A fresh query is the whole `searchbrief query` "
        "command against `python -m bench.fts5_query`.\n\n"
        "**Growth with the corpus** (copies with new ids and dates shifted by 400 days "
        "per copy)\n\n"
        f"{report.scale_summary(results, render=markdown_table)}\n\n"
        f"{trends}\n\n"
        "Each full build is measured once per size, so its wall time carries the machine's "
        "noise; its CPU time is the steadier trend.\n\n"
        f"{_relevance_line(results)}\n"
        f"{_analyses(results)}"
        f"{going_past(results)}"
    )


def write_section(results: dict[str, Any], path: Path) -> None:
    path.write_text(section(results), encoding="utf-8")
