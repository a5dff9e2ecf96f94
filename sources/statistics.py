"""Reader for statistics in every layout Kolada, SCB and municipal systems export.

- Long: a value column, one row per value (Kolada's value records, a PC-Axis or JSON-stat cube).
- Wide: one column per period, as PX-Web writes it ('region', '2021', '2022'), also with a
  second heading variable ('2021 män', '2021 kvinnor') and SCB's provisional marker ('2023*').
- Measures: neither a value column nor period columns; each other column with numbers is a
  measure ('Andel nöjda besökare (%)'), as PX-Web writes a table with its content in the heading
  ('region', 'kön', 'år', 'Folkmängd') and municipal systems write their own files.

Output columns (all text, as written by the user but normalised): indicator, area, period,
gender, value, status, unit; the raw_* columns keep the cell as written for the issue messages.
What ties a value to an indicator is kept beside it for the program to decide (`sources.
indicator_sources`): the indicator column, a Kolada id in the file name, SCB's table and
content codes, the measure's heading. A column that splits the values (an age group) is kept
as `dims`; a symbol for a missing or zero value as `marker`, read by the file's conventions
(`origin`, sources/symbols.py). Whatever the reader cannot use as the contract says comes back
as a note (an `Issue`): unused columns, footnotes, values it cannot read one way only.
"""

from __future__ import annotations

import functools
import json
import re

import pandas as pd

from sources.columns import (
    LABEL_WITH_PERIOD_HEADER,
    PERIOD_HEADER,
    PERIOD_HEADER_WITH_LABEL,
    STATISTICS_COLUMNS,
    is_period_header,
    is_total,
    match_columns,
    normalise_area,
    normalise_header,
    normalise_period,
    normalise_sex,
)
from sources.issues import NOTE, WARNING, Issue, row_ranges
from sources.numbers import Number, Reading, both_readings, column_evidence, read_number
from sources.symbols import is_scb_source_line, meaning
from sources.tabular import KPI_IN_NAME, Cell, Table, as_text, shown

STATISTICS_FRAME_COLUMNS = [
    "file", "sheet", "row", "indicator", "area", "period", "gender", "value", "status", "unit",
    "raw_area", "raw_period", "raw_gender", "raw_value", "gender_given", "gender_hint", "reader_error",
    "name_kpi", "table", "content", "measure", "dims", "dim_totals", "marker", "marker_zero", "marker_meaning",
    "origin", "indicator_given",
]
_SEX_WORDS = {"kvinnor": "K", "kvinna": "K", "flickor": "K", "women": "K", "female": "K",
              "män": "M", "pojkar": "M", "men": "M", "male": "M"}
_WORDS = re.compile(r"[a-zåäöéü]+")
# Columns of Kolada's and SCB's exports that the follow-up does not need (names, counts, types,
# the county a municipality is in); a heading with "namn" in it is a name too.
KNOWN_UNUSED = {"count", "antal", "municipality", "municipality_type", "kommunnamn", "kommuntyp", "kpi_title",
                "title", "titel", "nyckeltalsnamn", "nyckeltalets_namn", "område_namn", "region_namn", "kommun",
                "kommunens_namn", "namn", "region", "län", "länsnamn", "lansnamn", "länskod", "lan_kod",
                "kommungrupp", "kommungrupp_skr", "kommungruppsindelning"}
HEADING_LABEL = "kolumnrubrikens tillägg"  # the second heading variable of a wide file, unnamed in the file


def known_unused(header: str) -> bool:
    key = normalise_header(header)
    return key in KNOWN_UNUSED or "namn" in key


def empty_statistics() -> pd.DataFrame:
    return pd.DataFrame(columns=[*STATISTICS_FRAME_COLUMNS, "sha256"])


@functools.lru_cache(maxsize=4096)  # a pure function of the text, called on every row
def split_period(text: str | None) -> tuple[str | None, str | None]:
    """'2023*' -> ('2023', '*'); '2023 prel.' -> ('2023', 'prel.'); '2023' -> ('2023', None)."""
    if text is None:
        return None, None
    match = PERIOD_HEADER.match(text.strip())
    if match and match.group(2):
        return match.group(1), match.group(2)
    return text, None


def split_heading(text: str) -> tuple[str, str | None, str | None]:
    """A wide layout's heading: (period, marker, label of a second heading variable).
    '2021 män' -> ('2021', None, 'män'); 'män 2021' -> ('2021', None, 'män'); '2023*' -> ('2023', '*', None)."""
    text = text.strip()
    plain = PERIOD_HEADER.match(text)
    if plain:
        return plain.group(1), plain.group(2), None
    after = PERIOD_HEADER_WITH_LABEL.match(text)
    if after:
        return after.group(1), after.group(2), after.group(3).strip()
    before = LABEL_WITH_PERIOD_HEADER.match(text)
    if before:
        return before.group(2), before.group(3), before.group(1).strip()
    return text, None, None


def period_columns(headers: list[str], used: set[int] | frozenset = frozenset()) -> list[int]:
    """Indexes of headers that are periods ('2015', '2023K2', '2023*', '2021 män'): the wide layout."""
    return [i for i, header in enumerate(headers) if i not in used and header and is_period_header(header)]


def matches(headers: list[str]) -> bool:
    found = match_columns(headers, STATISTICS_COLUMNS)
    wide = bool(period_columns(headers, set(found.values())))
    return (("indicator" in found and ("value" in found or "area" in found or wide))
            or ("area" in found and (wide or "period" in found))
            or (("table" in found or "content" in found) and "value" in found))


def indicator_from_name(file: str) -> str | None:
    """A Kolada id in the file name ('N00957_ohalsotal.csv'): PX-Web tables carry none."""
    found = KPI_IN_NAME.search(file)
    return found.group(1) if found else None


def missing_columns(headers: list[str], file: str = "") -> list[str]:
    found = match_columns(headers, STATISTICS_COLUMNS)
    required = ["area"]
    if not period_columns(headers, set(found.values())):
        required.append("period")
        others = [h for i, h in enumerate(headers) if i not in found.values() and h.strip()]
        if "value" not in found and not others:
            required.append("value")
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


def origin_of(table: Table, found: dict[str, int]) -> str | None:
    """Whose conventions the file follows: the reader's (a PX file, JSON-stat from SCB), SCB when
    the file says so above or under the table ('Källa: SCB'), Kolada by its columns."""
    if table.origin in ("px", "scb", "kolada"):
        return table.origin
    lines = [text for _, text in table.preamble] + [text for _, text in table.footer]
    if any(is_scb_source_line(text) for text in lines):
        return "scb"
    if {normalise_header(h) for h in table.headers} >= {"kpi", "municipality_id"}:
        return "kolada"
    return table.origin


def _is_measure(table: Table, index: int) -> bool:
    """A column that holds numbers (or symbols for a missing value) in most of its filled cells."""
    cells = [cells[index] for _, cells in table.rows if index < len(cells) and cells[index] is not None]
    if not cells:
        return False
    readable = 0
    for cell in cells:
        if isinstance(cell, Number):
            readable += 1
        elif isinstance(cell, str) and read_number(cell, column_evidence([])).problem is None:
            readable += 1
    return readable * 2 > len(cells)


def _total_of(values: set[str]) -> str | None:
    totals = [value for value in values if is_total(value)]
    return totals[0] if len(totals) == 1 else None


def read(table: Table, file: str, in_template: bool = False) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    """Canonical statistics rows of one table, canonical column -> header as written, and notes.
    (`in_template` is the readers' common signature; statistics have no template.)"""
    found = match_columns(table.headers, STATISTICS_COLUMNS)
    headers = {name: table.headers[index] for name, index in found.items()}
    used = set(found.values())
    notes: list[Issue] = []
    origin = origin_of(table, found)

    def cell(cells: list[Cell], name: str) -> str | None:
        index = found.get(name)
        return as_text(cells[index]) if index is not None and index < len(cells) else None

    wide = period_columns(table.headers, used) if "value" not in found and "period" not in found else []
    others = [i for i, header in enumerate(table.headers) if i not in used and i not in wide
              and not known_unused(header)
              and (header.strip() or any(i < len(c) and c[i] is not None for _, c in table.rows))]
    footer = {row for row, _ in table.footer}
    measures = [i for i in others if _is_measure(table, i)] if "value" not in found and not wide else []
    candidates = [i for i in others if i not in measures]  # columns that may split the values
    if "value" in found:
        value_columns = [found["value"]]
    else:
        value_columns = wide or measures
    if not value_columns:
        return pd.DataFrame(columns=STATISTICS_FRAME_COLUMNS), headers, [Issue(
            file="", sheet=table.sheet, row=table.header_row, rule="obligatoriska_kolumner",
            message=("Kolumn saknas: värde. Ingen kolumn har tal (en kolumn Värde, en kolumn per år eller en "
                     "kolumn per mått); lägg till värdena och lämna in filen igen; inga rader har lästs."))]
    evidence = column_evidence([cells[i] for row, cells in table.rows if row not in footer for i in value_columns
                                if i < len(cells) and isinstance(cells[i], str)],
                               hint="." if table.separator == "," else None)
    named = indicator_from_name(file)
    hint = sex_hint(file, table) if "gender" not in found else None
    guessed: list[tuple[int, str]] = []
    text_lines: list[tuple[int, str]] = []
    records = []
    # In a workbook with a column per year, the stub columns left of the last one are outer
    # variables, which PX-Web's Excel export writes once per group.
    stub = sorted({*(found[name] for name in ("area", "gender") if name in found), *candidates})
    outer = stub[:-1] if wide and table.sheet and len(stub) > 1 else []
    above: dict[int, Cell] = {}
    filled_from_above: dict[str, list[int]] = {}
    # The second heading variable is sex only when every heading's label is a sex ('2023 män',
    # '2023 kvinnor'); 'samtliga' beside 'förgymnasial' is the total of another variable.
    heading_labels = {label for i in wide if (label := split_heading(table.headers[i])[2]) is not None}
    labels_are_sex = bool(heading_labels) and all(normalise_sex(label) in ("T", "K", "M") for label in heading_labels)
    for row, cells in table.rows:
        filled = [c for c in cells if c is not None]
        if row in footer or (len(table.headers) >= 3 and len(filled) == 1 and cells and isinstance(cells[0], str)):
            text_lines.append((row, next(as_text(c) for c in cells if c is not None)))
            continue
        bad = row in table.bad_rows
        if outer:  # PX-Web's Excel writes each category of an outer variable once: blank is the one above
            cells = list(cells) + [None] * (max(outer) + 1 - len(cells))
            for i in outer:
                if cells[i] is None and above.get(i) is not None:
                    filled_from_above.setdefault(table.headers[i], []).append(row)
                    cells[i] = above[i]
                else:
                    above[i] = cells[i]
        gender = cell(cells, "gender")
        area = cell(cells, "area")
        if wide:
            values = [(i, table.headers[i], cells[i] if i < len(cells) else None) for i in wide]
        else:
            values = [(i, None, cells[i] if i < len(cells) else None) for i in value_columns]
        split = {table.headers[i]: as_text(cells[i]) if i < len(cells) else None for i in candidates}
        for index, heading, value_cell in values:
            if heading is not None:
                period_text, marker, label = split_heading(heading)
                raw_period = heading
            else:
                period_text, marker = split_period(cell(cells, "period"))
                label, raw_period = None, cell(cells, "period")
            record_gender, given = gender, "gender" in found
            dims = dict(split)
            if label is not None:
                sex = normalise_sex(label)
                if "gender" not in found and labels_are_sex and sex in ("T", "K", "M"):
                    record_gender, given = label, True
                else:
                    dims[HEADING_LABEL] = label
            reading = _read_value(value_cell, evidence)
            column = heading if heading is not None else (table.headers[index] if index is not None else "")
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
            symbol = meaning(reading.marker, origin, table.symbols) if reading.marker is not None else None
            indicator = cell(cells, "indicator")
            records.append({
                "file": file, "sheet": table.sheet, "row": row,
                "indicator": indicator.strip().upper() if indicator else None,
                "area": normalise_area(area),
                "period": normalise_period(period_text),
                "gender": normalise_sex(record_gender),
                "value": reading.value if reading.problem != "not_a_number" else shown(value_cell),
                "status": cell(cells, "status") or marker,
                "unit": cell(cells, "unit"),
                "raw_area": area, "raw_period": raw_period, "raw_gender": record_gender,
                "raw_value": shown(value_cell),
                "gender_given": given, "gender_hint": None if given else hint,
                "reader_error": error,
                "name_kpi": named, "table": cell(cells, "table"), "content": cell(cells, "content"),
                "measure": table.headers[index] if measures and index is not None else None,
                "dims": dims, "dim_totals": None,
                "marker": reading.marker, "marker_zero": bool(symbol and symbol.zero),
                "marker_meaning": symbol.text if symbol else None, "origin": origin,
                "indicator_given": "indicator" in found,
            })
    frame = pd.DataFrame.from_records(records, columns=STATISTICS_FRAME_COLUMNS)
    splitting = _splitting(frame) | _one_category(frame, table, origin)
    notes += _one_category_notes(frame, table, origin, splitting)
    if splitting:
        # The total of each splitting variable: the PX file's own (ELIMINATION), else the one
        # category named as a total ('totalt ålder'); the checks use it unless the program picks.
        totals = {column: table.totals.get(column) or _total_of(
            {dims[column] for dims in frame["dims"] if dims.get(column)}) for column in sorted(splitting)}
        frame["dim_totals"] = json.dumps(totals, ensure_ascii=False)
    frame["dims"] = [json.dumps({k: v for k, v in sorted(dims.items()) if k in splitting}, ensure_ascii=False)
                     if any(k in splitting for k in dims) else None for dims in frame["dims"]]
    if wide:
        headers["period"] = headers["value"] = "(årskolumnerna)"
        marked = [header for header in (table.headers[i] for i in wide) if split_heading(header)[1]]
        if marked:
            notes.append(Issue(file="", sheet=table.sheet, row=table.header_row, rule="preliminärt_år",
                               severity=NOTE, value=", ".join(marked),
                               message=(f"Årskolumnen {', '.join(marked)} har en markering; värdena har lästs "
                                        "som det året med markeringen som status (t.ex. preliminärt värde), "
                                        "och statusen följer med värdet.")))
        if labels_are_sex and "gender" not in found:
            headers["gender"] = "(årskolumnerna)"
    if measures:
        headers["value"] = ", ".join(f"'{table.headers[i]}'" for i in measures)
    if "indicator" not in found:
        headers["indicator"] = "(ingen kolumn för nyckeltal)"
    notes += _column_notes(table, found, set(value_columns) | used, splitting)
    for header, rows in filled_from_above.items():
        notes.append(Issue(file="", sheet=table.sheet, rule="värde_ovanför", severity=NOTE, column=header,
                           message=(f"Tomma celler i kolumnen '{header}' har lästs som värdet ovanför, så som "
                                    "PX-Web:s Excel-export skriver varje kategori bara på gruppens första rad "
                                    f"(rad {row_ranges(rows)}).")))
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
    if table.source_lines:
        text = " ".join(table.source_lines)
        notes.append(Issue(file="", sheet=table.sheet, rule="filens_fotnoter", severity=NOTE, value=text[:80],
                           message=f"Filens egna fotnoter: {text[:400]}{' ...' if len(text) > 400 else ''}"))
    if text_lines:
        rows = [row for row, _ in text_lines]
        quoted = "; ".join(f"'{text[:70]}'" for _, text in text_lines[:3]) + (" ..." if len(text_lines) > 3 else "")
        notes.append(Issue(file="", sheet=table.sheet, row=rows[0] if len(rows) == 1 else None, rule="textrad",
                           severity=NOTE,
                           value=text_lines[0][1][:80],
                           message=(f"{len(rows)} {'rad' if len(rows) == 1 else 'rader'} med bara text (fotnot, källa "
                                    "eller förklaring) har inte lästs som statistik"
                                    + (f" (rad {row_ranges(rows)})" if len(rows) > 1 else "") + f": {quoted}.")))
    return frame, headers, notes


def _splitting(frame: pd.DataFrame) -> set[str]:
    """The extra columns that split the values: two rows alike in everything the follow-up reads
    (indicator, area, period, sex, the value's column) that differ in the column. A name beside
    a code splits nothing and is only an unused column."""
    if frame.empty:
        return set()
    columns = sorted({key for dims in frame["dims"] for key in dims})
    splitting = set()
    base = frame[["indicator", "name_kpi", "table", "content", "measure", "area", "period", "gender"]].astype(
        "string").fillna("")
    key = base.iloc[:, 0].str.cat([base[column] for column in base.columns[1:]], sep="|")  # vectorised
    for column in columns:
        values = frame["dims"].map(lambda dims, c=column: dims.get(c)).astype("string").fillna("")
        if (pd.DataFrame({"key": key, "value": values}).groupby("key")["value"].nunique() > 1).any():
            splitting.add(column)
    return splitting


def _one_category(frame: pd.DataFrame, table: Table, origin: str | None) -> set[str]:
    """The variables of a PX or JSON-stat cube that hold one category only, and not a total
    ('ålder' always '20-64 år'): the values are that category's, not the whole, so they count as
    a split table whose category the program must choose. (In other files a constant column is
    as often a description, a department or a name: `_one_category_notes` warns instead.)"""
    if frame.empty or origin not in ("px", "scb", "jsonstat"):
        return set()
    return {column for column, value in _constant_columns(frame).items()
            if table.totals.get(column) != value and not is_total(value) and not _is_description(column)}


def _constant_columns(frame: pd.DataFrame) -> dict[str, str]:
    """Extra columns (not the second heading variable) with one value in every row."""
    found = {}
    for column in sorted({key for dims in frame["dims"] for key in dims} - {HEADING_LABEL}):
        values = {dims.get(column) for dims in frame["dims"]}
        if len(values) == 1 and None not in values:
            found[column] = next(iter(values))
    return found


def _one_category_notes(frame: pd.DataFrame, table: Table, origin: str | None,
                        splitting: set[str]) -> list[Issue]:
    """A constant column of a file that is no cube: used as read, with a warning where its value
    could be a category the table was cut to ('ålder' '20-64 år'), which would make the values
    that category's and not the indicator's."""
    if frame.empty or origin in ("px", "scb", "jsonstat"):
        return []
    notes = []
    for column, value in _constant_columns(frame).items():
        if column in splitting or is_total(value) or _is_description(column):
            continue
        notes.append(Issue(file="", sheet=table.sheet, rule="en_kategori", severity=WARNING, column=column,
                           value=value,
                           message=(f"Kolumnen '{column}' har värdet '{value}' på alla rader och har inte lästs; "
                                    "värdena har använts som nyckeltalets. Är det en kategori som tabellen är "
                                    f"begränsad till (t.ex. en åldersgrupp), gäller de bara '{value}': ta då ut "
                                    "tabellen med totalen, eller ange kategorin under nyckeltalet i programfilen "
                                    f'(source: {{select: {{{column}: "{value}"}}}}) så att det syns att den är vald.')))
    return notes


# Columns that describe the values and never cut the table (a source, a comment, a department).
DESCRIPTIONS = {"källa", "kalla", "source", "kommentar", "kommentarer", "anmärkning", "anmarkning", "not",
                "noter", "fotnot", "beskrivning", "uppdaterad", "datum", "senast_uppdaterad", "definition",
                "förvaltning", "forvaltning", "nämnd", "namnd", "enhet_namn", "verksamhet", "ansvarig", "mått",
                "matt", "tabellinnehåll", "tabellinnehall", "innehåll", "innehall"}


def _is_description(column: str) -> bool:
    return normalise_header(column) in DESCRIPTIONS


def _column_notes(table: Table, found: dict[str, int], used: set[int], splitting: set[str]) -> list[Issue]:
    """One note for the columns that are not used (known columns the follow-up does not need,
    and others), naming them as they are headed."""
    known, other = [], []
    for index, header in enumerate(table.headers):
        if index in used or header in splitting:
            continue
        if known_unused(header):
            known.append(f"'{header}'")
        elif header or any(index < len(cells) and cells[index] is not None for _, cells in table.rows):
            other.append(f"'{header}'" if header else f"kolumn {index + 1} (utan rubrik)")
    if not known and not other:
        return []
    sentences = []
    if known:
        sentences.append(f"{_columns(known)} används inte; uppföljningen behöver "
                         f"{'den' if len(known) == 1 else 'dem'} inte (namn, antal och typ följer av koderna).")
    if other:
        sentences.append(f"{_columns(other)} används inte: uppföljningen läser nyckeltal, område, period, kön, "
                         "värde, status och enhet.")
    return [Issue(file="", sheet=table.sheet, row=table.header_row, rule="kolumn_används_inte",
                  severity=NOTE, value=", ".join(known + other)[:120], message=" ".join(sentences))]


def _columns(names: list[str]) -> str:
    return f"Kolumnen {names[0]}" if len(names) == 1 else f"Kolumnerna {', '.join(names)}"


def _read_value(value: Cell, evidence) -> Reading:
    if isinstance(value, Number):
        return Reading(as_text(value))
    return read_number(value, evidence)
