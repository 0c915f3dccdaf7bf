"""Reindexing beside readers, other writers and crashes, with real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from searchbrief import BriefingIndex
from searchbrief.engine.schema import INDEX_NAME
from tests.briefing_files import many

EXIT_BUSY = 75


def searchbrief(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "searchbrief", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "searchbrief", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def count(index: Path, query: str) -> int:
    with BriefingIndex.open(index) as ix:
        return ix.search(query, by="turn", limit=None).total_turns


def no_strays(index: Path) -> list[str]:
    """Files in the index directory that its current generation does not use."""
    current = TOC.read(FileStorage(str(index)), INDEX_NAME)
    segments = {s.segment_id() for s in current.segments}
    toc = f"_{INDEX_NAME}_{current.generation}.toc"
    return sorted(
        p.name
        for p in index.iterdir()
        if p.is_dir()
        or p.name.endswith(".tmp")
        or (
            p.name.startswith(f"{INDEX_NAME}_")
            and p.name.split(".")[0] not in segments
            and p.name != f"{INDEX_NAME}_WRITELOCK"
        )
        or (p.name.startswith(f"_{INDEX_NAME}_") and p.name != toc)
    )


HOLD_LOCK = """
import sys
from pathlib import Path
from searchbrief.engine.directory import writing
with writing(Path(sys.argv[1]), 0):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_second_writer_gets_exit_75_and_a_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    source, index = tmp_path / "src", tmp_path / "index"
    many(source, 3, "walrus")
    assert searchbrief("index", str(source), "--index", str(index)).returncode == 0
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            began = time.monotonic()
            busy = searchbrief("index", str(source), "--index", str(index), "--wait", "1")
            waited = time.monotonic() - began
            assert busy.returncode == EXIT_BUSY
            assert busy.stderr.count("\n") == 1 and "--wait" in busy.stderr
            assert 1.0 <= waited < 30
        finally:
            holder.send_signal(signal.SIGKILL)
    after = searchbrief("index", str(source), "--index", str(index))
    assert after.returncode == 0, after.stderr


#: Builds argv[3] from argv[2], killed (SIGKILL) at the stage argv[1] names:
#: half the files read (through the progress callback), the stems saved after
#: every delete and add is decided (the last step before the commit), or the
#: very system call that would put the new table of contents in place.
KILLED_AT = """
import os, signal, sys
from searchbrief import BriefingIndex
from searchbrief.indexing import update

point, source, index = sys.argv[1:4]


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def progress(done, total):
    if point == "read" and done == total // 2:
        die()


if point == "write":
    update.save_stems = die
if point == "toc":
    for name in ("rename", "replace"):

        def unless_toc(src, dst, *args, call=getattr(os, name), **kwargs):
            if str(dst).endswith(".toc"):
                die()
            return call(src, dst, *args, **kwargs)

        setattr(os, name, unless_toc)
BriefingIndex.build(index, [source], progress=progress)
"""


@pytest.mark.parametrize("point", ["read", "write", "toc"])
def test_killed_at_each_stage_leaves_the_previous_index(tmp_path: Path, point: str) -> None:
    source, index = tmp_path / "src", tmp_path / "index"
    many(source, 80, "otter")
    assert searchbrief("index", str(source), "--index", str(index)).returncode == 0
    many(source, 80, "beaver")  # every file changes
    crashed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, point, str(source), str(index)], timeout=300
    )
    assert crashed.returncode == -signal.SIGKILL
    assert count(index, "otter") == 80 and count(index, "beaver") == 0
    rerun = searchbrief("index", str(source), "--index", str(index))
    assert rerun.returncode == 0, rerun.stderr
    assert count(index, "otter") == 0 and count(index, "beaver") == 80
    assert no_strays(index) == []


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 4.0])
def test_killed_at_any_moment_the_index_still_answers(tmp_path: Path, delay: float) -> None:
    source, index = tmp_path / "src", tmp_path / "index"
    many(source, 150, "heron")
    assert searchbrief("index", str(source), "--index", str(index)).returncode == 0
    many(source, 150, "egret")
    with start("index", str(source), "--index", str(index)) as run:
        try:
            run.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL)
    old, new = count(index, "heron"), count(index, "egret")
    assert (old, new) in {(150, 0), (0, 150)}
    rerun = searchbrief("index", str(source), "--index", str(index))
    assert rerun.returncode == 0, rerun.stderr
    assert (count(index, "heron"), count(index, "egret")) == (0, 150)
    assert no_strays(index) == []


READER = """
import json, sys
from searchbrief import BriefingIndex
from searchbrief.engine.schema import INDEX_NAME
ix = BriefingIndex.open(sys.argv[1])
seen = []
for _ in range(int(sys.argv[2])):
    result = ix.search("puffin OR gannet", by="turn", limit=None)
    words = sorted({"puffin" if "puffin" in h.turns[0].snippet else "gannet" for h in result.hits})
    seen.append([result.total_turns, words])
print(json.dumps(seen))
"""


def test_readers_see_the_old_or_the_new_index_never_a_mix(tmp_path: Path) -> None:
    source, index = tmp_path / "src", tmp_path / "index"
    many(source, 200, "puffin")
    assert searchbrief("index", str(source), "--index", str(index)).returncode == 0
    many(source, 200, "gannet")
    with subprocess.Popen(
        [sys.executable, "-c", READER, str(index), "400"], stdout=subprocess.PIPE, text=True
    ) as reader:
        writer = searchbrief("index", str(source), "--index", str(index))
        out, _ = reader.communicate(timeout=600)
    assert writer.returncode == 0 and reader.returncode == 0
    seen = json.loads(out)
    assert all(entry in ([200, ["puffin"]], [200, ["gannet"]]) for entry in seen), seen[:5]
    assert count(index, "gannet") == 200


#: Runs `searchbrief index argv[1] --index argv[2]`, killing one worker process
#: (SIGKILL, as the out-of-memory killer would) once the first file is done.
KILL_A_WORKER = """
import multiprocessing, os, signal, sys
from searchbrief.cli.commands import cli
from searchbrief.indexing import update

parallel = update.write_parallel


def write_parallel(directory, jobs, batch, done, *rest):
    killed = []

    def first_done():
        if not killed:
            killed.append(multiprocessing.active_children()[0].pid)
            os.kill(killed[0], signal.SIGKILL)
        done()

    return parallel(directory, jobs, batch, first_done, *rest)


update.write_parallel = write_parallel
cli.main(["index", sys.argv[1], "--index", sys.argv[2]], prog_name="searchbrief")
"""


def test_a_worker_killed_alone_fails_the_run_with_its_own_code(tmp_path: Path) -> None:
    source, index = tmp_path / "src", tmp_path / "index"
    many(source, 80, "otter")
    assert searchbrief("index", str(source), "--index", str(index)).returncode == 0
    many(source, 80, "beaver")
    run = subprocess.run(
        [sys.executable, "-c", KILL_A_WORKER, str(source), str(index)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 3, run.stderr
    assert run.stderr.startswith("Error: a worker process died") and run.stderr.count("\n") == 1
    assert count(index, "otter") == 80 and count(index, "beaver") == 0
    rerun = searchbrief("index", str(source), "--index", str(index))
    assert rerun.returncode == 0, rerun.stderr
    assert count(index, "beaver") == 80 and no_strays(index) == []


def test_a_worker_whose_parent_is_gone_before_it_starts_exits() -> None:
    # The fork window: the indexer killed after forking a worker, before the
    # worker asked to die with it. The worker sees another parent and leaves.
    script = (
        "import os\n"
        "from searchbrief.indexing.processes import die_with_parent\n"
        "die_with_parent(os.getppid() + 100000)\n"
        "print('still alive')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (1, "")
    alive = subprocess.run(
        [sys.executable, "-c", script.replace(" + 100000", "")], capture_output=True, text=True
    )
    assert (alive.returncode, alive.stdout) == (0, "still alive\n")
