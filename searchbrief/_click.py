"""click, imported without :mod:`inspect`, which it loads for ``--help``.

``click.core`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``,
about 15 ms) to clean docstrings and to tell a function default from a value,
which only ``--help`` does; defining an option cleans its help, a one-line text
that needs no module.  Importing this module first (``searchbrief.cli`` does)
imports click while a stand-in takes the place of ``inspect``: see
searchbrief._stand_ins.
"""

from __future__ import annotations

from searchbrief._stand_ins import INSPECT, import_with_stand_ins

import_with_stand_ins(("click",), INSPECT)
