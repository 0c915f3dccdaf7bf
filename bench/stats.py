"""Percentiles, summaries and ratios for the benchmark's figures."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks.

    The same definition as numpy's default (``linear``): the 50th percentile of
    an even count is the mean of the middle two. Raises ``ValueError`` on an
    empty sequence or a ``q`` outside 0-100.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0-100, not {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    """The 50th percentile."""
    return percentile(values, 50)


def summary(values: Sequence[float]) -> dict[str, float]:
    """``median``, ``p95``, ``min``, ``max`` and ``n`` of ``values`` (all 0 when empty)."""
    if not values:
        return {"median": 0.0, "p95": 0.0, "min": 0.0, "max": 0.0, "n": 0}
    return {
        "median": median(values),
        "p95": percentile(values, 95),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """``ours / baseline``, or None when either is missing or the baseline is 0."""
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline
