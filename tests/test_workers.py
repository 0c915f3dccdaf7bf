"""The server's worker processes: the library's answers and errors, and a worker's death."""

from __future__ import annotations

import inspect
import os
import pickle
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import searchbrief.engine.whoosh_private
import searchbrief.errors
import searchbrief.watch.store
from searchbrief import (
    BriefingIndex,
    IndexNotFoundError,
    QuerySyntaxError,
    SearchbriefError,
    TurnNotFoundError,
)
from searchbrief.web.app import create_app
from searchbrief.web.workers import WorkerError, WorkerLostError, Workers
from tests.web_files import build, wait_gone


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    index = build(tmp_path_factory.mktemp("workers"))
    yield index
    index.close()


def _process_id(index: BriefingIndex) -> int:
    return os.getpid()


class _TwoArgumentError(Exception):
    """Like Whoosh's IndexVersionError: its ``__init__`` wants more than the message."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


def _fail_oddly(index: BriefingIndex) -> None:
    raise _TwoArgumentError("an unexpected failure", 3)


def _exit_now(index: BriefingIndex) -> None:
    """Run in a worker: it ends at once, as a process killed for memory does."""
    os._exit(3)


def test_calls_answer_and_fail_as_the_library_does(index: BriefingIndex) -> None:
    workers = Workers(index, 2)
    pids: set[int] = set()
    try:
        pids = workers.start()
        assert pids and os.getpid() not in pids
        assert workers.call(BriefingIndex.search, "ports") == index.search("ports")
        phrase = '"Strategic Stability Dialogue"'
        assert workers.call(BriefingIndex.timeline, phrase) == index.timeline(phrase)
        with pytest.raises(QuerySyntaxError) as found:
            workers.call(BriefingIndex.search, "ports AND")
        with pytest.raises(QuerySyntaxError) as expected:
            index.search("ports AND")
        assert str(found.value) == str(expected.value)
        with pytest.raises(TurnNotFoundError):
            workers.call(BriefingIndex.cite, "no-such-briefing/1")
    finally:
        workers.shutdown()
    for pid in pids:
        wait_gone(pid)  # shutdown ends the processes


def test_no_processes_calls_in_the_calling_thread(index: BriefingIndex) -> None:
    workers = Workers(index, 0)
    assert workers.start() == set()
    assert workers.call(_process_id) == os.getpid()


def test_an_index_that_cannot_be_opened_fails_as_the_library_does(tmp_path: Path) -> None:
    index = build(tmp_path)
    directory = index.directory
    directory.rename(tmp_path / "away")  # as if removed while the server runs
    workers = Workers(index, 1)
    try:
        workers.start()
        with pytest.raises(IndexNotFoundError) as found:
            workers.call(BriefingIndex.search, "ports")
        with pytest.raises(IndexNotFoundError) as expected:
            BriefingIndex.open(directory)
        assert str(found.value) == str(expected.value)
        (tmp_path / "away").rename(directory)  # back: the same worker opens it now
        assert workers.call(BriefingIndex.search, "ports").total == 1
    finally:
        workers.shutdown()
        index.close()


def test_an_unexpected_error_comes_back_by_name_and_the_worker_stays(
    index: BriefingIndex,
) -> None:
    workers = Workers(index, 1)
    try:
        (pid,) = workers.start()
        with pytest.raises(WorkerError, match="^_TwoArgumentError: an unexpected failure$"):
            workers.call(_fail_oddly)
        assert workers.call(_process_id) == pid  # the same process: the pool did not break
    finally:
        workers.shutdown()


def test_a_damaged_index_fails_each_call_without_breaking_the_pool(tmp_path: Path) -> None:
    index = build(tmp_path)
    (toc,) = index.directory.glob("*.toc")
    toc.write_bytes(toc.read_bytes()[:20])  # cut short: it cannot be read
    workers = Workers(index, 1)
    try:
        (pid,) = workers.start()  # the worker started, though it could not open the index
        for _ in range(2):
            with pytest.raises(WorkerError):
                workers.call(BriefingIndex.search, "ports")
        assert workers.start() == {pid}  # the same process: the pool did not break
    finally:
        workers.shutdown()
        index.close()


def test_a_worker_that_dies_is_replaced(index: BriefingIndex) -> None:
    workers = Workers(index, 1)
    try:
        with pytest.raises(WorkerLostError, match="try again"):
            workers.call(_exit_now)
        assert workers.call(BriefingIndex.search, "ports") == index.search("ports")
    finally:
        workers.shutdown()


def test_the_server_answers_503_when_a_worker_is_killed_then_recovers(
    index: BriefingIndex,
) -> None:
    with TestClient(create_app(index, processes=1)) as client:
        (pid,) = client.app.state.site.workers.start()  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        wait_gone(pid)
        lost = client.get("/api/search", params={"q": "ports"})
        assert lost.status_code == 503
        assert "\n" not in lost.json()["error"] and "try again" in lost.json()["error"]
        again = client.get("/api/search", params={"q": "ports"})
        assert again.status_code == 200
        assert again.json()["total"] == index.search("ports").total == 1


def _every_error(base: type[SearchbriefError]) -> Iterator[type[SearchbriefError]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _every_error(sub)


# The modules that define errors, imported so that every subclass is known.
MODULES = (searchbrief.errors, searchbrief.watch.store, searchbrief.engine.whoosh_private)


@pytest.mark.parametrize("error", sorted(_every_error(SearchbriefError), key=str), ids=str)
def test_every_error_crosses_to_another_process(error: type[SearchbriefError]) -> None:
    """A worker's error is pickled to the server: its type and message must survive."""
    args: list[object] = ["what went wrong"]  # an exception's own __init__
    ours = [cls for cls in error.__mro__ if issubclass(cls, SearchbriefError)]
    if any("__init__" in vars(cls) for cls in ours):
        params = inspect.signature(error).parameters  # its own: each argument given
        args = [Path("/a/b.md") if name == "path" else "why" for name in params]
    raised = error(*args)
    copy = pickle.loads(pickle.dumps(raised))
    assert type(copy) is error and str(copy) == str(raised) and copy.args == raised.args
