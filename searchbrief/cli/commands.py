"""The ``searchbrief`` command: a thin click layer over the library.

``index``, ``query``, ``stats`` and ``inspect`` are here; the commands that
look across briefings are in :mod:`searchbrief.cli.analyses` (imported when
one of them is run or listed), and what they all share in
:mod:`searchbrief.cli.options`.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from searchbrief import config
from searchbrief.api import BriefingIndex
from searchbrief.cli.options import (
    cli,
    echo_lines,
    echo_report,
    echo_results,
    filter_options,
    filters,
    format_option,
    index_option,
    json_text,
    limit_option,
    max_size_option,
    open_for_query,
    text_or_json_option,
)
from searchbrief.cli.progress import progress_bar
from searchbrief.cli.render import briefing_lines, results_csv, stats_lines

__all__ = ["cli"]


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Start from nothing (switches over when done).")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for another indexer before giving up (exit 75).",
)
@click.option(
    "--allow-empty", is_flag=True, help="Let a missing or empty source empty what came from it."
)
@max_size_option
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Index files that links in a source point to outside it (else they are skipped).",
)
@text_or_json_option("json: the summary as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="Print nothing unless something failed (for cron).")
@click.option(
    "--log",
    "log_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append one JSON line about this run to this file.",
)
def index(
    sources: tuple[Path, ...],
    index_path: Path | None,
    rebuild: bool,
    wait: float,
    allow_empty: bool,
    max_size_mb: float,
    follow_symlinks: bool,
    output_format: str,
    quiet: bool,
    log_file: Path | None,
) -> None:
    """Build or update the index from SOURCES (folders or files) [default: seeds/].

    New files are added, changed ones replaced, vanished ones removed and
    unchanged ones skipped. Exit codes: 0 all good, 1 some files failed (the
    others were indexed), 2 usage error, 3 the run could not finish (nothing
    was committed), 75 the index is busy.

    \b
    Example:
        searchbrief index ../shared/corpus --index index/ --wait 600 --quiet
    """
    if log_file is not None:
        _check_log(log_file)
    paths = list(sources) or [config.DEFAULT_SOURCE]
    bar, update = (None, None) if quiet else progress_bar("indexing")
    options: dict[str, Any] = {
        "rebuild": rebuild,
        "allow_empty": allow_empty,
        "wait": wait,
        "follow_symlinks": follow_symlinks,
        "max_size": round(max_size_mb * 1e6),
    }
    if bar is not None:
        with bar:
            _, report = BriefingIndex.build(index_path, paths, progress=update, **options)
    else:
        _, report = BriefingIndex.build(index_path, paths, **options)
    from searchbrief.indexing.report import run_record  # not needed to query

    record = run_record(report)
    if log_file is not None:
        with log_file.open("a", encoding="utf-8") as log:
            log.write(json_text(record) + "\n")
    if output_format == "json":
        click.echo(json_text(record, indent=2))
    elif not quiet or report.failed:
        echo_report(report, failures_only=quiet)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("query", nargs=-1)
@index_option
@filter_options
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
)
@limit_option(10, "results")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many results.")
@click.option("--turns", is_flag=True, help="List matching turns instead of briefings.")
@click.option(
    "--context", type=click.IntRange(min=0), default=0, help="Show N turns before and after."
)
@click.option("--exchange", is_flag=True, help="Show each hit inside its whole exchange.")
@click.option(
    "--full-text", is_flag=True, help="JSON, JSON lines and CSV: each turn's whole text too."
)
@format_option
@click.option("--explain", is_flag=True, help="Say how the query was understood (on stderr).")
def query(
    query: tuple[str, ...],
    index_path: Path | None,
    sort: str,
    limit: int,
    offset: int,
    turns: bool,
    context: int,
    exchange: bool,
    full_text: bool,
    output_format: str,
    explain: bool,
    **options: Any,
) -> None:
    """Search the index for QUERY.

    Words must all occur (where they stand together ranks first); "quotes" make
    a phrase; OR, NOT, -word, prefix*, "phrase"~5 and parentheses work, as do
    the fields speaker:, role:, title:, category:, exact: and date: (2021,
    2021-12, [2021-12-01 to 2021-12-31], yesterday, "last week").

    \b
    Example:
        searchbrief query '"Strategic Stability Dialogue"' --speaker psaki --since 2021-06-01
    """
    wanted = filters(options)
    text = " ".join(query).strip()
    if not text and not wanted["reply_to"]:
        raise click.UsageError(
            "the query is empty: give words to search for, or '*' for every turn"
        )
    if output_format == "csv" and (context or exchange):
        raise click.UsageError(
            "CSV has one row per turn shown: --context and --exchange need --format json or jsonl"
        )
    index = open_for_query(index_path)
    text = text or "*"
    ranking = {"sort": sort, "by": "turn" if turns else "briefing", **wanted}
    result = index.search(
        text,
        limit=limit or None,
        offset=offset,
        context=context,
        exchange=exchange,
        full_text=full_text,
        **ranking,
    )
    notes = index.notes(text, result, explain=explain, **ranking)
    if output_format == "json":
        click.echo(json_text({**result.to_dict(), **notes}, indent=2))
        return
    _echo_notes(notes, "explain")
    if output_format == "jsonl":
        for hit in result.hits:
            click.echo(json_text(hit.to_dict()))
    elif output_format == "csv":
        click.echo(results_csv(result, full_text), nl=False)
    else:
        echo_results(result)
    _echo_notes(notes, "suggestion")


@cli.command()
@index_option
@text_or_json_option()
def stats(index_path: Path | None, output_format: str) -> None:
    """Describe the index: briefings, turns, dates, categories, top speakers, size.

    \b
    Example:
        searchbrief stats --index index/
    """
    with BriefingIndex.open(index_path) as index:
        result = index.stats()
    if output_format == "json":
        from searchbrief.cli.serialize import plain  # not needed to query

        click.echo(json_text(plain(asdict(result)), indent=2))
    else:
        echo_lines(stats_lines(result))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@text_or_json_option("How to print the parsed briefing.")
@max_size_option
def inspect(file: Path, output_format: str, max_size_mb: float) -> None:
    """Show how FILE is read: its metadata, then each speaker turn.

    \b
    Example:
        searchbrief inspect seeds/000_3269ee957af46712.txt
    """
    from searchbrief.documents.reader import read_briefing

    briefing = read_briefing(file, max_size=round(max_size_mb * 1e6))
    for warning in briefing.warnings:
        click.echo(f"warning: {briefing.path}: {warning}", err=True)
    if output_format == "json":
        from searchbrief.cli.serialize import briefing_to_dict  # not needed to query

        click.echo(json_text(briefing_to_dict(briefing), indent=2))
        return
    echo_lines(briefing_lines(briefing))


def _check_log(log_file: Path) -> None:
    """Make the log's folder and check it takes writes, before any indexing (else exit 2)."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise click.BadParameter(
            f"cannot write to {log_file} ({exc.strerror or exc}); give a --log path you can write",
            param_hint="'--log'",
        ) from exc


def _echo_notes(notes: dict[str, str], name: str) -> None:
    if name in notes:
        prefix = "did you mean: " if name == "suggestion" else ""
        click.echo(prefix + notes[name], err=True)
