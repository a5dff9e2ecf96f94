"""Reader for committee submissions: one row per goal (assessment, trend, comment) and
optionally rows per activity (activity, status, cost), from the template workbook or a CSV.

A header the reader does not know is an error for the whole table (a renamed "Bedömning"
column would otherwise leave the committee's light unread, and the computed one would take its
place without a word); so is a column of the template that is missing. A cost that can be read
two ways ("1,200") is refused in its cell only.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from sources.columns import (
    ACTIVITY_STATUS_CODES,
    LIGHT_CODES,
    SUBMISSION_COLUMNS,
    SUBMISSION_REQUIRED,
    SUBMISSION_TEMPLATE_EXTRAS,
    TREND_CODES,
    match_columns,
    normalise_code,
    normalise_header,
    normalise_period,
)
from sources.issues import ERROR, NOTE, WARNING, Issue
from sources.numbers import Number, both_readings, column_evidence, plain, read_number
from sources.tabular import Cell, Table, as_text, shown

SUBMISSION_FRAME_COLUMNS = [
    "file", "sheet", "row", "goal", "goal_title", "committee", "period", "assessment", "trend", "comment",
    "activity", "activity_status", "cost_tkr",
    "action_id", "also_goals", "owner", "start", "deadline", "effect_indicator",
    "raw_period", "raw_assessment", "raw_trend", "raw_activity_status", "raw_cost_tkr", "raw_start", "raw_deadline",
    "reader_error",
]
# The template's headers per sheet (sources/templates.py writes them; kept here so the reader
# can name the header a user renamed or removed).
TEMPLATE_HEADERS = {
    "inrapportering": ["Mål-id", "Mål", "Nämnd", "Period", "Bedömning (grön/gul/röd)",
                       "Trend (förbättras/oförändrad/försämras)", "Kommentar"],
    "aktiviteter": ["Aktivitets-id", "Mål-id", "Även mål (mål-id)", "Nämnd", "Period", "Aktivitet", "Ansvarig",
                    "Planerad start (datum)", "Klart senast (datum)", "Förväntad effekt på nyckeltal",
                    "Aktivitetsstatus", "Kostnad (tkr)"],
}
TEMPLATE_VERSION = 2  # 2: activities carry an id, further goals, owner, dates and an indicator
# The activity sheet of template version 1 (before 2026-12): still read, with a warning.
ACTIVITY_HEADERS_V1 = ["Mål-id", "Nämnd", "Period", "Aktivitet", "Aktivitetsstatus", "Kostnad (tkr)"]
ACTION_FIELDS = ("action_id", "also_goals", "owner", "start", "deadline", "effect_indicator")
TEMPLATE_GUIDE_TITLE = "Så fyller du i inrapporteringen"  # the first line of the template's Instruktioner sheet
TEMPLATE_TITLE = "Inrapportering "  # the template's own title line: 'Inrapportering 2023: <program>, <kommun>'
_GOAL_WITH_TITLE = re.compile(r"^(\S+)\s+[–-]\s+\S")  # the activity sheet's list: '1.1 – Förbättra ...'
_FILLED = ("assessment", "trend", "comment", "activity", "activity_status", "cost_tkr", "owner", "start",
           "deadline", "effect_indicator")
_SEPARATORS = re.compile(r"[,;\s]+")
# A date as the template asks for it ('2024-03-31'), or a month or a year when that is all that is planned.
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[ T]00:00(?::00)?)?$")


def empty_submissions() -> pd.DataFrame:
    return pd.DataFrame(columns=[*SUBMISSION_FRAME_COLUMNS, "sha256"])


def matches(headers: list[str]) -> bool:
    found = match_columns(headers, SUBMISSION_COLUMNS)
    return "goal" in found and ("committee" in found or "assessment" in found or "comment" in found)


def missing_columns(headers: list[str], file: str = "") -> list[str]:
    found = match_columns(headers, SUBMISSION_COLUMNS)
    return [name for name in SUBMISSION_REQUIRED if name not in found]


def is_template(tables: list[Table]) -> bool:
    """Whether a workbook is our template: its Instruktioner sheet starts with our guide."""
    return any(t.sheet.strip().lower() == "instruktioner" and t.headers and t.headers[0] == TEMPLATE_GUIDE_TITLE
               for t in tables)


def template_sheet(table: Table, in_template: bool = False) -> str | None:
    """'inrapportering' or 'aktiviteter' when the table is a sheet of our template: a sheet of the
    template workbook, or a sheet (or a CSV copy of one) under the template's own title line."""
    name = table.sheet.strip().lower()
    if in_template and name in TEMPLATE_HEADERS:
        return name
    if table.preamble and table.preamble[0][1].startswith(TEMPLATE_TITLE):
        return "inrapportering"
    return None


def header_problems(table: Table, in_template: bool = False) -> list[str]:
    """Swedish sentences naming each header that is not known and each template column missing."""
    found = match_columns(table.headers, SUBMISSION_COLUMNS)
    used = set(found.values())
    problems = []
    template = template_sheet(table, in_template)
    expected = ACTIVITY_HEADERS_V1 if is_version_1(table, in_template) else TEMPLATE_HEADERS.get(template, [])
    missing = [header for header in expected if normalise_header(header) not in
               {normalise_header(h) for h in table.headers}
               and not _known_elsewhere(header, found)]
    suggested: set[str] = set()
    for index, header in enumerate(table.headers):
        if index in used or normalise_header(header) in SUBMISSION_TEMPLATE_EXTRAS:
            continue
        if not header:
            if any(index < len(cells) and cells[index] is not None for _, cells in table.rows):
                problems.append(f"kolumn {index + 1} har värden men ingen rubrik")
            continue
        close = difflib.get_close_matches(header, missing or expected, n=1, cutoff=0.3)
        if close:
            suggested.add(close[0])
            problems.append(f"rubriken '{header}' känns inte igen; mallen har här rubriken '{close[0]}'")
        else:
            problems.append(f"rubriken '{header}' känns inte igen")
    if template:
        problems += [f"mallens kolumn '{header}' saknas" for header in missing if header not in suggested]
    return problems


def table_issues(table: Table, file: str, in_template: bool) -> tuple[bool, list[Issue], list[str] | None]:
    """(refuse the table, issues, the goals a template sheet lists) before its rows are read: a
    header that is not the template's refuses it; a CSV copy of the template lacks its activities."""
    problems = header_problems(table, in_template)
    if problems:
        where = f"Fliken '{table.sheet}'" if table.sheet else "Filen"
        return True, [Issue(
            file=file, sheet=table.sheet, row=table.header_row, rule="mallens_kolumner",
            message=(f"{where} har inte mallens rubriker: {'; '.join(problems)}. Inga rader har lästs härifrån, så "
                     "att ingen bedömning läses i fel kolumn. Skriv tillbaka mallens rubriker (eller fyll i en ny "
                     "mall från followup templates) och lämna in filen igen."))], None
    if is_version_1(table, in_template):
        return False, [Issue(
            file=file, sheet=table.sheet, row=table.header_row, rule="äldre_mall", severity=WARNING,
            message=("Fliken Aktiviteter är från en äldre version av mallen: aktiviteterna saknar id, ansvarig, "
                     "planerad start, klart senast och förväntad effekt på nyckeltal. Aktiviteterna har lästs och "
                     "används, men nästa period kan de bara följas upp på sitt namn. Använd den nya mallen "
                     "(followup templates) nästa gång."))], None
    if template_sheet(table, in_template) != "inrapportering":
        return False, [], None
    issues = []
    if not table.sheet:
        issues.append(Issue(
            file=file, row=table.header_row, rule="mallen_som_csv", severity=WARNING,
            message=("Filen är mallens flik Inrapportering sparad som CSV. En CSV-fil har bara en flik, så fliken "
                     "Aktiviteter finns inte med: nämndens aktiviteter har inte kommit in. Lämna in arbetsboken "
                     "(.xlsx) om nämnden har aktiviteter att rapportera.")))
    return False, issues, listed_goals(table)


def is_version_1(table: Table, in_template: bool) -> bool:
    """An activity sheet of template version 1: its headers, and none of version 2's new columns."""
    if template_sheet(table, in_template) != "aktiviteter":
        return False
    found = match_columns(table.headers, SUBMISSION_COLUMNS)
    return "activity" in found and not any(name in found for name in ACTION_FIELDS)


def _known_elsewhere(header: str, found: dict[str, int]) -> bool:
    """A template header whose column is there under another known name (an alias)."""
    canonical = match_columns([header], SUBMISSION_COLUMNS)
    return bool(canonical) and next(iter(canonical)) in found


def _goal(text: str | None) -> str | None:
    if text is None:
        return None
    with_title = _GOAL_WITH_TITLE.match(text)
    return with_title.group(1) if with_title else text


def read(table: Table, file: str, in_template: bool = False) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    found = match_columns(table.headers, SUBMISSION_COLUMNS)
    headers = {name: table.headers[index] for name, index in found.items()}
    title_index = next((i for i, h in enumerate(table.headers) if normalise_header(h) in SUBMISSION_TEMPLATE_EXTRAS
                        and i not in found.values()), None)
    notes: list[Issue] = []

    def raw(cells: list[Cell], name: str) -> Cell:
        index = found.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def cell(cells: list[Cell], name: str) -> str | None:
        return as_text(raw(cells, name))

    costs = column_evidence([raw(cells, "cost_tkr") for _, cells in table.rows
                             if isinstance(raw(cells, "cost_tkr"), str)])
    records = []
    unfilled: list[tuple[int, str | None]] = []
    for row, cells in table.rows:
        goal = _goal(cell(cells, "goal"))
        if not any(cell(cells, name) for name in _FILLED):
            if goal and template_sheet(table, in_template) == "inrapportering":
                unfilled.append((row, goal))
            continue  # a template row left empty (goal, committee and period are pre-filled)
        committee = cell(cells, "committee")
        cost, cost_text = _cost(raw(cells, "cost_tkr"), costs, table, row, headers, notes)
        records.append({
            "file": file, "sheet": table.sheet, "row": row, "goal": goal,
            "goal_title": as_text(cells[title_index]) if title_index is not None and title_index < len(cells)
            else None,
            "committee": committee.strip().upper() if committee else committee,
            "period": normalise_period(cell(cells, "period")),
            "assessment": normalise_code(cell(cells, "assessment"), LIGHT_CODES),
            "trend": normalise_code(cell(cells, "trend"), TREND_CODES),
            "comment": cell(cells, "comment"),
            "activity": cell(cells, "activity"),
            "activity_status": normalise_code(cell(cells, "activity_status"), ACTIVITY_STATUS_CODES),
            "cost_tkr": cost,
            "raw_period": cell(cells, "period"),
            "raw_assessment": cell(cells, "assessment"),
            "raw_trend": cell(cells, "trend"),
            "raw_activity_status": cell(cells, "activity_status"),
            "raw_cost_tkr": cost_text,
            "action_id": _action_id(cell(cells, "action_id")),
            "also_goals": _goal_list(cell(cells, "also_goals")),
            "owner": cell(cells, "owner"),
            "start": normalise_date(cell(cells, "start")),
            "deadline": normalise_date(cell(cells, "deadline")),
            "effect_indicator": _goal(cell(cells, "effect_indicator")),
            "raw_start": cell(cells, "start"),
            "raw_deadline": cell(cells, "deadline"),
            "reader_error": row in table.bad_rows,
        })
    notes += [Issue(file="", sheet=table.sheet, row=row, column=headers.get("assessment", ""),
                    rule="mål_ej_ifyllt", severity=NOTE, value=goal,
                    message=(f"Målet {goal} har lämnats tomt (ingen bedömning, trend eller kommentar); "
                             "nämndens bedömning saknas för målet. Fyll i raden om nämnden ska bedöma målet."))
              for row, goal in unfilled]
    frame = pd.DataFrame.from_records(records, columns=SUBMISSION_FRAME_COLUMNS)
    return frame, headers, notes


def _action_id(text: str | None) -> str | None:
    """An activity's id as the committee keeps it from period to period, compared in capitals."""
    return re.sub(r"\s+", " ", text.strip()).upper() if text else None


def _goal_list(text: str | None) -> str | None:
    """'1.2, 1.3', '1.2;1.3' or '1.2 och 1.3' -> '1.2;1.3'."""
    if not text:
        return None
    goals = [part for part in _SEPARATORS.split(text) if part and part.lower() not in ("och", "samt")]
    return ";".join(goals) or None


def normalise_date(text: str | None) -> str | None:
    """'2024-03-31' (or '2024-03', '2024') as written; a time of midnight dropped. Other text is
    returned as written, and the date check names it."""
    if text is None:
        return None
    match = _DATE.match(text.strip())
    if not match:
        return text.strip()
    return "-".join(part for part in match.groups() if part)


def _cost(value: Cell, evidence, table: Table, row: int, headers: dict[str, str],
          notes: list[Issue]) -> tuple[str | None, str | None]:
    """(canonical cost, as written). A cost that reads two ways is refused in its cell (one note)."""
    if value is None:
        return None, None
    if isinstance(value, Number):
        return plain(value.value), shown(value)
    reading = read_number(value, evidence, suffixes=("tkr",))
    if reading.problem == "ambiguous" or reading.guessed:
        as_decimal, as_whole = both_readings(value.lower().removesuffix("tkr").strip())
        notes.append(Issue(file="", sheet=table.sheet, row=row, column=headers.get("cost_tkr", ""),
                           rule="tvetydig_kostnad", severity=ERROR, value=value,
                           message=(f"Kostnaden '{value}' kan läsas som {as_decimal} eller {as_whole} tkr; cellen "
                                    "har inte använts (resten av raden används). Skriv kostnaden i tusental "
                                    "kronor utan tusentalsavgränsare, t.ex. 1200 eller 1,2.")))
        return None, value
    if reading.marker is not None:
        return None, value
    return (reading.value, value) if reading.problem is None else (value, value)


def listed_goals(table: Table) -> list[str]:
    """The goal ids a template's Inrapportering sheet lists (filled in or not)."""
    found = match_columns(table.headers, SUBMISSION_COLUMNS)
    index = found.get("goal")
    if index is None:
        return []
    return [goal for _, cells in table.rows if index < len(cells) and (goal := _goal(as_text(cells[index])))]


def empty_template_note(notes: list[Issue]) -> Issue:
    """One warning for a template returned with nothing filled in (instead of a note per goal)."""
    unfilled = [note for note in notes if note.rule == "mål_ej_ifyllt"]
    return Issue(file=unfilled[0].file, sheet=unfilled[0].sheet, rule="tom_mall", severity=WARNING,
                 message=(f"Mallen har lämnats in utan att något fyllts i: {len(unfilled)} mål saknar bedömning, "
                          "trend och kommentar, och inga aktiviteter finns. Fyll i nämndens bedömning för målen och "
                          "lämna in filen igen; annars visar rapporten bara den beräknade bedömningen."))
