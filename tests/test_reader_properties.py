from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from searchbrief import Briefing, BriefingReadError
from searchbrief.documents.reader import parse_briefing

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(), st.dates()
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
_keys = st.sampled_from(
    [
        "title",
        "date",
        "category",
        "tags",
        "permalink",
        "source_url",
        "published_time",
        "modified_time",
        "other",
    ]
) | st.text(min_size=1, max_size=8)


def _check(data: bytes) -> None:
    try:
        briefing = parse_briefing(data, Path("2021-01-01-generated.md"))
    except BriefingReadError as exc:
        assert "generated.md" in str(exc)
        return
    assert isinstance(briefing, Briefing)
    for turn in briefing.turns:
        assert briefing.text[turn.start : turn.end] == turn.text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=6), st.text(max_size=400))
def test_arbitrary_front_matter_and_text(meta: dict[str, object], body: str) -> None:
    head = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    _check(f"---\n{head}---\n{body}".encode("utf-8", "surrogatepass"))


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            [
                "MS. PSAKI:\u00a0 ",
                "Q\u00a0\u00a0\u00a0 ",
                "THE PRESIDENT: ",
                "SUBJECT: ",
                "**FACT SHEET:** ",
                "\n",
                "\n\n",
                " \u00a0 \n",
                "text ",
                "\\[x\\] ",
                "<u>",
                "*",
                "1:01 P.M. EST",
                "END ",
                "(As interpreted.) ",
            ]
        ),
        max_size=40,
    )
)
@example(pieces=["MS. PSAKI:\u00a0 ", "MS. PSAKI:\u00a0 ", "END ", "\n\n", "MS. PSAKI:\u00a0 "])
def test_transcript_like_text(pieces: list[str]) -> None:
    _check(("---\ndate: '2021-06-01'\n---\n" + "".join(pieces)).encode())
