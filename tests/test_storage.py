"""Searches read segments through a memory map, and read what Whoosh's own storage reads."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from searchbrief import BriefingIndex
from searchbrief.engine.directory import open_index
from searchbrief.engine.storage import SegmentStorage
from tests.briefing_files import briefing, many

QUERIES = ["*", "president", '"the President"', "Q* OR question", "speaker:psaki", "date:2021"]


@pytest.fixture
def two_segments(tmp_path: Path, briefings_dir: Path) -> Path:
    """An index written in two runs, so that a search reads more than one segment."""
    directory, extra = tmp_path / "index", tmp_path / "extra"
    many(extra, 3, "walrus")
    for sources in ([briefings_dir], [briefings_dir, extra]):
        index, report = BriefingIndex.build(directory, sources)
        index.close()
        assert not report.failed
    assert len(list(directory.glob("*.seg"))) == 2
    return directory


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_reads_what_whoosh_storage_reads(two_segments: Path, query: str) -> None:
    with BriefingIndex.create(two_segments) as whooshs, BriefingIndex.open(two_segments) as ours:
        assert isinstance(open_index(two_segments).storage, SegmentStorage)
        assert not isinstance(open_index(two_segments, for_writing=True).storage, SegmentStorage)
        for by in ("turn", "briefing"):
            expected = whooshs.search(query, by=by, limit=None)
            assert expected.total_turns > 0
            assert ours.search(query, by=by, limit=None) == expected


def test_an_index_opened_to_search_can_be_updated(two_segments: Path, tmp_path: Path) -> None:
    for name in ("narwhal-1.md", "narwhal-2.md"):
        briefing(tmp_path / "more", name, "A narwhal was seen today.")
    with BriefingIndex.open(two_segments) as index:
        before = index.search("walrus", by="turn").total_turns
        report = index.update([tmp_path / "more"])
        assert report.added == 2
        assert index.search("narwhal", by="turn").total_turns == 2
        assert index.search("walrus", by="turn").total_turns == before


def open_segment_files(directory: Path) -> list[str]:
    """The segment files of ``directory`` that this process holds open."""
    fds = Path("/proc/self/fd")
    inside = os.path.realpath(directory) + os.sep
    return [
        target
        for fd in fds.iterdir()
        if (target := os.path.realpath(fd)).startswith(inside) and target.endswith(".seg")
    ]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_closing_releases_the_segments(two_segments: Path) -> None:
    with BriefingIndex.open(two_segments) as index:
        index.search("president")
        assert len(open_segment_files(two_segments)) == 2  # each map holds its segment open
    gc.collect()
    assert open_segment_files(two_segments) == []
