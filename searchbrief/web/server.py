"""Running the application with uvicorn, until Ctrl-C."""

from __future__ import annotations

import uvicorn

from searchbrief import BriefingIndex
from searchbrief.web.app import create_app


def serve(
    index: BriefingIndex, host: str = "127.0.0.1", port: int = 8000, processes: int = 0
) -> None:
    """Serve ``index`` at ``host``:``port`` until interrupted; uvicorn logs only warnings.

    ``processes``: worker processes that search (see :mod:`searchbrief.web.workers`).
    """
    config = uvicorn.Config(
        create_app(index, processes),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:  # uvicorn shuts down, then raises Ctrl-C again: stopping is the point
        pass


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
