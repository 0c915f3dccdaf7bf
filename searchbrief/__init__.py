"""searchbrief: full-text search over press briefings, by speaker and date."""

from importlib import import_module
from typing import TYPE_CHECKING

# First, before any module imports Whoosh or dataclasses: see searchbrief._stand_ins.
# (It also pauses the cyclic garbage collector until these imports are done.)
from searchbrief import _stand_ins

try:
    from searchbrief import _whoosh  # noqa: F401
    from searchbrief.api import BriefingIndex
    from searchbrief.errors import (
        BriefingReadError,
        IndexLockedError,
        IndexNotFoundError,
        IndexOutdatedError,
        QuerySyntaxError,
        QueryTooBroadError,
        SearchbriefError,
        SourceError,
        TurnNotFoundError,
    )
    from searchbrief.model import ROLES, ContextTurn, Hit, SearchResult, TurnHit
finally:
    _stand_ins.resume_collector()

if TYPE_CHECKING:
    from searchbrief.briefings import Briefing, Turn
    from searchbrief.reader import read_briefing
    from searchbrief.reports import (
        Citation,
        IndexReport,
        IndexStats,
        Period,
        SpeakerCount,
        SpeakerRanking,
        SpeakerUse,
        Timeline,
    )

#: Names imported on first use, and their modules: a query uses none of them.
#: (Reading files needs YAML and date parsing; each dataclass costs its
#: module's import the compiling of its methods.)
_ON_USE = {
    "read_briefing": "searchbrief.reader",
    **dict.fromkeys(("Briefing", "Turn"), "searchbrief.briefings"),
    **dict.fromkeys(
        (
            "Citation",
            "IndexReport",
            "IndexStats",
            "Period",
            "SpeakerCount",
            "SpeakerRanking",
            "SpeakerUse",
            "Timeline",
        ),
        "searchbrief.reports",
    ),
}


def __getattr__(name: str) -> object:
    if name not in _ON_USE:
        raise AttributeError(f"module 'searchbrief' has no attribute {name!r}")
    value = getattr(import_module(_ON_USE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "ROLES",
    "Briefing",
    "Citation",
    "ContextTurn",
    "Period",
    "SourceError",
    "SpeakerRanking",
    "SpeakerUse",
    "Timeline",
    "TurnNotFoundError",
    "BriefingIndex",
    "BriefingReadError",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexOutdatedError",
    "IndexReport",
    "IndexStats",
    "QuerySyntaxError",
    "QueryTooBroadError",
    "SearchResult",
    "SearchbriefError",
    "SpeakerCount",
    "Turn",
    "TurnHit",
    "read_briefing",
]
