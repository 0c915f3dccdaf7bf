"""Searching in worker processes, so that a busy server uses every core.

One Python process runs one thread at a time: with every search in the
server's own threads, four visitors asking at once wait for each other's
searches in turn, on one core.  Each worker process opens the index itself
(read-only; like every :class:`BriefingIndex`, it picks up a reindex on its
next search) and answers calls of the form ``function(index, *args)``: a
method of the facade, such as ``BriefingIndex.search``, or a module-level
function that takes the index first.  Arguments and results cross as pickles.

With no processes, the calls run in the calling thread, on the index the
server was given (the library's thread-safe facade).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from typing import Any, Concatenate, ParamSpec, TypeVar

from searchbrief import BriefingIndex, SearchbriefError

P = ParamSpec("P")
R = TypeVar("R")

#: Processes by default: one per core this process may use, at most this many
#: (each holds the index open: about 50-100 MB at the 1x corpus).
MOST_BY_DEFAULT = 4


class WorkerLostError(RuntimeError):
    """A worker process ended during a call (killed, out of memory); new ones were started.

    The pool then fails every call in progress, not only the one that ended it.
    Not a :class:`SearchbriefError`: the query is not at fault, and the pages
    that show a library error as a message above the form let this one through
    (the server answers it with a 503).
    """


class WorkerError(RuntimeError):
    """An unexpected error in a worker (a bug), carried back as its type's name and message.

    The original may not survive pickling (an exception whose ``__init__`` takes
    more than its message), and one that fails to unpickle breaks the pool.
    """


def default_processes() -> int:
    """One worker process per usable core, at most :data:`MOST_BY_DEFAULT`."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(MOST_BY_DEFAULT, cores))


#: In a worker process: the index's directory, and the index once opened.
_opened: dict[str, Any] = {}


def _start(directory: str) -> None:
    """A worker's start: open the index and its searcher, not on a visitor's first request.

    If the index cannot be opened now (removed, being rebuilt in a new
    format), each call tries again and fails with the library's own error, as
    it would with no worker processes.  Ctrl-C is the server's to handle: it
    ends the workers.  If the server itself is killed (``kill -9``, out of
    memory), the worker ends too.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = multiprocessing.parent_process()
    if server is not None:
        threading.Thread(target=_end_with, args=(server,), daemon=True).start()
    _opened["directory"] = directory
    try:
        _index().search("warm", limit=1)
    except Exception:  # noqa: BLE001 (an error here would break the pool: each call says why)
        pass


def _index() -> BriefingIndex:
    """The worker's index, opened on first need."""
    if "index" not in _opened:
        _opened["index"] = BriefingIndex.open(_opened["directory"])
    index: BriefingIndex = _opened["index"]
    return index


def _end_with(server: BaseProcess) -> None:
    server.join()  # returns when the server's process has ended
    os._exit(0)


def _call(function: Callable[..., R], args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
    """``function(index, ...)``; the library's errors as they are, any other as a WorkerError."""
    try:
        return function(_index(), *args, **kwargs)
    except SearchbriefError:
        raise  # each pickles (tested): the server answers it as without workers
    except Exception as exc:
        raise WorkerError(f"{type(exc).__name__}: {exc}") from None


class Workers:
    """Calls on the index, run in ``processes`` worker processes (0: in the calling thread)."""

    def __init__(self, index: BriefingIndex, processes: int) -> None:
        if processes < 0:
            raise ValueError(f"processes must be 0 or more, not {processes}")
        self.index = index
        self.processes = processes
        self._lock = threading.Lock()
        self._pool = self._new_pool() if processes else None

    def _new_pool(self) -> ProcessPoolExecutor:
        # Started afresh (spawn), not forked: the server has threads running.
        return ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(str(self.index.directory),),
        )

    def call(
        self,
        function: Callable[Concatenate[BriefingIndex, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """``function(index, *args, **kwargs)``, in a worker process if there are any."""
        pool = self._pool
        if pool is None:
            return function(self.index, *args, **kwargs)
        try:
            return pool.submit(_call, function, args, kwargs).result()
        except BrokenProcessPool as exc:
            self._replace(pool)
            raise WorkerLostError(
                "a search process ended before it answered; new ones were started: try again"
            ) from exc

    def start(self) -> set[int]:
        """Start the worker processes now, not on the first calls; ids of those that answered."""
        pool = self._pool
        if pool is None:
            return set()
        # Each call that finds no idle worker starts one, up to ``processes``.
        futures = [pool.submit(os.getpid) for _ in range(self.processes)]
        wait(futures)
        return {future.result() for future in futures}

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A new pool for the broken one, unless another thread has replaced it already."""
        with self._lock:
            if self._pool is broken:
                self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """End the worker processes (their calls in progress finish first).

        Calls made after run in the calling thread, as with no processes.
        """
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
