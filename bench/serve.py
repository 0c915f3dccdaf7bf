"""The server under load: 4 clients over the query set, ``/api/search`` and ``/search``.

    python -m bench.serve --index DIR --queries FILE [--clients 4] [--rounds 3] [--processes N]

Starts ``searchbrief serve`` on a free port of 127.0.0.1, waits (bounded) until
it answers, then each client thread sends every query ``--rounds`` times over a
keep-alive connection.  Prints JSON: requests per second, latency summaries in
seconds (p50 as ``median``, ``p95``) and errors, for the API and the page.
``--processes`` is passed on to ``serve`` (its worker processes; 0 searches in
the server's own threads); without it, ``serve`` picks its default.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.queries import read_queries
from bench.stats import summary
from searchbrief.web.workers import default_processes

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(port: int, process: subprocess.Popen[bytes], tries: int = 600) -> None:
    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the server ended before it answered") from None
            time.sleep(0.05)
    raise RuntimeError("the server did not answer")


def load(port: int, paths: list[str], clients: int) -> tuple[list[float], int, float]:
    """Every client sends every path; latencies, errors and the wall time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        for path in paths:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - start


def measure(
    index: Path,
    queries: list[str],
    clients: int = 4,
    rounds: int = 3,
    processes: int | None = None,
) -> dict[str, Any]:
    port = free_port()
    command = [sys.executable, "-m", "searchbrief", "serve", "--index", str(index)]
    if processes is None:
        processes = default_processes()
    command += ["--port", str(port), "--processes", str(processes)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        figures: dict[str, Any] = {
            "clients": clients,
            "rounds": rounds,
            "queries": len(queries),
            "processes": processes,
        }
        for name, path in (("api", "/api/search"), ("page", "/search")):
            urls = [f"{path}?{urlencode({'q': q})}" for q in queries]
            load(port, urls, 1)  # warm up: every searcher open, every page compiled
            latencies, errors, wall = load(port, urls * rounds, clients)
            figures[name] = {
                **summary(latencies),
                "errors": errors,
                "requests_per_second": len(latencies) / wall if wall else 0.0,
            }
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "queries.txt")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args(argv)
    queries = read_queries(args.queries)
    figures = measure(args.index, queries, args.clients, args.rounds, args.processes)
    print(json.dumps(figures, indent=1))
    print(table(figures), file=sys.stderr)
    return 0


def table(figures: dict[str, Any]) -> str:
    """The server's figures as a small text table (milliseconds)."""
    processes = figures.get("processes")
    searching = "its own threads" if processes == 0 else f"{processes} worker processes"
    lines = [
        f"server: {figures['clients']} clients, {figures['queries']} queries × {figures['rounds']},"
        f" searching in {searching}",
        f"{'':12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}",
    ]
    for name, label in (("api", "/api/search"), ("page", "/search")):
        row = figures[name]
        lines.append(
            f"{label:12} {row['requests_per_second']:8.1f} {row['median'] * 1e3:8.1f}"
            f" {row['p95'] * 1e3:8.1f} {row['errors']:7d}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
