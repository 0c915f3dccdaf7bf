"""Import a library while stand-ins take the place of modules it loads but rarely uses.

A fresh ``searchbrief query`` spends most of its time importing, and much of
that on modules that Whoosh, click or :mod:`dataclasses` import at the top for
functions a query never calls (``inspect`` alone, with ``ast``, ``dis`` and
``tokenize``, is about 15 ms).  :func:`import_with_stand_ins` imports a library
while a stand-in sits in :data:`sys.modules` for each such module: the library
binds the stand-in, and the real module is imported the first time the library
uses it (any attribute of the stand-in, or any of the functions it was given).
The stand-ins are removed straight away, so any later ``import`` gets the real
module; only the library holds its stand-in.

:mod:`searchbrief._whoosh` uses it for Whoosh, :mod:`searchbrief._click` for
click; importing this module does it for :mod:`dataclasses` and :mod:`pathlib`.
:mod:`searchbrief.stemming` does the like for NLTK's stemmer, whose packages'
``__init__`` it leaves unrun.

Importing this module, the first the package imports, also pauses the cyclic
garbage collector until the package's imports are done (see
:func:`resume_collector`); the command line then freezes what they made.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any


def _real(module: str, stand_in: ModuleType) -> ModuleType:
    if sys.modules.get(module) is stand_in:  # used while the library is imported
        del sys.modules[module]
    return import_module(module)


def _stand_in(module: str, names: Mapping[str, Callable[..., Any] | None]) -> ModuleType:
    """A module whose attributes are the real ``module``'s, imported on first use.

    ``names`` are bound at once (a library's ``from module import name``): each
    to its given function, or (None) to one that imports ``module`` when called.
    """
    stand_in = ModuleType(module, f"A stand-in for {module}, imported on first use.")

    def on_call(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(_real(module, stand_in), name)(*args, **kwargs)

        return call

    def __getattr__(name: str) -> Any:
        if name == "__path__":  # the import system asking whether it is a package
            raise AttributeError(name)
        return getattr(_real(module, stand_in), name)

    stand_in.__dict__["__getattr__"] = __getattr__
    for name, function in names.items():
        stand_in.__dict__[name] = function or on_call(name)
    return stand_in


def import_with_stand_ins(
    importers: tuple[str, ...], stand_ins: Mapping[str, Mapping[str, Callable[..., Any] | None]]
) -> None:
    """Import ``importers`` while each module of ``stand_ins`` is a stand-in.

    A module already imported keeps its place: there is nothing to save.
    """
    if all(name in sys.modules for name in importers):
        return
    placed = {
        module: _stand_in(module, names)
        for module, names in stand_ins.items()
        if module not in sys.modules
    }
    sys.modules.update(placed)
    try:
        for name in importers:
            import_module(name)
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


def cleandoc(doc: str) -> str:
    """:func:`inspect.cleandoc`, without importing :mod:`inspect` for a one-line text.

    click cleans the help of every option it defines (at import), and options'
    help is one line, which ``cleandoc`` returns as it is.
    """
    if "\n" in doc or "\t" in doc or doc[:1].isspace():
        return str(import_module("inspect").cleandoc(doc))
    return doc


# Importing searchbrief makes some 12,000 objects that live as long as the
# process, and no garbage; the cyclic collector would look at each of them
# twice or more while the package imports (~10 ms of a fresh query).  It is
# paused from here to the end of the package's imports: see resume_collector.
_collecting = gc.isenabled()
gc.disable()


def resume_collector() -> None:
    """Let the cyclic collector run again (if it ran before the package was imported).

    The objects made meanwhile stay in the collector's sight: moving them out
    of it (:func:`gc.freeze`) is for a program that owns its process to
    decide, as the CLI does; a library must not do it to its host.  They are
    moved to the oldest generation, where objects that survive two collections
    go: else the first collection, straight after, would look at every one of
    them (~5 ms of a fresh query) and find next to nothing to free.  (Freezing
    and unfreezing moves every object there without looking at any; it is not
    done when the host has frozen objects, which unfreezing would release.)
    """
    if _collecting:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


#: What click and dataclasses use of :mod:`inspect` when importing.
INSPECT = {"inspect": {"cleandoc": cleandoc}}

# dataclasses imports inspect for the signature it gives a class that has no
# docstring: every dataclass here has one.
import_with_stand_ins(("dataclasses",), INSPECT)
# pathlib imports urllib.parse (with ipaddress, about 4 ms) for Path.as_uri().
import_with_stand_ins(("pathlib",), {"urllib.parse": {"quote_from_bytes": None}})
