"""English stemming with NLTK's Snowball stemmer, memoized and imported lazily.

Importing NLTK takes about half a second, so a query should not pay for it:
every stem computed while indexing is saved beside the index (see
:mod:`searchbrief.store`) and loaded into the memo with :func:`remember`; NLTK
is imported only for a word that no index has seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

_memo: dict[str, str] = {}
_stemmer: Callable[[str], str] | None = None


def _nltk_stem() -> Callable[[str], str]:
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = SnowballStemmer("english").stem
    return _stemmer


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case ``word``."""
    try:
        return _memo[word]
    except KeyError:
        result = _memo[word] = _nltk_stem()(word)
        return result


def remember(stems: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Add known ``word → stem`` pairs to the memo."""
    _memo.update(stems)


def known() -> dict[str, str]:
    """Every ``word → stem`` pair computed or remembered so far."""
    return dict(_memo)
