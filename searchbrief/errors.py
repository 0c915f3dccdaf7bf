"""Every error searchbrief raises on purpose; each message fits on one line."""

from __future__ import annotations

from pathlib import Path


class SearchbriefError(Exception):
    """The base of every error that searchbrief raises on purpose."""


class BriefingReadError(SearchbriefError):
    """A briefing file could not be read; the message names the file and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")
