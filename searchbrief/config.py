"""Where things live (the index directory, the default sources) and the limits on input."""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable that names the index directory.
INDEX_ENV = "SEARCHBRIEF_INDEX"
#: The index directory when neither an option nor the environment names one.
DEFAULT_INDEX = Path("index")
#: The sources indexed when none is given.
DEFAULT_SOURCE = Path("seeds")
#: The largest briefing file read, in bytes, unless told otherwise: a hundred
#: times the largest real briefing seen (0.2 MB), far below what would strain
#: memory (reading takes some 25 times a file's size).
MAX_SIZE = 20_000_000


def index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index directory: ``explicit`` > ``$SEARCHBRIEF_INDEX`` > ``index/``."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(INDEX_ENV)
    return Path(from_env) if from_env else DEFAULT_INDEX


def is_default_index(explicit: str | os.PathLike[str] | None = None) -> bool:
    """Whether the index directory comes from the built-in default."""
    return not explicit and not os.environ.get(INDEX_ENV)
