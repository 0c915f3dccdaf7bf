"""The timeline, first, speakers and cite commands, and query's --explain and did-you-mean."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from searchbrief import BriefingIndex
from searchbrief.cli.commands import cli
from tests.analysis_files import INFLATION_TURNS, A, D, write_corpus


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    corpus = write_corpus(tmp_path_factory.mktemp("cli-corpus"))
    directory = tmp_path_factory.mktemp("cli-index")
    BriefingIndex.build(directory, [corpus])[0].close()
    return str(directory)


def test_timeline_text_is_a_bar_chart(runner: CliRunner, index_dir: str) -> None:
    result = runner.invoke(cli, ["timeline", "inflation", "--index", index_dir])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["period", "turns", "briefings", "per", "10k", "words"]
    assert [line.split()[0] for line in lines[1:]] == [f"2021-0{m}" for m in range(1, 6)]
    assert lines[3].split()[1:4] == ["2", "1", "2000.00"] and lines[3].endswith("█" * 40)
    assert lines[2].split()[1:] == ["0", "0", "0.00"]  # words, none matching
    assert lines[4].split()[1:] == ["0", "0", "–"]  # no briefing that month
    assert result.stderr == (
        "7 turn(s) in 4 briefing(s) match;"
        " bars: matching turns per 10,000 words of every turn, by month\n"
    )


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_timeline_for_tools(runner: CliRunner, index_dir: str, output_format: str) -> None:
    args = ["timeline", "inflation", "--by", "week", "--speaker", "psaki"]
    result = runner.invoke(cli, [*args, "--format", output_format, "--index", index_dir])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    if output_format == "json":
        data = json.loads(result.stdout)
        assert (data["query"], data["by"], data["turns"], data["briefings"]) == (
            "inflation",
            "week",
            3,
            2,
        )
        periods = data["periods"]
    elif output_format == "jsonl":
        periods = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        periods = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(periods) == 18
    first = periods[0]
    assert (first["period"], first["start"], first["end"]) == (
        "2021-W03",
        "2021-01-20",
        "2021-01-24",
    )
    assert str(first["turns"]) == "2" and str(first["words"]) == "15"  # psaki's words only
    assert set(first) == {"period", "start", "end", "turns", "briefings", "words", "rate"}


def test_first_lists_the_earliest_turns(runner: CliRunner, index_dir: str) -> None:
    result = runner.invoke(cli, ["first", "inflation", "--limit", "2", "--index", index_dir])
    assert result.exit_code == 0, result.output
    assert f"[{A}/2]" in result.stdout and f"[{A}/3]" in result.stdout
    assert result.stdout.startswith("2021-01-20 12:01  Press Briefing by Press Secretary Jen Psaki")
    assert "  Jen Psaki (podium): Good afternoon. Inflation is transitory" in result.stdout
    assert result.stderr == "4 briefing(s), 7 turn(s) match; showing 2\n"


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_first_by_speaker_for_tools(runner: CliRunner, index_dir: str, output_format: str) -> None:
    args = ["first", "inflation", "--by-speaker", "--last", "--format", output_format]
    result = runner.invoke(cli, [*args, "--index", index_dir])
    assert result.exit_code == 0, result.output
    if output_format == "json":
        data = json.loads(result.stdout)
        assert (data["total"], data["total_turns"]) == (4, 7)
        rows = [turn for hit in data["results"] for turn in hit["turns"]]
    elif output_format == "jsonl":
        rows = [json.loads(line)["turns"][0] for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["speaker"] for row in rows] == ["psaki", "harris", "biden", "reporter"]
    assert rows[0]["turn_id"] == f"{D}/1"


def test_speakers_text(runner: CliRunner, index_dir: str) -> None:
    result = runner.invoke(cli, ["speakers", "inflation", "--limit", "2", "--index", index_dir])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["3", "2", "2021-01-20", "2021-05-05", "Jen", "Psaki"] + [
        "(psaki,",
        "podium)",
    ]
    assert lines[2].split()[:2] == ["2", "2"] and "President Biden (biden, president)" in lines[2]
    assert len(lines) == 3
    assert result.stderr == "7 turn(s) in 4 briefing(s) match, said by 4 speaker(s); showing 2\n"


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_speakers_for_tools(runner: CliRunner, index_dir: str, output_format: str) -> None:
    args = ["speakers", "inflation", "--role", "president", "--format", output_format]
    result = runner.invoke(cli, [*args, "--index", index_dir])
    assert result.exit_code == 0, result.output
    if output_format == "json":
        data = json.loads(result.stdout)
        assert (data["turns"], data["speakers_total"]) == (2, 1)
        rows = data["speakers"]
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert {k: str(v) for k, v in rows[0].items()} == {
        "speaker": "biden",
        "name": "President Biden",
        "role": "president",
        "turns": "2",
        "briefings": "2",
        "first": "2021-01-22",
        "last": "2021-03-10",
    }


def test_cite_text_markdown_and_json(runner: CliRunner, index_dir: str) -> None:
    turn = f"{D}/3"
    text = runner.invoke(cli, ["cite", turn, "--index", index_dir])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Yes.\n\nTwo paragraphs, in fact.\n\n— Jen Psaki (podium), ")
    assert f"  [{turn}]\n" in text.stdout and text.stderr == ""
    markdown = runner.invoke(cli, ["cite", turn, "--format", "markdown", "--index", index_dir])
    assert markdown.stdout == (
        "> Yes.\n>\n> Two paragraphs, in fact.\n\n"
        "— Jen Psaki (podium), [Press Briefing by Press Secretary Jen Psaki, May 5, 2021]"
        "(https://www.whitehouse.gov/briefing-room/press-briefings/2021/press-briefing-d/),"
        " 2021-05-05\n"
    )
    as_json = runner.invoke(cli, ["cite", turn, "--format", "json", "--index", index_dir])
    data = json.loads(as_json.stdout)
    assert (data["turn_id"], data["speaker"], data["text"]) == (
        turn,
        "psaki",
        "Yes.\n\nTwo paragraphs, in fact.",
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cite", "no-such-briefing/3"], 1, "Error: no turn 'no-such-briefing/3' in the index;"),
        (["timeline", "inflation", "--by", "day"], 2, "Invalid value for '--by'"),
        (["timeline", '"inflation'], 2, "Error: unbalanced '\"'"),
        (["speakers", "*tion"], 2, "Error: '*tion' starts with a wildcard"),
        (["first", "inflation", "--limit", "-1"], 2, "Invalid value for '--limit'"),
        (["cite", "x/1", "--format", "html"], 2, "Invalid value for '--format'"),
        # Hostile input: one line and an exit code, never a traceback.
        (["cite", "x/\u00b2"], 1, "Error: no turn 'x/\u00b2' in the index;"),
        (["query", "NOT NOT inflation"], 2, "Error: cannot understand 'NOT NOT inflation'"),
        (["query", "a ANDNOT ANDNOT b"], 2, "Error: cannot understand 'a ANDNOT ANDNOT b'"),
        (["query", "(" * 1000 + "a" + ")" * 1000], 2, "nests brackets more than 32 deep"),
        (["query", "date:[-1000000 days to now]"], 2, "Error: cannot read the date '-1000000"),
        (["timeline", "inflation", "--until", "9999-12-31"], 2, "would list about 104,0"),
        (["query", " OR ".join(f'"w{n} x{n}"~5' for n in range(200))], 2, "(at most 128)"),
        (
            [
                "timeline",
                "inflation",
                "--since",
                "2021-01-01",
                "--by",
                "week",
                "--until",
                "2060-01-01",
            ],
            2,
            "(at most 1,200); give --since and --until, or a longer --by",
        ),
    ],
)
def test_errors(
    runner: CliRunner, index_dir: str, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(cli, [*args, "--index", index_dir])
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 or code == 2 and "Usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_query_suggests_a_spelling_on_few_hits(runner: CliRunner, index_dir: str) -> None:
    result = runner.invoke(cli, ["query", "Stategic", "Stabilty", "--index", index_dir])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "0 briefing(s), 0 turn(s) match; showing 0",
        "did you mean: strategic stability",
    ]
    data = json.loads(
        runner.invoke(cli, ["query", "inflaton", "--format", "json", "--index", index_dir]).stdout
    )
    assert data["suggestion"] == "inflation" and data["total"] == 0
    many = runner.invoke(cli, ["query", "inflation", "--format", "json", "--index", index_dir])
    assert "suggestion" not in json.loads(many.stdout)
    assert "did you mean" not in runner.invoke(cli, ["query", "qzxv", "--index", index_dir]).stderr


def test_query_explain(runner: CliRunner, index_dir: str) -> None:
    args = ["query", '"strategic stability"', "--speaker", "psaki", "--explain"]
    result = runner.invoke(cli, [*args, "--index", index_dir])
    assert result.exit_code == 0, result.output
    assert "query:" not in result.stdout
    assert result.stderr.startswith('query: "strategic stability"\nturns matching:\n')
    assert "filters: speaker psaki\n" in result.stderr
    assert f"[{A}/4]" in result.stdout
    data = json.loads(runner.invoke(cli, [*args, "--format", "json", "--index", index_dir]).stdout)
    assert data["explain"].startswith('query: "strategic stability"')
    assert data["total_turns"] == 1
    jsonl = runner.invoke(cli, [*args, "--turns", "--format", "jsonl", "--index", index_dir])
    assert [json.loads(line)["turns"][0]["turn_id"] for line in jsonl.stdout.splitlines()] == [
        f"{A}/4"
    ]
    assert "turns matching:" in jsonl.stderr


def test_every_inflation_turn_is_citable(runner: CliRunner, index_dir: str) -> None:
    for turn in INFLATION_TURNS:
        result = runner.invoke(cli, ["cite", turn, "--format", "json", "--index", index_dir])
        assert "nflation" in json.loads(result.stdout)["text"]


def test_timeline_reaches_the_last_day_a_date_can_have(runner: CliRunner, index_dir: str) -> None:
    for by in ("week", "month", "year"):
        result = runner.invoke(
            cli,
            [
                "timeline",
                "inflation",
                "--since",
                "9990-01-01",
                "--until",
                "9999-12-31",
                "--by",
                by,
                "--format",
                "json",
                "--index",
                index_dir,
            ],
        )
        assert result.exit_code == 0, result.output
        periods = json.loads(result.stdout)["periods"]
        assert periods[-1]["end"] == "9999-12-31" and periods[0]["start"] == "9990-01-01"


def test_no_suggestion_is_sought_for_a_huge_word(runner: CliRunner, index_dir: str) -> None:
    # A 100,000-letter word once spent minutes in edit distances to the vocabulary.
    result = runner.invoke(cli, ["query", "inflatio" + "n" * 100_000, "--index", index_dir])
    assert result.exit_code == 0
    assert result.stderr == "0 briefing(s), 0 turn(s) match; showing 0\n"
