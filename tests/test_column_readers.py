"""Our column readers read what Whoosh's readers read, from the same bytes."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from whoosh import columns
from whoosh.filedb.structfile import BufferFile, StructFile

from searchbrief import BriefingIndex
from searchbrief.engine.columns import (
    RefBytesReader,
    VarBytesReader,
    open_column,
    read_column,
    read_numbers,
    read_references,
    split_uniques,
)
from searchbrief.engine.directory import open_index
from searchbrief.engine.whoosh_private import per_doc_reader, reference_values, wrapped

#: Values with lengths that need one- and two-byte varints, some documents empty.
VALUES = [b"", b"a", b"\xff" * 127, b"b" * 128, b"", b"c" * 300, b"d" * 16384, b"a", b""]
MANY = [f"briefing-{n % 300}".encode() for n in range(700)]  # past 255 distinct: two-byte refs


def written(column: Any, values: list[Any], *, padding: int = 3) -> tuple[BufferFile, int, int]:
    """``values`` written by Whoosh's own writer after ``padding`` other bytes."""
    out = BytesIO()
    dbfile = StructFile(out)
    dbfile.write(b"x" * padding)
    writer = column.writer(dbfile)
    for docnum, value in enumerate(values):
        if value is not None:
            writer.add(docnum, value)
    writer.finish(len(values))
    data = out.getvalue()
    return BufferFile(data + b"trailing"), padding, len(data) - padding


COLUMNS = [
    ("varbytes", columns.VarBytesColumn(), VALUES),
    ("varbytes with offsets", columns.VarBytesColumn(write_offsets_cutoff=0), VALUES),
    ("refbytes", columns.RefBytesColumn(), VALUES),
    ("refbytes, many values", columns.RefBytesColumn(), MANY),
    ("refbytes, fixed length", columns.RefBytesColumn(fixedlen=2), [b"ab", b"cd", b"ab", b"ef"]),
    ("pickled", columns.PickleColumn(columns.VarBytesColumn()), [("a", 1), None, {"b": [2]}]),
    ("numeric", columns.NumericColumn("i"), [3, 0, -7, 2**20]),
]


@pytest.mark.parametrize(
    ("column", "values"), [c[1:] for c in COLUMNS], ids=[c[0] for c in COLUMNS]
)
def test_open_column_reads_what_whoosh_reads(column: Any, values: list[Any]) -> None:
    dbfile, basepos, length = written(column, values)
    whooshs = column.reader(dbfile, basepos, length, len(values))
    ours = open_column(column, dbfile, basepos, length, len(values))
    assert list(ours) == list(whooshs)
    assert [ours[n] for n in reversed(range(len(values)))] == [
        whooshs[n] for n in reversed(range(len(values)))
    ]


#: Numeric columns, some with documents past the last value written (Whoosh writes no defaults).
NUMBERS = [
    ("bytes", columns.NumericColumn("B"), [3, 0, 255, 7, None, None]),
    ("signed", columns.NumericColumn("i", default=-1), [3, -1, -7, 2**20]),
    ("64-bit", columns.NumericColumn("Q", default=2**64 - 1), [2**40, None, 5, None]),
    ("floats", columns.NumericColumn("d", default=0.5), [0.25, -1.5, None]),
    ("none written", columns.NumericColumn("H"), [None, None, None]),
]


@pytest.mark.parametrize(
    ("column", "values"), [c[1:] for c in COLUMNS + NUMBERS], ids=[c[0] for c in COLUMNS + NUMBERS]
)
def test_read_column_reads_what_whoosh_reads(column: Any, values: list[Any]) -> None:
    dbfile, basepos, length = written(column, values)
    for reader in (
        column.reader(dbfile, basepos, length, len(values)),
        open_column(column, dbfile, basepos, length, len(values)),
    ):
        assert read_column(reader, len(values)) == list(reader)
        assert read_column(reader, len(values), repr) == list(map(repr, reader))


def test_bulk_reads_know_their_columns() -> None:
    dbfile, basepos, length = written(columns.NumericColumn("i"), [1, 2])
    numbers = columns.NumericColumn("i").reader(dbfile, basepos, length, 4)
    assert read_references(numbers) is None
    found = read_numbers(numbers)
    assert found is not None and (list(found[0]), found[1]) == ([1, 2], 0)
    dbfile, basepos, length = written(columns.RefBytesColumn(), MANY)
    refs = columns.RefBytesColumn().reader(dbfile, basepos, length, len(MANY))
    assert read_numbers(refs) is None
    pair = read_references(refs)
    assert pair is not None and [pair[1][r] for r in pair[0]] == MANY


def test_our_readers_are_used_for_bytes_columns() -> None:
    dbfile, basepos, length = written(columns.VarBytesColumn(), VALUES)
    assert isinstance(
        open_column(columns.VarBytesColumn(), dbfile, basepos, length, 9), VarBytesReader
    )
    dbfile, basepos, length = written(columns.RefBytesColumn(), MANY)
    reader = open_column(columns.RefBytesColumn(), dbfile, basepos, length, len(MANY))
    assert isinstance(reader, RefBytesReader)
    assert reference_values(reader)[1:] == [f"briefing-{n}".encode() for n in range(300)]


def test_split_uniques_reads_multibyte_varints() -> None:
    # A count of 2, then lengths 1 and 200 (200 = 0xC8: 0x48 with the high bit, then 0x01).
    data = b"\x02" + b"\x01" + b"z" + b"\xc8\x01" + b"y" * 200
    assert split_uniques(data) == [b"z", b"y" * 200]
    assert split_uniques(b"\x03abcdef", fixedlen=2) == [b"ab", b"cd", b"ef"]
    assert split_uniques(b"\x00") == []


def test_an_index_writes_stored_field_offsets(tmp_path: Path, briefings_dir: Path) -> None:
    index, report = BriefingIndex.build(tmp_path / "index", [briefings_dir])
    with index:
        assert report.added
        reader = open_index(index.directory).reader()
        try:
            for segment, _ in reader.leaf_readers():
                perdoc = per_doc_reader(segment)
                stored = perdoc.column_reader(
                    "_stored", columns.PickleColumn(columns.VarBytesColumn())
                )
                assert wrapped(stored).had_stored_offsets
                assert segment.stored_fields(0)["briefing_id"]
        finally:
            reader.close()
