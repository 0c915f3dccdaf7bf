"""From a user's query string to a Whoosh query, and from search options to a filter.

The syntax is Whoosh's: words are ANDed; ``OR``, ``AND``, ``NOT`` and ``-word``;
``"phrases"`` and ``"phrases"~5``; ``prefix*``; parentheses; ``field:value``
for the fields in :data:`USER_FIELDS`; dates as :mod:`searchbrief.query.dates`
describes them.  A lone ``*`` matches every document (useful with filters).

A query of bare words and ``"phrases"`` only, as most are, is read here;
Whoosh's parser (:mod:`searchbrief.query.whoosh_parser`) reads the others.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from itertools import islice

from whoosh.fields import Schema
from whoosh.query import (
    And,
    AndMaybe,
    DateRange,
    Every,
    MultiTerm,
    NullQuery,
    Or,
    Phrase,
    Query,
    Term,
    Wildcard,
)
from whoosh.reading import IndexReader

from searchbrief.errors import QuerySyntaxError, QueryTooBroadError
from searchbrief.query.fields import VALUE_FIELDS, indexed_role, indexed_speaker
from searchbrief.query.tree import positive_leaves

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

# What makes a query more than bare words and "phrases" to Whoosh's parser with
# searchbrief's plugins (searchbrief.query.whoosh_parser), anywhere in the text, in
# phrases too: fields (:), wildcards (* ? and the Armenian, Arabic and Ethiopic
# question marks), slop and boosts (~ ^), groups and ranges, 'single quotes', a
# newline (a phrase cannot span one), a hyphen starting a word (NOT) and the
# operators as words of their own.
_NOT_PLAIN = re.compile(
    r"""[:*?\u055e\u061f\u1367~^()\[\]{}'\n]|(?<!\S)-"""
    r"""|(?<![^\s"])(?:AND|OR|NOT|ANDNOT|ANDMAYBE|REQUIRE)(?![^\s"])"""
)
# A plain query's "phrases" and bare words, as Whoosh's parser tags them.
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|[^\s"]+')


def parse_query(
    text: str, schema: Schema, *, default_field: str = "text", now: dt.datetime | None = None
) -> Query:
    """Parse ``text``; raise :class:`QuerySyntaxError` (one line naming the problem) when malformed.

    When bare words sit side by side (``strategic stability dialogue``, as a
    shell passes a quoted argument), every word is still required, but
    documents holding them as a phrase rank first, then those holding them near
    each other.  Dates are measured from ``now`` (default: the local time).
    """
    return _parse(text, schema, default_field, now, plain=True)


def parse_with_whoosh(
    text: str, schema: Schema, *, default_field: str = "text", now: dt.datetime | None = None
) -> Query:
    """:func:`parse_query` with Whoosh's parser for every text, plain or not."""
    return _parse(text, schema, default_field, now, plain=False)


def _parse(
    text: str, schema: Schema, default_field: str, now: dt.datetime | None, *, plain: bool
) -> Query:
    if default_field not in USER_FIELDS:
        raise ValueError(f"default_field must be one of {', '.join(USER_FIELDS)}")
    _check_syntax(text)
    text = _ADJACENT.sub(r"\1", text)  # slop 0 is Whoosh's default phrase: words side by side
    if _STAR.fullmatch(re.sub(r"[\s()]", "", text)):
        return Every()
    query = plain_query_of(text, schema, default_field) if plain else None
    if query is None:
        from searchbrief.query import (
            whoosh_parser as query_parser,  # Whoosh's parser: only for more than plain words
        )

        query = query_parser.parse(text, schema, default_field, now)
    if query is NullQuery:
        raise QuerySyntaxError(f"the query {text!r} has no words to search for")
    leaves = list(query.leaves())
    for leaf in leaves:
        if getattr(leaf, "error", None):
            raise QuerySyntaxError(f"cannot understand {text!r}: {leaf.error}")
    if len(leaves) > MAX_LEAVES:
        raise QuerySyntaxError(
            f"the query has {len(leaves):,} words, phrases and fields (at most {MAX_LEAVES});"
            " split it into several queries"
        )
    return _rewrite(query, default_field)


def plain_query_of(text: str, schema: Schema, default_field: str) -> Query | None:
    """Bare words and "phrases" as Whoosh's parser would read them; None for more than that.

    Saves the parser's time, and in a fresh process the time to import it and
    compile its regexes (``make bench`` measures both).  ``text`` has passed
    :func:`_check_syntax`: its quotes pair up.  As the parser does, each word
    is analysed in query mode: into no term it is dropped, into one it is a
    Term, into more a Phrase (the field's ``multitoken_query``); each phrase is
    analysed whole, and a phrase of one word is a Term.
    """
    field = schema[default_field] if default_field in schema else None
    if (
        field is None
        or default_field in VALUE_FIELDS
        or field.self_parsing()
        or not field.analyzer
        or not field.format
        or field.multitoken_query.lower() != "phrase"
        or _NOT_PLAIN.search(text)
    ):
        return None
    clauses: list[Query] = []
    for match in _PHRASE_OR_WORD.finditer(text):
        phrase = match.group(1)
        if phrase is None:  # a bare word
            analysed = field.process_text(
                match.group(), mode="query", tokenize=True, removestops=True
            )
            words = list(analysed)
        else:
            words = [token.text for token in field.tokenize(phrase, mode="query", chars=True)]
        if len(words) > 1:
            clauses.append(Phrase(default_field, words))
        elif words:
            clauses.append(Term(default_field, words[0]))
    # As Whoosh normalizes an And of them: the first of equal clauses kept, one unwrapped.
    unique = list(dict.fromkeys(clauses))
    if not unique:
        return NullQuery
    return unique[0] if len(unique) == 1 else And(unique)


_NAMES_TEXT_OR_TITLE = re.compile(r"(?<![\w:])(?:text|title):")


def titles_count(
    speakers: Sequence[str], roles: Sequence[str], reply_to: str | None, written: bool | None
) -> bool:
    """Whether a title match makes a briefing a hit under these filters.

    A title says nothing of who spoke, of what answered which question, or of
    whether it was said or written: any of those filters leaves titles out.
    """
    return not (speakers or roles or reply_to or written is not None)


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
        leaf = copy.copy(leaf)  # as Whoosh's own replace() does: no field but this one changes
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
    written: bool | None = None,
) -> Query | None:
    """The filter for the search options; ``None`` when no option is given.

    ``written`` keeps only written statements' turns (True) or only spoken ones (False).

    Values within one option are ORed and options are ANDed; ``since`` and
    ``until`` are inclusive whole days.
    """
    options: list[Query] = []
    if speakers:
        options.append(_any_of("speaker", [indexed_speaker(name) for name in speakers]))
    if roles:
        options.append(_any_of("role", [indexed_role(role) for role in roles]))
    if categories:
        options.append(_any_of("category", [category.lower() for category in categories]))
    if written is not None:
        options.append(Term("written", "yes" if written else "no"))
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
    fields = [getattr(leaf, "fieldname", None) for leaf in positive_leaves(query)]
    return bool(fields) and all(field == "title" for field in fields)


#: ``"a phrase"~0``: slop 0, which Whoosh's parser would read as the word 0.
_ADJACENT = re.compile(r'("[^"]*")~0+(?![\w.~])')
#: A word followed by ``~`` (and maybe a distance): a fuzzy term.
_FUZZY = re.compile(r"\w+~\d*(?![\w~])")
#: How many words, phrases and field values a query may hold: each is a
#: pass over its postings, and a thousand OR'd phrases would run for seconds.
MAX_LEAVES = 128
#: How deep parentheses may nest (Whoosh's parser recurses once per level and more).
MAX_NESTING = 32


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
            if len(opened) > MAX_NESTING:
                raise QuerySyntaxError(
                    f"the query nests brackets more than {MAX_NESTING} deep at column {i + 1};"
                    " write it with fewer parentheses"
                )
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
    _check_fuzzy("".join(outside))


def _check_fuzzy(outside: str) -> None:
    """Refuse ``word~`` (a fuzzy term), which Whoosh's parser would quietly drop."""
    found = _FUZZY.search(outside)
    if found is not None:
        raise QuerySyntaxError(
            f"fuzzy words ({found.group()!r} at column {found.start() + 1}) are not supported:"
            " stems make edit distances misleading; use a prefix (zelensk*), or see"
            " the spelling searchbrief suggests when few briefings match"
        )


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


def _any_of(field: str, values: list[str]) -> Query:
    terms = [Term(field, value) for value in dict.fromkeys(values)]
    return terms[0] if len(terms) == 1 else Or(terms)
