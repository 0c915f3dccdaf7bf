"""Who is who across one briefing: rules that need every label of the document.

A label read alone says little about a heading, a host or a typo; the whole
document does.  These passes run over a briefing's labelled blocks before its
turns are cut: they drop labels from documents with no transcript structure
(fact sheets, FAQs), name the podium from the title, merge typos and full
names, tell a couple apart, and find the hosts who ask the questions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from searchbrief.documents import people
from searchbrief.documents.labels import TITLE_WORDS, Label, Speaker, slug

_QUESTION_END = re.compile(r"\?[\"'”’)\]\s]*$")
_NAMED_HONORIFIC = re.compile(r"^(?:MRS|MR|MS|MX|DR)\b")
_FAQ_ANSWER = re.compile(r"^A[:.][ ]+\S")
_LAST_SENTENCE = re.compile(r"(?<=[.!?…:;—])\s+")
_PODIUM_TITLE = re.compile(
    r"\b(?:Principal[ ]+)?(?:Deputy[ ]+)?Press[ ]+Secretary[ ]+"
    r"(?P<name>(?:[A-Z][\w.'’\-]*[ ]?){1,4})",
)
#: Words that end the briefer's name in a title ("… Morgan Hale Aboard Air Force One").
_AFTER_NAME = frozenset(
    "and aboard en in on at with following before after during via from to jr sr".split()
)
#: Roles whose turns show a document is a transcript, whatever else it holds.
_TRANSCRIPT_ROLES = frozenset(
    "reporter president vice-president podium moderator anonymous-official interpreter".split()
)
#: Title words that say "a person" on their own (unlike FOREIGN, NATIONAL, SPECIAL).
_PERSONAL_TITLES = TITLE_WORDS - frozenset(
    """THE HIS HER VICE FIRST SECOND FOREIGN NATIONAL SECURITY SPECIAL SENIOR PRESS
    PRIVATE CLASS MAJOR GENERAL CHIEF PRINCIPAL DEPUTY ACTING ASSISTANT STATE MAJORITY
    MINORITY ADMINISTRATION JUSTICE PRINCE FATHER LEADER SPEAKER""".split()
)
_ANSWERING = frozenset({"president", "vice-president", "podium", "official", "foreign-leader"})


@dataclass
class Block:
    """One paragraph of a briefing, with the label that opens it and who that names."""

    paragraph: str
    label: Label | None
    speaker: Speaker | None
    asks: bool = False  # a turn that asks a question that the next speaker answers
    answered: bool = False  # a turn that someone else, an official, follows


def drop_headings(blocks: list[Block]) -> None:
    """Keep labels only in transcripts; an FAQ's ``Q:`` is written, not a reporter.

    A document is a transcript when it has a reporter's ``Q``, an honorific
    label (``MS. PSAKI``), an office or role label (``THE PRESIDENT``,
    ``MODERATOR``), a personal title (``SECRETARY MAYORKAS``), or a speaker
    who speaks twice.  Run-in headings of a fact
    sheet (``SUPPORTING CHILDREN:``) and lists (``GOOGLE:``) are none of these.
    """
    labelled = [b for b in blocks if b.speaker is not None and b.label is not None]
    answers = sum(1 for b in blocks if _FAQ_ANSWER.match(b.paragraph))
    questions = sum(1 for b in labelled if b.label is not None and b.label.text == "Q")
    if answers and answers * 2 >= questions:  # an FAQ: written questions and answers
        for block in labelled:
            if block.label is not None and block.label.text == "Q":
                block.label = block.speaker = None
        labelled = [b for b in labelled if b.speaker is not None]
    keys = Counter(b.speaker.key for b in labelled if b.speaker is not None)
    transcript = any(
        _NAMED_HONORIFIC.match(b.label.text)
        or b.speaker.role in _TRANSCRIPT_ROLES
        or (b.speaker.strong and _PERSONAL_TITLES & set(b.label.text.replace(".", " ").split()))
        or (keys[b.speaker.key] >= 2 and len(keys) >= 2)
        for b in labelled
        if b.label is not None and b.speaker is not None
    )
    strong = any(b.speaker is not None and b.speaker.strong for b in labelled)
    if not transcript or not strong:
        for block in labelled:
            block.label = block.speaker = None


def podium_from_title(blocks: list[Block], title: str) -> None:
    """``Press Gaggle by Deputy Press Secretary Andrew Bates``: Bates is at the podium."""
    names = {}
    for match in _PODIUM_TITLE.finditer(title):
        words: list[str] = []
        for word in (w.strip(".,") for w in match.group("name").split()):
            if word.lower() in _AFTER_NAME:
                break
            words.append(word)
        if words:
            names[slug([words[-1].upper()])] = " ".join(words)
    for block in blocks:
        s = block.speaker
        if s is not None and s.key in names and s.role == "official":
            block.speaker = Speaker(s.key, names[s.key], "podium", True)


def merge_names(blocks: list[Block], day: dt.date) -> None:
    """One person, one key: typos, full names and registry names merge; a couple splits."""
    _merge_typos(blocks, day)
    _merge_full_names(blocks)
    _split_couples(blocks)


def _personal(speaker: Speaker | None) -> bool:
    return speaker is not None and speaker.role in {"official", "guest", "foreign-leader"}


def _merge_typos(blocks: list[Block], day: dt.date) -> None:
    """Give a name spelled rarely (``MAYORAKAS``, ``REAGN``) the spelling used more often,
    or that of someone the registry has in office that day (``PSAKKI``)."""
    counts = Counter(b.speaker.key for b in blocks if _personal(b.speaker) and b.speaker)
    by_key = {b.speaker.key: b.speaker for b in blocks if b.speaker is not None}
    known = people.registry_keys()
    for key, count in counts.items():
        if len(key) < 5 or key in known:
            continue
        target: Speaker | None = None
        for other, other_count in counts.most_common():
            if other == key or other_count < max(2, count * 3) or other[0] != key[0]:
                continue
            if SequenceMatcher(None, key, other).ratio() >= 0.85:
                target = by_key[other]
                break
        if target is None:
            for other in sorted(known):
                if (
                    other[0] == key[0]
                    and people.office_holder(other, day)
                    and SequenceMatcher(None, key, other).ratio() >= 0.9
                ):
                    s = by_key[key]
                    podium = people.podium_term(other, day)
                    role = "podium" if podium is not None else s.role
                    target = Speaker(other, podium.name if podium else s.name, role, True)
                    break
        if target is not None:
            for block in blocks:
                if block.speaker is not None and block.speaker.key == key:
                    block.speaker = Speaker(target.key, block.speaker.name, target.role, True)


def _merge_full_names(blocks: list[Block]) -> None:
    """``DOUGLAS EMHOFF`` and ``MR. EMHOFF`` in one briefing are one person.

    The full name takes the surname's key, unless the registry files the full
    name under a key of its own (``ANDERSON COOPER`` is not Governor Cooper).
    """
    keys = {b.speaker.key for b in blocks if _personal(b.speaker) and b.speaker is not None}
    known = people.registry_keys()
    for full in sorted(keys):
        parts = full.split("-")
        if len(parts) < 2:
            continue
        surname = parts[-1]
        fulls = [k for k in keys if k.endswith("-" + surname)]
        if surname not in keys or len(fulls) != 1:
            continue
        source, target = (surname, full) if full in known else (full, surname)
        if source in known:
            continue
        for block in blocks:
            s = block.speaker
            if s is not None and s.key == source and _personal(s):
                block.speaker = Speaker(target, s.name, s.role, s.strong)


def _split_couples(blocks: list[Block]) -> None:
    """``MR. WRIGHT`` and ``MS. WRIGHT`` in one briefing are two people.

    Each must speak twice at least: one ``MS. SULLIVAN`` among many ``MR.
    SULLIVAN`` turns is a typo.
    """
    kinds: dict[str, Counter[str]] = {}
    for block in blocks:
        if block.label is not None and block.speaker is not None and _personal(block.speaker):
            match = _NAMED_HONORIFIC.match(block.label.text)
            if match and match.group() != "DR":
                kind = "mr" if match.group() == "MR" else "ms"
                kinds.setdefault(block.speaker.key, Counter())[kind] += 1
    couples = {k for k, v in kinds.items() if len(v) > 1 and min(v.values()) >= 2}
    for block in blocks:
        s = block.speaker
        if s is not None and block.label is not None and s.key in couples:
            match = _NAMED_HONORIFIC.match(block.label.text)
            kind = "mr" if match is not None and match.group() == "MR" else "ms"
            block.speaker = Speaker(f"{kind}-{s.key}", s.name, s.role, s.strong)


def find_hosts(blocks: list[Block], day: dt.date) -> None:
    """Named speakers who mostly ask the questions (a host) are moderators.

    A turn asks when it ends with a question of five words or more and the next
    speaker, someone else, answers it: an official handing over ("Dr. Fauci?")
    or calling the next reporter is not asking.  Known office holders, and
    anyone who answers reporters more often than asking, are never hosts.  Among the others, a
    speaker who asks twice or more, in half their turns at least, or (eight or more turns)
    in a fifth, hosts.
    """
    turns: list[tuple[Block, str]] = []  # each labelled block and its turn's last paragraph
    for block in blocks:
        if block.label is not None:
            turns.append((block, block.label.rest))
        elif turns:
            turns[-1] = (turns[-1][0], block.paragraph)
    asked: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    answered: Counter[str] = Counter()  # turns right after a reporter's that ask nothing
    for i, (block, ending) in enumerate(turns):
        following = turns[i + 1][0] if i + 1 < len(turns) else None
        speaker = block.speaker
        if speaker is None or block.label is None:
            continue
        answer = following.speaker if following is not None else None
        block.answered = (
            answer is not None and answer.key != speaker.key and answer.role in _ANSWERING
        )
        block.asks = bool(
            block.answered
            and _QUESTION_END.search(ending)
            and len(_LAST_SENTENCE.split(ending)[-1].split()) >= 5  # not "Dr. Fauci?"
        )
        previous = turns[i - 1][0].speaker if i else None
        if previous is not None and previous.role == "reporter" and not block.asks:
            answered[speaker.key] += 1
        if speaker.role != "official" or not _NAMED_HONORIFIC.match(block.label.text):
            continue
        spoke[speaker.key] += 1
        asked[speaker.key] += block.asks
    hosts = {
        k
        for k, n in spoke.items()
        if answered[k] <= asked[k]
        and not people.office_holder(k, day)
        and ((asked[k] >= 2 and asked[k] * 2 >= n) or (n >= 8 and asked[k] * 5 >= n))
    }
    for block in blocks:
        if block.speaker is not None and block.speaker.key in hosts:
            s = block.speaker
            block.speaker = Speaker(s.key, s.name, "moderator", s.strong)
            block.asks = block.answered  # a host's turn that is answered asks, "?" or not
