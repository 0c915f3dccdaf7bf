"""Whoosh's column readers, opened without a Python loop over the column.

A search opens two columns per segment whose readers do per-document work in
Python before the first value is read:

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
from array import array
from itertools import accumulate
from typing import Any

from whoosh import columns


def open_column(column: Any, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
    """The reader of ``column`` (stored at ``basepos``, ``length`` bytes) in ``dbfile``."""
    kind = type(column)
    if kind is columns.VarBytesColumn:
        return VarBytesReader(dbfile, basepos, length, doccount)
    if kind is columns.RefBytesColumn:
        return RefBytesReader(dbfile, basepos, length, doccount, column._fixedlen)
    if isinstance(column, columns.PickleColumn):
        child = open_column(column._child, dbfile, basepos, length, doccount)
        return column.Reader(child)
    return column.reader(dbfile, basepos, length, doccount)


class VarBytesReader(columns.VarBytesColumn.Reader):  # type: ignore[misc]
    """Whoosh's variable-length bytes reader, its offsets summed in one C call."""

    def _read_offsets_and_lengths(self) -> None:
        dbfile = self._dbfile
        lastbyte = self._basepos + self._length - 1
        lens_code = chr(dbfile.get_byte(lastbyte))
        if lens_code == "X":  # the offsets were written out: nothing to derive
            super()._read_offsets_and_lengths()
            return
        count = self._doccount
        lenstart = lastbyte - struct.calcsize(lens_code) * count
        self._lengths = dbfile.get_array(lenstart, lens_code, count)
        self._offsets = array("L", accumulate(self._lengths, initial=0))
        self._offsets.pop()  # the sum of all lengths: where no document starts


class RefBytesReader(columns.RefBytesColumn.Reader):  # type: ignore[misc]
    """Whoosh's reference reader, its distinct values cut from a single read."""

    def __init__(
        self, dbfile: Any, basepos: int, length: int, doccount: int, fixedlen: int
    ) -> None:
        self._length = length
        super().__init__(dbfile, basepos, length, doccount, fixedlen)

    def _read_uniques(self) -> list[bytes]:
        # The references come first, then the values, then one typecode byte.
        start = self._basepos + self._doccount * self._itemsize
        end = self._basepos + self._length - 1
        return split_uniques(self._dbfile.get(start, end - start), self._fixedlen)


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
