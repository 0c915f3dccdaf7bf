"""The JSON API: what the library answers, as the command line's ``--format json`` prints it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from searchbrief import BriefingIndex, QuerySyntaxError
from searchbrief.web import views
from searchbrief.web.app import offloaded, site
from searchbrief.web.params import MAX_LIMIT, FormDep, check_limit

router = APIRouter(prefix="/api", tags=["api"])
#: The ``limit`` parameter, checked by :func:`check_limit`.
Limit = Annotated[int, Query(description=f"How many results (1 to {MAX_LIMIT}).")]


def _needs_query(text: str) -> str:
    if not text:
        raise QuerySyntaxError("give a query: q=…")
    return text


@router.get("/search")
@offloaded
def search(
    request: Request,
    form: FormDep,
    limit: Limit = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    turns: Annotated[bool, Query(description="List matching turns, not briefings.")] = False,
    context: Annotated[int, Query(ge=0, le=50)] = 0,
    exchange: bool = False,
    explain: bool = False,
) -> dict[str, Any]:
    """A search: the object `searchbrief query --format json` prints."""
    text = _needs_query(form.q)
    options = {**form.options(), "by": "turn" if turns else "briefing"}
    shown = {"limit": check_limit(limit), "offset": offset, "context": context}
    result, notes = site(request).call(
        views.searched, text, options, explain, exchange=exchange, **shown
    )
    return {**result.to_dict(), **notes}


@router.get("/briefings/{briefing_id}")
@offloaded
def briefing(request: Request, briefing_id: str) -> dict[str, Any]:
    """A briefing's metadata and every turn (404 if the index has no such briefing)."""
    return site(request).call(views.briefing, briefing_id).to_dict()


@router.get("/turns/{turn_id:path}")
@offloaded
def turn(request: Request, turn_id: str) -> dict[str, Any]:
    """A turn's citation: its exact words, who said them, where and when."""
    return site(request).call(BriefingIndex.cite, turn_id).to_dict()


@router.get("/timeline")
@offloaded
def timeline(
    request: Request,
    form: FormDep,
    by: Annotated[str, Query(pattern="^(week|month|year)$")] = "month",
) -> dict[str, Any]:
    """How often the query is said per period, as `searchbrief timeline --format json`."""
    text = _needs_query(form.q)
    return site(request).call(BriefingIndex.timeline, text, by=by, **form.filters()).to_dict()


@router.get("/speakers")
@offloaded
def speakers(request: Request, form: FormDep, limit: Limit = 20) -> dict[str, Any]:
    """Who says it most, as `searchbrief speakers --format json` (q defaults to everything)."""
    filters = form.filters()
    ranking = site(request).call(
        BriefingIndex.speakers, form.q or "*", limit=check_limit(limit), **filters
    )
    return ranking.to_dict()


@router.get("/first")
@offloaded
def first(
    request: Request,
    form: FormDep,
    last: bool = False,
    by_speaker: bool = False,
    limit: Limit = 10,
) -> dict[str, Any]:
    """The earliest (or latest) uses, as `searchbrief first --format json`."""
    result = site(request).call(
        BriefingIndex.first,
        _needs_query(form.q),
        last=last,
        by_speaker=by_speaker,
        limit=check_limit(limit),
        **form.filters(),
    )
    return result.to_dict()


@router.get("/suggest")
@offloaded
def suggest(request: Request, form: FormDep) -> dict[str, Any]:
    """A spelling suggestion for the query, or null."""
    suggestion = site(request).call(BriefingIndex.suggest, _needs_query(form.q))
    return {"query": form.q, "suggestion": suggestion}
