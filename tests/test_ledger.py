"""The intake ledger: versions, provenance, and nothing changes when the same folder is dropped again."""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

from checks.drop import files_table
from checks.runner import check_all
from sources.intake import take_in
from sources.ledger import SCHEMA_VERSION, Ledger, NewerLedger
from sources.readers import read_dropped
from tests.conftest import FIXTURES


def intake_and_record(program, inbox, output, settle=0.0):
    with Ledger(output / "ledger.sqlite") as ledger:
        files, intake_issues = take_in(inbox, output / "archive", ledger, settle)
        results = [read_dropped(f) for f in files]
        checked = check_all(results, program, 1990, 2026, intake_issues)
        ledger.record_outcome(files_table(files, checked.files), checked.issues, checked.ledger_statistics,
                              checked.ledger_submissions)
        return files, checked, {name: ledger.table(name) for name in ("files", "issues", "statistics", "submissions")}


def test_ledger_holds_files_issues_and_records_with_provenance(small_program, tmp_path):
    inbox = tmp_path / "inkorg"
    shutil.copytree(FIXTURES / "drop", inbox)
    files, checked, tables = intake_and_record(small_program, inbox, tmp_path / "out")
    ledger_files = tables["files"].set_index("name")
    assert len(ledger_files) == 19
    row = ledger_files.loc["statistik_kolada_ok.csv"]
    assert (row["version"], row["status"], row["rows"], row["accepted"], row["kind"]) == (1, "accepterad", 7, 7,
                                                                                           "statistik")
    assert row["sha256"] == next(f.sha256 for f in files if f.name == "statistik_kolada_ok.csv")
    assert ledger_files.loc["statistik_okant_kon.csv", "status"] == "avvisad"
    assert len(tables["issues"]) == len(checked.issues) == 28
    stats = tables["statistics"]
    # Every value used; the blank (no value published), the identical duplicate and the row of a
    # KPI the program does not use (N99999) set aside.
    assert len(stats) == len(checked.statistics) + 3 == 18
    assert stats["state"].value_counts().to_dict() == {"används": 15, "dubblett": 1, "saknar värde": 1,
                                                       "annat nyckeltal": 1}
    first = stats[(stats["indicator"] == "N00945") & (stats["period"] == "2015")].iloc[0]
    assert (first["sha256"], first["row"], first["value"], first["raw_value"]) == (row["sha256"], 2, 39.09, "39.09")
    # The row with unknown light and trend is used for its comment; the two cells are not.
    assert len(tables["submissions"]) == len(checked.submissions) == 4
    assert ledger_files.loc["statistik_dubbletter_lika_varden.csv", ["accepted", "set_aside"]].tolist() == [1, 1]


def test_dropping_the_same_folder_twice_changes_nothing(small_program, tmp_path):
    inbox = tmp_path / "inkorg"
    shutil.copytree(FIXTURES / "drop", inbox)
    _, _, first = intake_and_record(small_program, inbox, tmp_path / "out")
    archive_before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "out" / "archive").rglob("*"))
    _, _, second = intake_and_record(small_program, inbox, tmp_path / "out")
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "out" / "archive").rglob("*")) == \
        archive_before


def test_a_changed_file_is_a_new_version_and_both_are_kept(small_program, tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    path = inbox / "statistik.csv"
    path.write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,40.8\n")
    os.utime(path, (0, 0))
    first, _, _ = intake_and_record(small_program, inbox, tmp_path / "out")
    path.write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,41.2\n")
    os.utime(path, (0, 0))
    second, checked, tables = intake_and_record(small_program, inbox, tmp_path / "out")
    assert (first[0].version, second[0].version) == (1, 2)
    assert tables["files"][["name", "version"]].values.tolist() == [["statistik.csv", 1], ["statistik.csv", 2]]
    assert first[0].archived.read_bytes() != second[0].archived.read_bytes()
    assert first[0].archived.exists() and second[0].archived.exists()
    assert checked.statistics["value"].tolist() == [41.2]  # the run uses the version in the inbox
    # Both versions' records are kept, each with its own fingerprint.
    assert sorted(tables["statistics"]["value"]) == [40.8, 41.2]


def test_a_file_still_being_written_is_left_for_the_next_run(tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "gammal.csv").write_bytes(b"a,b\n1,2\n")
    os.utime(inbox / "gammal.csv", (0, 0))
    (inbox / "ny.csv").write_bytes(b"a,b\n1,2\n")
    files, issues = take_in(inbox, tmp_path / "archive", settle_seconds=30,
                            now=dt.datetime.now(dt.UTC))
    assert [f.name for f in files] == ["gammal.csv"]
    assert [(i.file, i.rule) for i in issues] == [("ny.csv", "skrivs_fortfarande")]
    assert not (tmp_path / "archive").joinpath("ny.csv").exists()


def test_a_ledger_from_before_schema_versions_is_brought_up_to_date(tmp_path):
    """An old ledger: its tables without the columns added since, no runs table, user_version 0."""
    path = tmp_path / "ledger.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE files (name TEXT NOT NULL, sha256 TEXT NOT NULL, version INTEGER NOT NULL, "
                    "size INTEGER NOT NULL, received_at TEXT NOT NULL, modified_at TEXT NOT NULL, "
                    "archived_path TEXT NOT NULL, kind TEXT, status TEXT, rows INTEGER, accepted INTEGER, "
                    "rejected INTEGER, PRIMARY KEY (name, sha256))")
        old.execute("INSERT INTO files VALUES ('a.csv', 'abc', 1, 3, '2024-01-01', '2024-01-01', '/x', "
                    "'statistik', 'accepterad', 1, 1, 0)")
    with Ledger(path) as ledger:
        columns = [row[1] for row in ledger.connection.execute("PRAGMA table_info(files)")]
        tables = {row[0] for row in ledger.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = ledger.connection.execute("PRAGMA user_version").fetchone()[0]
        assert ledger.version("a.csv", "abc") == (1, "2024-01-01")  # its rows kept
    assert columns[-4:] == ["set_aside", "cells_rejected", "period", "preamble"]
    assert {"files", "issues", "statistics", "submissions", "runs"} <= tables
    assert version == SCHEMA_VERSION == 1


def test_a_ledger_of_a_newer_version_is_refused_in_swedish(tmp_path):
    path = tmp_path / "ledger.sqlite"
    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 7")
    with pytest.raises(NewerLedger) as refused:
        Ledger(path)
    assert str(refused.value) == (f"Registret {path} är skrivet av en nyare version av uppföljningen (schema 7, "
                                  "den här versionen kan 1); uppdatera programmet.")


def test_two_processes_writing_the_ledger_at_once_wait_for_each_other(tmp_path):
    """The intake deployment and an annual run: the second writer waits for the first's
    transaction instead of failing with 'database is locked' (SQLite's default is 5 s)."""
    path = tmp_path / "ledger.sqlite"
    Ledger(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                               "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(7); "
                               "c.execute('COMMIT')", str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with Ledger(path) as ledger:  # waits the 7 s out
        ledger.register("b.csv", "def", 1, 3, "2024-01-02", "2024-01-02", "/y")
        assert ledger.version("b.csv", "def") == (1, "2024-01-02")
    assert holder.wait(timeout=30) == 0
