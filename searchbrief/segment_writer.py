"""The index writer: Whoosh's ``SegmentWriter``, fed whole documents' postings.

Whoosh's own writer analyses each field, pushes every posting through a
sorting pool that spills to disk, and writes them one call at a time.  This
one takes postings already made by the reading processes
(:func:`searchbrief.postings.positions`), keeps the segment's postings in a
:class:`~searchbrief.postings.TermPool`, and writes each term's postings in
blocks (:class:`~searchbrief.codec.BulkFieldWriter`).  Deleting, merging and
committing are Whoosh's, unchanged.
"""

from __future__ import annotations

from typing import Any

from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, UnknownFieldError
from whoosh.writing import SegmentWriter

from searchbrief.codec import BriefingCodec
from searchbrief.lengths import DECODED
from searchbrief.postings import Posting, TermPool

#: The document key holding prepared postings: ``{field: (length, postings)}``.
PREPARED = "_postings"


class BriefingWriter(SegmentWriter):  # type: ignore[misc]
    """Writes one new segment with :class:`~searchbrief.codec.BriefingCodec`."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        codec = BriefingCodec(ix.schema.stored_names())
        super().__init__(ix, codec=codec, **kwargs)
        self.pool = TermPool()
        self._made: dict[tuple[str, Any], tuple[int, list[Posting]]] = {}

    def add_document(self, **fields: Any) -> None:
        """Add a document; postings under ``_postings`` are taken as they are."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        pool = self.pool
        prepared: dict[str, tuple[int, list[Posting]]] = fields.pop(PREPARED, None) or {}
        perdoc.start_doc(docnum)
        for name in fields.keys() | prepared.keys():
            if name not in schema:
                raise UnknownFieldError(f"no field named {name!r} in the schema")
            field = schema[name]
            value = fields.get(name)
            length = 0
            if name in prepared:
                length, postings = prepared[name]
                pool.add_postings(name, docnum, postings)
            elif value is None:
                continue
            elif field.indexed:
                length, postings = self._postings(name, field, value)
                pool.add_postings(name, docnum, postings)
            stored = value if field.stored else None
            perdoc.add_field(name, field, stored, length if field.scorable else 0)
            if field.column_type and value is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def commit_with(self, segments: list[Any], mergetype: Any = None) -> None:
        """Commit this writer's changes together with ``segments`` written by others.

        The merge policy runs first, as in :meth:`commit`; the new segments are
        added as they are, in one new generation.
        """
        self._check_state()
        final = self._merge_segments(mergetype, None, None)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final + segments)
        self._finish()

    def _postings(self, name: str, field: Any, value: Any) -> tuple[int, list[Posting]]:
        """The field's postings for ``value``: what Whoosh's ``field.index()`` gives."""
        if _whole_value(field):
            return 0, [(value.encode("utf-8"), 1.0, b"")]
        key = (name, value)
        found = self._made.get(key)
        if found is None:
            items = list(field.index(value))
            length = sum(freq for _, freq, _, _ in items)
            found = length, [(t, w, v) for t, _, w, v in items]
            if not field.unique:  # a value met again (a date, a role) is indexed alike
                self._made[key] = found
        return found

    def _flush_segment(self) -> None:
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
