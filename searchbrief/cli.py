"""The ``searchbrief`` command: a thin click layer over the library."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from searchbrief import config
from searchbrief.api import BriefingIndex
from searchbrief.errors import (
    IndexLockedError,
    QuerySyntaxError,
    SearchbriefError,
    SourceError,
)
from searchbrief.model import SearchResult
from searchbrief.render import (
    briefing_lines,
    citation_markdown,
    citation_text,
    failure_lines,
    report_line,
    result_lines,
    results_csv,
    speaker_lines,
    speakers_csv,
    speakers_summary,
    stats_lines,
    summary_line,
    timeline_csv,
    timeline_lines,
    timeline_summary,
)

if TYPE_CHECKING:  # what indexing returns: a query does not import it
    from searchbrief.reports import IndexReport

FORMATS = ["text", "json", "jsonl", "csv"]


#: Exit code when another process holds the index (EX_TEMPFAIL: try again later).
EXIT_BUSY = 75


class _UsageFailure(click.ClickException):
    exit_code = 2


class _BusyFailure(click.ClickException):
    exit_code = EXIT_BUSY


class _Group(click.Group):
    """Turns every :class:`SearchbriefError` into a one-line ``Error:`` on stderr.

    Exit codes: 1 an error, 2 a usage problem (bad query or source), 75 busy.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (QuerySyntaxError, SourceError) as exc:
            raise _UsageFailure(str(exc)) from exc
        except IndexLockedError as exc:
            raise _BusyFailure(str(exc)) from exc
        except SearchbriefError as exc:
            raise click.ClickException(str(exc)) from exc


index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory [default: $SEARCHBRIEF_INDEX, else index/].",
)


@click.group(cls=_Group)
@click.version_option(package_name="searchbrief")
def cli() -> None:
    """Search press briefings: who said what, and when."""


def _progress(label: str) -> Any:
    """A progress callback that draws a bar on a terminal and is silent otherwise."""
    if not sys.stderr.isatty():
        return None, None
    bar = click.progressbar(length=1, label=label, file=sys.stderr)

    def update(done: int, total: int) -> None:
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    return bar, update


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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the summary as JSON on stdout.",
)
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
    output_format: str,
    quiet: bool,
    log_file: Path | None,
) -> None:
    """Build or update the index from SOURCES (folders or files) [default: seeds/].

    New files are added, changed ones replaced, vanished ones removed and
    unchanged ones skipped. Exit codes: 0 all good, 1 some files failed (the
    others were indexed), 2 usage error, 75 the index is busy.

    \b
    Example:
        searchbrief index ../shared/corpus --index index/ --wait 600 --quiet
    """
    paths = list(sources) or [config.DEFAULT_SOURCE]
    bar, update = (None, None) if quiet else _progress("indexing")
    options: dict[str, Any] = {"rebuild": rebuild, "allow_empty": allow_empty, "wait": wait}
    if bar is not None:
        with bar:
            _, report = BriefingIndex.build(index_path, paths, progress=update, **options)
    else:
        _, report = BriefingIndex.build(index_path, paths, **options)
    from searchbrief.serialize import run_record  # not needed to query

    record = run_record(report)
    if log_file is not None:
        with log_file.open("a", encoding="utf-8") as log:
            log.write(_json(record) + "\n")
    if output_format == "json":
        click.echo(_json(record, indent=2))
    elif not quiet or report.failed:
        _echo_report(report, failures_only=quiet)
    if report.failed:
        sys.exit(1)


def _open_for_query(index_path: Path | None) -> BriefingIndex:
    """The index to read, closed (its files with it) when the command ends."""
    directory = config.index_dir(index_path)
    source = config.DEFAULT_SOURCE
    if config.is_default_index(index_path) and not directory.exists() and source.is_dir():
        click.echo(f"searchbrief: no index yet; indexing {source}/ into {directory}/", err=True)
        index, report = BriefingIndex.build(directory, [source])
        click.echo(report_line(report), err=True)
    else:
        index = BriefingIndex.open(directory)
    return click.get_current_context().with_resource(index)


@cli.command()
@click.argument("query", nargs=-1)
@index_option
@click.option("--speaker", multiple=True, help="Only turns by this speaker (repeatable).")
@click.option("--role", multiple=True, help="Only turns in this role (repeatable).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day, inclusive.")
@click.option("--category", multiple=True, help="Only this category (repeatable).")
@click.option("--exact", is_flag=True, help="Match words exactly, without stemming.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many results; 0 means all.",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many results.")
@click.option("--turns", is_flag=True, help="List matching turns instead of briefings.")
@click.option(
    "--context", type=click.IntRange(min=0), default=0, help="Show N turns before and after."
)
@click.option("--exchange", is_flag=True, help="Show each hit inside its whole exchange.")
@click.option(
    "--reply-to", help="Only answers to reporters' questions matching this query (replyto:)."
)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
@click.option("--explain", is_flag=True, help="Say how the query was understood (on stderr).")
def query(
    query: tuple[str, ...],
    index_path: Path | None,
    speaker: tuple[str, ...],
    role: tuple[str, ...],
    since: dt.datetime | None,
    until: dt.datetime | None,
    category: tuple[str, ...],
    exact: bool,
    sort: str,
    limit: int,
    offset: int,
    turns: bool,
    context: int,
    exchange: bool,
    reply_to: str | None,
    output_format: str,
    explain: bool,
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
    if not query and not reply_to:
        raise click.UsageError("give a QUERY (or --reply-to)")
    index = _open_for_query(index_path)
    text = " ".join(query) or "*"
    result = index.search(
        text,
        speaker=speaker,
        role=role,
        since=since.date() if since else None,
        until=until.date() if until else None,
        category=category,
        exact=exact,
        sort=sort,
        limit=limit or None,
        offset=offset,
        by="turn" if turns else "briefing",
        context=context,
        exchange=exchange,
        reply_to=reply_to,
    )
    notes = _query_notes(
        index,
        text,
        result,
        explain,
        speaker=speaker,
        role=role,
        since=since,
        until=until,
        category=category,
        exact=exact,
        sort=sort,
        reply_to=reply_to,
        by="turn" if turns else "briefing",
    )
    if output_format == "json":
        click.echo(_json({**result.to_dict(), **notes}, indent=2))
        return
    _echo_notes(notes, "explain")
    if output_format == "jsonl":
        for hit in result.hits:
            click.echo(_json(hit.to_dict()))
    elif output_format == "csv":
        click.echo(results_csv(result), nl=False)
    else:
        _echo_results(result)
    _echo_notes(notes, "suggestion")


@cli.command()
@index_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def stats(index_path: Path | None, output_format: str) -> None:
    """Describe the index: briefings, turns, dates, categories, top speakers, size.

    \b
    Example:
        searchbrief stats --index index/
    """
    with BriefingIndex.open(index_path) as index:
        result = index.stats()
    if output_format == "json":
        from searchbrief.serialize import plain  # not needed to query

        click.echo(_json(plain(asdict(result)), indent=2))
    else:
        _echo_lines(stats_lines(result))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the parsed briefing.",
)
def inspect(file: Path, output_format: str) -> None:
    """Show how FILE is read: its metadata, then each speaker turn.

    \b
    Example:
        searchbrief inspect seeds/000_3269ee957af46712.txt
    """
    from searchbrief.reader import read_briefing

    briefing = read_briefing(file)
    for warning in briefing.warnings:
        click.echo(f"warning: {briefing.path}: {warning}", err=True)
    if output_format == "json":
        from searchbrief.serialize import briefing_to_dict  # not needed to query

        click.echo(_json(briefing_to_dict(briefing), indent=2))
        return
    _echo_lines(briefing_lines(briefing))


def _json(data: Any, indent: int | None = None) -> str:
    import json  # only JSON output needs it, not a query printing text

    return json.dumps(data, ensure_ascii=False, indent=indent)


def _echo_lines(lines: Any) -> None:
    for line in lines:
        click.echo(line)


def _echo_report(report: IndexReport, failures_only: bool = False) -> None:
    for line in failure_lines(report):
        click.echo(line, err=True)
    if not failures_only:
        click.echo(report_line(report), err=True)


def _color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _echo_results(result: SearchResult) -> None:
    if _color():
        _echo_lines(result_lines(result, lambda s: click.style(s, fg="yellow", bold=True)))
    else:
        _echo_lines(result_lines(result))
    click.echo(summary_line(result, len(result.hits)), err=True)


# Who, when, how often: timeline, first, speakers; cite; query's --explain and did-you-mean.

#: ``query`` suggests a spelling when fewer briefings than this match.
SUGGEST_BELOW = 3


def _query_notes(
    index: BriefingIndex, text: str, result: SearchResult, explain: bool, **options: Any
) -> dict[str, str]:
    """What ``query`` adds to its results: ``explain`` if asked, a ``suggestion`` on few hits."""
    notes = {}
    if explain:
        for name in ("since", "until"):
            options[name] = options[name].date() if options[name] else None
        notes["explain"] = index.explain(text, **options)
    if result.total < SUGGEST_BELOW:
        suggestion = index.suggest(text)
        if suggestion:
            notes["suggestion"] = suggestion
    return notes


def _echo_notes(notes: dict[str, str], name: str) -> None:
    if name in notes:
        prefix = "did you mean: " if name == "suggestion" else ""
        click.echo(prefix + notes[name], err=True)


def _filter_options(command: Any) -> Any:
    """``--speaker``, ``--role``, ``--since``, ``--until``, ``--category``, ``--exact``."""
    options = [
        click.option("--speaker", multiple=True, help="Only turns by this speaker (repeatable)."),
        click.option("--role", multiple=True, help="Only turns in this role (repeatable)."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day, inclusive."),
        click.option("--category", multiple=True, help="Only this category (repeatable)."),
        click.option("--exact", is_flag=True, help="Match words exactly, without stemming."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(options: dict[str, Any]) -> dict[str, Any]:
    """The library's keyword arguments from the options of :func:`_filter_options`."""
    names = ("speaker", "role", "since", "until", "category", "exact")
    found = {name: options.pop(name) for name in names}
    for name in ("since", "until"):
        found[name] = found[name].date() if found[name] else None
    return found


_format_option = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)


def _echo_json(data: Any, output_format: str, rows: list[dict[str, Any]]) -> bool:
    """Print ``data`` (json) or ``rows`` (jsonl); whether the format was one of those."""
    if output_format == "json":
        click.echo(_json(data, indent=2))
    elif output_format == "jsonl":
        for row in rows:
            click.echo(_json(row))
    return output_format in ("json", "jsonl")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--by",
    type=click.Choice(["week", "month", "year"]),
    default="month",
    show_default=True,
    help="The period of each line.",
)
@_filter_options
@_format_option
def timeline(
    query: tuple[str, ...], index_path: Path | None, by: str, output_format: str, **options: Any
) -> None:
    """How often QUERY is said, per period: turns, briefings, rate per 10,000 words spoken.

    Words spoken count every turn but narration in the period. Periods run from
    --since (else the index's first day) to --until (else its last), none left
    out; the bars show the rate.

    \b
    Example:
        searchbrief timeline '"build back better"' --by month --since 2021-01-01
    """
    result = _open_for_query(index_path).timeline(" ".join(query), by=by, **_filters(options))
    rows = [period.to_dict() for period in result.periods]
    if _echo_json(result.to_dict(), output_format, rows):
        return
    if output_format == "csv":
        click.echo(timeline_csv(result), nl=False)
        return
    _echo_lines(timeline_lines(result))
    click.echo(timeline_summary(result), err=True)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option("--last", is_flag=True, help="The latest uses instead, newest first.")
@click.option("--by-speaker", is_flag=True, help="Each speaker's first (or last) use.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many uses (speakers, with --by-speaker); 0 means all.",
)
@_filter_options
@_format_option
def first(
    query: tuple[str, ...],
    index_path: Path | None,
    last: bool,
    by_speaker: bool,
    limit: int,
    output_format: str,
    **options: Any,
) -> None:
    """The first uses of QUERY (or the last): date, speaker, briefing, link, turn id, snippet.

    \b
    Example:
        searchbrief first '"Build Back Better"' --by-speaker --limit 5
    """
    index = _open_for_query(index_path)
    result = index.first(
        " ".join(query), last=last, by_speaker=by_speaker, limit=limit or None, **_filters(options)
    )
    if _echo_json(result.to_dict(), output_format, [hit.to_dict() for hit in result.hits]):
        return
    if output_format == "csv":
        click.echo(results_csv(result), nl=False)
        return
    _echo_results(result)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many speakers; 0 means all.",
)
@_filter_options
@_format_option
def speakers(
    query: tuple[str, ...], index_path: Path | None, limit: int, output_format: str, **options: Any
) -> None:
    """Who says QUERY most: turns and briefings per speaker, role, first and last day.

    \b
    Example:
        searchbrief speakers inflation --role official --limit 10
    """
    index = _open_for_query(index_path)
    result = index.speakers(" ".join(query), limit=limit or None, **_filters(options))
    rows = [speaker.to_dict() for speaker in result.speakers]
    if _echo_json(result.to_dict(), output_format, rows):
        return
    if output_format == "csv":
        click.echo(speakers_csv(result), nl=False)
        return
    _echo_lines(speaker_lines(result))
    click.echo(speakers_summary(result), err=True)


@cli.command()
@click.argument("turn_id")
@index_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown: a blockquote and an attribution line with a link.",
)
def cite(turn_id: str, index_path: Path | None, output_format: str) -> None:
    """The exact words of turn TURN_ID, with speaker, role, briefing, date and link.

    TURN_ID is what `query --turns` shows in brackets: BRIEFING_ID/NUMBER.

    \b
    Example:
        searchbrief cite 2021-12-29-background-press-call-by-a-senior-administration-official/3 \\
            --format markdown
    """
    citation = _open_for_query(index_path).cite(turn_id)
    if output_format == "json":
        click.echo(_json(citation.to_dict(), indent=2))
    elif output_format == "markdown":
        click.echo(citation_markdown(citation))
    else:
        click.echo(citation_text(citation))
