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

    def __reduce__(self) -> tuple[type[BriefingReadError], tuple[Path, str]]:
        """Pickled with both arguments, so it crosses to another process (the server's workers)."""
        return type(self), (self.path, self.reason)


class IndexNotFoundError(SearchbriefError):
    """There is no index where one was expected."""


class IndexOutdatedError(SearchbriefError):
    """The index was written in another format version and must be rebuilt."""


class IndexLockedError(SearchbriefError):
    """Another process is writing to the index."""


class IndexRunError(SearchbriefError):
    """An indexing run could not finish (a worker process died); nothing was committed."""


class QuerySyntaxError(SearchbriefError):
    """A query that cannot be understood; the message points at the problem."""


class QueryTooBroadError(QuerySyntaxError):
    """A query that would take too long (``*``-heavy wildcards and the like)."""


class SourceError(SearchbriefError):
    """A source folder or file to index is missing or holds no briefing."""


class TurnNotFoundError(SearchbriefError, LookupError):
    """No turn in the index has this id."""
