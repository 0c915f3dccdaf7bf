"""Builds and reindexes at one corpus size, each engine in its own measured process."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.build_one import ENGINES
from bench.corpus import corpus_files
from bench.proctree import Measured, run_measured
from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent


def disk_bytes(path: Path) -> int:
    """Bytes of the file at ``path``, or of every file under it."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def target_of(engine: str, folder: Path) -> Path:
    """Where ``engine``'s index lives under ``folder``: a directory or a database file."""
    return folder / ("searchbrief-index" if engine == "searchbrief" else f"{engine}.sqlite")


def build_once(engine: str, source: Path, target: Path) -> tuple[Measured, dict[str, Any]]:
    """Run :mod:`bench.build_one` for ``engine``; its costs and its JSON report.

    A failed build is tried once more after a pause (the library may be in the
    middle of being edited); a second failure raises ``RuntimeError``.
    """
    command = [sys.executable, "-m", "bench.build_one", engine, str(source), str(target)]
    for attempt in range(2):
        measured = run_measured(command, cwd=ROOT)
        if measured.returncode == 0:
            return measured, json.loads(measured.stdout.strip().splitlines()[-1])
        print(f"  {engine} build failed:\n{measured.stderr}", file=sys.stderr)
        if attempt == 0:
            time.sleep(10)
    raise RuntimeError(f"{engine} build failed twice ({measured.returncode})")


def full_build(engine: str, source: Path, folder: Path, corpus_bytes: int) -> dict[str, Any]:
    """A build from nothing: costs, throughput and size on disk."""
    target = target_of(engine, folder)
    if target.is_dir():
        shutil.rmtree(target)
    target.unlink(missing_ok=True)
    print(f"  full build: {engine}…", file=sys.stderr)
    measured, report = build_once(engine, source, target)
    size = disk_bytes(target)
    files = report.get("files") or report.get("read", 0)
    print(f"  {engine}: {measured.wall:.1f} s, {size / 1e6:.1f} MB", file=sys.stderr)
    return {
        "wall": measured.wall,
        "cpu": measured.cpu,
        "cpu_user": measured.cpu_user,
        "cpu_system": measured.cpu_system,
        "in_process": report["seconds"],
        "max_rss": measured.max_rss,
        "peak_tree_rss": measured.peak_tree_rss,
        "self_max_rss": report["self_max_rss"],
        "workers_max_rss": report["workers_max_rss"],
        "briefings": report["briefings"],
        "rows": report["rows"],
        "files": files,
        "failed": report.get("failed", 0),
        "duplicates": report.get("duplicates", 0),
        "docs_per_s": files / measured.wall,
        "mb_per_s": corpus_bytes / 1e6 / measured.wall,
        "index_bytes": size,
        "index_ratio": size / corpus_bytes if corpus_bytes else None,
    }


def _sample(engine: str, source: Path, folder: Path) -> dict[str, Any]:
    measured, report = build_once(engine, source, target_of(engine, folder))
    return {
        "wall": measured.wall,
        "cpu": measured.cpu,
        "in_process": report["seconds"],
        "read": report["read"],
        "max_rss": measured.max_rss,
    }


def reindex(source: Path, folder: Path, runs: int) -> dict[str, Any]:
    """Update runs per engine: nothing changed, then one file changed (edited, restored).

    The edited file is the middle one of the sorted corpus; an edit appends a
    line, a restore writes the original bytes back: both make one changed file.
    Runs alternate edit and restore and always end restored.
    """
    files = corpus_files(source)
    changed = files[len(files) // 2]
    original = changed.read_bytes()
    samples: dict[str, dict[str, list[dict[str, Any]]]] = {
        engine: {"nothing": [], "one_file": []} for engine in ENGINES
    }
    print(f"  reindex, nothing changed × {runs}…", file=sys.stderr)
    for _ in range(runs):
        for engine in ENGINES:
            samples[engine]["nothing"].append(_sample(engine, source, folder))
    print(f"  reindex, one file changed × {runs} ({changed.name})…", file=sys.stderr)
    try:
        for run in range(runs):
            edited = run % 2 == 0
            changed.write_bytes(
                original + f"\n\nbench edit {run}.\n".encode() if edited else original
            )
            for engine in ENGINES:
                samples[engine]["one_file"].append(_sample(engine, source, folder))
    finally:
        if changed.read_bytes() != original:
            changed.write_bytes(original)
            for engine in ENGINES:
                _sample(engine, source, folder)
    result: dict[str, Any] = {"changed_file": str(changed.relative_to(source))}
    for engine, kinds in samples.items():
        result[engine] = {
            kind: {
                "wall": summary([s["wall"] for s in runs_]),
                "in_process": summary([s["in_process"] for s in runs_]),
                "cpu": summary([s["cpu"] for s in runs_]),
                "max_rss": max((s["max_rss"] for s in runs_), default=0),
                "files_read": [s["read"] for s in runs_],
            }
            for kind, runs_ in kinds.items()
        }
    return result
