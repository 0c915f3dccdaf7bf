"""Whoosh, imported without the modules it loads for functions searchbrief never calls.

* ``whoosh.compat``, the first module every Whoosh module imports, does ``from
  urllib.request import urlretrieve``: that line imports http.client, email,
  socket and ssl, about 60 ms, for a function nothing in Whoosh calls.  It also
  imports ``html`` (for the escape of a highlighter we do not use) and
  ``queue`` (for multiprocess writing).
* ``whoosh.query.terms`` does ``from whoosh.lang.morph_en import variations``
  for its ``Variations`` query, which we do not use: morph_en compiles a few
  hundred regexes on import, about 15 ms.
* ``whoosh.analysis`` does ``from whoosh.lang.porter import stem`` for its
  default stemmer; ours is NLTK's Snowball (see searchbrief.stemming), and
  porter compiles its regexes on import, about 5 ms.  It loads
  ``whoosh.lang.dmetaphone`` for a phonetic filter we do not use either.
* ``whoosh.filedb.filestore`` imports ``tempfile`` (with ``shutil``, ``bz2``,
  ``lzma`` and ``random``) for an index in a temporary folder; ``whoosh.util``
  imports ``random`` to name new files; ``whoosh.util.times`` imports
  ``calendar`` (with ``locale``) for date arithmetic that only a query naming
  a date does (which imports ``whoosh.qparser.dateparse``: see
  searchbrief.query_parser).
* ``whoosh.collectors`` imports ``whoosh.sorting`` for sorted and grouped
  results, ``whoosh.searching`` ``whoosh.highlight``, ``whoosh.codec.base``
  ``whoosh.automata.lev`` and ``whoosh.reading`` ``whoosh.support.levenshtein``
  for fuzzy terms and spelling: searchbrief sorts, groups and highlights itself.
* ``whoosh.filedb.filetables`` imports ``hashlib`` for the MD5 of each term it
  looks up: see :func:`_md5`.

Without them, a fresh ``searchbrief query`` would import Whoosh in about twice
the time.  Importing this module first (the package's ``__init__`` does)
imports the Whoosh modules searchbrief uses while a stand-in takes the place of
each of those modules (see searchbrief._stand_ins): the real module is imported
when first used, and a later ``import urllib.request`` or
``whoosh.lang.morph_en`` gets the real module.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from searchbrief._stand_ins import import_with_stand_ins


def _md5(data: bytes = b"", **options: Any) -> Any:
    """``hashlib.md5`` from Python's own MD5 module when it has one.

    Whoosh hashes each term it looks up (whoosh.filedb.filetables), and
    hashlib would load OpenSSL first, about 3 ms: more than the MD5s take.
    """
    try:
        module = import_module("_md5")
    except ImportError:  # a Python built without it
        module = import_module("hashlib")
    return module.md5(data, **options)


import_with_stand_ins(
    (
        "whoosh.compat",
        "whoosh.analysis",
        "whoosh.query",
        "whoosh.collectors",
        "whoosh.codec.whoosh3",
    ),
    {
        "urllib.request": {"urlretrieve": None},
        "html": {"escape": None},
        "queue": {},
        "whoosh.lang.porter": {"stem": None},
        "whoosh.lang.dmetaphone": {"double_metaphone": None},
        "whoosh.lang.morph_en": {"variations": None},
        "tempfile": {},
        "shutil": {"copyfileobj": None},
        "random": {},
        "calendar": {},
        "hashlib": {"md5": _md5},
        "whoosh.sorting": {},
        "whoosh.highlight": {},
        "whoosh.automata.lev": {},
        "whoosh.support.levenshtein": {"distance": None},
    },
)
