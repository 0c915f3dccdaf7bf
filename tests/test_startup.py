"""A fresh ``searchbrief query`` imports only what a query uses.

Each test runs the command in a new Python process (imports are process-wide,
so this test process proves nothing) and lists the modules it loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from searchbrief import BriefingIndex
from tests.conftest import ROOT

# Runs the CLI like the installed script, then writes the loaded modules to argv[1].
RUN_CLI = """
import sys
from pathlib import Path

from searchbrief.cli import cli

try:
    cli.main(sys.argv[2:], prog_name="searchbrief")
except SystemExit as exit:
    assert not exit.code, exit.code
Path(sys.argv[1]).write_text("\\n".join(sorted(sys.modules)))
"""

#: What a plain query never needs: reading briefings (YAML, dates, NLTK for
#: stemming new words), writing, the analyses, the other output formats, and
#: two modules Whoosh loads for functions we never call (see searchbrief._whoosh).
NOT_FOR_A_QUERY = (
    "nltk",
    "frontmatter",
    "yaml",
    "dateutil",
    "csv",
    "json",
    "urllib.request",
    "http.client",
    "whoosh.lang.morph_en",
    "whoosh.lang.porter",
    "whoosh.writing",
    "whoosh.multiproc",
    "searchbrief.reader",
    "searchbrief.indexer",
    "searchbrief.analysis",
    "searchbrief.explain",
    "searchbrief.spoken",
    "searchbrief.stats",
    "searchbrief.cite",
    "searchbrief.serialize",
    "searchbrief.briefings",
    "searchbrief.reports",
)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("startup") / "index"
    index, report = BriefingIndex.build(directory, [ROOT / "seeds"])
    index.close()
    assert report.added == 1
    return directory


def loaded_modules(tmp_path: Path, expected: str, *args: str) -> set[str]:
    """Run ``searchbrief ARGS`` in a new process; check it printed ``expected``."""
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, str(listing), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    return set(listing.read_text().split("\n"))


@pytest.mark.parametrize(("output", "needs"), [("text", set()), ("jsonl", {"json"})])
def test_a_query_loads_only_what_it_uses(
    seed_index: Path, tmp_path: Path, output: str, needs: set[str]
) -> None:
    query = ["query", '"Strategic Stability Dialogue"', "--index", str(seed_index)]
    modules = loaded_modules(tmp_path, "Strategic Stability Dialogue", *query, "--format", output)
    assert "searchbrief.search" in modules  # the listing is of the process that searched
    assert needs <= modules
    assert sorted(modules.intersection(NOT_FOR_A_QUERY) - needs) == []


def test_other_commands_still_load_what_they_need(seed_index: Path, tmp_path: Path) -> None:
    args = ["timeline", '"Strategic Stability Dialogue"', "--index", str(seed_index)]
    modules = loaded_modules(tmp_path, "2021-12,2021-12-29", *args, "--format", "csv")
    assert {"searchbrief.analysis", "csv"} <= modules


# Whoosh's functions from those modules, called in a process where searchbrief came first.
WHOOSH_CALLS = """
import sys

import searchbrief
from whoosh.compat import urlretrieve
from whoosh.query.terms import variations
from whoosh.analysis import StemmingAnalyzer

assert "urllib.request" not in sys.modules
assert "whoosh.lang.morph_en" not in sys.modules
assert "whoosh.lang.porter" not in sys.modules
urlretrieve(sys.argv[1], sys.argv[2])
print(" ".join(sorted(variations("briefing"))))
print(" ".join(token.text for token in StemmingAnalyzer()("briefings")))
"""


def test_whoosh_still_has_what_it_imports_on_call(tmp_path: Path) -> None:
    source, copy = tmp_path / "source.txt", tmp_path / "copy.txt"
    source.write_text("briefing")
    command = [sys.executable, "-c", WHOOSH_CALLS, source.as_uri(), str(copy)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert copy.read_text() == "briefing"
    assert {"brief", "briefings"} <= set(done.stdout.split())
    assert done.stdout.splitlines()[-1] == "brief"  # Porter's stem, imported on call


def test_the_package_gives_every_public_name_on_use() -> None:
    import searchbrief
    from searchbrief import briefings, reader, reports

    homes = {"Turn": briefings, "IndexReport": reports, "read_briefing": reader}
    for name in searchbrief.__all__:
        assert getattr(searchbrief, name) is not None
    for name, module in homes.items():
        assert getattr(searchbrief, name) is getattr(module, name)
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        searchbrief.Nothing  # noqa: B018
