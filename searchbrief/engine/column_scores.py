"""Scores of the documents a plan matches, a column (one word, every document) at a time.

BM25 is computed with the same operations, in the same order, as
``whoosh.scoring.bm25`` (with what its scorer takes from the whole index),
and words' scores are added in the order of Whoosh's binary matcher trees,
so that every score equals Whoosh's to the last bit.  Other weightings are
asked of Whoosh's matchers.
"""

from __future__ import annotations

from itertools import repeat
from operator import add, mul
from typing import Any

from whoosh.scoring import BM25F

from searchbrief.engine import whoosh_private
from searchbrief.engine.lengths import field_lengths
from searchbrief.engine.posting_blocks import PostingList


def score_rows(
    sub: Any, fieldname: str, terms: list[bytes], weighting: Any, lists: list[PostingList]
) -> list[list[float]]:
    """Each word's score in each document of the (aligned) lists: a column per word."""
    if type(weighting) is not BM25F or not sub.schema[fieldname].scorable:
        scorers = [weighting.scorer(sub, fieldname, t) for t in terms]
        return _matcher_scores(sub.reader(), fieldname, terms, scorers, lists[0].ids)
    known = field_lengths(sub.reader(), fieldname)
    docnums = lists[0].ids
    if known is None:
        lengths = [sub.doc_field_length(d, fieldname, 1) for d in docnums]
    else:
        lengths = [known[d] or 1 for d in docnums]
    # What BM25FScorer takes from the whole index (Whoosh builds one per segment and term).
    top = sub.get_parent()
    b = whoosh_private.bm25f_field_b(weighting).get(fieldname, weighting.B)
    avgfl = top.avg_field_length(fieldname) or 1
    k1 = weighting.K1
    one_b = 1 - b
    # The part of BM25 that depends on the document's length alone: the same for every term.
    norms = [k1 * (one_b + b * fl / avgfl) for fl in lengths]
    return [
        _bm25(top.idf(fieldname, term), k1, pl.weights, norms)
        for term, pl in zip(terms, lists, strict=True)
    ]


def _bm25(idf: float, k1: float, weights: list[float], norms: list[float]) -> list[float]:
    """``whoosh.scoring.bm25`` for each document, the same operations in the same order.

    ``norms`` holds each document's ``K1 * ((1 - B) + B * fl / avgfl)``.
    """
    k1_1 = k1 + 1
    return [idf * ((tf * k1_1) / (tf + norm)) for tf, norm in zip(weights, norms, strict=True)]


def _matcher_scores(
    reader: Any, fieldname: str, terms: list[bytes], scorers: list[Any], docnums: list[int]
) -> list[list[float]]:
    """Scores from Whoosh's matchers, for weightings other than BM25F: a column per term."""
    matchers = [
        reader.postings(fieldname, t, scorer=s) for t, s in zip(terms, scorers, strict=True)
    ]
    columns: list[list[float]] = [[] for _ in matchers]
    for docnum in docnums:
        for matcher, column in zip(matchers, columns, strict=True):
            matcher.skip_to(docnum)
            column.append(matcher.score())
    return columns


def parts_sum(parts: list[tuple[float, list[int]]], columns: list[list[float]]) -> list[float]:
    """For each row: each part's boost times its words' sum, summed.

    ``parts`` are ``(boost, indexes of its words' columns)``.  A column at a
    time, with the additions in the order :func:`tree_sum` would make them.
    """
    return columns_sum(
        [_boosted(boost, columns_sum([columns[i] for i in idx])) for boost, idx in parts]
    )


def columns_sum(columns: list[list[float]]) -> list[float]:
    """The columns added up row by row, as halves, recursively (as :func:`tree_sum`)."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    return list(map(add, columns_sum(columns[:half]), columns_sum(columns[half:])))


def _boosted(boost: float, column: list[float]) -> list[float]:
    return column if boost == 1.0 else list(map(mul, repeat(boost), column))


def tree_sum(values: list[float]) -> float:
    """A sum in the order of Whoosh's binary matcher trees (halves, recursively)."""
    if len(values) < 3:  # the halves of one or two values, without recursing
        return values[0] if len(values) == 1 else values[0] + values[1]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])
