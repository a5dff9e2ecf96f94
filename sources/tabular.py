"""Turn a dropped file (CSV, Excel workbook, Kolada API JSON) into tables of text cells.

Everything is read as text; the readers and checks decide what the text means. Row numbers are
what the user sees: the line in a CSV file, the row in an Excel sheet, the record in a JSON
file. Hostile input is refused here, before any parser that could be abused sees it: files over
a size limit, workbooks that unpack to too much, XML with DTDs or entities (checked with
defusedxml), and nothing in a workbook is executed (macros are reported, formulas are read as
their text and the row is not used).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from checks.issues import WARNING, Issue
from sources.columns import CONTROL_CHARACTERS, clean_text, match_columns

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json"}

MAX_FILE_BYTES = 100 * 1024 * 1024  # larger files are archived but not read
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a workbook that unpacks to more is refused
MAX_PACK_RATIO = 100  # ... as is a part that unpacks to more than 100 times its packed size
READ_ONLY_FROM_BYTES = 10 * 1024 * 1024  # large workbooks are streamed (no merged-cell info)


class UnreadableFile(Exception):
    """The file cannot be read at all; the message (Swedish) says why and what to do."""

    def __init__(self, message: str, rule: str = "läsbar_fil") -> None:
        super().__init__(message)
        self.rule = rule


@dataclass
class Table:
    sheet: str  # "" for a CSV or JSON file
    header_row: int  # 1-based
    headers: list[str]
    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)  # rows with a cell that must not be used


@dataclass
class TableRead:
    tables: list[Table]
    details: dict
    notes: list[Issue] = field(default_factory=list)  # issues found while reading (file left "")


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and its encoding: UTF-16 or UTF-8 by their BOM, UTF-8, else cp1252 (Swedish Excel)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
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
    """The separator that splits the most of the first lines into the same number of fields.

    Title lines above the header ("Statistik från ...") have no separator and do not count;
    a tie goes to the semicolon, then tab, then comma (Swedish Excel writes semicolons)."""
    lines = [line for line in text.splitlines() if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for sep in (";", "\t", ","):
        counts = [line.count(sep) for line in lines if line.count(sep)]
        if not counts:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = sep, score
    return best


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
    return Table(sheet=sheet, header_row=header_number, headers=headers, rows=rows[header_index + 1:])


def _clean_cell(text: str | None, sheet: str, row: int, column: str, notes: list[Issue]) -> str | None:
    """Strip control characters (python-docx and XML refuse them) and say so."""
    if text is None or not CONTROL_CHARACTERS.search(text):
        return text
    notes.append(Issue(file="", sheet=sheet, row=row, column=column, rule="kontrolltecken", severity=WARNING,
                       value=repr(text)[:60],
                       message="Cellen innehöll osynliga styrtecken (t.ex. NUL); de har tagits bort och "
                               "resten av texten används. Kontrollera texten i originalet."))
    return clean_text(CONTROL_CHARACTERS.sub("", text))


def _column_name(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"kolumn {index + 1}"


def read_csv_tables(path: Path, known: list[dict]) -> TableRead:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("Filen är tom. Lämna in filen igen med rubrikrad och data.")
    text, encoding = decode_text(data)
    separator = "\t" if path.suffix.lower() == ".tsv" else sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    raw: list[tuple[int, list[str | None]]] = []
    start = 1
    try:
        for record in reader:
            raw.append((start, [clean_text(cell) for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(
            f"Filen kan inte läsas som CSV (rad {reader.line_num}: {exc}). "
            "Spara om den som CSV med semikolon eller komma som avgränsare."
        ) from None
    table = _to_table("", raw, known)
    notes: list[Issue] = []
    if table:
        table.rows = [(row, [_clean_cell(c, "", row, _column_name(table.headers, i), notes)
                             for i, c in enumerate(cells)]) for row, cells in table.rows]
    details = {"format": "CSV", "encoding": encoding, "separator": separator,
               "header_row": table.header_row if table else None}
    return TableRead([table] if table else [], details, notes)


def read_json_tables(path: Path) -> TableRead:
    """Kolada API JSON: {"values": [{"kpi", "municipality", "period", "values": [{"gender",
    "value", ...}]}]}. Each inner value record becomes a row, numbered in file order."""
    try:
        document = json.loads(decode_text(path.read_bytes())[0])
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(f"Filen är inte giltig JSON ({exc}). Hämta filen från Koladas API igen.") from None
    records = document.get("values") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise UnreadableFile("JSON-filen har inte Koladas format (en lista 'values' med nyckeltal, kommun, "
                             "period och värden). Hämta filen från Koladas API igen.", rule="känd_tabell")
    headers = ["kpi", "municipality", "period", "gender", "value"]
    rows: list[tuple[int, list[str | None]]] = []
    number = 0
    for record in records:
        inner = record.get("values") if isinstance(record, dict) else None
        for value in inner if isinstance(inner, list) else [None]:
            number += 1
            if not isinstance(value, dict):
                value = {}
            cells = [record.get("kpi"), record.get("municipality"), record.get("period"),
                     value.get("gender"), value.get("value")] if isinstance(record, dict) else [None] * 5
            rows.append((number, [clean_text(cell) if cell is not None else None for cell in cells]))
    return TableRead([Table("", 0, headers, rows)], {"format": "JSON (Kolada API)", "records": number})


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


def inspect_workbook(path: Path) -> list[Issue]:
    """Refuse what must not reach openpyxl; report macros. XML is parsed with defusedxml."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    notes: list[Issue] = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile("Filen kan inte öppnas som Excel-arbetsbok (.xlsx): den är skadad, avkortad "
                             "eller inte en arbetsbok. Spara om den i Excel och lämna in den igen.") from None
    with archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES or any(
                part.file_size > 1_000_000 and part.file_size > MAX_PACK_RATIO * max(part.compress_size, 1)
                for part in parts):
            raise UnreadableFile("Arbetsboken packas upp till orimligt mycket data (misstänkt zip-bomb) och har "
                                 "inte lästs. Spara om den i Excel.", rule="säker_fil")
        if any(part.filename.lower().endswith("vbaproject.bin") for part in parts):
            notes.append(Issue(file="", rule="makro", severity=WARNING,
                               message="Arbetsboken innehåller makron. De har inte körts; bara cellernas "
                                       "värden har lästs. Spara gärna som .xlsx utan makron."))
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(part) as handle:
                    for _ in iterparse(handle, forbid_dtd=True, forbid_entities=True, forbid_external=True):
                        pass
            except DefusedXmlException:
                raise UnreadableFile("Arbetsboken innehåller otillåten XML (DTD eller entiteter, t.ex. en "
                                     "'XML-bomb') och har inte lästs. Spara om den i Excel.",
                                     rule="säker_fil") from None
            except (ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
                raise UnreadableFile("Arbetsboken är skadad (delen "
                                     f"{part.filename} kan inte läsas). Spara om den i Excel.") from None
    return notes


def read_workbook_tables(path: Path, known: list[dict]) -> TableRead:
    import openpyxl  # imported here: the CSV path should not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    notes = inspect_workbook(path)
    read_only = path.stat().st_size > READ_ONLY_FROM_BYTES
    try:
        workbook = openpyxl.load_workbook(path, read_only=read_only, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError, TypeError) as exc:
        raise UnreadableFile(
            "Filen kan inte öppnas som Excel-arbetsbok (.xlsx): den är skadad eller inte en "
            f"arbetsbok ({type(exc).__name__}). Spara om den i Excel och lämna in den igen."
        ) from None
    tables: list[Table] = []
    try:
        for sheet in workbook.worksheets:
            rows: list[tuple[int, list[str | None]]] = []
            formulas: list[tuple[int, int, str]] = []
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = []
                for index, cell in enumerate(cells):
                    text = _cell_text(getattr(cell, "value", None))
                    if getattr(cell, "data_type", None) == "f" and text is not None:
                        formulas.append((number, index, text))
                    values.append(text)
                rows.append((number, values))
            table = _to_table(sheet.title, rows, known)
            if table is None:
                continue
            merged = [] if read_only else [str(r) for r in sheet.merged_cells.ranges
                                            if r.min_row <= table.header_row <= r.max_row]
            if merged:
                notes.append(Issue(file="", sheet=sheet.title, row=table.header_row, rule="sammanslagna_rubriker",
                                   message=(f"Rubrikraden har sammanslagna celler ({', '.join(merged)}). Dela upp "
                                            "dem så att varje kolumn har en egen rubrik; fliken har inte lästs.")))
                continue
            for row, index, text in formulas:
                if row <= table.header_row:
                    continue
                table.bad_rows.add(row)
                notes.append(Issue(file="", sheet=sheet.title, row=row, column=_column_name(table.headers, index),
                                   rule="formel", value=text[:60],
                                   message=("Cellen innehåller en formel i stället för ett värde; formler räknas "
                                            "inte ut här och raden har inte använts. Spara värdena (Klistra in "
                                            "special → Värden) och lämna in filen igen.")))
            if not read_only:
                for merged_range in sheet.merged_cells.ranges:
                    if merged_range.min_row > table.header_row:
                        notes.append(Issue(file="", sheet=sheet.title, row=merged_range.min_row,
                                           rule="sammanslagna_celler", severity=WARNING, value=str(merged_range),
                                           message=("Sammanslagna celler: bara den första cellen har ett värde, "
                                                    "de övriga räknas som tomma. Dela upp cellerna.")))
            table.rows = [(row, [_clean_cell(c, sheet.title, row, _column_name(table.headers, i), notes)
                                 for i, c in enumerate(cells)]) for row, cells in table.rows]
            tables.append(table)
    finally:
        if read_only:
            workbook.close()
    details = {"format": "Excel-arbetsbok", "sheets": [t.sheet for t in tables],
               "header_rows": {t.sheet: t.header_row for t in tables}}
    return TableRead(tables, details, notes)


def read_tables(path: Path, known: list[dict], max_bytes: int = MAX_FILE_BYTES) -> TableRead:
    """Tables found in a CSV file, a Kolada JSON file or each sheet of a workbook."""
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(
            f"Filen är för stor ({size / 1024 / 1024:.0f} MB; gränsen är {max_bytes / 1024 / 1024:.0f} MB) och "
            "har arkiverats men inte lästs. Dela upp den i mindre filer.", rule="filstorlek")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv_tables(path, known)
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook_tables(path, known)
    if suffix in JSON_SUFFIXES:
        return read_json_tables(path)
    raise UnreadableFile(
        f"Filtypen '{suffix or '(ingen)'}' kan inte läsas. Lämna statistik och inrapporteringar "
        "som CSV (.csv), Excel-arbetsbok (.xlsx) eller JSON från Koladas API (.json)."
    )


KPI_IN_NAME = re.compile(r"(?<![A-Za-z0-9])([NU]\d{5})(?![0-9])")
