"""The benchmark tools' own tests (``pytest bench``): kept apart from the product's suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test touches the user's real index."""
    monkeypatch.setenv("SEARCHBRIEF_INDEX", str(tmp_path / "index"))
    yield
