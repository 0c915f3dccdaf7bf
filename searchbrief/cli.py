"""The ``searchbrief`` command: a thin click layer over the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from searchbrief.errors import SearchbriefError
from searchbrief.model import Briefing
from searchbrief.reader import read_briefing
from searchbrief.serialize import briefing_to_dict


class _Group(click.Group):
    """Turns every :class:`SearchbriefError` into a one-line ``Error:`` on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SearchbriefError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(package_name="searchbrief")
def cli() -> None:
    """Search press briefings: who said what, and when."""


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
    briefing = read_briefing(file)
    if output_format == "json":
        click.echo(json.dumps(briefing_to_dict(briefing), ensure_ascii=False, indent=2))
        return
    _echo_briefing(briefing)


def _echo_briefing(briefing: Briefing) -> None:
    for warning in briefing.warnings:
        click.echo(f"warning: {briefing.path}: {warning}", err=True)
    click.echo(f"id:        {briefing.briefing_id}")
    click.echo(f"title:     {briefing.title}")
    click.echo(f"date:      {briefing.date.isoformat()}")
    click.echo(f"category:  {briefing.category}")
    click.echo(f"permalink: {briefing.permalink}")
    click.echo(f"path:      {briefing.path}")
    click.echo(f"turns:     {len(briefing.turns)}")
    click.echo()
    for turn in briefing.turns:
        who = turn.speaker_name or "(narration)"
        extra = " interpreted" if turn.interpreted else ""
        head = f"{turn.number:>4} [{turn.exchange or '-':>3}] {who} ({turn.role}{extra})"
        preview = turn.text.replace("\n\n", " ¶ ")
        if len(preview) > 100:
            preview = preview[:99].rstrip() + "…"
        click.echo(f"{head}: {preview}")
