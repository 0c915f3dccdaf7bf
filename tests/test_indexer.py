"""Incremental indexing and bad input, through the library and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchbrief import BriefingIndex, IndexOutdatedError, IndexReport
from searchbrief.cli.commands import cli
from searchbrief.engine.schema import SCHEMA_VERSION
from searchbrief.errors import SourceError
from searchbrief.indexing.update import find_files
from tests.briefing_files import briefing


def build(index: Path, *sources: Path, **options: object) -> IndexReport:
    ix, report = BriefingIndex.build(index, list(sources), **options)  # type: ignore[arg-type]
    ix.close()
    return report


def total(index: Path, query: str) -> int:
    with BriefingIndex.open(index) as ix:
        return ix.search(query, limit=None).total


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    briefing(folder, "a.md", "The apples are ripe.")
    briefing(folder, "b.md", "The bananas are yellow.")
    briefing(folder, "sub/c.md", "The cherries are red.")
    return folder


def test_incremental_add_update_remove(tmp_path: Path, source: Path) -> None:
    index = tmp_path / "index"
    first = build(index, source)
    assert (first.added, first.unchanged, first.briefings) == (3, 0, 3)
    files = sorted(p.name for p in index.iterdir())
    again = build(index, source)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)
    assert again.batch == first.batch + 1
    assert sorted(p.name for p in index.iterdir()) == files  # nothing written, nothing left

    briefing(source, "a.md", "The apricots are ripe.")
    (source / "b.md").unlink()
    briefing(source, "d.md", "The dates are sweet.")
    changed = build(index, source)
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (1, 1, 1, 1)
    assert total(index, "apples") == 0 and total(index, "apricots") == 1
    assert total(index, "bananas") == 0 and total(index, "dates") == 1
    assert total(index, "cherries") == 1


def test_touched_but_unchanged_file_is_not_reindexed(tmp_path: Path, source: Path) -> None:
    index = tmp_path / "index"
    build(index, source)
    os.utime(source / "a.md", ns=(1, 1))
    report = build(index, source)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)


def test_duplicate_under_a_second_path_is_indexed_once(tmp_path: Path, source: Path) -> None:
    copy = tmp_path / "src" / "other-category" / "a-copy.md"
    copy.parent.mkdir()
    copy.write_bytes((source / "a.md").read_bytes())
    index = tmp_path / "index"
    report = build(index, source)
    assert report.added == 3 and report.briefings == 3
    assert [Path(p).name for p, _ in report.duplicates] == ["a-copy.md"]
    assert total(index, "apples") == 1


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path, source: Path) -> None:
    (source / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\ntext")
    (source / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (source / "empty.md").write_bytes(b"")
    (source / "yaml.md").write_text("---\ntitle: [broken\n---\ntext")
    report = build(tmp_path / "index", source)
    assert report.added == 3
    reasons = {Path(p).name: r for p, r in report.failed}
    assert set(reasons) == {"latin1.md", "binary.md", "empty.md", "yaml.md"}
    assert "UTF-8" in reasons["latin1.md"] and "binary" in reasons["binary.md"]
    assert "empty" in reasons["empty.md"] and "YAML" in reasons["yaml.md"]


def test_missing_title_and_date_still_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "untitled.md").write_text("MS. PSAKI:  Nothing to see here, zebras aside.\n")
    index = tmp_path / "index"
    report = build(index, folder)
    assert report.added == 1 and not report.failed
    with BriefingIndex.open(index) as ix:
        assert ix.search("zebras").hits[0].title == "untitled"


def test_huge_file(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    words = " ".join(f"filler{i % 1000}" for i in range(400_000))
    briefing(folder, "huge.md", f"{words} and the final aardvark.")
    index = tmp_path / "index"
    assert build(index, folder).added == 1
    with BriefingIndex.open(index) as ix:
        turn = ix.search("aardvark").hits[0].turns[0]
    assert "aardvark" in turn.snippet


def test_file_that_turns_bad_keeps_its_indexed_version(tmp_path: Path, source: Path) -> None:
    index = tmp_path / "index"
    build(index, source)
    (source / "a.md").write_bytes(b"\xff\xfe broken now")
    report = build(index, source)
    assert [Path(p).name for p, _ in report.failed] == ["a.md"]
    assert "stays searchable" in report.failed[0][1]
    assert total(index, "apples") == 1


def test_missing_or_empty_source_never_empties_the_index(tmp_path: Path, source: Path) -> None:
    index = tmp_path / "index"
    build(index, source)
    with pytest.raises(SourceError, match="does not exist"):
        build(index, tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match="allow-empty"):
        build(index, empty)
    for path in source.rglob("*.md"):
        path.unlink()
    with pytest.raises(SourceError):
        build(index, source)
    assert total(index, "apples OR bananas OR cherries") == 3
    report = build(index, source, allow_empty=True)
    assert report.removed == 3 and report.briefings == 0


def test_a_second_source_does_not_remove_the_first(tmp_path: Path, source: Path) -> None:
    other = tmp_path / "other"
    briefing(other, "e.md", "The elderberries are dark.")
    index = tmp_path / "index"
    build(index, source)
    report = build(index, other)
    assert (report.added, report.removed, report.briefings) == (1, 0, 4)


def older_index(directory: Path, version: int) -> Path:
    """A folder holding what an index of format ``version`` is recognised by: its TOC's name."""
    directory.mkdir(parents=True)
    (directory / f"_briefings_v{version}_1.toc").write_bytes(b"not a TOC this searchbrief reads")
    return directory


# v2 pickled classes of the modules before the engine package (searchbrief.schema,
# searchbrief.codec): this searchbrief cannot unpickle them, so it must not try.
@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_format_asks_for_a_rebuild(tmp_path: Path, version: int) -> None:
    assert SCHEMA_VERSION == 5
    index = older_index(tmp_path / "old", version)
    with pytest.raises(IndexOutdatedError) as raised:
        BriefingIndex.open(index)
    message = str(raised.value)
    assert "\n" not in message
    assert f"(format v{version}, this one reads v5)" in message
    assert f"--index {index} --rebuild" in message


def test_cli_on_an_older_format_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    index = older_index(tmp_path / "old", 2)
    result = runner.invoke(cli, ["query", "apples", "--index", str(index)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: the index in ")
    assert "format v2, this one reads v5" in result.stderr and "--rebuild" in result.stderr
    assert result.stderr.count("\n") == 1


def test_indexing_into_an_older_format_asks_for_a_rebuild_and_keeps_it(
    runner: CliRunner, tmp_path: Path, source: Path
) -> None:
    index = older_index(tmp_path / "old", 4)
    (index / "briefings_v4_abc.seg").write_bytes(b"an older segment")
    before = sorted(p.name for p in index.iterdir())
    result = runner.invoke(cli, ["index", str(source), "--index", str(index)])
    assert result.exit_code == 1
    assert "format v4, this one reads v5" in result.stderr and "--rebuild" in result.stderr
    assert sorted(p.name for p in index.iterdir() if p.name != "searchbrief.lock") == before
    with pytest.raises(IndexOutdatedError):
        BriefingIndex.create(index)


def test_a_rebuild_replaces_an_older_format(
    runner: CliRunner, tmp_path: Path, source: Path
) -> None:
    index = older_index(tmp_path / "old", 4)
    (index / "briefings_v4_abc.seg").write_bytes(b"an older segment")
    (index / "stems_v4.sqlite").write_bytes(b"")
    result = runner.invoke(cli, ["index", str(source), "--index", str(index), "--rebuild"])
    assert result.exit_code == 0, result.stderr
    assert not [p.name for p in index.iterdir() if "_v4" in p.name]
    assert total(index, "apples") == 1


def test_rebuild_starts_from_nothing(tmp_path: Path, source: Path) -> None:
    index = tmp_path / "index"
    build(index, source)
    report = build(index, source, rebuild=True)
    assert (report.added, report.unchanged, report.briefings) == (3, 0, 3)
    assert total(index, "apples") == 1


def test_cli_summary_formats_and_exit_codes(
    runner: CliRunner, tmp_path: Path, source: Path
) -> None:
    index = str(tmp_path / "index")
    log = tmp_path / "runs.jsonl"
    quiet = runner.invoke(
        cli, ["index", str(source), "--index", index, "--quiet", "--log", str(log)]
    )
    assert quiet.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    result = runner.invoke(cli, ["index", str(source), "--index", index, "--format", "json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    for key in (
        "added",
        "updated",
        "removed",
        "unchanged",
        "duplicates",
        "failed",
        "briefings",
        "turns",
        "batch",
        "seconds",
    ):
        assert key in summary
    assert summary["unchanged"] == 3 and summary["batch"] == 2
    (source / "bad.md").write_bytes(b"")
    failing = runner.invoke(
        cli, ["index", str(source), "--index", index, "--quiet", "--log", str(log)]
    )
    assert failing.exit_code == 1
    assert failing.stdout == ""
    assert failing.stderr.startswith(f"failed: {source / 'bad.md'}: ")
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    assert [run["batch"] for run in runs] == [1, 3]
    assert runs[1]["failed"][0]["path"].endswith("bad.md")
    text = runner.invoke(cli, ["index", str(tmp_path / "nowhere"), "--index", index])
    assert text.exit_code == 2
    assert "does not exist" in text.stderr


def test_stats_shows_the_last_run(runner: CliRunner, tmp_path: Path, source: Path) -> None:
    index = str(tmp_path / "index")
    runner.invoke(cli, ["index", str(source), "--index", index])
    result = runner.invoke(cli, ["stats", "--index", index, "--format", "json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["briefings"] == 3 and stats["turns"] == 6
    assert stats["last_run"]["added"] == 3
    assert stats["speakers"][0]["speaker"] in {"psaki", "reporter"}
    text = runner.invoke(cli, ["stats", "--index", index])
    assert "last run:" in text.stdout and "briefings:  3" in text.stdout


def test_find_files_resolves_links_and_skips_dangling_ones(tmp_path: Path) -> None:
    outside = briefing(tmp_path / "elsewhere", "target.md", "Linked in.")
    plain = briefing(tmp_path / "real", "plain.md", "Plain.")
    source = tmp_path / "src"
    source.mkdir()
    (source / "folder").symlink_to(tmp_path / "real", target_is_directory=True)
    (source / "link.md").symlink_to(outside)
    (source / "dangling.md").symlink_to(tmp_path / "gone.md")
    (source / "dir.md").mkdir()
    found, skipped = find_files([source / "link.md", source / "folder" / "plain.md", source])
    assert [f.path for f in found] == sorted([outside.resolve(), plain.resolve()])
    assert found[0].size == outside.stat().st_size
    assert skipped == [(str(source / "dangling.md"), "a broken link: its target does not exist")]


def _linked_source(tmp_path: Path) -> Path:
    """A source of three good files, a link loop, a broken link and a link out of it."""
    source = tmp_path / "src"
    for n in range(3):
        briefing(source, f"good{n}.md", f"Plain words number {n}.")
    (source / "a.md").symlink_to("b.md")
    (source / "b.md").symlink_to("a.md")
    (source / "gone.md").symlink_to(tmp_path / "nowhere.md")
    briefing(tmp_path / "private", "secret.md", "The secret word is marmalade.")
    (source / "secret.md").symlink_to(tmp_path / "private" / "secret.md")
    return source


def test_links_that_loop_break_or_leave_the_source_are_skipped_and_said(tmp_path: Path) -> None:
    source = _linked_source(tmp_path)
    index, report = BriefingIndex.build(tmp_path / "index", [source])
    assert (report.added, report.failed) == (3, ())
    assert [(Path(p).name, why.split(",")[0].split(":")[0]) for p, why in report.skipped] == [
        ("a.md", "a symbolic link loop"),
        ("b.md", "a symbolic link loop"),
        ("gone.md", "a broken link"),
        ("secret.md", f"a link to {(tmp_path / 'private' / 'secret.md').resolve()}"),
    ]
    assert index.search("marmalade").total == 0


def test_a_loop_does_not_stop_removals(tmp_path: Path) -> None:
    source = _linked_source(tmp_path)
    index, _ = BriefingIndex.build(tmp_path / "index", [source])
    (source / "good0.md").unlink()
    report = index.update([source])
    assert (report.removed, index.search("plain").total) == (1, 2)


def test_followed_links_out_of_the_source_go_when_the_link_goes(tmp_path: Path) -> None:
    source = _linked_source(tmp_path)
    index, report = BriefingIndex.build(tmp_path / "index", [source], follow_symlinks=True)
    assert report.added == 4 and index.search("marmalade").total == 1
    (source / "secret.md").unlink()
    report = index.update([source], follow_symlinks=True)
    assert report.removed == 1 and index.search("marmalade").total == 0


def test_index_command_lists_skipped_links_and_exits_0(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from searchbrief.cli.commands import cli

    source = _linked_source(tmp_path)
    result = CliRunner().invoke(cli, ["index", str(source), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == ["skipped"] * 4
    assert "4 link(s) skipped" in lines[-1]
    quiet = CliRunner().invoke(
        cli, ["index", str(source), "--index", str(tmp_path / "ix"), "--quiet"]
    )
    assert (quiet.exit_code, quiet.stderr) == (0, "")
