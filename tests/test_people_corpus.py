"""People by name on the real shared corpus (skipped without SEARCHBRIEF_CORPUS)."""

from __future__ import annotations

import pytest

from searchbrief import BriefingIndex
from tests.conftest import CorpusIndex


def turn_ids(index: BriefingIndex, word: str, speaker: str) -> list[str]:
    result = index.search(word, speaker=speaker, by="turn", limit=None)
    return sorted(turn.turn_id for hit in result.hits for turn in hit.turns)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Joe Biden", "biden"),
        ("President Biden", "biden"),
        ("Jake Sullivan", "sullivan"),
        ("Anthony Fauci", "fauci"),
        ("Dr. Fauci", "fauci"),
        ("Kamala Harris", "harris"),
    ],
)
def test_a_name_finds_what_its_key_finds(corpus_index: CorpusIndex, name: str, key: str) -> None:
    found = turn_ids(corpus_index.index, "people", key)
    assert found and turn_ids(corpus_index.index, "people", name) == found


def test_every_turn_a_person_said_is_under_one_key(corpus_index: CorpusIndex) -> None:
    keys = {turn.speaker for b in corpus_index.briefings for turn in b.turns}
    assert "biden" in keys and "jill-biden" in keys
    assert not {"joe-biden", "president-biden", "douglas-emhoff", "lopez-obrador-mexico"} & keys
