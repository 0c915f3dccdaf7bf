"""``searchbrief serve`` as a process: one line with the URL on stderr, Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.web_files import build, wait_gone


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _workers(pid: int) -> set[int]:
    """The worker processes ``pid`` started (Linux lists each thread's children), not
    multiprocessing's resource tracker."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return {child for child in found if b"spawn_main" in _command_line(child)}


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:  # ended meanwhile
        return b""


def _serving(tmp_path: Path, processes: str) -> tuple[subprocess.Popen[str], int]:
    """``searchbrief serve`` started on a free port, once it has answered a search."""
    build(tmp_path).close()
    port = _free_port()
    command = [sys.executable, "-m", "searchbrief", "serve", "--index", str(tmp_path / "index")]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--processes", processes],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job is
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line == f"searchbrief: serving {tmp_path / 'index'} at http://127.0.0.1:{port}/\n"
    body = None
    for _ in range(200):  # bounded: until the server listens
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=ports") as r:
                body = json.load(r)
            break
        except OSError:
            try:  # wait a little for the server, unless it has ended
                process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(process.stderr.read()) from None
    assert body is not None and body["total"] == 1
    return process, port


@pytest.mark.parametrize("processes", ["2", "0"])
def test_serve_prints_its_url_answers_and_stops_on_ctrl_c(tmp_path: Path, processes: str) -> None:
    """Ctrl-C in a terminal signals every process of the group: the workers too."""
    process, _ = _serving(tmp_path, processes)
    try:
        workers = _workers(process.pid)
        assert len(workers) == int(processes)  # started before it answered
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
        for pid in workers:
            wait_gone(pid)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert stdout == ""
    assert "Traceback" not in stderr


def test_a_killed_server_leaves_no_worker_behind(tmp_path: Path) -> None:
    process, _ = _serving(tmp_path, "2")
    workers = _workers(process.pid)
    assert len(workers) == 2
    process.kill()  # kill -9: no shutdown runs
    process.communicate(timeout=30)
    for pid in workers:
        wait_gone(pid)
