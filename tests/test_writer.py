"""The bulk writer and codec give what Whoosh's own writer gives, and stay readable."""

from __future__ import annotations

import datetime as dt
import gc
import zlib
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from searchbrief import BriefingIndex
from searchbrief.engine import stemming
from searchbrief.engine.codec import BriefingCodec, pack_stored, unpack_stored
from searchbrief.engine.directory import create_index, open_index
from searchbrief.engine.doc_values import BriefingDocuments, BriefingIds, Dates, StoredFields
from searchbrief.engine.postings import TermMemo, TermPool, positions, words
from searchbrief.engine.schema import INDEX_NAME, build_schema, pair_words, unpack_text
from searchbrief.engine.stemming import stem
from searchbrief.engine.whoosh_private import per_doc_reader
from searchbrief.engine.writer import PREPARED, BriefingWriter
from searchbrief.indexing.workers import write_shard
from tests.briefing_files import briefing, many

TEXTS = [
    "The President said: **Build Back Better** — now, and COVID-19 later.",
    "the the the President’s plan; the plan’s the President",
    "Vaccines vaccinated vaccinating VACCINE vaccine.",
    "",
    "one",
    "a b a b a b c " * 40,
]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
@settings(max_examples=150, deadline=None)
def test_positions_equal_what_whoosh_indexes(text: str) -> None:
    field = build_schema()["text"]
    items = list(field.index(text))
    length, postings = positions(text)
    assert length == sum(freq for _, freq, _, _ in items)
    assert sorted(postings) == sorted((t, w, v) for t, _, w, v in items)


def test_positions_of_sample_texts_decode_to_word_positions() -> None:
    fmt = build_schema()["text"].format
    for text in TEXTS:
        _, postings = positions(text)
        for _term, weight, value in postings:
            where = fmt.decode_positions(value)
            assert weight == len(where) == fmt.decode_frequency(value)
            assert where == sorted(where)


@given(st.lists(st.text(alphabet="ab c", max_size=60), max_size=5))
@settings(max_examples=100, deadline=None)
def test_pool_takes_words_as_their_postings(texts: list[str]) -> None:
    by_words, by_postings = TermPool(), TermPool()
    for docnum, text in enumerate(texts):
        by_words.add_words("text", docnum, words(text, TermMemo()))
        by_postings.add_postings("text", docnum, positions(text)[1])
    assert list(by_words.iter_postings()) == list(by_postings.iter_postings())


def test_pool_gives_each_terms_postings_in_document_order() -> None:
    pool = TermPool()
    pool.add_postings("kind", 0, [(b"turn", 1.0, b"")])
    pool.add_words("text", 0, words("vaccines and vaccines", TermMemo()))
    pool.add_postings("kind", 1, [(b"briefing", 1.0, b""), (b"turn", 2.0, b"")])
    pool.add_words("text", 2, words("and", TermMemo()))
    kinds = {btext: term for btext, term in pool.terms("kind")}
    assert list(kinds) == [b"briefing", b"turn"]
    assert list(kinds[b"turn"].docs) == [0, 1]
    assert list(kinds[b"turn"].weights) == [1.0, 2.0]
    assert kinds[b"turn"].values == []  # a format with no values stores none
    text = {btext: term for btext, term in pool.terms("text")}
    assert list(text[b"and"].docs) == [0, 2]
    assert list(text[b"vaccin"].weights) == [2.0]
    assert text[b"and"].values == [positions("x and")[1][1][2], positions("and")[1][0][2]]
    vaccin = dict((t, v) for t, _, v in positions("vaccines and vaccines")[1])[b"vaccin"]
    assert text[b"vaccin"].values == [vaccin]


def test_stemmer_prepared_before_forking_stems_alike() -> None:
    before = stem("vaccinating")
    stemming.prepare()
    assert stemming.stem("vaccinating") == before == "vaccin"


def test_words_group_positions_by_stemmed_term() -> None:
    found = words("Vaccines vaccinated the VACCINE, the end", TermMemo())
    assert found.count == 6
    assert found.where == {b"vaccin": [0, 1, 3], b"the": [2, 4], b"end": [5]}


def _docs(count: int) -> list[dict[str, Any]]:
    day = dt.datetime(2021, 6, 1)
    docs: list[dict[str, Any]] = [
        {"doc_id": "b:x", "kind": "briefing", "briefing_id": "x", "title": "A Title", "date": day}
    ]
    for number in range(1, count + 1):
        docs.append(
            {
                "doc_id": f"x/{number}",
                "kind": "turn",
                "briefing_id": "x",
                "number": number,
                "date": day + dt.timedelta(days=number % 3),
                "role": "podium" if number % 2 else "reporter",
                "speaker": "psaki|Jen Psaki|MS. PSAKI",
                "speaker_key": "psaki",
                "body": b"packed",
                "text": f"{TEXTS[number % len(TEXTS)]} number {number}",
            }
        )
    return docs


def _contents(directory: Path) -> tuple[dict[Any, Any], list[dict[str, Any]], list[int]]:
    """Every posting (with positions and term statistics), stored field and length."""
    ix = whoosh_index.open_dir(str(directory), indexname="t")
    postings: dict[Any, Any] = {}
    with ix.reader() as reader:
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            matcher = reader.postings(fieldname, btext)
            rows = []
            while matcher.is_active():
                where = matcher.value_as("positions") if matcher.supports("positions") else None
                rows.append((matcher.id(), matcher.weight(), where))
                matcher.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            postings[(fieldname, btext)] = (stats, info.max_weight(), rows)
        stored = list(reader.all_stored_fields())
        lengths = [reader.doc_field_length(d, "text") or 0 for d in range(reader.doc_count_all())]
    return postings, stored, lengths


def test_bulk_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    docs = _docs(300)  # common words span several 128-posting blocks
    (tmp_path / "plain").mkdir()
    (tmp_path / "bulk").mkdir()
    plain = whoosh_index.create_in(str(tmp_path / "plain"), build_schema(), indexname="t")
    with plain.writer() as writer:
        for doc in docs:  # Whoosh analyses the text for the common words' fields too
            common = {"pairs": doc["text"], "common": doc["text"]} if "text" in doc else {}
            writer.add_document(**doc, **common)
    bulk = whoosh_index.create_in(str(tmp_path / "bulk"), build_schema(), indexname="t")
    writer = BriefingWriter(bulk)
    for doc in docs:
        text = doc.pop("text", None)
        analysed = words(text, TermMemo(), writer.pair_words) if text is not None else None
        prepared = (
            {"text": analysed, "pairs": analysed.pairs, "common": analysed.common}
            if analysed
            else {}
        )
        writer.add_document(**doc, **{PREPARED: prepared})
    writer.commit()
    assert isinstance(bulk.latest_generation(), int)
    assert [
        type(s.codec())
        for s in whoosh_index.open_dir(str(tmp_path / "bulk"), indexname="t")._segments()
    ] == [BriefingCodec]
    written = _contents(tmp_path / "bulk")
    assert written == _contents(tmp_path / "plain")
    assert max(len(rows) for _, _, rows in written[0].values()) > 128
    pairs = {
        btext: rows
        for (fieldname, btext), (_, _, rows) in written[0].items()
        if fieldname == "pairs"
    }
    assert b"the presid" in pairs and b"presid said" in pairs and b"build back" not in pairs
    counts = {
        btext: rows
        for (fieldname, btext), (_, _, rows) in written[0].items()
        if fieldname == "common"
    }
    assert max(weight for _, weight, _ in counts[b"the"]) == 5.0  # TEXTS[1]: five "the"


@given(
    st.lists(st.sampled_from(["the ", "The ", "president", " of", "x ", "’s ", "-", "\n"])).map(
        "".join
    )
)
@settings(max_examples=100, deadline=None)
def test_pairs_and_counts_are_what_whoosh_makes_of_the_text(text: str) -> None:
    schema = build_schema()
    made = words(text, TermMemo(), pair_words(schema))
    field = schema["pairs"]
    pairs = {t: field.format.decode_positions(v) for t, _, _, v in field.index(text)}
    assert made.pairs is not None and made.pairs.where == pairs
    counts = {(t, w) for t, _, w, _ in schema["common"].index(text)}
    assert set(made.common.items()) == counts
    assert counts == {
        (t, float(len(at))) for t, at in made.where.items() if t in pair_words(schema)
    }


def test_stored_fields_pack_and_unpack() -> None:
    names = sorted(["body", "briefing_id", "doc_id", "kind", "number", "title"])
    briefing_doc = {"doc_id": "b:x", "kind": "briefing", "briefing_id": "x", "title": "T"}
    turn = {"kind": "turn", "briefing_id": "x", "number": 7, "body": b"\x00\xff"}
    assert unpack_stored(pack_stored(briefing_doc, names), names) == briefing_doc
    assert unpack_stored(pack_stored(turn, names), names) == {**turn, "doc_id": "x/7"}
    assert pack_stored({}, names) == ()


def test_turn_text_is_stored_as_written_and_older_compressed_text_reads(tmp_path: Path) -> None:
    said = "Tariffs — and “trade”, said as it was."
    briefing(tmp_path / "src", "a.md", said)
    BriefingIndex.build(tmp_path / "ix", [tmp_path / "src"])
    ix = whoosh_index.open_dir(str(tmp_path / "ix"), indexname=INDEX_NAME)
    with ix.reader() as reader:
        bodies = [f["body"] for f in reader.all_stored_fields() if f["kind"] == "turn"]
    assert said in bodies
    assert all(isinstance(body, str) for body in bodies)
    # Indexes written before kept the text zlib-compressed.
    assert unpack_text(zlib.compress(said.encode("utf-8"), 6)) == unpack_text(said) == said
    assert unpack_text(None) == ""


def test_term_pool_gives_postings_in_whoosh_order() -> None:
    pool = TermPool()
    pool.add_postings("text", 0, [(b"b", 1.0, b"v1"), (b"a", 2.0, b"v2")])
    pool.add(("kind", b"turn", 0, 1.0, b""))
    pool.add_postings("text", 1, [(b"a", 1.0, b"v3")])
    pool.add(("kind", b"turn", 1, 1.0, None))
    assert list(pool.iter_postings()) == [
        ("kind", b"turn", 0, 1.0, b""),
        ("kind", b"turn", 1, 1.0, b""),
        ("text", b"a", 0, 2.0, b"v2"),
        ("text", b"a", 1, 1.0, b"v3"),
        ("text", b"b", 0, 1.0, b"v1"),
    ]


def _turns(directory: Path, query: str) -> list[tuple[str, str]]:
    with BriefingIndex.open(directory) as ix:
        hits = ix.search(query, by="turn", limit=None).hits
    return sorted((hit.briefing_id, turn.turn_id) for hit in hits for turn in hit.turns)


def test_parallel_build_equals_in_process_build(tmp_path: Path, monkeypatch: Any) -> None:
    import searchbrief.indexing.update as indexer

    source = tmp_path / "src"
    many(source, 70, "inflation")
    briefing(source, "dup/b0003.md", "A copy under another path.", slug="b0003")
    _, parallel = BriefingIndex.build(tmp_path / "parallel", [source])
    monkeypatch.setattr(indexer, "_PARALLEL_FROM", 10**6)
    _, serial = BriefingIndex.build(tmp_path / "serial", [source])
    assert parallel.added == serial.added == 70
    assert len(parallel.duplicates) == len(serial.duplicates) == 1
    assert parallel.turns == serial.turns
    for query in ("inflation", '"number 42"', "question", "copy"):
        assert _turns(tmp_path / "parallel", query) == _turns(tmp_path / "serial", query)
    assert _turns(tmp_path / "parallel", "copy") == []  # the duplicate left out
    assert len(_turns(tmp_path / "parallel", "inflation")) == 70


def test_merging_small_segments_keeps_every_turn(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for round_number in range(6):  # each run commits a small segment; Whoosh merges them
        briefing(source, f"r{round_number}.md", f"Round {round_number} on tariffs and trade.")
        BriefingIndex.build(tmp_path / "ix", [source])
    assert len(_turns(tmp_path / "ix", "tariffs")) == 6
    assert len(_turns(tmp_path / "ix", '"on tariffs and trade"')) == 6
    assert len(_turns(tmp_path / "ix", "question")) == 6


def test_document_columns_equal_whoosh(tmp_path: Path) -> None:
    source = tmp_path / "src"
    many(source, 12, "tariffs")
    BriefingIndex.build(tmp_path / "ix", [source])
    briefing(source, "late.md", "A later one.", date="2021-07-01")
    BriefingIndex.build(tmp_path / "ix", [source])  # a second segment
    ix = whoosh_index.open_dir(str(tmp_path / "ix"), indexname=INDEX_NAME)
    with ix.reader() as reader:
        column = reader.column_reader("briefing_id")
        ids = BriefingIds(reader)
        every = range(reader.doc_count_all())
        assert [ids[d] for d in every] == [column[d] for d in every]
        assert "2021-07-01-late" in {ids[d] for d in every}
        assert len(reader.leaf_readers()) == 2
        dates, date_column = Dates(reader), reader.column_reader("date")
        assert [dates[d] for d in every] == [date_column[d] for d in every]
        assert dt.datetime(2021, 7, 1) in {dates[d] for d in every}
        documents = BriefingDocuments(reader, ids)
        for d in every:
            if reader.stored_fields(d)["kind"] == "briefing":
                assert documents.get(ids[d]) == d
        assert documents.get("no-such-briefing") is None
        stored = StoredFields(reader)
        assert [stored(d) for d in every] == [reader.stored_fields(d) for d in every]
        # ... read from the mapped segments' memory, not through Whoosh's column readers
        assert all(per_doc_reader(leaf).reads_stored_in_place for leaf, _ in reader.leaf_readers())


def test_write_shard_in_the_host_process_leaves_the_collector_alone(tmp_path: Path) -> None:
    paths = many(tmp_path / "src", 2, "tariffs")
    create_index(tmp_path / "ix")
    ix = open_index(tmp_path / "ix", for_writing=True)
    jobs = [(path, f"{path.stat().st_size}:0") for path in paths]
    seen: list[bool] = []
    was = gc.isenabled()
    try:
        for enabled_before in (True, False):
            (gc.enable if enabled_before else gc.disable)()
            shard = write_shard(ix, jobs, 1, lambda: seen.append(gc.isenabled()))
            assert gc.isenabled() is enabled_before
            assert [r.briefing_id for r in shard.records] == [
                "2021-06-01-b0000",
                "2021-06-01-b0001",
            ]
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [True, True, False, False]
