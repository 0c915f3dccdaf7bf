"""``serve`` and ``watch``: the search site and saved searches (imported only when asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from searchbrief.cli.options import (
    cli,
    filter_options,
    filters,
    index_option,
    json_text,
    open_for_query,
    text_or_json_option,
)
from searchbrief.cli.render import safe


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--processes",
    type=click.IntRange(0, 64),
    default=None,
    help="Worker processes that search [default: one per core, at most 4]; 0 searches"
    " in the server's own threads (the least memory).",
)
def serve(index_path: Path | None, host: str, port: int, processes: int | None) -> None:
    """Serve search pages, a JSON API and the watches' Atom feeds over HTTP, until Ctrl-C.

    Read-only: a reindex (even --rebuild) shows without a restart.  Searches run
    in worker processes, one per core, so that visitors asking at once do not
    wait for each other.

    \b
    Example:
        searchbrief serve --index index/ --port 8000
    """
    from searchbrief.web import server, workers  # the web stack: only this command needs it

    index = open_for_query(index_path)
    if processes is None:
        processes = workers.default_processes()
    click.echo(f"searchbrief: serving {index.directory} at {server.url(host, port)}", err=True)
    server.serve(index, host=host, port=port, processes=processes)


@cli.group()
def watch() -> None:
    """Saved searches, kept beside the index: add, list, remove, check.

    \b
    Example (cron: mails only news):
        searchbrief index ../shared/corpus --quiet && searchbrief watch check
    """


@watch.command("add")
@click.argument("name")
@click.argument("query", nargs=-1, required=True)
@index_option
@filter_options
def watch_add(name: str, query: tuple[str, ...], index_path: Path | None, **options: Any) -> None:
    """Save QUERY as the watch NAME; what it matches today is not news."""
    from searchbrief.watch import store

    wanted = filters(options)
    wanted.pop("reply_to", None)
    for key in ("since", "until"):
        wanted[key] = wanted[key].isoformat() if wanted[key] else None
    wanted = {k: list(v) if isinstance(v, tuple) else v for k, v in wanted.items()}
    store.add(open_for_query(index_path), name, " ".join(query), wanted)


@watch.command("list")
@index_option
def watch_list(index_path: Path | None) -> None:
    """List the watches: name, query and filters."""
    from searchbrief import config
    from searchbrief.watch import store

    for item in store.load(config.index_dir(index_path)).values():
        extra = "".join(_option(k, v) for k, v in item.filters.items())
        click.echo(safe(f"{item.name}\t{item.query}{extra}"))


def _option(name: str, value: Any) -> str:
    """A saved filter as the command line's options (``--speaker a --speaker b``, ``--exact``)."""
    if value is True:
        return f" --{name}"
    values = value if isinstance(value, list) else [value]
    return "".join(f" --{name} {v}" for v in values)


@watch.command("remove")
@click.argument("name")
@index_option
def watch_remove(name: str, index_path: Path | None) -> None:
    """Remove the watch NAME."""
    from searchbrief import config
    from searchbrief.watch import store

    store.remove(config.index_dir(index_path), name)


@watch.command("check")
@index_option
@text_or_json_option()
def watch_check(index_path: Path | None, output_format: str) -> None:
    """Report each watch's matches in briefings new since its last check; quiet with no news."""
    from searchbrief.watch.check import check

    news = check(open_for_query(index_path))
    if output_format == "json":
        if news:
            data = {
                "watches": [
                    {
                        "name": item.watch.name,
                        "query": item.watch.query,
                        "results": [hit.to_dict() for hit in item.hits],
                    }
                    for item in news
                ]
            }
            click.echo(json_text(data, indent=2))
        return
    for item in news:
        click.echo(safe(f"{item.watch.name}: {len(item.hits)} new ({item.watch.query})"))
        for hit in item.hits:
            click.echo(safe(f"  {hit.date.isoformat()}  {hit.title}  [{hit.briefing_id}]"))
