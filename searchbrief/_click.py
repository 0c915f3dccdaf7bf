"""click, imported without :mod:`inspect` (for ``--help``), :mod:`platform` or :mod:`gettext`.

``click.core`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``,
about 15 ms) to clean docstrings and to tell a function default from a value,
which only ``--help`` does; defining an option cleans its help, a one-line text
that needs no module.  ``click.types`` imports ``uuid`` for its UUID parameter
type, and ``uuid`` calls ``platform.system()`` to learn whether it runs on
Linux or AIX: ``platform`` compiles a dozen regexes on import, about 3 ms, and
on Linux its answer is the kernel's name.  Every click module imports
``gettext`` to translate its messages, and the first message (defining the
``--version`` option) imports ``locale`` to name the languages to look for:
about 4 ms for, most often, no catalogue at all (see :func:`_translator`).
Importing this module first (``searchbrief.cli`` does) imports click while
stand-ins take the place of ``inspect``, ``platform`` and ``gettext``: see
searchbrief._stand_ins.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module
from types import ModuleType

from searchbrief._stand_ins import INSPECT, import_with_stand_ins


def _system() -> str:
    """``platform.system()`` on Linux: ``os.uname()``'s system name, "Linux"."""
    return os.uname().sysname


# Elsewhere platform.system() has cases of its own: the stand-in imports platform.
_PLATFORM = {"platform": {"system": _system if sys.platform == "linux" else None}}

#: Where gettext looks for catalogues unless told otherwise (its ``_default_localedir``).
_LOCALE_DIR = os.path.join(sys.base_prefix, "share", "locale")


def _translator() -> ModuleType | None:
    """gettext, imported if need be, when it could translate a message; else None.

    Until something else imports gettext (and maybe sets a domain or a
    directory), gettext looks in :data:`_LOCALE_DIR` only: where there is no
    such folder it finds no catalogue, and returns every message as it is.
    """
    module = sys.modules.get("gettext")
    stand_in = module is not None and vars(module).get("gettext") is _gettext
    if module is not None and not stand_in:
        return module
    if not os.path.isdir(_LOCALE_DIR):
        return None
    if stand_in:  # a message while click imports: the real module takes its place
        del sys.modules["gettext"]
    return import_module("gettext")


def _gettext(message: str) -> str:
    """``gettext.gettext``, importing gettext only when it could translate."""
    translator = _translator()
    return message if translator is None else str(translator.gettext(message))


def _ngettext(singular: str, plural: str, n: int) -> str:
    """``gettext.ngettext``, importing gettext only when it could translate."""
    translator = _translator()
    if translator is None:
        return singular if n == 1 else plural
    return str(translator.ngettext(singular, plural, n))


_GETTEXT: dict[str, Callable[..., str]] = {"gettext": _gettext, "ngettext": _ngettext}

import_with_stand_ins(("click",), {**INSPECT, **_PLATFORM, "gettext": _GETTEXT})
