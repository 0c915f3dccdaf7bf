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
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Format, Positions

from searchbrief.engine.pairs import COMMON_WORDS, phrase_pairs
from searchbrief.engine.stemming import MEMO_SIZE, stem

SCHEMA_VERSION = 5
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


class CommonAnalyzer(Composable):  # type: ignore[misc]
    """A text's stemmed words that are ``common``, at their positions: ``the``, ``presid``.

    What :func:`searchbrief.engine.postings.words` counts as ``Words.common``
    (see :mod:`searchbrief.engine.pairs`).
    """

    def __init__(self, common: frozenset[str]) -> None:
        self.common = common

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.common == self.common

    def __hash__(self) -> int:
        return hash((type(self), self.common))

    def terms(self, value: str) -> Iterator[tuple[int, str]]:
        """Each term with its position."""
        stems = map(stem_folded, WORD.findall(value))
        return ((pos, term) for pos, term in enumerate(stems) if term in self.common)

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False, **kwargs: Any
    ) -> Iterator[Token]:
        token = Token(positions, chars, **kwargs)
        for pos, term in self.terms(value):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


class PairAnalyzer(CommonAnalyzer):
    """A text's pairs of adjacent stemmed words, both ``common``, at the first one's position.

    ``the presid``: what :func:`searchbrief.engine.postings.words` gives the
    indexer as ``Words.pairs``.
    """

    def terms(self, value: str) -> Iterator[tuple[int, str]]:
        stems = [stem_folded(w) for w in WORD.findall(value)]
        for pos, term in enumerate(phrase_pairs(stems, self.common)):
            if term is not None:
                yield pos, term


class Counts(Format):  # type: ignore[misc]
    """A term's count in the document as its weight, and no value: ``Frequency`` without bytes."""

    posting_size = 0

    def word_values(
        self, value: str, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        counts: dict[str, int] = {}
        for token in analyzer(value, **kwargs):
            counts[token.text] = counts.get(token.text, 0) + 1
        boost = self.field_boost
        return ((text, count, count * boost, b"") for text, count in counts.items())


class CommonField(FieldType):  # type: ignore[misc]
    """The ``common`` field: each common word's count in a turn, without its positions.

    The same counts as the ``text`` field's weights for these words, read
    without decompressing their positions (see :mod:`searchbrief.engine.pairs`).
    """

    def __init__(self, common: frozenset[str]) -> None:
        super().__init__(format=Counts(), analyzer=CommonAnalyzer(common))


class PairField(FieldType):  # type: ignore[misc]
    """The ``pairs`` field: where a turn holds each pair (not scored, not stored)."""

    def __init__(self, common: frozenset[str]) -> None:
        super().__init__(format=Positions(), analyzer=PairAnalyzer(common))

    @property
    def common(self) -> frozenset[str]:
        """The stemmed common words whose pairs the field indexes."""
        common: frozenset[str] = self.analyzer.common
        return common


def pair_words(schema: Schema) -> frozenset[bytes]:
    """The schema's common words, UTF-8, as :func:`~searchbrief.engine.postings.words` takes them.

    Empty when the schema does not index common words apart.
    """
    return frozenset(word.encode("utf-8") for word in pair_field(schema, "text")[2])


#: Each field whose common words are indexed apart → the fields holding their
#: pairs and their counts.
PAIRED = {"text": ("pairs", "common")}


def pair_field(schema: Schema, fieldname: str) -> tuple[str, str, frozenset[str]]:
    """The fields holding ``fieldname``'s pairs and common words' counts, and its common words.

    ``("", "", ∅)`` when ``fieldname``'s common words are not indexed apart.
    """
    pairs, counts = PAIRED.get(fieldname, ("", ""))
    field = schema[pairs] if pairs in schema else None
    if not isinstance(field, PairField) or counts not in schema:
        return "", "", frozenset()
    return pairs, counts, field.common


def common_words() -> frozenset[str]:
    """:data:`~searchbrief.engine.pairs.COMMON_WORDS`, stemmed."""
    return frozenset(stem_folded(word) for word in COMMON_WORDS)


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
    common = common_words()
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
        # `text`'s common words apart (see searchbrief.engine.pairs): two
        # adjacent ones as one term, and each one's count without positions.
        pairs=PairField(common),
        common=CommonField(common),
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
