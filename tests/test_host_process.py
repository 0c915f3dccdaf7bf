"""Importing and using searchbrief leaves its host process as it found it.

Imports are process-wide, and this test process has imported searchbrief
already: each check runs in a new Python process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BRIEFINGS, ROOT

#: Imports searchbrief (and, given an index, searches it) between two
#: snapshots of the process: what the collector does, every loaded module, and
#: the functions other packages expose; prints what changed.
CHECK = """
import gc, sys
argv = sys.argv[1:]
if argv[0] == "disabled":
    gc.disable()
gc.set_threshold(1234, 11, 12)
import dataclasses, pathlib, json


def state():
    modules = dict(sys.modules)
    functions = {
        (name, attr): id(value)
        for name, module in modules.items()
        if not name.startswith("searchbrief")
        for attr, value in list(vars(module).items())
        if callable(value) or type(value).__name__ == "module"
    }
    collector = (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold())
    return modules, functions, collector


before_modules, before_functions, before_gc = state()
import searchbrief

if len(argv) > 1:
    with searchbrief.BriefingIndex.open(argv[1]) as index:
        index.search("vaccines")
        index.search("vacc* OR date:2021")
after_modules, after_functions, after_gc = state()
changed = [
    f"{key[0]}.{key[1]}"
    for key, value in before_functions.items()
    if after_functions.get(key, value) != value
]
replaced = [n for n, m in before_modules.items() if after_modules.get(n, m) is not m]
removed = [n for n in before_modules if n not in after_modules]


def ours(value):
    # A function of searchbrief's, or a module whose attributes one serves.
    if type(value).__name__ == "module":
        value = vars(value).get("__getattr__")
    return str(getattr(value, "__module__", "")).startswith("searchbrief")


foreign = sorted(
    f"{name}.{attr}"
    for name, module in list(sys.modules.items())
    if not name.startswith(("searchbrief", "__main__"))
    for attr, value in list(vars(module).items())
    if ours(value)
) + sorted(
    name for name, module in sys.modules.items()
    if ours(module) and not name.startswith("searchbrief")
)
print(json.dumps({
    "collector": [before_gc == after_gc, str(before_gc), str(after_gc)],
    "changed": changed, "replaced": replaced, "removed": removed, "foreign": foreign,
}))
"""


def _check(*args: str) -> dict[str, object]:
    import json

    done = subprocess.run(
        [sys.executable, "-c", CHECK, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from searchbrief import BriefingIndex

    directory = tmp_path_factory.mktemp("host")
    BriefingIndex.build(directory, [BRIEFINGS])[0].close()
    return directory


@pytest.mark.parametrize("collector", ["enabled", "disabled"])
def test_import_leaves_the_process_as_it_found_it(collector: str) -> None:
    found = _check(collector)
    assert found == {
        "collector": [True, found["collector"][1], found["collector"][1]],  # type: ignore[index]
        "changed": [],
        "replaced": [],
        "removed": [],
        "foreign": [],
    }


def test_searching_leaves_the_process_as_it_found_it(index_dir: Path) -> None:
    found = _check("enabled", str(index_dir))
    assert found["collector"][0] is True, found  # type: ignore[index]
    assert (found["changed"], found["replaced"], found["removed"], found["foreign"]) == (
        [],
        [],
        [],
        [],
    )


def test_python_dash_c_import_keeps_the_collector_on() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import gc, searchbrief; assert gc.isenabled()"], cwd=ROOT
    )
    assert done.returncode == 0
