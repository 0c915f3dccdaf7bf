"""Cutting a short passage around the best match, with highlight spans as data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchbrief.schema import WORD

#: About how many words of context a snippet shows.
SNIPPET_WORDS = 30
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s)")
_SLACK = 8  # words a snippet may grow to reach a sentence boundary


@dataclass(frozen=True)
class Snippet:
    """A passage of a turn and the ``(start, end)`` character spans to highlight in it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def char_spans(text: str, word_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans of ``(first, last)`` word positions in ``text``."""
    if not word_spans:
        return []
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    out = []
    for first, last in word_spans:
        if first < len(words):
            out.append((words[first][0], words[min(last, len(words) - 1)][1]))
    return out


def _best_window(starts: list[int], count: int) -> int:
    """The first word of the ``count``-word window that holds the most matches."""
    best, best_hits = 0, -1
    for anchor in starts:
        begin = max(0, anchor - count // 4)
        hits = sum(1 for s in starts if begin <= s < begin + count)
        if hits > best_hits:
            best, best_hits = begin, hits
    return best


def make_snippet(
    text: str, word_spans: list[tuple[int, int]], words: int = SNIPPET_WORDS
) -> Snippet:
    """About ``words`` words of ``text`` around its best match, cut at sentence or word ends."""
    bounds = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if len(bounds) <= words + _SLACK:
        start, end = 0, len(text)
    else:
        first = _best_window([s for s, _ in word_spans], words)
        first = min(first, len(bounds) - words)
        last = first + words - 1
        start, end = bounds[first][0], bounds[last][1]
        start = _sentence_start(text, bounds, first, start)
        end = _sentence_end(text, bounds, last, end)
    spans = [
        (max(s, start), min(e, end))
        for s, e in char_spans(text, word_spans)
        if s < end and e > start
    ]
    return _render(text, start, end, spans)


def _sentence_start(text: str, bounds: list[tuple[int, int]], first: int, start: int) -> int:
    if first == 0:
        return 0
    floor = bounds[max(0, first - _SLACK)][0]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, start)]
    if ends:
        return next(b[0] for b in bounds if b[0] >= ends[-1])
    return 0 if first <= _SLACK else start


def _sentence_end(text: str, bounds: list[tuple[int, int]], last: int, end: int) -> int:
    if last >= len(bounds) - 1:
        return len(text)
    ceiling = bounds[min(len(bounds) - 1, last + _SLACK)][1]
    found = _SENTENCE_END.search(text, max(0, end - 1), ceiling + 1)
    return found.end() if found else end


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Snippet:
    """Slice ``text``, fold paragraph breaks to spaces, add ellipses, shift spans."""
    body = text[start:end]
    prefix = ELLIPSIS if start > 0 else ""
    out: list[str] = [prefix]
    offsets: list[int] = []  # new offset of each character of body
    pos = len(prefix)
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in "\n\r\t ":
            j = i
            while j < len(body) and body[j] in "\n\r\t ":
                offsets.append(pos)
                j += 1
            out.append(" ")
            pos += 1
            i = j
            continue
        offsets.append(pos)
        out.append(ch)
        pos += 1
        i += 1
    offsets.append(pos)
    tail = body[-1:] if body else ""
    suffix = ELLIPSIS if end < len(text.rstrip()) and tail not in ".?!\"'”’)" else ""
    new_spans = tuple((offsets[s - start], offsets[e - start]) for s, e in spans if e > s)
    return Snippet("".join(out) + suffix, new_spans)
