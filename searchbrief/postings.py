"""Plain-word queries answered straight from the postings: words and phrases of one field.

Whoosh matches a phrase by building span objects for every document that holds
all its words, and ranks bare words side by side (:func:`searchbrief.query.parse_query`)
by running two more phrase matchers over every match.  For the queries most
people type (words and quoted phrases, ANDed) this module does the same work
in one pass: it intersects the words' postings, reads positions only where a
required phrase must be checked, and scores with Whoosh's own scorers, so a
document's score equals Whoosh's (up to the order of float additions).

Ranking phrases are not checked during the pass: each match gets the score
without them (``low``) and the most they could add (``high``), and
:meth:`Matches.exact` checks them for the few documents a page needs.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh.collectors import TimeLimit
from whoosh.query import And, AndMaybe, Or, Phrase, Term
from whoosh.scoring import WeightLengthScorer


@dataclass(frozen=True)
class Part:
    """A word (``slop`` 0) or a phrase whose words stand at most ``slop`` apart, in order."""

    words: tuple[str, ...]
    slop: int
    boost: float

    @property
    def phrase(self) -> bool:
        return self.slop != 0


@dataclass(frozen=True)
class Plan:
    """Documents holding every ``required`` part; ``bonuses`` only add to their scores."""

    fieldname: str
    required: tuple[Part, ...]
    bonuses: tuple[Part, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """Every distinct word of the required parts, in query order."""
        return tuple(dict.fromkeys(w for part in self.required for w in part.words))


def plan(query: Any, fields: tuple[str, ...]) -> Plan | None:
    """The plan for ``query`` when it is words and phrases of one of ``fields``; else None.

    Accepted: a word, a phrase, an ``And`` of them, and an ``AndMaybe`` of those
    with phrases (or an ``Or`` of phrases) as its optional side.
    """
    optional: list[Any] = []
    if type(query) is AndMaybe:
        side = query.b
        optional = list(side.subqueries) if type(side) is Or else [side]
        if side.boost != 1.0 or not all(type(p) is Phrase for p in optional):
            return None
        query = query.a
    parts = list(query.subqueries) if type(query) is And else [query]
    if query.boost != 1.0 or not all(type(p) in (Term, Phrase) for p in parts):
        return None
    names = {p.fieldname for p in parts + optional}
    if len(names) != 1 or not names <= set(fields):
        return None
    required = [_part(p) for p in parts]
    bonuses = [_part(p) for p in optional]
    if not required or any(not part.words for part in required + bonuses):
        return None
    words = {w for part in required for w in part.words}
    if any(not set(b.words) <= words for b in bonuses):
        return None  # a bonus's words are required words: that bounds what it adds
    return Plan(names.pop(), tuple(required), tuple(bonuses))


def _part(query: Any) -> Part:
    if type(query) is Term:
        return Part((query.text,), 0, float(query.boost))
    # Whoosh's phrases need each word 1 to ``slop`` places on: slop 0 never chains.
    slop = int(query.slop) if query.slop > 0 else -1
    return Part(tuple(query.words), slop, float(query.boost))


def chained(positions: list[list[int]], slop: int) -> bool:
    """Whether some position of each list follows one of the list before within ``slop``.

    Whoosh's ``SpanNear2`` with ``ordered=True`` and ``mindist=1``: each word
    stands 1 to ``slop`` positions after the one before it.
    """
    if slop < 1:
        return len(positions) < 2 and bool(positions and positions[0])
    reached = set(positions[0])
    for following in positions[1:]:
        if not reached:
            return False
        if slop == 1:
            reached = {p + 1 for p in reached}.intersection(following)
        else:
            reached = {q for q in following if any(q - d in reached for d in range(1, slop + 1))}
    return bool(reached)


@dataclass
class Matches:
    """Every document a plan matches, ascending, each with its score bounds."""

    plan: Plan
    docnums: list[int] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    _scores: list[tuple[float, ...]] = field(default_factory=list)
    _values: list[tuple[Any, ...]] = field(default_factory=list)
    _decode: Callable[[Any], list[int]] = list

    def exact(self, docnum: int) -> float:
        """The document's score with the ranking phrases it holds."""
        row = self._row(docnum)
        score = self.low[row]
        if not self.plan.bonuses:
            return score
        positions = self._positions(row)
        scores = dict(zip(self.plan.words, self._scores[row], strict=True))
        found = [
            bonus.boost * _tree_sum([scores[w] for w in bonus.words])
            for bonus in self.plan.bonuses
            if chained([positions[w] for w in bonus.words], bonus.slop)
        ]
        return score + _tree_sum(found) if found else score

    def positions(self, docnum: int) -> dict[str, list[int]]:
        """Where each of the plan's words stands in the document."""
        return self._positions(self._row(docnum))

    def _row(self, docnum: int) -> int:
        row = bisect_left(self.docnums, docnum)
        if row == len(self.docnums) or self.docnums[row] != docnum:
            raise KeyError(docnum)
        return row

    def _positions(self, row: int) -> dict[str, list[int]]:
        values = self._values[row]
        return {w: self._decode(v) for w, v in zip(self.plan.words, values, strict=True)}


def run(
    searcher: Any,
    the_plan: Plan,
    keep: Callable[[int], bool] | None = None,
    deadline: float | None = None,
) -> Matches:
    """Every document of ``searcher`` that ``the_plan`` matches and ``keep`` accepts."""
    matches = Matches(the_plan)
    for sub, offset in searcher.leaf_searchers():
        _run_segment(sub, offset, the_plan, searcher.weighting, keep, deadline, matches)
    return matches


def _run_segment(
    sub: Any,
    offset: int,
    the_plan: Plan,
    weighting: Any,
    keep: Callable[[int], bool] | None,
    deadline: float | None,
    out: Matches,
) -> None:
    reader, fieldname = sub.reader(), the_plan.fieldname
    fieldobj = sub.schema[fieldname]
    words = the_plan.words
    terms = [fieldobj.to_bytes(w) for w in words]
    if any((fieldname, t) not in reader for t in terms):
        return
    scorers = [weighting.scorer(sub, fieldname, t) for t in terms]
    fast = all(isinstance(s, WeightLengthScorer) for s in scorers)
    pairs = zip(terms, scorers, strict=True)
    matchers = [reader.postings(fieldname, t, scorer=s) for t, s in pairs]
    out._decode = fieldobj.format.decoder("positions") if fieldobj.format else list
    index = {w: i for i, w in enumerate(words)}
    required = [(part, [index[w] for w in part.words], part.boost) for part in the_plan.required]
    checks = [(idx, part.slop) for part, idx, _ in required if part.phrase]
    bonuses = [(b.boost, [index[w] for w in b.words]) for b in the_plan.bonuses]
    decode = out._decode
    by_size = sorted(range(len(words)), key=lambda i: reader.doc_frequency(fieldname, terms[i]))
    ordered = [matchers[i] for i in by_size]
    count = 0
    for docnum in _intersect(ordered):
        count += 1
        if deadline is not None and count & 1023 == 0 and time.monotonic() > deadline:
            raise TimeLimit
        if keep is not None and not keep(docnum + offset):
            continue
        values = tuple(m.value() for m in matchers)
        if checks:
            positions = [decode(v) for v in values]
            if not all(chained([positions[i] for i in idx], slop) for idx, slop in checks):
                continue
        if fast:
            length = sub.doc_field_length(docnum, fieldname, 1)
            scores = tuple(
                s._score(m.weight(), length) for s, m in zip(scorers, matchers, strict=True)
            )
        else:
            scores = tuple(m.score() for m in matchers)
        low = _tree_sum([boost * _tree_sum([scores[i] for i in idx]) for _, idx, boost in required])
        extra = sum(boost * _tree_sum([scores[i] for i in idx]) for boost, idx in bonuses)
        out.docnums.append(docnum + offset)
        out.low.append(low)
        out.high.append(low + extra)
        out._scores.append(scores)
        out._values.append(values)


def _intersect(matchers: list[Any]) -> Iterator[int]:
    """The documents every matcher holds (rarest first), each matcher left on it."""
    if not all(m.is_active() for m in matchers):
        return
    lead = matchers[0]
    target = lead.id()
    while True:
        for m in matchers:
            current = m.id()
            if current < target:
                m.skip_to(target)
                if not m.is_active():
                    return
                current = m.id()
            if current > target:
                target = current
                break
        else:
            yield target
            lead.next()
            if not lead.is_active():
                return
            target = lead.id()


def _tree_sum(values: list[float]) -> float:
    """A sum in the order of Whoosh's binary matcher trees (halves, recursively)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])
