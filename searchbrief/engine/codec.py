"""How segments are laid out on disk: Whoosh's ``W3Codec``, smaller and written in bulk.

The posting and term formats are Whoosh's own, so Whoosh reads them unchanged;
only what is pickled inside is pickled with a newer protocol (see
:data:`PICKLE_PROTOCOL`).  Two things differ more:

- **Stored fields** are kept as a tuple in the order of the schema's stored
  names, not as a dict repeating every field name in every document.  Turns
  are written without a ``doc_id`` (indexing it would cost a term per turn);
  reading gives them the one they imply, ``{briefing_id}/{number}``.  Each
  document's offset in the column is written, so opening it sums nothing.
- **Postings** are written a whole term at a time (:meth:`BulkFieldWriter.add_term`),
  block by block, instead of one Python call per posting; a block holds up to
  :data:`BLOCK_POSTINGS` postings, not 128.

A segment pickles its codec, so an index written with this codec opens with it.
"""

from __future__ import annotations

import operator
import pickle
import zlib
from array import array
from collections.abc import Sequence
from itertools import chain
from typing import Any

from whoosh import columns
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
)
from whoosh.util.numeric import length_to_byte

from searchbrief.engine import whoosh_private
from searchbrief.engine.columns import open_column

#: The pickle protocol of what this codec writes.  Whoosh writes protocol 2,
#: which pickles every ``bytes`` value through a call to ``codecs.encode``:
#: slower both ways, and bigger for posting values and compressed text (see
#: ``make bench``).  Whoosh reads with ``pickle.loads``, so any protocol reads.
PICKLE_PROTOCOL = 5

#: The name of Whoosh's stored-fields column.
STORED = "_stored"

#: Postings a block holds at most.  A query reads a common word's postings a
#: block at a time (searchbrief.engine.posting_blocks), and each block costs a header,
#: an unpickling and a decompression: 512 took less time than Whoosh's 128 over
#: the benchmark's queries (``make bench``), and compresses a little better.
#: A rare word intersected with a common one still passes over most blocks.
BLOCK_POSTINGS = 512


class StoredFieldsColumn(columns.PickleColumn):  # type: ignore[misc]
    """The stored fields: each document's as a tuple in ``names`` order, pickled.

    Pickled with :data:`PICKLE_PROTOCOL`, and each document's offset is written
    next to its length (Whoosh writes offsets only past 32,768 documents and
    otherwise derives them on every open).  Any Whoosh reader reads the column.
    """

    def __init__(self, names: Sequence[str] = ()) -> None:
        self.bytes_column = columns.VarBytesColumn(write_offsets_cutoff=0)
        super().__init__(self.bytes_column)
        self.names = tuple(names)

    def writer(self, dbfile: Any) -> StoredFieldsWriter:
        return StoredFieldsWriter(self.bytes_column.writer(dbfile), self.names)


class StoredFieldsWriter(columns.PickleColumn.Writer):  # type: ignore[misc]
    """Writes the stored fields Whoosh's ``finish_doc`` adds, packed by :func:`pack_stored`."""

    def __init__(self, bytes_writer: Any, names: tuple[str, ...]) -> None:
        super().__init__(bytes_writer)
        self.bytes_writer = bytes_writer
        self.names = names

    def add(self, docnum: int, value: Any) -> None:
        data = (
            b"" if value is None else pickle.dumps(pack_stored(value, self.names), PICKLE_PROTOCOL)
        )
        self.bytes_writer.add(docnum, data)


#: The stored-fields column as read (reading needs no names).
_STORED_COLUMN = StoredFieldsColumn()


class BriefingCodec(W3Codec):  # type: ignore[misc]
    """``W3Codec`` with compact stored fields and bulk posting writes.

    ``stored_names`` is the schema's stored field names, in a fixed order: the
    position of a value in a stored tuple says which field it belongs to.
    """

    def __init__(self, stored_names: Sequence[str]) -> None:
        super().__init__(blocklimit=BLOCK_POSTINGS, compression=1)
        self.stored_names = tuple(stored_names)

    def per_document_writer(self, storage: Any, segment: Any) -> CompactPerDocWriter:
        return CompactPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> CompactPerDocReader:
        return CompactPerDocReader(storage, segment, self.stored_names)

    def field_writer(self, storage: Any, segment: Any) -> BulkFieldWriter:
        return BulkFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> BulkPostingsWriter:
        return BulkPostingsWriter(dbfile, byteids=byteids, **whoosh_private.postings_settings(self))


def _derived_doc_id(fields: dict[str, Any]) -> str | None:
    """The ``doc_id`` a turn's other fields imply, if it is a turn."""
    if fields.get("kind") != "turn" or "briefing_id" not in fields or "number" not in fields:
        return None
    return f"{fields['briefing_id']}/{fields['number']}"


def pack_stored(fields: dict[str, Any], names: Sequence[str]) -> tuple[Any, ...]:
    """A document's stored fields as a tuple in ``names`` order."""
    values = [fields.get(name) for name in names]
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def unpack_stored(values: tuple[Any, ...], names: Sequence[str]) -> dict[str, Any]:
    """The stored-fields dict :func:`pack_stored` packed."""
    fields = {name: value for name, value in zip(names, values, strict=False) if value is not None}
    if "doc_id" not in fields:
        doc_id = _derived_doc_id(fields)
        if doc_id is not None:
            fields["doc_id"] = doc_id
    return fields


class CompactPerDocWriter(W3PerDocWriter):  # type: ignore[misc]
    def __init__(self, codec: BriefingCodec, storage: Any, segment: Any) -> None:
        self.stored_names = codec.stored_names  # _create_column, called by Whoosh's __init__
        #: Per field, each document's length as its one-byte code, for the postings.
        self.length_codes: dict[str, bytearray] = {}
        super().__init__(codec, storage, segment)
        #: Each field's total length, which Whoosh saves with the segment.
        self.length_totals = whoosh_private.field_length_totals(self)
        #: The document being written, and its stored fields (a new dict per document).
        self.docnum = -1
        self.stored: dict[str, Any] = {}

    def start_doc(self, docnum: int) -> None:
        super().start_doc(docnum)
        self.docnum = docnum
        self.stored = whoosh_private.document_stored_fields(self)

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        """``W3PerDocWriter.add_field``, with each length's code worked out once, kept twice."""
        if value is not None:
            self.stored[fieldname] = value
        if length:
            code = length_to_byte(length)
            self.add_column_value(
                whoosh_private.length_column_name(fieldname), LENGTHS_COLUMN, code
            )
            self.length_totals[fieldname] += length
            codes = self.length_codes.get(fieldname)
            if codes is None:
                codes = self.length_codes[fieldname] = bytearray()
            docnum = self.docnum
            if len(codes) <= docnum:
                codes.extend(bytes(docnum + 1 - len(codes)))
            codes[docnum] = code

    def _create_column(self, fieldname: str, column: Any) -> None:  # Whoosh's: see whoosh_private
        if fieldname == STORED:  # Whoosh's finish_doc adds each document's dict to it
            column = StoredFieldsColumn(self.stored_names)
        super()._create_column(fieldname, column)


#: Where a segment's stored fields lie in memory: the buffer, where the column
#: starts in it, and each document's offset from there and length.
_StoredView = tuple[memoryview, int, Sequence[int], Sequence[int]]


class CompactPerDocReader(W3PerDocReader):  # type: ignore[misc]
    def __init__(self, storage: Any, segment: Any, names: tuple[str, ...]) -> None:
        super().__init__(storage, segment)
        self.stored_names = names
        self._stored_view: _StoredView | None = None

    def column_reader(self, fieldname: str, column: Any) -> Any:
        """Whoosh's reader of the column, opened by :func:`open_column`."""
        colfile, offset, length = whoosh_private.open_column_file(self, fieldname)
        return open_column(column, colfile, offset, length, self.doc_count_all())

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        view = self._stored_view or self._view_stored()
        if view is None:
            values = self._stored_reader()[docnum]
        else:  # the same bytes, unpickled without three layers of column readers
            buf, base, offsets, lengths = view
            start, length = base + offsets[docnum], lengths[docnum]
            values = pickle.loads(buf[start : start + length]) if length else None
        return {} if values is None else unpack_stored(values, self.stored_names)

    @property
    def reads_stored_in_place(self) -> bool:
        """Whether stored fields are read from the mapped segment, not through column readers."""
        return (self._stored_view or self._view_stored()) is not None

    def _stored_reader(self) -> Any:
        return whoosh_private.cached_column_reader(self, STORED, _STORED_COLUMN)

    def _view_stored(self) -> _StoredView | None:
        """The stored-fields column as it lies in memory, if the segment is mapped."""
        outer = self._stored_reader()
        if not isinstance(outer, columns.PickleColumn.Reader):
            return None
        inner = whoosh_private.wrapped(outer)
        if not isinstance(inner, columns.VarBytesColumn.Reader):
            return None
        file, start, _ = whoosh_private.column_extent(inner)
        buf = whoosh_private.file_buffer(file)
        if not isinstance(buf, memoryview):
            return None
        offsets, lengths = whoosh_private.var_offsets_and_lengths(inner)
        self._stored_view = (buf, start, offsets, lengths)
        return self._stored_view


#: Blocks whose data pickles smaller than this are written uncompressed: zlib
#: cannot shrink them, and most terms have one small block.  (Whoosh 2.7.4
#: means to do the same at 20 bytes, but a slip makes it compress every block.)
_COMPRESS_FROM = 128


class BulkPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer, also given a block of postings at a time."""

    def __init__(
        self,
        postfile: Any,
        blocklimit: int,
        byteids: bool = False,
        compression: int = 3,
        inlinelimit: int = 1,
    ) -> None:
        super().__init__(postfile, blocklimit, byteids, compression, inlinelimit)
        self.postfile = postfile
        self.blocklimit = blocklimit
        self.compression = compression
        self.terminfo: Any = None  # the term being written: see start_postings

    def start_postings(self, format_: Any, terminfo: Any) -> None:
        super().start_postings(format_, terminfo)
        self.terminfo = terminfo

    def add_block(
        self, ids: array[int], weights: array[float], values: list[bytes], lengths: list[int]
    ) -> None:
        """Buffer and write up to one block of postings (``blocklimit`` at most)."""
        if len(self):  # postings buffered from the previous call
            self._write_block()
        known = [length for length in lengths if length]
        whoosh_private.fill_block(
            self,
            ids,
            weights,
            values,
            max(weights),
            min(known) if known else None,
            max(known, default=0),
        )

    def _write_block(self, last: bool = False) -> None:  # Whoosh's: see whoosh_private
        """Whoosh's block, except for the pickle protocol and small blocks left uncompressed."""
        out = self.postfile
        if not self.written():
            out.write(WHOOSH3_HEADER_MAGIC)
        self.terminfo.add_block(self)
        ids = whoosh_private.buffered_ids(self)
        deltas = tuple(map(operator.sub, ids, chain((0,), ids)))
        weights, values = whoosh_private.minified_weights_and_values(self)
        data = pickle.dumps((deltas, weights, values), PICKLE_PROTOCOL)
        level = self.compression if len(data) >= _COMPRESS_FROM else 0
        if level:
            data = zlib.compress(data, level)
        info = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self.max_weight(),
                level,
                length_to_byte(self.min_length()),
                length_to_byte(self.max_length()),
            ),
            2,
        )
        size = len(info) + len(data)
        out.write_int(-size if last else size)  # negative: the term's last block
        out.write(info)
        out.write(data)
        whoosh_private.start_next_block(self)


class BulkFieldWriter(W3FieldWriter):  # type: ignore[misc]
    """A field writer that also takes a whole term's postings at once."""

    def add_term(
        self,
        btext: bytes,
        docs: array[int],
        weights: array[float],
        values: list[bytes],
        lengths: Sequence[int],
    ) -> None:
        """Write one term's postings (``docs`` ascending); ``lengths`` as read back per document."""
        self.start_term(btext)
        writer = whoosh_private.field_postings_writer(self)
        limit = writer.blocklimit
        for start in range(0, len(docs), limit):
            ids = docs[start : start + limit]
            writer.add_block(
                ids,
                weights[start : start + limit],
                values[start : start + limit],  # empty for formats without values
                [lengths[d] for d in ids],
            )
        self.finish_term()
