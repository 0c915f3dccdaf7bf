"""The index writer: Whoosh's ``SegmentWriter``, fed whole documents' postings.

Whoosh's own writer analyses each field, pushes every posting through a
sorting pool that spills to disk, and writes them one call at a time.  This
one takes turns' words already analysed by the reading processes
(:func:`searchbrief.engine.postings.words`), keeps the segment's postings in a
:class:`~searchbrief.engine.postings.TermPool`, and writes each term's postings in
blocks (:class:`~searchbrief.engine.codec.BulkFieldWriter`).  Deleting, merging and
committing are Whoosh's, unchanged.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, UnknownFieldError
from whoosh.writing import SegmentWriter

from searchbrief.engine import whoosh_private
from searchbrief.engine.codec import BriefingCodec
from searchbrief.engine.lengths import DECODED
from searchbrief.engine.postings import Posting, TermPool, Words
from searchbrief.engine.schema import pair_words

#: The document key holding words already analysed: ``{field: Words}``.
PREPARED = "_postings"


class _Field(NamedTuple):
    """What adding a value to one field takes, looked up once per writer, not per value."""

    field: Any
    indexed: bool
    stored: bool
    scorable: bool
    column: Any  # the field's column type, or None
    plain: bool  # neither indexed nor a column: only stored, if that


class _Indexed(NamedTuple):
    """One value's indexing in one field: worked out once, as values recur constantly."""

    length: int
    postings: list[Posting]
    column_value: Any


class BriefingWriter(SegmentWriter):  # type: ignore[misc]
    """Writes one new segment with :class:`~searchbrief.engine.codec.BriefingCodec`.

    ``whoosh_lock=False`` leaves out Whoosh's write lock, for a caller that
    holds its own (:func:`searchbrief.engine.directory.writing`) or writes a
    segment that another writer commits (:meth:`finish_segment`).
    """

    def __init__(self, ix: Any, *, whoosh_lock: bool = True, **kwargs: Any) -> None:
        codec = BriefingCodec(ix.schema.stored_names())
        lock = whoosh_private.writer_lock_argument(whoosh_lock)
        super().__init__(ix, codec=codec, **lock, **kwargs)
        self.pool = TermPool()
        #: The schema's common words: what :func:`~searchbrief.engine.postings.words`
        #: needs to make the ``pairs`` field's terms.
        self.pair_words = pair_words(self.schema)
        self._fields: dict[str, _Field] = {}
        self._made: dict[tuple[str, Any], _Indexed] = {}

    def add_document(self, **fields: Any) -> None:
        """Add a document; what is under ``_postings`` is taken as analysed.

        ``{field: Words}``, or ``{field: {term: weight}}`` for a field whose
        postings have no values (``pairs`` and ``common``: see :class:`Words`).
        """
        whoosh_private.check_writer_open(self)
        docnum = self.docnum
        perdoc = self.perdocwriter
        pool = self.pool
        prepared: dict[str, Words | dict[bytes, float]] = fields.pop(PREPARED, None) or {}
        perdoc.start_doc(docnum)
        stored = perdoc.stored  # a new dict per document, made by start_doc
        known = self._fields
        made_before = self._made
        for name, words in prepared.items():
            about = self._field(name)
            if not isinstance(words, Words):  # terms and weights, without values
                fields.pop(name, None)
                pool.add_postings(name, docnum, [(t, w, b"") for t, w in words.items()])
                continue
            pool.add_words(name, docnum, words)
            value = fields.pop(name, None)
            length = words.count if about.scorable else 0
            perdoc.add_field(name, about.field, value if about.stored else None, length)
            if about.column and value is not None:
                perdoc.add_column_value(name, about.column, about.field.to_column_value(value))
        # Most of a turn's fields are only stored, and the rest take values met
        # before: both are done here without a call per field (add_field with
        # no length only stores the value).
        for name, value in fields.items():
            about = known.get(name) or self._field(name)
            if value is None:
                continue
            if about.plain:
                if about.stored:
                    stored[name] = value
                continue
            made = made_before.get((name, value)) or self._indexed(name, about, value)
            if made.postings:
                pool.add_postings(name, docnum, made.postings)
            length = made.length if about.scorable else 0
            perdoc.add_field(name, about.field, value if about.stored else None, length)
            if about.column:
                perdoc.add_column_value(name, about.column, made.column_value)
        perdoc.finish_doc()
        whoosh_private.mark_added(self)
        self.docnum += 1

    def _field(self, name: str) -> _Field:
        about = self._fields.get(name)
        if about is None:
            if name not in self.schema:
                raise UnknownFieldError(f"no field named {name!r} in the schema")
            field = self.schema[name]
            indexed, column = field.indexed, field.column_type
            about = self._fields[name] = _Field(
                field,
                indexed,
                field.stored,
                field.scorable,
                column,
                not (indexed or column),
            )
        return about

    def _indexed(self, name: str, about: _Field, value: Any) -> _Indexed:
        """The field's postings and column value for ``value``: what Whoosh's writer makes."""
        key = (name, value)
        made = self._made.get(key)
        if made is None:
            field = about.field
            length, postings = self._postings(field, value) if about.indexed else (0, [])
            column_value = field.to_column_value(value) if about.column else None
            made = _Indexed(length, postings, column_value)
            if not field.unique:  # a value met again (a date, a role) is indexed alike
                self._made[key] = made
        return made

    def commit_with(self, segments: list[Any], mergetype: Any = None) -> None:
        """Commit this writer's changes together with ``segments`` written by others.

        The merge policy runs first, as in :meth:`commit`; the new segments are
        added as they are, in one new generation.
        """
        whoosh_private.check_writer_open(self)
        final = whoosh_private.merge_segments(self, mergetype)
        if whoosh_private.has_added(self):
            final.append(whoosh_private.finalize_segment(self))
        else:
            whoosh_private.close_segment(self)
        whoosh_private.commit_toc(self, final + segments)
        whoosh_private.finish_writer(self)

    def finish_segment(self) -> Any | None:
        """The segment written, finished for another writer to commit; None if empty.

        Either way this writer is done with.
        """
        if self.docnum:
            return whoosh_private.finalize_segment(self)
        whoosh_private.close_segment(self)
        return None

    def abandon(self) -> None:
        """Drop the segment being written: nothing of it will be committed."""
        whoosh_private.close_segment(self)

    def _postings(self, field: Any, value: Any) -> tuple[int, list[Posting]]:
        """The field's postings for ``value``: what Whoosh's ``field.index()`` gives."""
        if _whole_value(field):
            return 0, [(value.encode("utf-8"), 1.0, b"")]
        items = list(field.index(value))
        length = sum(freq for _, freq, _, _ in items)
        return length, [(t, w, v) for t, _, w, v in items]

    def _flush_segment(self) -> None:  # Whoosh's: see whoosh_private
        codes = self.perdocwriter.length_codes
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in self.pool.fieldnames():
            lengths = _lengths(codes.get(fieldname, b""), self.docnum)
            writer.start_field(fieldname, self.schema[fieldname])
            for btext, term in self.pool.terms(fieldname):
                writer.add_term(btext, term.docs, term.weights, term.values, lengths)
            writer.finish_field()
        writer.close()


def _whole_value(field: Any) -> bool:
    """Whether the field indexes its value as one term, as it is (a plain ``ID``)."""
    return (
        type(field) is ID
        and type(field.analyzer) is IDTokenizer
        and field.format.field_boost == 1.0
    )


def _lengths(codes: bytes | bytearray, doccount: int) -> list[int]:
    """Every document's length in a field, as Whoosh's length column gives it back."""
    return [DECODED[code] for code in codes] + [0] * (doccount - len(codes))
