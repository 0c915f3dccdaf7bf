"""Whoosh, imported without three modules it loads for functions searchbrief never calls.

* ``whoosh.compat``, the first module every Whoosh module imports, does ``from
  urllib.request import urlretrieve``: that line imports http.client, email,
  socket and ssl, about 60 ms, for a function nothing in Whoosh calls.
* ``whoosh.query.terms`` does ``from whoosh.lang.morph_en import variations``
  for its ``Variations`` query, which we do not use: morph_en compiles a few
  hundred regexes on import, about 15 ms.
* ``whoosh.analysis`` does ``from whoosh.lang.porter import stem`` for its
  default stemmer; ours is NLTK's Snowball (see searchbrief.stemming), and
  porter compiles its regexes on import, about 5 ms.

Together that is a third of a fresh ``searchbrief query``.  Importing this
module first (the package's ``__init__`` does) imports those two Whoosh modules
while a stand-in takes the place of each module they load; the stand-in's
function imports the real module when called.  The stand-ins are removed
straight away, so a later import of ``urllib.request`` or
``whoosh.lang.morph_en`` gets the real module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any


def _on_call(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    return call


def _import_with_stand_in(importer: str, module: str, name: str) -> None:
    """Import ``importer`` while ``module`` is a stand-in holding only ``name``."""
    if importer in sys.modules or module in sys.modules:
        return  # too late, or already paid for
    stand_in = ModuleType(module)
    stand_in.__dict__[name] = _on_call(module, name)
    sys.modules[module] = stand_in
    try:
        import_module(importer)
    finally:
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]


_import_with_stand_in("whoosh.compat", "urllib.request", "urlretrieve")
_import_with_stand_in("whoosh.analysis", "whoosh.lang.porter", "stem")
_import_with_stand_in("whoosh.query.terms", "whoosh.lang.morph_en", "variations")
