"""The indexer's progress bar: an estimate from the recent rate, and the commit as its own step."""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import click

#: Seconds of recent progress the estimate is drawn from.
WINDOW = 10.0


class MovingRate:
    """Files done per second over the last :data:`WINDOW` seconds, and the time left at that rate.

    The whole run's average would count the start (finding files, starting
    workers, their first files) against every later file, and overestimate.
    """

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self.points: deque[tuple[float, int]] = deque()
        self.total = 0

    def add(self, now: float, done: int, total: int) -> None:
        self.total = total
        self.points.append((now, done))
        while len(self.points) > 2 and now - self.points[1][0] >= self.window:
            self.points.popleft()

    def seconds_left(self) -> float | None:
        """None until two points a moment apart show progress."""
        if len(self.points) < 2:
            return None
        (t0, d0), (t1, d1) = self.points[0], self.points[-1]
        if t1 - t0 < 0.5 or d1 <= d0:
            return None
        return (self.total - d1) * (t1 - t0) / (d1 - d0)

    def text(self) -> str:
        left = self.seconds_left()
        if left is None:
            return ""
        minutes, seconds = divmod(round(left), 60)
        return f"about {minutes}:{seconds:02d} left"


def progress_bar(label: str) -> tuple[Any, Callable[[int, int], None] | None]:
    """A bar on a terminal (else nothing), and the library's progress callback that drives it.

    When every file is read, the bar ends and a line says the index is being
    written: the commit takes seconds of its own.
    """
    if not sys.stderr.isatty():
        return None, None
    rate = MovingRate()
    bar: Any = click.progressbar(
        length=1,
        label=label,
        file=sys.stderr,
        show_eta=False,
        item_show_func=lambda _: rate.text(),
    )

    def update(done: int, total: int) -> None:
        bar.length = max(total, 1)
        rate.add(time.monotonic(), done, total)
        bar.update(done - bar.pos)
        if done >= total:
            bar.render_finish()
            click.echo(f"{label}: {total:,} files read; writing the index…", err=True)

    return bar, update
