"""Cutting a short passage around the best match, with highlight spans as data."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain
from operator import itemgetter

from searchbrief.engine.schema import WORD

#: About how many words of context a snippet shows.
SNIPPET_WORDS = 30
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s)")
_SLACK = 8  # words a snippet may grow to reach a sentence boundary
#: A run of two or more white space characters, or a line break or tab alone.
#: (Written to start with ``\s``: the engine then skips to white space in C.)
_WHITE_RUN = re.compile(r"\s(?:\s+|(?<=[\n\r\t]))")
#: ``\w`` and ``\W`` as sets that list the ASCII characters first: a character
#: found in the list is not looked up in the Unicode tables.
_W = r"[0-9A-Za-z_\w]"
_NON_W = r"[\x00-/:-@\[-^`{-\x7f\W]"
#: A run of words as WORD finds them: possessive, so no word is split to make up the count.
_SKIPPED = 32
_WORD_RUN = re.compile(rf"(?:{_NON_W}*+{_W}++){{{_SKIPPED}}}")
_START = itemgetter(0)
#: How many words one match of :func:`_word_group` bounds.
_GROUPED = 16
_UNSET = (-1, -1)  # the span of a group that took part in no match


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of a turn and the ``(start, end)`` character spans to highlight in it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def _bounds(text: str, upto: int | None = None, skip: int = 0) -> list[tuple[int, int]]:
    """Character bounds of the words of ``text`` (the first ``upto`` of them).

    Up to ``skip`` words may be passed over without their bounds: each stands
    in as an empty span where the last of them ends.
    """
    position, passed = 0, 0
    while passed + _SKIPPED <= skip:  # whole runs of words, matched in C
        run = _WORD_RUN.match(text, position)
        if run is None:
            break
        position, passed = run.end(), passed + _SKIPPED
    bounded = _words_from(text, position, None if upto is None else upto - passed)
    if not passed:
        return bounded
    # Stand-ins end before the first bounded word starts, so they sort before it.
    return [(position, position)] * passed + bounded


@cache
def _word_group() -> re.Pattern[str]:
    """Up to :data:`_GROUPED` words as WORD finds them, each its own group, in one match.

    Compiled on first use, which a run that shows no snippet need not pay for.
    """
    # Plain classes here: possessive ones would double the compile time for little gain.
    word = r"\W*+(\w++)"
    nested = f"{word}(?:" * (_GROUPED - 1) + word + ")?" * (_GROUPED - 1)
    return re.compile(nested)


def _words_from(text: str, position: int, count: int | None) -> list[tuple[int, int]]:
    """The bounds of the words of ``text`` from ``position`` on (the first ``count`` of them).

    The same as WORD.finditer's spans, read a group of words per match: a
    match costs as much as reading several words, so fewer matches save time.
    """
    group = _word_group().match
    out: list[tuple[int, int]] = []
    while count is None or len(out) < count:
        found = group(text, position)
        if found is None:
            break
        spans = found.regs[1:]
        if spans[-1] == _UNSET:  # the text has no more words than these
            out += spans[: spans.index(_UNSET)]
            break
        out += spans
        position = spans[-1][1]
    if count is not None:
        del out[max(0, count) :]
    return out


def char_spans(
    text: str, word_spans: list[tuple[int, int]], bounds: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Character spans of ``(first, last)`` word positions in ``text``."""
    if not word_spans:
        return []
    if bounds is None:
        bounds = _bounds(text, max(last for _, last in word_spans) + 1)
    final = len(bounds) - 1
    return [
        (bounds[first][0], bounds[last if last < final else final][1])
        for first, last in word_spans
        if first <= final
    ]


def _best_window(starts: list[int], count: int) -> int:
    """The first word of the ``count``-word window that holds the most matches.

    ``starts`` is ascending.
    """
    if len(starts) == 1:  # the window's one match stands a quarter of the way in
        return max(0, starts[0] - count // 4)
    best, best_hits = 0, -1
    for anchor in starts:
        begin = max(0, anchor - count // 4)
        hits = bisect_left(starts, begin + count) - bisect_left(starts, begin)
        if hits > best_hits:
            best, best_hits = begin, hits
    return best


def make_snippet(
    text: str, word_spans: list[tuple[int, int]], words: int = SNIPPET_WORDS
) -> Snippet:
    """About ``words`` words of ``text`` around its best match, cut at sentence or word ends."""
    first = _best_window([s for s, _ in word_spans], words) if word_spans else 0
    reach = first + words + _SLACK  # the last word the snippet may show
    needed = max([reach + 1] + [last + 1 for s, last in word_spans if s <= reach])
    bounds = _bounds(text, needed + 1, max(0, first - _SLACK))
    if len(bounds) <= needed and first == 0 and len(bounds) <= words + _SLACK:
        start, end = 0, len(text)
    else:
        total = len(bounds)
        first = max(0, min(first, total - words))
        last = min(first + words - 1, total - 1)
        start, end = bounds[first][0], bounds[last][1]
        start = _sentence_start(text, bounds, first, start)
        end = _sentence_end(text, bounds, last, end)
        if word_spans:
            start = _match_sentence(text, bounds, start, end, word_spans[0][0], words)
        start, end = _word_start(text, start), _word_end(text, end)
    spans = [
        (max(s, start), min(e, end))
        for s, e in char_spans(text, word_spans, bounds)
        if s < end and e > start
    ]
    return _render(text, start, end, spans)


#: Apostrophes, which join the parts of a word (``shouldn’t``) that WORD splits.
_APOSTROPHES = "'’"
_WORD_BEFORE = re.compile(r"\w+$")


def _word_start(text: str, start: int) -> int:
    """``start`` moved back to where its word begins, across apostrophes inside the word."""
    while start >= 2 and text[start - 1] in _APOSTROPHES and text[start - 2].isalnum():
        found = _WORD_BEFORE.search(text, max(0, start - 65), start - 1)
        if found is None:
            break
        start = found.start()
    return start


def _word_end(text: str, end: int) -> int:
    """``end`` moved on to where its word ends, across apostrophes inside the word."""
    while end + 1 < len(text) and text[end] in _APOSTROPHES and text[end - 1 : end].isalnum():
        found = WORD.match(text, end + 1)
        if found is None:
            break
        end = found.end()
    return end


def _sentence_start(text: str, bounds: list[tuple[int, int]], first: int, start: int) -> int:
    if first == 0:
        return 0
    floor = bounds[max(0, first - _SLACK)][0]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, start)]
    if ends:
        return _first_start(bounds, ends[-1])
    return 0 if first <= _SLACK else start


def _match_sentence(
    text: str, bounds: list[tuple[int, int]], start: int, end: int, match: int, words: int
) -> int:
    """Start at the match's own sentence when that leaves enough words to show."""
    if match >= len(bounds) or bounds[match][0] <= start:
        return start
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, bounds[match][0])]
    if not ends:
        return start
    begin = _first_start(bounds, ends[-1])
    shown = bisect_left(bounds, end, key=_START) - bisect_left(bounds, begin, key=_START)
    return begin if shown >= max(8, words // 3) else start


def _first_start(bounds: list[tuple[int, int]], offset: int) -> int:
    """Where the first word starting at or after ``offset`` starts."""
    return bounds[bisect_left(bounds, offset, key=_START)][0]


def _sentence_end(text: str, bounds: list[tuple[int, int]], last: int, end: int) -> int:
    if last >= len(bounds) - 1 and not WORD.search(text, end):
        return len(text)
    ceiling = bounds[min(len(bounds) - 1, last + _SLACK)][1]
    found = _SENTENCE_END.search(text, max(0, end - 1), ceiling + 1)
    return found.end() if found else end


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Snippet:
    """Slice ``text``, fold runs of white space to one space, add ellipses, shift spans."""
    body = text[start:end]
    prefix = ELLIPSIS if start > 0 else ""
    tail = body[-1:]
    suffix = ELLIPSIS if tail not in ".?!\"'”’)" and end < len(text.rstrip()) else ""
    moved = len(prefix) - start
    runs = [] if _nothing_to_fold(body) else [m.span() for m in _WHITE_RUN.finditer(body)]
    if not runs:  # offsets only move
        shown = tuple([(s + moved, e + moved) for s, e in spans if e > s])
        return Snippet(prefix + body + suffix, shown)
    # Each run of white space becomes one space: note where each ends, and by how much
    # the body has shrunk once past it.
    kept = [0, *chain.from_iterable(runs), len(body)]
    folded = " ".join([body[a:b] for a, b in zip(kept[::2], kept[1::2], strict=True)])
    cuts = [e for _, e in runs]
    removed = list(accumulate(e - s - 1 for s, e in runs))

    def shift(offset: int) -> int:
        i = bisect_right(cuts, offset - start)
        return offset + moved - (removed[i - 1] if i else 0)

    return Snippet(prefix + folded + suffix, tuple((shift(s), shift(e)) for s, e in spans if e > s))


def _nothing_to_fold(body: str) -> bool:
    """Whether ``body`` certainly has no white space that :data:`_WHITE_RUN` would fold.

    A quick test of most passages, in C: every white space character but the
    plain space is unprintable.
    """
    return body.isprintable() and "  " not in body
