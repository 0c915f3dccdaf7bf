"""A commit is durable: every file on disk before the table of contents is renamed, then the folder.

Faults are injected around the system calls from the test: ``os.fsync`` and
``os.replace`` are wrapped to record, in order, what each one touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from searchbrief import BriefingIndex
from tests.conftest import BRIEFINGS


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    recorded: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(fd: int) -> None:
        recorded.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def recording_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        recorded.append(("replace", os.fspath(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    return recorded


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name descriptors")
def test_segments_then_toc_rename_then_folder(tmp_path: Path, calls: list[tuple[str, str]]) -> None:
    directory = (tmp_path / "index").resolve()
    BriefingIndex.build(directory, [BRIEFINGS])[0].close()
    tocs = [
        i for i, (call, path) in enumerate(calls) if call == "replace" and path.endswith(".toc")
    ]
    assert tocs, calls
    last = tocs[-1]  # the commit of the update: the index's own segment is in it
    before = {Path(path).name for call, path in calls[:last] if call == "fsync"}
    segments = {p.name for p in directory.glob("*.seg")}
    assert segments and segments <= before
    assert any(name.startswith(Path(calls[last][1]).name + ".") for name in before)  # the temp TOC
    assert calls[last + 1] == ("fsync", str(directory))
