from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchbrief.schema import WORD
from searchbrief.snippets import ELLIPSIS, _bounds, char_spans, make_snippet


def positions(text: str, word: str) -> list[tuple[int, int]]:
    words = [m.group() for m in WORD.finditer(text)]
    return [(i, i) for i, w in enumerate(words) if w == word]


def marked(snippet_text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [snippet_text[s:e] for s, e in spans]


def test_short_text_is_whole_and_paragraphs_fold_to_spaces() -> None:
    text = "First paragraph here.\n\nSecond   one with target inside."
    snippet = make_snippet(text, positions(text, "target"))
    assert snippet.text == "First paragraph here. Second one with target inside."
    assert marked(snippet.text, snippet.spans) == ["target"]


def test_long_text_is_cut_around_the_match_with_ellipses() -> None:
    words = [f"w{i}" for i in range(400)]
    words[200] = "target"
    text = " ".join(words)
    snippet = make_snippet(text, positions(text, "target"))
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    assert marked(snippet.text, snippet.spans) == ["target"]
    assert 25 <= len(WORD.findall(snippet.text)) <= 50


def test_snippet_starts_at_a_nearby_sentence_start() -> None:
    filler = " ".join(f"w{i}" for i in range(100))
    text = f"{filler}. Then the target came along and more words follow here."
    snippet = make_snippet(text, positions(text, "target"))
    assert snippet.text.startswith(f"{ELLIPSIS}Then the target")


def test_phrase_span_stays_one_unit() -> None:
    text = "We discussed the Strategic Stability Dialogue today."
    snippet = make_snippet(text, [(3, 5)])
    assert marked(snippet.text, snippet.spans) == ["Strategic Stability Dialogue"]


def test_match_far_into_a_long_turn() -> None:
    text = " ".join(["filler"] * 20000) + " and the needle."
    snippet = make_snippet(text, positions(text, "needle"))
    assert marked(snippet.text, snippet.spans) == ["needle"]
    assert len(snippet.text) < 300


def test_no_match_shows_the_start() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    snippet = make_snippet(text, [])
    assert snippet.text.startswith("w0 w1") and snippet.spans == ()


@pytest.mark.parametrize("text", ["", "   ", "one", "\n\n"])
def test_degenerate_texts(text: str) -> None:
    snippet = make_snippet(text, [])
    assert snippet.spans == ()
    assert not re.search(r"\s{2}", snippet.text)


def test_char_spans_maps_word_positions() -> None:
    text = "Alpha beta, gamma-delta"
    assert char_spans(text, [(1, 1), (2, 3)]) == [(6, 10), (12, 23)]


@given(
    st.text(alphabet=st.sampled_from("ab é\u00a0\n.,-*_1日"), max_size=400),
    st.integers(min_value=0, max_value=120),
)
def test_skipped_words_stand_in_before_the_bounded_ones(text: str, skip: int) -> None:
    expected = [m.span() for m in WORD.finditer(text)]
    got = _bounds(text, None, skip)
    assert len(got) == len(expected)
    passed = next((i for i, span in enumerate(got) if span == expected[i]), len(got))
    assert passed <= skip
    assert got[passed:] == expected[passed:]
    assert all(end <= expected[i][0] for i, (_, end) in enumerate(got[:passed]))


def test_a_match_deep_in_a_long_turn_is_shown_and_highlighted() -> None:
    text = " ".join(f"w{i}." if i % 9 == 0 else f"w{i}" for i in range(3000))
    snippet = make_snippet(text, [(2500, 2500)])
    ((start, end),) = snippet.spans
    assert snippet.text[start:end] == "w2500"
    assert snippet.text.startswith(ELLIPSIS)
    assert len(snippet.text.split()) <= 30 + 2 * 8  # the window and its slack, no more
