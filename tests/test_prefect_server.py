"""The temporary Prefect server a command starts before it imports Prefect: one server, used by
Prefect's client, stopped at the end; a configured server is used as it is."""

import os
import subprocess
import sys
import textwrap

import pytest

from flows.prefect_env import Server, configured_api_url
from sources.errors import ServerDidNotStart
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e  # a Prefect server in a process of its own

SCRIPT = textwrap.dedent("""
    import sys
    from flows.prefect_env import apply_defaults, local_server

    apply_defaults()
    with local_server() as server:
        assert "prefect" not in sys.modules  # the server boots while Prefect is imported
        from prefect import flow
        from prefect.settings import get_current_settings

        @flow
        def hello() -> str:
            return get_current_settings().api.url

        server.ready()
        seen = hello()
        process = server.process
    print(server.api_url, seen, process.poll() is not None)
""")


def test_one_server_started_before_prefect_and_used_by_its_client(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    started, used, stopped = done.stdout.split()
    assert started.startswith("http://127.0.0.1:") and started.endswith("/api")
    assert used == started  # Prefect's client took this server, it started no temporary one of its own
    assert stopped == "True"
    assert "Starting temporary server" not in done.stderr


def test_a_configured_server_is_used_from_the_environment_or_the_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://drift:4200/api")
    assert configured_api_url() == "http://drift:4200/api"
    monkeypatch.delenv("PREFECT_API_URL")
    (tmp_path / "profiles.toml").write_text('active = "drift"\n[profiles.drift]\n'
                                            'PREFECT_API_URL = "http://drift:4200/api"\n', encoding="utf-8")
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "profiles.toml"))
    monkeypatch.delitem(sys.modules, "prefect.settings", raising=False)  # as before Prefect is imported
    assert configured_api_url() == "http://drift:4200/api"


def test_a_server_that_exits_is_a_swedish_error_not_a_wait():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(ServerDidNotStart, match=r"kunde inte starta \(slutstatus 3\); kör igen med --verbose"):
        Server("http://127.0.0.1:9/api", process).ready(timeout=5)
