"""Fresh-process figures: a whole query command, and what importing costs.

Each run is a new process timed from spawn to exit (``time.perf_counter``
around ``subprocess.run``); searchbrief's and FTS5's runs alternate so that a
noisy moment hits both. Import time is shown two ways: the median of
``python -c "import M"`` minus the median of ``python -c pass``, and the sum
of ``python -X importtime``'s self times for ``import M``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.stats import median

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(command: Sequence[str]) -> float:
    """Seconds from spawn to exit of ``command`` (its output discarded); raises if it fails."""
    started = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
        cwd=ROOT,
    )
    return time.perf_counter() - started


def searchbrief_command(index: Path, query: str) -> list[str]:
    """``searchbrief query QUERY --index DIR`` with the installed script beside this Python."""
    script = Path(sys.executable).parent / "searchbrief"
    return [str(script), "query", query, "--index", str(index)]


def fts5_command(db: Path, level: str, query: str) -> list[str]:
    """The baseline's fresh query (:mod:`bench.fts5_query`)."""
    return [sys.executable, "-m", "bench.fts5_query", str(db), level, query]


def fresh_queries(
    index: Path, fts5_turn: Path, queries: Sequence[str], runs: int
) -> dict[str, list[float]]:
    """``runs`` fresh queries per engine (queries taken in turn), after one untimed run."""
    timed(searchbrief_command(index, queries[0]))  # page cache and .pyc files warm
    timed(fts5_command(fts5_turn, "turn", queries[0]))
    times: dict[str, list[float]] = {"searchbrief": [], "fts5-turn": []}
    for run in range(runs):
        query = queries[run % len(queries)]
        times["searchbrief"].append(timed(searchbrief_command(index, query)))
        times["fts5-turn"].append(timed(fts5_command(fts5_turn, "turn", query)))
    return times


def importtime_total(module: str) -> float:
    """Seconds ``python -X importtime -c "import MODULE"`` reports, self times summed."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    return parse_importtime(done.stderr)


def parse_importtime(report: str) -> float:
    """The sum of the ``self [us]`` column of an ``-X importtime`` report, in seconds."""
    total = 0
    for line in report.splitlines():
        if not line.startswith("import time:"):
            continue
        cell = line.split(":", 1)[1].split("|")[0].strip()
        if cell.isdigit():
            total += int(cell)
    return total / 1e6


def import_costs(modules: Sequence[str], runs: int) -> dict[str, dict[str, float]]:
    """Per module: median start-up with the import, its difference to ``pass``, importtime."""
    bare = median([timed([sys.executable, "-c", "pass"]) for _ in range(runs)])
    costs: dict[str, dict[str, float]] = {}
    for module in modules:
        timed([sys.executable, "-c", f"import {module}"])  # .pyc files written
        with_import = median(
            [timed([sys.executable, "-c", f"import {module}"]) for _ in range(runs)]
        )
        costs[module] = {
            "python_start": bare,
            "with_import": with_import,
            "import": with_import - bare,
            "importtime_sum": median([importtime_total(module) for _ in range(runs)]),
        }
    return costs
