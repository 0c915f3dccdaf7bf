"""Every speaker an index holds: key, name, roles and how often each speaks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from searchbrief.engine import spoken
from searchbrief.search import run as search


@dataclass(frozen=True)
class SpeakerEntry:
    """One speaker key: the name it is shown with, its roles, its turns and briefings."""

    key: str
    name: str
    roles: tuple[str, ...]
    turns: int
    briefings: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "roles": list(self.roles),
            "turns": self.turns,
            "briefings": self.briefings,
        }


def people(session: search.Session) -> tuple[SpeakerEntry, ...]:
    """Every speaker key, most turns first (then by key)."""
    reader = session.reader
    docs_of: dict[str, list[int]] = {}
    for raw in reader.lexicon("speaker_key"):
        key = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        docs = list(reader.postings("speaker_key", raw).all_ids())  # deleted ones left out
        if docs:  # a key whose turns were all deleted stays in the lexicon
            docs_of[key] = docs
    role_of = spoken.values_of(reader, "role", [d for docs in docs_of.values() for d in docs])
    entries = []
    for key, mine in docs_of.items():
        roles: Counter[str] = Counter(role_of.get(d, "") for d in mine)
        briefings = len({session.briefing_of[d] for d in mine})
        name = session.columns.stored(mine[0]).get("speaker_name", "") or key
        entries.append(
            SpeakerEntry(
                key,
                name,
                tuple(r for r, _ in roles.most_common() if r),
                len(mine),
                briefings,
            )
        )
    return tuple(sorted(entries, key=lambda e: (-e.turns, e.key)))
