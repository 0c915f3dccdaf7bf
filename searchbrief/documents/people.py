"""Who held which office when: the facts the reader needs to name speakers.

``THE PRESIDENT:`` means a different person on different dates, and the press
secretary's deputies are ``podium`` speakers only while they hold the job.
Dates are inclusive starts and exclusive ends; ``None`` means still in office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _terms(rows: list[tuple[str, str, str, str | None]]) -> tuple[Term, ...]:
    return tuple(
        Term(key, name, _d(start), _d(end) if end else None) for key, name, start, end in rows
    )


PRESIDENTS = _terms(
    [
        ("clinton", "President Clinton", "1993-01-20", "2001-01-20"),
        ("bush", "President Bush", "2001-01-20", "2009-01-20"),
        ("obama", "President Obama", "2009-01-20", "2017-01-20"),
        ("trump", "President Trump", "2017-01-20", "2021-01-20"),
        ("biden", "President Biden", "2021-01-20", "2025-01-20"),
        ("trump", "President Trump", "2025-01-20", None),
    ]
)

VICE_PRESIDENTS = _terms(
    [
        ("gore", "Vice President Gore", "1993-01-20", "2001-01-20"),
        ("cheney", "Vice President Cheney", "2001-01-20", "2009-01-20"),
        ("biden", "Vice President Biden", "2009-01-20", "2017-01-20"),
        ("pence", "Vice President Pence", "2017-01-20", "2021-01-20"),
        ("harris", "Vice President Harris", "2021-01-20", "2025-01-20"),
        ("vance", "Vice President Vance", "2025-01-20", None),
    ]
)

#: Spouses of the president ("THE FIRST LADY") and of the vice president.
SPOUSES = _terms(
    [
        ("laura-bush", "First Lady Laura Bush", "2001-01-20", "2009-01-20"),
        ("michelle-obama", "First Lady Michelle Obama", "2009-01-20", "2017-01-20"),
        ("melania-trump", "First Lady Melania Trump", "2017-01-20", "2021-01-20"),
        ("jill-biden", "First Lady Jill Biden", "2021-01-20", "2025-01-20"),
        ("melania-trump", "First Lady Melania Trump", "2025-01-20", None),
    ]
)
SECOND_SPOUSES = _terms(
    [
        ("karen-pence", "Second Lady Karen Pence", "2017-01-20", "2021-01-20"),
        ("emhoff", "Second Gentleman Doug Emhoff", "2021-01-20", "2025-01-20"),
        ("usha-vance", "Second Lady Usha Vance", "2025-01-20", None),
    ]
)

#: Press secretaries, their deputies and the communications staff who brief.
PODIUM = _terms(
    [
        ("gibbs", "Robert Gibbs", "2009-01-20", "2011-02-12"),
        ("carney", "Jay Carney", "2011-02-12", "2014-06-21"),
        ("earnest", "Josh Earnest", "2011-01-01", "2017-01-20"),
        ("schultz", "Eric Schultz", "2014-01-01", "2017-01-20"),
        ("spicer", "Sean Spicer", "2017-01-20", "2017-07-22"),
        ("sanders", "Sarah Sanders", "2017-01-20", "2019-07-01"),
        ("shah", "Raj Shah", "2017-01-20", "2019-01-20"),
        ("gidley", "Hogan Gidley", "2017-01-20", "2020-07-01"),
        ("grisham", "Stephanie Grisham", "2019-07-01", "2020-04-08"),
        ("mcenany", "Kayleigh McEnany", "2020-04-07", "2021-01-20"),
        ("deere", "Judd Deere", "2019-01-01", "2021-01-20"),
        ("psaki", "Jen Psaki", "2021-01-20", "2022-05-14"),
        ("jean-pierre", "Karine Jean-Pierre", "2021-01-20", "2025-01-20"),
        ("bates", "Andrew Bates", "2021-01-20", "2025-01-20"),
        ("bedingfield", "Kate Bedingfield", "2021-01-20", "2023-03-01"),
        ("sanders", "Symone Sanders", "2021-01-20", "2022-01-01"),
        ("simons", "Emilie Simons", "2021-01-20", "2023-07-01"),
        ("meagher", "Chris Meagher", "2021-01-20", "2022-09-01"),
        ("munoz", "Kevin Munoz", "2021-01-20", "2022-07-01"),
        ("dalton", "Olivia Dalton", "2022-05-01", "2024-05-01"),
        ("leavitt", "Karoline Leavitt", "2025-01-20", None),
        ("fields", "Harrison Fields", "2025-01-20", None),
    ]
)


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
