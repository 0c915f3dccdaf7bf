"""Who held which office when, and the names people go by: the facts the reader needs.

``THE PRESIDENT:`` means a different person on different dates, and the press
secretary's deputies are ``podium`` speakers only while they hold the job.  The
facts are data, not code: ``people.json`` in this package lists each person's
key, name, aliases and offices (``president``, ``vice-president``,
``first-spouse``, ``second-spouse``, ``podium``, ``official``) with their dates
(inclusive starts, exclusive ends; no end means still in office) and, where the
office does not say it, the title (``Second Gentleman``).  ``label_key`` is the
key a label gives when two people share a surname (both Sanders are ``sanders``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    """One entry of the registry: a speaker key, a full name and other names."""

    key: str
    name: str
    aliases: tuple[str, ...]


_TITLE_OF = {
    "president": "President",
    "vice-president": "Vice President",
    "first-spouse": "First Lady",
    "second-spouse": "",
    "podium": "",
    "official": "",
}


def _load() -> list[dict[str, Any]]:
    text = resources.files("searchbrief.documents").joinpath("people.json").read_text("utf-8")
    people: list[dict[str, Any]] = json.loads(text)["people"]
    return people


_RAW = _load()


def _terms(office: str) -> tuple[Term, ...]:
    terms: list[Term] = []
    for person in _RAW:
        for held in person["offices"]:
            if held["office"] != office:
                continue
            name = person["name"]
            if office in {"president", "vice-president"}:
                name = name.split()[-1]
            title = held.get("title", _TITLE_OF[office])
            terms.append(
                Term(
                    person.get("label_key", person["key"]),
                    f"{title} {name}".strip(),
                    dt.date.fromisoformat(held["start"]),
                    dt.date.fromisoformat(held["end"]) if held["end"] else None,
                )
            )
    return tuple(sorted(terms, key=lambda t: t.start))


PRESIDENTS = _terms("president")
VICE_PRESIDENTS = _terms("vice-president")
#: Spouses of the president ("THE FIRST LADY") and of the vice president.
SPOUSES = _terms("first-spouse")
SECOND_SPOUSES = _terms("second-spouse")
#: Press secretaries, their deputies and the communications staff who brief.
PODIUM = _terms("podium")
#: Other known office holders: never reporters, whatever they ask.
OFFICIALS = _terms("official")

PEOPLE = tuple(Person(p["key"], p["name"], tuple(p["aliases"])) for p in _RAW)


def holder(terms: tuple[Term, ...], day: dt.date) -> Term | None:
    """The term in ``terms`` that covers ``day``, if any."""
    for term in terms:
        if term.covers(day):
            return term
    return None


def podium_term(key: str, day: dt.date) -> Term | None:
    """The podium job that speaker ``key`` held on ``day``, if any."""
    for term in PODIUM:
        if term.key == key and term.covers(day):
            return term
    return None


def office_holder(key: str, day: dt.date) -> bool:
    """Whether speaker ``key`` held a known office on ``day`` (so never asks as a reporter)."""
    every = PRESIDENTS + VICE_PRESIDENTS + PODIUM + OFFICIALS
    return any(term.key == key and term.covers(day) for term in every)


_NAME_NOISE = re.compile(r"\b(?:jr|sr|ii|iii|iv)\b\.?|[,.]")


def fold_name(text: str) -> str:
    """Accents folded, lower case, no apostrophes: ``O’Rourke Erdoğan`` → ``orourke erdogan``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return text.replace("’", "").replace("'", "")


def name_slug(name: str) -> str:
    """A name folded for lookup: ``Dr. Anthony Fauci`` → ``dr anthony fauci``."""
    text = _NAME_NOISE.sub(" ", fold_name(name))
    return " ".join(w for w in re.split(r"[^\w]+", text) if w)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for person in PEOPLE:
        for alias in (person.name, *person.aliases):
            table.setdefault(name_slug(alias), person.key)
    return table


def canonical(name: str) -> str | None:
    """The registry key for a full name or alias (``Joe Biden`` → ``biden``), if known."""
    return _aliases().get(name_slug(name))


def registry_keys() -> frozenset[str]:
    """Every key the registry knows."""
    return frozenset(p.key for p in PEOPLE) | frozenset(t.key for t in PODIUM)
