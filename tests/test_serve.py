"""``searchbrief serve`` as a process: one line with the URL on stderr, Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.web_files import build


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    build(tmp_path).close()
    port = _free_port()
    command = [sys.executable, "-m", "searchbrief", "serve", "--index", str(tmp_path / "index")]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
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
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert stdout == ""
    assert "Traceback" not in stderr
