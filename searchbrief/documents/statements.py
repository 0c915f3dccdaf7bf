"""What a briefing's title and time line say: a written statement's author, the time of day."""

from __future__ import annotations

import datetime as dt
import re

from searchbrief.documents.labels import TITLE_WORDS, Speaker, identify

_STATEMENT = re.compile(
    r"^Statement[ ]+(?:from|by|of)[ ]+(?P<who>.+?)"
    r"(?:[ ]+(?:on|in|regarding|to|for|following|celebrating|marking|at|after|about|"
    r"honoring|commemorating|recognizing|announcing|as|after|before|upon|with|ahead|during|"
    r"extending|welcoming|urging|thanking|congratulating|condemning|applauding|calling|"
    r"supporting|one|two|three|four|five|six|seven|eight|nine|ten|\d+)[ ]+.*)?$",
    re.I | re.S,
)
_SUFFIX = re.compile(r",?[ ]+(?:Jr|Sr|II|III|IV)\.?(?=[ ]|$)", re.I)
_TIME_LINE = re.compile(
    r"^(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?[ ]*(?P<half>[AP])\.?[ ]?M\.?"
    r"(?:[ ]+[A-Z]{2,5})?\.?$",
    re.I,
)


def statement_author(title: str, day: dt.date) -> Speaker | None:
    """The author a written statement's title names, if it names one person.

    ``Statement by President Joseph R. Biden, Jr. on …`` is President Biden;
    ``Statement from Press Secretary Karine Jean-Pierre on …`` is Jean-Pierre.
    """
    match = _STATEMENT.match(title.strip())
    if match is None:
        return None
    # "Jeff Zients, White House COVID-19 Response Coordinator": the name comes first.
    who = _SUFFIX.sub("", match.group("who")).split(",")[0].strip(" ,.")
    words = [w.strip(",.") for w in who.upper().split()]
    words = [w for w in words if w and w not in {"THE", "WHITE", "HOUSE"}]
    if not words or "AND" in words or "&" in words or len(words) > 8:
        return None  # a joint statement, or no one in particular
    surname = words[-1]
    if surname in TITLE_WORDS or not surname.replace("-", "").replace("’", "").isalpha():
        return None
    titles = [w for w in words[:-1] if w in TITLE_WORDS]
    author = identify(" ".join([*titles, surname]), day)
    if author is not None and author.role in {"official", "guest", "foreign-leader"}:
        return Speaker(author.key, who, author.role, True)  # the title's full name
    return author


def time_of_day(paragraphs: list[str], published: dt.datetime | None) -> dt.time | None:
    """When a briefing began: its time line (``12:01 P.M. EST``) near the top, else
    ``published_time``'s time of day when it has one."""
    for paragraph in paragraphs[:12]:
        match = _TIME_LINE.match(paragraph.strip())
        if match:
            hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
            if 1 <= hour <= 12 and minute < 60:
                hour = hour % 12 + (12 if match.group("half").upper() == "P" else 0)
                return dt.time(hour, minute)
    if published is not None and isinstance(published, dt.datetime):
        moment = published.time()
        return None if moment == dt.time(0, 0) else moment.replace(second=0, microsecond=0)
    return None
