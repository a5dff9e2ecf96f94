"""A real local Prefect server on a free loopback port: `followup serve` registers the three
deployments with their schedules, a triggered annual run completes. Bounded in time; the server
and the serve process are stopped by their process groups."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.e2e  # the CLI or a served deployment in processes of their own

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(f"{what} inom {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_followup_serve_on_a_real_server_and_a_triggered_annual_run_completes(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=api, PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5", PREFECT_LOGGING_LEVEL="WARNING")
    inbox = tmp_path / "inkorg"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    with open(tmp_path / "server.log", "wb") as server_log, open(tmp_path / "serve.log", "wb") as serve_log:
        server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        serve = None
        try:
            wait_for(lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200, 180, "servern startade inte")
            serve = subprocess.Popen([str(BIN / "followup"), "serve", "--program", str(EXAMPLE / "program.yaml"),
                                      "--inbox", str(inbox), "--output", str(tmp_path / "ut")],
                                     env=env, stdout=serve_log, stderr=subprocess.STDOUT, start_new_session=True)

            def deployments():
                found = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
                return found if len(found) == 6 else None

            found = {d["name"]: d for d in wait_for(deployments, 120, "sex deployments syntes inte")}
            assert set(found) == {"arsuppfoljning", "kvartalsuppfoljning", "inlasning", "kolada-hamtning",
                                  "kolada-hamtning-kvartal", "kontroll-av-arkivet"}
            schedules = {name: (d["schedules"][0]["schedule"]["cron"], d["schedules"][0]["schedule"]["timezone"])
                         for name, d in found.items()}
            assert schedules["arsuppfoljning"] == ("0 6 1 3 *", "Europe/Stockholm")
            assert schedules["kolada-hamtning"] == ("0 5 1 3 *", "Europe/Stockholm")  # an hour before it
            assert schedules["kontroll-av-arkivet"] == ("0 4 * * 0", "Europe/Stockholm")

            def scheduled():
                runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {
                    "any_": ["SCHEDULED"]}}}}, timeout=10).json()
                ids = {run["deployment_id"] for run in runs}
                return runs if {d["id"] for d in found.values()} <= ids else None

            upcoming = wait_for(scheduled, 90, "schemalagda körningar skapades inte")
            annual_next = min(r["expected_start_time"] for r in upcoming
                              if r["deployment_id"] == found["arsuppfoljning"]["id"])
            assert "-03-01T05:00:00" in annual_next  # 06:00 in Stockholm (winter time) is 05:00 UTC

            run = httpx.post(f"{api}/deployments/{found['arsuppfoljning']['id']}/create_flow_run",
                             json={"parameters": {"year": 2023}}, timeout=10).json()

            def finished():
                state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
                return state if state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None

            state = wait_for(finished, 240, "årskörningen blev inte klar")
            assert state["type"] == "COMPLETED", (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
            assert (tmp_path / "ut" / "vasteras-social" / "2023" / "uppfoljning_vasteras-social_2023.docx").exists()
        finally:
            if serve is not None:
                stop(serve)
            stop(server)
    assert server.poll() is not None
