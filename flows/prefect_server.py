"""Prefect's temporary server for one command, as `python -m flows.prefect_server` followed by
uvicorn's own arguments (flows/prefect_env.py starts it).

The same uvicorn command Prefect uses for its temporary server, with Python's garbage collector
off while Prefect's server code imports: the import makes objects that live as long as the
server, and the full collections that walked them cost 0,4 of its 1,9 s (measured with
`gc.callbacks`), time a command waited for the server to answer. Frozen once imported, later
collections skip them; the collector is on while the server serves.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys

PARENT = "FOLLOWUP_SERVER_PARENT"  # the pid of the command that started this server


def die_with_parent() -> None:
    """End this server when the command that started it ends, also when it is killed with SIGKILL
    (which runs no clean-up in it): Linux sends SIGTERM to this process when its parent dies
    (prctl PR_SET_PDEATHSIG). If the parent died before that was set, end now."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    parent = os.environ.get(PARENT)
    if parent and os.getppid() != int(parent):
        sys.exit(0)


def main() -> None:
    die_with_parent()
    gc.disable()
    import prefect.server.api.server  # noqa: F401  (what uvicorn's --factory then finds imported)

    gc.freeze()
    gc.enable()
    from uvicorn.main import main as uvicorn

    uvicorn()  # reads uvicorn's arguments from sys.argv


if __name__ == "__main__":
    main()
