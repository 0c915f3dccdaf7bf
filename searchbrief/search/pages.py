"""A page of results as :class:`Hit` objects: stored fields, snippets and highlights.

Only the turns a page shows are read from the store; where a turn's word
positions are already known (:class:`searchbrief.search.ranking.Matched`), highlighting
uses them instead of reading the postings again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from searchbrief.engine.doc_values import DocumentColumns
from searchbrief.engine.schema import unpack_text
from searchbrief.query.exact import exact_leaves, exact_spans
from searchbrief.search import context as conversation
from searchbrief.search.highlight import TEXT_FIELDS, Known, matchable, word_spans
from searchbrief.search.ranking import Group
from searchbrief.search.results import Hit, TurnHit
from searchbrief.search.snippets import char_spans, make_snippet

#: A briefing shows up to this many turns, each scoring at least this share of its best.
SHOWN_TURNS = 3
SHOWN_SHARE = 0.4

Decorate = Callable[[dict[str, Any]], dict[str, Any]]


def decorator(
    searcher: Any,
    *,
    exchange: bool,
    context: int,
    reply_to: str | None,
    full_text: bool = False,
) -> Decorate:
    """What a shown turn carries besides its snippet: context, exchange, question, its text."""

    def decorate(fields: dict[str, Any]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if full_text:
            extra["text"] = unpack_text(fields.get("body"))
        if exchange:
            extra["context"] = conversation.exchange(searcher, fields)
        elif context:
            extra["context"] = conversation.around(searcher, fields, context, context)
        if reply_to:
            extra["question"] = conversation.question_of(searcher, fields)
        return extra

    return decorate


def briefing_page(
    searcher: Any,
    query: Any,
    title_query: Any,
    groups: Sequence[Group],
    decorate: Decorate,
    columns: DocumentColumns,
    known: Known | None = None,
) -> list[Hit]:
    """One :class:`Hit` per group, with its best turns' snippets."""
    reader = searcher.reader()

    shown: dict[str, list[tuple[float, int]]] = {}
    for group in groups:
        best = group.turns[0][0] if group.turns else 0.0
        shown[group.briefing_id] = [
            t for t in group.turns[:SHOWN_TURNS] if t[0] >= SHOWN_SHARE * best
        ]
    docnums = [d for turns in shown.values() for _, d in turns]
    exact = exact_leaves(query)
    spans = word_spans(reader, matchable(query, reader, TEXT_FIELDS), docnums, known)
    title_docs = [g.title_docnum for g in groups if g.title_docnum is not None]
    title_spans: dict[int, list[tuple[int, int]]] = {}
    if title_query is not None and title_docs:
        title_spans = word_spans(reader, matchable(title_query, reader, ["title"]), title_docs)
    hits = []
    for group in groups:
        docnum, fields = _briefing_fields(columns, group.briefing_id)
        turns = [
            _turn_hit(columns.stored(d), s, spans.get(d, []), exact, decorate)
            for s, d in shown[group.briefing_id]
        ]
        marks = char_spans(fields.get("title", ""), title_spans.get(docnum or -1, []))
        hits.append(_hit(fields, group.score, turns, marks))
    return hits


def turn_page(
    searcher: Any,
    query: Any,
    page: Sequence[tuple[float, int]],
    decorate: Decorate,
    columns: DocumentColumns,
    known: Known | None = None,
) -> list[Hit]:
    """One :class:`Hit` per turn of ``page``, each holding that turn alone."""
    reader = searcher.reader()
    docnums = [d for _, d in page]
    spans = word_spans(reader, matchable(query, reader, TEXT_FIELDS), docnums, known)
    exact = exact_leaves(query)
    cache: dict[str, dict[str, Any]] = {}
    hits = []
    for score, docnum in page:
        bid = columns.briefing_of[docnum]
        if bid not in cache:
            cache[bid] = _briefing_fields(columns, bid)[1]
        fields = columns.stored(docnum)
        turn = _turn_hit(fields, score, spans.get(docnum, []), exact, decorate)
        hits.append(_hit(cache[bid], score, [turn], ()))
    return hits


def _briefing_fields(
    columns: DocumentColumns, briefing_id: str
) -> tuple[int | None, dict[str, Any]]:
    """The number and stored fields of the briefing's own document (None, {}: none)."""
    docnum = columns.briefing_docs.get(briefing_id)
    return docnum, (columns.stored(docnum) if docnum is not None else {})


def _turn_hit(
    fields: dict[str, Any],
    score: float,
    spans: list[tuple[int, int]],
    exact: list[Any],
    decorate: Decorate,
) -> TurnHit:
    text = unpack_text(fields.get("body"))
    if exact:
        spans = sorted(set(spans) | set(exact_spans(exact, text)))
    snippet = make_snippet(text, spans)
    return TurnHit(
        **conversation.identity(fields),
        score=score,
        snippet=snippet.text,
        highlights=snippet.spans,
        **decorate(fields),
        written=fields.get("written") == "yes",
    )


def _hit(fields: dict[str, Any], score: float, turns: list[TurnHit], title_spans: Any) -> Hit:
    date = fields.get("date")
    return Hit(
        briefing_id=fields.get("briefing_id", ""),
        path=fields.get("path", ""),
        title=fields.get("title", ""),
        title_highlights=tuple(title_spans),
        date=date.date() if isinstance(date, dt.datetime) else dt.date.min,
        category=fields.get("category", ""),
        permalink=fields.get("permalink", ""),
        score=score,
        turns=tuple(turns),
        time=fields.get("time") or "",
    )
