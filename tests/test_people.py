"""People by name, unknown values, written statements and the time of day, in an index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchbrief import BriefingIndex
from searchbrief.cli.commands import cli
from searchbrief.errors import QuerySyntaxError

PEOPLE = Path(__file__).parent / "data" / "people"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BriefingIndex, Path]]:
    directory = tmp_path_factory.mktemp("index")
    ix, report = BriefingIndex.build(directory, [PEOPLE])
    assert report.failed == () and report.added == 3
    yield ix, directory
    ix.close()


@pytest.fixture
def index(built: tuple[BriefingIndex, Path]) -> BriefingIndex:
    return built[0]


def turn_ids(index: BriefingIndex, **options: object) -> list[str]:
    result = index.search("harbor", by="turn", limit=None, sort="oldest", **options)  # type: ignore[arg-type]
    return sorted(t.turn_id for hit in result.hits for t in hit.turns)


@pytest.mark.parametrize("name", ["Joe Biden", "President Biden", "Joseph R. Biden, Jr."])
def test_a_full_name_or_a_title_finds_the_key(index: BriefingIndex, name: str) -> None:
    assert turn_ids(index, speaker=name) == turn_ids(index, speaker="biden")
    assert len(turn_ids(index, speaker="biden")) == 2  # the statement and the remarks


def test_an_unknown_speaker_is_an_error_naming_the_closest(index: BriefingIndex) -> None:
    with pytest.raises(QuerySyntaxError, match="unknown speaker 'jean-pierr'; did you mean: "):
        index.search("harbor", speaker="jean-pierr")


def test_an_unknown_category_is_an_error(index: BriefingIndex) -> None:
    with pytest.raises(QuerySyntaxError, match="did you mean: press-briefings"):
        index.search("harbor", category="press-briefing")


def test_unknown_speaker_on_the_command_line_exits_2(built: tuple[BriefingIndex, Path]) -> None:
    args = ["query", "harbor", "--speaker", "Bidn", "--index", str(built[1])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "did you mean: biden" in result.stderr


def test_spoken_and_written(index: BriefingIndex) -> None:
    written = turn_ids(index, written=True)
    assert written == ["2024-03-01-statement/1"]
    spoken = turn_ids(index, spoken=True)
    assert set(spoken) == set(turn_ids(index)) - set(written) and spoken
    assert turn_ids(index, spoken=True, written=True) == turn_ids(index)


def test_first_orders_a_day_by_time(index: BriefingIndex) -> None:
    result = index.first("harbor", limit=None)
    assert [hit.time for hit in result.hits] == ["12:01", "12:01", "14:08", "18:30"]


def test_people_lists_every_key(built: tuple[BriefingIndex, Path]) -> None:
    entries = {e.key: e for e in built[0].people()}
    assert set(entries) == {"biden", "jean-pierre", "reporter"}
    assert entries["biden"].roles == ("president",) and entries["biden"].turns == 3
    result = CliRunner().invoke(cli, ["people", "--index", str(built[1])])
    assert result.exit_code == 0 and result.stdout.startswith("biden")
