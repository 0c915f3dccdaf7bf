"""The query-string parameters the pages and the API share, as ``query`` has them as options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query

from searchbrief import QuerySyntaxError

SORTS = ("relevance", "newest", "oldest")
#: The most results one request may ask for.
MAX_LIMIT = 500
#: Results per page of the search page.
PAGE_SIZE = 10
_TRUE = frozenset({"1", "true", "on", "yes"})


def _kept(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values if v.strip())


@dataclass(frozen=True)
class Form:
    """A query and its filters, as a form submitted them."""

    q: str = ""
    speaker: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    exact: bool = False
    sort: str = "relevance"

    def filters(self) -> dict[str, Any]:
        """The library's ``Filters`` (dates checked by the library, with its message)."""
        return {
            "speaker": self.speaker,
            "role": self.role,
            "category": self.category,
            "since": self.since or None,
            "until": self.until or None,
            "exact": self.exact,
        }

    def options(self) -> dict[str, Any]:
        if self.sort not in SORTS:
            raise QuerySyntaxError(f"sort {self.sort!r} is not one of: {', '.join(SORTS)}")
        return {**self.filters(), "sort": self.sort}

    def pairs(self, **extra: Any) -> list[tuple[str, str]]:
        """The form as query-string pairs (empty fields left out), plus ``extra``."""
        pairs = [("q", self.q)] if self.q else []
        for name in ("speaker", "role", "category"):
            pairs += [(name, value) for value in getattr(self, name)]
        pairs += [(name, getattr(self, name)) for name in ("since", "until") if getattr(self, name)]
        if self.exact:
            pairs.append(("exact", "1"))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        pairs += [(k, str(v)) for k, v in extra.items() if v not in (None, "", False)]
        return pairs

    def url(self, path: str, **extra: Any) -> str:
        query = urlencode(self.pairs(**extra))
        return f"{path}?{query}" if query else path


def form(
    q: Annotated[str, Query(description="The query, in `searchbrief query`'s syntax.")] = "",
    speaker: Annotated[list[str], Query(description="Only turns by this speaker.")] = [],  # noqa: B006
    role: Annotated[list[str], Query(description="Only turns in this role.")] = [],  # noqa: B006
    category: Annotated[list[str], Query(description="Only this category.")] = [],  # noqa: B006
    since: Annotated[str, Query(description="From this day (YYYY-MM-DD).")] = "",
    until: Annotated[str, Query(description="To this day, inclusive.")] = "",
    exact: Annotated[str, Query(description="1: match words without stemming.")] = "",
    sort: Annotated[str, Query(description="relevance, newest or oldest.")] = "relevance",
) -> Form:
    return Form(
        q=q.strip(),
        speaker=_kept(speaker),
        role=_kept(role),
        category=_kept(category),
        since=since.strip(),
        until=until.strip(),
        exact=exact.lower() in _TRUE,
        sort=sort.strip() or "relevance",
    )


FormDep = Annotated[Form, Depends(form)]


def check_limit(limit: int) -> int | None:
    """``limit`` within 1..:data:`MAX_LIMIT`; a clear error past it."""
    if limit < 1 or limit > MAX_LIMIT:
        raise QuerySyntaxError(f"limit {limit} is out of range: ask for 1 to {MAX_LIMIT}")
    return limit
