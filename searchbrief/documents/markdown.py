"""Turning scraped Markdown into clean plain text.

One cleanup, used by the reader, the indexer and the snippets alike, so that a
character offset means the same thing everywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator

# Characters that stand for a plain space in the scrapes, and ones with no text.
_SPACES = re.compile("[\u00a0\u202f\u2000-\u200a\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u00ad\u2060\ufeff]")
_HYPHENS = re.compile("[\u2010\u2011]")

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'$%&=:;,?/@^])")
_PROTECTED = "\ue000"
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*?/?>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span "
    "strike strong sub sup u var".split()
)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_LINE_MARKUP = re.compile(r"^[ ]*(?:#{1,6}[ ]+|>[ ]?|[*+\-][ ]+(?=\S))")
_HEADING_HASHES = re.compile(r"[ ]+#+[ ]*$")
_STAR_EMPHASIS = re.compile(r"\*+")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_+(?=\S)|(?<=\S)_+(?![\w_])")
_RULE = re.compile(r"^[ ]*(?:[*\-_][ ]*){3,}$")
_SPACE_RUN = re.compile(r"[ ]{2,}")


def normalize(text: str) -> str:
    """Normalize characters: NFKC, odd spaces to spaces, invisible ones dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFKC", _blank_odd_spaces(text))


_INVISIBLE_CHARS = "\u200b\u200c\u200d\u00ad\u2060\ufeff"  # what _INVISIBLE matches
_HYPHEN_CHARS = "\u2010\u2011"  # what _HYPHENS matches


def _blank_odd_spaces(text: str) -> str:
    text = _SPACES.sub(" ", text)
    # Invisible characters and odd hyphens are in a few files in a hundred:
    # looking for each character is several times cheaper than a pass of
    # the regular expression that finds none.
    if any(char in text for char in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if any(char in text for char in _HYPHEN_CHARS):
        text = _HYPHENS.sub("-", text)
    return text


_MARKUP_STARTS = frozenset(" #>*+-_")  # what a line with line markup can start with


def _strip_line_markup(line: str) -> str:
    if not line or line[0] not in _MARKUP_STARTS:
        return line
    if _RULE.match(line):
        return ""
    if line.lstrip().startswith("#"):
        line = _HEADING_HASHES.sub("", line)
    return _LINE_MARKUP.sub("", line)


def _replace_tag(match: re.Match[str]) -> str:
    return "" if match.group(1).lower() in _INLINE_TAGS else " "


def clean_inline(text: str) -> str:
    """Clean one paragraph of normalized text into a single line of plain text.

    Wrapped lines are joined, Markdown escapes undone, emphasis markers and HTML
    tags removed (their text kept), entities decoded and spaces collapsed.
    """
    if "\n" in text:
        text = " ".join(_strip_line_markup(line) for line in text.split("\n"))
    else:
        text = _strip_line_markup(text)
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return _PROTECTED

    if "\\" in text:
        text = _ESCAPE.sub(protect, text)
    if "<" in text:
        text = _TAG.sub(_replace_tag, _COMMENT.sub(" ", text))
    if "](" in text:
        text = _IMAGE_OR_LINK.sub(r"\1", text)
    if "*" in text:
        text = _STAR_EMPHASIS.sub("", text)
    if "_" in text:
        text = _UNDERSCORE_EMPHASIS.sub("", text)
    if escaped:
        pieces = iter(escaped)
        text = re.sub(_PROTECTED, lambda _: next(pieces), text)
    text = _blank_odd_spaces(html.unescape(text)) if "&" in text else text
    return _SPACE_RUN.sub(" ", text).strip() if "  " in text else text.strip()


def clean_text(text: str) -> str:
    """Clean a whole Markdown text: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs(text))


def _raw_blocks(text: str, starts_paragraph: Callable[[str], bool] | None) -> Iterator[str]:
    for block in _BLANK_LINE.split(text):
        if starts_paragraph is None or "\n" not in block:
            yield block
            continue
        current: list[str] = []
        for line in block.split("\n"):
            if current and starts_paragraph(line):
                yield "\n".join(current)
                current = []
            current.append(line)
        yield "\n".join(current)


def paragraphs(text: str, starts_paragraph: Callable[[str], bool] | None = None) -> list[str]:
    """Split Markdown into cleaned paragraphs, dropping empty ones.

    Paragraphs end at blank or whitespace-only lines, and also before any line
    for which ``starts_paragraph`` (given the normalized line) returns true.
    """
    text = normalize(text)
    cleaned = (clean_inline(block) for block in _raw_blocks(text, starts_paragraph))
    return [para for para in cleaned if para]
