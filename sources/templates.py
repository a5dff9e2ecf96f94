"""Committee submission templates: one workbook per committee and period.

The goals the committee answers for are listed; the committee fills in assessment, trend and
comment (drop-down lists for the coded columns), and activities on a second sheet. Everything
but the cells to fill in is locked. The sheet and column names are the ones the submission
reader knows, so a filled-in template reads back exactly as entered.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from sources.program import Program

SUBMISSION_HEADERS = ["Mål-id", "Mål", "Nämnd", "Period", "Bedömning (grön/gul/röd)",
                      "Trend (förbättras/oförändrad/försämras)", "Kommentar"]
ACTIVITY_HEADERS = ["Mål-id", "Nämnd", "Period", "Aktivitet", "Aktivitetsstatus", "Kostnad (tkr)"]
HEADER_ROW = 3
ACTIVITY_ROWS = 60
FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INSTRUCTIONS = [
    "Så fyller du i inrapporteringen",
    "",
    "1. Fliken Inrapportering listar de mål som nämnden ansvarar för. Fyll i de gula cellerna:",
    "   Bedömning (grön, gul eller röd), Trend (förbättras, oförändrad eller försämras) och en Kommentar",
    "   som förklarar bedömningen. Välj i listan i cellen. Lämna tomt om nämnden inte bedömer målet.",
    "2. Fliken Aktiviteter: en rad per aktivitet, med målets id, aktivitetens namn, status (genomförd,",
    "   pågår eller ej påbörjad) och kostnad i tusental kronor (bara siffror, t.ex. 250).",
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


def build_template(program: Program, committee: str, period: str) -> Workbook:
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
        for column in (5, 6, 7):
            cell = sheet.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    last = HEADER_ROW + max(len(goals), 1)
    _list(sheet, ["grön", "gul", "röd"], f"E{HEADER_ROW + 1}:E{last}", "Bedömning")
    _list(sheet, ["förbättras", "oförändrad", "försämras"], f"F{HEADER_ROW + 1}:F{last}", "Trend")
    for column, width in zip("ABCDEFG", (8, 55, 8, 8, 16, 18, 70), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.protection.sheet = True

    activities = workbook.create_sheet("Aktiviteter")
    _header(activities, 1, ACTIVITY_HEADERS)
    for row in range(2, ACTIVITY_ROWS + 2):
        _text(activities.cell(row=row, column=2), committee)
        _text(activities.cell(row=row, column=3), period)
        for column in (1, 4, 5, 6):
            cell = activities.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = FILL
    last = ACTIVITY_ROWS + 1
    _list(activities, [goal.id for goal in goals] or ["-"], f"A2:A{last}", "Mål-id")
    _list(activities, ["genomförd", "pågår", "ej påbörjad"], f"E2:E{last}", "Aktivitetsstatus")
    cost = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, error="Ange kostnaden i tusental kronor med siffror, t.ex. 250.")
    cost.add(f"F2:F{last}")
    activities.add_data_validation(cost)
    for column, width in zip("ABCDEF", (8, 8, 8, 60, 16, 14), strict=True):
        activities.column_dimensions[column].width = width
    activities.freeze_panes = "A2"
    activities.protection.sheet = True

    guide = workbook.create_sheet("Instruktioner")
    for row, line in enumerate(INSTRUCTIONS, start=1):
        _text(guide.cell(row=row, column=1), line)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 100
    guide.protection.sheet = True
    workbook.properties.title = f"Inrapportering {period} {committee}"
    workbook.properties.creator = program.municipality.name
    return workbook


def template_name(program: Program, committee: str, period: str) -> str:
    slug = committee.lower().translate(str.maketrans("åäö", "aao"))
    return f"inrapportering_{program.id}_{slug}_{period}.xlsx"


def write_templates(program: Program, period: str, folder: Path) -> list[Path]:
    """One workbook per committee that answers for at least one goal."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    responsible = {committee for _, goal in program.goals() for committee in goal.committees}
    for committee in program.committees:
        if committee not in responsible:
            continue
        path = folder / template_name(program, committee, period)
        build_template(program, committee, period).save(path)
        written.append(path)
    return written
