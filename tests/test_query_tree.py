"""The query-tree walker: each compound query's parts and their roles, and its positive leaves."""

from __future__ import annotations

from typing import Any

import pytest
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    ConstantScoreQuery,
    DisjunctionMax,
    Not,
    Or,
    Phrase,
    Require,
    Term,
)

from searchbrief.engine.schema import build_schema
from searchbrief.query import tree
from searchbrief.query.explain import explain

A, B, C = Term("text", "a"), Term("text", "b"), Phrase("text", ["c", "d"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (A, []),
        (C, []),
        (And([A, B]), [(tree.REQUIRED, A), (tree.REQUIRED, B)]),
        (Or([A, C]), [(tree.ALTERNATIVE, A), (tree.ALTERNATIVE, C)]),
        (DisjunctionMax([A, B]), [(tree.ALTERNATIVE, A), (tree.ALTERNATIVE, B)]),
        (Not(A), [(tree.NEGATED, A)]),
        (AndNot(A, B), [(tree.REQUIRED, A), (tree.NEGATED, B)]),
        (AndMaybe(A, C), [(tree.REQUIRED, A), (tree.OPTIONAL, C)]),
        (Require(A, B), [(tree.REQUIRED, A), (tree.REQUIRED, B)]),
        (ConstantScoreQuery(A), [(tree.OWN, A)]),
    ],
)
def test_parts_give_each_child_its_role(query: Any, expected: list[tuple[str, Any]]) -> None:
    assert tree.parts(query) == expected


def test_children_of_some_roles() -> None:
    query = AndMaybe(AndNot(A, B), C)
    assert tree.children(query) == [AndNot(A, B), C]
    assert tree.children(query, tree.OPTIONAL) == [C]
    assert tree.children(AndNot(A, B), tree.REQUIRED, tree.ALTERNATIVE) == [A]
    assert tree.negates(AndNot(A, B)) and tree.negates(Not(A))
    assert not tree.negates(query) and not tree.negates(A)


def test_positive_leaves_skip_what_must_not_match() -> None:
    query = AndMaybe(
        And([A, Not(B), Or([C, AndNot(Term("title", "x"), Term("title", "y"))])]),
        ConstantScoreQuery(Term("text", "z")),
    )
    assert list(tree.positive_leaves(query)) == [A, C, Term("title", "x"), Term("text", "z")]
    assert list(tree.positive_leaves(Not(A))) == []
    assert list(tree.positive_leaves(A)) == [A]


def test_explain_lists_both_sides_of_require_as_needed() -> None:
    text = explain("vaccines REQUIRE booster", build_schema())
    assert "\n".join(text.splitlines()[1:5]) == (
        "turns matching:\n"
        "  all of:\n"
        '    the word "vaccines" (any form: stem "vaccin")\n'
        '    the word "booster"'
    )
