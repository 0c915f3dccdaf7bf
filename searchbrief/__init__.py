"""searchbrief: full-text search over press briefings, by speaker and date."""

from searchbrief.errors import BriefingReadError, SearchbriefError
from searchbrief.model import ROLES, Briefing, Turn
from searchbrief.reader import read_briefing

__all__ = [
    "ROLES",
    "Briefing",
    "BriefingReadError",
    "SearchbriefError",
    "Turn",
    "read_briefing",
]
