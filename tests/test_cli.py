from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchbrief.cli.commands import cli
from searchbrief.cli.options import ELSEWHERE
from tests.conftest import SEED


def test_inspect_seed_shows_its_eighteen_turns(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    turns = data["turns"]
    assert len(turns) == 18
    assert turns[0]["role"] == "narration"
    assert turns[0]["text"].startswith("Via Teleconference\n\n12:41 P.M. EST")
    assert (turns[-1]["role"], turns[-1]["text"]) == ("narration", "1:01 P.M. EST")
    roles = [t["role"] for t in turns]
    assert roles.count("moderator") == 2
    assert roles.count("anonymous-official") == 8
    assert roles.count("reporter") == 6
    for question, answer in zip(turns, turns[1:], strict=False):
        if question["role"] == "reporter":
            assert answer["role"] == "anonymous-official"
            assert answer["exchange"] == question["exchange"] > 0
    assert sorted({t["exchange"] for t in turns if t["role"] == "reporter"}) == [1, 2, 3, 4, 5, 6]


def test_inspect_text_lists_turns(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(SEED)])
    assert result.exit_code == 0
    assert "turns:     18" in result.stdout
    assert "Senior Administration Official (anonymous-official): Thanks." in result.stdout
    assert result.stderr == ""


def test_inspect_warnings_go_to_stderr(runner: CliRunner, briefings_dir: Path) -> None:
    result = runner.invoke(cli, ["inspect", str(briefings_dir / "no_front_matter.md")])
    assert result.exit_code == 0
    assert "no front matter" in result.stderr
    assert "no front matter" not in result.stdout


#: Front matter whose aliases nest nine deep: 10^9 values once expanded.
LAUGHS = (
    "---\n"
    + "".join(
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" if n else "l0: &l0 lol\n"
        for n in range(10)
    )
    + "title: laughs\n---\nBody.\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00bin", "binary"),
        (LAUGHS.encode(), "front matter expands to over 10,000 values"),
    ],
)
def test_inspect_bad_file_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_inspect_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect"])
    assert result.exit_code == 2
    assert "Missing argument 'FILE'" in result.stderr


def test_query_exchange_and_reply_to(
    runner: CliRunner, briefings_dir: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "index")
    assert runner.invoke(cli, ["index", str(briefings_dir), "--index", index]).exit_code == 0
    result = runner.invoke(
        cli, ["query", "decides", "--index", index, "--turns", "--exchange", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    context = json.loads(result.stdout)["results"][0]["turns"][0]["context"]
    assert [c["role"] for c in context] == ["reporter", "podium", "president"]
    text = runner.invoke(cli, ["query", "--reply-to", "bridge deal", "--index", index])
    assert text.exit_code == 0
    assert "asked: Jen, on the bridge deal, is it done?" in text.stdout
    assert "Jen Psaki (podium): Not yet." in text.stdout
    missing = runner.invoke(cli, ["query", "--index", index])
    assert missing.exit_code == 2 and "QUERY" in missing.stderr


def test_the_commands_of_other_modules_are_all_named_in_elsewhere() -> None:
    for module in set(ELSEWHERE.values()):
        import_module(module)  # the group imports it on a command's first use
    homes = {name: command.callback.__module__ for name, command in cli.commands.items()}
    assert {
        name: home for name, home in homes.items() if home != "searchbrief.cli.commands"
    } == ELSEWHERE


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_inspect_refuses_a_file_over_max_size(
    runner: CliRunner, tmp_path: Path, output_format: str
) -> None:
    path = tmp_path / "big.md"
    path.write_text("---\ntitle: big\n---\n" + "word " * 300_000)  # 1.5 MB
    args = ["inspect", str(path), "--format", output_format]
    result = runner.invoke(cli, [*args, "--max-size", "1"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: the file is 1.5 MB, over the limit of 1.0 MB"
        " (give --max-size to read larger files)\n"
    )
    assert runner.invoke(cli, [*args, "--max-size", "2"]).exit_code == 0


def test_inspect_refuses_what_is_not_a_regular_file(runner: CliRunner, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)  # no writer: a plain open() would wait for one for ever
    result = runner.invoke(cli, ["inspect", str(fifo)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {fifo}: not a regular file (a device, pipe or socket)\n"
    devzero = runner.invoke(cli, ["inspect", "/dev/zero"])
    assert devzero.exit_code == 1 and "not a regular file" in devzero.stderr


def test_index_fails_a_file_over_max_size_and_indexes_the_rest(
    runner: CliRunner, tmp_path: Path
) -> None:
    from tests.briefing_files import many

    source = tmp_path / "src"
    many(source, 3, "otter")
    (source / "big.md").write_text("---\ntitle: big\n---\n" + "otter " * 300_000)
    index = tmp_path / "index"
    result = runner.invoke(cli, ["index", str(source), "--index", str(index), "--max-size", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"failed: {(source / 'big.md').resolve()}: the file is 1.8 MB, over the limit of 1.0 MB"
        " (give --max-size to read larger files)"
    )
    assert "3 added" in result.stderr
