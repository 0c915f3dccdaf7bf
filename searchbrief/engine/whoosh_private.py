"""Every private Whoosh name searchbrief uses, reached through this module and no other.

searchbrief extends Whoosh below its public API: a codec that writes a term's
postings a block at a time (:mod:`~searchbrief.engine.codec`), a writer fed
postings analysed elsewhere (:mod:`~searchbrief.engine.writer`), columns read
whole (:mod:`~searchbrief.engine.columns`), postings read block by block
(:mod:`~searchbrief.engine.posting_blocks`) and segments read in place
(:mod:`~searchbrief.engine.storage`).  These need names that Whoosh keeps
private, and any release may rename them.  Each is reached through a function
here, named for what it gives, and listed in :data:`PRIVATE_NAMES` with the
reason; the private methods that searchbrief's subclasses override are listed
there as ``override``.  ``tests/test_whoosh_private.py`` checks that each name
still exists in the installed Whoosh and that every override is listed.

Importing this module checks that the installed Whoosh is :data:`WHOOSH_VERSION`,
the release these names were read from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, NamedTuple, cast

import whoosh

from searchbrief.errors import SearchbriefError

#: The Whoosh release whose internals searchbrief uses (pinned in pyproject.toml).
WHOOSH_VERSION = "2.7.4"


class WhooshVersionError(SearchbriefError, ImportError):
    """The installed Whoosh is not the release whose private names searchbrief uses."""


def check_version() -> None:
    """Raise :class:`WhooshVersionError` unless the installed Whoosh is :data:`WHOOSH_VERSION`."""
    found = whoosh.versionstring()
    if found != WHOOSH_VERSION:
        raise WhooshVersionError(
            f"searchbrief needs Whoosh {WHOOSH_VERSION} (its private internals are used, "
            f"see searchbrief/engine/whoosh_private.py); found {found}: "
            f"reinstall with `pip install whoosh=={WHOOSH_VERSION}`"
        )


check_version()

# Only after the check: another Whoosh may fail on this import before saying its version.
from whoosh.codec import whoosh3  # noqa: E402

Kind = Literal["function", "method", "attribute", "argument", "override"]


class PrivateName(NamedTuple):
    """A private Whoosh name: where Whoosh defines it, what it is, why searchbrief needs it."""

    owner: str  # the dotted path of the Whoosh module or class that defines it
    name: str
    kind: Kind  # an "attribute" is set on instances; an "override" is redefined by a subclass
    why: str


_READER = "whoosh.reading.SegmentReader"
_W3 = "whoosh.codec.whoosh3"
_PERDOC_W = f"{_W3}.W3PerDocWriter"
_PERDOC_R = f"{_W3}.W3PerDocReader"
_POSTINGS = f"{_W3}.W3PostingsWriter"
_WRITER = "whoosh.writing.SegmentWriter"
_FILES = "whoosh.filedb.structfile"
_COLUMNS = "whoosh.columns"
_VAR = f"{_COLUMNS}.VarBytesColumn.Reader"
_NUM = f"{_COLUMNS}.NumericColumn.Reader"
_REF = f"{_COLUMNS}.RefBytesColumn.Reader"
_TERMS = f"{_W3}.W3TermsReader"
_FIELD_W = f"{_W3}.W3FieldWriter"
_WRAPPED = f"{_COLUMNS}.WrappedColumn"

#: Every private Whoosh name searchbrief uses.
PRIVATE_NAMES: tuple[PrivateName, ...] = (
    # Segment readers: what a segment holds, opened by Whoosh.
    PrivateName(_READER, "_perdoc", "attribute", "per-document reader: columns read whole"),
    PrivateName(_READER, "_terms", "attribute", "terms reader: postings read a block at a time"),
    PrivateName(_TERMS, "_postfile", "attribute", "the postings file, read by blocks"),
    # The codec: what searchbrief writes, and how it opens its columns.
    PrivateName(_W3, "_lenfield", "function", "the name of a field's column of lengths"),
    PrivateName(f"{_W3}.W3Codec", "_blocklimit", "attribute", "postings per block: for our writer"),
    PrivateName(f"{_W3}.W3Codec", "_compression", "attribute", "zlib level: for our writer"),
    PrivateName(f"{_W3}.W3Codec", "_inlinelimit", "attribute", "inlined postings: for our writer"),
    PrivateName(_PERDOC_W, "_storedfields", "attribute", "a document's stored fields, set in bulk"),
    PrivateName(_PERDOC_W, "_fieldlengths", "attribute", "fields' total lengths, kept as we write"),
    PrivateName(_PERDOC_W, "_create_column", "override", "makes the stored fields our column"),
    PrivateName(_PERDOC_R, "_colfiles", "attribute", "column files opened, closed by close()"),
    PrivateName(_PERDOC_R, "_get_column_file", "method", "opens a column file for our readers"),
    PrivateName(_PERDOC_R, "_cached_reader", "method", "the stored fields' reader, kept"),
    PrivateName(_POSTINGS, "_write_block", "override", "newer pickles; small blocks uncompressed"),
    PrivateName(_POSTINGS, "_ids", "attribute", "the block's document numbers, set in bulk"),
    PrivateName(_POSTINGS, "_weights", "attribute", "the block's weights, set in bulk"),
    PrivateName(_POSTINGS, "_values", "attribute", "the block's encoded values, set in bulk"),
    PrivateName(_POSTINGS, "_maxweight", "attribute", "the block's highest weight, set in bulk"),
    PrivateName(_POSTINGS, "_minlength", "attribute", "the block's shortest length, set in bulk"),
    PrivateName(_POSTINGS, "_maxlength", "attribute", "the block's longest length, set in bulk"),
    PrivateName(_POSTINGS, "_mini_weights", "method", "a block's weights as Whoosh writes them"),
    PrivateName(_POSTINGS, "_mini_values", "method", "a block's values as Whoosh writes them"),
    PrivateName(_POSTINGS, "_blockcount", "attribute", "the term's blocks, counted as Whoosh does"),
    PrivateName(_POSTINGS, "_new_block", "method", "empties the block buffer after a write"),
    PrivateName(_FIELD_W, "_postwriter", "attribute", "given a term's postings whole"),
    # The segment writer: segments written in other processes, committed together.
    PrivateName(_WRITER, "_lk", "argument", "False: we hold our own lock (directory.writing)"),
    PrivateName(_WRITER, "_check_state", "method", "refuses a closed writer"),
    PrivateName(_WRITER, "_added", "attribute", "whether the writer holds new documents"),
    PrivateName(_WRITER, "_merge_segments", "method", "runs the merge policy before a commit"),
    PrivateName(_WRITER, "_finalize_segment", "method", "finishes a segment, not committed"),
    PrivateName(_WRITER, "_close_segment", "method", "drops a segment that will not be committed"),
    PrivateName(_WRITER, "_commit_toc", "method", "commits segments written by other processes"),
    PrivateName(_WRITER, "_finish", "method", "releases the writer after a commit"),
    PrivateName(_WRITER, "_flush_segment", "override", "writes the pooled postings term by term"),
    # Scoring: BM25 a column at a time, with the weighting's own parameters.
    PrivateName("whoosh.scoring.BM25F", "_field_B", "attribute", "per-field B parameters"),
    # Files: segments read in place from a memory map.
    PrivateName(f"{_FILES}.StructFile", "_name", "attribute", "a file's name: parts, errors"),
    PrivateName(f"{_FILES}.BufferFile", "_buf", "attribute", "its bytes: a view of the map"),
    # Columns: read whole, or opened without a Python loop.
    PrivateName(f"{_COLUMNS}.ColumnReader", "_dbfile", "attribute", "the column's file"),
    PrivateName(f"{_COLUMNS}.ColumnReader", "_basepos", "attribute", "where the column starts"),
    PrivateName(f"{_COLUMNS}.ColumnReader", "_doccount", "attribute", "the segment's documents"),
    PrivateName(_VAR, "_length", "attribute", "the column's size: its lengths are at the end"),
    PrivateName(_VAR, "_offsets", "attribute", "values' offsets: summed in one call"),
    PrivateName(_VAR, "_lengths", "attribute", "values' lengths: stored fields read in place"),
    PrivateName(_VAR, "_read_offsets_and_lengths", "override", "sums offsets in one call"),
    PrivateName(_NUM, "_count", "attribute", "values written: later documents have the default"),
    PrivateName(_NUM, "_fixedlen", "attribute", "a value's size in bytes"),
    PrivateName(_NUM, "_typecode", "attribute", "the values' type: read as an array of it"),
    PrivateName(_NUM, "_default", "attribute", "the value of documents after those written"),
    PrivateName(f"{_COLUMNS}.RefBytesColumn", "_fixedlen", "attribute", "for our reader"),
    PrivateName(_REF, "_itemsize", "attribute", "the size of a document's reference"),
    PrivateName(_REF, "_typecode", "attribute", "the references' type: read as an array of it"),
    PrivateName(_REF, "_fixedlen", "attribute", "the values' size (0: each has its own length)"),
    PrivateName(_REF, "_uniques", "attribute", "the distinct values the references point to"),
    PrivateName(_REF, "_read_uniques", "override", "cuts the values from one read, not two each"),
    PrivateName(_WRAPPED, "_child", "attribute", "the bytes column in a pickled one"),
    PrivateName(f"{_WRAPPED}Reader", "_child", "attribute", "the stored fields' bytes reader"),
)  # fmt: skip


# Segment readers


def per_doc_reader(segment_reader: Any) -> Any | None:
    """A segment reader's per-document reader (None for a reader without one)."""
    return getattr(segment_reader, "_perdoc", None)


def terms_reader(segment_reader: Any) -> Any | None:
    """A segment reader's terms reader (None for a reader without one)."""
    return getattr(segment_reader, "_terms", None)


def terms_postings_file(terms: Any) -> Any:
    """The postings file of a ``W3TermsReader``."""
    return terms._postfile


# The codec

#: ``length_column_name(fieldname)``: the name of the column of a field's lengths.
length_column_name = whoosh3._lenfield


def postings_settings(codec: Any) -> dict[str, Any]:
    """A ``W3Codec``'s postings settings, as ``W3PostingsWriter`` takes them."""
    return {
        "blocklimit": codec._blocklimit,
        "compression": codec._compression,
        "inlinelimit": codec._inlinelimit,
    }


def document_stored_fields(perdoc_writer: Any) -> dict[str, Any]:
    """The stored-fields dict of the document a ``W3PerDocWriter`` writes (new per document)."""
    return cast(dict[str, Any], perdoc_writer._storedfields)


def field_length_totals(perdoc_writer: Any) -> dict[str, int]:
    """A ``W3PerDocWriter``'s total length per field, saved with the segment."""
    return cast(dict[str, int], perdoc_writer._fieldlengths)


def open_column_file(perdoc_reader: Any, fieldname: str) -> tuple[Any, int, int]:
    """A column's file, offset and length, opened as ``W3PerDocReader`` opens it (once)."""
    files = perdoc_reader._colfiles
    if fieldname not in files:
        files[fieldname] = perdoc_reader._get_column_file(fieldname)
    return cast(tuple[Any, int, int], files[fieldname])


def cached_column_reader(perdoc_reader: Any, fieldname: str, column: Any) -> Any:
    """A column's reader, opened once per ``W3PerDocReader`` (None without the column)."""
    return perdoc_reader._cached_reader(fieldname, column)


def fill_block(
    postings_writer: Any,
    ids: Sequence[int],
    weights: Sequence[float],
    values: list[bytes],
    maxweight: float,
    minlength: int | None,
    maxlength: int,
) -> None:
    """Give a ``W3PostingsWriter`` a whole block of postings, as ``add_posting`` would."""
    postings_writer._ids = ids
    postings_writer._weights = weights
    postings_writer._values = values
    postings_writer._maxweight = maxweight
    postings_writer._minlength = minlength
    postings_writer._maxlength = maxlength


def buffered_ids(postings_writer: Any) -> Sequence[int]:
    """The document numbers of the block a ``W3PostingsWriter`` has buffered."""
    return cast(Sequence[int], postings_writer._ids)


def minified_weights_and_values(postings_writer: Any) -> tuple[Any, Any]:
    """The buffered block's weights and values as Whoosh writes them."""
    return postings_writer._mini_weights(), postings_writer._mini_values()


def start_next_block(postings_writer: Any) -> None:
    """Count the block just written and empty the buffer, as Whoosh's ``_write_block`` ends."""
    postings_writer._blockcount += 1
    postings_writer._new_block()


def field_postings_writer(field_writer: Any) -> Any:
    """The postings writer of the field a ``W3FieldWriter`` is writing."""
    return field_writer._postwriter


# The segment writer


def writer_lock_argument(lock: bool) -> dict[str, bool]:
    """The ``SegmentWriter`` argument that makes it take Whoosh's write lock, or not."""
    return {"_lk": lock}


def check_writer_open(writer: Any) -> None:
    """Raise Whoosh's error if the ``SegmentWriter`` was committed or cancelled."""
    writer._check_state()


def mark_added(writer: Any) -> None:
    """Note that the ``SegmentWriter`` holds new documents (its segment is kept)."""
    writer._added = True


def has_added(writer: Any) -> bool:
    """Whether the ``SegmentWriter`` holds new documents."""
    return bool(writer._added)


def merge_segments(writer: Any, mergetype: Any) -> list[Any]:
    """Run the writer's merge policy: the segments left to commit."""
    return cast(list[Any], writer._merge_segments(mergetype, None, None))


def finalize_segment(writer: Any) -> Any:
    """Finish the writer's new segment, not committed."""
    return writer._finalize_segment()


def close_segment(writer: Any) -> None:
    """Close the writer's new segment, which will not be committed."""
    writer._close_segment()


def commit_toc(writer: Any, segments: list[Any]) -> None:
    """Write a new generation of the index made of ``segments``."""
    writer._commit_toc(segments)


def finish_writer(writer: Any) -> None:
    """Release the writer after a commit (and its lock, if it took one)."""
    writer._finish()


# Scoring


def bm25f_field_b(weighting: Any) -> dict[str, float]:
    """A ``BM25F`` weighting's per-field B parameters (``weighting.B`` for the rest)."""
    return cast(dict[str, float], weighting._field_B)


# Files


def file_name(structfile: Any) -> str | None:
    """A ``StructFile``'s name."""
    return cast(str | None, structfile._name)


def set_file_buffer(buffer_file: Any, buf: Any) -> None:
    """Set the bytes a ``BufferFile`` reads from."""
    buffer_file._buf = buf


def file_buffer(structfile: Any) -> Any | None:
    """The bytes a ``BufferFile`` reads from (None for other files)."""
    return getattr(structfile, "_buf", None)


# Columns


class ColumnExtent(NamedTuple):
    """Where a column reader reads."""

    file: Any  # a StructFile
    start: int  # where the column starts in the file
    doccount: int  # the documents of its segment


def column_extent(reader: Any) -> ColumnExtent:
    """Where a Whoosh column reader reads."""
    return ColumnExtent(reader._dbfile, reader._basepos, reader._doccount)


def column_byte_length(reader: Any) -> int:
    """The size in bytes of the column a ``VarBytesColumn.Reader`` reads."""
    return cast(int, reader._length)


def var_offsets_and_lengths(reader: Any) -> tuple[Sequence[int], Sequence[int]]:
    """Each value's offset from the column's start, and its length (``VarBytesColumn``)."""
    return reader._offsets, reader._lengths


def set_var_offsets_and_lengths(
    reader: Any, offsets: Sequence[int], lengths: Sequence[int]
) -> None:
    """Give a ``VarBytesColumn.Reader`` its values' offsets and lengths."""
    reader._offsets = offsets
    reader._lengths = lengths


class NumericLayout(NamedTuple):
    """How a ``NumericColumn.Reader``'s values lie: fixed-size, in network order."""

    written: int  # values written; the documents past them have the default
    size: int  # a value's size in bytes
    typecode: str  # its struct type
    default: Any


def numeric_layout(reader: Any) -> NumericLayout:
    """How the values of a ``NumericColumn.Reader`` lie in its column."""
    return NumericLayout(reader._count, reader._fixedlen, reader._typecode, reader._default)


class ReferenceLayout(NamedTuple):
    """How a ``RefBytesColumn.Reader``'s references lie: one per document, then the values."""

    itemsize: int  # a reference's size in bytes
    typecode: str  # its struct type
    fixedlen: int  # the values' size, or 0 when each has its own length


def reference_layout(reader: Any) -> ReferenceLayout:
    """How the references of a ``RefBytesColumn.Reader`` lie in its column."""
    return ReferenceLayout(reader._itemsize, reader._typecode, reader._fixedlen)


def reference_values(reader: Any) -> list[bytes]:
    """The distinct values a ``RefBytesColumn.Reader``'s references point to."""
    return cast(list[bytes], reader._uniques)


def column_fixed_length(column: Any) -> int:
    """The fixed size of a ``RefBytesColumn``'s values (0 when each has its own length)."""
    return cast(int, column._fixedlen)


def wrapped(column: Any) -> Any:
    """The column (or column reader) inside a ``WrappedColumn`` such as ``PickleColumn``."""
    return column._child
