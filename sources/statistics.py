"""Reader for statistics: long format (Kolada's value records) and wide format (SCB PX-Web).

Output columns (all text, as written by the user but normalised): indicator, area, period,
gender, value; the raw_* columns keep the cell text as written for the issue messages.
"""

from __future__ import annotations

import re

import pandas as pd

from sources.columns import (
    GENDER_CODES,
    STATISTICS_COLUMNS,
    detect_decimal,
    match_columns,
    normalise_area,
    normalise_code,
    normalise_number,
    normalise_period,
)
from sources.tabular import KPI_IN_NAME, Table

STATISTICS_FRAME_COLUMNS = [
    "file", "sheet", "row", "indicator", "area", "period", "gender", "value",
    "raw_area", "raw_period", "raw_gender", "raw_value", "reader_error",
]
_PERIOD_HEADER = re.compile(r"^\d{4}(\s*[-_ ]?\s*(Q|K|kv)\s*[1-4])?$", re.IGNORECASE)


def empty_statistics() -> pd.DataFrame:
    return pd.DataFrame(columns=[*STATISTICS_FRAME_COLUMNS, "sha256"])


def period_columns(headers: list[str]) -> list[int]:
    """Indexes of headers that are periods ('2015', '2023K2'): the wide (PX-Web) layout."""
    return [i for i, header in enumerate(headers) if _PERIOD_HEADER.match(header.strip())]


def matches(headers: list[str]) -> bool:
    found = match_columns(headers, STATISTICS_COLUMNS)
    wide = bool(period_columns(headers))
    return ("indicator" in found and ("value" in found or "area" in found or wide)) or ("area" in found and wide)


def indicator_from_name(file: str) -> str | None:
    """A Kolada id in the file name ('N00957_ohalsotal.csv'): PX-Web tables carry none."""
    found = KPI_IN_NAME.search(file)
    return found.group(1) if found else None


def missing_columns(headers: list[str], file: str = "") -> list[str]:
    found = match_columns(headers, STATISTICS_COLUMNS)
    required = ["area"] if indicator_from_name(file) else ["indicator", "area"]
    if not period_columns(headers):
        required += ["period", "value"]
    return [name for name in required if name not in found]


def _record(file: str, sheet: str, row: int, indicator, area, period, gender, value, decimal: str,
            bad: bool) -> dict:
    return {
        "file": file,
        "sheet": sheet,
        "row": row,
        "indicator": indicator.strip().upper() if indicator else indicator,
        "area": normalise_area(area),
        "period": normalise_period(period),
        "gender": normalise_code(gender, GENDER_CODES, default="T"),
        "value": normalise_number(value, decimal),
        "raw_area": area,
        "raw_period": period,
        "raw_gender": gender,
        "raw_value": value,
        "reader_error": bad,
    }


def read(table: Table, file: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Canonical statistics rows of one table, and canonical column -> header as written."""
    found = match_columns(table.headers, STATISTICS_COLUMNS)
    headers = {name: table.headers[index] for name, index in found.items()}

    def cell(cells: list[str | None], name: str) -> str | None:
        index = found.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    records = []
    wide = period_columns(table.headers) if "value" not in found else []
    value_columns = wide or ([found["value"]] if "value" in found else [])
    decimal = detect_decimal([cells[i] for _, cells in table.rows for i in value_columns if i < len(cells)])
    named = indicator_from_name(file) if "indicator" not in found else None
    for row, cells in table.rows:
        indicator = named or cell(cells, "indicator")
        bad = row in table.bad_rows
        if wide:
            for index in wide:
                value = cells[index] if index < len(cells) else None
                records.append(_record(file, table.sheet, row, indicator, cell(cells, "area"),
                                       table.headers[index], cell(cells, "gender"), value, decimal, bad))
        else:
            records.append(_record(file, table.sheet, row, indicator, cell(cells, "area"),
                                   cell(cells, "period"), cell(cells, "gender"), cell(cells, "value"),
                                   decimal, bad))
    if wide:
        headers["period"] = headers["value"] = "(årskolumnerna)"
    if named:
        headers["indicator"] = "(filnamnet)"
    frame = pd.DataFrame.from_records(records, columns=STATISTICS_FRAME_COLUMNS)
    return frame, headers
