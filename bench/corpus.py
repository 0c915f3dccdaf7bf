"""Reading the shared corpus once per run, through searchbrief's own reader."""

from __future__ import annotations

import os
import sys
import time
from functools import lru_cache
from pathlib import Path

from searchbrief.documents.briefing import Briefing
from searchbrief.documents.reader import read_briefing
from searchbrief.errors import BriefingReadError

CORPUS_ENV = "SEARCHBRIEF_CORPUS"
SUFFIXES = frozenset({".md", ".markdown", ".txt"})  # as searchbrief's indexer


def corpus_files(root: Path) -> list[Path]:
    """The briefing files under ``root`` as searchbrief's indexer finds them, sorted.

    Files ending in ``.md``, ``.markdown`` or ``.txt``; anything under a hidden
    folder, or hidden itself, is skipped.
    """
    found = [
        path
        for path in root.rglob("*")
        if path.suffix in SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.is_file()
    ]
    return sorted(found)


def corpus_dir(value: str | None = None) -> Path:
    """The corpus folder: ``value``, else ``$SEARCHBRIEF_CORPUS``.

    Raises ``SystemExit`` with a one-line message when neither names a folder.
    """
    value = value or os.environ.get(CORPUS_ENV)
    if not value:
        raise SystemExit(f"{CORPUS_ENV} is not set: point it at the shared corpus")
    path = Path(value)
    if not path.is_dir():
        raise SystemExit(f"{CORPUS_ENV}={value} is not a folder")
    return path


@lru_cache(maxsize=2)
def load_corpus(root: Path) -> tuple[Briefing, ...]:
    """Every briefing under ``root`` (:func:`corpus_files`); cached for the run.

    Files the reader rejects are reported on stderr and left out.
    """
    paths = corpus_files(root)
    started = time.perf_counter()
    briefings: list[Briefing] = []
    for number, path in enumerate(paths, 1):
        try:
            briefings.append(read_briefing(path))
        except BriefingReadError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
        if number % 500 == 0:
            print(f"read {number}/{len(paths)} files", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"read {len(briefings)} briefings in {seconds:.1f} s", file=sys.stderr)
    return tuple(briefings)
