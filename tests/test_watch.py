"""Saved searches: the ``watch`` commands, their news, and their Atom feeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from searchbrief import BriefingIndex
from searchbrief.cli.commands import cli
from tests.web_files import PLAIN_ID, SEED_ID, source

ATOM = "{http://www.w3.org/2005/Atom}"
NEW = (
    "---\ntitle: \"Ports & &lt;Harbours&gt;\"\ndate: '2022-04-01'\ncategory: press-briefings\n"
    "permalink: https://example.org/new/\n---\n\n"
    "MS. PSAKI:  The Strategic Stability Dialogue met again.\n"
)


def _setup(tmp_path: Path, runner: CliRunner) -> tuple[Path, Path]:
    src = source(tmp_path / "source")
    index = tmp_path / "index"
    assert runner.invoke(cli, ["index", str(src), "--index", str(index), "--quiet"]).exit_code == 0
    return src, index


def test_a_watch_reports_a_newly_indexed_briefing_once(tmp_path: Path, runner: CliRunner) -> None:
    src, index = _setup(tmp_path, runner)
    ix = ["--index", str(index)]
    added = runner.invoke(cli, ["watch", "add", "ssd", '"Strategic Stability Dialogue"', *ix])
    assert added.exit_code == 0, added.output
    assert added.output == ""
    listed = runner.invoke(cli, ["watch", "list", *ix])
    assert listed.output == 'ssd\t"Strategic Stability Dialogue"\n'
    quiet = runner.invoke(cli, ["watch", "check", *ix])
    assert quiet.exit_code == 0 and quiet.output == ""  # a new watch starts from now

    (src / "2022-04-01-new.md").write_text(NEW, encoding="utf-8")
    assert runner.invoke(cli, ["index", str(src), *ix, "--quiet"]).exit_code == 0
    news = runner.invoke(cli, ["watch", "check", *ix, "--format", "json"])
    assert news.exit_code == 0, news.output
    data = json.loads(news.output)
    assert [w["name"] for w in data["watches"]] == ["ssd"]
    assert data["watches"][0]["query"] == '"Strategic Stability Dialogue"'
    assert [r["briefing_id"] for r in data["watches"][0]["results"]] == ["2022-04-01-new"]
    assert runner.invoke(cli, ["watch", "check", *ix]).output == ""  # remembered


def test_watches_survive_a_rebuild(tmp_path: Path, runner: CliRunner) -> None:
    src, index = _setup(tmp_path, runner)
    ix = ["--index", str(index)]
    args = ["ports", "ports", "--speaker", "psaki", "--since", "2022-01-01", "--exact"]
    assert runner.invoke(cli, ["watch", "add", *args, *ix]).exit_code == 0
    assert runner.invoke(cli, ["index", str(src), *ix, "--rebuild", "--quiet"]).exit_code == 0
    listed = runner.invoke(cli, ["watch", "list", *ix]).output
    assert listed == "ports\tports --speaker psaki --since 2022-01-01 --exact\n"


def test_watch_errors_are_one_line(tmp_path: Path, runner: CliRunner) -> None:
    _, index = _setup(tmp_path, runner)
    ix = ["--index", str(index)]
    bad_query = runner.invoke(cli, ["watch", "add", "bad", '"unclosed', *ix])
    assert bad_query.exit_code == 2
    assert bad_query.output == "Error: unbalanced '\"' at column 1: it is never closed\n"
    bad_name = runner.invoke(cli, ["watch", "add", "../x", "ports", *ix])
    assert bad_name.exit_code == 1 and bad_name.output.startswith("Error: watch name '../x'")
    runner.invoke(cli, ["watch", "add", "ports", "ports", *ix])
    twice = runner.invoke(cli, ["watch", "add", "ports", "ports", *ix])
    assert twice.output == "Error: a watch named 'ports' exists; remove it first\n"
    gone = runner.invoke(cli, ["watch", "remove", "nope", *ix])
    assert gone.exit_code == 1 and gone.output == "Error: no watch named 'nope'\n"
    assert runner.invoke(cli, ["watch", "remove", "ports", *ix]).exit_code == 0
    assert runner.invoke(cli, ["watch", "list", *ix]).output == ""


def test_the_feed_is_valid_atom_newest_first(tmp_path: Path, runner: CliRunner) -> None:
    from searchbrief.web.app import create_app

    src, index = _setup(tmp_path, runner)
    ix = ["--index", str(index)]
    runner.invoke(cli, ["watch", "add", "ssd", '"Strategic Stability Dialogue"', *ix])
    (src / "2022-04-01-new.md").write_text(NEW, encoding="utf-8")
    runner.invoke(cli, ["index", str(src), *ix, "--quiet"])
    with BriefingIndex.open(index) as opened, TestClient(create_app(opened)) as client:
        response = client.get("/feeds/ssd.atom")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        titles = [entry.findtext(f"{ATOM}title") for entry in entries]
        assert titles[0] == "Ports & <Harbours>"  # escaped by the library, read back as text
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert ids[-1].endswith(f"/briefings/{SEED_ID}")
        assert len(entries) == 4 and not any(i.endswith(PLAIN_ID) for i in ids[:1])
        link = entries[0].find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").endswith(
            "/briefings/2022-04-01-new?q=%22Strategic+Stability+Dialogue%22#turn-1"
        )
        missing = client.get("/feeds/nope.atom")
        assert missing.status_code == 404 and missing.json() == {"error": "no watch named 'nope'"}
