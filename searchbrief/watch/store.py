"""Watches on disk: a JSON file beside the index, so ``index --rebuild`` leaves them be."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searchbrief import BriefingIndex
from searchbrief.errors import SearchbriefError

#: A watch's name: it is a file name in a feed's URL, so letters, digits, ``-`` and ``_``.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: The filters a watch may keep: the library's ``Filters`` that are plain data.
FILTERS = ("speaker", "role", "since", "until", "category", "exact")


class WatchError(SearchbriefError):
    """A watch that cannot be added, found or read."""


@dataclass
class Watch:
    """A saved query, its filters, and the briefings it has already reported."""

    name: str
    query: str
    filters: dict[str, Any] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "filters": self.filters}


def watches_path(index_dir: Path) -> Path:
    """Where the watches of the index at ``index_dir`` live: a file next to that directory."""
    index_dir = Path(index_dir).absolute()
    return index_dir.parent / f"{index_dir.name}.watches.json"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise WatchError(
            f"watch name {name!r} must be 1-64 letters, digits, '-' or '_', starting with"
            " a letter or digit"
        )
    return name


def load(index_dir: Path) -> dict[str, Watch]:
    """Every watch of the index at ``index_dir``, by name (none when there is no file yet)."""
    path = watches_path(index_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise WatchError(f"cannot read the watches in {path}: {exc}") from None
    watches: dict[str, Watch] = {}
    for item in data.get("watches", []):
        watch = Watch(
            name=str(item["name"]),
            query=str(item["query"]),
            filters=dict(item.get("filters", {})),
            seen=[str(s) for s in item.get("seen", [])],
        )
        watches[watch.name] = watch
    return watches


def save(index_dir: Path, watches: dict[str, Watch]) -> None:
    """Write ``watches`` atomically (a reader never sees half a file)."""
    path = watches_path(index_dir)
    items = [
        {"name": w.name, "query": w.query, "filters": w.filters, "seen": sorted(w.seen)}
        for w in sorted(watches.values(), key=lambda w: w.name)
    ]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"watches": items}, out, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def matching_ids(index: BriefingIndex, watch: Watch) -> list[str]:
    """The ids of every briefing the watch's query matches now."""
    result = index.search(watch.query, limit=None, **watch.filters)
    return [hit.briefing_id for hit in result.hits]


def add(index: BriefingIndex, name: str, query: str, filters: dict[str, Any]) -> Watch:
    """Save a new watch; what its query matches now is not news (a watch starts from now)."""
    watches = load(index.directory)
    if check_name(name) in watches:
        raise WatchError(f"a watch named {name!r} exists; remove it first")
    kept = {key: value for key, value in filters.items() if key in FILTERS and value}
    watch = Watch(name=name, query=query, filters=kept)
    watch.seen = matching_ids(index, watch)  # also checks the query: a bad one is not saved
    watches[name] = watch
    save(index.directory, watches)
    return watch


def remove(index_dir: Path, name: str) -> None:
    watches = load(index_dir)
    if watches.pop(name, None) is None:
        raise WatchError(f"no watch named {name!r}")
    save(index_dir, watches)


def find(index_dir: Path, name: str) -> Watch:
    watch = load(index_dir).get(name)
    if watch is None:
        raise WatchError(f"no watch named {name!r}")
    return watch
