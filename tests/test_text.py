from __future__ import annotations

import unicodedata

import pytest

from searchbrief.documents.markdown import clean_inline, clean_text, normalize, paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b\u202fc\u2003d", "a b c d"),
        (
            "zero\u200bwidth soft\u00adhyphen word\u2060joiner \ufeffbom",
            "zerowidth softhyphen wordjoiner bom",
        ),
        ("COVID\u201119", "COVID-19"),
        ("ﬁne", "fine"),  # NFKC folds ligatures
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "plain text, nothing odd",
        "",
        "\u00a0\u202f\u2000\u200a\u3000\t\f\v",
        "\u200b\u200c\u200d\u00ad\u2060\ufeff",
        "\u2010\u2011",
        "COVID\u2011\u200b19\u00a0&amp;\u00ad \\*escaped\\* <b>bold</b>",
        "\ufeff---\ntitle: x\n---\nBody\u2010text\u00a0here",
    ],
)
def test_odd_spaces_blanked_invisibles_dropped_hyphens_plain(raw: str) -> None:
    # What normalize() promises, spelled out character class by character class.
    spaces = (
        "\u00a0\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000\t\f\v"
    )
    invisible = "\u200b\u200c\u200d\u00ad\u2060\ufeff"
    expected = "".join(
        " " if c in spaces else "" if c in invisible else "-" if c in "\u2010\u2011" else c
        for c in raw
    )
    assert normalize(raw) == unicodedata.normalize("NFKC", expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"\[senior administration official\]", "[senior administration official]"),
        (r"\#\#\# and \* and \( and \_", "### and * and ( and _"),
        ("**Build Back Better**", "Build Back Better"),
        ("*stressed* and _em_ but snake_case stays", "stressed and em but snake_case stays"),
        ("<u>under</u><span class='x'>lined</span>", "underlined"),
        ("<table><tr><td>one</td><td>two</td></tr></table>", "one two"),
        ("caf&eacute; &amp; tea", "café & tea"),
        ("[the link](https://example.gov/x) text", "the link text"),
        ("hard\nwrapped  \nline", "hard wrapped line"),
        ("## A heading ##", "A heading"),
        ("Thanks.  And  more.", "Thanks. And more."),
    ],
)
def test_clean_inline(raw: str, expected: str) -> None:
    assert clean_inline(normalize(raw)) == expected


def test_paragraphs_split_on_blank_and_whitespace_only_lines() -> None:
    raw = "one\nline\n\ntwo\n \u00a0 \nthree\n\n\n"
    assert paragraphs(raw) == ["one line", "two", "three"]


def test_paragraphs_split_where_asked() -> None:
    raw = "first\nSPLIT here\nmore"
    assert paragraphs(raw, starts_paragraph=lambda line: line.startswith("SPLIT")) == [
        "first",
        "SPLIT here more",
    ]


def test_clean_text_joins_paragraphs_with_one_blank_line() -> None:
    assert clean_text("a\nb\n\n\n<u>c</u>") == "a b\n\nc"
