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
    status TEXT,                   -- accepterad, delvis accepterad, avvisad
    rows INTEGER, accepted INTEGER, rejected INTEGER,
    PRIMARY KEY (name, sha256)
);
CREATE TABLE IF NOT EXISTS issues (
    sha256 TEXT NOT NULL, name TEXT NOT NULL, sheet TEXT, row INTEGER, "column" TEXT,
    rule TEXT, severity TEXT, value TEXT, message TEXT
);
CREATE INDEX IF NOT EXISTS issues_file ON issues (sha256, name);
CREATE TABLE IF NOT EXISTS statistics (
    sha256 TEXT NOT NULL, sheet TEXT, row INTEGER,
    indicator TEXT, area TEXT, period TEXT, gender TEXT, value REAL
);
CREATE INDEX IF NOT EXISTS statistics_file ON statistics (sha256);
CREATE TABLE IF NOT EXISTS submissions (
    sha256 TEXT NOT NULL, sheet TEXT, row INTEGER,
    goal TEXT, committee TEXT, period TEXT, assessment TEXT, trend TEXT, comment TEXT,
    activity TEXT, activity_status TEXT, cost_tkr REAL
);
CREATE INDEX IF NOT EXISTS submissions_file ON submissions (sha256);
"""

STATISTICS_COLUMNS = ["sha256", "sheet", "row", "indicator", "area", "period", "gender", "value"]
SUBMISSION_COLUMNS = ["sha256", "sheet", "row", "goal", "committee", "period", "assessment", "trend", "comment",
                      "activity", "activity_status", "cost_tkr"]
ISSUE_COLUMNS = ["sheet", "row", "column", "rule", "severity", "value", "message"]


class Ledger:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

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
        """Status, counts and issues per file version, and every accepted record with its
        provenance. Replaces what an earlier run recorded for the same versions."""
        with self.connection:
            for f in files.itertuples():
                if pd.isna(f.sha256):
                    continue
                self.connection.execute(
                    "UPDATE files SET kind = ?, status = ?, rows = ?, accepted = ?, rejected = ? "
                    "WHERE name = ? AND sha256 = ?",
                    (f.kind, f.status, int(f.rows), int(f.accepted), int(f.rejected), f.file, f.sha256))
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
                rows = frame[frame["sha256"].notna()][columns] if shas else frame.iloc[0:0]
                placeholders = ", ".join("?" for _ in columns)
                self.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
                                            [_plain(row) for row in rows.itertuples(index=False)])

    def table(self, name: str) -> pd.DataFrame:
        order = {"files": "name, version", "issues": "name, sheet, row, rule",
                 "statistics": "sha256, sheet, row, indicator, area, period, gender",
                 "submissions": "sha256, sheet, row"}[name]
        return pd.read_sql_query(f"SELECT * FROM {name} ORDER BY {order}", self.connection)


def _plain(row) -> tuple:
    """Database-friendly values: None for missing, Python ints and floats."""
    values = []
    for value in row:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            values.append(None)
        elif hasattr(value, "item"):
            values.append(value.item())
        else:
            values.append(value)
    return tuple(values)
