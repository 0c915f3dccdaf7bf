"""What a new user tripped over (issue 16): wrong totals, silent zeros, crashes in cron."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from searchbrief import BriefingIndex, QuerySyntaxError
from searchbrief.cli.commands import cli
from tests.briefing_files import briefing


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> BriefingIndex:
    source = tmp_path_factory.mktemp("src")
    # The title says Vaccination (stem vaccin, as vaccines); the words never do.
    briefing(source, "a.md", "Build back better, we said.", slug="Vaccination progress")
    briefing(source, "b.md", "We will build, and back it.", slug="b")
    path = briefing(source, "c.md", "Gas prices are high.", slug="c")
    with path.open("a", encoding="utf-8") as file:  # an exchange about Putin, answered
        file.write("\nQ\u00a0\u00a0\u00a0 What about the Putin price hike?\n\n")
        file.write("MS. PSAKI:\u00a0 The Putin price hike is real.\n")
    built, _ = BriefingIndex.build(tmp_path_factory.mktemp("index"), [source])
    return built


def test_slop_zero_means_side_by_side(index: BriefingIndex) -> None:
    adjacent = index.search('"build back"~0', by="turn")
    assert adjacent.total_turns == 1 == index.search('"build back"', by="turn").total_turns
    assert index.search('"build back"~3', by="turn").total_turns == 2


def test_a_fuzzy_word_is_refused_not_ignored(index: BriefingIndex) -> None:
    with pytest.raises(
        QuerySyntaxError, match=r"fuzzy words \('Putn~' at column 1\) are not supported"
    ):
        index.search("Putn~")


def test_exact_applies_to_titles_too(index: BriefingIndex) -> None:
    assert index.search("vaccines").total == 1  # the title, stemmed
    assert index.search("vaccines", exact=True).total == 0
    assert index.search("vaccination", exact=True).total == 1


def test_reply_to_alone_counts_only_briefings_with_an_answer(index: BriefingIndex) -> None:
    result = index.search("*", reply_to='"Putin price hike"')
    assert (result.total, result.total_turns) == (1, 1)
    assert all(hit.turns for hit in result.hits)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_query_is_a_usage_error(index: BriefingIndex, text: str) -> None:
    result = CliRunner().invoke(cli, ["query", text, "--index", str(index.directory)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Error: the query is empty: give words to search for, or '*'" in result.stderr
    every = CliRunner().invoke(cli, ["query", "*", "--index", str(index.directory)])
    assert every.exit_code == 0


def test_log_into_a_missing_folder_is_made_before_indexing(tmp_path: Path) -> None:
    source = tmp_path / "src"
    briefing(source, "a.md", "Words.")
    log = tmp_path / "var" / "log" / "searchbrief" / "index.jsonl"
    args = ["index", str(source), "--index", str(tmp_path / "ix"), "--quiet", "--log", str(log)]
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert '"added": 1' in log.read_text()


def test_an_unwritable_log_is_refused_before_indexing(tmp_path: Path) -> None:
    source = tmp_path / "src"
    briefing(source, "a.md", "Words.")
    (tmp_path / "file").write_text("not a folder")
    args = ["index", str(source), "--index", str(tmp_path / "ix"), "--log"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "file" / "index.jsonl")])
    assert result.exit_code == 2 and "Invalid value for '--log': cannot write to" in result.stderr
    assert not (tmp_path / "ix").exists()  # nothing was indexed


def test_wording_of_summary_stats_and_inspect(tmp_path: Path) -> None:
    from tests.conftest import SEED

    runner = CliRunner()
    args = ["index", str(SEED.parent), "--index", str(tmp_path / "ix")]
    indexed = runner.invoke(cli, args)
    assert "index holds 1 briefing, 18 turns" in indexed.stderr
    stats = runner.invoke(cli, ["stats", "--index", str(tmp_path / "ix")])
    assert "0 failed in" in stats.stdout and "[]" not in stats.stdout
    inspected = runner.invoke(cli, ["inspect", str(SEED)])
    assert "(narration) (narration)" not in inspected.stdout
    assert "   1 [  -] (narration): " in inspected.stdout


def test_the_cite_help_example_can_be_pasted(tmp_path: Path) -> None:
    from tests.conftest import SEED

    runner = CliRunner()
    runner.invoke(cli, ["index", str(SEED.parent), "--index", str(tmp_path / "ix")])
    after = runner.invoke(cli, ["cite", "--help"]).stdout.split("Example:")[1]
    example = after.strip().splitlines()[0].split()
    assert example[:2] == ["searchbrief", "cite"]
    result = runner.invoke(cli, [*example[1:], "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("> ")


def test_a_corpus_path_that_is_no_folder_fails_the_corpus_tests(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "SEARCHBRIEF_CORPUS": str(tmp_path / "typo")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_reader_corpus.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0 and "is not a folder: fix the path, or unset it" in run.stdout


def test_full_text_in_json_jsonl_and_csv(index: BriefingIndex) -> None:
    import csv
    import io
    import json

    runner = CliRunner()
    args = ["query", "Putin hike real", "--turns", "--full-text", "--index", str(index.directory)]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert data["results"][0]["turns"][0]["text"] == "The Putin price hike is real."
    line = runner.invoke(cli, [*args, "--format", "jsonl"]).stdout.splitlines()[0]
    assert json.loads(line)["turns"][0]["text"] == "The Putin price hike is real."
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, [*args, "--format", "csv"]).stdout)))
    assert rows[0]["text"] == "The Putin price hike is real."
    plain = runner.invoke(
        cli, ["query", "Putin", "--format", "json", "--index", str(index.directory)]
    )
    assert "text" not in json.loads(plain.stdout)["results"][0]["turns"][0]


def test_csv_refuses_context_instead_of_dropping_it(index: BriefingIndex) -> None:
    args = ["query", "Putin", "--format", "csv", "--context", "1", "--index", str(index.directory)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "need --format json or jsonl" in result.stderr


def test_explain_names_forms_the_stemmer_keeps_apart(tmp_path: Path) -> None:
    source = tmp_path / "src"
    briefing(source, "a.md", "Inflationary pressure, and inflation.")
    built, _ = BriefingIndex.build(tmp_path / "ix", [source])
    assert built.search("inflation", by="turn").total_turns == 1
    explained = built.explain("inflation")
    assert explained.splitlines()[-1] == (
        "other forms of 'inflation' in the index, not matched: inflationary (inflation* finds them)"
    )


def test_counts_agree_between_commands_under_one_rule(index: BriefingIndex) -> None:
    for text in ("vaccines", "build", "*"):
        result = index.search(text)
        turns_briefings = result.total - result.title_only
        assert index.timeline(text).briefings == turns_briefings
        assert index.speakers(text).briefings == turns_briefings
        assert index.search(text, by="turn").total == turns_briefings
    assert index.search("vaccines").title_only == 1
    summary = CliRunner().invoke(cli, ["query", "vaccines", "--index", str(index.directory)])
    assert summary.stderr == "1 briefing(s) (1 by title alone), 0 turn(s) match; showing 1\n"


def test_scope_briefing_finds_words_said_in_different_turns(index: BriefingIndex) -> None:
    text = '"gas prices" putin'
    assert index.search(text).total == 0  # never in one turn
    across = index.search(text, scope="briefing", by="turn", limit=None)
    assert across.total == 1
    shown = {turn.snippet for hit in across.hits for turn in hit.turns}
    assert any("Gas prices" in s for s in shown) and any("Putin" in s for s in shown)
    podium = index.search(text, scope="briefing", role="podium", by="turn", limit=None)
    assert {turn.role for hit in podium.hits for turn in hit.turns} == {"podium"}
    assert podium.total_turns == 2  # her two turns, not the reporter's question
    assert index.search(text + " -hike", scope="briefing").total == 0
    with pytest.raises(QuerySyntaxError, match="unknown scope 'page'"):
        index.search(text, scope="page")


def test_scope_on_the_command_line(index: BriefingIndex) -> None:
    args = ["query", '"gas prices" putin', "--index", str(index.directory)]
    assert CliRunner().invoke(cli, args).stderr.startswith("0 briefing(s)")
    across = CliRunner().invoke(cli, [*args, "--scope", "briefing"])
    assert across.exit_code == 0 and across.stderr.startswith("1 briefing(s)")


def test_explain_says_spoken_or_written_and_the_scope(index: BriefingIndex) -> None:
    lines = index.explain("gas putin", written=True, scope="briefing").splitlines()
    assert "filters: written statements only" in lines
    assert "scope: every part may be in another turn of the same briefing" in lines
    assert "filters: spoken turns only" in index.explain("gas", spoken=True).splitlines()


def test_csv_carries_time_and_written(index: BriefingIndex) -> None:
    import csv
    import io

    args = ["query", "gas", "--turns", "--format", "csv", "--index", str(index.directory)]
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, args).stdout)))
    assert rows and {"time", "written"} <= set(rows[0]) and rows[0]["written"] == "no"


def test_notes_are_what_query_and_the_site_show_beside_results(index: BriefingIndex) -> None:
    few = index.search("Putn")
    assert index.notes("Putn", few) == {"suggestion": "putin"}
    noted = index.notes("putin", index.search("putin"), explain=True)
    assert noted == {"explain": index.explain("putin")}  # found: no spelling to suggest
    many = index.search("build")
    assert many.total >= 1 and index.notes("biuld", index.search("biuld")) == {
        "suggestion": "build"
    }
