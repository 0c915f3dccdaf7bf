"""Plain-word queries answered straight from the postings: words and phrases of one field.

What it accelerates: a query that is words and quoted phrases (``"..."``,
``"..."~N``) of the ``text`` field, all required, each word or phrase with its
own boost if any (``word^2``), as :func:`searchbrief.query.parse.parse_query`
makes of most queries people type, including the ranking phrases it adds for
bare words side by side (an ``AndMaybe`` whose optional side is phrases of
required words).  The search options ``speakers``, ``roles``, ``categories``,
``since`` and ``until`` narrow it here too (:class:`Members`, a date test).
:func:`plan` accepts exactly these; :func:`searchbrief.search.run.matched_turns`
asks it first.  Everything else runs through Whoosh's matchers: ``OR``,
``NOT``, ``-word``, ``ANDMAYBE`` and the other operators, prefixes and
wildcards, any ``field:`` in the query (``title:``, ``speaker:``, ``date:``),
a lone ``*``, exact words (``exact:``, ``exact=True``) and ``reply_to``.

Whoosh matches a phrase by building span objects for every document that holds
all its words, and ranks bare words side by side by running two more phrase
matchers over every match.  This module does the same work in one pass: it
intersects the words' postings, checks positions only where a required phrase
needs them (:mod:`searchbrief.engine.phrases`), and scores with Whoosh's
formula, adding words' scores in the order Whoosh's matcher trees add them
(:mod:`searchbrief.engine.column_scores`), so a document's score is Whoosh's.

A phrase of two common words is answered by its pair term (:mod:`searchbrief.engine.pairs`)
without positions, and a longer one's pairs narrow the documents whose
positions are checked; a word that no other part needs is then read from the
``common`` field (its counts, without positions), not from ``text``.

Ranking phrases are not checked during the pass: each match gets the score
without them (``low``) and the most they could add (``high``), and
:meth:`Matches.exact` checks them for the few documents a page needs.  Only
a segment with few matches (:data:`EAGER_MOST`) has them checked at once: a
page would need most of them anyway.

``tests/test_matching.py`` holds this path equal to Whoosh's: it runs each
query both ways (Whoosh's with :func:`plan` answering None) and compares the
turns and their scores, with filters, dates, other weightings and ranking
phrases checked eagerly and lazily; ``test_other_queries_have_no_plan`` lists
queries that take Whoosh's path.  (``tests/test_plain_queries.py`` tests
another shortcut: reading plain query text without Whoosh's parser.)
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import add
from typing import Any

from whoosh.collectors import TimeLimit
from whoosh.query import And, AndMaybe, Or, Phrase, Term

from searchbrief.engine.column_scores import columns_sum, parts_sum, score_rows, tree_sum
from searchbrief.engine.pairs import phrase_pairs
from searchbrief.engine.phrases import chained, chained_rows
from searchbrief.engine.posting_blocks import (
    PostingList,
    Tick,
    positions_decoder,
    read_among,
    term_info,
)
from searchbrief.engine.schema import pair_field


@dataclass(frozen=True, slots=True)
class Part:
    """A word (``slop`` 0) or a phrase whose words stand at most ``slop`` apart, in order."""

    words: tuple[str, ...]
    slop: int
    boost: float

    @property
    def phrase(self) -> bool:
        return self.slop != 0


@dataclass(frozen=True, slots=True)
class Plan:
    """Documents holding every ``required`` part; ``bonuses`` only add to their scores.

    ``words`` is every distinct word of the required parts, in query order;
    ``loosest_first`` orders the bonuses for checking (see :func:`_loosest_first`).
    """

    fieldname: str
    required: tuple[Part, ...]
    bonuses: tuple[Part, ...] = ()
    # Derived from the fields above, so left out of comparisons.
    words: tuple[str, ...] = field(init=False, compare=False)
    loosest_first: list[tuple[int, list[int], int, int | None]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        words = tuple(dict.fromkeys(w for part in self.required for w in part.words))
        # Frozen: derived fields are set as the dataclass's own __init__ sets fields.
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "loosest_first", _loosest_first(words, self.bonuses))


def _loosest_first(
    words: tuple[str, ...], bonuses: tuple[Part, ...]
) -> list[tuple[int, list[int], int, int | None]]:
    """Each bonus, loosest first: its index, its words' indexes in ``words``, its slop.

    And the index of the nearest looser bonus of the same words, if any: a
    tighter phrase chains only where that one does.
    """
    index = {w: i for i, w in enumerate(words)}
    order = sorted(range(len(bonuses)), key=lambda i: -bonuses[i].slop)
    looser: dict[tuple[str, ...], int] = {}
    found = []
    for i in order:
        bonus = bonuses[i]
        found.append((i, [index[w] for w in bonus.words], bonus.slop, looser.get(bonus.words)))
        looser[bonus.words] = i
    return found


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


@dataclass(slots=True)
class Matches:
    """Every document a plan matches, ascending, each with its score bounds.

    A document whose ranking phrases were checked as it was found has no
    ``_bonuses``: its bounds are its score.
    """

    plan: Plan
    docnums: list[int] = field(init=False, default_factory=list)
    low: list[float] = field(init=False, default_factory=list)
    high: list[float] = field(init=False, default_factory=list)
    # What each bonus adds, for each document.
    _bonuses: list[tuple[float, ...]] = field(init=False, default_factory=list)
    _values: list[tuple[Any, ...]] = field(init=False, default_factory=list)
    _decode: Callable[[Any], list[int]] = field(init=False, default=list)

    def exact(self, docnum: int) -> float:
        """The document's score with the ranking phrases it holds."""
        row = self._row(docnum)
        score = self.low[row]
        if not self.plan.bonuses or not self._bonuses[row]:
            return score  # no ranking phrases, or already checked (see _run_segment)
        values = self._values[row]
        return _with_bonuses(self.plan, list(map(self._decode, values)), score, self._bonuses[row])

    def positions(self, docnum: int) -> dict[str, list[int]]:
        """Where each of the plan's words stands in the document, if read (see ``_Pairs``)."""
        return self._positions(self._row(docnum))

    def _row(self, docnum: int) -> int:
        row = bisect_left(self.docnums, docnum)
        if row == len(self.docnums) or self.docnums[row] != docnum:
            raise KeyError(docnum)
        return row

    def _positions(self, row: int) -> dict[str, list[int]]:
        """Where each word stands, but those whose positions were not read (their counts were)."""
        values = self._values[row]
        words = zip(self.plan.words, values, strict=True)
        return {w: self._decode(v) for w, v in words if v is not None}


def _with_bonuses(
    the_plan: Plan, positions: list[list[int]], low: float, extras: tuple[float, ...]
) -> float:
    """``low`` plus what each bonus that chains adds (``extras``, in the plan's order)."""
    held = held_bonuses(the_plan, positions)
    found = [extra for extra, holds in zip(extras, held, strict=True) if holds]
    return low + tree_sum(found) if found else low


def held_bonuses(the_plan: Plan, positions: list[list[int]]) -> list[bool]:
    """Whether each bonus chains, given each of the plan's words' positions."""
    held = [False] * len(the_plan.bonuses)
    for i, idx, slop, looser in the_plan.loosest_first:
        if looser is None or held[looser]:
            held[i] = chained(list(map(positions.__getitem__, idx)), slop)
    return held


def run(
    searcher: Any,
    the_plan: Plan,
    keep: Callable[[int], bool] | None = None,
    deadline: float | None = None,
) -> Matches:
    """Every document of ``searcher`` that ``the_plan`` matches and ``keep`` accepts."""
    matches = Matches(the_plan)
    pairs = _pairs(searcher.schema, the_plan)
    for sub, offset in searcher.leaf_searchers():
        _run_segment(sub, offset, the_plan, pairs, searcher.weighting, keep, deadline, matches)
    return matches


@dataclass(frozen=True, slots=True)
class _Pairs:
    """What the index's common words tell of a plan (see :mod:`searchbrief.engine.pairs`).

    ``terms``: the pair terms its required phrases hold, in the ``fieldname``
    field.  ``answered``: the phrases (indexes into ``Plan.required``) that
    their single pair decides; ``chains``: those all of whose two or more
    words' pairs are indexed, each with its pairs (indexes into ``terms``),
    checked on the pairs' positions.  ``counted``: the common words (indexes
    into ``Plan.words``) whose counts are read from the ``counts`` field
    (``common``), not with their positions: no phrase's positions are checked
    with them (each is a bare word or stands in decided phrases), and the plan
    has no ranking phrases.
    """

    fieldname: str = ""
    counts: str = ""
    terms: tuple[bytes, ...] = ()
    answered: frozenset[int] = frozenset()
    chains: tuple[tuple[int, tuple[int, ...]], ...] = ()
    counted: frozenset[int] = frozenset()

    @property
    def decided(self) -> frozenset[int]:
        """The phrases the pairs decide, alone or as a chain: no word positions checked."""
        return self.answered | {i for i, _ in self.chains}


def _pairs(schema: Any, the_plan: Plan) -> _Pairs:
    """The pair terms of the plan's phrases that stand side by side (slop 1), if indexed."""
    fieldname, counts, common = pair_field(schema, the_plan.fieldname)
    if not common:
        return _Pairs()
    terms: dict[bytes, int] = {}
    answered = set()
    chains = []
    for i, part in enumerate(the_plan.required):
        if part.slop != 1 or len(part.words) < 2:
            continue
        held = [term.encode("utf-8") for term in phrase_pairs(part.words, common) if term]
        for term in held:
            terms.setdefault(term, len(terms))
        if len(held) == len(part.words) - 1:  # every pair indexed
            if len(held) == 1:
                answered.add(i)
            else:
                chains.append((i, tuple(terms[term] for term in held)))
    found = _Pairs(fieldname, counts, tuple(terms), frozenset(answered), tuple(chains))
    if the_plan.bonuses:
        return found
    required = enumerate(the_plan.required)
    needed = {w for i, p in required if p.phrase and i not in found.decided for w in p.words}
    counted = {i for i, w in enumerate(the_plan.words) if w not in needed and w in common}
    return replace(found, counted=frozenset(counted))


def _run_segment(
    sub: Any,
    offset: int,
    the_plan: Plan,
    pairs: _Pairs,
    weighting: Any,
    keep: Callable[[int], bool] | None,
    deadline: float | None,
    out: Matches,
) -> None:
    reader, fieldname = sub.reader(), the_plan.fieldname
    fieldobj = sub.schema[fieldname]
    words = the_plan.words
    terms = [fieldobj.to_bytes(w) for w in words]
    keys = [(pairs.counts if i in pairs.counted else fieldname, t) for i, t in enumerate(terms)]
    keys += [(pairs.fieldname, t) for t in pairs.terms]
    infos = [term_info(reader, name, t) for name, t in keys]
    if any(info is None for info in infos):
        return
    lists = _intersection(reader, keys, infos, _ticker(deadline))
    if not lists:
        return  # no document holds every word
    docnums = lists[0].ids
    if keep is not None:
        lists = _narrowed(lists, [row for row, d in enumerate(docnums) if keep(d + offset)])
        docnums = lists[0].ids
    if not docnums:
        return
    out._decode = decode = positions_decoder(fieldobj.format)
    index = {w: i for i, w in enumerate(words)}
    decided = pairs.decided
    checks = [
        ([index[w] for w in p.words], p.slop, decode)
        for i, p in enumerate(the_plan.required)
        if p.phrase and i not in decided
    ]
    if pairs.chains:  # a phrase's pairs, each at the next word: a phrase of pairs
        of_pairs = positions_decoder(sub.schema[pairs.fieldname].format)
        first = len(terms)
        checks += [([first + k for k in chain], 1, of_pairs) for _, chain in pairs.chains]
    for idx, slop, decoder in checks:
        lists = _narrowed(lists, chained_rows([lists[i].values for i in idx], slop, decoder))
    # The pairs' postings only decide documents: they are dropped now.
    lists = lists[: len(terms)]
    docnums = lists[0].ids
    columns = score_rows(sub, fieldname, terms, weighting, lists)
    low = parts_sum([(p.boost, [index[w] for w in p.words]) for p in the_plan.required], columns)
    values = list(zip(*[pl.values for pl in lists], strict=True))  # for highlighting too
    out.docnums.extend(map(offset.__add__, docnums))
    out._values.extend(values)
    if not the_plan.bonuses:
        out.low.extend(low)
        out.high.extend(low)
        return
    bonuses = [
        parts_sum([(b.boost, [index[w] for w in b.words])], columns) for b in the_plan.bonuses
    ]
    if len(docnums) > EAGER_MOST:
        out.low.extend(low)
        out.high.extend(map(add, low, columns_sum(bonuses)))
        out._bonuses.extend(zip(*bonuses, strict=True))
        return
    # Few documents: most would be checked while ranking, at more cost each than here.
    exact = [
        _with_bonuses(the_plan, list(map(decode, row)), score, extras)
        for row, score, extras in zip(values, low, zip(*bonuses, strict=True), strict=True)
    ]
    out.low.extend(exact)
    out.high.extend(exact)
    out._bonuses.extend(repeat((), len(exact)))  # nothing left to check


#: A segment's matches up to this many get their ranking phrases checked as
#: they are found; more are checked only when a page may need them.
EAGER_MOST = 64


def _intersection(
    reader: Any, keys: list[tuple[str, bytes]], infos: list[Any], tick: Tick | None
) -> list[PostingList]:
    """Each term's postings in the documents holding every term, in ``keys`` order.

    ``keys`` are ``(field, term)``; ``infos`` holds each one's :func:`term_info`.
    The rarest term is read whole; each next one only in the blocks that can
    hold a document every term before it holds.
    """
    by_size = sorted(range(len(keys)), key=lambda i: infos[i].doc_frequency())
    read: dict[int, PostingList] = {}
    wanted: list[int] | None = None
    for i in by_size:
        fieldname, term = keys[i]
        read[i] = read_among(reader, fieldname, term, wanted, tick, infos[i])
        wanted = read[i].ids
        if not wanted:
            return []
    assert wanted is not None
    return [_aligned(read[i], wanted) for i in range(len(keys))]


def _aligned(posting_list: PostingList, docnums: list[int]) -> PostingList:
    """The postings of ``docnums`` (all held by ``posting_list``), in that order."""
    if len(posting_list.ids) == len(docnums):
        return posting_list
    ids = posting_list.ids
    if len(docnums) * 4 <= len(ids):  # a few of many: cheaper found by bisection
        return posting_list.rows(list(map(bisect_left, repeat(ids, len(docnums)), docnums)))
    row_of = dict(zip(ids, range(len(ids)), strict=True))
    return posting_list.rows(list(map(row_of.__getitem__, docnums)))


def _narrowed(lists: list[PostingList], rows: list[int]) -> list[PostingList]:
    """The (aligned) lists kept to ``rows``."""
    if len(rows) == len(lists[0].ids):
        return lists
    return [posting_list.rows(rows) for posting_list in lists]


def _ticker(deadline: float | None) -> Tick | None:
    """A check, run once per block read, that the query has not run out of time."""
    if deadline is None:
        return None

    def tick() -> None:
        if time.monotonic() > deadline:
            raise TimeLimit

    return tick


class Members:
    """Whether each document, asked in ascending order, matches a filter query.

    Reads only the filter's postings near the documents asked about, so a
    broad filter costs no more than the matches it is asked about.
    """

    def __init__(self, searcher: Any, query: Any) -> None:
        self._query = query
        self._segments = sorted(((o, s) for s, o in searcher.leaf_searchers()), key=_first)
        self._next = 0  # the next segment to open
        self._end = -1  # the current segment's documents are below this
        self._offset = 0
        self._sub: Any = None
        self._matcher: Any = None

    def __call__(self, docnum: int) -> bool:
        while docnum >= self._end:
            if self._next == len(self._segments):
                return False
            self._offset, self._sub = self._segments[self._next]
            self._next += 1
            self._end = self._offset + self._sub.doc_count_all()
            self._matcher = None
        if self._matcher is None:
            self._matcher = self._query.matcher(self._sub, self._sub.boolean_context())
        matcher, local = self._matcher, docnum - self._offset
        if not matcher.is_active():
            return False
        if matcher.id() < local:
            matcher.skip_to(local)
            if not matcher.is_active():
                return False
        return bool(matcher.id() == local)


def _first(item: tuple[int, Any]) -> int:
    return item[0]
