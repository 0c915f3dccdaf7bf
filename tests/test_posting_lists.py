"""Postings read a block at a time equal Whoosh's matchers, deleted documents included."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.formats import Positions
from whoosh.reading import EmptyReader

from searchbrief import BriefingIndex
from searchbrief.engine.posting_blocks import positions_decoder, read_all, read_among, term_info
from searchbrief.engine.schema import INDEX_NAME
from tests.briefing_files import briefing, many

TERMS = [("text", "inflat"), ("text", "today"), ("text", "question"), ("kind", "briefing")]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An index of several segments, some with deleted documents, over many blocks."""
    root = tmp_path_factory.mktemp("postings")
    source = root / "src"
    paths = many(source, 400, "inflation")  # postings of several 128-posting blocks
    BriefingIndex.build(root / "ix", [source])
    for path in paths[::7]:
        path.unlink()  # their documents are deleted from the first segment
    briefing(source, "late.md", "Inflation again, today.", date="2021-07-01")
    BriefingIndex.build(root / "ix", [source])
    ix = whoosh_index.open_dir(str(root / "ix"), indexname=INDEX_NAME)
    with ix.reader() as opened:
        yield opened


def _segments(reader: Any) -> list[Any]:
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    assert len(leaves) >= 2 and any(leaf.has_deletions() for leaf in leaves)
    return leaves


def _whoosh(leaf: Any, fieldname: str, text: str) -> list[tuple[int, float, Any]]:
    matcher = leaf.postings(fieldname, text)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


@pytest.mark.parametrize(("fieldname", "text"), TERMS)
def test_reading_whole_lists_equals_whoosh(reader: Any, fieldname: str, text: str) -> None:
    for leaf in _segments(reader):
        expected = _whoosh(leaf, fieldname, text)
        got = read_all(leaf, fieldname, text)
        assert list(zip(got.ids, got.weights, got.values, strict=True)) == expected
    assert max(len(_whoosh(leaf, "text", "inflat")) for leaf in _segments(reader)) > 128


@pytest.mark.parametrize(("fieldname", "text"), TERMS)
def test_reading_some_documents_equals_whoosh(reader: Any, fieldname: str, text: str) -> None:
    chooser = random.Random(7)
    for leaf in _segments(reader):
        every = _whoosh(leaf, fieldname, text)
        for share in (0.0, 0.01, 0.2, 1.0):
            count = leaf.doc_count_all()
            wanted = sorted(chooser.sample(range(count + 5), int(share * count)))
            got = read_among(leaf, fieldname, text, wanted)
            expected = [posting for posting in every if posting[0] in set(wanted)]
            assert list(zip(got.ids, got.weights, got.values, strict=True)) == expected


@pytest.mark.parametrize(("fieldname", "text"), [*TERMS, ("text", "zzzunheardof")])
def test_term_info_tells_what_the_reader_does(reader: Any, fieldname: str, text: str) -> None:
    for leaf in [*_segments(reader), EmptyReader(reader.schema)]:
        info = term_info(leaf, fieldname, text)
        assert (info is not None) is ((fieldname, text) in leaf)
        if info is not None:
            assert info.doc_frequency() == leaf.doc_frequency(fieldname, text)
            got = read_among(leaf, fieldname, text, None, None, info)
            every = read_all(leaf, fieldname, text)
            assert (got.ids, got.weights, got.values) == (every.ids, every.weights, every.values)


def test_positions_decode_as_whoosh_does() -> None:
    fmt = Positions()
    decode = positions_decoder(fmt)
    for where in ([0], [3, 4, 90], list(range(0, 70000, 7))):
        assert decode(fmt.encode(where)) == fmt.decoder("positions")(fmt.encode(where)) == where


def test_absent_terms_and_empty_segments_have_no_postings(reader: Any) -> None:
    for leaf in _segments(reader):
        assert read_all(leaf, "text", "zzzunheardof").ids == []
        assert read_among(leaf, "text", "zzzunheardof", [0, 1]).ids == []
    assert read_all(EmptyReader(reader.schema), "text", "inflat").ids == []
