"""``BriefingIndex``: the public face of searchbrief as a library.

It only wires the pieces together: reading is :mod:`searchbrief.documents.reader`, writing
:mod:`searchbrief.indexing.update`, querying :mod:`searchbrief.search.run`.  No Whoosh type
appears in its signatures.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from searchbrief import config
from searchbrief.engine import directory as store
from searchbrief.engine import stemming
from searchbrief.engine.stemming import StemTable
from searchbrief.errors import QuerySyntaxError
from searchbrief.search import run as search
from searchbrief.search.results import SearchResult

if TYPE_CHECKING:  # what the other methods return: a query does not import them
    from searchbrief.indexing.report import IndexReport
    from searchbrief.reports.model import Citation, IndexStats, SpeakerRanking, Timeline
    from searchbrief.reports.people import SpeakerEntry

PathLike = str | os.PathLike[str]
#: A search suggests a spelling when fewer briefings than this match.
SUGGEST_BELOW = 3
_RETRIES = 20
DateLike = dt.date | str | None
Names = str | Sequence[str] | None


def _names(value: Names) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _date(value: DateLike, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QuerySyntaxError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None


class BriefingIndex:
    """A searchable index of briefings on disk.

    Open one with :meth:`open` (or :meth:`create`, :meth:`build`) and keep it:
    its searcher is reused across calls and refreshed when the index changes.
    One instance may be shared between threads: each thread searches with a
    searcher of its own (a Whoosh searcher reads its files through positions
    it keeps, which threads must not share).
    """

    def __init__(self, directory: Path, ix: Any) -> None:
        self.directory = directory
        self._ix = ix
        self._local = threading.local()  # this thread's session
        self._lock = threading.Lock()  # guards the two below
        # Every live thread's session, for close(); a thread's goes when the thread does.
        self._sessions: weakref.WeakSet[search.Session] = weakref.WeakSet()
        self._stems: StemTable | None = None

    @classmethod
    def open(cls, path: PathLike | None = None) -> BriefingIndex:
        """Open an existing index (``path``, else ``$SEARCHBRIEF_INDEX``, else ``index/``)."""
        directory = config.index_dir(path)
        return cls(directory, store.open_index(directory))

    @classmethod
    def create(cls, path: PathLike | None = None) -> BriefingIndex:
        """Open the index at ``path``, creating an empty one if there is none.

        An index of another format there is :class:`IndexOutdatedError`: a new
        one beside it would hide it (``build(..., rebuild=True)`` replaces it).
        """
        directory = config.index_dir(path)
        store.check_current(directory)
        return cls._opened_or_created(directory)

    @classmethod
    def _opened_or_created(cls, directory: Path) -> BriefingIndex:
        if store.exists(directory):
            return cls(directory, store.open_index(directory, for_writing=True))
        return cls(directory, store.create_index(directory))

    @classmethod
    def build(
        cls,
        path: PathLike | None,
        sources: Sequence[PathLike],
        *,
        rebuild: bool = False,
        allow_empty: bool = False,
        wait: float = 0.0,
        progress: Callable[[int, int], None] | None = None,
        follow_symlinks: bool = False,
        max_size: int | None = None,
    ) -> tuple[BriefingIndex, IndexReport]:
        """Create or update the index at ``path`` from ``sources`` (see :meth:`update`).

        With ``rebuild``, an index of another format there is replaced: its
        files are deleted once the new one is committed.
        """
        index = cls._opened_or_created(config.index_dir(path)) if rebuild else cls.create(path)
        report = index.update(
            sources,
            rebuild=rebuild,
            allow_empty=allow_empty,
            wait=wait,
            progress=progress,
            follow_symlinks=follow_symlinks,
            max_size=max_size,
        )
        return index, report

    def update(
        self,
        sources: Sequence[PathLike],
        *,
        rebuild: bool = False,
        allow_empty: bool = False,
        wait: float = 0.0,
        progress: Callable[[int, int], None] | None = None,
        follow_symlinks: bool = False,
        max_size: int | None = None,
    ) -> IndexReport:
        """Add new, replace changed and remove vanished briefings of ``sources``.

        Unchanged files are skipped; a file that fails to read is reported and
        its previously indexed version kept; briefings are removed only when
        their file under one of ``sources`` is gone.  A missing or empty source
        raises unless ``allow_empty``.  Waits up to ``wait`` seconds for another
        writer, then raises :class:`IndexLockedError`.  ``rebuild`` starts from
        nothing, switching over only when the new index is complete.  A symbolic
        link out of its source, a broken one and a loop are skipped and listed in
        the report's ``skipped``, unless ``follow_symlinks`` (then a link out of
        its source is indexed too).  A file over ``max_size`` bytes (default:
        ``searchbrief.config.MAX_SIZE``) fails with its size named.
        """
        from searchbrief.indexing import update as indexer  # reading briefings: not needed to query

        report = indexer.update(
            self._ix,
            self.directory,
            [Path(s) for s in sources],
            rebuild=rebuild,
            allow_empty=allow_empty,
            wait=wait,
            progress=progress,
            follow_symlinks=follow_symlinks,
            **({} if max_size is None else {"max_size": max_size}),
        )
        return report  # the next search in each thread refreshes its searcher

    def _current(self) -> search.Session:
        """This thread's session, opened on first use and renewed when the index has changed."""
        if self._stems is None:
            self._attach_stems()
        session: search.Session | None = getattr(self._local, "session", None)
        for attempt in range(_RETRIES):
            try:
                if session is None:
                    fresh = search.Session(self._ix.searcher())
                else:
                    searcher = session.searcher.refresh()
                    if searcher is session.searcher:
                        return session
                    fresh = search.Session(searcher)
                break
            except FileNotFoundError:
                # A writer committed and removed old files between our reads: retry.
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        with self._lock:
            if session is not None:
                self._sessions.discard(session)
            self._sessions.add(fresh)
        # The old searcher is not closed: the new one reuses the readers of the
        # segments both hold, and Whoosh closes the others as it refreshes.
        self._local.session = fresh
        return fresh

    def _attach_stems(self) -> None:
        with self._lock:
            if self._stems is None:
                self._stems = store.stem_table(self.directory)
                if self._stems is not None:
                    stemming.attach(self._stems)

    def search(self, text: str, **options: Unpack[SearchOptions]) -> SearchResult:
        """Search ``text``; every option is keyword-only (see :class:`SearchOptions`).

        Briefings best first, ten of them, each with its best turns; ``by="turn"``
        lists turns instead; ``limit=None`` (or 0) returns every match.
        ``context=N`` gives each shown turn the N turns before and after it,
        ``exchange=True`` its whole exchange (the question and every answer);
        ``reply_to`` keeps only answers to reporters' questions that match it,
        each with that question.
        """
        return search.run(self._current(), _request(text, options))

    def stats(self) -> IndexStats:
        """Counts, date range, categories and top speakers of the index."""
        from searchbrief.reports import stats  # not needed to query

        return stats.collect(self._current().searcher, self.directory)

    def close(self) -> None:
        """Close every thread's searcher and the stem table (a later call opens them again).

        Call it when no other thread is searching: a search it overtakes fails.
        """
        with self._lock:
            sessions, self._sessions = list(self._sessions), weakref.WeakSet()
            stems, self._stems = self._stems, None
            self._local = threading.local()
        for session in sessions:
            session.searcher.close()
        if stems is not None:
            stemming.detach(stems)
            stems.close()

    def __enter__(self) -> BriefingIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Who, when, how often: searchbrief.reports.analyses; quotes, spelling and explanations.

    def timeline(self, text: str, *, by: str = "month", **filters: Unpack[Filters]) -> Timeline:
        """Matching turns, briefings and the rate per 10,000 words spoken, per ``by`` period."""
        from searchbrief.reports import analyses as analysis  # the analyses are not needed to query

        return analysis.timeline(self._current(), _request(text, filters), by=by)

    def first(
        self,
        text: str,
        *,
        last: bool = False,
        by_speaker: bool = False,
        limit: int | None = 10,
        **filters: Unpack[Filters],
    ) -> SearchResult:
        """The earliest uses (latest with ``last``), overall or each speaker's first (or last)."""
        from searchbrief.reports import analyses as analysis  # the analyses are not needed to query

        request = _request(text, filters)
        return analysis.first_uses(
            self._current(), request, last=last, by_speaker=by_speaker, limit=limit
        )

    def speakers(
        self, text: str, *, limit: int | None = 20, **filters: Unpack[Filters]
    ) -> SpeakerRanking:
        """Who says it most: turns, briefings, role, first and last day per speaker."""
        from searchbrief.reports import analyses as analysis  # the analyses are not needed to query

        return analysis.speakers(self._current(), _request(text, filters), limit=limit)

    def people(self) -> tuple[SpeakerEntry, ...]:
        """Every speaker key in the index, with its name, roles, turns and briefings."""
        from searchbrief.reports import people  # only the people command asks

        return people.people(self._current())

    def cite(self, turn_id: str) -> Citation:
        """The exact words of a turn and their attribution; ``TurnNotFoundError`` if none."""
        from searchbrief.reports import cite  # not needed to query

        return cite.citation(self._current().searcher, turn_id)

    def suggest(self, text: str) -> str | None:
        """``text`` with rare, misspelt words replaced by frequent close ones, else ``None``."""
        from searchbrief.query import suggest  # only queries with few hits ask for a spelling

        return suggest.suggestion(text, self._current().reader, self.directory)

    def notes(
        self,
        text: str,
        result: SearchResult,
        *,
        explain: bool = False,
        **options: Unpack[SearchOptions],
    ) -> dict[str, str]:
        """What a search shows beside ``result``: ``explain`` if asked, a spelling on few hits.

        A spelling is sought when fewer than :data:`SUGGEST_BELOW` briefings match.
        """
        found: dict[str, str] = {}
        if explain:
            found["explain"] = self.explain(text, **options)
        if result.total < SUGGEST_BELOW:
            suggestion = self.suggest(text)
            if suggestion:
                found["suggestion"] = suggestion
        return found

    def explain(self, text: str, **options: Unpack[SearchOptions]) -> str:
        """How :meth:`search` understands ``text`` and its options, in plain words."""
        from searchbrief.query import suggest  # only --explain asks
        from searchbrief.reports import analyses as analysis

        explained = analysis.explained(self._current(), _request(text, options))
        related = suggest.related_forms(text, self.directory)
        return explained + "".join(
            f"\nother forms of {word!r} in the index, not matched: {', '.join(forms)}"
            f" ({word.lower()}* finds them)"
            for word, forms in related
        )


class Filters(TypedDict, total=False):
    """The options that narrow the turns a query matches, for every method that takes a query.

    ``speaker``, ``role`` and ``category`` take one value or several (any of
    them matches); ``since`` and ``until`` a date or ``YYYY-MM-DD`` (both
    inclusive); ``exact`` matches words without stemming; ``now`` is the day
    relative dates (``date:yesterday``) count from; ``reply_to`` keeps answers
    to reporters' questions that match it; ``spoken`` keeps only spoken turns
    and ``written`` only written statements (both, or neither: every turn);
    ``scope="briefing"`` lets a query's words be in different turns of one
    briefing (each shown turn holds one of them), ``"turn"`` (the default)
    wants them all in one turn.
    """

    speaker: Names
    role: Names
    since: DateLike
    until: DateLike
    category: Names
    exact: bool
    spoken: bool
    written: bool
    now: dt.datetime | None
    reply_to: str | None
    scope: str


class SearchOptions(Filters, total=False):
    """Every option of :meth:`BriefingIndex.search`, with the filters.

    ``sort``: ``relevance`` (the default), ``newest`` or ``oldest``; ``limit``:
    how many results (10; ``None`` or 0 for all); ``offset``: how many to skip;
    ``by``: ``briefing`` (the default) or ``turn``; ``context``: turns shown
    before and after each hit; ``exchange``: show each hit's whole exchange;
    ``full_text``: each shown turn's whole text besides its snippet.
    """

    sort: str
    limit: int | None
    offset: int
    by: str
    context: int
    exchange: bool
    full_text: bool


#: The options :func:`_request` converts; every other one is the request's field of that name.
_CONVERTED = frozenset({"speaker", "role", "since", "until", "category", "exact"})


def _request(text: str, options: Filters | SearchOptions) -> search.Request:
    """The one place a search request is built, from a method's keyword options."""
    unknown = sorted(set(options) - SearchOptions.__optional_keys__)
    if unknown:  # what a signature with named parameters would refuse
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    extra = {key: value for key, value in options.items() if key not in _CONVERTED}
    return search.Request(
        text=text,
        speakers=_names(options.get("speaker")),
        roles=_names(options.get("role")),
        since=_date(options.get("since"), "since"),
        until=_date(options.get("until"), "until"),
        categories=_names(options.get("category")),
        exact=bool(options.get("exact", False)),
        **extra,  # type: ignore[arg-type]
    )
