"""Defaults for running Prefect on these machines, set before Prefect is imported, and the
temporary Prefect server a command runs its flows against.

The ephemeral server needs more than Prefect's 20 s default to start on a new database here
(26-37 s measured); analytics and the client's telemetry are off. Values already set in the environment win.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sources.errors import ServerDidNotStart

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry (and its notice on a terminal)
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def apply_defaults() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


def configured_api_url() -> str | None:
    """The Prefect server a user has configured (as for `followup serve`): PREFECT_API_URL in the
    environment or in the active profile of Prefect's profiles.toml. Read without importing
    Prefect, so that a server this command starts can boot while Prefect is imported."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:  # imported: its settings hold (a test harness sets them)
        from prefect.settings import get_current_settings

        return get_current_settings().api.url or None
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    name = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    return profiles.get("profiles", {}).get(name, {}).get("PREFECT_API_URL") or None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launch(port: int) -> subprocess.Popen:
    """Prefect's own temporary server (the command SubprocessASGIServer runs, through
    flows/prefect_server.py), without importing Prefect's server into this process."""
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           "FOLLOWUP_SERVER_PARENT": str(os.getpid())}  # it ends with this process (flows/prefect_server.py)
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen([sys.executable, "-m", "flows.prefect_server", "--factory",
                             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "error", "--lifespan", "on"], env=env)


@dataclass
class Server:
    """A Prefect server this process talks to: `ready()` waits until it answers."""

    api_url: str
    process: subprocess.Popen | None = None

    def ready(self, timeout: float | None = None) -> str:
        if self.process is None:
            return self.api_url
        timeout = timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerDidNotStart(f"Prefects tillfälliga server kunde inte starta (slutstatus "
                                        f"{self.process.returncode}); kör igen med --verbose och se felet ovanför.")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self.api_url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise ServerDidNotStart(f"Prefects tillfälliga server svarade inte inom {timeout:.0f} s; höj "
                                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS eller ange en server i "
                                "PREFECT_API_URL.")


@contextmanager
def local_server() -> Iterator[Server]:
    """A real Prefect server on loopback for this command's flows, stopped at the end. An API URL
    already configured is used as it is.

    Entered before Prefect is imported (the command line), the server is started at once in its
    own process and boots there (about 4 s of CPU here) while this process goes on importing the
    flows and Great Expectations; `ready()` waits for it just before the first flow. Its URL goes
    into the environment before Prefect reads its settings, so Prefect's client, and the Dask
    workers a national run spawns, use it instead of starting a temporary server of their own.
    Once Prefect is imported its settings are fixed, so then Prefect's own temporary server is
    started (the one its client falls back to) and only the workers get the URL."""
    configured = configured_api_url()
    if configured:
        yield Server(configured)
        return
    if "prefect" in sys.modules:
        with _prefects_temporary_server() as server:
            yield server
        return
    port = _free_port()
    server = Server(f"http://127.0.0.1:{port}/api", _launch(port))
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        _drain_logs()
        os.environ.pop("PREFECT_API_URL", None)
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()


@contextmanager
def _prefects_temporary_server() -> Iterator[Server]:
    from prefect.server.api.server import SubprocessASGIServer

    running = SubprocessASGIServer()  # one instance: Prefect's client takes the same
    ours = not running.running
    running.start(timeout=int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")))
    os.environ["PREFECT_API_URL"] = running.api_url  # inherited by the Dask workers
    try:
        yield Server(running.api_url)
    finally:
        _drain_logs()
        del os.environ["PREFECT_API_URL"]
        if ours:
            running.stop()


def _drain_logs() -> None:
    """Send Prefect's last log lines before the server goes."""
    if "prefect.logging.handlers" in sys.modules:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
