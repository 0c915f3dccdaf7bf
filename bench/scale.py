"""Bigger corpora made of copies: new ids, shifted dates, the same text.

Copy ``k`` of a file (``k`` = 1, 2, …) gets ``-copyk`` appended to its
permalink's slug and every date in its front matter (``date``,
``published_time``, ``modified_time``) moved ``k × 400`` days later, so its
briefing id (date + slug) is new and its dates spread past the original range.
Copy 0 is the file unchanged. Only front-matter lines are touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.corpus import corpus_files

DAYS_PER_COPY = 400
DATE_KEYS = ("date", "published_time", "modified_time")
LINK_KEYS = ("permalink", "source_url", "url")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KEY = re.compile(r"^([A-Za-z_]+):(.*)$")


def shift_dates(value: str, days: int) -> str:
    """Every ``YYYY-MM-DD`` in ``value`` moved ``days`` later; anything else kept."""

    def shifted(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:  # not a real day: leave it
            return match[0]
        return (day + dt.timedelta(days=days)).isoformat()

    return _ISO_DAY.sub(shifted, value)


def suffix_slug(url: str, suffix: str) -> str:
    """``url`` with ``suffix`` appended to its last path segment (trailing ``/`` kept).

    A query string or fragment stays after the path; a URL without a path is kept.
    """
    parts = urlsplit(url)
    path = parts.path
    stripped = path.rstrip("/")
    if not stripped:
        return url
    return urlunsplit(parts._replace(path=stripped + suffix + path[len(stripped) :]))


def rewrite_front_matter(text: str, copy: int) -> str:
    """``text`` (a whole briefing file) as copy number ``copy``; copy 0 is ``text``.

    The front matter is the block between a first line ``---`` and the next
    ``---`` line. In it, top-level ``date``-like values are shifted by
    ``copy × 400`` days and ``permalink``-like values get ``-copy<copy>`` on their
    slug. A file without front matter is returned unchanged.
    """
    if copy == 0:
        return text
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").strip() != "---":
        return text
    for number in range(1, len(lines)):
        line = lines[number]
        if line.strip() == "---":
            break
        match = _KEY.match(line.rstrip("\r\n"))
        if match is None:
            continue
        key, value = match[1], match[2]
        ending = line[len(line.rstrip("\r\n")) :]
        if key in DATE_KEYS:
            value = shift_dates(value, copy * DAYS_PER_COPY)
        elif key in LINK_KEYS:
            quote = value.strip()[:1] if value.strip()[:1] in "'\"" else ""
            inner = value.strip().strip(quote) if quote else value.strip()
            lead = value[: len(value) - len(value.lstrip())]
            value = f"{lead}{quote}{suffix_slug(inner, f'-copy{copy}')}{quote}"
        lines[number] = f"{key}:{value}{ending}"
    else:
        return text  # no closing ---: not front matter
    return "".join(lines)


def make_scaled_corpus(source: Path, dest: Path, factor: int) -> Path:
    """Write ``factor`` copies of ``source`` under ``dest/copy<k>/``; returns ``dest``.

    Copy 0 is byte for byte the original. A finished copy is reused when its
    stamp (``dest`` + ``.stamp``: source, factor, file count and bytes) still
    matches; otherwise ``dest`` is written again from scratch.
    """
    files = corpus_files(source)
    stamp = {
        "source": str(source.resolve()),
        "factor": factor,
        "files": len(files),
        "bytes": sum(path.stat().st_size for path in files),
    }
    stamp_path = dest.with_name(dest.name + ".stamp")
    if dest.is_dir() and stamp_path.exists():
        if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
            return dest
    print(f"writing {factor}× corpus ({factor * len(files)} files) to {dest}", file=sys.stderr)
    stamp_path.unlink(missing_ok=True)
    if dest.exists():
        shutil.rmtree(dest)
    for copy in range(factor):
        for path in files:
            target = dest / f"copy{copy}" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy == 0:
                shutil.copyfile(path, target)
                continue
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # the reader will reject it anyway: copy as is
                target.write_bytes(data)
                continue
            target.write_bytes(rewrite_front_matter(text, copy).encode("utf-8"))
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    return dest
