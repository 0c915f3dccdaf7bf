"""The indexer's estimate of the time left comes from the recent rate, not the whole run's."""

from __future__ import annotations

from searchbrief.cli.progress import MovingRate


def test_a_slow_start_does_not_weigh_on_the_estimate() -> None:
    rate = MovingRate(window=10.0)
    rate.add(0.0, 0, 10_000)
    rate.add(30.0, 1, 10_000)  # half a minute to find files and start workers
    for second in range(31, 61):  # then 100 files a second
        rate.add(float(second), 100 * (second - 30), 10_000)
    left = rate.seconds_left()
    assert left is not None and 69 <= left <= 71  # 7,000 files to go at 100 a second
    assert rate.text() == "about 1:10 left"


def test_no_estimate_before_progress_is_seen() -> None:
    rate = MovingRate()
    assert rate.text() == ""
    rate.add(0.0, 0, 10)
    rate.add(0.1, 0, 10)
    assert rate.seconds_left() is None
