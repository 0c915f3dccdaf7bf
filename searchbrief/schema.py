"""The on-disk format: the Whoosh schema, its analyzers and its version.

One Whoosh document per speaker turn (``kind`` = ``turn``) and one per briefing
(``kind`` = ``briefing``, carrying the title and metadata).  The schema is
pickled into the index, so the analyzer classes here must stay importable
under these names; change :data:`SCHEMA_VERSION` whenever the format changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Composable, Token
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema

from searchbrief.stemming import stem

SCHEMA_VERSION = 1
INDEX_NAME = f"briefings_v{SCHEMA_VERSION}"

#: Words: letters and digits, with inner apostrophes (``don't``, ``Biden’s``).
#: Everything else, Markdown emphasis and hyphens included, separates words.
WORD = re.compile(r"\w+(?:['’]\w+)*")
_POSSESSIVE = re.compile(r"'s$")


def fold(token: str) -> str:
    """A word as indexed before stemming: lower case, plain apostrophe, no ``'s``."""
    word = token.lower().replace("’", "'")
    return _POSSESSIVE.sub("", word) if "'" in word else word


class WordAnalyzer(Composable):  # type: ignore[misc]
    """Tokenize, fold and (optionally) stem in one pass; no stop words.

    Positions count words, so the stemmed ``text`` and the unstemmed ``exact``
    fields agree on every word's position.
    """

    def __init__(self, stemming: bool = True) -> None:
        self.stemming = stemming

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordAnalyzer) and other.stemming == self.stemming

    def __hash__(self) -> int:
        return hash((WordAnalyzer, self.stemming))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stemming = self.stemming
        pos = start_pos
        for match in WORD.finditer(value) if tokenize else [None]:
            raw = match.group() if match is not None else value
            word = fold(raw)
            token.text = stem(word) if stemming else word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = raw
            if positions:
                token.pos = pos
                pos += 1
            if chars and match is not None:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class SpeakerAnalyzer(Composable):  # type: ignore[misc]
    """Speaker names as whole tokens: ``"Jen Psaki|MS. PSAKI"`` → ``jen-psaki``, ``ms-psaki``.

    Parts are separated by ``|``; each becomes one lower-case, hyphenated token,
    so ``speaker:biden`` finds President Biden and not ``jill-biden``.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpeakerAnalyzer)

    def __hash__(self) -> int:
        return hash(SpeakerAnalyzer)

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False, **kwargs: Any
    ) -> Iterator[Token]:
        token = Token(positions, chars, **kwargs)
        for pos, part in enumerate(p for p in value.split("|") if p.strip()):
            token.text = speaker_token(part)
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


def speaker_token(name: str) -> str:
    """A speaker name or key as one token: ``"Jen  Psaki"`` → ``jen-psaki``."""
    words = WORD.findall(name.lower().replace("’", "'"))
    return "-".join(w.replace("'", "") for w in words)


def build_schema() -> Schema:
    """The schema of a version-:data:`SCHEMA_VERSION` index."""
    words = WordAnalyzer(stemming=True)
    exact = WordAnalyzer(stemming=False)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        kind=ID(stored=True),
        briefing_id=ID(stored=True),
        # Briefing documents: metadata, title and the source file's fingerprint.
        # Turns carry the title too (indexed, not stored) so `title:` can narrow
        # a search for words; a title match alone is a briefing hit, not a turn hit.
        title=TEXT(analyzer=words, stored=True, multitoken_query="phrase"),
        path=ID(stored=True),
        permalink=STORED,
        fingerprint=STORED,
        batch=NUMERIC(stored=True),
        # Both kinds: where and when.
        date=DATETIME(stored=True, sortable=True),
        category=ID(stored=True),
        # Turn documents: who said what.
        number=NUMERIC(stored=True),
        speaker=TEXT(analyzer=SpeakerAnalyzer(), phrase=False),
        speaker_key=STORED,
        speaker_name=STORED,
        speaker_label=STORED,
        role=ID(stored=True),
        exchange=NUMERIC(stored=True),
        interpreted=STORED,
        text=TEXT(analyzer=words, stored=True, multitoken_query="phrase"),
        exact=TEXT(analyzer=exact, multitoken_query="phrase"),
    )
