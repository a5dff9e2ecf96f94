"""The table of issues a person can act on: file, sheet, row, column, rule, message.

Every stage that finds something wrong (reading, checking, assessing) reports it here; the
flow decides what fails. Severity `fel` means the file, row or cell was not used because it is
wrong; `varning` means it was used but deserves a look; `notering` says what was read in a way
worth knowing, or set aside without being wrong (an unused column, a value replaced by a newer
file, a submission for another period).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from sources.vocabulary import ERROR, NOTE, WARNING

__all__ = ["ERROR", "NOTE", "WARNING", "ISSUE_COLUMNS", "Issue", "issues_frame", "concat_issues", "row_ranges",
           "values_text"]

ISSUE_COLUMNS = ["file", "sheet", "row", "column", "rule", "severity", "value", "message"]


@dataclass(frozen=True)
class Issue:
    file: str
    rule: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    severity: str = ERROR
    value: str = ""


def issues_frame(issues: list[Issue] | None = None) -> pd.DataFrame:
    """A DataFrame with the issue columns (empty but typed when there are none)."""
    records = [asdict(issue) for issue in issues or []]
    frame = pd.DataFrame.from_records(records, columns=ISSUE_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return issues_frame()
    # One line per row: a wide file's row gives one record per value, and the same issue on each
    # of them is one issue of that row.
    combined = pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS].drop_duplicates()
    combined["row"] = combined["row"].astype("Int64")
    return combined.sort_values(["file", "sheet", "row", "column"], na_position="first",
                                kind="stable").reset_index(drop=True)


def values_text(count: int) -> str:
    """'1 värde', '12 värden'."""
    return f"{count} {'värde' if count == 1 else 'värden'}"


def row_ranges(rows: list[int], limit: int = 12) -> str:
    """[4, 5, 6, 9] -> '4–6, 9' (at most `limit` ranges, then '...')."""
    ordered = sorted(set(rows))
    ranges: list[str] = []
    start = previous = None
    for row in ordered + [None]:
        if row is not None and previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            ranges.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = row
    shown = ranges[:limit]
    return ", ".join(shown) + (" ..." if len(ranges) > limit else "")
