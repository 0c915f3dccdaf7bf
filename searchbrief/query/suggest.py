"""Did you mean: a query with its misspelt words replaced by close, frequent words of the index.

The vocabulary is the table of words and stems the indexer keeps beside the
index (:func:`searchbrief.engine.directory.stems_path`); a word's frequency is the number
of documents whose ``text`` holds its stem.  Candidates one edit away from a
word, else two edits away and sharing its first letter, come from Whoosh's
Levenshtein automata run over the sorted word list
(:class:`whoosh.spelling.ListCorrector`); the most frequent one wins.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh.spelling import ListCorrector

from searchbrief.engine.directory import stems_path
from searchbrief.engine.schema import WORD, fold
from searchbrief.engine.stemming import stem

#: A word found in at most this many documents may be a typo of a frequent word ...
RARE = 3
#: ... which must be found in this many times as many documents (and in one at least).
BETTER = 20
#: Shorter words are left alone: too many words are one edit away from them.
MIN_LENGTH = 4
#: Longer words are not corrected: no English word is, and the edit distances
#: of a very long one to the vocabulary take time that grows with its square.
MAX_LENGTH = 30
#: At most this many words of a query are checked.
MAX_WORDS = 16
_FIELDS_WITH_WORDS = ("text", "exact", "title")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
# A field and its value (quoted, bracketed or bare), else a bare word with any wildcard after it.
_PART = re.compile(
    r"""(?P<field>\w+):(?P<value>"[^"]*"?|\[[^\]]*\]?|\{[^}]*\}?|[^\s()"]*)
    |(?<![*?\w])(?P<word>\w+)(?P<wild>[*?]?)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Vocabulary:
    """Every indexed word, sorted, with its stem."""

    words: list[str]
    stems: dict[str, str]
    corrector: Any


#: Vocabularies kept in memory (a few indexes, or versions of one); the least recently used goes.
VOCABULARIES_KEPT = 4


def vocabulary(directory: Path) -> Vocabulary:
    """The index's words (empty for an index without a stem table), read once per version."""
    path = stems_path(directory)
    try:
        stat = path.stat()
    except OSError:
        return Vocabulary([], {}, ListCorrector([]))
    return _read_vocabulary(path, (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=VOCABULARIES_KEPT)
def _read_vocabulary(path: Path, version: tuple[int, int]) -> Vocabulary:
    """The words of the stem table at ``path`` as it is at ``version`` (its mtime and size)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT word, stem FROM stems ORDER BY word").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    stems = {str(word): str(found) for word, found in rows}
    words = sorted(stems)
    return Vocabulary(words, stems, ListCorrector(words))


def suggestion(text: str, reader: Any, directory: Path) -> str | None:
    """``text`` with each rare word replaced by a frequent close one; ``None`` if none is.

    Only words searched in the text or title are checked (not speakers, roles,
    categories or dates), and not prefixes, wildcards or words with digits.
    """
    vocab = vocabulary(directory)
    if not vocab.words:
        return None
    out, last, changed = [], 0, False
    for start, end, word in _checked_words(text)[:MAX_WORDS]:
        better = _correct(word, reader, vocab)
        if better is not None:
            out.append(text[last:start] + better)
            last, changed = end, True
    out.append(text[last:])
    return "".join(out) if changed else None


def _checked_words(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in _PART.finditer(text):
        if match.group("field") is not None:
            if match.group("field") in _FIELDS_WITH_WORDS:
                offset = match.start("value")
                found.extend(
                    (offset + m.start(), offset + m.end(), m.group())
                    for m in WORD.finditer(match.group("value"))
                )
        elif not match.group("wild") and match.group("word") not in _OPERATORS:
            found.append((match.start("word"), match.end("word"), match.group("word")))
    return found


def _frequency(reader: Any, stem_text: str) -> int:
    return int(reader.doc_frequency("text", stem_text))


def _checkable(word: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``word`` folded and its stem, if it is a word to check (letters, of a checkable length)."""
    folded = fold(word)
    if not MIN_LENGTH <= len(folded) <= MAX_LENGTH or not folded.isalpha():
        return None
    return folded, vocab.stems.get(folded) or stem(folded)


def _correct(word: str, reader: Any, vocab: Vocabulary) -> str | None:
    checked = _checkable(word, vocab)
    if checked is None:
        return None
    folded, own_stem = checked
    frequency = _frequency(reader, own_stem)
    if frequency > RARE:
        return None
    for maxdist, prefix in ((1, 0), (2, 1)):
        candidates = []
        for candidate in vocab.corrector.suggest(
            folded, limit=1000, maxdist=maxdist, prefix=prefix
        ):
            candidate_stem = vocab.stems.get(candidate, "")
            if candidate_stem and candidate_stem != own_stem:
                candidates.append((-_frequency(reader, candidate_stem), candidate))
        if candidates:
            best_frequency, best = min(candidates)
            if -best_frequency >= max(1, BETTER * frequency):
                return str(best)
    return None


#: At most this many related forms are named for a word.
RELATED_SHOWN = 5


def related_forms(text: str, directory: Path) -> list[tuple[str, list[str]]]:
    """Words of the index that begin like a word of ``text`` but have another stem.

    Snowball keeps ``inflation`` and ``inflationary`` apart: a search for the
    one misses the other, which ``inflation*`` finds.  For each searched word
    with such forms: the word and those forms,
    first alphabetically, at most :data:`RELATED_SHOWN`.
    """
    vocab = vocabulary(directory)
    found = []
    for _, _, word in _checked_words(text)[:MAX_WORDS]:
        checked = _checkable(word, vocab)
        if checked is None:
            continue
        folded, own = checked
        forms: list[str] = []
        for candidate in islice(vocab.words, bisect_left(vocab.words, folded), None):
            if not candidate.startswith(folded) or len(forms) == RELATED_SHOWN:
                break
            if vocab.stems.get(candidate) != own:
                forms.append(candidate)
        if forms:
            found.append((word, forms))
    return found
