"""LibreOffice's own format (.ods): its content.xml read with defusedxml into tables of cells.

The same guards as for an Excel workbook (size, zip bombs, XML without DTDs or entities, macros
reported and never run, formulas read as text with their row not used) and the same cells: a
number is a `Number` (a percentage cell the percentage it shows), hidden and filtered rows and
merged cells are noted. Repeated empty rows and cells (LibreOffice writes a sheet's unused
columns as one repeated cell) are counted, never expanded.
"""

from __future__ import annotations

from pathlib import Path

from sources.columns import clean_text
from sources.issues import Issue
from sources.numbers import number_cell
from sources.tabular import (
    Cell,
    Table,
    TableRead,
    UnreadableFile,
    finish_sheet,
    formula_notes,
    macro_note,
    merged_notes,
    parse_safely,
    to_table,
    zip_checks,
)

_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
MAX_ODS_REPEAT = 10_000  # a repeated row or cell with content is expanded at most this many times


def _column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _ods(kind: str, name: str) -> str:
    return f"{{{_ODS[kind]}}}{name}"


def _ods_text(element) -> str:
    """The text of a cell: its paragraphs, with text:s (spaces), tabs and line breaks."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == _ods("text", "s"):
                parts.append(" " * int(child.get(_ods("text", "c"), "1")))
            elif child.tag == _ods("text", "tab"):
                parts.append("\t")
            elif child.tag == _ods("text", "line-break"):
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    paragraphs = []
    for paragraph in element.findall(_ods("text", "p")):
        parts = []
        walk(paragraph)
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _ods_cell(element) -> tuple[Cell, str | None]:
    """(value, formula) of a table:table-cell."""
    kind = element.get(_ods("office", "value-type"))
    formula = element.get(_ods("table", "formula"))
    if kind in ("float", "percentage", "currency"):
        value = element.get(_ods("office", "value"))
        try:
            number = float(value)
        except (TypeError, ValueError):
            return clean_text(_ods_text(element)), formula
        return number_cell(int(number) if number.is_integer() and "." not in value and "e" not in value.lower()
                           else number, percent=kind == "percentage"), formula
    if kind == "date":
        return (element.get(_ods("office", "date-value")) or "")[:10] or None, formula
    if kind == "boolean":
        return ("SANT" if element.get(_ods("office", "boolean-value")) == "true" else "FALSKT"), formula
    return clean_text(_ods_text(element)), formula


def read_ods_tables(path: Path, known: list[dict]) -> TableRead:
    """LibreOffice's own format (.ods): content.xml read with defusedxml, like a workbook."""
    from defusedxml.ElementTree import fromstring

    notes: list[Issue] = []
    archive, parts = zip_checks(path, "kalkylbok (.ods)")
    with archive:
        names = {part.filename for part in parts}
        if "content.xml" not in names:
            raise UnreadableFile("Filen kan inte öppnas som kalkylbok (.ods): innehållet saknas. Spara om den i "
                                 "LibreOffice och lämna in den igen.")
        if any(name.lower().startswith("basic/") for name in names):
            notes.append(macro_note())
        for part in parts:
            if part.filename.lower().endswith(".xml"):
                parse_safely(archive, part)
        root = fromstring(archive.read("content.xml"), forbid_dtd=True, forbid_entities=True,
                          forbid_external=True)
    filtered_sheets = {(element.get(_ods("table", "target-range-address")) or "").split(".")[0].strip("'$")
                       for element in root.iter(_ods("table", "database-range"))
                       if element.get(_ods("table", "display-filter-buttons")) == "true"}
    tables: list[Table] = []
    for sheet in root.iter(_ods("table", "table")):
        title = sheet.get(_ods("table", "name"), "")
        rows: list[tuple[int, list[Cell]]] = []
        formulas: list[tuple[int, int, str]] = []
        merged: list[tuple[str, int, int]] = []
        hidden: list[int] = []
        number = 0
        for row in sheet.iter(_ods("table", "table-row")):
            repeat = int(row.get(_ods("table", "number-rows-repeated"), "1"))
            cells: list[Cell] = []
            row_formulas: list[tuple[int, str]] = []
            pending = 0  # empty cells not yet placed: only placed when a value follows them
            for element in row:
                if element.tag not in (_ods("table", "table-cell"), _ods("table", "covered-table-cell")):
                    continue
                times = int(element.get(_ods("table", "number-columns-repeated"), "1"))
                value, formula = _ods_cell(element)
                if value is None and formula is None:
                    pending += times
                    continue
                cells.extend([None] * min(pending, MAX_ODS_REPEAT))
                pending = 0
                for _ in range(min(times, MAX_ODS_REPEAT)):
                    if formula:
                        row_formulas.append((len(cells), formula))
                    span = int(element.get(_ods("table", "number-rows-spanned"), "1"))
                    if span > 1 or int(element.get(_ods("table", "number-columns-spanned"), "1")) > 1:
                        merged.append((f"{_column_letter(len(cells))}{number + 1}", number + 1, number + span))
                    cells.append(value)
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                number += repeat
                continue
            for _ in range(min(repeat, MAX_ODS_REPEAT)):
                number += 1
                rows.append((number, list(cells)))
                formulas += [(number, index, text) for index, text in row_formulas]
                if row.get(_ods("table", "visibility"), "visible") != "visible":
                    hidden.append(number)
        table = to_table(title, rows, known)
        if table is None:
            continue
        refuse, merge_notes = merged_notes(table, merged)
        notes += merge_notes
        if refuse:
            continue
        notes += formula_notes(table, formulas)
        table.hidden_rows = hidden
        table.filtered = title in filtered_sheets
        tables.append(finish_sheet(table, notes))
    details = {"format": "OpenDocument-kalkylbok (.ods)", "sheets": [t.sheet for t in tables],
               "header_rows": {t.sheet: t.header_row for t in tables}}
    return TableRead(tables, details, notes)
