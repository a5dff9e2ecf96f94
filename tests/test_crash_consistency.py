"""Crash consistency: the annual run over a sequence of drops (new files, a new version of an old
one, broken files), killed with SIGKILL at seeded random moments and run again after each kill.
At the end `followup verify` passes, every dropped file version is in the archive and the ledger
exactly once, and the ratings equal those of one clean run on the final inbox.

The figures (drops, kills, file versions, lost) are in docs/operations.md."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLE, FIXTURES

pytestmark = pytest.mark.e2e  # the command in processes of its own

BIN = Path(sys.executable).parent
SEED = 20261204
SETTLED = (1_700_000_000, 1_700_000_000)


def _run(inbox: Path, output: Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    return subprocess.Popen([str(BIN / "followup"), "run", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                             str(inbox), "--year", "2023", "--output", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def _drop(inbox: Path, source: Path, name: str | None = None) -> None:
    target = inbox / (name or source.name)
    shutil.copyfile(source, target)
    os.utime(target, SETTLED)


def _new_version(inbox: Path, name: str) -> None:
    book = openpyxl.load_workbook(inbox / name)
    book["Inrapportering"]["G4"] = "Kommentaren är ändrad i en ny version av filen."
    book.save(inbox / name)
    os.utime(inbox / name, SETTLED)


def _work_started(output: Path, run: subprocess.Popen) -> None:
    """Until the run has its staging folder (its server is up and it holds the lock), or ended."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if list((output / "vasteras-social").glob(".2023.staging-*")):
            return
        time.sleep(0.05)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_runs_killed_at_random_moments_lose_nothing_and_end_as_one_clean_run(tmp_path):
    rng = random.Random(SEED)
    inbox, output = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    example = sorted((EXAMPLE / "inbox").iterdir())
    statistics = [path for path in example if path.suffix == ".csv"]
    workbooks = [path for path in example if path.suffix == ".xlsx"]
    drops = [
        lambda: [_drop(inbox, path) for path in statistics + workbooks[: len(workbooks) // 2]],
        lambda: ([_drop(inbox, path) for path in workbooks[len(workbooks) // 2:]],
                 _drop(inbox, FIXTURES / "drop" / "tom_fil.csv"), _drop(inbox, FIXTURES / "drop" / "rapport.pdf")),
        lambda: (_new_version(inbox, "inrapportering_kun_2023.xlsx"),
                 _drop(inbox, FIXTURES / "drop" / "statistik_text_i_vardekolumn.csv")),
    ]
    dropped: set[tuple[str, str]] = set()
    kills = 0
    for drop in drops:
        drop()
        dropped |= {(path.name, _sha256(path)) for path in inbox.iterdir()}
        run = _run(inbox, output)
        _work_started(output, run)
        time.sleep(rng.uniform(0.0, 5.0))  # somewhere in the work: intake, archive, ledger, checks, report
        if run.poll() is None:
            run.kill()
            kills += 1
        run.wait(timeout=60)
        again = _run(inbox, output)
        assert again.wait(timeout=300) == 0, again.stderr.read()
    assert kills >= 2  # (a run that ends before its moment is not killed)

    verified = subprocess.run([str(BIN / "followup"), "verify", "--output", str(output)], capture_output=True,
                              text=True, timeout=300)
    assert verified.returncode == 0, verified.stdout
    assert verified.stdout.splitlines()[-1] == "Allt stämmer."
    with sqlite3.connect(output / "ledger.sqlite") as ledger:
        recorded = ledger.execute("SELECT name, sha256, archived_path FROM files").fetchall()
    assert sorted((name, sha) for name, sha, _ in recorded) == sorted(dropped)  # each version exactly once
    assert len(dropped) == 26  # 22 example files, 3 broken ones, 1 new version
    assert all(_sha256(Path(archived)) == sha for _, sha, archived in recorded)
    assert sorted(p.parent.name for p in (output / "archive").rglob("*") if p.is_file()) == sorted(
        sha for _, sha in dropped)
    assert list((output / "vasteras-social").glob(".2023.staging-*")) == []

    clean_inbox, clean_output = tmp_path / "ren_inkorg", tmp_path / "ren_ut"
    shutil.copytree(inbox, clean_inbox)
    for path in clean_inbox.iterdir():
        os.utime(path, SETTLED)
    assert _run(clean_inbox, clean_output).wait(timeout=300) == 0
    final = "vasteras-social/2023"
    for table in ("ratings.csv", "coverage.csv"):
        assert (output / final / table).read_bytes() == (clean_output / final / table).read_bytes(), table
