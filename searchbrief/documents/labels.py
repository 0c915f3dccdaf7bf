"""Speaker labels: finding them at the start of a paragraph and naming who speaks.

A label is an upper-case name or title followed by a colon (``MS. PSAKI:``,
``SECRETARY MAYORKAS:``, ``SENIOR ADMINISTRATION OFFICIAL:``), or the reporter's
``Q``.  Headings look the same (``TO THE CONGRESS OF THE UNITED STATES:``), so a
label is *strong* when it carries an honorific or a known title or role word,
*weak* when it is a bare name, and rejected when it reads like a heading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from searchbrief.documents import people

# Any letter: labels name people in every script (``PRESIDENT ERDOĞAN``); the
# upper-case test is made on the label afterwards.
_LETTER = r"[^\W\d_]"
_MIXED_HONORIFIC = r"(?:Mrs|Mr|Ms|Mx|Dr)\.?[ ]"
_COLON_LABEL = re.compile(
    rf"^(?P<label>(?:{_MIXED_HONORIFIC})?{_LETTER}(?:{_LETTER}|[0-9.'’\- ]){{0,80}}?)[ ]?:"
    r"(?:[ ]+(?P<rest>.*)|$)",
    re.S,
)
_PERIOD_LABEL = re.compile(
    rf"^(?P<label>(?:MRS|MR|MS|DR)\.? {_LETTER}(?:{_LETTER}|['’\-])+)"
    r"\.[ ]+(?P<rest>.+)$",
    re.S,
)
_MIXED = re.compile(rf"^({_MIXED_HONORIFIC})")
_Q_LABEL = re.compile(r"^Q(?:[ ]*:[ ]*|[ ]+)(?P<rest>\S.*)$", re.S)
_Q_LINE = re.compile(r"^[ ]*Q(?:[ ]*:|[ ]{2,})[ ]*\S")
_INTERPRETED = re.compile(
    r"^\((?:as|via) (?:interpreted|translated|interpreter|translation)[^)]*\)[ ]*",
    re.I,
)
_HONORIFIC = re.compile(rf"^(MRS|MR|MS|MX|DR|M|S|R)(\.[ ]*|[ ]+)(?={_LETTER})")
_HONORIFICS = {"MRS": "Mrs.", "MR": "Mr.", "MS": "Ms.", "MX": "Mx.", "DR": "Dr."}
_WORD_SPLIT = re.compile(r"[ ]+")
_ROMAN = re.compile(r"^[IVX]+$")
_NUMBERS = {"ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4", "FIVE": "5", "#1": "1"}

#: Words of a title that come before a name ("ACTING ADMINISTRATOR SLAVITT").
TITLE_WORDS = frozenset(
    """THE PRESIDENT VICE FIRST SECOND LADY GENTLEMAN SECRETARY GENERAL DEPUTY
    ACTING ASSISTANT ADMINISTRATOR ADMINISTRATION DIRECTOR AMBASSADOR GOVERNOR
    LIEUTENANT SENATOR REPRESENTATIVE CONGRESSMAN CONGRESSWOMAN SPEAKER LEADER
    MAJORITY MINORITY WHIP MAYOR CHAIR CHAIRMAN CHAIRWOMAN CHAIRPERSON CHANCELLOR
    PRIME MINISTER FOREIGN KING QUEEN AMIR EMIR CROWN PRINCE PRINCESS POPE JUSTICE
    JUDGE ATTORNEY SURGEON MAJOR BRIGADIER ADMIRAL COLONEL CAPTAIN SERGEANT
    CORPORAL PRIVATE CLASS PETTY OFFICER COMMANDER COMMISSIONER CHIEF PRINCIPAL
    BISHOP REVEREND FATHER CARDINAL RABBI IMAM ADVISOR ADVISER COUNSELOR
    COORDINATOR ENVOY SPECIAL PRESS SENIOR NATIONAL SECURITY DOCTOR PROFESSOR
    SHERIFF COUNCILMEMBER COUNCILMAN COUNCILWOMAN SUPERINTENDENT
    PRESIDENT-ELECT SECRETARY-GENERAL TREASURER CHANCELLOR-ELECT HIS HER MAJESTY
    HIGHNESS EXCELLENCY STATE LT GOV SEN REP GEN COL ADM SGT CAPT AMB SEC HON
    HONORABLE DELEGATE COUNCILOR ASSEMBLYMAN ASSEMBLYWOMAN ASSEMBLYMEMBER""".split()
)
#: Titles of heads of state and government of other countries.
_LEADER_WORDS = frozenset(
    """PRIME KING QUEEN AMIR EMIR CROWN SULTAN SHEIKH MAJESTY HIGHNESS TAOISEACH
    TÁNAISTE TANAISTE PREMIER""".split()
)
#: Surnames of US presidents and vice presidents, which no foreign leader's name starts with.
_US_LEADERS = frozenset(t.key for t in people.PRESIDENTS + people.VICE_PRESIDENTS)
#: Titles of people who are neither officials nor reporters: performers, coaches, CEOs.
_GUEST_WORDS = frozenset("SIR DAME COACH CEO".split())

#: Labels made only of these words name a role, not a person.
_ANONYMOUS = frozenset(
    "OFFICIAL OFFICIALS AIDE AIDES SPOKESPERSON SPOKESMAN SPOKESWOMAN STAFF STAFFER".split()
)
_MODERATOR = frozenset("MODERATOR OPERATOR ANNOUNCER HOST EMCEE".split())
_AUDIENCE = frozenset(
    "AUDIENCE MEMBER MEMBERS PARTICIPANT PARTICIPANTS STUDENT STUDENTS CHILD "
    "CHILDREN CROWD CREW GUEST GUESTS ATTENDEE ATTENDEES PANELIST VOLUNTEER".split()
)
_REPORTER = frozenset("REPORTER REPORTERS JOURNALIST PHOTOJOURNALIST PRESS".split())
_INTERPRETER = frozenset("INTERPRETER INTERPRETERS TRANSLATOR TRANSLATORS".split())
_ROLE_WORDS = _ANONYMOUS | _MODERATOR | _AUDIENCE | _REPORTER | _INTERPRETER
_ALL_TITLES = TITLE_WORDS | _LEADER_WORDS | _GUEST_WORDS
_VOCABULARY = tuple(sorted(_ALL_TITLES | _ROLE_WORDS))
_LAST_WORDS = tuple(sorted(_ROLE_WORDS | {"PRESIDENT", "LADY", "GENTLEMAN"}))
#: Words that make a label read as a heading, not as someone's name.
_HEADING_WORDS = frozenset(
    "TO OF FOR AND OR IN ON AT BY FROM WITH SENT SHOULD ABOUT A AN RE VS VIA "
    "IS ARE WILL NOT NO NEW SUBJECT DATE NOTE NOTES SHEET APPENDIX UPDATE "
    "SUMMARY BACKGROUND".split()
)
_HEADING_START = frozenset("TO FOR FROM SENT SHOULD".split())
_MAX_LABEL_WORDS = 7


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a paragraph."""

    text: str
    rest: str
    interpreted: bool


@dataclass(frozen=True)
class Speaker:
    """Who a label names: a normalized key, a display name and a role.

    ``strong`` labels carry an honorific, a title or a role word, so they are
    trusted anywhere; weak ones (a bare name) only inside a transcript.
    """

    key: str
    name: str
    role: str
    strong: bool


REPORTER = Speaker("reporter", "Reporter", "reporter", True)


def find_label(paragraph: str) -> Label | None:
    """The speaker label that opens ``paragraph``, if it has one."""
    match = _Q_LABEL.match(paragraph)
    if match:
        return Label("Q", match.group("rest"), False)
    match = _COLON_LABEL.match(paragraph) or _PERIOD_LABEL.match(paragraph)
    if not match:
        return None
    label = match.group("label").strip()
    mixed = _MIXED.match(label)
    if mixed:  # ``Mr. KIRBY``, ``Dr. WALENSKY``: the honorific in mixed case
        label = mixed.group(1).upper() + label[mixed.end() :]
    if label != label.upper() or sum(c.isalpha() for c in label) < 2:
        return None
    rest = match.group("rest") or ""
    interpreted = _INTERPRETED.match(rest)
    if interpreted:
        rest = rest[interpreted.end() :]
    return Label(label, rest, interpreted is not None)


def starts_turn(line: str) -> bool:
    """Whether a wrapped line opens a new turn even without a blank line before it."""
    if _Q_LINE.match(line):
        return True
    label = find_label(line.strip())
    if label is None or not label.rest or label.text == "Q":
        return False
    speaker = _classify(label.text)
    return speaker is not None and speaker.strong


@lru_cache(maxsize=4096)  # labels repeat: each word is matched against the vocabulary once
def _fix_word(word: str, last: bool) -> str:
    """A title word as it should be spelled (``PRESIDNET`` is ``PRESIDENT``).

    The last word of a label is usually a name, so it is only corrected to a
    word that can end a label without one (``OFFIAL`` is ``OFFICIAL``, but
    ``CARDONA`` is not ``CARDINAL``).
    """
    if word.rstrip(".") in _ALL_TITLES or word in _ROLE_WORDS:
        return word.rstrip(".")
    if len(word) <= 3:
        return "THE" if word in {"HE", "TH", "TE", "THEE"} and not last else word
    best, best_ratio = word, 0.0
    for candidate in _LAST_WORDS if last else _VOCABULARY:
        if abs(len(candidate) - len(word)) > 2 or candidate[0] != word[0]:
            continue
        ratio = SequenceMatcher(None, word, candidate).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    # Long words keep more of themselves when mistyped (ADMINISTRIVE, 12 letters).
    return best if best_ratio >= (0.8 if len(word) < 10 else 0.75) else word


def slug(words: list[str]) -> str:
    """A speaker key from name words: ``JEAN-PIERRE`` → ``jean-pierre``;
    accents folded (``ERDOĞAN`` → ``erdogan``)."""
    text = people.fold_name("-".join(words))
    return re.sub(r"-{2,}", "-", re.sub(r"[^\w\-]+", "-", text)).strip("-")


def display(words: list[str]) -> str:
    """Words as a reader expects to see a name: ``MCCARTHY`` → ``McCarthy``."""
    text = " ".join(w if _ROMAN.match(w) else w.title() for w in words).replace("’S", "’s")
    return re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), text)


@lru_cache(maxsize=4096)
def _classify(label: str) -> Speaker | None:
    """Who ``label`` names, without regard to date; ``None`` for a heading."""
    if label == "Q":
        return REPORTER
    honorific = _HONORIFIC.match(label)
    if honorific:
        # Typos drop a letter: ``S. PSAKI``, ``M. PSAKI``, ``R. SULLIVAN``.
        title = _HONORIFICS.get(honorific.group(1), "Mr." if honorific.group(1) == "R" else "Ms.")
        if honorific.group(1) in {"M", "S", "R"} and "." not in honorific.group(2):
            return None
        names = _WORD_SPLIT.split(label[honorific.end() :].strip(" ."))
        if not names or len(names) > 4 or any(w in _HEADING_WORDS for w in names):
            return None
        return Speaker(
            slug(names[-1:]) if len(names) == 1 else slug(names),
            f"{title} {display(names)}",
            "official",
            True,
        )
    raw = _WORD_SPLIT.split(label.strip(" ."))
    words = [_fix_word(w, i == len(raw) - 1) for i, w in enumerate(raw)]
    if len(words) > _MAX_LABEL_WORDS or any(w in _HEADING_START for w in words):
        return None
    numbered = len(words) > 1 and words[-1].isdigit() and words[-2] in _ROLE_WORDS
    if any(any(c.isdigit() for c in w) for w in (words[:-1] if numbered else words)):
        return None  # "H.R. 3537", "COVID-19": a bill or a topic, not a person
    if words[0] not in _ALL_TITLES and any(w in _HEADING_WORDS for w in words):
        return None
    core = words[1:] if words[0] in {"THE", "HIS", "HER"} else words
    number: list[str] = []
    while core and core[-1] in _NUMBERS:
        number.insert(0, _NUMBERS[core[-1]])
        core = core[:-1]
    if not core:
        return None
    if core[-1] in _ROLE_WORDS:
        return _role_only(core, number)
    titles = 0
    while titles < len(core) and core[titles] in _ALL_TITLES:
        titles += 1
    if titles == 0:
        # A bare name ("LAYLA SALAS") or an unknown word ("FEMA"): weak.
        return Speaker(slug(core), display(core), "official", False)
    names = core[titles:]
    if not names:
        return _role_only(core, number)
    if any(w.endswith(("’S", "'S")) for w in names[:-1]):
        return None  # "PRESIDENT BIDEN’S ECONOMIC PLAN": a heading
    if len(names) > 1 and slug(names[:1]) in _US_LEADERS:
        return None  # "PRESIDENT TRUMP DELIVERS RELIEF": a heading, not a name
    if any(w in _HEADING_WORDS for w in names):
        # "SECRETARY OF STATE BLINKEN" names Blinken; "PRESIDENT TRUMP PROMISED
        # AND DELIVERED" is a heading.
        if "OF" not in names:
            return None
        names = names[-1:]
    return Speaker(slug(names), display(core), _titled_role(core[:titles]), True)


def _titled_role(titles: list[str]) -> str:
    """The role that a title before a name gives: a foreign leader, a guest, an official."""
    if _LEADER_WORDS & set(titles) or titles in (["PRESIDENT"], ["CHANCELLOR"]):
        return "foreign-leader"  # a US president is resolved by date in _resolve
    if _GUEST_WORDS & set(titles):
        return "guest"
    return "official"


def _role_only(words: list[str], number: list[str]) -> Speaker:
    """A label with no name: ``MODERATOR``, ``SENIOR ADMINISTRATION OFFICIAL``."""
    key = slug(words + number)
    name = display(words + number)
    last = words[-1]
    if words == ["PRESIDENT"]:
        return Speaker("@president", "President", "president", True)
    if words == ["VICE", "PRESIDENT"]:
        return Speaker("@vice-president", "Vice President", "vice-president", True)
    if words == ["FIRST", "LADY"]:
        return Speaker("@first-lady", "First Lady", "official", True)
    if words[:1] == ["SECOND"] and last in {"LADY", "GENTLEMAN"}:
        return Speaker("@second-spouse", name, "official", True)
    if last in _MODERATOR:
        return Speaker(slug([last]), display([last]), "moderator", True)
    if last in _AUDIENCE:
        return Speaker(key, name, "audience", True)
    if last in _REPORTER:
        return Speaker("reporter", "Reporter", "reporter", True)
    if last in _INTERPRETER:
        return Speaker(key, name, "interpreter", True)
    if last in _ANONYMOUS:
        return Speaker(key, name, "anonymous-official", True)
    if _LEADER_WORDS & set(words):  # THE PRIME MINISTER, HIS MAJESTY
        return Speaker(key, name, "foreign-leader", True)
    return Speaker(key, name, "official", True)


def identify(label: str, day: dt.date) -> Speaker | None:
    """Who ``label`` names on ``day``; ``None`` when the label is a heading.

    ``THE PRESIDENT`` and ``PRESIDENT BIDEN`` both become ``biden`` while he
    holds the office; press secretaries and deputies are ``podium`` during
    their terms.
    """
    speaker = _classify(label)
    if speaker is None:
        return None
    return _resolve(speaker, label, day)


def _resolve(speaker: Speaker, label: str, day: dt.date) -> Speaker:
    offices = {
        "@president": (people.PRESIDENTS, "president"),
        "@vice-president": (people.VICE_PRESIDENTS, "vice-president"),
        "@first-lady": (people.SPOUSES, "official"),
        "@second-spouse": (people.SECOND_SPOUSES, "official"),
    }
    if speaker.key in offices:
        terms, role = offices[speaker.key]
        term = people.holder(terms, day)
        if term is None:
            return Speaker(speaker.key[1:], speaker.name, role, True)
        return Speaker(term.key, term.name, role, True)
    if speaker.role not in {"official", "foreign-leader", "guest"}:
        return speaker
    speaker = _known(speaker, label)  # PRESIDENT JOE BIDEN is biden, then resolved by date
    raw = _WORD_SPLIT.split(label.replace(".", " ").strip())
    words = {_fix_word(w, i == len(raw) - 1) for i, w in enumerate(raw)}  # PRESIDEN BIDEN
    if words & {"LADY", "GENTLEMAN"}:  # FIRST LADY BIDEN is not President Biden
        spouse = _spouse(speaker.key, day)
        if spouse is not None:
            return Speaker(spouse.key, spouse.name, "official", True)
    president = people.holder(people.PRESIDENTS, day)
    vice = people.holder(people.VICE_PRESIDENTS, day)
    honorific = _HONORIFIC.match(label)
    if honorific:
        spouse = people.holder(people.SPOUSES, day)
        mister = honorific.group(1) in {"MR", "R"}  # MRS. BIDEN is the First Lady
        if president and spouse and speaker.key == president.key and not mister:
            return Speaker(spouse.key, spouse.name, "official", True)
        podium = people.podium_term(speaker.key, day)
        if podium:
            return Speaker(speaker.key, podium.name, "podium", True)
        return _known(speaker, label)
    if president and speaker.key == president.key and "PRESIDENT" in words and "VICE" not in words:
        return Speaker(president.key, president.name, "president", True)
    if vice and speaker.key == vice.key and {"VICE", "PRESIDENT"} <= words:
        return Speaker(vice.key, vice.name, "vice-president", True)
    podium = people.podium_term(speaker.key, day)
    if podium and ("SECRETARY" in words or not speaker.strong):  # ``LEAVITT:`` alone
        return Speaker(speaker.key, podium.name, "podium", True)
    if speaker.role == "foreign-leader" and speaker.key in _US_LEADERS:
        speaker = Speaker(speaker.key, speaker.name, "official", True)  # a former US president
    return _known(speaker, label)


def _spouse(key: str, day: dt.date) -> people.Term | None:
    """The president's or vice president's spouse that ``key`` (a surname or full name) names."""
    terms = people.SPOUSES + people.SECOND_SPOUSES
    current = [t for t in terms if t.covers(day)]
    for term in current + [t for t in terms if t not in current]:
        if term.key == key or term.key.endswith("-" + key) or key.endswith("-" + term.key):
            return term
    return None


def _known(speaker: Speaker, label: str) -> Speaker:
    """``speaker`` under the registry's key when the label or the full name is an alias.

    ``GOVERNOR COOPER`` is Roy Cooper, ``DOUGLAS EMHOFF`` is ``emhoff``.
    """
    key = people.canonical(label)
    if key is None and "-" in speaker.key:
        key = people.canonical(speaker.key)
    if key is None or key == speaker.key:
        return speaker
    return Speaker(key, speaker.name, speaker.role, speaker.strong)
