"""Whoosh's QueryParser, set up for searchbrief's query syntax.

:func:`searchbrief.query.parse.parse_query` reads a query of bare words and
``"phrases"`` itself; it imports this module (and Whoosh's parser, whose
import and regexes are a cost a fresh process sees: ``make bench`` shows the
imports' share) only for a query that uses more of the syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from whoosh.fields import DATETIME, Schema
from whoosh.qparser import OperatorsPlugin, QueryParser, RangePlugin
from whoosh.qparser.plugins import Plugin
from whoosh.qparser.syntax import GroupNode, TextNode
from whoosh.query import Query, Term
from whoosh.util.text import rcompile

from searchbrief.engine.schema import speaker_token
from searchbrief.errors import QuerySyntaxError, SearchbriefError
from searchbrief.query.fields import VALUE_FIELDS, indexed_role, indexed_speaker

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


def parse(text: str, schema: Schema, default_field: str, now: dt.datetime | None) -> Query:
    """``text`` parsed and normalized by Whoosh's parser; NullQuery when it has no words."""
    plugins = [*_plugins()]
    if _may_name_a_date(text, schema, default_field):
        # Imported here: only a query with dates needs Whoosh's date parsing.
        from searchbrief.query.dates import DatePlugin

        plugins.append(DatePlugin(now or dt.datetime.now()))
    try:
        return QueryParser(default_field, schema, plugins).parse(text)
    except SearchbriefError:
        raise
    except Exception as exc:
        # Whoosh's parser fails on some runs of operators with a bare IndexError
        # or AssertionError (NOT NOT x, x ANDNOT ANDNOT y): the text is at fault.
        raise QuerySyntaxError(
            f"cannot understand {text!r}: an operator (AND, OR, NOT...) lacks a word to apply to"
        ) from exc


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
            if field not in VALUE_FIELDS or not node.has_text:
                continue
            qclass = node.qclass or Term  # Prefix and Wildcard nodes have their own
            if field != "speaker":
                role = field == "role" and qclass is Term
                text = indexed_role(node.text) if role else node.text.lower()
            elif qclass is Term:
                text = indexed_speaker(node.text)
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
