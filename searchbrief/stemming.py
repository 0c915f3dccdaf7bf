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
_sources: list[Callable[[str], str | None]] = []


def _nltk_stem() -> Callable[[str], str]:
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = SnowballStemmer("english").stem
    return _stemmer


def prepare() -> None:
    """Import NLTK's stemmer now, before worker processes are forked.

    Each forked worker would otherwise import it on its first new word: the
    same import, paid once per worker instead of once.
    """
    _nltk_stem()


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case ``word``."""
    try:
        return _memo[word]
    except KeyError:
        pass
    for source in _sources:
        found = source(word)
        if found is not None:
            _memo[word] = found
            return found
    result = _memo[word] = _nltk_stem()(word)
    return result


def add_source(lookup: Callable[[str], str | None]) -> None:
    """Consult ``lookup`` (a saved table of stems) before computing a stem."""
    _sources.append(lookup)


def remember(stems: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Add known ``word → stem`` pairs to the memo."""
    _memo.update(stems)


def known() -> dict[str, str]:
    """Every ``word → stem`` pair computed or remembered so far."""
    return dict(_memo)
