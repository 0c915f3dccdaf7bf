"""How a search reads the index's files: each segment memory-mapped and read in place.

A Whoosh segment is one compound file holding the segment's parts (term
dictionary, postings, stored fields, columns).  Whoosh's own memory-mapped mode
copies each part into memory the first time it is opened, which a fresh query
pays for in time and memory (see ``make bench``); reading without a map makes
every small read a system call.  :class:`SegmentStorage` maps each segment and
hands Whoosh its parts as views of the map: nothing is copied but the bytes
actually read.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

from whoosh.filedb.compound import SubFile
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from searchbrief.engine import whoosh_private

#: The suffix of Whoosh's compound segment files (``Segment.COMPOUND_EXT``).
SEGMENT_SUFFIX = ".seg"


class DurableStorage(FileStorage):  # type: ignore[misc]
    """Whoosh's :class:`FileStorage`, whose renames survive a power loss.

    Whoosh commits by writing the new table of contents under a temporary
    name and renaming it into place; the rename can reach the disk before the
    segments it names do.  Here, as SQLite and Lucene do, every file is
    flushed to disk first, then renamed, then the folder is flushed, so the
    rename itself is on disk when the commit returns.
    """

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        source, target = Path(self.folder) / oldname, Path(self.folder) / newname
        if safe and target.exists():
            raise NameError(f"File {newname!r} exists")
        for entry in os.scandir(self.folder):
            if entry.is_file(follow_symlinks=False):
                _sync(entry.path, os.O_RDONLY)
        os.replace(source, target)
        _sync(self.folder, os.O_RDONLY | os.O_DIRECTORY)


def _sync(path: str | Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SegmentStorage(FileStorage):  # type: ignore[misc]
    """A :class:`FileStorage` whose segment files are read through a memory map."""

    def __init__(self, path: str) -> None:
        # Without Whoosh's own map, a compound file's parts come from its subset().
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not name.endswith(SEGMENT_SUFFIX):
            return super().open_file(name, **kwargs)
        with (Path(self.folder) / name).open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedSegment(mapped, name=name, **kwargs)


class _MappedSegment(StructFile):  # type: ignore[misc]
    """A segment file over its map (the map keeps its own descriptor: no file stays open)."""

    is_closed: bool

    def subset(self, offset: int, length: int, name: str | None = None) -> _Part:
        return _Part(self.file, offset, length, name or whoosh_private.file_name(self))

    def close(self) -> None:
        if self.is_closed:
            raise ValueError(f"{whoosh_private.file_name(self)} is already closed")
        if self.onclose:
            self.onclose(self)
        self.is_closed = True
        try:
            self.file.close()
        except BufferError:
            pass  # parts are still in use: the map goes when the last of them does


class _Part(BufferFile):  # type: ignore[misc]
    """One part of a segment: a :class:`BufferFile` over a view of the map, not a copy.

    Whoosh's random reads (``get``, ``get_array``) slice the view; its
    sequential reads go through a :class:`SubFile` of the map.
    """

    def __init__(self, mapped: mmap.mmap, offset: int, length: int, name: str | None) -> None:
        StructFile.__init__(self, SubFile(mapped, offset, length), name=name)
        whoosh_private.set_file_buffer(self, memoryview(mapped)[offset : offset + length])
