from __future__ import annotations

import datetime as dt

import pytest

from searchbrief.documents.labels import find_label, identify, starts_turn

DAY = dt.date(2021, 12, 29)


@pytest.mark.parametrize(
    ("label", "key", "role"),
    [
        ("Q", "reporter", "reporter"),
        ("MS. PSAKI", "psaki", "podium"),
        ("MS PSAKI", "psaki", "podium"),
        ("S. PSAKI", "psaki", "podium"),
        ("MS. JEAN-PIERRE", "jean-pierre", "podium"),
        ("MR. SULLIVAN", "sullivan", "official"),
        ("DR. FAUCI", "fauci", "official"),
        ("SECRETARY MAYORKAS", "mayorkas", "official"),
        ("SECRETARY CARDONA", "cardona", "official"),
        ("ACTING ADMINISTRATOR SLAVITT", "slavitt", "official"),
        ("SURGEON GENERAL MURTHY", "murthy", "official"),
        ("PRIME MINISTER JOHNSON", "johnson", "foreign-leader"),
        ("THE PRESIDENT", "biden", "president"),
        ("THE PRESIDNET", "biden", "president"),
        ("HE PRESIDENT", "biden", "president"),
        ("PRESIDENT BIDEN", "biden", "president"),
        ("PRESIDENT MACRON", "macron", "foreign-leader"),
        ("THE VICE PRESIDENT", "harris", "vice-president"),
        ("VICE PRESIDENT HARRIS", "harris", "vice-president"),
        ("THE FIRST LADY", "jill-biden", "official"),
        ("DR. BIDEN", "jill-biden", "official"),
        ("MRS. BIDEN", "jill-biden", "official"),
        ("FIRST LADY BIDEN", "jill-biden", "official"),
        ("THE PRIME MINISTER", "prime-minister", "foreign-leader"),
        ("PRESIDENT JOE BIDEN", "biden", "president"),
        ("SENIOR ADMINISTRATION OFFICIAL", "senior-administration-official", "anonymous-official"),
        ("SENIOR ADMINSTRATION OFFICIAL", "senior-administration-official", "anonymous-official"),
        (
            "SENIOR ADMINISTRATION OFFICIAL TWO",
            "senior-administration-official-2",
            "anonymous-official",
        ),
        ("MODERATOR", "moderator", "moderator"),
        ("MODEARTOR", "moderator", "moderator"),
        ("OPERATOR", "operator", "moderator"),
        ("AIDE", "aide", "anonymous-official"),
        ("WHITE HOUSE AIDE", "white-house-aide", "anonymous-official"),
        ("AUDIENCE MEMBER", "audience-member", "audience"),
        ("AUIDENCE MEMBER", "audience-member", "audience"),
        ("PARTICIPANT", "participant", "audience"),
    ],
)
def test_identify(label: str, key: str, role: str) -> None:
    speaker = identify(label, DAY)
    assert speaker is not None
    assert (speaker.key, speaker.role) == (key, role)


@pytest.mark.parametrize(
    ("day", "president", "vice_president"),
    [
        (dt.date(2020, 6, 1), "trump", "pence"),
        (dt.date(2021, 1, 20), "biden", "harris"),
        (dt.date(2024, 12, 31), "biden", "harris"),
        (dt.date(2025, 3, 1), "trump", "vance"),
    ],
)
def test_offices_resolve_by_date(day: dt.date, president: str, vice_president: str) -> None:
    the_president = identify("THE PRESIDENT", day)
    the_vice_president = identify("THE VICE PRESIDENT", day)
    assert the_president is not None and the_president.key == president
    assert the_vice_president is not None and the_vice_president.key == vice_president


def test_press_secretary_is_podium_only_during_her_term() -> None:
    during = identify("MS. PSAKI", dt.date(2021, 6, 1))
    after = identify("MS. PSAKI", dt.date(2023, 6, 1))
    assert during is not None and during.role == "podium"
    assert after is not None and after.role == "official"


@pytest.mark.parametrize(
    "heading",
    [
        "NOMINATIONS SENT TO THE SENATE",
        "NOMINATION SENT TO THE SENATE",
        "WITHDRAWAL SENT TO THE SENATE",
        "TO THE CONGRESS OF THE UNITED STATES",
        "TO THE SENATE OF THE UNITED STATES",
        "SUBJECT",
        "FOR FURTHER INFORMATION MEDIA SHOULD CONTACT",
        "FACT SHEET",
        # Headings of the same kind that the corpus does not contain:
        "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES",
        "TO THE HOUSE OF REPRESENTATIVES",
        "NOTE TO EDITORS",
        "FOR IMMEDIATE RELEASE",
        "PROGRAMS FUNDED BY THE ACT",
    ],
)
def test_headings_are_not_speakers(heading: str) -> None:
    assert identify(heading, DAY) is None


@pytest.mark.parametrize("bare", ["RURAL BROADBAND", "ZEBRA MUSSELS", "FEMA"])
def test_bare_words_are_weak(bare: str) -> None:
    speaker = identify(bare, DAY)
    assert speaker is None or not speaker.strong


@pytest.mark.parametrize(
    ("paragraph", "label", "rest", "interpreted"),
    [
        ("Q Thank you.", "Q", "Thank you.", False),
        ("Q: Thank you.", "Q", "Thank you.", False),
        ("MS. PSAKI: Hi.", "MS. PSAKI", "Hi.", False),
        ("MR. SULLIVAN. Thanks.", "MR. SULLIVAN", "Thanks.", False),
        ("PRESIDENT DUDA: (As interpreted.) Thank you.", "PRESIDENT DUDA", "Thank you.", True),
        ("NOMINATIONS SENT TO THE SENATE:", "NOMINATIONS SENT TO THE SENATE", "", False),
    ],
)
def test_find_label(paragraph: str, label: str, rest: str, interpreted: bool) -> None:
    found = find_label(paragraph)
    assert found is not None
    assert (found.text, found.rest, found.interpreted) == (label, rest, interpreted)


@pytest.mark.parametrize(
    "paragraph",
    ["Quite so.", "Thank you: all of you.", "The U.S. will act.", "Ms. Psaki: not caps", "Q"],
)
def test_find_label_rejects_prose(paragraph: str) -> None:
    found = find_label(paragraph)
    assert found is None or found.rest == ""


def test_starts_turn_only_for_strong_labels() -> None:
    assert starts_turn("Q   Thanks, Jen.")
    assert starts_turn("MS. PSAKI:  Sure.")
    assert not starts_turn("Q and A session")
    assert not starts_turn("RURAL BROADBAND: every home")
    assert not starts_turn("continued text: with a colon")
