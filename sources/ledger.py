"""The intake ledger: every dropped file version and every accepted record, in SQLite.

SQLite because it is in the Python standard library (nothing to install or run), a single file
next to the archive that a statistician can open with any SQLite tool, and transactional, so a
run that stops half-way leaves the ledger as it was. Writing is idempotent: dropping the same
folder twice leaves the ledger unchanged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from sources.errors import FollowupError

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    name TEXT NOT NULL,            -- file name in the drop folder (cleaned of unsafe characters)
    sha256 TEXT NOT NULL,          -- fingerprint of the bytes
    version INTEGER NOT NULL,      -- 1 for the first bytes seen under this name, then 2, 3, ...
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,     -- when these bytes were first taken in (UTC)
    modified_at TEXT NOT NULL,     -- the file's time stamp in the drop folder
    archived_path TEXT NOT NULL,
    kind TEXT,                     -- statistik, inrapportering, okänd
    status TEXT,                   -- accepterad, delvis accepterad, används inte, avvisad
    rows INTEGER, accepted INTEGER, rejected INTEGER,
    set_aside INTEGER,             -- rows not used but not wrong (replaced by a newer file, other period)
    cells_rejected INTEGER,        -- cells not used in rows that were used
    period TEXT,                   -- what the file covers: '2023', '2012–2023'
    preamble TEXT,                 -- the lines above the header (a file's own title), one per line
    PRIMARY KEY (name, sha256)
);
CREATE TABLE IF NOT EXISTS issues (
    sha256 TEXT NOT NULL, name TEXT NOT NULL, sheet TEXT, row INTEGER, "column" TEXT,
    rule TEXT, severity TEXT, value TEXT, message TEXT
);
CREATE INDEX IF NOT EXISTS issues_file ON issues (sha256, name);
CREATE TABLE IF NOT EXISTS statistics (
    sha256 TEXT NOT NULL, sheet TEXT, row INTEGER,
    indicator TEXT, area TEXT, period TEXT, gender TEXT, value REAL,
    raw_value TEXT,                -- the cell as written ('24,3', '..')
    status TEXT,                   -- the source's status (Kolada's status, SCB's '*' for provisional)
    unit TEXT,                     -- the file's unit column, where it has one
    state TEXT,                    -- används, saknar värde, ersatt, dubblett
    note TEXT,                     -- why a record is not used (which file replaced it)
    dims TEXT                      -- the categories of the columns that split the values (JSON), if any
);
CREATE INDEX IF NOT EXISTS statistics_file ON statistics (sha256);
CREATE TABLE IF NOT EXISTS submissions (
    sha256 TEXT NOT NULL, sheet TEXT, row INTEGER,
    goal TEXT, committee TEXT, period TEXT, assessment TEXT, trend TEXT, comment TEXT,
    activity TEXT, activity_status TEXT, cost_tkr REAL,
    goal_title TEXT,               -- the goal's title as the template showed it
    state TEXT,                    -- används, ersatt, dubblett, annan period
    note TEXT,
    action_id TEXT,                -- an activity's id, kept from period to period (template version 2)
    also_goals TEXT,               -- further goals the activity serves, ';'-separated
    owner TEXT, start TEXT, deadline TEXT,  -- who leads it; planned start and end (ISO dates)
    effect_indicator TEXT          -- the indicator it is expected to move
);
CREATE INDEX IF NOT EXISTS submissions_file ON submissions (sha256);
CREATE TABLE IF NOT EXISTS runs (
    started_at TEXT NOT NULL,      -- UTC
    ended_at TEXT NOT NULL,
    command TEXT NOT NULL,         -- run, run-many, quarterly
    program TEXT NOT NULL,         -- the program's id
    period TEXT NOT NULL,
    outcome TEXT NOT NULL,         -- klar, avbruten (a signal), inte gjord (why in reason)
    reason TEXT,
    pid INTEGER
);
"""

STATISTICS_COLUMNS = ["sha256", "sheet", "row", "indicator", "area", "period", "gender", "value", "raw_value",
                      "status", "unit", "state", "note", "dims"]
SUBMISSION_COLUMNS = ["sha256", "sheet", "row", "goal", "committee", "period", "assessment", "trend", "comment",
                      "activity", "activity_status", "cost_tkr", "goal_title", "state", "note", "action_id",
                      "also_goals", "owner", "start", "deadline", "effect_indicator"]
# Columns added after the first ledgers were written: an older ledger gets them on opening.
ADDED_COLUMNS = {
    "files": ["set_aside INTEGER", "cells_rejected INTEGER", "period TEXT", "preamble TEXT"],
    "statistics": ["raw_value TEXT", "status TEXT", "unit TEXT", "state TEXT", "note TEXT", "dims TEXT"],
    "submissions": ["goal_title TEXT", "state TEXT", "note TEXT", "action_id TEXT", "also_goals TEXT", "owner TEXT",
                    "start TEXT", "deadline TEXT", "effect_indicator TEXT"],
}
ISSUE_COLUMNS = ["sheet", "row", "column", "rule", "severity", "value", "message"]


BUSY_SECONDS = 120  # how long a writer waits for another one (the intake every 15 minutes, a run)
# The schema's version, in SQLite's user_version: 0 is a ledger from before versions were kept
# (brought up to date by SCHEMA and ADDED_COLUMNS, both idempotent); 1 adds the runs table.
# A later change adds its step to MIGRATIONS under the next number.
SCHEMA_VERSION = 1
MIGRATIONS: dict[int, list[str]] = {}  # version -> the statements that bring version - 1 to it


class NewerLedger(FollowupError):
    """The ledger was written by a newer version of the program."""


class Ledger:
    def __init__(self, path: Path, busy_seconds: float = BUSY_SECONDS) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Two processes may write at the same moment (the intake deployment and an annual run):
        # the second waits for the first's transaction instead of failing with "database is locked".
        self.connection = sqlite3.connect(path, timeout=busy_seconds)
        self._migrate()

    def _migrate(self) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self.connection.close()
            raise NewerLedger(f"Registret {self.path} är skrivet av en nyare version av uppföljningen (schema "
                              f"{version}, den här versionen kan {SCHEMA_VERSION}); uppdatera programmet.")
        if version == SCHEMA_VERSION:
            return
        self.connection.executescript(SCHEMA)
        with self.connection:
            self._add_columns()
            for step in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    self.connection.execute(statement)
            self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _add_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            present = {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column.split()[0] not in present:
                    self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column}")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def record_run(self, started_at: str, ended_at: str, command: str, program: str, period: str, outcome: str,
                   reason: str | None, pid: int) -> None:
        with self.connection:
            self.connection.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    (started_at, ended_at, command, program, period, outcome, reason, pid))

    def version(self, name: str, sha256: str) -> tuple[int, str | None]:
        """The version number of these bytes under this name, and when they were first received
        (None: new bytes, which get the next version number)."""
        found = self.connection.execute("SELECT version, received_at FROM files WHERE name = ? AND sha256 = ?",
                                        (name, sha256)).fetchone()
        if found:
            return int(found[0]), found[1]
        latest = self.connection.execute("SELECT MAX(version) FROM files WHERE name = ?", (name,)).fetchone()[0]
        return (latest or 0) + 1, None

    def register(self, name: str, sha256: str, version: int, size: int, received_at: str, modified_at: str,
                 archived_path: str) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT OR IGNORE INTO files (name, sha256, version, size, received_at, modified_at, archived_path) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (name, sha256, version, size, received_at, modified_at, archived_path))

    def record_outcome(self, files: pd.DataFrame, issues: pd.DataFrame, statistics: pd.DataFrame,
                       submissions: pd.DataFrame) -> None:
        """Status, counts and issues per file version, and every accepted or set-aside record with
        its provenance and state (a value replaced by a newer file stays, marked 'ersatt').
        Replaces what an earlier run recorded for the same versions."""
        with self.connection:
            for f in files.itertuples():
                if pd.isna(f.sha256):
                    continue
                self.connection.execute(
                    "UPDATE files SET kind = ?, status = ?, rows = ?, accepted = ?, rejected = ?, set_aside = ?, "
                    "cells_rejected = ?, period = ?, preamble = ? WHERE name = ? AND sha256 = ?",
                    (f.kind, f.status, int(f.rows), int(f.accepted), int(f.rejected), int(f.set_aside),
                     int(f.cells_rejected), f.period, None if pd.isna(f.preamble) else f.preamble, f.file,
                     f.sha256))
                self.connection.execute("DELETE FROM issues WHERE sha256 = ? AND name = ?", (f.sha256, f.file))
                own = issues[issues["file"] == f.file]
                self.connection.executemany(
                    'INSERT INTO issues (sha256, name, sheet, row, "column", rule, severity, value, message) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(f.sha256, f.file, *_plain(row)) for row in own[ISSUE_COLUMNS].itertuples(index=False)])
            for table, frame, columns in (("statistics", statistics, STATISTICS_COLUMNS),
                                          ("submissions", submissions, SUBMISSION_COLUMNS)):
                shas = sorted(set(frame["sha256"].dropna())) if "sha256" in frame else []
                for sha in shas:
                    self.connection.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))
                rows = frame[frame["sha256"].notna()].reindex(columns=columns) if shas else frame.iloc[0:0]
                placeholders = ", ".join("?" for _ in columns)
                self.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
                                            _records(rows))

    def action_versions(self, action_id: str) -> pd.DataFrame:
        """Every version of an activity the ledger has seen: one row per file version and row that
        reported it, oldest file first (a corrected workbook adds a version; nothing is overwritten)."""
        return pd.read_sql_query(
            "SELECT f.name AS file, f.version, f.received_at, s.period, s.committee, s.goal, s.also_goals, "
            "s.activity, s.owner, s.start, s.deadline, s.effect_indicator, s.activity_status, s.cost_tkr, s.state "
            "FROM submissions s JOIN files f ON f.sha256 = s.sha256 WHERE s.action_id = ? "
            "ORDER BY s.period, f.received_at, f.version, s.row", self.connection, params=(action_id.upper(),))

    def table(self, name: str) -> pd.DataFrame:
        order = {"files": "name, version", "issues": "name, sheet, row, rule",
                 "statistics": "sha256, sheet, row, indicator, area, period, gender",
                 "submissions": "sha256, sheet, row"}[name]
        return pd.read_sql_query(f"SELECT * FROM {name} ORDER BY {order}", self.connection)


def _plain_value(value):
    """A database-friendly value: None for missing, Python ints and floats."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _plain(row) -> tuple:
    return tuple(_plain_value(value) for value in row)


def _records(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows as `_plain` makes them, converted a column at a time: value by value, a
    national export's half a million rows took 7 s. A typed column's `tolist()` gives Python
    values already; an object column may hold numpy scalars, so its values go through `_plain_value`."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        columns.append([_plain_value(v) for v in values] if series.dtype == object else values)
    return list(zip(*columns, strict=True))
