"""Committee submission templates: one workbook per committee and period.

The goals the committee answers for are listed; the committee fills in assessment, trend and
comment (drop-down lists for the coded columns), and activities on a second sheet, where the
goal is chosen from a list that shows its title. Everything but the cells to fill in is locked,
but rows and columns can be resized; rows are tall enough for the goal's title and a comment,
and the sheets print landscape on A4, one page wide, with the header row on every page. The
sheet and column names are the ones the submission reader knows, so a filled-in template reads
back exactly as entered.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sources.program import Program
from sources.submissions import TEMPLATE_GUIDE_TITLE, TEMPLATE_HEADERS, TEMPLATE_VERSION
from sources.vocabulary import DONE, DROPPED

SUBMISSION_HEADERS = TEMPLATE_HEADERS["inrapportering"]
ACTIVITY_HEADERS = TEMPLATE_HEADERS["aktiviteter"]
# The activity sheet's columns in the order of its headers, and their widths.
ACTIVITY_FIELDS = ["action_id", "goal", "also_goals", "committee", "period", "activity", "owner", "start",
                   "deadline", "effect_indicator", "activity_status", "cost_tkr"]
ACTIVITY_WIDTHS = {"action_id": 12, "goal": 36, "also_goals": 10, "committee": 8, "period": 8, "activity": 44,
                   "owner": 18, "start": 12, "deadline": 12, "effect_indicator": 30, "activity_status": 14,
                   "cost_tkr": 10}
LINE_POINTS = 15  # the height of one line of 11 pt text
COMMENT_LINES = 4  # room for a comment of a few lines in every goal row
TITLE_CHARACTERS_PER_LINE = 52  # of the goal title's column (width 55)
HEADER_ROW = 3
ACTIVITY_ROWS = 60
FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INSTRUCTIONS = [
    TEMPLATE_GUIDE_TITLE,
    "",
    "1. Fliken Inrapportering listar de mål som nämnden ansvarar för. Fyll i de gula cellerna:",
    "   Bedömning (grön, gul eller röd), Trend (förbättras, oförändrad eller försämras) och en Kommentar",
    "   som förklarar bedömningen. Välj i listan i cellen. Lämna tomt om nämnden inte bedömer målet.",
    "2. Fliken Aktiviteter: en rad per aktivitet. Aktivitets-id: ett kort id som aktiviteten behåller",
    "   år från år (t.ex. IFN-3); en ny aktivitet får ett nytt id. Välj målet i listan; fler mål som",
    "   aktiviteten bidrar till skrivs i Även mål (t.ex. 1.2, 1.3). Ansvarig: vem som leder arbetet.",
    "   Planerad start och Klart senast som datum (t.ex. 2024-03-31). Förväntad effekt på nyckeltal:",
    "   välj det nyckeltal aktiviteten ska påverka. Status: genomförd, pågår, försenad, ej påbörjad eller",
    "   avbruten. Kostnad i tusental kronor (bara siffror, t.ex. 250). Förra periodens aktiviteter står",
    "   redan ifyllda när mallen skrivits med dem: fyll i deras status nu.",
    "3. Ändra inte rubrikerna, mål-id, nämnd eller period; de är låsta. Skriv värden, inte formler.",
    "4. Spara som Excel-arbetsbok (.xlsx) och lägg filen i inkorgen. Du får återkoppling per fil om",
    "   något behöver rättas, med flik, rad och kolumn.",
    "",
    "Bedömning: grön = målet är nått eller på väg att nås i tid; gul = rätt riktning men för långsamt;",
    "röd = fel riktning eller klart sämre än jämförelsen.",
]


def _text(cell, value: str) -> None:
    """A text cell that Excel will not run as a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"


def _header(sheet, row: int, headers: list[str]) -> None:
    for column, name in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column)
        _text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _list(sheet, options: list[str], cells: str, title: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=title,
                                error=f"Välj ett av värdena i listan: {', '.join(options)}.")
    validation.add(cells)
    sheet.add_data_validation(validation)


def _protect(sheet) -> None:
    """Lock the sheet but let the user resize rows and columns (a long comment needs room)."""
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _print_setup(sheet, title_rows: str) -> None:
    """Landscape A4, one page wide, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = True


def goal_option(goal) -> str:
    """How a goal is listed on the activity sheet: '1.1 – Förbättra den allmänna folkhälsan'
    (the reader takes the id before the dash)."""
    return f"{goal.id} – {goal.title}"


def build_template(program: Program, committee: str, period: str,
                   previous: pd.DataFrame | None = None) -> Workbook:
    """The committee's workbook for the period; `previous` (the last run's actions.csv) fills in
    the committee's activities of the last period, so that each is followed up under its id."""
    name = program.committees[committee]
    goals = [goal for _, goal in program.goals() if committee in goal.committees]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inrapportering"
    _text(sheet["A1"], f"Inrapportering {period}: {program.name}, {program.municipality.name}")
    sheet["A1"].font = Font(bold=True, size=13)
    _text(sheet["A2"], f"{name} ({committee}). Fyll i de gula cellerna; se fliken Instruktioner.")
    _header(sheet, HEADER_ROW, SUBMISSION_HEADERS)
    for offset, goal in enumerate(goals, start=1):
        row = HEADER_ROW + offset
        for column, value in enumerate((goal.id, goal.title, committee, period), start=1):
            _text(sheet.cell(row=row, column=column), value)
            sheet.cell(row=row, column=column).alignment = Alignment(vertical="top")
        for column in (5, 6, 7):
            cell = sheet.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        lines = math.ceil(len(goal.title) / TITLE_CHARACTERS_PER_LINE)
        sheet.row_dimensions[row].height = LINE_POINTS * max(lines, COMMENT_LINES)
    sheet.row_dimensions[HEADER_ROW].height = LINE_POINTS * 3
    last = HEADER_ROW + max(len(goals), 1)
    _list(sheet, ["grön", "gul", "röd"], f"E{HEADER_ROW + 1}:E{last}", "Bedömning")
    _list(sheet, ["förbättras", "oförändrad", "försämras"], f"F{HEADER_ROW + 1}:F{last}", "Trend")
    for column, width in zip("ABCDEFG", (8, 55, 8, 8, 16, 18, 70), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _protect(sheet)
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")

    _activity_sheet(workbook, program, committee, period, goals, previous)
    guide = workbook.create_sheet("Instruktioner", index=2)
    lines = [*INSTRUCTIONS, "", f"{name}s mål ({committee}):", *(f"   {goal_option(goal)}" for goal in goals),
             "", f"Mallversion {TEMPLATE_VERSION}."]
    for row, line in enumerate(lines, start=1):
        _text(guide.cell(row=row, column=1), line)
        guide.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 100
    _protect(guide)
    _print_setup(guide, "1:1")
    workbook.properties.title = f"Inrapportering {period} {committee}"
    workbook.properties.version = str(TEMPLATE_VERSION)
    workbook.properties.creator = program.municipality.name
    return workbook


def indicator_option(indicator) -> str:
    """How an indicator is listed for the expected effect: 'N00957 – Ohälsotal, dagar'."""
    return f"{indicator.id} – {indicator.name}"


def fill_activity(sheet, row: int, **values) -> None:
    """Write an activity into a row of the template's activity sheet by field name (goal,
    activity, activity_status, cost_tkr, action_id, owner, start, deadline, ...), as a user would."""
    for name, value in values.items():
        sheet.cell(row=row, column=ACTIVITY_FIELDS.index(name) + 1).value = value


def _activity_sheet(workbook: Workbook, program: Program, committee: str, period: str, goals: list,
                    previous: pd.DataFrame | None) -> None:
    activities = workbook.create_sheet("Aktiviteter")
    _header(activities, 1, ACTIVITY_HEADERS)
    activities.row_dimensions[1].height = LINE_POINTS * 3
    carried = _carried(previous, committee, period, program.indicators())
    rows = max(ACTIVITY_ROWS, len(carried) + 20)
    columns = {name: index for index, name in enumerate(ACTIVITY_FIELDS, start=1)}
    for row in range(2, rows + 2):
        for name in ("committee", "period"):
            cell = activities.cell(row=row, column=columns[name])
            _text(cell, committee if name == "committee" else period)
            cell.alignment = Alignment(vertical="top")
        for name, column in columns.items():
            if name in ("committee", "period"):
                continue
            cell = activities.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        activities.row_dimensions[row].height = LINE_POINTS * 2
    goal_titles = {goal.id: goal_option(goal) for goal in goals}
    for row, action in enumerate(carried, start=2):
        for name, value in action.items():
            if name == "goal":
                value = goal_titles.get(value, value)
            if value:
                _text(activities.cell(row=row, column=columns[name]), value)
    last = rows + 1
    # The goal and the indicator are chosen from lists with their titles (a hidden sheet: Excel's
    # in-cell lists are limited to 255 characters).
    lists = workbook.create_sheet("Listor")
    for row, goal in enumerate(goals, start=1):
        _text(lists.cell(row=row, column=1), goal_option(goal))
    own = list({indicator.id: indicator for goal in goals for indicator in goal.indicators}.values())
    for row, indicator in enumerate(own, start=1):
        _text(lists.cell(row=row, column=2), indicator_option(indicator))
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    letter = {name: get_column_letter(column) for name, column in columns.items()}
    for name, column, count, title, error in (
            ("goal", "A", len(goals), "Mål", "Välj ett av nämndens mål i listan."),
            ("effect_indicator", "B", len(own), "Nyckeltal",
             "Välj ett av målens nyckeltal i listan, eller lämna tomt.")):
        if count:
            validation = DataValidation(type="list", formula1=f"=Listor!${column}$1:${column}${count}",
                                        allow_blank=True, showErrorMessage=True, errorTitle=title, error=error)
            validation.add(f"{letter[name]}2:{letter[name]}{last}")
            activities.add_data_validation(validation)
    _list(activities, ["genomförd", "pågår", "försenad", "ej påbörjad", "avbruten"],
          f"{letter['activity_status']}2:{letter['activity_status']}{last}", "Aktivitetsstatus")
    for name in ("start", "deadline"):
        dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                               showErrorMessage=True, errorTitle="Datum",
                               error="Skriv ett datum, t.ex. 2024-03-31.")
        dates.add(f"{letter[name]}2:{letter[name]}{last}")
        activities.add_data_validation(dates)
    cost = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, error="Ange kostnaden i tusental kronor med siffror, t.ex. 250.")
    cost.add(f"{letter['cost_tkr']}2:{letter['cost_tkr']}{last}")
    activities.add_data_validation(cost)
    for name, width in ACTIVITY_WIDTHS.items():
        activities.column_dimensions[letter[name]].width = width
    activities.freeze_panes = "B2"
    _protect(activities)
    _print_setup(activities, "1:1")


def _carried(previous: pd.DataFrame | None, committee: str, period: str,
             indicators: dict) -> list[dict[str, str]]:
    """The committee's activities of the last run still to follow up (all but those done or dropped),
    with their id, goals, owner, dates and indicator; the status is left for the committee to fill in."""
    if previous is None or previous.empty:
        return []
    own = previous[(previous["committee"] == committee) & (previous["period"] != period)]
    own = own[~own["activity_status"].isin([DONE, DROPPED])]
    names = ["action_id", "goal", "also_goals", "activity", "owner", "start", "deadline", "effect_indicator"]
    carried = [{name: (None if pd.isna(row[name]) else str(row[name]).replace(";", ", ")) for name in names}
               for _, row in own.iterrows()]
    for action in carried:
        indicator = indicators.get(action["effect_indicator"] or "")
        if indicator is not None:
            action["effect_indicator"] = indicator_option(indicator)
    return carried


def template_name(program: Program, committee: str, period: str) -> str:
    slug = committee.lower().translate(str.maketrans("åäö", "aao"))
    return f"inrapportering_{program.id}_{slug}_{period}.xlsx"


def write_templates(program: Program, period: str, folder: Path, previous: pd.DataFrame | None = None) -> list[Path]:
    """One workbook per committee that answers for at least one goal (with its activities of the
    last period, when `previous` holds them)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    responsible = {committee for _, goal in program.goals() for committee in goal.committees}
    for committee in program.committees:
        if committee not in responsible:
            continue
        path = folder / template_name(program, committee, period)
        build_template(program, committee, period, previous).save(path)
        written.append(path)
    return written
