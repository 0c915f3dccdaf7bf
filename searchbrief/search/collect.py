"""Collecting a Whoosh query's every match, under a deadline, with filters that add no score.

Also the briefing scope: a query's words across the turns of one briefing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from whoosh.collectors import TimeLimit, UnlimitedCollector
from whoosh.query import And, AndNot, Or, Term

from searchbrief.errors import QueryTooBroadError
from searchbrief.search.ranking import Matched

TIME_LIMIT = 20.0  # seconds; no query runs longer
TOO_LONG = f"the query ran for over {TIME_LIMIT:.0f} s; narrow it with more words or filters"


def filtered(query: Any, flt: Any) -> Any:
    """``query`` restricted to ``flt``, which adds nothing to the scores.

    (Whoosh 2.7.4's ``Require`` skips matches after a phrase, and its
    ``ConstantScoreQuery`` reads every matching document up front.)
    """

    def silence(q: Any) -> Any:
        if not q.is_leaf():
            return q
        q = q.with_boost(0.0)
        if getattr(q, "constantscore", False):
            q.constantscore = False  # Whoosh scores a constant 0.0 as 1.0
        return q

    return query if flt is None else And([query, flt.accept(silence)])


def kind(kind: str, flt: Any) -> Any:
    term = Term("kind", kind)
    return term if flt is None else And([term, flt])


class _Collector(UnlimitedCollector):  # type: ignore[misc]
    """Every match, best first, with a deadline so that no query runs away."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def collect_matches(self) -> None:
        offset, matcher, items, deadline = self.offset, self.matcher, self.items, self.deadline
        for count, sub in enumerate(self.matches()):
            items.append((matcher.score(), offset + sub))
            if count & 1023 == 1023 and time.monotonic() > deadline:
                raise TimeLimit


def collect(searcher: Any, query: Any) -> list[tuple[float, int]]:
    """Every document matching ``query``, best first (filters go in as ``Require``)."""
    collector = _Collector(time.monotonic() + TIME_LIMIT)
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit as exc:
        raise QueryTooBroadError(TOO_LONG) from exc
    return sorted(collector.items, key=lambda item: (-item[0], item[1]))


def across_turns(
    session: Any,
    needed: list[Any],
    refused: list[Any],
    flt: Any,
    in_range: Callable[[Any], bool] | None,
) -> Matched:
    """Turns matching any of ``needed``, in briefings whose turns hold every one of them.

    The turns are those the filter keeps (and the dates, and none holding a
    ``refused`` part), so "the President said both" means in his own turns.
    """
    searcher, date_of, briefing_of = session.searcher, session.date_of, session.briefing_of

    def kept(hits: list[tuple[float, int]]) -> list[tuple[float, int]]:
        return [h for h in hits if in_range is None or in_range(date_of[h[1]])]

    def without(part: Any) -> Any:
        return AndNot(part, Or(refused)) if refused else part

    briefings: set[str] | None = None
    for part in needed:
        holding = {briefing_of[d] for _, d in kept(collect(searcher, filtered(without(part), flt)))}
        briefings = holding if briefings is None else briefings & holding
    hits = kept(collect(searcher, filtered(without(Or(needed)), flt)))
    return Matched([h for h in hits if briefing_of[h[1]] in (briefings or set())])
