"""The HTML pages: plain GET forms and links, rendered on the server."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from searchbrief import ROLES, BriefingIndex, QuerySyntaxError, SearchbriefError
from searchbrief.web import views
from searchbrief.web.app import offloaded, site
from searchbrief.web.params import PAGE_SIZE, SORTS, Form, FormDep

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
#: Pages of results a search page links to, at most.
MAX_PAGE = 50


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Any:
    return site(request).templates.TemplateResponse(request, name, context, status_code=status)


def _form_context(request: Request, form: Form) -> dict[str, Any]:
    stats = site(request).stats()
    return {
        "form": form,
        "roles": ROLES,
        "sorts": SORTS,
        "categories": [name for name, _ in stats.categories],
        "speakers": stats.speakers,
        "stats": stats,
        "explain": False,
        "explanation": "",
        "suggestion": None,
        "error": None,
    }


@router.get("/")
@offloaded
def home(request: Request) -> Any:
    return _render(request, "home.html", _form_context(request, Form()))


@router.get("/search")
@offloaded
def search(
    request: Request,
    form: FormDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    explain: bool = False,
) -> Any:
    context = _form_context(request, form)
    context.update(explain=explain, page=page, error=None, result=None, pages=[])
    if not form.q:
        return _render(request, "search.html", context)
    try:
        shown = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
        result, notes = site(request).call(views.searched, form.q, form.options(), explain, **shown)
        if "explain" in notes:
            context["explanation"] = notes["explain"]
        if "suggestion" in notes:
            suggestion = notes["suggestion"]
            context["suggestion"] = (suggestion, Form(**{**form.__dict__, "q": suggestion}))
    except SearchbriefError as exc:
        context["error"] = str(exc)
        return _render(request, "search.html", context, status=400)
    last = min(MAX_PAGE, (result.total + PAGE_SIZE - 1) // PAGE_SIZE)
    context.update(result=result, pages=list(range(1, last + 1)), segments=views.segments)
    return _render(request, "search.html", context)


@router.get("/briefings/{briefing_id}")
@offloaded
def briefing(
    request: Request,
    briefing_id: str,
    q: str = "",
    cite: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    page, marks, error = site(request).call(views.marked_briefing, briefing_id, q.strip())
    cited = next((t for t in page.turns if t.number == cite), None)
    context = {
        "page": page,
        "q": q.strip(),
        "marks": marks,
        "mark_all": views.mark_all,
        "error": error,
        "cited": cited,
        "citation": views.citation_markdown(cited) if cited else "",
    }
    return _render(request, "briefing.html", context)


@router.get("/speakers/{key}")
@offloaded
def speaker(request: Request, key: str) -> Any:
    context = site(request).memo(f"speaker:{key}", lambda: site(request).call(_speaker, key))
    if context is None:
        return _render(
            request, "error.html", {"message": f"no speaker {key!r}", "status": 404}, 404
        )
    return _render(request, "speaker.html", context)


def _speaker(index: BriefingIndex, key: str) -> dict[str, Any] | None:
    """Who ``key`` is, their turns per month and their latest turns; ``None`` if nobody."""
    try:
        ranking = index.speakers("*", speaker=key, limit=1)
    except QuerySyntaxError:  # a speaker the index does not know: the page is not there
        return None
    if not ranking.speakers:
        return None
    timeline = index.timeline("*", speaker=key, by="month")
    return {
        "who": ranking.speakers[0],
        "bars": views.bars([(p.label, p.turns) for p in timeline.periods]),
        "recent": index.search("*", speaker=key, by="turn", sort="newest", limit=10),
    }


@router.get("/timeline")
@offloaded
def timeline(
    request: Request,
    form: FormDep,
    by: Annotated[str, Query(pattern="^(week|month|year)$")] = "month",
) -> Any:
    context = _form_context(request, form)
    context.update(by=by, error=None, result=None, bars=[])
    if form.q:
        try:
            result = site(request).call(BriefingIndex.timeline, form.q, by=by, **form.filters())
        except SearchbriefError as exc:
            context["error"] = str(exc)
            return _render(request, "timeline.html", context, status=400)
        context.update(result=result, bars=views.bars([(p.label, p.turns) for p in result.periods]))
    return _render(request, "timeline.html", context)


@router.get("/docs")
@offloaded
def docs(request: Request) -> Any:
    """The API's endpoints and parameters, read from its OpenAPI description."""
    schema = request.app.openapi()
    return _render(request, "docs.html", {"paths": schema.get("paths", {})})
