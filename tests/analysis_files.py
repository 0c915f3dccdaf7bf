"""A tiny hand-written corpus for timeline, first, speakers, cite and suggest tests.

Every turn has at most ten words, so Whoosh stores its length exactly and the
words spoken per period can be checked to the word.  "inflation" is said in
January (twice in one week), March and May; February has briefings without
it; April has no briefing at all; a May statement has it only in its title.
"""

from __future__ import annotations

from pathlib import Path

FILES = {
    "a.md": (
        "press-briefing-a",
        "Press Briefing by Press Secretary Jen Psaki, January 20, 2021",
        "2021-01-20",
        "press-briefings",
        "12:01 P.M. EST\n\n"
        "MS. PSAKI:  Good afternoon. Inflation is transitory, we believe.\n\n"
        "Q    What about inflation next year?\n\n"
        "MS. PSAKI:  Inflation will ease. The Strategic Stability Dialogue continues.\n\n"
        "12:30 P.M. EST\n",
    ),
    "b.md": (
        "remarks-b",
        "Remarks by President Biden on the Economy",
        "2021-01-22",
        "speeches-remarks",
        "THE PRESIDENT:  Inflation matters. Vaccines matter too.\n\n"
        "Q    Mr. President, on vaccines?\n\n"
        "THE PRESIDENT:  Vaccinated people are safer.\n",
    ),
    "e.md": (
        "press-briefing-e",
        "Press Briefing by Press Secretary Jen Psaki, February 10, 2021",
        "2021-02-10",
        "press-briefings",
        "MS. PSAKI:  Infrastructure week starts today.\n\n"
        "Q    Is infrastructure the priority?\n\n"
        "MS. PSAKI:  Yes, and so are jobs.\n",
    ),
    "c.md": (
        "remarks-c",
        "Remarks by the President and the Vice President",
        "2021-03-10",
        "speeches-remarks",
        "THE PRESIDENT:  We will beat inflation and the pandemic.\n\n"
        "THE VICE PRESIDENT:  Inflation hurts families.\n",
    ),
    "d.md": (
        "press-briefing-d",
        "Press Briefing by Press Secretary Jen Psaki, May 5, 2021",
        "2021-05-05",
        "press-briefings",
        "MS. PSAKI:  The bill is signed. Inflation, again, is transitory.\n\n"
        "Q    Anything on vaccines?\n\n"
        "MS. PSAKI:  Yes.\n\nTwo paragraphs, in fact.\n",
    ),
    "f.md": (
        "statement-f",
        "Statement on the Inflation Outlook",
        "2021-05-20",
        "statements-releases",
        "The statement follows below.\n",
    ),
}

#: Turn ids by the letter of their file and their number (the narration in a.md is 1).
A = "2021-01-20-press-briefing-a"
B = "2021-01-22-remarks-b"
C = "2021-03-10-remarks-c"
D = "2021-05-05-press-briefing-d"
INFLATION_TURNS = [f"{A}/2", f"{A}/3", f"{A}/4", f"{B}/1", f"{C}/1", f"{C}/2", f"{D}/1"]


def write_corpus(folder: Path) -> Path:
    """Write :data:`FILES` into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (slug, title, date, category, body) in FILES.items():
        link = f"https://www.whitehouse.gov/briefing-room/{category}/{date[:4]}/{slug}/"
        (folder / name).write_text(
            f"---\ntitle: {title}\ndate: '{date}'\ncategory: {category}\n"
            f"permalink: {link}\n---\n\n{body}",
            encoding="utf-8",
        )
    return folder
