"""Fuzzed queries through the library and the command line: an answer or a one-line error.

Seeded and bounded (Hypothesis, derandomized): random text, the query
language's operators and fields, deep nesting, huge words, extreme dates and
limits. The library may raise only its own errors (``SearchbriefError``); the
command line exits 0 or 2 with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchbrief import BriefingIndex, SearchbriefError
from searchbrief.cli.commands import cli
from tests.conftest import BRIEFINGS

ATOMS = st.sampled_from(
    [
        "vaccines",
        "president",
        "the",
        "a",
        "psaki",
        "inflation*",
        "*",
        "?x",
        "x~",
        "x~2",
        '"the president"',
        '"the president"~3',
        '"unclosed',
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "AND",
        "OR",
        "NOT",
        "ANDNOT",
        "ANDMAYBE",
        "REQUIRE",
        "-",
        "+",
        ":",
        "^2",
        "~",
        "speaker:psaki",
        "speaker:",
        "role:reporter",
        "role:nobody",
        "title:briefing",
        "category:press-briefings",
        "exact:vaccines",
        "date:2021",
        "date:[to]",
        "date:[2021-01-01 to 2021-12-31]",
        "date:[0001-01-01 to 9999-12-31]",
        "date:[-1000000 days to now]",
        "date:yesterday",
        'date:"last week"',
        "date:9999-12-31",
        "replyto:(putin sanctions)",
        "nosuchfield:x",
        "é",
        "Ğ",
        "\u00a0",
        "\\",
        "'",
        "’",
    ]
)
WORDS = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
HUGE = st.builds(lambda c, n: c * n, st.sampled_from("ax("), st.integers(1_000, 30_000))
QUERIES = st.one_of(
    st.lists(st.one_of(ATOMS, WORDS), min_size=0, max_size=12).map(" ".join),
    st.builds(lambda n, w: "(" * n + w + ")" * n, st.integers(1, 300), ATOMS),
    HUGE,
)
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "limit": st.one_of(st.none(), st.integers(0, 10**12)),
        "offset": st.integers(0, 10**12),
        "by": st.sampled_from(["turn", "briefing", "day"]),
        "sort": st.sampled_from(["relevance", "newest", "oldest", "random"]),
        "since": st.sampled_from(["0001-01-01", "2021-06-01", "9999-12-31", "June"]),
        "until": st.sampled_from(["0001-01-01", "2021-06-30", "9999-12-31"]),
        "context": st.integers(0, 100),
        "exchange": st.booleans(),
        "exact": st.booleans(),
    },
)
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    built, _ = BriefingIndex.build(tmp_path_factory.mktemp("fuzz"), [BRIEFINGS])
    yield built
    built.close()


@FUZZ
@given(text=QUERIES, options=OPTIONS)
def test_library_answers_or_raises_its_own_error(
    index: BriefingIndex, text: str, options: dict[str, object]
) -> None:
    try:
        result = index.search(text, **options)  # type: ignore[arg-type]
    except SearchbriefError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.total >= 0


@FUZZ
@given(text=QUERIES)
def test_analyses_answer_or_raise_their_own_error(index: BriefingIndex, text: str) -> None:
    for call in (index.timeline, index.first, index.speakers, index.suggest, index.explain):
        try:
            call(text)
        except SearchbriefError as exc:
            assert "\n" not in str(exc)


@FUZZ
@given(text=QUERIES, extra=st.sampled_from([[], ["--turns", "--limit", "0"], ["--exact"]]))
def test_command_line_exits_0_or_2_without_a_traceback(
    index: BriefingIndex, text: str, extra: list[str]
) -> None:
    directory = str(Path(index.directory))
    result = CliRunner().invoke(cli, ["query", text, "--index", directory, *extra])
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr[-300:])
    assert "Traceback" not in result.stderr and result.exception is None or result.exit_code == 2
