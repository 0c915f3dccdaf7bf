"""Stems come from the index's stem table when it has them, from NLTK otherwise, and agree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from nltk.stem.snowball import SnowballStemmer

from searchbrief import BriefingIndex
from searchbrief.engine import stemming
from searchbrief.engine.directory import save_stems, stem_table, stems_path
from tests.conftest import BRIEFINGS

#: Words whose stems take the stemmer's less travelled paths.
ODD_WORDS = """
generously generous generate generation dying lying tying news skies sky ski
ugly early only singly howe atlas cosmos bias andes gently innings inning
arsenal gener generic a i y s is as us at be by 's ' '' it's putin's biden's
don't won't o'clock '90s ’s don’t biden’s café naïve résumé zürich 2021 1st
INFLATION Inflation inflationz infla mr ms dr vs etc
"""


def test_stem_is_nltks_snowball_stem() -> None:
    texts = [p.read_text(encoding="utf-8") for p in BRIEFINGS.rglob("*") if p.is_file()]
    words = {w.lower() for t in texts for w in re.findall(r"[\w'’]+", t)}
    words |= {w.lower() for w in ODD_WORDS.split()}
    nltk_stem = SnowballStemmer("english").stem
    assert {w: stemming.stem(w) for w in words} == {w: nltk_stem(w) for w in words}


def test_a_saved_stem_is_read_from_the_table_while_it_is_attached(tmp_path: Path) -> None:
    # A made-up stem proves the table, not NLTK, answered.
    save_stems(tmp_path, {"zzyzxword": "zzyzx-from-table"})
    table = stem_table(tmp_path)
    assert table is not None
    stemming.stem.cache_clear()
    stemming.attach(table)
    try:
        assert stemming.stem("zzyzxword") == "zzyzx-from-table"
    finally:
        stemming.detach(table)
        table.close()
        stemming.stem.cache_clear()
    assert stemming.stem("zzyzxword") == SnowballStemmer("english").stem("zzyzxword")
    assert table.lookup("zzyzxword") is None  # closed


def _open_stem_files(directory: Path) -> int:
    """How many of this process's file descriptors are open on the index's stem table."""
    fds = Path("/proc/self/fd")
    found = 0
    for fd in fds.iterdir():
        try:
            target = fd.readlink()
        except OSError:
            continue
        found += target == stems_path(directory).resolve()
    return found


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    built, _ = BriefingIndex.build(tmp_path_factory.mktemp("stems"), [BRIEFINGS])
    built.close()
    yield built


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to count open files")
def test_every_open_index_closes_its_stem_table(index: BriefingIndex) -> None:
    before = _open_stem_files(index.directory)
    opened = [BriefingIndex.open(index.directory) for _ in range(5)]
    for each in opened:
        each.search("inflation")
    assert _open_stem_files(index.directory) == before + 5
    for each in opened:
        each.close()
    assert _open_stem_files(index.directory) == before
    for _ in range(20):
        with BriefingIndex.open(index.directory) as other:
            other.search("inflation")
    assert _open_stem_files(index.directory) == before


def test_memo_is_bounded() -> None:
    assert stemming.stem.cache_info().maxsize == stemming.MEMO_SIZE


def test_index_saves_every_stem_it_computed(index: BriefingIndex) -> None:
    import sqlite3

    with sqlite3.connect(stems_path(index.directory)) as conn:
        rows = dict(conn.execute("SELECT word, stem FROM stems").fetchall())
    conn.close()
    # Every word the turns of the fixtures hold: spot-check the spoken ones.
    assert {"the", "president", "question"} <= set(rows)
    nltk_stem = SnowballStemmer("english").stem
    assert rows == {word: nltk_stem(word) for word in rows}
