"""From figures at a few corpus sizes to the largest corpus that meets a target.

Each figure ``y`` is fitted two ways against the corpus size ``x``: as a
power, ``y = e^a · x^b`` (least squares on the logs; ``b`` names the trend),
and as a fixed part plus a part per MB, ``y = c + k·x`` (which a process's
start-up cost needs). Each fit is solved for ``y = target`` and the smaller
size is kept. With a single size the trend is assumed, which is then said.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]  # (corpus size, figure)


@dataclass(frozen=True)
class Fit:
    """``y = exp(a) · x**b``; ``assumed`` when ``b`` was not measured but taken as 1."""

    a: float
    b: float
    assumed: bool = False

    def at(self, x: float) -> float:
        return math.exp(self.a + self.b * math.log(x))


def fit_power(points: Sequence[Point], assume: float = 1.0) -> Fit:
    """The least-squares power law through ``points`` (positive sizes and figures).

    With a single size, the exponent is taken to be ``assume``.
    """
    usable = [(x, y) for x, y in points if x > 0 and y > 0]
    if not usable:
        raise ValueError("no point with a positive size and figure to fit")
    logs = [(math.log(x), math.log(y)) for x, y in usable]
    xs = {lx for lx, _ in logs}
    if len(xs) < 2:
        lx, ly = logs[0]
        return Fit(ly - assume * lx, assume, assumed=True)
    mean_x = sum(lx for lx, _ in logs) / len(logs)
    mean_y = sum(ly for _, ly in logs) / len(logs)
    spread = sum((lx - mean_x) ** 2 for lx, _ in logs)
    b = sum((lx - mean_x) * (ly - mean_y) for lx, ly in logs) / spread
    return Fit(mean_y - b * mean_x, b)


def largest_size(fit: Fit, target: float, measured_max: float) -> float:
    """The largest size whose fitted figure stays under ``target``.

    ``math.inf`` when the figure does not grow (``b`` ≤ 0.02) and is under the
    target at the largest size measured; 0 when it is over the target there
    and does not fall.
    """
    if fit.b <= 0.02:
        return math.inf if fit.at(measured_max) < target else 0.0
    return math.exp((math.log(target) - fit.a) / fit.b)


def fit_affine(points: Sequence[Point], assume: float = 1.0) -> tuple[float, float]:
    """``(c, k)`` of the least-squares line ``y = c + k·x`` through ``points``.

    With a single size: proportional (``c = 0``) when ``assume`` is not 0, flat
    (``k = 0``) when it is.
    """
    if not points:
        raise ValueError("no point to fit")
    xs = {x for x, _ in points}
    if len(xs) < 2:
        x, y = points[0]
        return (y, 0.0) if assume == 0 else (0.0, y / x)
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    k = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    return mean_y - k * mean_x, k


def largest_affine(c: float, k: float, target: float, measured_max: float) -> float:
    """The largest size with ``c + k·x`` under ``target`` (``inf``: no growth and under)."""
    if k <= 0:
        return math.inf if c + k * measured_max < target else 0.0
    return max((target - c) / k, 0.0)


def trend(b: float) -> str:
    """A word for exponent ``b``: flat, sub-linear, linear or super-linear."""
    if b < 0.2:
        return "flat"
    if b < 0.9:
        return "sub-linear"
    if b <= 1.1:
        return "linear"
    return "super-linear"


def describe(fit: Fit) -> str:
    """``linear (x^1.02)``, or ``linear (assumed: one size measured)``."""
    if fit.assumed:
        return f"{trend(fit.b)} (assumed: one size measured)"
    return f"{trend(fit.b)} (x^{fit.b:.2f})"


# name, where the figure is in a scale's results, the target, its unit, and
# the exponent assumed when only one size was measured (a ratio stays flat)
TARGETS: tuple[tuple[str, tuple[str, ...], float, str, float], ...] = (
    ("full build < 30 s", ("build", "searchbrief", "wall"), 30.0, "s", 1.0),
    (
        "warm top-10 query < 10 ms (median)",
        ("warm", "searchbrief", "all", "median"),
        0.01,
        "ms",
        1.0,
    ),
    ("fresh query < 250 ms (median)", ("fresh", "searchbrief", "median"), 0.25, "ms", 1.0),
    (
        "reindex, nothing changed < 2 s",
        ("reindex", "searchbrief", "nothing", "wall", "median"),
        2.0,
        "s",
        1.0,
    ),
    ("index < 3× corpus", ("build", "searchbrief", "index_ratio"), 3.0, "×", 0.0),
)


def lookup(data: Any, path: Sequence[str]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def megabytes(size: float) -> str:
    """``1,234 MB`` from 100 MB up, three significant digits below (``3.81 MB``)."""
    return f"{size:,.0f} MB" if size >= 100 else f"{size:.3g} MB"


def _show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f}×" if unit == "×" else f"{value:.1f} s"


def estimates(scales: dict[str, Any]) -> dict[str, Any]:
    """For each target, the largest corpus (MB, documents) searchbrief meets it with.

    ``scales`` maps a factor ("1", "2", "4") to that size's figures. The
    targets missed at every size (a fixed cost over the target) are listed as
    ``missed``; of the others, the one with the smallest limit is ``binding``.
    """
    ordered = [scales[k] for k in sorted(scales, key=int)]
    base = ordered[0]
    mb_per_file = base["corpus"]["bytes"] / 1e6 / max(base["corpus"]["files"], 1)
    base_mb = base["corpus"]["bytes"] / 1e6
    measured_max = max(s["corpus"]["bytes"] / 1e6 for s in ordered)
    rows: list[dict[str, Any]] = []
    for name, path, target, unit, assume in TARGETS:
        points = [
            (s["corpus"]["bytes"] / 1e6, float(lookup(s, path))) for s in ordered if lookup(s, path)
        ]
        if not points:
            continue
        fit = fit_power(points, assume)
        fixed, per_mb = fit_affine(points, assume)
        by_power = largest_size(fit, target, measured_max)
        size = min(by_power, largest_affine(fixed, per_mb, target, measured_max))
        if math.isinf(size):
            largest = "no limit in sight (the figure does not grow)"
        elif size == 0:
            seen = sorted(y for _, y in points)
            spread = " to ".join(dict.fromkeys(_show(y, unit) for y in (seen[0], seen[-1])))
            largest = f"none: {spread} measured, fixed part {_show(fixed, unit)}"
            if 0 < by_power < math.inf:
                largest += f" (a power fit: under {megabytes(by_power)})"
        else:
            docs = size / mb_per_file
            largest = f"{megabytes(size)} ≈ {docs:,.0f} docs ({size / base_mb:.2g}× the 1× corpus)"
        rows.append(
            {
                "target": name,
                "at_1x": _show(points[0][1], unit) if points else "-",
                "points": points,
                "exponent": fit.b,
                "fixed": fixed,
                "per_mb": per_mb,
                "trend": describe(fit),
                "largest_mb": None if math.isinf(size) else size,
                "largest_docs": None if math.isinf(size) else size / mb_per_file,
                "largest": largest,
            }
        )
    scaling = [r for r in rows if r["largest_mb"]]  # met up to some size
    binding = min(scaling, key=lambda r: r["largest_mb"], default=None)
    return {
        "targets": rows,
        "missed": [r["target"] for r in rows if r["largest_mb"] == 0],
        "binding": binding["target"] if binding else None,
        "largest_mb": binding["largest_mb"] if binding else None,
        "largest_docs": binding["largest_docs"] if binding else None,
        "corpus_mb_1x": base_mb,
        "files_1x": base["corpus"]["files"],
    }
