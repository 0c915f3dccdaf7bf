from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchbrief import Briefing, BriefingIndex, IndexReport, read_briefing

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = Path(__file__).resolve().parent / "data" / "briefings"
SEED = ROOT / "seeds" / "000_3269ee957af46712.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def briefings_dir() -> Path:
    return BRIEFINGS


@pytest.fixture(autouse=True)
def isolated_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test touches the user's real index."""
    monkeypatch.setenv("SEARCHBRIEF_INDEX", str(tmp_path / "index"))
    yield


@dataclass(frozen=True)
class CorpusIndex:
    """The shared corpus indexed once per test session, with the reader's output."""

    index: BriefingIndex
    report: IndexReport
    briefings: list[Briefing]


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusIndex]:
    """Built once for every corpus test module (a build takes minutes)."""
    root = corpus_dir()
    briefings = [read_briefing(p) for p in sorted(root.rglob("*.md"))]
    index, report = BriefingIndex.build(tmp_path_factory.mktemp("corpus-index"), [root])
    assert not report.failed
    yield CorpusIndex(index, report, briefings)
    index.close()


def corpus_dir() -> Path:
    """The shared corpus from SEARCHBRIEF_CORPUS, or skip the test saying why."""
    value = os.environ.get("SEARCHBRIEF_CORPUS")
    if not value:
        pytest.skip("SEARCHBRIEF_CORPUS is not set: point it at the shared corpus to run this")
    path = Path(value)
    if not path.is_dir():  # a typo must not pass for "no corpus tests to run"
        pytest.fail(f"SEARCHBRIEF_CORPUS={value} is not a folder: fix the path, or unset it")
    return path
