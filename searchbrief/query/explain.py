"""How a query was understood, in plain words: a walk over the parsed Whoosh query.

Each part of the query becomes a line, nested parts indented under their
group: words with the stem they stand for, phrases, fields, and dates as the
absolute days they cover; the search options follow as filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from whoosh import query as wq

from searchbrief.engine.schema import WORD, fold
from searchbrief.engine.stemming import stem
from searchbrief.query import tree
from searchbrief.query.parse import parse_query, titles_count

_WHERE = {
    "text": "",
    "exact": "exactly ",
    "title": "a briefing title with ",
    "speaker": "speaker ",
    "role": "role ",
    "category": "category ",
}


def explain(
    text: str,
    schema: Any,
    *,
    speakers: Sequence[str] = (),
    roles: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    categories: Sequence[str] = (),
    exact: bool = False,
    reply_to: str | None = None,
    sort: str = "relevance",
    by: str = "briefing",
    now: dt.datetime | None = None,
    written: bool | None = None,
    scope: str = "turn",
) -> str:
    """Several lines: the query, what each of its parts matches, the filters, the order."""
    query = parse_query(text, schema, default_field="exact" if exact else "text", now=now)
    lines = [f"query: {text}", "turns matching:"]
    lines.extend(_describe(query, _typed(text), 1))
    filters = []
    if speakers:
        filters.append("speaker " + " or ".join(speakers))
    if roles:
        filters.append("role " + " or ".join(roles))
    if categories:
        filters.append("category " + " or ".join(categories))
    if since or until:
        filters.append(_days(since, until))
    if written is not None:
        filters.append("written statements only" if written else "spoken turns only")
    lines.append("filters: " + ("; ".join(filters) if filters else "none"))
    if scope == "briefing":
        lines.append("scope: every part may be in another turn of the same briefing")
    if reply_to:
        lines.append("only answers to a reporter's question matching:")
        lines.extend(_describe(parse_query(reply_to, schema, now=now), _typed(reply_to), 1))
    lines.append(
        "words: as written, not stemmed (--exact)"
        if exact
        else "words: stemmed, so every form of a word matches (exact:word for one form)"
    )
    titles = titles_count(speakers, roles, reply_to, written)
    listing = (
        "turns"
        if by == "turn"
        else "briefings (a title match alone counts)"
        if titles
        else "briefings (titles count for nothing with these filters)"
    )
    lines.append(
        f"results: {listing}, {sort} first"
        if sort != "relevance"
        else f"results: {listing}, best first"
    )
    return "\n".join(lines)


def _typed(text: str) -> dict[str, str]:
    """Each stem of ``text`` and the word typed for it, to show words rather than stems."""
    return {stem(fold(word)): fold(word) for word in WORD.findall(text)}


def _describe(q: Any, words: dict[str, str], depth: int) -> list[str]:
    pad = "  " * depth
    parts = tree.parts(q)
    if not parts or any(role == tree.OWN for role, _ in parts):
        return [pad + _leaf(q, words)]
    kept = tree.children(q, tree.REQUIRED, tree.ALTERNATIVE)
    lines: list[str] = []
    if len(kept) == 1:
        lines = _describe(kept[0], words, depth)
    elif kept:
        alternatives = any(role == tree.ALTERNATIVE for role, _ in parts)
        lines = [pad + ("any of:" if alternatives else "all of:")]
        for child in kept:
            lines.extend(_describe(child, words, depth + 1))
    for role, child in parts:
        if role == tree.NEGATED:
            lines.append(pad + ("but not:" if kept else "not:"))
            lines.extend(_describe(child, words, depth + 1))
        elif role == tree.OPTIONAL:
            lines.append(pad + _ranking(child, words))
    return lines


def _leaf(q: Any, words: dict[str, str]) -> str:
    field = getattr(q, "fieldname", None)
    where = _WHERE.get(field or "", f"{field} ")
    if isinstance(q, wq.Every):
        return "every turn"
    if isinstance(q, wq.DateRange):
        return "dated " + _days(_day(q.startdate), _day(q.enddate))
    if isinstance(q, wq.Phrase):
        shown = " ".join(words.get(w, w) for w in q.words)
        kind = "the phrase" if q.slop <= 1 else "the words"
        near = f" within {q.slop} words of each other" if q.slop > 1 else ""
        return f'{where}{kind} "{shown}"{near}{_stems(field, q.words, words)}'
    if isinstance(q, wq.Prefix):
        return f'{where}any word starting with "{q.text}"'
    if isinstance(q, wq.Wildcard):
        return f'{where}any word like "{q.text}" (? is one letter, * any letters)'
    if isinstance(q, wq.Term):
        if field in ("speaker", "role", "category"):
            return f"{where}{q.text}"
        return f'{where}the word "{words.get(q.text, q.text)}"{_stems(field, [q.text], words)}'
    if q is wq.NullQuery:
        return "nothing"
    return str(q)


def _stems(field: str | None, stems: Sequence[str], words: dict[str, str]) -> str:
    """`` (any form: stem "x")`` for a stemmed field whose words differ from their stems."""
    if field not in ("text", "title") or all(words.get(s, s) == s for s in stems):
        return ""
    label = "stem" if len(stems) == 1 else "stems"
    return f' (any form: {label} "{" ".join(stems)}")'


def _ranking(q: Any, words: dict[str, str]) -> str:
    """Our rewrite of bare words: phrases that rank their matches (see query._rewrite)."""
    phrases = tree.children(q, tree.ALTERNATIVE) or [q]
    if all(isinstance(p, wq.Phrase) for p in phrases):
        slops = sorted({p.slop for p in phrases})
        shown = " ".join(words.get(w, w) for w in phrases[0].words)
        near = f", then within {slops[-1]} words of each other" if slops[-1] > 1 else ""
        return f'ranked first where "{shown}" stand together{near}'
    return "ranked higher when they also match: " + "; ".join(_describe(q, words, 0))


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else None


def _days(first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return f"from {first} to {last} (inclusive)"
    return f"from {first} on" if first else f"up to {last} (inclusive)"
