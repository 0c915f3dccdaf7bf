"""A small index for the web and watch tests (the seed, a second briefing, a hostile one), and
waiting for a server's process to end."""

from __future__ import annotations

import os
import select
from pathlib import Path

from searchbrief import BriefingIndex
from tests.conftest import SEED

SEED_ID = (
    "2021-12-29-background-press-call-by-a-senior-administration-official-on-president-"
    "bidens-upcoming-call-with-president-putin-of-the-russian-federation"
)
HOSTILE_ID = "2022-03-01-alert-8"  # the id comes from the permalink's last word
PLAIN_ID = "2022-02-01-plain"

HOSTILE = """---
title: "Hostile <img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt;"
date: '2022-03-01'
category: press-briefings
permalink: "javascript:alert(8)"
---

MS. PSAKI:  Strategic Stability Dialogue &lt;script&gt;alert(3)&lt;/script&gt; here.

Q    A question about dialogue &lt;img src=x onerror=alert(7)&gt; too?

MS. PSAKI:  An answer about the dialogue.
"""

PLAIN = """---
title: Press Briefing on Supply Chains
date: '2022-02-01'
category: statements-releases
permalink: https://www.whitehouse.gov/briefing-room/statements-releases/x/plain/
---

MS. PSAKI:  The supply chain is improving, and the Strategic Stability Dialogue goes on.

Q    What about ports?

MS. PSAKI:  Ports are busy.
"""


def source(folder: Path) -> Path:
    """A folder with the seed and two small briefings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2022-03-01-hostile.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "2022-02-01-plain.md").write_text(PLAIN, encoding="utf-8")
    return folder


def build(root: Path) -> BriefingIndex:
    index, report = BriefingIndex.build(root / "index", [source(root / "source")])
    assert not report.failed
    return index


def wait_gone(pid: int) -> None:
    """Until process ``pid`` has ended (a pidfd is readable then), at most 30 s."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # ended, and reaped already
    try:
        assert select.select([fd], [], [], 30)[0], f"process {pid} still runs"
    finally:
        os.close(fd)
