"""Walking a parsed Whoosh query: the one module that knows how its compound queries combine.

A compound query is read as its parts, each a child with its role in the
match (:func:`parts`): ``And`` requires every child; ``Or`` and
``DisjunctionMax`` one of them; ``Not`` negates its child; ``AndNot`` requires
its first and negates its second; ``AndMaybe`` requires its first, and its
second only adds to the score; ``Require`` requires both (its second only
filters).  Any other compound's children play a role of their own
(:data:`OWN`): walks go into them, and an evaluator leaves such a node to
Whoosh.

:func:`positive_leaves` walks the tree (Whoosh's own ``leaves()`` gives every
leaf, negated or not).  A module that needs another traversal (rendering every
node, deciding a match per document) reads :func:`parts` rather than testing
Whoosh's compound classes itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, Not, Or, Require

#: Each must match.
REQUIRED: Final = "required"
#: At least one of them must match.
ALTERNATIVE: Final = "alternative"
#: Must not match.
NEGATED: Final = "negated"
#: Need not match; adds to the score where it does.
OPTIONAL: Final = "optional"
#: A part of a compound that combines its parts its own way.
OWN: Final = "own"

Part = tuple[str, Any]


def parts(query: Any) -> list[Part]:
    """``query``'s children, each as ``(role, child)`` in order; none for a leaf."""
    if query.is_leaf():
        return []
    if isinstance(query, Not):
        return [(NEGATED, query.query)]
    if isinstance(query, AndNot):
        return [(REQUIRED, query.a), (NEGATED, query.b)]
    if isinstance(query, AndMaybe):
        return [(REQUIRED, query.a), (OPTIONAL, query.b)]
    if isinstance(query, And | Require):
        role = REQUIRED
    elif isinstance(query, Or | DisjunctionMax):
        role = ALTERNATIVE
    else:
        role = OWN
    return [(role, child) for child in query.children()]


def children(query: Any, *roles: str) -> list[Any]:
    """``query``'s children that play one of ``roles`` (every child when none is named)."""
    return [child for role, child in parts(query) if not roles or role in roles]


def negates(query: Any) -> bool:
    """Whether some child of ``query`` must not match (``Not``, ``AndNot``)."""
    return any(role == NEGATED for role, _ in parts(query))


def positive_leaves(query: Any) -> Iterator[Any]:
    """The leaves a matching document can hold: every leaf not under a negation."""
    if query.is_leaf():
        yield query
        return
    for role, child in parts(query):
        if role != NEGATED:
            yield from positive_leaves(child)


def required_parts(query: Any) -> tuple[list[Any], list[Any]]:
    """The parts every match needs, and those it must not hold, at the top of ``query``.

    ``a b -c`` gives ``([a, b], [c])``; a part that is itself an alternative
    (``a OR b``) or a phrase stays whole; optional parts (the bonuses of
    words side by side) are left out.
    """
    needed: list[Any] = []
    refused: list[Any] = []
    found = parts(query)
    if not found or any(role in (ALTERNATIVE, OWN) for role, _ in found):
        return [query], []
    for role, child in found:
        if role == REQUIRED:
            more, less = required_parts(child)
            needed += more
            refused += less
        elif role == NEGATED:
            refused.append(child)
    return needed, refused
