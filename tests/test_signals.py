"""A run stopped by a signal: SIGTERM or SIGINT ends it cleanly within 30 s (the lock released, the staging
folder removed, the run recorded as interrupted, the previous report in place), and SIGKILL
leaves no Prefect server behind."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.e2e  # the command in processes of its own

BIN = Path(sys.executable).parent


def _start(inbox: Path, output: Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}  # its own server
    return subprocess.Popen([str(BIN / "followup"), "run", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                             str(inbox), "--year", "2023", "--output", str(output)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(condition, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError("never happened")


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    for path in inbox.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))
    return inbox


@pytest.mark.parametrize(("stop", "said"), [(signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "avbruten med Ctrl-C")])
def test_a_signal_stops_a_run_cleanly_and_keeps_the_previous_report(tmp_path, stop, said):
    inbox, output = _inbox(tmp_path), tmp_path / "out"
    first = _start(inbox, output)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    final = output / "vasteras-social" / "2023"
    report = final / "uppfoljning_vasteras-social_2023.docx"
    before = report.read_bytes()

    run = _start(inbox, output)
    staging = _wait_for(lambda: list((output / "vasteras-social").glob(".2023.staging-*")))
    run.send_signal(stop)
    assert run.wait(timeout=30) == 1
    assert run.stderr.read().strip().splitlines()[-1] == (
        f"fel: Körningen avbröts ({said}); ingen ny rapport publicerades och den förra finns kvar. Kör kommandot "
        "igen för att göra rapporten.")
    assert not staging[0].exists()
    assert report.read_bytes() == before
    assert not (output / "vasteras-social" / "history").exists()  # nothing was published over it
    fd = os.open(output / "vasteras-social" / ".2023.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released
    finally:
        os.close(fd)
    with sqlite3.connect(output / "ledger.sqlite") as ledger:
        runs = ledger.execute("SELECT command, program, period, outcome FROM runs ORDER BY started_at").fetchall()
    assert runs == [("run", "vasteras-social", "2023", "klar"), ("run", "vasteras-social", "2023", "avbruten")]


def test_sigkill_of_a_run_leaves_no_prefect_server_running(tmp_path):
    run = _start(_inbox(tmp_path), tmp_path / "out")
    command = psutil.Process(run.pid)
    server = _wait_for(lambda: [child for child in command.children(recursive=True)
                                if "flows.prefect_server" in " ".join(child.cmdline())])[0]
    run.kill()
    run.wait(timeout=10)
    gone, alive = psutil.wait_procs([server], timeout=20)
    assert alive == [] and gone == [server]


def test_sigkill_of_a_national_run_leaves_no_server_and_no_dask_worker(tmp_path):
    """The Dask workers exit when their parent's pipe closes (distributed's own watch), the server
    by PR_SET_PDEATHSIG: after SIGKILL of `run-many`, none of its processes is left."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.national_data import generate

    inbox = tmp_path / "nationell"
    generate(inbox, 8)
    for path in inbox.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    run = subprocess.Popen([str(BIN / "followup"), "run-many", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                            str(inbox), "--year", "2023", "--output", str(tmp_path / "out"), "--workers", "2",
                            "--limit", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    command = psutil.Process(run.pid)

    def workers_up():
        children = command.children(recursive=True)
        workers = [child for child in children if "multiprocessing" in " ".join(child.cmdline())]
        return children if len(workers) >= 2 else None

    children = _wait_for(workers_up, seconds=240)
    run.kill()
    run.wait(timeout=10)
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert [child.cmdline()[:3] for child in alive] == []
