"""Word pairs: two adjacent common words kept as one term.

A phrase is matched by checking word positions in every turn that holds all
its words.  For a phrase with a rare word those turns are few; for ``"the
President"`` they are a third of the corpus, and checking them was most of
the query's time.  So the ``pairs`` field indexes each two adjacent words that
are both common (:data:`COMMON_WORDS`) as one term, ``"the presid"``, without
positions, as Lucene's common grams do.  A turn holds that term exactly when
the two words stand side by side in it: a two-word phrase of common words
needs no positions at all, and a longer one checks them only in the turns
holding all its pairs.

A pair with an uncommon word is not indexed: the turns holding that word are
few enough to check, and indexing it would add a term for every word that
follows "the".  The set of common words is kept in the index's schema
(stemmed, as terms are), so a query asks the index it searches which pairs
it holds.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

#: Words frequent enough in spoken English, or in the briefing room, that a
#: phrase of two of them is expensive to check from positions: function words,
#: the parts of contractions and the words of nearly every briefing.  Stemmed
#: when an index is made (``presid``, ``peopl``).
# fmt: off
COMMON_WORDS: tuple[str, ...] = (
    # articles, pronouns and determiners
    "a", "an", "the", "this", "that", "these", "those", "i", "me", "my", "we", "us", "our",
    "you", "your", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their",
    "what", "which", "who", "whom", "whose", "all", "any", "some", "no", "not", "every",
    "each", "other", "more", "most", "much", "many", "one",
    # prepositions and conjunctions
    "of", "to", "in", "on", "at", "by", "for", "from", "with", "about", "into", "over",
    "after", "before", "up", "out", "off", "as", "and", "or", "but", "if", "so", "than",
    "then", "there", "here", "when", "where", "why", "how", "because", "while",
    # auxiliaries
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
    "have", "has", "had", "will", "would", "can", "could", "should", "may", "might",
    "must", "shall",
    # contractions: ``don't`` is ``don t``, ``we're`` is ``we re``
    "s", "t", "re", "ve", "ll", "d", "m", "don", "didn", "doesn", "isn", "aren", "wasn",
    "won", "haven", "let",
    # the commonest other words of the briefing room
    "president", "people", "going", "think", "know", "just", "very", "also", "well",
    "thank", "question", "said", "say", "get", "make", "take", "want", "need", "see",
    "look", "come", "talk", "like", "work", "continue", "now", "today", "time", "year",
    "day", "week", "first", "last", "next", "back", "right", "way", "new", "good",
    "thing", "lot", "sure", "american", "america", "united", "states", "state",
    "country", "white", "house", "administration", "government", "secretary", "world",
)
# fmt: on


def pair_term(first: str, second: str) -> str:
    """The term of two adjacent words: ``"the presid"`` (terms never hold a space)."""
    return f"{first} {second}"


def phrase_pairs(words: Sequence[str], common: Collection[str]) -> list[str | None]:
    """For each two adjacent words of a phrase, their pair term if the index holds it, else None."""
    return [
        pair_term(first, second) if first in common and second in common else None
        for first, second in zip(words, words[1:], strict=False)
    ]
