"""Worker processes that end when the process that started them ends.

If the indexer is killed (``kill -9``, the OOM killer), its workers must not
linger holding memory, pipes or files in the index directory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when ``parent``, its parent, dies (Linux).

    A parent that died between the fork and this call is already gone: then
    this process has a new parent, and exits at once instead of living on.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
