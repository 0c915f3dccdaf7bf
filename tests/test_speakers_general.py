"""The reader on formats of newer briefings: one hand-written fixture per pattern (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from searchbrief import Briefing, read_briefing
from searchbrief.documents import people
from searchbrief.documents.turns import split_turns

SPEAKERS = Path(__file__).parent / "data" / "speakers"
DAY = dt.date(2021, 5, 1)


@pytest.fixture
def briefings_dir() -> Path:
    """This module's fixtures: their own folder, so the search tests' corpus stays put."""
    return SPEAKERS


def read(briefings_dir: Path, name: str) -> Briefing:
    return read_briefing(briefings_dir / name)


def test_every_turn_is_its_span_of_the_text() -> None:
    for path in sorted(SPEAKERS.glob("*.md")):
        b = read_briefing(path)
        assert all(b.text[t.start : t.end] == t.text for t in b.turns), path.name


def cast(b: Briefing) -> list[tuple[str, str, int]]:
    return [(t.speaker, t.role, t.exchange) for t in b.turns]


def test_a_greeting_opens_no_exchange(briefings_dir: Path) -> None:
    b = read(briefings_dir, "greeting_before_opening_statement.md")
    # The time line, "Good afternoon.", "Q Happy Friday.", then the opening statement.
    assert [t.exchange for t in b.turns] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert b.turns[3].text.startswith("Happy Friday. I have a couple")


def test_a_host_who_asks_and_is_answered_is_a_moderator(briefings_dir: Path) -> None:
    b = read(briefings_dir, "host_and_coordinator.md")
    assert cast(b) == [
        ("estefan", "moderator", 1),
        ("harris", "vice-president", 1),
        ("estefan", "moderator", 2),
        ("harris", "vice-president", 2),
        ("estefan", "moderator", 3),
        ("harris", "vice-president", 3),
    ]


def test_a_coordinator_who_hands_over_stays_an_official(briefings_dir: Path) -> None:
    b = read(briefings_dir, "coordinator_hands_over.md")
    assert {t.role for t in b.turns if t.speaker == "jha"} == {"official"}
    assert b.turns[0].exchange == 0
    assert [t.exchange for t in b.turns[1:4]] == [1, 1, 1]


def test_labels_in_any_script_and_mixed_case_honorifics(briefings_dir: Path) -> None:
    b = read(briefings_dir, "labels_in_many_scripts.md")
    assert cast(b) == [
        ("biden", "president", 0),
        ("erdogan", "foreign-leader", 0),
        ("vo-van-thuong", "foreign-leader", 0),
        ("interpreter", "interpreter", 0),
        ("kirby", "official", 0),
    ]
    assert b.turns[1].interpreted and b.turns[1].speaker_name == "President Erdoğan"


def test_a_bare_press_secretary_label_is_the_podium(briefings_dir: Path) -> None:
    b = read(briefings_dir, "bare_podium_label.md")
    assert cast(b) == [
        ("leavitt", "podium", 0),
        ("reporter", "reporter", 1),
        ("leavitt", "podium", 1),
    ]


def test_the_title_names_the_podium(briefings_dir: Path) -> None:
    # A deputy no table lists, years after any table's dates: the title says who briefs.
    b = read(briefings_dir, "deputy_gaggle_by_title.md")
    assert [(t.speaker, t.role) for t in b.turns if t.speaker == "hale"] == [("hale", "podium")] * 2
    assert b.turns[0].speaker_name == "Morgan Hale"


def test_one_person_one_key(briefings_dir: Path) -> None:
    b = read(briefings_dir, "one_key_per_person.md")
    assert [t.speaker for t in b.turns] == [
        "jill-biden",
        "biden",
        "flanagan",
        "elton-john",
        "varadkar",
        "mr-wright",
        "ms-wright",
        "mr-wright",
        "ms-wright",
        "emhoff",
        "emhoff",
        "senior-administration-official",
        "senior-administration-official",
    ]
    roles = {t.speaker: t.role for t in b.turns}
    assert roles["biden"] == "president" and roles["jill-biden"] == "official"
    assert roles["elton-john"] == "guest" and roles["varadkar"] == "foreign-leader"


def test_fact_sheet_headings_are_not_speakers(briefings_dir: Path) -> None:
    b = read(briefings_dir, "fact_sheet_headings.md")
    assert {t.role for t in b.turns} == {"narration"}
    assert len(b.turns) == 1


def test_an_faq_is_written_not_a_press_exchange(briefings_dir: Path) -> None:
    b = read(briefings_dir, "written_faq.md")
    assert {(t.role, t.exchange) for t in b.turns} == {("narration", 0)}


def test_the_end_time_stamp_is_not_in_the_last_turn(briefings_dir: Path) -> None:
    b = read(briefings_dir, "end_time_in_last_turn.md")
    last = b.turns[-1]
    assert last.speaker == "jean-pierre" and last.text == "At noon. Thanks, everybody."
    assert b.text[last.start : last.end] == last.text


def test_a_written_statement_is_attributed_to_its_author(briefings_dir: Path) -> None:
    b = read(briefings_dir, "written_statement.md")
    assert {(t.speaker, t.role, t.written) for t in b.turns} == {("biden", "president", True)}
    assert b.time == dt.time(9, 15)


def test_spoken_turns_are_not_written(briefings_dir: Path) -> None:
    b = read(briefings_dir, "end_time_in_last_turn.md")
    assert not any(t.written for t in b.turns)


def test_the_time_line_gives_the_time_of_day(briefings_dir: Path) -> None:
    b = read(briefings_dir, "time_line.md")
    assert b.time == dt.time(12, 1)


def test_a_misspelt_office_holder_is_the_registry_key() -> None:
    text, turns = split_turns(["MS. PSAKKI: Hello.", "Q Why?", "MR. KELLEY: Because."], "x", DAY)
    assert [(t.speaker, t.role) for t in turns] == [
        ("psaki", "podium"),
        ("reporter", "reporter"),
        ("kelley", "official"),  # nobody in office: a name of its own
    ]


def test_a_surname_spelt_once_takes_the_spelling_used_more() -> None:
    paragraphs = [
        "MR. REAGAN: One.",
        "Q Two?",
        "MR. REAGAN: Three.",
        "MR. REAGAN: Four.",
        "MR. REAGN: Five.",
    ]
    _, turns = split_turns(paragraphs, "x", DAY)
    assert {t.speaker for t in turns if t.role == "official"} == {"reagan"}


def test_a_heading_that_starts_with_the_presidents_name_is_not_a_speaker() -> None:
    paragraphs = ["PRESIDENT TRUMP DELIVERS RELIEF: Families save.", "Q Is it paid for?"]
    _, turns = split_turns(paragraphs, "x", dt.date(2025, 6, 1))
    assert turns[0].role == "narration"


def test_a_host_with_two_answered_questions_is_a_moderator() -> None:
    paragraphs = [
        "MS. RIVERA: Welcome. What brought you to this town today, Madam Vice President?",
        "THE VICE PRESIDENT: The people here.",
        "MS. RIVERA: And what do you want them to hear from you tonight?",
        "THE VICE PRESIDENT: That we are with them.",
    ]
    _, turns = split_turns(paragraphs, "x", dt.date(2023, 9, 1))
    assert [(t.role, t.exchange) for t in turns] == [
        ("moderator", 1),
        ("vice-president", 1),
        ("moderator", 2),
        ("vice-president", 2),
    ]


def test_the_registry_is_consistent() -> None:
    keys = [p.key for p in people.PEOPLE]
    assert len(keys) == len(set(keys))
    every = people.PRESIDENTS + people.VICE_PRESIDENTS + people.PODIUM + people.OFFICIALS
    assert all(t.end is None or t.start < t.end for t in every)
    assert people.canonical("Karoline Leavitt") == "leavitt"


def test_an_interrupted_greeting_that_goes_on_opens_no_exchange() -> None:
    paragraphs = [
        "MS. HALE: A couple of things at the top.",
        "Q Congratulations —",
        "MS. HALE: Thanks.",
        "Q — on the new job.",
        "MS. HALE: Thank you.",
        "Q Will the President sign the bill?",
    ]
    _, turns = split_turns(paragraphs, "x", DAY)
    assert [t.exchange for t in turns] == [0, 0, 0, 0, 0, 1]
