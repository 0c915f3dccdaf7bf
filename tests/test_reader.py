from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from searchbrief import Briefing, BriefingReadError, read_briefing


def read(briefings_dir: Path, name: str) -> Briefing:
    return read_briefing(briefings_dir / name)


def speakers(briefing: Briefing) -> list[tuple[str, str]]:
    return [(t.speaker, t.role) for t in briefing.turns]


def test_turn_text_is_its_span_of_the_cleaned_text(briefings_dir: Path) -> None:
    for path in sorted(briefings_dir.glob("*.md")):
        briefing = read_briefing(path)
        for turn in briefing.turns:
            assert briefing.text[turn.start : turn.end] == turn.text, path.name
        assert [t.number for t in briefing.turns] == list(range(1, len(briefing.turns) + 1))


def test_q_with_nbsp_and_colon_open_exchanges(briefings_dir: Path) -> None:
    b = read(briefings_dir, "q_with_nbsp_and_colon.md")
    assert [(t.role, t.exchange) for t in b.turns] == [
        ("podium", 0),
        ("reporter", 1),
        ("podium", 1),
        ("reporter", 2),
        ("podium", 2),
    ]
    assert b.turns[1].text == "Jen, on the bridge deal, is it done?"
    assert b.turns[1].turn_id == f"{b.briefing_id}/2"


def test_honorific_labels(briefings_dir: Path) -> None:
    b = read(briefings_dir, "honorific_labels.md")
    assert speakers(b) == [
        ("psaki", "podium"),
        ("sullivan", "official"),
        ("fauci", "official"),
        ("jean-pierre", "podium"),
    ]
    assert [t.speaker_label for t in b.turns][:2] == ["MS. PSAKI", "MR. SULLIVAN"]
    assert b.turns[1].speaker_name == "Mr. Sullivan"


def test_title_and_name_labels(briefings_dir: Path) -> None:
    b = read(briefings_dir, "title_and_name_labels.md")
    assert [t.speaker for t in b.turns] == ["mayorkas", "slavitt", "murthy", "johnson"]
    assert [t.role for t in b.turns] == ["official"] * 3 + ["foreign-leader"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "office_labels_2021.md",
            [
                ("biden", "president"),
                ("harris", "vice-president"),
                ("jill-biden", "official"),
                ("biden", "president"),
                ("harris", "vice-president"),
            ],
        ),
        ("office_labels_2020.md", [("trump", "president"), ("pence", "vice-president")]),
        ("office_labels_2025.md", [("trump", "president"), ("vance", "vice-president")]),
        ("bold_label.md", [("harris", "vice-president"), ("biden", "president")]),
    ],
)
def test_office_labels_resolve_to_the_office_holder(
    briefings_dir: Path, name: str, expected: list[tuple[str, str]]
) -> None:
    assert speakers(read(briefings_dir, name)) == expected


def test_role_only_labels(briefings_dir: Path) -> None:
    b = read(briefings_dir, "role_only_labels.md")
    assert [t.role for t in b.turns] == [
        "moderator",
        "moderator",
        "anonymous-official",
        "anonymous-official",
        "audience",
        "audience",
    ]


def test_labels_after_non_breaking_spaces(briefings_dir: Path) -> None:
    b = read(briefings_dir, "nbsp_before_label.md")
    assert speakers(b) == [("", "narration"), ("biden", "president"), ("reporter", "reporter")]
    assert b.turns[1].text == "Good afternoon, folks."


def test_label_typos(briefings_dir: Path) -> None:
    b = read(briefings_dir, "label_typos.md")
    assert [t.speaker for t in b.turns] == [
        "psaki",
        "reporter",
        "psaki",
        "sullivan",
        "biden",
        "moderator",
        "mayorkas",
        "mayorkas",
        "mayorkas",
    ]
    assert b.turns[3].text == "Thanks. I'll be brief."


def test_interpreted_label(briefings_dir: Path) -> None:
    b = read(briefings_dir, "interpreted_label.md")
    assert [t.interpreted for t in b.turns] == [True, False]
    assert b.turns[0].text == "Thank you, Mr. President."
    assert b.turns[0].speaker == "zelenskyy"


@pytest.mark.parametrize(
    "name", ["headings_are_not_speakers.md", "unseen_headings_in_fact_sheet.md"]
)
def test_headings_are_narration(briefings_dir: Path, name: str) -> None:
    b = read(briefings_dir, name)
    assert speakers(b) == [("", "narration")]
    assert b.turns[0].text == b.text


def test_trailing_time_stamp_is_narration(briefings_dir: Path) -> None:
    b = read(briefings_dir, "trailing_time_stamp.md")
    assert speakers(b) == [
        ("", "narration"),
        ("moderator", "moderator"),
        ("senior-administration-official", "anonymous-official"),
        ("", "narration"),
    ]
    assert b.turns[-1].text == "END 1:01 P.M. EST"
    assert b.turns[-2].text == "Thanks, everyone."


def test_label_without_blank_line_starts_a_turn(briefings_dir: Path) -> None:
    b = read(briefings_dir, "label_without_blank_line.md")
    assert [t.role for t in b.turns] == ["podium", "reporter", "podium"]
    assert b.turns[0].text == "Go ahead."


def test_metadata(briefings_dir: Path) -> None:
    b = read(briefings_dir, "q_with_nbsp_and_colon.md")
    assert b.title == "Press Gaggle by a Podium Spokesperson"
    assert b.date == dt.date(2021, 6, 2)
    assert b.category == "press-briefings"
    assert b.permalink.endswith("/press-gaggle-fixture/")
    assert b.briefing_id == "2021-06-02-press-gaggle-fixture"
    assert b.path == (briefings_dir / "q_with_nbsp_and_colon.md").resolve()
    assert b.warnings == ()


def test_metadata_from_tags_and_source_url(briefings_dir: Path) -> None:
    b = read(briefings_dir, "metadata_tags_and_source_url.md")
    assert b.category == "statements-and-releases"
    assert b.permalink.endswith("/statement-fixture/")
    assert b.briefing_id == "2021-07-04-statement-fixture"
    assert b.date == dt.date(2021, 7, 4)
    assert b.extra == {"author": "The White House"}


def test_date_from_published_time(briefings_dir: Path) -> None:
    b = read(briefings_dir, "metadata_date_from_published_time.md")
    assert b.date == dt.date(2021, 2, 3)
    assert b.published is not None and b.published.utcoffset() == dt.timedelta(hours=-5)
    assert b.modified is None


def test_date_from_file_name(briefings_dir: Path) -> None:
    b = read(briefings_dir, "2021-09-09-metadata-date-from-file-name.md")
    assert b.date == dt.date(2021, 9, 9)
    assert b.briefing_id == "2021-09-09-metadata-date-from-file-name"


def test_no_front_matter_is_read_with_a_warning(briefings_dir: Path) -> None:
    b = read(briefings_dir, "no_front_matter.md")
    assert b.title == "Remarks Without Front Matter"
    assert any("no front matter" in w for w in b.warnings)
    assert any("modification date" in w for w in b.warnings)
    assert b.turns[-1].role == "president"


def test_markdown_and_html_cleanup(briefings_dir: Path) -> None:
    b = read(briefings_dir, "markdown_and_html_cleanup.md")
    assert b.title == "Remarks on the [Build] Agenda"
    text = b.turns[0].text
    assert "We will Build Back Better and fight [inaudible] for COVID-19 relief" in text
    assert "### now, coop, café, spanned, stressed and snake_case." in text
    assert text.endswith("cell one cell two")
    assert "<" not in b.text and "**" not in b.text and "\u00a0" not in b.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"---\ntitle: caf\xe9\n---\ntext", "not UTF-8"),
        (b"---\ntitle: [unclosed\ndate: '2021-01-01'\n---\ntext", "not valid YAML"),
        (b"---\ndate: 'the day after'\n---\ntext", "not a date"),
        (b"---\ndate: '2021-02-30'\n---\ntext", "not a date"),
    ],
)
def test_unreadable_files_raise_one_typed_error(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(BriefingReadError) as info:
        read_briefing(path)
    assert str(path) in str(info.value)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2021-03-10", dt.date(2021, 3, 10)),
        ("2021-3-1", dt.date(2021, 3, 1)),
        ("March 4, 2021", dt.date(2021, 3, 4)),
        ("2021-03-10T23:30:00", dt.date(2021, 3, 10)),
    ],
)
def test_front_matter_dates_as_written(tmp_path: Path, written: str, day: dt.date) -> None:
    path = tmp_path / "dated.md"
    path.write_text(f"---\ndate: '{written}'\n---\nMS. PSAKI: Hello.\n", encoding="utf-8")
    assert read_briefing(path).date == day


def test_missing_file_raises_typed_error(tmp_path: Path) -> None:
    with pytest.raises(BriefingReadError, match="cannot read"):
        read_briefing(tmp_path / "missing.md")


def test_directory_raises_typed_error(tmp_path: Path) -> None:
    with pytest.raises(BriefingReadError, match="cannot read"):
        read_briefing(tmp_path)


def test_town_hall_host_who_asks_is_a_moderator(briefings_dir: Path) -> None:
    b = read(briefings_dir, "named_questioner_town_hall.md")
    assert {t.role for t in b.turns if t.speaker == "host"} == {"moderator"}
    assert [t.exchange for t in b.turns][:4] == [1, 1, 2, 2]


def test_official_handing_over_is_not_a_reporter(briefings_dir: Path) -> None:
    b = read(briefings_dir, "official_handing_over.md")
    assert {t.role for t in b.turns if t.speaker == "lead"} == {"official"}
