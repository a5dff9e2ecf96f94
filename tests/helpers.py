"""Helpers shared by the tests."""

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
