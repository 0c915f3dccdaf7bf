"""searchbrief: full-text search over press briefings, by speaker and date."""

# First, before any module imports Whoosh: see searchbrief._whoosh.
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
from searchbrief.model import (
    ROLES,
    Briefing,
    Citation,
    ContextTurn,
    Hit,
    IndexReport,
    IndexStats,
    Period,
    SearchResult,
    SpeakerCount,
    SpeakerRanking,
    SpeakerUse,
    Timeline,
    Turn,
    TurnHit,
)


def __getattr__(name: str) -> object:
    # Reading files needs YAML and date parsing; a query does not: import on use.
    if name == "read_briefing":
        from searchbrief.reader import read_briefing

        return read_briefing
    raise AttributeError(f"module 'searchbrief' has no attribute {name!r}")


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
