"""English stemming with NLTK's Snowball stemmer, memoized and imported lazily.

Importing NLTK takes about half a second, so a query should not pay for it:
every stem computed while indexing is saved beside the index (see
:mod:`searchbrief.store`) and loaded into the memo with :func:`remember`; the
stemmer is imported only for a word that no index has seen (a new word, a
typo, the text of any prefix query), and then without the rest of NLTK (see
:func:`_snowball`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any

_memo: dict[str, str] = {}
_stemmer: Callable[[str], str] | None = None
_sources: list[Callable[[str], str | None]] = []


#: The stemmer's module, and the packages above it (outermost first).
_SNOWBALL = "nltk.stem.snowball"
_PACKAGES = ("nltk", "nltk.stem")


class _Stopwords:
    """``nltk.corpus.stopwords``, imported (with all of NLTK) on first use.

    The Snowball stemmers read it only when made with ``ignore_stopwords=True``.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(import_module("nltk.corpus").stopwords, name)


def _unopened(package: str) -> ModuleType:
    """``package`` as the import system makes it, before running its ``__init__``."""
    from importlib.util import find_spec, module_from_spec

    spec = find_spec(package)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"no package {package}", name=package)
    return module_from_spec(spec)


def _import_unopened() -> ModuleType:
    """The stemmer's module, imported while its packages stand unopened in sys.modules.

    The stemmer and what it imports of NLTK load from their files in the
    packages' folders; ``nltk.corpus`` is a stand-in that gives
    :class:`_Stopwords`.  Then the packages, the stand-in and every NLTK module
    loaded meanwhile leave sys.modules, whether the import worked or not.
    """
    before = set(sys.modules)
    try:
        for package in _PACKAGES:
            module = sys.modules[package] = _unopened(package)
            parent, _, name = package.rpartition(".")
            if parent:
                setattr(sys.modules[parent], name, module)
        corpus = sys.modules["nltk.corpus"] = ModuleType("nltk.corpus")
        corpus.__dict__["stopwords"] = _Stopwords()
        return import_module(_SNOWBALL)
    finally:
        for name in set(sys.modules) - before:
            if name.partition(".")[0] == _PACKAGES[0]:
                del sys.modules[name]


def _snowball() -> ModuleType:
    """``nltk.stem.snowball``, imported without the ``__init__`` of ``nltk`` or ``nltk.stem``.

    ``import nltk`` imports nearly all of NLTK (corpus readers, translation,
    tokenizers, about half a second) and ``nltk.stem`` every stemmer, with
    WordNet's: the Snowball stemmer needs none of that (see
    :func:`_import_unopened`).  As with the stand-ins of
    :mod:`searchbrief._stand_ins`, nothing is left in sys.modules: a later
    ``import nltk`` runs NLTK's ``__init__`` as usual and gets complete
    packages (loading the stemmer's modules again); only this module holds its
    stemmer.  Where NLTK is imported already, or where its stemmer needs what
    an ``__init__`` makes (another version of NLTK), the stemmer is imported
    the usual way.
    """
    if _PACKAGES[0] not in sys.modules:
        try:
            return _import_unopened()
        except Exception:  # another NLTK, whose modules need more than their files
            pass
    return import_module(_SNOWBALL)


def _nltk_stem() -> Callable[[str], str]:
    global _stemmer
    if _stemmer is None:
        _stemmer = _snowball().SnowballStemmer("english").stem
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
