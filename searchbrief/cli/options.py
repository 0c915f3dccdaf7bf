"""What every ``searchbrief`` command shares: the command group, options and output."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from searchbrief import config
from searchbrief.api import BriefingIndex
from searchbrief.cli.render import (
    failure_lines,
    report_line,
    result_lines,
    skipped_lines,
    summary_line,
)
from searchbrief.errors import (
    IndexLockedError,
    IndexRunError,
    QuerySyntaxError,
    SearchbriefError,
    SourceError,
)
from searchbrief.search.results import SearchResult

if TYPE_CHECKING:  # what indexing returns: a query does not import it
    from searchbrief.indexing.report import IndexReport

_Command = TypeVar("_Command", bound=Callable[..., Any])

FORMATS = ["text", "json", "jsonl", "csv"]


#: Exit code when another process holds the index (EX_TEMPFAIL: try again later).
EXIT_BUSY = 75
#: Exit code when an indexing run could not finish and committed nothing.
EXIT_RUN_FAILED = 3

#: Commands defined elsewhere, and their module: imported when one of them is
#: run or listed (``--help``), so that a query does not import them.
ELSEWHERE = {
    **dict.fromkeys(
        ("cite", "first", "people", "speakers", "timeline"), "searchbrief.cli.analyses"
    ),
    **dict.fromkeys(("serve", "watch"), "searchbrief.cli.web"),
}


class _UsageFailure(click.ClickException):
    exit_code = 2


class _BusyFailure(click.ClickException):
    exit_code = EXIT_BUSY


class _RunFailure(click.ClickException):
    exit_code = EXIT_RUN_FAILED


class _Group(click.Group):
    """Turns every :class:`SearchbriefError` into a one-line ``Error:`` on stderr.

    Exit codes: 1 an error, 2 a usage problem (bad query or source), 75 busy.
    The commands of :data:`ELSEWHERE` join it when one of them is asked for.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in ELSEWHERE:
            import_module(ELSEWHERE[cmd_name])  # its commands join the group
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (QuerySyntaxError, SourceError) as exc:
            raise _UsageFailure(str(exc)) from exc
        except IndexLockedError as exc:
            raise _BusyFailure(str(exc)) from exc
        except IndexRunError as exc:
            raise _RunFailure(str(exc)) from exc
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
    # The command owns its process, and what the imports made lives until it
    # exits: later collections need not look at those objects again.
    gc.freeze()


def open_for_query(index_path: Path | None) -> BriefingIndex:
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


def json_text(data: Any, indent: int | None = None) -> str:
    import json  # only JSON output needs it, not a query printing text

    return json.dumps(data, ensure_ascii=False, indent=indent)


def echo_lines(lines: Any) -> None:
    for line in lines:
        click.echo(line)


def echo_report(report: IndexReport, failures_only: bool = False) -> None:
    """Failures, then (unless ``failures_only``, as under cron) skipped links and the summary."""
    for line in failure_lines(report):
        click.echo(line, err=True)
    if not failures_only:
        for line in skipped_lines(report):
            click.echo(line, err=True)
        click.echo(report_line(report), err=True)


def color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def echo_results(result: SearchResult) -> None:
    if color():
        echo_lines(result_lines(result, lambda s: click.style(s, fg="yellow", bold=True)))
    else:
        echo_lines(result_lines(result))
    click.echo(summary_line(result, len(result.hits)), err=True)


def filter_options(command: Any) -> Any:
    """The options that narrow the turns a query matches, for every command that takes a query.

    ``--speaker``, ``--role``, ``--since``, ``--until``, ``--category``,
    ``--exact``, ``--spoken``, ``--written``, ``--reply-to`` and ``--scope``: the
    library's ``Filters``.
    """
    options = [
        click.option("--speaker", multiple=True, help="Only turns by this speaker (repeatable)."),
        click.option("--role", multiple=True, help="Only turns in this role (repeatable)."),
        click.option(
            "--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (YYYY-MM-DD)."
        ),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day, inclusive."),
        click.option("--category", multiple=True, help="Only this category (repeatable)."),
        click.option("--exact", is_flag=True, help="Match words exactly, without stemming."),
        click.option("--spoken", is_flag=True, help="Only spoken turns (no written statements)."),
        click.option("--written", is_flag=True, help="Only written statements' turns."),
        click.option(
            "--reply-to",
            help="Only answers to reporters' questions matching this query (replyto:).",
        ),
        click.option(
            "--scope",
            type=click.Choice(["turn", "briefing"]),
            default="turn",
            show_default=True,
            help="Where every word must be: in one turn, or in the briefing's turns.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def filters(options: dict[str, Any]) -> dict[str, Any]:
    """The library's keyword arguments from the options of :func:`filter_options`."""
    names: tuple[str, ...] = ("speaker", "role", "since", "until", "category", "exact")
    names += ("spoken", "written", "reply_to", "scope")
    found = {name: options.pop(name) for name in names}
    for name in ("since", "until"):
        found[name] = found[name].date() if found[name] else None
    return found


def limit_option(default: int, what: str) -> Callable[[_Command], _Command]:
    """``--limit N``: how many ``what`` to show, 0 meaning all."""
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=default,
        show_default=True,
        help=f"How many {what}; 0 means all.",
    )


max_size_option = click.option(
    "--max-size",
    "max_size_mb",
    type=click.FloatRange(min=0, min_open=True),
    default=config.MAX_SIZE / 1e6,
    show_default=True,
    help="Refuse briefing files larger than this many MB.",
)


format_option = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)


def text_or_json_option(help: str | None = None) -> Callable[[_Command], _Command]:
    """``--format text|json``, for commands whose output is no table of rows."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


def echo_json(data: Any, output_format: str, rows: list[dict[str, Any]]) -> bool:
    """Print ``data`` (json) or ``rows`` (jsonl); whether the format was one of those."""
    if output_format == "json":
        click.echo(json_text(data, indent=2))
    elif output_format == "jsonl":
        for row in rows:
            click.echo(json_text(row))
    return output_format in ("json", "jsonl")
