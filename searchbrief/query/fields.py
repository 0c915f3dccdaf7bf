"""Values of the ``speaker``, ``role`` and ``category`` fields, as the index holds them.

Each value is indexed as one token that no analyzer makes from a query's
words: ``speaker:"Jen Psaki"`` and ``--speaker "Jen Psaki"`` search for
``jen-psaki``, ``role:Reporter`` for ``reporter``.
"""

from __future__ import annotations

from searchbrief.documents.briefing import ROLES
from searchbrief.engine.schema import speaker_token
from searchbrief.errors import QuerySyntaxError

#: The fields whose values a query names as they are indexed, not analysed.
VALUE_FIELDS = frozenset({"speaker", "role", "category"})


def indexed_speaker(name: str) -> str:
    """A speaker name or key as the ``speaker`` field indexes it; an error when it has no words."""
    token = speaker_token(name)
    if not token:
        raise QuerySyntaxError(f"the speaker name {name!r} has no letters or digits")
    return token


def indexed_role(role: str) -> str:
    """A role as the ``role`` field indexes it; an error when it is not one of :data:`ROLES`."""
    if role.lower() not in ROLES:
        raise QuerySyntaxError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
    return role.lower()
