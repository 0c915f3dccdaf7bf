"""searchbrief: full-text search over press briefings, by speaker and date.

The public names are here; :class:`BriefingIndex` (in :mod:`searchbrief.api`)
is the facade the command line and embedding programs use.  Reading a
briefing file (:func:`read_briefing`) and the results of the commands other
than a search (:mod:`searchbrief.reports.model`) are imported on first use:
a query needs neither YAML nor date parsing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from searchbrief.api import BriefingIndex
from searchbrief.documents.briefing import ROLES
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
from searchbrief.search.results import ContextTurn, Hit, SearchResult, TurnHit

if TYPE_CHECKING:
    from searchbrief.documents.briefing import Briefing, Turn
    from searchbrief.documents.reader import read_briefing
    from searchbrief.indexing.report import IndexReport
    from searchbrief.reports.model import (
        Citation,
        IndexStats,
        Period,
        SpeakerCount,
        SpeakerRanking,
        SpeakerUse,
        Timeline,
    )

#: Public names whose modules a query never needs, imported on first use
#: (PEP 562): reading a file needs YAML and date parsing.
_ON_USE = {
    "read_briefing": "searchbrief.documents.reader",
    "Briefing": "searchbrief.documents.briefing",
    "Turn": "searchbrief.documents.briefing",
    "IndexReport": "searchbrief.indexing.report",
    **dict.fromkeys(
        (
            "Citation",
            "IndexStats",
            "Period",
            "SpeakerCount",
            "SpeakerRanking",
            "SpeakerUse",
            "Timeline",
        ),
        "searchbrief.reports.model",
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
    "BriefingIndex",
    "BriefingReadError",
    "Citation",
    "ContextTurn",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexOutdatedError",
    "IndexReport",
    "IndexStats",
    "Period",
    "QuerySyntaxError",
    "QueryTooBroadError",
    "SearchResult",
    "SearchbriefError",
    "SourceError",
    "SpeakerCount",
    "SpeakerRanking",
    "SpeakerUse",
    "Timeline",
    "Turn",
    "TurnHit",
    "TurnNotFoundError",
    "read_briefing",
]
