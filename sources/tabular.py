"""Turn a dropped CSV or Excel file into tables of text cells with their row numbers.

Everything is read as text; the readers and checks decide what the text means. Row numbers are
what the user sees: the line in a CSV file, the row in an Excel sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sources.columns import clean_text, match_columns

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


class UnreadableFile(Exception):
    """The file cannot be read at all; the message (Swedish) says why and what to do."""


@dataclass
class Table:
    sheet: str  # "" for a CSV file
    header_row: int  # 1-based
    headers: list[str]
    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (with or without BOM), else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_separator(text: str) -> str:
    """The separator that splits the first non-empty line into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _find_header(rows: list[tuple[int, list[str | None]]], known: list[dict]) -> int:
    """Index of the first of the first 20 rows that names two or more known columns."""
    for index, (_, cells) in enumerate(rows[:20]):
        headers = [cell or "" for cell in cells]
        if any(len(match_columns(headers, aliases)) >= 2 for aliases in known):
            return index
    for index, (_, cells) in enumerate(rows):
        if any(cells):
            return index
    return 0


def _to_table(sheet: str, rows: list[tuple[int, list[str | None]]], known: list[dict]) -> Table | None:
    rows = [(number, cells) for number, cells in rows if any(cell is not None for cell in cells)]
    if not rows:
        return None
    header_index = _find_header(rows, known)
    header_number, header_cells = rows[header_index]
    headers = [cell or "" for cell in header_cells]
    return Table(sheet=sheet, header_row=header_number, headers=headers, rows=rows[header_index + 1 :])


def read_csv_tables(path: Path, known: list[dict]) -> tuple[list[Table], dict]:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("Filen är tom. Lämna in filen igen med rubrikrad och data.")
    text, encoding = decode_text(data)
    separator = "\t" if path.suffix.lower() == ".tsv" else sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[str | None]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, [clean_text(cell) for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(
            f"Filen kan inte läsas som CSV (rad {reader.line_num}: {exc}). "
            "Spara om den som CSV med semikolon eller komma som avgränsare."
        ) from None
    table = _to_table("", rows, known)
    return ([table] if table else []), {"encoding": encoding, "separator": separator}


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return clean_text(value)


def read_workbook_tables(path: Path, known: list[dict]) -> tuple[list[Table], dict]:
    import openpyxl  # imported here: the CSV path should not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(
            "Filen kan inte öppnas som Excel-arbetsbok (.xlsx): den är skadad eller inte en "
            f"arbetsbok ({type(exc).__name__}). Spara om den i Excel och lämna in den igen."
        ) from None
    tables: list[Table] = []
    try:
        for sheet in workbook.worksheets:
            rows = [
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            table = _to_table(sheet.title, rows, known)
            if table:
                tables.append(table)
    finally:
        workbook.close()
    return tables, {"sheets": [sheet.sheet for sheet in tables]}


def read_tables(path: Path, known: list[dict]) -> tuple[list[Table], dict]:
    """Tables found in a CSV file or in each sheet of a workbook, plus format details."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv_tables(path, known)
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook_tables(path, known)
    raise UnreadableFile(
        f"Filtypen '{suffix or '(ingen)'}' kan inte läsas. Lämna statistik och inrapporteringar "
        "som CSV (.csv) eller Excel-arbetsbok (.xlsx)."
    )
