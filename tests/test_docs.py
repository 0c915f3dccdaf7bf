"""The README's examples stay true: its Python blocks run, its commands exist."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import click
import pytest

from searchbrief.cli.commands import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_python_examples_run(block: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    assert out.getvalue()


def test_readme_has_python_examples() -> None:
    assert PYTHON_BLOCKS


@pytest.mark.parametrize("name", cli.list_commands(click.Context(cli)))
def test_commands_are_documented_and_have_help(name: str) -> None:
    assert f"searchbrief {name}" in README
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.help


def test_make_targets_in_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"^\$ (?:\S+=\S+ )?make (\w+)", README, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
