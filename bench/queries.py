"""The dev query syntax: ``"..."`` is a phrase, bare words are ANDed, ``#`` comments."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\0": " "})


class Term(NamedTuple):
    """One ANDed part of a query: a quoted phrase or a bare word, as typed."""

    text: str
    phrase: bool


def parse_query(query: str) -> tuple[Term, ...]:
    """Split ``query`` into terms; terms without a letter or digit are dropped.

    Curly quotes count as straight ones and NUL as a space (FTS5 would stop
    reading at it). An unclosed quote runs to the end of the query. A bare word keeps its
    punctuation (``U.S.``, ``don't``, ``COVID-19``); each engine decides how to
    tokenize it.
    """
    terms: list[Term] = []
    for match in _TERM.finditer(query.translate(_FOLD)):
        phrase = match.group(2) is None
        text = " ".join((match.group(1) if phrase else match.group(2)).split())
        if term_words(text):
            terms.append(Term(text, phrase))
    return tuple(terms)


def term_words(text: str) -> list[str]:
    """The words of a term: runs of word characters, case kept."""
    return _WORD.findall(text)


def read_queries(path: Path) -> list[str]:
    """The queries in ``path``: one a line, blank lines and ``#`` comments skipped."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
