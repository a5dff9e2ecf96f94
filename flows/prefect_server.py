"""Prefect's temporary server for one command, as `python -m flows.prefect_server` followed by
uvicorn's own arguments (flows/prefect_env.py starts it).

The same uvicorn command Prefect uses for its temporary server, with Python's garbage collector
off while Prefect's server code imports: the import makes objects that live as long as the
server, and the full collections that walked them cost 0,4 of its 1,9 s (measured with
`gc.callbacks`), time a command waited for the server to answer. Frozen once imported, later
collections skip them; the collector is on while the server serves.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    import prefect.server.api.server  # noqa: F401  (what uvicorn's --factory then finds imported)

    gc.freeze()
    gc.enable()
    from uvicorn.main import main as uvicorn

    uvicorn()  # reads uvicorn's arguments from sys.argv


if __name__ == "__main__":
    main()
