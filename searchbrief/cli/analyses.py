"""The commands that look across briefings.

``timeline``, ``first``, ``speakers``, ``cite`` and ``people``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from searchbrief.cli.options import (
    cli,
    echo_json,
    echo_lines,
    echo_results,
    filter_options,
    filters,
    format_option,
    index_option,
    json_text,
    limit_option,
    open_for_query,
)
from searchbrief.cli.render import (
    citation_markdown,
    citation_text,
    people_csv,
    people_lines,
    results_csv,
    speaker_lines,
    speakers_csv,
    speakers_summary,
    timeline_csv,
    timeline_lines,
    timeline_summary,
)


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
@filter_options
@format_option
def timeline(
    query: tuple[str, ...], index_path: Path | None, by: str, output_format: str, **options: Any
) -> None:
    """How often QUERY is said, per period: turns, briefings, rate per 10,000 words.

    The words are those of the turns the filters keep (every turn without
    filters, narration included), the turns the matches are counted among.
    Periods run from
    --since (else the index's first day) to --until (else its last), none left
    out; the bars show the rate.

    \b
    Example:
        searchbrief timeline '"build back better"' --by month --since 2021-01-01
    """
    result = open_for_query(index_path).timeline(" ".join(query), by=by, **filters(options))
    rows = [period.to_dict() for period in result.periods]
    _echo_table(
        result.to_dict(),
        rows,
        output_format,
        lambda: timeline_csv(result),
        lambda: timeline_lines(result),
        lambda: timeline_summary(result),
    )


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option("--last", is_flag=True, help="The latest uses instead, newest first.")
@click.option("--by-speaker", is_flag=True, help="Each speaker's first (or last) use.")
@limit_option(10, "uses (speakers, with --by-speaker)")
@filter_options
@format_option
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
    index = open_for_query(index_path)
    result = index.first(
        " ".join(query), last=last, by_speaker=by_speaker, limit=limit or None, **filters(options)
    )
    if echo_json(result.to_dict(), output_format, [hit.to_dict() for hit in result.hits]):
        return
    if output_format == "csv":
        click.echo(results_csv(result), nl=False)
        return
    echo_results(result)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@limit_option(20, "speakers")
@filter_options
@format_option
def speakers(
    query: tuple[str, ...], index_path: Path | None, limit: int, output_format: str, **options: Any
) -> None:
    """Who says QUERY most: turns and briefings per speaker, role, first and last day.

    \b
    Example:
        searchbrief speakers inflation --role official --limit 10
    """
    index = open_for_query(index_path)
    result = index.speakers(" ".join(query), limit=limit or None, **filters(options))
    rows = [speaker.to_dict() for speaker in result.speakers]
    _echo_table(
        result.to_dict(),
        rows,
        output_format,
        lambda: speakers_csv(result),
        lambda: speaker_lines(result),
        lambda: speakers_summary(result),
    )


def _echo_table(
    whole: dict[str, Any],
    rows: list[dict[str, Any]],
    output_format: str,
    csv_text: Callable[[], str],
    lines: Callable[[], Iterable[str]],
    summary: Callable[[], str],
) -> None:
    """A report as JSON (``whole``), JSON lines (``rows``), CSV, or text lines and a summary."""
    if echo_json(whole, output_format, rows):
        return
    if output_format == "csv":
        click.echo(csv_text(), nl=False)
        return
    echo_lines(lines())
    click.echo(summary(), err=True)


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
        searchbrief cite --format markdown 2021-12-29-background-press-call-by-a-senior-administration-official-on-president-bidens-upcoming-call-with-president-putin-of-the-russian-federation/7
    """  # noqa: E501 (a whole turn id, to paste as it is)
    citation = open_for_query(index_path).cite(turn_id)
    if output_format == "json":
        click.echo(json_text(citation.to_dict(), indent=2))
    elif output_format == "markdown":
        click.echo(citation_markdown(citation))
    else:
        click.echo(citation_text(citation))


@cli.command()
@index_option
@format_option
def people(index_path: Path | None, output_format: str) -> None:
    """Every speaker key in the index: name, roles, turns and briefings; most turns first.

    The key is what --speaker takes (a full name or a title and name works too).

    \b
    Example:
        searchbrief people --format csv
    """
    entries = open_for_query(index_path).people()
    rows = [entry.to_dict() for entry in entries]

    _echo_table(
        {"speakers": rows},
        rows,
        output_format,
        lambda: people_csv(entries),
        lambda: people_lines(entries),
        lambda: f"{len(entries)} speaker(s)",
    )
