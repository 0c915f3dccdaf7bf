"""The application: one shared index, templates, static files and the security headers."""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from searchbrief import BriefingIndex, IndexStats, SearchbriefError, TurnNotFoundError
from searchbrief.watch.store import WatchError
from searchbrief.web.workers import WorkerLostError, Workers

HERE = Path(__file__).parent

#: Sent with every response: nothing inline runs, nothing is fetched from elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
#: Threads that serve routes, with no worker processes: long-lived, so each
#: keeps the searcher it opened.  Two, not one per client: searching is Python
#: work, which one process runs a thread at a time, so more threads only take
#: turns (slower, measured with ``make bench``), while a second one keeps a
#: slow request (a speaker's page) from holding up every other.
THREADS = 2
#: With worker processes, threads per process: a thread waits on its process,
#: then renders the answer while a second keeps that process busy.
THREADS_PER_PROCESS = 2
#: How long the index's stats (the home page, the filters' choices) are reused.
STATS_SECONDS = 60.0
#: How many computed pages :meth:`Site.memo` keeps at most.
MEMO_SIZE = 256


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


P = ParamSpec("P")
R = TypeVar("R")


class Site:
    """What every route shares: the index, its workers and threads, the templates, the stats.

    Routes run in :attr:`pool`, a fixed set of threads, and reach the index
    through :meth:`call`: in worker processes (:mod:`searchbrief.web.workers`)
    if there are any, else in the route's thread.  Then the index opens a
    searcher per thread, and a thread that lives keeps its searcher warm (the
    framework's own pool starts and ends threads as it goes).
    """

    def __init__(self, index: BriefingIndex, processes: int = 0) -> None:
        self.index = index
        self.workers = Workers(index, processes)
        #: ``call(function, *args)``: ``function(index, *args)``, in a worker process if any.
        self.call = self.workers.call
        self.threads = processes * THREADS_PER_PROCESS if processes else THREADS
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="searchbrief-web")
        environment = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined
        )
        environment.tests["web_link"] = is_web_link
        self.templates = Jinja2Templates(env=environment)
        self._stats: tuple[float, IndexStats] | None = None
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[float, Any]] = {}

    def stats(self) -> IndexStats:
        """The index's stats, recomputed at most once a minute (a reindex shows soon)."""
        with self._lock:
            now = time.monotonic()
            if self._stats is None or now - self._stats[0] > STATS_SECONDS:
                self._stats = (now, self.call(BriefingIndex.stats))
            return self._stats[1]

    def memo(self, key: str, compute: Callable[[], R]) -> R:
        """``compute()``, reused for :data:`STATS_SECONDS` (speaker pages look at every turn)."""
        now = time.monotonic()
        with self._lock:
            found = self._memo.get(key)
        if found is not None and now - found[0] <= STATS_SECONDS:
            value: R = found[1]
            return value
        value = compute()
        with self._lock:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = (now, value)
        return value

    def warm(self) -> None:
        """Start the worker processes, or open every thread's searcher, now, not on a
        visitor's first request."""
        if self.workers.processes:
            self.workers.start()
        else:
            barrier = threading.Barrier(self.threads)

            def open_searcher() -> None:
                barrier.wait(timeout=60)  # each task in a thread of its own
                self.index.search("warm", limit=1)

            for future in [self.pool.submit(open_searcher) for _ in range(self.threads)]:
                future.result()
        self.stats()

    def close(self) -> None:
        """End the threads, then the worker processes."""
        self.pool.shutdown(wait=True)
        self.workers.shutdown()


def offloaded(route: Callable[P, R]) -> Callable[P, Awaitable[R | Response]]:
    """``route`` (whose ``request`` is a keyword argument) run in the site's worker threads.

    A ``dict`` it returns is made JSON there too, not on the event loop that
    every request passes through (the framework would encode it there).
    """

    def run(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        result = route(*args, **kwargs)
        return JSONResponse(result) if isinstance(result, dict) else result

    @functools.wraps(route)
    async def endpoint(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        request = kwargs["request"]
        assert isinstance(request, Request)
        call = functools.partial(run, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(site(request).pool, call)

    return endpoint


def is_web_link(url: object) -> bool:
    """Whether ``url`` may be a link's target: http or https only (never ``javascript:``)."""
    return isinstance(url, str) and url.lower().startswith(("https://", "http://"))


def site(request: Request) -> Site:
    found: Site = request.app.state.site
    return found


def create_app(index: BriefingIndex, processes: int = 0) -> FastAPI:
    """The server's application over ``index`` (never written), searched in ``processes``
    worker processes, or with none in the server's own threads (sharing ``index``)."""
    from searchbrief.web import feeds, pages, routes_api  # noqa: PLC0415 (they import this module)

    shared = Site(index, processes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.get_running_loop().run_in_executor(None, shared.warm)
        yield
        shared.close()

    app = FastAPI(
        lifespan=lifespan,
        title="searchbrief",
        summary="Full-text search over press briefings: who said what, and when.",
        docs_url=None,  # /docs is a page of ours: Swagger's would load scripts from elsewhere
        redoc_url=None,
    )
    app.state.site = shared
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes_api.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        problem = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in problem.get("loc", ())[1:])
        return _error(request, 400, f"{where}: {problem.get('msg', 'invalid')}")

    @app.exception_handler(TurnNotFoundError)
    async def not_found(request: Request, exc: TurnNotFoundError) -> Any:
        return _error(request, 404, str(exc))

    @app.exception_handler(WatchError)
    async def no_watch(request: Request, exc: WatchError) -> Any:
        return _error(request, 404, str(exc))

    @app.exception_handler(WorkerLostError)
    async def worker_lost(request: Request, exc: WorkerLostError) -> Any:
        return _error(request, 503, str(exc))

    @app.exception_handler(SearchbriefError)
    async def bad_request(request: Request, exc: SearchbriefError) -> Any:
        return _error(request, 400, str(exc))

    return app


def _error(request: Request, status: int, message: str) -> Any:
    if request.url.path.startswith(("/api/", "/feeds/")):
        return JSONResponse({"error": message}, status_code=status)
    return site(request).templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status}, status_code=status
    )
