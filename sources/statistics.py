"""Reader for statistics: long format (Kolada's value records) and wide format (SCB PX-Web).

Output columns (all text, as written by the user but normalised): indicator, area, period,
gender, value, status, unit; the raw_* columns keep the cell as written for the issue messages.
Whatever the reader cannot use as the contract says comes back as a note (an `Issue`): unused
columns, missing-value markers, text lines, values it cannot read one way only.
"""

from __future__ import annotations

import re

import pandas as pd

from checks.issues import NOTE, WARNING, Issue, row_ranges
from sources.columns import (
    GENDER_CODES,
    STATISTICS_COLUMNS,
    match_columns,
    normalise_area,
    normalise_code,
    normalise_header,
    normalise_period,
)
from sources.numbers import Number, Reading, both_readings, column_evidence, read_number
from sources.tabular import KPI_IN_NAME, Cell, Table, as_text, shown

STATISTICS_FRAME_COLUMNS = [
    "file", "sheet", "row", "indicator", "area", "period", "gender", "value", "status", "unit",
    "raw_area", "raw_period", "raw_gender", "raw_value", "gender_given", "gender_hint", "reader_error",
]
# A period header, with SCB's marker for a provisional year kept: '2023', '2023K2', '2023*', '2023 prel.'
_PERIOD_HEADER = re.compile(r"^(\d{4}(?:\s*[-_ ]?\s*(?:Q|K|kv)\s*[1-4])?)\s*(\*+|prel\.?|preliminärt?|p)?$",
                            re.IGNORECASE)
_SEX_WORDS = {"kvinnor": "K", "kvinna": "K", "flickor": "K", "women": "K", "female": "K",
              "män": "M", "pojkar": "M", "men": "M", "male": "M"}
_WORDS = re.compile(r"[a-zåäöéü]+")
# Columns of Kolada's and SCB's exports that the follow-up does not need (names, counts, types).
KNOWN_UNUSED = {"count", "antal", "municipality", "municipality_type", "kommunnamn", "kommuntyp", "kpi_title",
                "title", "titel", "nyckeltalsnamn", "nyckeltalets_namn", "område_namn", "region_namn"}


def empty_statistics() -> pd.DataFrame:
    return pd.DataFrame(columns=[*STATISTICS_FRAME_COLUMNS, "sha256"])


def split_period(text: str | None) -> tuple[str | None, str | None]:
    """'2023*' -> ('2023', '*'); '2023 prel.' -> ('2023', 'prel.'); '2023' -> ('2023', None)."""
    if text is None:
        return None, None
    match = _PERIOD_HEADER.match(text.strip())
    if match and match.group(2):
        return match.group(1), match.group(2)
    return text, None


def period_columns(headers: list[str]) -> list[int]:
    """Indexes of headers that are periods ('2015', '2023K2', '2023*'): the wide (PX-Web) layout."""
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


def sex_hint(file: str, table: Table) -> str | None:
    """'K:filnamnet:kvinnor' when the file's name, sheet or title says it holds one sex only."""
    places = [("filnamnet", file), ("fliknamnet", table.sheet),
              *(("rubriken ovanför tabellen", line) for _, line in table.preamble)]
    for where, text in places:
        for word in _WORDS.findall((text or "").lower()):
            if word in _SEX_WORDS:
                return f"{_SEX_WORDS[word]}:{where}:{word}"
    return None


def _unused_columns(table: Table, used: set[int]) -> tuple[list[str], list[str]]:
    """(known columns the follow-up does not need, other columns), as they are headed."""
    known, other = [], []
    for index, header in enumerate(table.headers):
        if index in used:
            continue
        if normalise_header(header) in KNOWN_UNUSED:
            known.append(f"'{header}'")
        elif header or any(index < len(cells) and cells[index] is not None for _, cells in table.rows):
            other.append(f"'{header}'" if header else f"kolumn {index + 1} (utan rubrik)")
    return known, other


def read(table: Table, file: str, in_template: bool = False) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    """Canonical statistics rows of one table, canonical column -> header as written, and notes.
    (`in_template` is the readers' common signature; statistics have no template.)"""
    found = match_columns(table.headers, STATISTICS_COLUMNS)
    headers = {name: table.headers[index] for name, index in found.items()}
    notes: list[Issue] = []

    def cell(cells: list[Cell], name: str) -> str | None:
        index = found.get(name)
        return as_text(cells[index]) if index is not None and index < len(cells) else None

    wide = period_columns(table.headers) if "value" not in found else []
    value_columns = wide or ([found["value"]] if "value" in found else [])
    evidence = column_evidence([cells[i] for _, cells in table.rows for i in value_columns
                                if i < len(cells) and isinstance(cells[i], str)],
                               hint="." if table.separator == "," else None)
    named = indicator_from_name(file) if "indicator" not in found else None
    hint = sex_hint(file, table) if "gender" not in found else None
    markers: dict[str, list[int]] = {}
    guessed: list[tuple[int, str]] = []
    text_lines: list[tuple[int, str]] = []
    records = []
    for row, cells in table.rows:
        filled = [c for c in cells if c is not None]
        if len(table.headers) >= 3 and len(filled) == 1 and cells and isinstance(cells[0], str):
            text_lines.append((row, cells[0]))  # a footnote or source line under the table
            continue
        indicator = named or cell(cells, "indicator")
        bad = row in table.bad_rows
        gender = cell(cells, "gender")
        if wide:
            values = [(table.headers[i], cells[i] if i < len(cells) else None) for i in wide]
        else:
            index = found["value"]
            values = [(cell(cells, "period"), cells[index] if index < len(cells) else None)]
        for period_text, value_cell in values:
            period, marker = split_period(period_text)
            reading = _read_value(value_cell, evidence)
            column = period_text if wide else headers.get("value", "value")
            if reading.marker is not None:
                markers.setdefault(reading.marker, []).append(row)
            if reading.guessed:
                guessed.append((row, str(value_cell)))
            error = bad
            if reading.problem == "ambiguous" and not bad:
                error = True
                as_decimal, as_whole = both_readings(str(value_cell))
                notes.append(Issue(file="", sheet=table.sheet, row=row, column=column or "", rule="tvetydigt_tal",
                                   value=str(value_cell),
                                   message=(f"Talet '{value_cell}' kan läsas på två sätt: {as_decimal} eller "
                                            f"{as_whole}, och kolumnen använder tecknet på båda sätten (som "
                                            "decimaltecken och som tusentalsavgränsare). Raden har inte använts. "
                                            "Skriv talen utan tusentalsavgränsare och med samma decimaltecken "
                                            "i hela filen.")))
            records.append({
                "file": file, "sheet": table.sheet, "row": row,
                "indicator": indicator.strip().upper() if indicator else indicator,
                "area": normalise_area(cell(cells, "area")),
                "period": normalise_period(period),
                "gender": normalise_code(gender, GENDER_CODES, default="T"),
                "value": reading.value if reading.problem != "not_a_number" else shown(value_cell),
                "status": cell(cells, "status") or marker,
                "unit": cell(cells, "unit"),
                "raw_area": cell(cells, "area"), "raw_period": period_text, "raw_gender": gender,
                "raw_value": shown(value_cell),
                "gender_given": "gender" in found, "gender_hint": hint,
                "reader_error": error,
            })
    if wide:
        headers["period"] = headers["value"] = "(årskolumnerna)"
        marked = [header for header in (table.headers[i] for i in wide) if split_period(header)[1]]
        if marked:
            notes.append(Issue(file="", sheet=table.sheet, row=table.header_row, rule="preliminärt_år",
                               severity=NOTE, value=", ".join(marked),
                               message=(f"Årskolumnen {', '.join(marked)} har en markering; värdena har lästs "
                                        "som det året med markeringen som status (t.ex. preliminärt värde), "
                                        "och statusen följer med värdet.")))
    if named:
        headers["indicator"] = "(filnamnet)"
    known, other = _unused_columns(table, set(found.values()) | set(wide))
    if known or other:
        sentences = []
        if known:
            sentences.append(f"{_columns(known)} används inte; uppföljningen behöver "
                             f"{'den' if len(known) == 1 else 'dem'} inte (namn, antal och typ följer av koderna).")
        if other:
            sentences.append(f"{_columns(other)} används inte: uppföljningen läser nyckeltal, område, period, kön, "
                             "värde, status och enhet. Om kolumnen delar upp värdena (t.ex. ålder), lämna bara de "
                             "rader som ska följas upp.")
        notes.append(Issue(file="", sheet=table.sheet, row=table.header_row, rule="kolumn_används_inte",
                           severity=NOTE, value=", ".join(known + other)[:120], message=" ".join(sentences)))
    if markers:
        listed = "; ".join(f"'{marker}' på rad {row_ranges(rows)}" for marker, rows in markers.items())
        notes.append(Issue(file="", sheet=table.sheet, rule="saknat_värde", severity=NOTE,
                           value=", ".join(markers)[:60],
                           message=(f"{sum(map(len, markers.values()))} värden är markerade som saknade och har "
                                    f"lästs som 'uppgift saknas': {listed}.")))
    if guessed:
        rows = [row for row, _ in guessed]
        example = guessed[0][1]
        as_decimal, as_whole = both_readings(example)
        notes.append(Issue(file="", sheet=table.sheet, rule="decimaltecken_antaget", severity=WARNING,
                           column=headers.get("value", ""), value=example,
                           message=(f"{len(guessed)} värden har en punkt eller ett komma följt av tre siffror (t.ex. "
                                    f"'{example}') och inget annat i filen visar om tecknet är decimaltecken eller "
                                    f"tusentalsavgränsare. De har lästs som decimaltal ({as_decimal}, inte "
                                    f"{as_whole}); rad {row_ranges(rows)}. Stämmer det inte, ta bort "
                                    "tusentalsavgränsaren och lämna in filen igen.")))
    for row, text in text_lines:
        notes.append(Issue(file="", sheet=table.sheet, row=row, rule="textrad", severity=NOTE, value=text[:80],
                           message="Raden har bara text i första kolumnen (t.ex. en fotnot eller källa) och har "
                                   "inte lästs som statistik."))
    frame = pd.DataFrame.from_records(records, columns=STATISTICS_FRAME_COLUMNS)
    return frame, headers, notes


def _columns(names: list[str]) -> str:
    return f"Kolumnen {names[0]}" if len(names) == 1 else f"Kolumnerna {', '.join(names)}"


def _read_value(value: Cell, evidence) -> Reading:
    if isinstance(value, Number):
        return Reading(as_text(value))
    return read_number(value, evidence)
