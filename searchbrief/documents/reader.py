"""Reading one briefing file: front matter, cleaned text and speaker turns."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import frontmatter
import yaml
from dateutil import parser as dateparser

from searchbrief.config import MAX_SIZE
from searchbrief.documents.briefing import Briefing
from searchbrief.documents.labels import starts_turn
from searchbrief.documents.markdown import clean_inline, normalize, paragraphs
from searchbrief.documents.statements import statement_author, time_of_day
from searchbrief.documents.turns import attribute, split_turns
from searchbrief.errors import BriefingReadError

_KNOWN_KEYS = frozenset(
    "title date category tags permalink source_url url published_time modified_time".split()
)
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_HEADING = re.compile(r"^[ ]*#{1,6}[ ]+(.+)$", re.M)
_ID_UNSAFE = re.compile(r"[^\w\-.]+")


#: How many values front matter may expand to (YAML aliases can nest them
#: exponentially: a "billion laughs"); real front matter holds a dozen.
MAX_FRONT_MATTER_VALUES = 10_000


def read_briefing(path: Path | str, *, max_size: int = MAX_SIZE) -> Briefing:
    """Read the briefing at ``path``.

    Raises :class:`BriefingReadError` naming the file and the reason when it
    cannot be read: not a regular file, larger than ``max_size`` bytes,
    unreadable, empty, binary, not UTF-8, or with front matter that is not
    valid YAML.
    """
    path = Path(path)
    return parse_briefing(read_file(path, max_size=max_size), path)


def read_file(path: Path, *, max_size: int = MAX_SIZE) -> bytes:
    """The bytes of the regular file ``path``, refused (one line) if over ``max_size``."""
    try:
        # Opened without blocking, so that a pipe with no writer is refused, not waited on.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            st = os.fstat(file.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise BriefingReadError(path, "cannot read the file (it is a folder)")
            if not stat.S_ISREG(st.st_mode):
                raise BriefingReadError(path, "not a regular file (a device, pipe or socket)")
            if st.st_size > max_size:
                raise BriefingReadError(path, _too_large(st.st_size, max_size))
            data = file.read(max_size + 1)
    except OSError as exc:
        raise BriefingReadError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_size:  # grew while read
        raise BriefingReadError(path, _too_large(len(data), max_size))
    return data


def _too_large(size: int, max_size: int) -> str:
    return (
        f"the file is {size / 1e6:,.1f} MB, over the limit of {max_size / 1e6:,.1f} MB"
        " (give --max-size to read larger files)"
    )


def parse_briefing(data: bytes, path: Path) -> Briefing:
    """Parse the bytes of a briefing file that was read from ``path``."""
    if not data.strip():
        raise BriefingReadError(path, "the file is empty")
    if b"\0" in data:
        raise BriefingReadError(path, "the file is binary, not Markdown text")
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefingReadError(
            path, f"not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8"
        ) from exc
    try:
        post = frontmatter.loads(source)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise BriefingReadError(path, f"front matter is not valid YAML{line}") from exc
    except (ValueError, TypeError) as exc:
        raise BriefingReadError(path, f"front matter cannot be read ({exc})") from exc
    meta: dict[str, Any] = post.metadata if isinstance(post.metadata, dict) else {}
    if _values_in(meta, MAX_FRONT_MATTER_VALUES) > MAX_FRONT_MATTER_VALUES:
        raise BriefingReadError(
            path,
            f"front matter expands to over {MAX_FRONT_MATTER_VALUES:,} values"
            " (YAML aliases nested?); real front matter holds a few keys",
        )
    content: str = post.content
    warnings: list[str] = []
    if not meta:
        warnings.append("no front matter: title and date taken from the text and file name")

    title = _title(meta, content, path)
    published = _timestamp(meta.get("published_time"))
    modified = _timestamp(meta.get("modified_time"))
    known_day = _date(meta.get("date"), published, path)
    day = known_day
    if day is None:
        day = (
            dt.datetime.fromtimestamp(path.stat().st_mtime).date()
            if path.exists()
            else dt.date.today()
        )
        warnings.append("no date in front matter or file name: using the file's modification date")
    permalink = _first_text(meta, "permalink", "source_url", "url")
    category = _category(meta, permalink, path)
    briefing_id = _briefing_id(permalink, path, known_day)
    body = paragraphs(content, starts_paragraph=starts_turn)
    text, turns = split_turns(body, briefing_id, day, title)
    author = statement_author(title, day)
    if author is not None and all(t.role == "narration" for t in turns):
        turns = attribute(turns, author)
    extra = {str(k): v for k, v in meta.items() if str(k) not in _KNOWN_KEYS}
    return Briefing(
        briefing_id=briefing_id,
        path=path.resolve(),
        title=title,
        date=day,
        category=category,
        permalink=permalink,
        published=published,
        modified=modified,
        text=text,
        turns=turns,
        extra=extra,
        warnings=tuple(warnings),
        time=time_of_day(body, published),
    )


def _first_text(meta: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if value not in (None, "") and not isinstance(value, dict | list):
            return str(value).strip()
    return ""


def _title(meta: dict[str, Any], content: str, path: Path) -> str:
    title = _first_text(meta, "title")
    if not title:
        heading = _HEADING.search(content)
        title = heading.group(1) if heading else unquote(path.stem)
    return clean_inline(normalize(title)) or unquote(path.stem)


def _timestamp(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return dateparser.parse(value)
        except (ValueError, OverflowError):
            return None
    return None


def _date(value: Any, published: dt.datetime | None, path: Path) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        if _ISO_DAY.match(value):  # as most front matter writes it: no need for dateutil
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass  # out of range (2021-02-30): dateutil says why
        try:
            return dateparser.parse(value).date()
        except (ValueError, OverflowError) as exc:
            raise BriefingReadError(
                path, f"front matter date {value!r} is not a date; write it as YYYY-MM-DD"
            ) from exc
    if published is not None:
        return published.date()
    prefix = _DATE_PREFIX.match(path.name)
    if prefix:
        try:
            return dt.date.fromisoformat(prefix.group(1))
        except ValueError:
            pass
    return None


def _modified_day(path: Path) -> dt.date:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return dt.date.today()


def _category(meta: dict[str, Any], permalink: str, path: Path) -> str:
    category = _first_text(meta, "category", "tags", "categories")
    if not category and permalink:
        parts = [p for p in urlsplit(permalink).path.split("/") if p]
        if "briefing-room" in parts and parts.index("briefing-room") + 1 < len(parts):
            category = parts[parts.index("briefing-room") + 1]
    return category.strip().lower().replace(" ", "-")


def _briefing_id(permalink: str, path: Path, day: dt.date | None) -> str:
    """``YYYY-MM-DD-slug``: the permalink's slug, else the file name, dated when known."""
    slug = ""
    if permalink:
        segments = [s for s in urlsplit(permalink).path.split("/") if s]
        slug = unquote(segments[-1]) if segments else ""
    if not slug:
        slug = unquote(path.stem)
    slug = _ID_UNSAFE.sub("-", normalize(slug)).strip("-").lower() or "briefing"
    if _DATE_PREFIX.match(slug) or day is None:
        return slug
    return f"{day.isoformat()}-{slug}"


def _values_in(value: Any, budget: int) -> int:
    """How many values ``value`` holds, counting aliases each time; stops past ``budget``."""
    count, stack = 0, [value]
    while stack and count <= budget:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return count
