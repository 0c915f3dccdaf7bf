"""A fresh ``searchbrief query`` imports only what a query uses.

Each test runs the command in a new Python process (imports are process-wide,
so this test process proves nothing) and lists the modules it loaded.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from searchbrief import BriefingIndex, _click
from searchbrief._stand_ins import cleandoc
from tests.conftest import ROOT

# Runs the CLI like the installed script, then writes the loaded modules to argv[1].
RUN_CLI = """
import sys

from searchbrief.cli import cli  # first, as in the installed script
from pathlib import Path

try:
    cli.main(sys.argv[2:], prog_name="searchbrief")
except SystemExit as exit:
    assert not exit.code, exit.code
Path(sys.argv[1]).write_text("\\n".join(sorted(sys.modules)))
"""

#: What a plain query never needs: reading briefings (YAML, dates, NLTK for
#: stemming new words), writing, the analyses, the other output formats,
#: Whoosh's query parser (for more than words and "phrases": see
#: searchbrief.query), the modules Whoosh, click, dataclasses and pathlib
#: load for functions a query never calls (see searchbrief._stand_ins and
#: searchbrief._whoosh), and gettext (with locale), unless Python has a
#: folder of catalogues in which it would look for click's messages (see
#: searchbrief._click).
NOT_FOR_A_QUERY = (
    "nltk",
    "frontmatter",
    "yaml",
    "dateutil",
    "csv",
    "json",
    "urllib.request",
    "urllib.parse",
    "ipaddress",
    "http.client",
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "tempfile",
    "shutil",
    "bz2",
    "lzma",
    "random",
    "html",
    "queue",
    "calendar",
    "hashlib",
    "platform",
    "whoosh.lang.morph_en",
    "whoosh.lang.porter",
    "whoosh.lang.dmetaphone",
    "whoosh.sorting",
    "whoosh.qparser",
    "whoosh.qparser.dateparse",
    "whoosh.automata.lev",
    "whoosh.support.levenshtein",
    "whoosh.writing",
    "whoosh.multiproc",
    "searchbrief.reader",
    "searchbrief.indexer",
    "searchbrief.analysis",
    "searchbrief.cli_analyses",
    "searchbrief.explain",
    "searchbrief.spoken",
    "searchbrief.stats",
    "searchbrief.cite",
    "searchbrief.serialize",
    "searchbrief.briefings",
    "searchbrief.reports",
    "searchbrief.dates",
) + (() if Path(_click._LOCALE_DIR).is_dir() else ("gettext", "locale"))


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("startup") / "index"
    index, report = BriefingIndex.build(directory, [ROOT / "seeds"])
    index.close()
    assert report.added == 1
    return directory


def loaded_modules(
    tmp_path: Path, expected: str, *args: str, python: tuple[str, ...] = ()
) -> set[str]:
    """Run ``searchbrief ARGS`` in a new process; check it printed ``expected``.

    ``python`` are options of the interpreter; what it prints to stderr is in
    ``tmp_path / "stderr.txt"``.
    """
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, *python, "-c", RUN_CLI, str(listing), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    (tmp_path / "stderr.txt").write_text(done.stderr)
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


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("Strategic Stability Dialogue", set()),
        ('"Strategic Stability" Dialogue', set()),
        ("Strategic OR Dialogue", {"whoosh.qparser"}),
        ("Stability -Dialogue", {"whoosh.qparser"}),
        ('"Strategic Dialogue"~2', {"whoosh.qparser"}),
    ],
)
def test_only_a_query_with_more_than_words_and_phrases_loads_the_parser(
    seed_index: Path, tmp_path: Path, text: str, needs: set[str]
) -> None:
    title = "President Putin of the Russian Federation"
    modules = loaded_modules(tmp_path, title, "query", text, "--index", str(seed_index))
    assert sorted(modules.intersection(NOT_FOR_A_QUERY)) == sorted(needs)


#: What ``import nltk`` imports (nearly all of NLTK) and a new word does not need.
NOT_FOR_A_NEW_WORD = (
    "nltk",
    "nltk.corpus",
    "nltk.corpus.reader",
    "nltk.stem.wordnet",
    "nltk.translate",
    "nltk.tokenize",
    "nltk.pathsec",
    "nltk.downloader",
)


@pytest.fixture(scope="module")
def own_seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed by a new process: its table of stems has the seeds' words only.

    (An index built here would save every stem this test process has computed.)
    """
    directory = tmp_path_factory.mktemp("startup") / "index"
    command = [sys.executable, "-m", "searchbrief", "index", "seeds", "--index", str(directory)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return directory


@pytest.mark.parametrize(
    ("text", "expected", "told"),
    [
        ("Strateg*", "President Putin of the Russian Federation", ""),
        ("Dialoguez", "", "did you mean: dialogue"),
    ],
)
def test_a_new_word_or_a_prefix_loads_the_stemmer_without_the_rest_of_nltk(
    own_seed_index: Path, tmp_path: Path, text: str, expected: str, told: str
) -> None:
    query = ["query", text, "--index", str(own_seed_index)]
    modules = loaded_modules(tmp_path, expected, *query, python=("-X", "importtime"))
    stderr = (tmp_path / "stderr.txt").read_text()
    assert told in stderr
    times = stderr.splitlines()
    imported = {line.split("|")[-1].strip() for line in times if line.startswith("import time:")}
    assert {"nltk.stem.api", "nltk.stem.porter", "nltk.stem.util"} <= imported  # by snowball
    assert sorted(imported.intersection(NOT_FOR_A_NEW_WORD)) == []
    assert not [name for name in modules if name.startswith("nltk")]  # none left behind


def test_other_commands_still_load_what_they_need(seed_index: Path, tmp_path: Path) -> None:
    args = ["timeline", '"Strategic Stability Dialogue"', "--index", str(seed_index)]
    modules = loaded_modules(tmp_path, "2021-12,2021-12-29", *args, "--format", "csv")
    assert {"searchbrief.analysis", "searchbrief.cli_analyses", "csv"} <= modules


# What those modules give Whoosh, click, dataclasses and pathlib, used in a
# process where searchbrief (and its CLI) came first: each prints a line.
STAND_IN_CALLS = """
import sys
from pathlib import Path

import searchbrief.cli
from whoosh.compat import htmlescape, queue, urlretrieve
from whoosh.query.terms import variations
from whoosh.analysis import StemmingAnalyzer
from whoosh.analysis.morph import double_metaphone
from whoosh.codec.base import lev
from whoosh.collectors import sorting
from whoosh.filedb import filestore
from whoosh.filedb.filetables import md5_hash
from whoosh.reading import distance
from whoosh.util import random_name
from whoosh.util.times import adatetime
import click.core
import platform
import uuid

assert not {"urllib.request", "whoosh.lang.morph_en", "inspect"} & set(sys.modules)
urlretrieve(sys.argv[1], sys.argv[2])
print(" ".join(sorted(variations("briefing"))))
print(" ".join(token.text for token in StemmingAnalyzer()("briefings")))
print(htmlescape("<b>"), queue.Empty.__name__, double_metaphone("Smith")[0])
print(type(lev.levenshtein_automaton("ab", 1)).__name__, sorting.FieldFacet.__name__)
print(Path(filestore.tempfile.gettempdir()).is_dir(), md5_hash(b"briefing"))
print(distance("brief", "briefs"), len(random_name()), adatetime(2021, 2).ceil().day)
print(Path("/a b").as_uri(), repr(click.core.inspect.cleandoc("  one\\n    two  \\n")))
some_id = click.UUID.convert(str(uuid.uuid4()), None, None)
print(uuid._LINUX == (platform.system() == "Linux"), some_id.version)
print(click.core._("Done."), *(click.core.ngettext("a turn", "turns", n) for n in (1, 2)))
"""


def test_libraries_still_have_what_they_import_on_call(tmp_path: Path) -> None:
    source, copy = tmp_path / "source.txt", tmp_path / "copy.txt"
    source.write_text("briefing")
    command = [sys.executable, "-c", STAND_IN_CALLS, source.as_uri(), str(copy)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert copy.read_text() == "briefing"
    lines = done.stdout.splitlines()
    assert {"brief", "briefings"} <= set(lines[0].split())
    assert lines[1] == "brief"  # Porter's stem, imported on call
    assert lines[2] == "&lt;b&gt; Empty SM0"
    assert lines[3] == "NFA FieldFacet"
    md5 = int(hashlib.md5(b"briefing").hexdigest(), 16) & 0xFFFFFFFF
    assert lines[4] == f"True {md5}"
    assert lines[5] == "1 28 28"
    cleaned = inspect.cleandoc("  one\n    two  \n")
    assert lines[6] == f"file:///a%20b {cleaned!r}"
    assert lines[7] == "True 4"
    assert lines[8] == "Done. a turn turns"  # no catalogue: click's own words


def _catalogue(path: Path, translations: dict[str, str]) -> None:
    """Write a GNU gettext catalogue (a .mo file) of ``translations``."""
    keys = sorted(translations)
    texts = [key.encode() for key in keys] + [translations[key].encode() for key in keys]
    count, start = len(keys), 28 + 16 * len(keys)  # after the header and both tables
    tables, strings = b"", b""
    for text in texts:
        tables += struct.pack("<2I", len(text), start + len(strings))
        strings += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    path.write_bytes(header + tables + strings)


# Prints the help of ``searchbrief`` where a catalogue has the help option's help
# in language "xx": in Python's folder of catalogues (argv[1] made sys.base_prefix),
# or in a folder given to gettext after searchbrief came first (argv[2]).
TRANSLATED = """
import sys

if sys.argv[1] != "-":
    sys.base_prefix = sys.argv[1]
from searchbrief.cli import cli

if sys.argv[2] != "-":
    import gettext

    gettext.bindtextdomain("messages", sys.argv[2])
cli(["--help"])
"""


@pytest.mark.parametrize("where", ["python", "bound"])
def test_click_translates_its_messages_where_there_is_a_catalogue(
    tmp_path: Path, where: str
) -> None:
    folder = tmp_path / "share" / "locale"
    (folder / "xx" / "LC_MESSAGES").mkdir(parents=True)
    _catalogue(
        folder / "xx" / "LC_MESSAGES" / "messages.mo", {"Show this message and exit.": "Xx."}
    )
    places = [str(tmp_path), "-"] if where == "python" else ["-", str(folder)]
    command = [sys.executable, "-c", TRANSLATED, *places]
    env = {**os.environ, "LANGUAGE": "xx"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "  --help     Xx.\n" in done.stdout


def test_a_message_while_click_imports_gets_gettext_in_place_of_its_stand_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stand_in = ModuleType("gettext")
    stand_in.gettext = _click._gettext  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gettext", stand_in)
    monkeypatch.setattr(_click, "_LOCALE_DIR", str(tmp_path))  # gettext could translate
    assert _click._gettext("Done.") == "Done."
    assert sys.modules["gettext"] is not stand_in


@pytest.mark.parametrize(
    "text", ["", "One line.", " Indented.", "Trailing  ", "a\tb", "Two\n  lines\n", "\n\n  x\n"]
)
def test_cleandoc_is_inspects(text: str) -> None:
    assert cleandoc(text) == inspect.cleandoc(text)


def test_a_dataclass_without_docstring_still_gets_its_signature() -> None:
    command = [
        sys.executable,
        "-c",
        "import searchbrief, dataclasses\n"
        "@dataclasses.dataclass\nclass Point:\n    x: int\n\nprint(Point.__doc__)",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout == "Point(x: int)\n", done.stderr


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


# The collector paused while the package imports: running again after, as before,
# and every object still in its sight (a library does not freeze its host's).
# What the import made is in the oldest generation, unless the host froze some
# objects (moving them there would release those) or the collector was off.
COLLECTOR = """
import gc
import sys

if sys.argv[1] == "off":
    gc.disable()
if sys.argv[1] == "frozen":
    gc.freeze()  # the host's: they stay frozen
import searchbrief

young = len(gc.get_objects(0)) + len(gc.get_objects(1))
print(gc.isenabled(), gc.get_freeze_count() > 0, young < 1000)
loop = []
loop.append(loop)
del loop
print(gc.collect() > 0)
"""


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("on", "True False True\nTrue\n"),
        ("off", "False False False\nTrue\n"),
        ("frozen", "True True False\nTrue\n"),
    ],
)
def test_the_collector_runs_after_the_import_as_before(state: str, expected: str) -> None:
    command = [sys.executable, "-c", COLLECTOR, state]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout == expected, done.stderr


def test_the_command_line_freezes_what_its_imports_made(tmp_path: Path) -> None:
    script = (
        "import gc, sys\n"
        "from searchbrief.cli import cli\n"
        "before = gc.get_freeze_count()\n"
        "try:\n"
        "    cli(['stats', '--index', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(before == 0, gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "none")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.stderr.strip().splitlines()[-1] == "True True", done.stderr
