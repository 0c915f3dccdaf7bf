"""The on-disk format: the Whoosh schema, its analyzers and its version.

One Whoosh document per speaker turn (``kind`` = ``turn``) and one per briefing
(``kind`` = ``briefing``, carrying the title and metadata).  Only what queries
need is indexed; the rest is stored: every indexed term costs build time.  The schema is
pickled into the index, so the analyzer classes here must stay importable
under these names; change :data:`SCHEMA_VERSION` whenever the format changes.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh import columns
from whoosh.analysis import Composable, Token
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema

from searchbrief.engine.stemming import MEMO_SIZE, stem

SCHEMA_VERSION = 4
INDEX_NAME = f"briefings_v{SCHEMA_VERSION}"

#: Words: runs of letters, digits and underscores.  Everything else separates
#: words: Markdown emphasis, hyphens and apostrophes too, as a whole-word search
#: would (``Biden’s`` is ``biden s``, so ``Biden`` finds it; ``COVID-19`` is
#: ``covid 19``).
WORD = re.compile(r"\w+")


def fold(token: str) -> str:
    """A word as indexed before stemming: lower case."""
    return token.lower()


@lru_cache(maxsize=MEMO_SIZE)
def stem_folded(raw: str) -> str:
    """A word as written → its stemmed term (most words recur constantly: memoized)."""
    return stem(fold(raw))


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
        convert = stem_folded if self.stemming else fold
        pos = start_pos
        for match in WORD.finditer(value) if tokenize else [None]:
            raw = match.group() if match is not None else value
            token.text = convert(raw)
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
    words = WORD.findall(name.lower().replace("’", "").replace("'", ""))
    return "-".join(words)


class DayField(DATETIME):  # type: ignore[misc]
    """A date indexed as one term per document (Whoosh's DATETIME indexes eight).

    Briefings have day precision and a corpus spans a few thousand days at most,
    so a date range simply enumerates its days.
    """

    def __init__(self, stored: bool = False, sortable: bool = False) -> None:
        NUMERIC.__init__(self, int, 64, stored=stored, shift_step=0, sortable=sortable)


def build_schema() -> Schema:
    """The schema of a version-:data:`SCHEMA_VERSION` index."""
    words = WordAnalyzer(stemming=True)
    exact = WordAnalyzer(stemming=False)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        kind=ID(stored=True),
        # A column of references into the segment's few thousand distinct ids.
        briefing_id=ID(stored=True, sortable=columns.RefBytesColumn()),
        date=DayField(stored=True, sortable=True),
        # The time of day the briefing began, "HH:MM" ("" when unknown): orders a day.
        time=ID(stored=True),
        category=ID(stored=True),
        # Briefing documents: title, metadata and the source file's fingerprint.
        # `batch` (both kinds) numbers the indexing run that wrote the document.
        title=TEXT(analyzer=words, stored=True, multitoken_query="phrase"),
        path=STORED,
        permalink=STORED,
        fingerprint=STORED,
        batch=STORED,
        # Turn documents: who said what.
        number=STORED,
        speaker=TEXT(analyzer=SpeakerAnalyzer(), phrase=False),
        speaker_key=ID(stored=True),
        speaker_name=STORED,
        speaker_label=STORED,
        role=ID(stored=True),
        exchange=STORED,
        interpreted=STORED,
        written=ID(stored=True),  # "yes": a written statement; "no": spoken words
        text=TEXT(analyzer=words, multitoken_query="phrase"),
        body=STORED,  # the turn's text, as it is: see unpack_text()
        # Defines how `exact:` words are analysed (unstemmed).  Nothing is indexed
        # in it: exact matches are found through `text` and verified against the
        # turn's words (searchbrief.query.exact), at half the index size and time.
        exact=TEXT(analyzer=exact, multitoken_query="phrase"),
    )


def unpack_text(data: bytes | str | None) -> str:
    """A turn's stored text.

    It is stored as it is: every shown turn is read for its snippet, and
    decompressing took a tenth of a query's time for a third of the text's
    size on disk.  Indexes written before kept it zlib-compressed, as bytes.
    """
    if isinstance(data, bytes):
        return zlib.decompress(data).decode("utf-8")
    return data or ""
