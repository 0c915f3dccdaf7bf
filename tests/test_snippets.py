from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchbrief.engine.schema import WORD
from searchbrief.search.snippets import (
    _GROUPED,
    _NON_W,
    _W,
    _WHITE_RUN,
    ELLIPSIS,
    _bounds,
    _nothing_to_fold,
    _words_from,
    char_spans,
    make_snippet,
)


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


TRICKY_TEXTS = [
    "",
    "   ",
    "word",
    "  leading and trailing  ",
    "snake_case __dunder__ _ a_b_c",
    "non\u00a0breaking\u00a0spaces\u202fand thin\u2009ones",
    "emoji 🇺🇸 between 😀words😀 and 👍🏽 at the end 🎉",
    "accents: café, naïve, Zürich; digits ٣٤ and ½ and 日本語の文",
    "it’s “quoted” — dashed–words, U.S.-made, COVID-19!",
    "\n\nParagraphs.\n\n\tTabbed\r\nlines\n",
    " ".join(f"w{i}" for i in range(_GROUPED)),  # exactly one group of words
    " ".join(f"w{i}" for i in range(_GROUPED + 1)),
    ". ".join("x" * (i % 7 + 1) for i in range(9000)),  # over 32K characters
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
@pytest.mark.parametrize("count", [None, 0, 1, _GROUPED - 1, _GROUPED, _GROUPED + 1, 1000])
def test_words_from_reads_the_words_word_finds(text: str, count: int | None) -> None:
    for position in sorted({0, 1, 3, len(text) // 2, max(0, len(text) - 1), len(text)}):
        expected = [m.span() for m in WORD.finditer(text, position)]
        assert _words_from(text, position, count) == expected[:count]


@given(
    st.text(alphabet=st.sampled_from("ab é\u00a0\n.,-*_1日😀\u2009"), max_size=600),
    st.integers(min_value=0, max_value=3 * _GROUPED),
)
def test_words_from_equals_word_spans(text: str, count: int) -> None:
    assert _words_from(text, 0, count) == [m.span() for m in WORD.finditer(text)][:count]


def test_bounds_match_words_at_the_very_start_and_end() -> None:
    text = "Start" + " mid" * 70 + " end"
    spans = [m.span() for m in WORD.finditer(text)]
    assert _bounds(text) == spans
    assert _bounds(text, 1) == spans[:1]
    assert _bounds(text, None, 64)[64:] == spans[64:]


def test_only_the_plain_space_is_printable_white_space() -> None:
    # Why _nothing_to_fold may trust isprintable(): any other white space fails it.
    white = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert all(
        _WHITE_RUN.sub(" ", f"a{c}b") == f"a{c}b" or not _nothing_to_fold(f"a{c}b") for c in white
    )
    assert [c for c in white if _nothing_to_fold(f"a{c}b")] == [" "]


@given(st.text(alphabet=st.sampled_from("ab \u00a0\n\t\r\u2009\u3000.x"), max_size=80))
def test_nothing_to_fold_only_when_folding_changes_nothing(body: str) -> None:
    if _nothing_to_fold(body):
        assert _WHITE_RUN.sub(" ", body) == body


def test_listed_word_classes_are_word_and_non_word() -> None:
    word, non_word, plain = re.compile(_W), re.compile(_NON_W), re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        is_word = plain.match(char) is not None
        assert (word.match(char) is not None) is is_word
        assert (non_word.match(char) is not None) is not is_word


@given(st.text(alphabet=st.sampled_from("ab \u00a0\n\t\r\x0b\u2028\u3000.x"), max_size=80))
def test_white_runs_are_long_runs_or_breaks(body: str) -> None:
    expected = [m.span() for m in re.finditer(r"\s{2,}|[\n\r\t]", body)]
    assert [m.span() for m in _WHITE_RUN.finditer(body)] == expected


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_a_snippet_starts_at_a_whole_word_across_apostrophes(apostrophe: str) -> None:
    # WORD splits who’re into who + re: the window once began at "re".
    text = " ".join(f"w{k}" for k in range(7)) + f" people who{apostrophe}re hospitalized, in ICU,"
    text += " and or passed away "
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    away = [k for k, (a, b) in enumerate(words) if text[a:b] == "away"][0]
    snippet = make_snippet(text, [(away, away)], 8)
    assert snippet.text.startswith(f"…who{apostrophe}re hospitalized")
    assert snippet.text[slice(*snippet.spans[0])] == "away"
