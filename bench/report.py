"""The readable tables of a bench run, from its results (as saved in results.json)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bench.capacity import describe, fit_power, lookup
from bench.stats import ratio
from bench.table import fmt_mb, fmt_ms, fmt_number, fmt_ratio, fmt_s, format_table

BASELINES = ("fts5-turn", "fts5-document")
Row = list[str]
Render = Callable[[Sequence[str], Sequence[Sequence[str]]], str]


def _cells(values: Sequence[float | None], fmt: Callable[[Any], str]) -> Row:
    """Our figure, FTS5 turn's and ours ÷ it, FTS5 document's and ours ÷ it."""
    ours, turn, doc = values
    return [
        fmt(ours),
        fmt(turn),
        fmt_ratio(ratio(ours, turn)),
        fmt(doc),
        fmt_ratio(ratio(ours, doc)),
    ]


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def scale_table(figures: dict[str, Any], render: Render = format_table) -> str:
    """searchbrief next to FTS5 (turn and document level) at one corpus size."""
    build, re_, warm, fresh = (figures.get(k, {}) for k in ("build", "reindex", "warm", "fresh"))
    rows: list[Row] = []

    def add(label: str, path: tuple[str, ...], fmt: Any, source: dict[str, Any]) -> None:
        values = [_get(source, engine, *path) for engine in ("searchbrief", *BASELINES)]
        rows.append([label, *_cells(values, fmt)])

    add("full build, wall", ("wall",), fmt_s, build)
    add("full build, CPU (whole tree)", ("cpu",), fmt_s, build)
    add("documents/s (wall)", ("docs_per_s",), lambda v: fmt_number(v, 0), build)
    add("MB/s (wall)", ("mb_per_s",), lambda v: fmt_number(v, 2), build)
    add("peak RSS, largest process", ("max_rss",), fmt_mb, build)
    add("peak RSS, tree sum (sampled)", ("peak_tree_rss",), fmt_mb, build)
    add("index size on disk", ("index_bytes",), fmt_mb, build)
    add("index size / corpus", ("index_ratio",), lambda v: fmt_number(v, 2), build)
    add("reindex, nothing changed", ("nothing", "wall", "median"), fmt_s, re_)
    add("  the same, inside the update call", ("nothing", "in_process", "median"), fmt_s, re_)
    add("reindex, one file changed", ("one_file", "wall", "median"), fmt_s, re_)
    add("  the same, inside the update call", ("one_file", "in_process", "median"), fmt_s, re_)
    for label, ours, suffix in [
        ("warm top 10 + snippets, median", "searchbrief", ""),
        ("warm top 10 + snippets, p95", "searchbrief", ""),
        ("warm top 10, no snippets, median", None, "-nosnippet"),
        ("warm top 10, no snippets, p95", None, "-nosnippet"),
    ]:
        stat = "p95" if label.endswith("p95") else "median"
        values = [_get(warm, ours, "all", stat) if ours else None]
        values += [_get(warm, base + suffix, "all", stat) for base in BASELINES]
        rows.append([label, *_cells(values, fmt_ms)])
    values = [_get(warm, "searchbrief-turns", "all", s) for s in ("median", "p95")]
    rows.append(["warm top 10 turns (by=turn), median", fmt_ms(values[0]), "", "", "", ""])
    rows.append(["warm top 10 turns (by=turn), p95", fmt_ms(values[1]), "", "", "", ""])
    values = [_get(fresh, "searchbrief", "median"), _get(fresh, "fts5-turn", "median"), None]
    rows.append(["fresh query process, median", *_cells(values, fmt_ms)])
    headers = ["", "searchbrief", "FTS5 turn", "ratio", "FTS5 doc", "ratio"]
    return render(headers, rows)


def scale_summary(results: dict[str, Any], render: Render = format_table) -> str:
    """One row per corpus size: what grows with it."""
    rows = []
    for factor, figures in sorted(results["scales"].items(), key=lambda kv: int(kv[0])):
        build, warm = figures["build"], figures["warm"]
        rows.append(
            [
                f"{factor}×",
                fmt_number(figures["corpus"]["files"], 0),
                fmt_mb(figures["corpus"]["bytes"]),
                fmt_s(_get(build, "searchbrief", "wall")),
                fmt_s(_get(build, "fts5-turn", "wall")),
                fmt_mb(_get(build, "searchbrief", "index_bytes")),
                fmt_mb(_get(build, "fts5-turn", "index_bytes")),
                fmt_s(_get(figures, "reindex", "searchbrief", "nothing", "wall", "median")),
                fmt_ms(_get(warm, "searchbrief", "all", "median")),
                fmt_ms(_get(warm, "searchbrief", "all", "p95")),
                fmt_ms(_get(warm, "fts5-turn", "all", "median")),
                fmt_ms(_get(figures, "fresh", "searchbrief", "median")),
            ]
        )
    headers = [
        "scale",
        "files",
        "corpus",
        "sb build",
        "fts5 build",
        "sb index",
        "fts5 index",
        "sb reindex=",
        "sb warm med",
        "sb warm p95",
        "fts5 warm med",
        "sb fresh",
    ]
    return render(headers, rows)


def per_query_table(warm: dict[str, Any], render: Render = format_table) -> str:
    """Median (and searchbrief's p95) per query, ms."""
    names = [
        "searchbrief",
        "searchbrief-turns",
        "fts5-turn",
        "fts5-turn-nosnippet",
        "fts5-document",
        "fts5-document-nosnippet",
    ]
    queries = list(_get(warm, "searchbrief", "per_query") or {})
    for name in names:
        queries += [q for q in (_get(warm, name, "per_query") or {}) if q not in queries]
    rows = []
    for query in queries:
        cells = [fmt_ms(_get(warm, "searchbrief", "per_query", query, "p95"))]
        cells += [fmt_ms(_get(warm, name, "per_query", query, "median")) for name in names]
        rows.append([query, cells[1], cells[0], *cells[2:]])
    headers = [
        "query (ms)",
        "sb med",
        "sb p95",
        "sb turns",
        "fts5 turn",
        "no snip",
        "fts5 doc",
        "no snip",
    ]
    return render(headers, rows)


def correctness_table(counts: dict[str, dict[str, Any]], render: Render = format_table) -> str:
    """Matching briefings per query; brute force for phrase queries only."""
    rows = [
        [
            query,
            *(
                fmt_number(c.get(k), 0)
                for k in ("searchbrief", "fts5_turn", "fts5_document", "brute_force")
            ),
        ]
        for query, c in counts.items()
    ]
    headers = ["query (briefings matching)", "searchbrief", "FTS5 turn", "FTS5 doc", "brute"]
    return render(headers, rows)


def relevance_table(relevance: dict[str, dict[str, float]], render: Render = format_table) -> str:
    rows = [
        [
            name,
            *(fmt_number(s[k], 3) for k in ("mrr@10", "success@1", "success@10")),
            fmt_number(s["n"], 0),
        ]
        for name, s in relevance.items()
    ]
    return render(["engine", "MRR@10", "S@1", "S@10", "n"], rows)


def imports_table(imports: dict[str, dict[str, float]], render: Render = format_table) -> str:
    rows = [
        [
            module,
            fmt_ms(c["python_start"]),
            fmt_ms(c["with_import"]),
            fmt_ms(c["import"]),
            fmt_ms(c["importtime_sum"]),
        ]
        for module, c in imports.items()
    ]
    headers = ["import", "python -c pass", "python -c import", "difference", "-X importtime sum"]
    return render(headers, rows)


#: The analysis commands' bar: a query matching a few thousand turns answers within it.
ANALYSIS_BAR = 1.0


def analyses_table(analyses: dict[str, Any], render: Render = format_table) -> str:
    """Per picked query and command: warm and fresh medians, and the fresh p95."""
    rows = []
    for kind, figures in analyses.items():
        label = f"{kind}: {figures['query']} ({figures['turns']:,} turns)"
        for name, warm in figures["warm"].items():
            fresh = figures["fresh"][name]
            rows.append(
                [
                    label,
                    name,
                    fmt_ms(warm["median"]),
                    fmt_ms(fresh["median"]),
                    fmt_ms(fresh["p95"]),
                    "yes" if fresh["median"] < ANALYSIS_BAR else "no",
                ]
            )
            label = ""
    headers = ["query", "command", "warm median", "fresh median", "fresh p95", "< 1 s"]
    return render(headers, rows)


def capacity_table(capacity: dict[str, Any], render: Render = format_table) -> str:
    rows = [[e["target"], e["at_1x"], e["trend"], e["largest"]] for e in capacity["targets"]]
    return render(["target (searchbrief)", "at 1×", "trend", "largest corpus"], rows)


def trends(scales: dict[str, Any]) -> list[str]:
    """One sentence per figure: how it grows with the corpus."""
    lines = []
    ordered = [scales[k] for k in sorted(scales, key=int)]
    for label, path in [
        ("searchbrief full build time", ("build", "searchbrief", "wall")),
        ("FTS5 (turn) full build time", ("build", "fts5-turn", "wall")),
        ("searchbrief full build CPU time", ("build", "searchbrief", "cpu")),
        ("FTS5 (turn) full build CPU time", ("build", "fts5-turn", "cpu")),
        ("searchbrief build peak RSS (largest process)", ("build", "searchbrief", "max_rss")),
        ("searchbrief index size", ("build", "searchbrief", "index_bytes")),
        ("FTS5 (turn) index size", ("build", "fts5-turn", "index_bytes")),
        (
            "searchbrief reindex, nothing changed",
            ("reindex", "searchbrief", "nothing", "wall", "median"),
        ),
        ("searchbrief warm query median", ("warm", "searchbrief", "all", "median")),
        ("FTS5 (turn) warm query median", ("warm", "fts5-turn", "all", "median")),
        ("searchbrief fresh query", ("fresh", "searchbrief", "median")),
    ]:
        points = [(s["corpus"]["bytes"] / 1e6, float(lookup(s, path) or 0)) for s in ordered]
        if all(y > 0 for _, y in points):
            lines.append(f"{label}: {describe(fit_power(points))}")
    return lines


def print_tables(results: dict[str, Any]) -> None:
    env, corpus = results["environment"], results["corpus"]
    print(
        f"searchbrief bench, {env['date']}: {env['cores']} cores, Python {env['python']}, "
        f"Whoosh {env['whoosh']}, SQLite {env['sqlite']}, revision {env['revision']}"
    )
    print(
        f"corpus {corpus['path']} ({corpus['files']} files, {corpus['bytes'] / 1e6:.1f} MB); "
        f"queries {results['queries']['path']} ({results['queries']['count']})"
    )
    for factor, figures in results["scales"].items():
        load = ", ".join(f"{v:.1f}" for v in figures.get("load_average", []))
        load = f" (load average at start, after builds, at end: {load})" if load else ""
        print(
            f"\n== {factor}× corpus: {figures['corpus']['files']} files, "
            f"{figures['corpus']['bytes'] / 1e6:.1f} MB{load} =="
        )
        print(scale_table(figures))
    print("\n== growth with corpus size ==")
    print(scale_summary(results))
    for line in results["trends"]:
        print(f"  {line}")
    first = min(results["scales"], key=int)
    print(f"\n== warm latency per query, {first}× ==")
    print(per_query_table(results["scales"][first]["warm"]))
    if "correctness" in results:
        print("\n== matching briefings per query, 1× (brute force: phrase queries, no stemming) ==")
        print(correctness_table(results["correctness"]))
        print("\n== known items, 1× ==")
        print(relevance_table(results["relevance"]))
    if "analyses" in results:
        print("\n== analysis commands, 1× (warm: library call; fresh: whole CLI process) ==")
        print(analyses_table(results["analyses"]))
    print("\n== imports (fresh process start-up) ==")
    print(imports_table(results["imports"]))
    print("\n== largest corpus one machine serves within the targets (from the scale fit) ==")
    print(capacity_table(results["capacity"]))
