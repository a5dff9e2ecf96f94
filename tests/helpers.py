"""Helpers shared by the tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


def assert_issues_equal(issues: pd.DataFrame, expected_csv: Path) -> None:
    """The issue table equals the expected file (file, sheet, row, column, rule, severity)."""
    expected = pd.read_csv(expected_csv, keep_default_na=False, na_values={"row": [""]},
                           dtype={"sheet": "string", "column": "string"})
    expected["row"] = expected["row"].astype("Int64")
    actual = issues[expected.columns.tolist()].reset_index(drop=True)
    for column in ("file", "sheet", "column", "rule", "severity"):
        actual[column] = actual[column].fillna("").astype("string")
        expected[column] = expected[column].astype("string")
    pd.testing.assert_frame_equal(actual, expected)


def make_program(indicators: str, extra: str = "", rating: str = "{}", goals: str = ""):
    """A one-area program for Stockholm (0180) with goal 1 holding `indicators` (YAML lines at
    the indicators' indentation), `goals` after it, `extra` top-level keys and `rating`."""
    import yaml

    from sources.program import parse_program

    return parse_program(yaml.safe_load(f"""
id: t
name: Test
municipality: {{code: "0180", name: Stockholm}}
committees: {{KS: Kommunstyrelsen}}
rating: {rating}
{extra}
areas:
  - id: a
    name: A
    goals:
      - id: "1"
        title: Ett
        committees: [KS]
        indicators:
{indicators}
{goals}"""))


@contextmanager
def lock_held_elsewhere(path: Path) -> Iterator[None]:
    """`path`'s run lock held by another process (a second run) while the block runs."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
                               "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
         str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
