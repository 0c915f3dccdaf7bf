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
    _lenfield,
)
from whoosh.util.numeric import length_to_byte

from searchbrief.engine.columns import open_column

#: The pickle protocol of what this codec writes.  Whoosh writes protocol 2,
#: which pickles every ``bytes`` value through a call to ``codecs.encode``:
#: ten times slower both ways, and twice the size for posting values and
#: compressed text.  Whoosh reads with ``pickle.loads``, so any protocol reads.
PICKLE_PROTOCOL = 5


class _PickleColumn(columns.PickleColumn):  # type: ignore[misc]
    """Whoosh's pickled-value column, written with :data:`PICKLE_PROTOCOL`."""

    class Writer(columns.PickleColumn.Writer):  # type: ignore[misc]
        def add(self, docnum: int, value: Any) -> None:
            data = b"" if value is None else pickle.dumps(value, PICKLE_PROTOCOL)
            self._child.add(docnum, data)


#: The stored fields, with each document's offset written next to its length
#: (Whoosh writes offsets only past 32,768 documents and otherwise derives
#: them on every open).  Any Whoosh reader reads the column either way.
_STORED_COLUMN = _PickleColumn(columns.VarBytesColumn(write_offsets_cutoff=0))

#: Postings a block holds at most.  A query reads a common word's postings a
#: block at a time (searchbrief.engine.posting_blocks), and each block costs a header,
#: an unpickling and a decompression: 512 took about 4% less time than
#: Whoosh's 128 over the benchmark's queries, and compresses a little better.
#: A rare word intersected with a common one still passes over most blocks.
BLOCK_POSTINGS = 512


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
        return BulkPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


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
        self._names = codec.stored_names
        #: Per field, each document's length as its one-byte code, for the postings.
        self.length_codes: dict[str, bytearray] = {}
        super().__init__(codec, storage, segment)

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        """``W3PerDocWriter.add_field``, with each length's code worked out once, kept twice."""
        if value is not None:
            self._storedfields[fieldname] = value
        if length:
            code = length_to_byte(length)
            self.add_column_value(_lenfield(fieldname), LENGTHS_COLUMN, code)
            self._fieldlengths[fieldname] += length
            codes = self.length_codes.get(fieldname)
            if codes is None:
                codes = self.length_codes[fieldname] = bytearray()
            docnum = self._docnum
            if len(codes) <= docnum:
                codes.extend(bytes(docnum + 1 - len(codes)))
            codes[docnum] = code

    def _create_column(self, fieldname: str, column: Any) -> None:
        if fieldname == "_stored":
            column = _STORED_COLUMN
        super()._create_column(fieldname, column)

    def finish_doc(self) -> None:
        stored = self._storedfields
        if stored:
            self.add_column_value("_stored", _STORED_COLUMN, pack_stored(stored, self._names))
            stored.clear()
        self._indoc = False


#: Where a segment's stored fields lie in memory: the buffer, where the column
#: starts in it, and each document's offset from there and length.
_StoredView = tuple[memoryview, int, Sequence[int], Sequence[int]]


class CompactPerDocReader(W3PerDocReader):  # type: ignore[misc]
    def __init__(self, storage: Any, segment: Any, names: tuple[str, ...]) -> None:
        super().__init__(storage, segment)
        self._names = names
        self._stored_view: _StoredView | None = None

    def column_reader(self, fieldname: str, column: Any) -> Any:
        """Whoosh's reader of the column, opened by :func:`open_column`."""
        if fieldname not in self._colfiles:
            self._colfiles[fieldname] = self._get_column_file(fieldname)
        colfile, offset, length = self._colfiles[fieldname]
        return open_column(column, colfile, offset, length, self._doccount)

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        view = self._stored_view or self._view_stored()
        if view is None:
            values = self._cached_reader("_stored", _STORED_COLUMN)[docnum]
        else:  # the same bytes, unpickled without three layers of column readers
            buf, base, offsets, lengths = view
            start, length = base + offsets[docnum], lengths[docnum]
            values = pickle.loads(buf[start : start + length]) if length else None
        return {} if values is None else unpack_stored(values, self._names)

    def _view_stored(self) -> _StoredView | None:
        """The stored-fields column as it lies in memory, if the segment is mapped."""
        inner = getattr(self._cached_reader("_stored", _STORED_COLUMN), "_child", None)
        if not isinstance(inner, columns.VarBytesColumn.Reader):
            return None
        buf = getattr(inner._dbfile, "_buf", None)
        if not isinstance(buf, memoryview):
            return None
        self._stored_view = (buf, inner._basepos, inner._offsets, inner._lengths)
        return self._stored_view


#: Blocks whose data pickles smaller than this are written uncompressed: zlib
#: cannot shrink them, and most terms have one small block.  (Whoosh 2.7.4
#: means to do the same at 20 bytes, but a slip makes it compress every block.)
_COMPRESS_FROM = 128


class BulkPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    def add_block(
        self, ids: array[int], weights: array[float], values: list[bytes], lengths: list[int]
    ) -> None:
        """Buffer and write up to one block of postings (``blocklimit`` at most)."""
        if len(self):  # postings buffered from the previous call
            self._write_block()
        self._ids = ids
        self._weights = weights
        self._values = values
        self._maxweight = max(weights)
        known = [length for length in lengths if length]
        self._minlength = min(known) if known else None
        self._maxlength = max(known, default=0)

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return tuple(map(operator.sub, ids, chain((0,), ids)))

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's block, except for the pickle protocol and small blocks left uncompressed."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        data = pickle.dumps(
            (self._mini_ids(), self._mini_weights(), self._mini_values()), PICKLE_PROTOCOL
        )
        level = self._compression if len(data) >= _COMPRESS_FROM else 0
        if level:
            data = zlib.compress(data, level)
        info = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                level,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)  # negative: the term's last block
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


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
        writer = self._postwriter
        limit = writer._blocklimit
        for start in range(0, len(docs), limit):
            ids = docs[start : start + limit]
            writer.add_block(
                ids,
                weights[start : start + limit],
                values[start : start + limit],  # empty for formats without values
                [lengths[d] for d in ids],
            )
        self.finish_term()
