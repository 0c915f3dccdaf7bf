"""Dates in queries: ``date:2021-12``, ``date:"last week"``, ``date:[-1 month to now]``.

Whoosh's :class:`~whoosh.qparser.dateparse.DateParserPlugin` does the work,
with three fixes for Whoosh 2.7.4: ISO dates (``2021-12-29``) are read before
the English words, so they are no longer cut down to their year inside a
range; open-ended relative ranges (``[-1 month to]``) no longer crash; and a
date it cannot read raises :class:`~searchbrief.errors.QuerySyntaxError`
instead of quietly matching nothing.

Briefings are indexed at midnight of their day, so every date expression
stands for whole days: a range runs from the start of its first day to the end
of its last, ``now`` included.  Relative words are measured from the
injected ``now``:

* ``today``, ``yesterday``: that day;
* ``this week``, ``last week``: the calendar week, Monday to Sunday, that
  holds ``now``, or the one before it (for "the last 7 days" write
  ``[-7 days to now]``);
* ``this month``, ``last month``, ``this year``, ``last year``: calendar months and years;
* ``-1 month``, ``+2 weeks``, ``-3 days``: ``now`` moved by that much.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from whoosh.qparser.dateparse import (
    Choice,
    Combo,
    DateParseError,
    DateParserPlugin,
    DateRangeNode,
    English,
    Regex,
)
from whoosh.util.times import adatetime, timespan

from searchbrief.errors import QuerySyntaxError

#: Shown when a date cannot be read.
DATE_EXAMPLES = '2021-12-29, 2021-12, 2021, yesterday, "last week" or [2021-12-01 to 2021-12-31]'


def _days(first: dt.date, last: dt.date) -> timespan:
    return timespan(
        adatetime(first.year, first.month, first.day), adatetime(last.year, last.month, last.day)
    )


def _week(now: dt.datetime, weeks_back: int) -> timespan:
    monday = now.date() - dt.timedelta(days=now.weekday() + 7 * weeks_back)
    return _days(monday, monday + dt.timedelta(days=6))


def _last_month(now: dt.datetime) -> timespan:
    last = now.date().replace(day=1) - dt.timedelta(days=1)
    return _days(last.replace(day=1), last)


class QueryDates(English):  # type: ignore[misc]
    """Whoosh's English date parser, plus calendar weeks and past months and years."""

    def setup(self) -> None:
        super().setup()
        periods = Choice(
            (
                Regex(r"this\s+week", lambda p, now: _week(now, 0)),
                Regex(r"last\s+week", lambda p, now: _week(now, 1)),
                Regex(r"last\s+month", lambda p, now: _last_month(now)),
                Regex(r"last\s+year", lambda p, now: adatetime(year=now.year - 1)),
            ),
            name="periods",
        )
        # ISO dates go before the English words, which would read only their year.
        point = Choice((self.plusdate, self.simple, self.datetime), name="point")
        self.bundle = Choice((self.plusdate, self.simple, periods, self.datetime), name="bundle")
        # Whoosh's Combo cannot join periods; `[last week to now]` reads each side alone.
        self.torange = Combo((point, "to", point), name="torange")
        self.all = Choice((self.torange, self.bundle), name="all")


@cache
def _query_dates() -> QueryDates:
    return QueryDates()


class _OnUse:
    """:class:`QueryDates`, built on the first date a query holds (its regexes are many)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_query_dates(), name)


class DatePlugin(DateParserPlugin):  # type: ignore[misc]
    """Turns ``date:`` words and ranges into whole-day date ranges measured from ``now``."""

    def __init__(self, now: dt.datetime) -> None:
        super().__init__(basedate=now, dateparser=_OnUse())

    def whole_days(self, text: str) -> tuple[dt.datetime, dt.datetime]:
        """The first and last instant of the days that ``text`` names."""
        try:
            value = self.dateparser.date_from(text, self.basedate)
        except (DateParseError, ValueError, OverflowError):  # Overflow: beyond year 1 or 9999
            value = None
        if value is None:
            raise QuerySyntaxError(
                f"cannot read the date {text!r}; write dates like {DATE_EXAMPLES}"
            )
        first, last = (value.start, value.end) if isinstance(value, timespan) else (value, value)
        return (
            dt.datetime.combine(first.date(), dt.time.min),
            dt.datetime.combine(last.date(), dt.time.max),
        )

    def text_to_dt(self, node: Any) -> Any:
        start, end = self.whole_days(node.text)
        return self._range_node(node, start, end)

    def range_to_dt(self, node: Any) -> Any:
        start = self.whole_days(node.start)[0] if node.start else None
        end = self.whole_days(node.end)[1] if node.end else None
        if start is not None and end is not None and start > end:
            raise QuerySyntaxError(
                f"the date range [{node.start} to {node.end}] ends before it starts"
            )
        return self._range_node(node, start, end)

    @staticmethod
    def _range_node(node: Any, start: dt.datetime | None, end: dt.datetime | None) -> Any:
        new = DateRangeNode(node.fieldname, start, end, boost=node.boost)
        new.startchar, new.endchar = node.startchar, node.endchar
        return new
