"""Reader for committee submissions: one row per goal (assessment, trend, comment) and
optionally rows per activity (activity, status, cost), from the template workbook or a CSV.
"""

from __future__ import annotations

import pandas as pd

from sources.columns import (
    ACTIVITY_STATUS_CODES,
    LIGHT_CODES,
    SUBMISSION_COLUMNS,
    SUBMISSION_REQUIRED,
    TREND_CODES,
    match_columns,
    normalise_code,
    normalise_number,
    normalise_period,
)
from sources.tabular import Table

SUBMISSION_FRAME_COLUMNS = [
    "file", "sheet", "row", "goal", "committee", "period", "assessment", "trend", "comment",
    "activity", "activity_status", "cost_tkr",
    "raw_period", "raw_assessment", "raw_trend", "raw_activity_status", "raw_cost_tkr", "reader_error",
]


def empty_submissions() -> pd.DataFrame:
    return pd.DataFrame(columns=[*SUBMISSION_FRAME_COLUMNS, "sha256"])


def matches(headers: list[str]) -> bool:
    found = match_columns(headers, SUBMISSION_COLUMNS)
    return "goal" in found and ("committee" in found or "assessment" in found or "comment" in found)


def missing_columns(headers: list[str], file: str = "") -> list[str]:
    found = match_columns(headers, SUBMISSION_COLUMNS)
    return [name for name in SUBMISSION_REQUIRED if name not in found]


def read(table: Table, file: str) -> tuple[pd.DataFrame, dict[str, str]]:
    found = match_columns(table.headers, SUBMISSION_COLUMNS)
    headers = {name: table.headers[index] for name, index in found.items()}

    def cell(cells: list[str | None], name: str) -> str | None:
        index = found.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    records = []
    for row, cells in table.rows:
        goal = cell(cells, "goal")
        # A template row left empty (goal, committee and period are pre-filled) is not a submission.
        filled = [cell(cells, name) for name in
                  ("assessment", "trend", "comment", "activity", "activity_status", "cost_tkr")]
        if not any(filled):
            continue
        committee = cell(cells, "committee")
        records.append({
            "file": file,
            "sheet": table.sheet,
            "row": row,
            "goal": goal,
            "committee": committee.strip().upper() if committee else committee,
            "period": normalise_period(cell(cells, "period")),
            "assessment": normalise_code(cell(cells, "assessment"), LIGHT_CODES),
            "trend": normalise_code(cell(cells, "trend"), TREND_CODES),
            "comment": cell(cells, "comment"),
            "activity": cell(cells, "activity"),
            "activity_status": normalise_code(cell(cells, "activity_status"), ACTIVITY_STATUS_CODES),
            "cost_tkr": normalise_number(cell(cells, "cost_tkr")),
            "raw_period": cell(cells, "period"),
            "raw_assessment": cell(cells, "assessment"),
            "raw_trend": cell(cells, "trend"),
            "raw_activity_status": cell(cells, "activity_status"),
            "raw_cost_tkr": cell(cells, "cost_tkr"),
            "reader_error": row in table.bad_rows,
        })
    frame = pd.DataFrame.from_records(records, columns=SUBMISSION_FRAME_COLUMNS)
    return frame, headers
