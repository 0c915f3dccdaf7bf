"""click, imported without :mod:`inspect`, which it loads for ``--help``, or :mod:`platform`.

``click.core`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``,
about 15 ms) to clean docstrings and to tell a function default from a value,
which only ``--help`` does; defining an option cleans its help, a one-line text
that needs no module.  ``click.types`` imports ``uuid`` for its UUID parameter
type, and ``uuid`` calls ``platform.system()`` to learn whether it runs on
Linux or AIX: ``platform`` compiles a dozen regexes on import, about 3 ms, and
on Linux its answer is the kernel's name.  Importing this module first
(``searchbrief.cli`` does) imports click while stand-ins take the place of
``inspect`` and ``platform``: see searchbrief._stand_ins.
"""

from __future__ import annotations

import os
import sys

from searchbrief._stand_ins import INSPECT, import_with_stand_ins


def _system() -> str:
    """``platform.system()`` on Linux: ``os.uname()``'s system name, "Linux"."""
    return os.uname().sysname


# Elsewhere platform.system() has cases of its own: the stand-in imports platform.
_PLATFORM = {"platform": {"system": _system if sys.platform == "linux" else None}}

import_with_stand_ins(("click",), {**INSPECT, **_PLATFORM})
