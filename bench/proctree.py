"""Running one command in a child process and measuring what it cost.

CPU time and peak memory come from the ``rusage`` that ``os.wait4`` returns
for the command's process: Linux folds into it every descendant the process
waited for (searchbrief's reader pool and Whoosh's sub-writers), so CPU is
the sum over the whole process tree and ``ru_maxrss`` is the largest single
process in it — what ``getrusage(RUSAGE_CHILDREN)`` gives, for this command
alone. Because processes run side by side, the tree's *summed* resident
memory can be higher; a thread samples it from ``/proc`` every ``interval``
seconds (Linux only; 0 elsewhere).

On Linux a process's ``ru_maxrss`` also counts the memory of the process it
was spawned from, as it stood before ``exec``: measured straight from a big
bench process, every command would look as big. So the command is started by
a small wrapper (``python -m bench.proctree OUT -- COMMAND...``), which times
it, waits for it and writes its wall time and rusage to ``OUT`` as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_PROC = Path("/proc")


@dataclass(frozen=True)
class Measured:
    """One finished command: exit code, output and costs (seconds, bytes)."""

    returncode: int
    stdout: str
    stderr: str
    wall: float
    cpu_user: float
    cpu_system: float
    max_rss: int  # largest single process of the tree (ru_maxrss)
    peak_tree_rss: int  # largest sampled sum over the tree (0 when not sampled)

    @property
    def cpu(self) -> float:
        return self.cpu_user + self.cpu_system


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_rss(root: int, *, include_root: bool = True) -> int:
    """Resident bytes of ``root``'s descendants (and ``root``) now; 0 if unavailable."""
    if not _PROC.is_dir():
        return 0
    children = _children_map()
    total, todo = 0, [root] if include_root else list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            total += int((_PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    interval: float = 0.2,
    sample: bool = True,
) -> Measured:
    """Run ``command`` to the end through the wrapper and return its costs.

    Its output is captured to temporary files (no pipe to fill up).
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(suffix=".json") as report,
    ):
        wrapper = [sys.executable, "-m", "bench.proctree", report.name, "--", *command]
        here = str(Path(__file__).resolve().parent.parent)
        wrapper_env = dict(env if env is not None else os.environ)
        wrapper_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (here, wrapper_env.get("PYTHONPATH", "")) if p
        )
        child = subprocess.Popen(wrapper, stdout=out, stderr=err, env=wrapper_env, cwd=cwd)
        peak = [0]
        done = threading.Event()

        def sampler() -> None:
            while not done.wait(interval):
                peak[0] = max(peak[0], tree_rss(child.pid, include_root=False))

        thread = threading.Thread(target=sampler, daemon=True)
        if sample:
            thread.start()
        child.wait()
        done.set()
        if sample:
            thread.join()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        text = Path(report.name).read_text(encoding="utf-8")
    if not text:
        raise RuntimeError(f"the measuring wrapper failed ({child.returncode}):\n{stderr}")
    costs = json.loads(text)
    return Measured(
        returncode=costs["returncode"],
        stdout=stdout,
        stderr=stderr,
        wall=costs["wall"],
        cpu_user=costs["cpu_user"],
        cpu_system=costs["cpu_system"],
        max_rss=costs["max_rss"],
        peak_tree_rss=max(peak[0], costs["max_rss"]) if sample else 0,
    )


def wrap(report: str, command: Sequence[str]) -> int:
    """Run ``command`` (output inherited), write its wall time and rusage to ``report``."""
    started = time.perf_counter()
    child = subprocess.Popen(list(command))
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    costs = {
        "returncode": child.returncode,
        "wall": wall,
        "cpu_user": usage.ru_utime,
        "cpu_system": usage.ru_stime,
        "max_rss": usage.ru_maxrss * 1024,  # Linux reports KiB
    }
    Path(report).write_text(json.dumps(costs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print("usage: python -m bench.proctree REPORT_JSON -- COMMAND...", file=sys.stderr)
        sys.exit(2)
    sys.exit(wrap(sys.argv[1], sys.argv[3:]))
