"""Field lengths decoded a column at a time equal Whoosh's, code by code."""

from __future__ import annotations

import pytest

from searchbrief.engine.lengths import DECODED, decode


@pytest.mark.parametrize("padding", [0, 1, 5])
def test_decode_gives_each_codes_length_then_zeros(padding: int) -> None:
    codes = bytes(range(256)) + bytes(reversed(range(256)))
    lengths = decode(codes, len(codes) + padding)
    assert list(lengths) == [DECODED[code] for code in codes] + [0] * padding


def test_decode_of_no_codes() -> None:
    assert list(decode(b"", 3)) == [0, 0, 0]
    assert list(decode(b"", 0)) == []
