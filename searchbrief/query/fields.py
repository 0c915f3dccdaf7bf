"""Values of the ``speaker``, ``role`` and ``category`` fields, as the index holds them.

Each value is indexed as one token that no analyzer makes from a query's
words: ``speaker:"Jen Psaki"`` and ``--speaker "Jen Psaki"`` search for
``jen-psaki``, ``role:Reporter`` for ``reporter``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from searchbrief.documents.briefing import ROLES
from searchbrief.engine.schema import speaker_token
from searchbrief.errors import QuerySyntaxError

#: The fields whose values a query names as they are indexed, not analysed.
VALUE_FIELDS = frozenset({"speaker", "role", "category"})


def indexed_speaker(name: str) -> str:
    """A speaker name or key as the ``speaker`` field indexes it; an error when it has no words.

    A name the people registry knows, with or without a title (``Joe Biden``,
    ``President Biden``, ``Dr. Fauci``), is its speaker key (``biden``, ``fauci``).
    """
    # The registry (people.json, parsed on import) only when a speaker is named:
    # not in every fresh `searchbrief query`.
    from searchbrief.documents.people import canonical  # noqa: PLC0415

    token = speaker_token(canonical(name) or name)
    if not token:
        raise QuerySyntaxError(f"the speaker name {name!r} has no letters or digits")
    return token


def indexed_role(role: str) -> str:
    """A role as the ``role`` field indexes it; an error when it is not one of :data:`ROLES`."""
    if role.lower() not in ROLES:
        raise QuerySyntaxError(f"unknown role {role!r}; {closest(role.lower(), ROLES, 'roles')}")
    return role.lower()


def closest(value: str, known: Iterable[str], what: str) -> str:
    """``did you mean: …`` with the known values nearest ``value``, else all of a few."""
    choices = list(dict.fromkeys(known))
    from difflib import get_close_matches  # noqa: PLC0415 (only a misspelt value needs it)

    near = get_close_matches(value, choices, n=5, cutoff=0.6)
    if near:
        return "did you mean: " + ", ".join(near)
    if len(choices) <= 12:
        return f"{what} are: " + ", ".join(choices)
    return f"no {what[:-1]} is near it; see `searchbrief people` for the list"


def check_known(reader: Any, *, speakers: Sequence[str], categories: Sequence[str]) -> None:
    """A one-line error for a ``--speaker`` or ``--category`` the index has never seen.

    It names the closest values the index holds, so a typo is not a silent zero.
    """
    if reader.doc_count() == 0:
        return
    wanted = [("speaker", indexed_speaker(n), n, "speakers") for n in speakers]
    wanted += [("category", c.lower(), c, "categories") for c in categories]
    for field, token, given, what in wanted:
        if reader.doc_frequency(field, token):
            continue
        # Suggest speaker keys (the speaker field also holds names and labels).
        known = list(reader.field_terms("speaker_key" if field == "speaker" else field))
        raise QuerySyntaxError(
            f"unknown {what[:-1] if field == 'speaker' else 'category'} "
            f"{given!r}; {closest(token, known, what)}"
        )
