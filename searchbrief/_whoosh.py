"""Whoosh, imported without the web client it never uses here.

``whoosh.compat``, the first module every Whoosh module imports, does ``from
urllib.request import urlretrieve``.  That one line imports http.client, email,
socket and ssl: about 60 ms, a quarter of a fresh ``searchbrief query``, for a
function that nothing in Whoosh calls.  Importing this module first (the
package's ``__init__`` does) imports ``whoosh.compat`` with a stand-in for
``urllib.request`` whose ``urlretrieve`` imports the real one when called; the
stand-in is removed straight away, so a later ``import urllib.request`` gets the
real module.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve  # the real one, on the rare call

    return urlretrieve(*args, **kwargs)


def _import_compat() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return  # already paid for
    stand_in = ModuleType("urllib.request")
    stand_in.__dict__["urlretrieve"] = _urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_compat()
