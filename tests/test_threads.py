"""One BriefingIndex shared between threads answers every query as one thread does.

Queries of every kind go through Whoosh's searcher or the plain-query path:
prefixes, dates, titles, proximity, OR, filters. While they run, another
index object (as another process would) rebuilds the same index, so the
threads' searchers are refreshed under them.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from searchbrief import BriefingIndex
from tests.conftest import BRIEFINGS

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("vaccines", {}),
    ("vacc*", {}),
    ("pres*", {"by": "turn"}),
    ("date:2021 president", {}),
    ("title:briefing", {}),
    ('"the president"~3', {}),
    ("question OR answer", {}),
    ("the", {"by": "turn", "limit": None}),
    ('"press secretary"', {}),
    ("president", {"role": "reporter"}),
    ("*", {"by": "turn", "limit": 20, "context": 1}),
    ("question", {"exchange": True}),
]
THREADS = 3
ROUNDS = 40


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    BriefingIndex.build(tmp_path / "index", [BRIEFINGS])[0].close()
    return tmp_path / "index"


def _run_threads(
    shared: BriefingIndex, expected: dict[int, Any], rebuild: Path | None
) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS + (rebuild is not None))

    def search(offset: int) -> None:
        start.wait()
        for i in range(ROUNDS * len(QUERIES)):
            number = (i + offset) % len(QUERIES)
            text, options = QUERIES[number]
            try:
                found = shared.search(text, **options).to_dict()
                outcome = "same" if found == expected[number] else f"different: {text}"
            except Exception as exc:  # every failure is counted, by kind
                outcome = f"{type(exc).__name__}: {exc}"
            with lock:
                outcomes[outcome] += 1

    def reindex() -> None:
        assert rebuild is not None
        start.wait()
        with BriefingIndex.open(rebuild) as writer:
            for _ in range(3):
                writer.update([BRIEFINGS], rebuild=True, wait=60)

    threads = [threading.Thread(target=search, args=(n,)) for n in range(THREADS)]
    if rebuild is not None:
        threads.append(threading.Thread(target=reindex))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("with_writer", [False, True])
def test_threads_sharing_an_index_get_one_threads_answers(
    index_dir: Path, with_writer: bool
) -> None:
    with BriefingIndex.open(index_dir) as alone:
        expected = {n: alone.search(t, **o).to_dict() for n, (t, o) in enumerate(QUERIES)}
    with BriefingIndex.open(index_dir) as shared:
        outcomes = _run_threads(shared, expected, index_dir if with_writer else None)
    assert outcomes == {"same": THREADS * ROUNDS * len(QUERIES)}


def test_close_closes_every_threads_searcher(index_dir: Path) -> None:
    shared = BriefingIndex.open(index_dir)
    seen: list[int] = []

    def search() -> None:
        seen.append(shared.search("vaccines").total)

    threads = [threading.Thread(target=search) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shared.close()
    assert len(seen) == THREADS and len(set(seen)) == 1
    assert shared.search("vaccines").total == seen[0]  # opens again after close
    shared.close()


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see mapped files")
def test_threads_that_end_leave_no_searcher_behind(index_dir: Path) -> None:
    import gc

    def mapped() -> int:
        text = Path("/proc/self/maps").read_text()
        return sum(str(index_dir.resolve()) in line for line in text.splitlines())

    with BriefingIndex.open(index_dir) as shared:
        shared.search("vaccines")
        before = mapped()
        for _ in range(10):  # a pool that starts and stops threads, one after the other
            thread = threading.Thread(target=shared.search, args=("vaccines",))
            thread.start()
            thread.join()
        gc.collect()
        assert mapped() == before > 0
