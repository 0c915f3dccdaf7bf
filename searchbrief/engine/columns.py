"""Whoosh's columns read whole, and column readers opened without a Python loop.

**Reading a column whole.** Whoosh reads a column value by value: a seek and an
unpack per document.  Search, scoring and the reports want whole columns (a
briefing id and a date per matching turn, a length per scored document, the
words spoken per day), so :func:`read_column` reads a segment's column in one
piece: a numeric column (fixed-size numbers) as one array, a reference column
as one array of references into its distinct values.  Any other column is read
value by value by Whoosh's reader.

**Opening a column.** Two columns a search opens have readers that do
per-document work in Python before the first value is read:

- a **variable-length bytes** column (the stored fields) keeps each document's
  length; unless the segment holds more than 32,768 documents, Whoosh derives
  every offset from the lengths one ``array.append`` at a time;
- a **reference** column (``briefing_id``) ends with the distinct values, which
  Whoosh reads with two file reads per value.

:func:`open_column` opens the same columns, in the same format, with the
offsets summed by :func:`itertools.accumulate` and the distinct values cut out
of one read.  Any other column opens with Whoosh's own reader.
"""

from __future__ import annotations

import struct
import sys
from array import array, typecodes
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from whoosh import columns

from searchbrief.engine import whoosh_private


def read_column(
    reader: Any, doccount: int, convert: Callable[[Any], Any] | None = None
) -> list[Any]:
    """Every document's value in a column (a Whoosh column reader), by document number.

    Numeric and reference columns are read in one piece, without a Python loop
    per document; any other column value by value.  ``convert``, if given, is
    applied to each value: to each distinct value of a reference column.
    """
    references = read_references(reader)
    if references is not None:
        refs, distinct = references
        if convert is not None:
            distinct = list(map(convert, distinct))
        return list(map(distinct.__getitem__, refs))
    numbers = read_numbers(reader)
    if numbers is None:
        values = list(reader)
    else:
        written, default = numbers
        values = written.tolist() + [default] * (doccount - len(written))
    return values if convert is None else list(map(convert, values))


def segment_column(
    segment_reader: Any, fieldname: str, convert: Callable[[Any], Any] | None = None
) -> list[Any]:
    """:func:`read_column` of a field's column in a segment, its values as stored."""
    reader = segment_reader.column_reader(fieldname, translate=False)
    return read_column(reader, segment_reader.doc_count_all(), convert)


def read_numbers(reader: Any) -> tuple[array[Any], Any] | None:
    """A numeric column's values as written, in one read, and the value of the documents after.

    Whoosh writes values up to the last document without the default.  None
    unless ``reader`` is Whoosh's reader of fixed-size numbers that an
    :class:`array` holds at the same size.
    """
    if not isinstance(reader, columns.NumericColumn.Reader):
        return None
    file, start, _ = whoosh_private.column_extent(reader)
    count, size, typecode, default = whoosh_private.numeric_layout(reader)
    if not _holds(typecode, size):
        return None
    return _network_array(typecode, file.get(start, count * size)), default


def read_references(reader: Any) -> tuple[array[int], list[bytes]] | None:
    """A reference column's references (one per document) and the values they point to.

    None unless ``reader`` is Whoosh's reader of a reference column.
    """
    if not isinstance(reader, columns.RefBytesColumn.Reader):
        return None
    file, start, doccount = whoosh_private.column_extent(reader)
    itemsize, typecode, _ = whoosh_private.reference_layout(reader)
    if not _holds(typecode, itemsize):
        return None
    refs = _network_array(typecode, file.get(start, doccount * itemsize))
    return refs, whoosh_private.reference_values(reader)


def _holds(typecode: str, size: int) -> bool:
    """Whether an :class:`array` of ``typecode`` holds numbers of ``size`` bytes."""
    return typecode in typecodes and array(typecode).itemsize == size


def _network_array(typecode: str, data: bytes) -> array[Any]:
    """The numbers Whoosh wrote in network order, in this machine's order."""
    values = array(typecode, data)
    if sys.byteorder == "little" and values.itemsize > 1:
        values.byteswap()
    return values


def open_column(column: Any, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
    """The reader of ``column`` (stored at ``basepos``, ``length`` bytes) in ``dbfile``."""
    kind = type(column)
    if kind is columns.VarBytesColumn:
        return VarBytesReader(dbfile, basepos, length, doccount)
    if kind is columns.RefBytesColumn:
        fixedlen = whoosh_private.column_fixed_length(column)
        return RefBytesReader(dbfile, basepos, length, doccount, fixedlen)
    if isinstance(column, columns.PickleColumn):
        child = open_column(whoosh_private.wrapped(column), dbfile, basepos, length, doccount)
        return column.Reader(child)
    return column.reader(dbfile, basepos, length, doccount)


class VarBytesReader(columns.VarBytesColumn.Reader):  # type: ignore[misc]
    """Whoosh's variable-length bytes reader, its offsets summed in one C call."""

    def _read_offsets_and_lengths(self) -> None:  # Whoosh's: see whoosh_private
        dbfile, basepos, doccount = whoosh_private.column_extent(self)
        lastbyte = basepos + whoosh_private.column_byte_length(self) - 1
        lens_code = chr(dbfile.get_byte(lastbyte))
        if lens_code == "X":  # the offsets were written out: nothing to derive
            super()._read_offsets_and_lengths()
            return
        lenstart = lastbyte - struct.calcsize(lens_code) * doccount
        lengths = dbfile.get_array(lenstart, lens_code, doccount)
        offsets = array("L", accumulate(lengths, initial=0))
        offsets.pop()  # the sum of all lengths: where no document starts
        whoosh_private.set_var_offsets_and_lengths(self, offsets, lengths)


class RefBytesReader(columns.RefBytesColumn.Reader):  # type: ignore[misc]
    """Whoosh's reference reader, its distinct values cut from a single read."""

    def __init__(
        self, dbfile: Any, basepos: int, length: int, doccount: int, fixedlen: int
    ) -> None:
        self.byte_length = length  # Whoosh's reader does not keep it; _read_uniques needs it
        super().__init__(dbfile, basepos, length, doccount, fixedlen)

    def _read_uniques(self) -> list[bytes]:  # Whoosh's: see whoosh_private
        # The references come first, then the values, then one typecode byte.
        dbfile, basepos, doccount = whoosh_private.column_extent(self)
        itemsize, _, fixedlen = whoosh_private.reference_layout(self)
        start = basepos + doccount * itemsize
        end = basepos + self.byte_length - 1
        return split_uniques(dbfile.get(start, end - start), fixedlen)


def split_uniques(data: bytes, fixedlen: int = 0) -> list[bytes]:
    """The values of a reference column's value list: a count, then each value.

    Each value is preceded by its length unless they all have ``fixedlen``;
    the count and the lengths are varints (seven bits a byte, low bits first).
    A length under 128 is one byte: read in line, without a call.
    """
    count, pos = _varint(data, 0)
    if fixedlen:
        return [data[p : p + fixedlen] for p in range(pos, pos + count * fixedlen, fixedlen)]
    uniques: list[bytes] = []
    append = uniques.append
    for _ in range(count):
        size = data[pos]
        if size & 0x80:
            size, pos = _varint(data, pos)
        else:
            pos += 1
        append(data[pos : pos + size])
        pos += size
    return uniques


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint at ``pos`` in ``data``, and the position after it."""
    byte = data[pos]
    value = byte & 0x7F
    shift = 7
    while byte & 0x80:
        pos += 1
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        shift += 7
    return value, pos + 1
