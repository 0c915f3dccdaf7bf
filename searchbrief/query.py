"""From a user's query string to a Whoosh query, and from search options to a filter.

The syntax is Whoosh's: words are ANDed; ``OR``, ``AND``, ``NOT`` and ``-word``;
``"phrases"`` and ``"phrases"~5``; ``prefix*``; parentheses; ``field:value``
for the fields in :data:`USER_FIELDS`; dates as :mod:`searchbrief.dates`
describes them.  A lone ``*`` matches every document (useful with filters).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import islice
from typing import Any

from whoosh.fields import DATETIME, Schema
from whoosh.qparser import OperatorsPlugin, QueryParser, RangePlugin
from whoosh.qparser.plugins import Plugin
from whoosh.qparser.syntax import GroupNode, TextNode
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    DateRange,
    Every,
    MultiTerm,
    Not,
    NullQuery,
    Or,
    Phrase,
    Query,
    Term,
    Wildcard,
)
from whoosh.reading import IndexReader
from whoosh.util.text import rcompile

from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from searchbrief.model import ROLES
from searchbrief.schema import speaker_token

USER_FIELDS: tuple[str, ...] = ("text", "exact", "title", "speaker", "role", "category", "date")

#: Bare words found side by side rank first, then words found this near each other.
PHRASE_BOOST = 4.0
NEAR_BOOST = 2.0
NEAR_SLOP = 10

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
_INFIX = _OPERATORS - {"NOT"}
_FIELD = re.compile(r"(?<!\w)(\w+):")
_TOKEN = re.compile(r"[^\s()]+")
_STAR = re.compile(r"(\w+:|[*]:)?[*]")
# Whoosh's NOT, plus ``-word``: a hyphen that starts a word (``covid-19`` is one word).
_NOT = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s-]))"
# Whoosh's range syntax, but ``to`` must be a word of its own (not the start of "today").
_RANGE = rcompile(
    r"""
    (?P<open>[\[{])\s*
    (?P<start>'[^']*?'\s+|[^\]}]*?)
    (?:(?<=\s)|(?<=[\[{]))[Tt][Oo](?=[\s\]}])
    (?P<end>\s+'[^']*?'|[^\]}]*?)
    \s*(?P<close>[\]}])
    """,
    verbose=True,
)


def parse_query(
    text: str, schema: Schema, *, default_field: str = "text", now: dt.datetime | None = None
) -> Query:
    """Parse ``text``; raise :class:`QuerySyntaxError` (one line naming the problem) when malformed.

    When bare words sit side by side (``strategic stability dialogue``, as a
    shell passes a quoted argument), every word is still required, but
    documents holding them as a phrase rank first, then those holding them near
    each other.  Dates are measured from ``now`` (default: the local time).
    """
    if default_field not in USER_FIELDS:
        raise ValueError(f"default_field must be one of {', '.join(USER_FIELDS)}")
    _check_syntax(text)
    if _STAR.fullmatch(re.sub(r"[\s()]", "", text)):
        return Every()
    plugins = [*_plugins()]
    if _may_name_a_date(text, schema, default_field):
        # Whoosh's date parsing takes ~5 ms to import: only a query with dates needs it.
        from searchbrief.dates import DatePlugin

        plugins.append(DatePlugin(now or dt.datetime.now()))
    parser = QueryParser(default_field, schema, plugins)
    query = parser.parse(text)
    if query is NullQuery:
        raise QuerySyntaxError(f"the query {text!r} has no words to search for")
    for leaf in query.leaves():
        if getattr(leaf, "error", None):
            raise QuerySyntaxError(f"cannot understand {text!r}: {leaf.error}")
    return _rewrite(query, default_field)


@cache
def _plugins() -> tuple[Plugin, ...]:
    """The parser's plugins but the dates' (which need each call's time), made once.

    They keep no state between parses, so that every parser can share them.
    """
    parser = QueryParser("text", None)
    parser.replace_plugin(OperatorsPlugin(Not=_NOT))
    parser.replace_plugin(RangePlugin(expr=_RANGE))
    parser.add_plugin(_FieldValuesPlugin())
    return tuple(parser.plugins[1:])  # a QueryParser puts a whitespace plugin of its own first


def _may_name_a_date(text: str, schema: Schema, default_field: str) -> bool:
    """Whether a word of ``text`` can be in a date field: without one, dates change nothing."""
    dates = [name for name, field in schema.items() if isinstance(field, DATETIME)]
    return default_field in dates or any(f"{name}:" in text for name in dates)


_NAMES_TEXT_OR_TITLE = re.compile(r"(?<![\w:])(?:text|title):")


def for_titles(query: Query, text: str, schema: Schema) -> Query | None:
    """``query`` (``text`` parsed for the ``text`` field) as if parsed for ``title``.

    Saves parsing the same text twice: the two fields analyse words alike, so
    only the field changes.  None when that does not hold (the text names
    ``text:`` or ``title:`` itself, or the fields' analysers differ): parse
    it again.
    """
    if _NAMES_TEXT_OR_TITLE.search(text) or schema["text"].analyzer != schema["title"].analyzer:
        return None

    def retitled(leaf: Query) -> Query:
        if getattr(leaf, "fieldname", None) != "text":
            return leaf
        leaf = leaf.copy()
        leaf.fieldname = "title"
        return leaf

    return query.accept(retitled)


def build_filter(
    schema: Schema,
    *,
    speakers: Sequence[str] = (),
    roles: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    categories: Sequence[str] = (),
) -> Query | None:
    """The filter for the search options; ``None`` when no option is given.

    Values within one option are ORed and options are ANDed; ``since`` and
    ``until`` are inclusive whole days.
    """
    options: list[Query] = []
    if speakers:
        options.append(_any_of("speaker", [_speaker(name) for name in speakers]))
    if roles:
        options.append(_any_of("role", [_role(role) for role in roles]))
    if categories:
        options.append(_any_of("category", [category.lower() for category in categories]))
    if since is not None and until is not None and since > until:
        raise QuerySyntaxError(f"since ({since}) is after until ({until}); no day is in between")
    if since is not None or until is not None:
        start = dt.datetime.combine(since, dt.time.min) if since is not None else None
        end = dt.datetime.combine(until, dt.time.max) if until is not None else None
        options.append(DateRange("date", start, end))
    if not options:
        return None
    return options[0] if len(options) == 1 else And(options)


def check_cost(query: Query, reader: IndexReader, *, max_expansions: int = 1000) -> None:
    """Raise :class:`QueryTooBroadError` when a term would expand to too many words.

    A prefix, wildcard, fuzzy term or range that matches more than
    ``max_expansions`` words of the index is refused, and so is a wildcard at
    the start of a word (``*tion``), which would scan every word in the index.
    """
    for leaf in query.leaves():
        if not isinstance(leaf, MultiTerm):
            continue
        label = str(leaf).removeprefix("text:")  # Whoosh writes it back as query syntax
        if isinstance(leaf, Wildcard) and leaf.text[:1] in ("*", "?"):
            raise QueryTooBroadError(
                f"{label!r} starts with a wildcard, which would scan every word in the index;"
                " put a few letters before it"
            )
        expansions = islice(leaf.expanded_terms(reader), max_expansions + 1)
        if sum(1 for _ in expansions) > max_expansions:
            raise QueryTooBroadError(
                f"{label!r} matches more than {max_expansions} words in the index; make it longer"
            )


def is_title_only(query: Query) -> bool:
    """True when every positive leaf of ``query`` searches the ``title`` field."""
    fields = [getattr(leaf, "fieldname", None) for leaf in _positive_leaves(query)]
    return bool(fields) and all(field == "title" for field in fields)


class _FieldValuesPlugin(Plugin):  # type: ignore[misc]
    """``speaker:"Jen Psaki"`` → ``jen-psaki``; ``role:`` and ``category:`` in lower case."""

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        # After FieldsPlugin (100) has given the nodes their fields.
        return [(self.values, 105)]

    def values(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, GroupNode):
                group[i] = self.values(parser, node)
                continue
            field = (node.fieldname or parser.fieldname) if node.has_fieldname else None
            if field not in ("speaker", "role", "category") or not node.has_text:
                continue
            qclass = node.qclass or Term  # Prefix and Wildcard nodes have their own
            if field != "speaker":
                text = _role(node.text) if field == "role" and qclass is Term else node.text.lower()
            elif qclass is Term:
                text = _speaker(node.text)
            else:  # keep the wildcards, which speaker_token would drop
                text = re.sub(r"[^*?]+", lambda part: speaker_token(part.group()), node.text)
            group[i] = _Verbatim(text, qclass)
            group[i].set_fieldname(node.fieldname)
            group[i].set_boost(node.boost)
            group[i].startchar, group[i].endchar = node.startchar, node.endchar
        return group


class _Verbatim(TextNode):  # type: ignore[misc]
    """A value already in its indexed form: no analyzer runs on it."""

    def __init__(self, text: str, qclass: Any) -> None:
        super().__init__(text)
        self.qclass = qclass

    def query(self, parser: Any) -> Query:
        return self.qclass(self.fieldname or parser.fieldname, self.text, boost=self.boost)


def _check_syntax(text: str) -> None:
    """Catch what Whoosh would quietly repair: unbalanced quotes and brackets, unknown fields."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    opened: list[tuple[str, int]] = []
    quote: int | None = None
    outside = []  # the query with quoted text and ranges blanked out
    for i, char in enumerate(text):
        in_range = bool(opened) and opened[-1][0] in "[{"
        if quote is not None or (in_range and char not in "]}"):
            quote = None if char == '"' and quote is not None else quote
            outside.append(char if char == '"' else " ")
            continue
        if char == '"':
            quote = i
        elif char in "([{":
            opened.append((char, i))
        elif char in ")]}":
            expected = {")": "(", "]": "[", "}": "{"}[char]
            if not opened or opened[-1][0] != expected:
                raise QuerySyntaxError(
                    f"unbalanced {char!r} at column {i + 1}: no {expected!r} before it in {text!r}"
                )
            opened.pop()
        outside.append(char)
    if quote is not None:
        raise QuerySyntaxError(f"unbalanced '\"' at column {quote + 1}: it is never closed")
    if opened:
        char, i = opened[-1]
        raise QuerySyntaxError(f"unbalanced {char!r} at column {i + 1}: it is never closed")
    _check_fields("".join(outside))
    _check_operators("".join(outside))


def _check_fields(outside: str) -> None:
    for match in _FIELD.finditer(outside):
        name, after = match.group(1), outside[match.end() : match.end() + 1]
        if name in USER_FIELDS and not after.strip():
            raise QuerySyntaxError(
                f"nothing after '{name}:' at column {match.start() + 1};"
                f' write {name}:word or {name}:"some words"'
            )
        if name not in USER_FIELDS and after.strip() and not name[0].isdigit():
            raise QuerySyntaxError(
                f"unknown field {name!r} in the query; fields are: {', '.join(USER_FIELDS)}"
                " (quote the words to search for them literally)"
            )


def _check_operators(outside: str) -> None:
    tokens = list(_TOKEN.finditer(outside))
    if not tokens:
        return  # nothing but parentheses: Whoosh finds no words, parse_query says so
    if all(token.group() in _OPERATORS or token.group() == "-" for token in tokens):
        words = " ".join(token.group() for token in tokens)
        raise QuerySyntaxError(f"the query {words!r} has only operators; add words to search for")
    stars = [token for token in tokens if _STAR.fullmatch(token.group())]
    if stars and len(tokens) > 1:
        raise QuerySyntaxError(
            f"'*' at column {stars[0].start() + 1} means every document and cannot be"
            " combined with other words; use it alone, or drop it"
        )
    first, last = tokens[0], tokens[-1]
    for token, side in ((first, "left"), (last, "right")):
        if token.group() in _INFIX or (token is last and token.group() == "NOT"):
            raise QuerySyntaxError(
                f"{token.group()!r} at column {token.start() + 1} has no words on its {side}"
            )


def _rewrite(query: Query, default_field: str) -> Query:
    """Runs of bare words also rank as phrases."""
    if query.is_leaf():
        return query
    query = query.apply(lambda child: _rewrite(child, default_field))
    if not isinstance(query, And):
        return query
    runs: list[list[str]] = [[]]
    for child in query.subqueries:
        if type(child) is Term and child.fieldname == default_field:
            runs[-1].append(child.text)
        elif runs[-1]:
            runs.append([])
    phrases: list[Query] = []
    for words in (run for run in runs if len(run) > 1):
        phrases.append(Phrase(default_field, words, boost=PHRASE_BOOST))
        phrases.append(Phrase(default_field, words, slop=NEAR_SLOP, boost=NEAR_BOOST))
    return AndMaybe(query, Or(phrases)) if phrases else query


def _positive_leaves(query: Query) -> Iterator[Query]:
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from _positive_leaves(query.a)
    elif query.is_leaf():
        yield query
    else:
        for child in query.children():
            yield from _positive_leaves(child)


def _speaker(name: str) -> str:
    token = speaker_token(name)
    if not token:
        raise QuerySyntaxError(f"the speaker name {name!r} has no letters or digits")
    return token


def _role(role: str) -> str:
    if role.lower() not in ROLES:
        raise QuerySyntaxError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
    return role.lower()


def _any_of(field: str, values: list[str]) -> Query:
    terms = [Term(field, value) for value in dict.fromkeys(values)]
    return terms[0] if len(terms) == 1 else Or(terms)
