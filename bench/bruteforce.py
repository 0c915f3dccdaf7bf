"""Reference matching by regular expression over the reader's cleaned text.

No stemming, no stop words: a phrase matches its words in order, whole words,
case-insensitively, with any non-word characters between them; bare words must
all occur as whole words. Set against this, an engine's counts show where it
over-matches (stemming, title hits) or under-matches (tokenization).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bench.queries import Term, parse_query, term_words
from searchbrief.documents.briefing import Briefing


def term_pattern(term: Term) -> re.Pattern[str]:
    r"""The term's lower-cased words joined by ``\W+``, whole words at both ends.

    The pattern is meant for lower-cased text. The opening word boundary is
    written ``w1(?<!\ww1)`` rather than ``\bw1``: it means the same, but lets
    ``re`` look for the literal first word, which is over ten times faster.
    """
    words = [re.escape(word.lower()) for word in term_words(term.text)]
    first = words[0]
    return re.compile(first + rf"(?<!\w{first})" + "".join(rf"\W+{w}" for w in words[1:]) + r"\b")


def query_patterns(query: str) -> list[re.Pattern[str]]:
    """One pattern per term of ``query``; a text must match them all."""
    return [term_pattern(term) for term in parse_query(query)]


def matches(text: str, patterns: list[re.Pattern[str]]) -> bool:
    """Whether ``text`` matches every pattern; an empty query matches nothing."""
    lowered = text.lower()
    return bool(patterns) and all(p.search(lowered) for p in patterns)


class BruteForce:
    """The corpus lower-cased once, for many reference queries."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        self._texts = [(b.briefing_id, b.text.lower()) for b in briefings]

    def matching(self, query: str) -> set[str]:
        """Ids of the briefings whose cleaned text matches ``query``."""
        patterns = query_patterns(query)
        if not patterns:
            return set()
        return {
            briefing_id
            for briefing_id, text in self._texts
            if all(p.search(text) for p in patterns)
        }


def matching_briefings(briefings: Iterable[Briefing], query: str) -> set[str]:
    """Ids of the briefings whose cleaned text matches ``query`` (one-off)."""
    return BruteForce(briefings).matching(query)
