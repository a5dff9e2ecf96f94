"""Defaults for running Prefect on these machines, set before Prefect is imported.

The ephemeral server needs more than Prefect's 20 s default to start on a new database here
(26-37 s measured); analytics and the client's telemetry are off. Values already set in the environment win.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry (and its notice on a terminal)
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def apply_defaults() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


@contextmanager
def local_server():
    """A real Prefect server on loopback for runs whose tasks execute in other processes (Dask
    workers): without one, every worker would start its own temporary server. An API URL already
    configured (PREFECT_API_URL) is used as it is."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
    os.environ["PREFECT_API_URL"] = server.api_url  # inherited by the Dask workers
    try:
        yield server.api_url
    finally:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)  # send the last log lines before the server goes
        del os.environ["PREFECT_API_URL"]
        server.stop()
