"""Turn a dropped file (CSV, Excel or LibreOffice workbook, Kolada API JSON) into tables of cells.

A cell is text, or a `Number` where the file already holds a number (a numeric XLSX or ODS cell,
a JSON number: never parsed again as text), or None when empty; the readers and checks decide
what the text means. Row numbers are what the user sees: the line in a CSV file, the row in a
sheet, the record in a JSON file. What a table holds besides its data is kept too: the lines
above the header (its title), hidden rows and a filter left on, and the number of fields of
each CSV line. Hostile input is refused here, before any parser that could be abused sees it: files over
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

from sources.columns import CONTROL_CHARACTERS, clean_text, is_period_header, match_columns
from sources.issues import WARNING, Issue
from sources.numbers import Number, number_cell, plain

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
ODS_SUFFIXES = {".ods"}
JSON_SUFFIXES = {".json"}
PX_SUFFIXES = {".px"}
Cell = str | Number | None

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
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)  # rows with a cell that must not be used
    preamble: list[tuple[int, str]] = field(default_factory=list)  # the lines above the header
    hidden_rows: list[int] = field(default_factory=list)  # rows hidden or filtered out in the workbook
    filtered: bool = False  # a filter is left on in the workbook
    separator: str | None = None  # a CSV file's separator
    # Lines under the table that are no data (a footnote, the source: 'Källa: SCB'), and a PX
    # file's own notes: (row, text); see `footer_rows`.
    footer: list[tuple[int, str]] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)  # notes the file gives about itself (PX NOTE)
    origin: str | None = None  # whose conventions the file follows: 'px', 'scb', 'kolada' (or unknown)
    symbols: dict[str, str] = field(default_factory=dict)  # a PX file's text for its data symbols
    totals: dict[str, str] = field(default_factory=dict)  # column -> its total's value (PX ELIMINATION)


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


def as_text(cell: Cell) -> str | None:
    """A cell as text: a number as its plain digits ('2023', '24.125')."""
    if isinstance(cell, Number):
        return plain(cell.value)
    return cell


def shown(cell: Cell) -> str | None:
    """A cell as the user sees it, for messages ('24,125', '81,7 %')."""
    return cell.shown if isinstance(cell, Number) else cell


def _find_header(rows: list[tuple[int, list[Cell]]], known: list[dict]) -> int:
    """Index of the header among the first 20 rows: the first that names two or more known
    columns, else the first that names one beside period columns (PX-Web's 'region', '2021',
    '2022' under its title line), else the first with two period columns; else the first row."""
    candidates = []
    for index, (_, cells) in enumerate(rows[:20]):
        headers = [as_text(cell) or "" for cell in cells]
        named = max((len(match_columns(headers, aliases)) for aliases in known), default=0)
        periods = sum(is_period_header(header) for header in headers if header)
        candidates.append((index, named, periods))
    for test in (lambda named, periods: named >= 2, lambda named, periods: named >= 1 and periods >= 1,
                 lambda named, periods: periods >= 2):
        for index, named, periods in candidates:
            if test(named, periods):
                return index
    return 0


# The first words of a line under a table that is no data: a footnote, the source, a legend.
FOOTNOTE = re.compile(r"^\s*(fotnot(?:er)?|källa|källor|anm(?:ärkning)?|noter?|kommentar(?:er)?|förklaring(?:ar)?|"
                      r"teckenförklaring|senast uppdaterad|uppdaterad|publicerad|source|footnotes?|notes?|\*)\b",
                      re.IGNORECASE)


_NUMERIC_TEXT = re.compile(r"^\s*[-+]?[\d\s.,]+\s*$")


def footer_rows(rows: list[tuple[int, list[Cell]]]) -> list[tuple[int, str]]:
    """The lines at the end of a table that are text only: each has one cell of text (not a
    number), or starts like a footnote or a source ('Fotnot: ...', 'Källa: SCB')."""
    footer: list[tuple[int, str]] = []
    for number, cells in reversed(rows):
        filled = [cell for cell in cells if cell is not None]
        first = filled[0] if filled else None  # ',"Fotnot: ..."': the text need not be in the first cell
        if not filled or not isinstance(first, str):
            break
        if (len(filled) == 1 and not _NUMERIC_TEXT.match(first)) or FOOTNOTE.match(first):
            footer.append((number, ", ".join(as_text(cell) or "" for cell in filled)))
            continue
        break
    if len(footer) == len(rows):  # a table of text lines only has no footer
        return []
    return list(reversed(footer))


def to_table(sheet: str, rows: list[tuple[int, list[Cell]]], known: list[dict]) -> Table | None:
    rows = [(number, cells) for number, cells in rows if any(cell is not None for cell in cells)]
    if not rows:
        return None
    header_index = _find_header(rows, known)
    header_number, header_cells = rows[header_index]
    headers = [as_text(cell) or "" for cell in header_cells]
    preamble = [(number, " ".join(as_text(cell) for cell in cells if cell is not None))
                for number, cells in rows[:header_index]]
    body = rows[header_index + 1:]
    return Table(sheet=sheet, header_row=header_number, headers=headers, rows=body, preamble=preamble,
                 footer=footer_rows(body))


def _clean_cell(text: Cell, sheet: str, row: int, column: str, notes: list[Issue]) -> Cell:
    """Strip control characters (python-docx and XML refuse them) and say so."""
    if not isinstance(text, str) or not CONTROL_CHARACTERS.search(text):
        return text
    notes.append(Issue(file="", sheet=sheet, row=row, column=column, rule="kontrolltecken", severity=WARNING,
                       value=repr(text)[:60],
                       message="Cellen innehöll osynliga styrtecken (t.ex. NUL); de har tagits bort och "
                               "resten av texten används. Kontrollera texten i originalet."))
    return clean_text(CONTROL_CHARACTERS.sub("", text))


def _column_name(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"kolumn {index + 1}"


def _field_count_notes(table: Table, counts: dict[int, int], separator: str) -> list[Issue]:
    """A CSV line with more or fewer fields than its header is not read as data: its values would
    land in the wrong columns ('24,3' in a comma-separated file is two fields)."""
    notes: list[Issue] = []
    expected = len(table.headers)
    name = {"\t": "tabb", ";": "semikolon", ",": "komma"}.get(separator, separator)
    footer = {row for row, _ in table.footer}
    for row, cells in table.rows:
        if row in footer:  # a footnote under the table is text, however many commas it has
            continue
        found = counts.get(row, expected)
        if found > expected and any(cell is not None for cell in cells[expected:]):
            table.bad_rows.add(row)
            extra = "" if separator != "," else (" Ett tal med decimalkomma i en kommaseparerad fil blir två fält "
                                                 "(24,3 blir 24 och 3).")
            notes.append(Issue(file="", row=row, rule="antal_fält", value=separator.join(
                as_text(cell) or "" for cell in cells)[:80],
                message=(f"Raden har {found} fält men rubrikraden {expected} (avgränsare {name}); raden har inte "
                         f"använts.{extra} Sätt citattecken runt tal med decimalkomma (\"24,3\"), skriv "
                         "decimalpunkt, eller spara filen med semikolon som avgränsare.")))
        elif found < expected and sum(cell is not None for cell in cells) > 1:
            table.bad_rows.add(row)
            notes.append(Issue(file="", row=row, rule="antal_fält", value=separator.join(
                as_text(cell) or "" for cell in cells)[:80],
                message=(f"Raden har {found} fält men rubrikraden {expected} (avgränsare {name}): ett eller flera "
                         "fält saknas, så värdena kan hamna i fel kolumn. Raden har inte använts; komplettera "
                         "raden i originalet och lämna in filen igen.")))
    return notes


def read_csv_tables(path: Path, known: list[dict]) -> TableRead:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("Filen är tom. Lämna in filen igen med rubrikrad och data.")
    text, encoding = decode_text(data)
    separator = "\t" if path.suffix.lower() == ".tsv" else sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    raw: list[tuple[int, list[Cell]]] = []
    counts: dict[int, int] = {}
    start = 1
    try:
        for record in reader:
            raw.append((start, [clean_text(cell) for cell in record]))
            counts[start] = len(record)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(
            f"Filen kan inte läsas som CSV (rad {reader.line_num}: {exc}). "
            "Spara om den som CSV med semikolon eller komma som avgränsare."
        ) from None
    table = to_table("", raw, known)
    notes: list[Issue] = []
    if table:
        table.separator = separator
        table.rows = [(row, [_clean_cell(c, "", row, _column_name(table.headers, i), notes)
                             for i, c in enumerate(cells)]) for row, cells in table.rows]
        notes += _field_count_notes(table, counts, separator)
    details = {"format": "CSV", "encoding": encoding, "separator": separator,
               "header_row": table.header_row if table else None}
    return TableRead([table] if table else [], details, notes)


def _json_cell(value: object) -> Cell:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        return number_cell(value)
    return clean_text(value)


def read_json_tables(path: Path) -> TableRead:
    """Kolada API JSON: {"values": [{"kpi", "municipality", "period", "values": [{"gender",
    "value", "status", ...}]}]}. Each inner value record becomes a row, numbered in file order."""
    try:
        document = json.loads(decode_text(path.read_bytes())[0])
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(f"Filen är inte giltig JSON ({exc}). Hämta filen från Koladas eller SCB:s API "
                             "igen.") from None
    from sources.jsonstat import is_jsonstat, read_jsonstat_tables  # it uses this module's helpers

    if is_jsonstat(document):
        return read_jsonstat_tables(document)
    records = document.get("values") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise UnreadableFile("JSON-filen har varken Koladas format (en lista 'values' med nyckeltal, kommun, "
                             "period och värden) eller JSON-stat (SCB:s API: dimension, id, size och value). "
                             "Hämta filen från Koladas eller SCB:s API igen.", rule="känd_tabell")
    headers = ["kpi", "municipality", "period", "gender", "status", "value"]
    rows: list[tuple[int, list[Cell]]] = []
    number = 0
    for record in records:
        inner = record.get("values") if isinstance(record, dict) else None
        for value in inner if isinstance(inner, list) else [None]:
            number += 1
            if not isinstance(value, dict):
                value = {}
            cells = [record.get("kpi"), record.get("municipality"), record.get("period"),
                     value.get("gender"), value.get("status") or None,
                     value.get("value")] if isinstance(record, dict) else [None] * 6
            rows.append((number, [_json_cell(cell) for cell in cells]))
    table = Table("", 0, headers, rows)
    table.origin = "kolada"
    return TableRead([table], {"format": "JSON (Kolada API)", "records": number})


def _xlsx_cell(cell) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, (int, float)):
        return number_cell(value, percent="%" in (getattr(cell, "number_format", "") or ""))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return clean_text(value)


def zip_checks(path: Path, kind: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(f"Filen kan inte öppnas som {kind}: den är skadad, avkortad eller inte en "
                             "arbetsbok. Spara om den och lämna in den igen.") from None
    parts = archive.infolist()
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES or any(
            part.file_size > 1_000_000 and part.file_size > MAX_PACK_RATIO * max(part.compress_size, 1)
            for part in parts):
        archive.close()
        raise UnreadableFile("Arbetsboken packas upp till orimligt mycket data (misstänkt zip-bomb) och har "
                             "inte lästs. Spara om den i Excel.", rule="säker_fil")
    return archive, parts


def parse_safely(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        with archive.open(part) as handle:
            for _ in iterparse(handle, forbid_dtd=True, forbid_entities=True, forbid_external=True):
                pass
    except DefusedXmlException:
        raise UnreadableFile("Arbetsboken innehåller otillåten XML (DTD eller entiteter, t.ex. en "
                             "'XML-bomb') och har inte lästs. Spara om den i Excel.", rule="säker_fil") from None
    except (ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise UnreadableFile("Arbetsboken är skadad (delen "
                             f"{part.filename} kan inte läsas). Spara om den i Excel.") from None


def inspect_workbook(path: Path) -> list[Issue]:
    """Refuse what must not reach openpyxl; report macros. XML is parsed with defusedxml."""
    notes: list[Issue] = []
    archive, parts = zip_checks(path, "Excel-arbetsbok (.xlsx)")
    with archive:
        if any(part.filename.lower().endswith("vbaproject.bin") for part in parts):
            notes.append(macro_note())
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                parse_safely(archive, part)
    return notes


def macro_note() -> Issue:
    return Issue(file="", rule="makro", severity=WARNING,
                 message="Arbetsboken innehåller makron. De har inte körts; bara cellernas "
                         "värden har lästs. Spara gärna som .xlsx eller .ods utan makron.")


def formula_notes(table: Table, formulas: list[tuple[int, int, str]]) -> list[Issue]:
    notes = []
    for row, index, text in formulas:
        if row <= table.header_row:
            continue
        table.bad_rows.add(row)
        notes.append(Issue(file="", sheet=table.sheet, row=row, column=_column_name(table.headers, index),
                           rule="formel", value=text[:60],
                           message=("Cellen innehåller en formel i stället för ett värde; formler räknas "
                                    "inte ut här och raden har inte använts. Spara värdena (Klistra in "
                                    "special → Värden) och lämna in filen igen.")))
    return notes


def merged_notes(table: Table, merged: list[tuple[str, int, int]]) -> tuple[bool, list[Issue]]:
    """(refuse the sheet, notes) for merged ranges given as (ref, first row, last row)."""
    in_header = [ref for ref, first, last in merged if first <= table.header_row <= last]
    if in_header:
        return True, [Issue(file="", sheet=table.sheet, row=table.header_row, rule="sammanslagna_rubriker",
                            message=(f"Rubrikraden har sammanslagna celler ({', '.join(in_header)}). Dela upp "
                                     "dem så att varje kolumn har en egen rubrik; fliken har inte lästs."))]
    return False, [Issue(file="", sheet=table.sheet, row=first, rule="sammanslagna_celler", severity=WARNING,
                         value=ref,
                         message=("Sammanslagna celler: bara den första cellen har ett värde, de övriga räknas "
                                  "som tomma. Dela upp cellerna och skriv värdet på varje rad där det gäller, "
                                  "och lämna in filen igen."))
                   for ref, first, _ in merged if first > table.header_row]


def _hidden_notes(table: Table) -> list[Issue]:
    """Hidden rows and a filter left on are read like the others, and the user is told."""
    hidden = [row for row in table.hidden_rows if row > table.header_row
              and any(number == row for number, _ in table.rows)]
    notes = []
    if hidden or table.filtered:
        what = []
        if table.filtered:
            what.append("ett filter påslaget")
        if hidden:
            rows = ", ".join(map(str, hidden[:10])) + (" ..." if len(hidden) > 10 else "")
            what.append(f"1 dold rad (rad {rows})" if len(hidden) == 1 else f"{len(hidden)} dolda rader (rad {rows})")
        notes.append(Issue(file="", sheet=table.sheet, row=None, rule="dolda_rader", severity=WARNING,
                           message=(f"Fliken har {' och '.join(what)}. Alla rader har lästs, också de som inte "
                                    "syns. Ta bort raderna som inte ska med, eller visa alla rader och "
                                    "kontrollera dem, och lämna in filen igen.")))
    return notes


def finish_sheet(table: Table, notes: list[Issue]) -> Table:
    table.rows = [(row, [_clean_cell(c, table.sheet, row, _column_name(table.headers, i), notes)
                         for i, c in enumerate(cells)]) for row, cells in table.rows]
    notes += _hidden_notes(table)
    return table


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
            rows: list[tuple[int, list[Cell]]] = []
            formulas: list[tuple[int, int, str]] = []
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = []
                for index, cell in enumerate(cells):
                    value = _xlsx_cell(cell)
                    if getattr(cell, "data_type", None) == "f" and value is not None:
                        formulas.append((number, index, str(as_text(value))))
                    values.append(value)
                rows.append((number, values))
            table = to_table(sheet.title, rows, known)
            if table is None:
                continue
            merged = [] if read_only else [(str(r), r.min_row, r.max_row) for r in sheet.merged_cells.ranges]
            refuse, merge_notes = merged_notes(table, merged)
            notes += merge_notes
            if refuse:
                continue
            notes += formula_notes(table, formulas)
            if not read_only:
                table.hidden_rows = sorted(number for number, dimension in sheet.row_dimensions.items()
                                           if dimension.hidden)
                table.filtered = bool(sheet.auto_filter and sheet.auto_filter.ref)
            tables.append(finish_sheet(table, notes))
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
    if suffix in ODS_SUFFIXES:
        from sources.ods import read_ods_tables  # the ODS reader uses this module's helpers

        return read_ods_tables(path, known)
    if suffix in JSON_SUFFIXES:
        return read_json_tables(path)
    if suffix in PX_SUFFIXES:
        from sources.px import read_px_tables  # the PX reader uses this module's Table

        return read_px_tables(path)
    raise UnreadableFile(
        f"Filtypen '{suffix or '(ingen)'}' kan inte läsas. Lämna statistik och inrapporteringar som CSV (.csv), "
        "Excel-arbetsbok (.xlsx), OpenDocument-kalkylbok (.ods), PC-Axis (.px) från SCB eller JSON från Koladas "
        "eller SCB:s API (.json)."
    )


KPI_IN_NAME = re.compile(r"(?<![A-Za-z0-9])([NU]\d{5})(?![0-9])")
