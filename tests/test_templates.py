"""Committee templates: goals listed, drop-downs, locked header, and read back exactly."""

from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from sources.readers import read_source
from sources.templates import fill_activity, write_templates
from tests.conftest import EXAMPLE


def test_one_template_per_committee_with_its_goals_lists_and_lock(vasteras_program, tmp_path):
    written = write_templates(vasteras_program, "2023", tmp_path)
    assert len(written) == 10
    path = tmp_path / "inrapportering_vasteras-social_ifn_2023.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["Inrapportering", "Aktiviteter", "Instruktioner", "Listor"]
    sheet = book["Inrapportering"]
    ifn_goals = [goal.id for _, goal in vasteras_program.goals() if "IFN" in goal.committees]
    assert [sheet.cell(row=r, column=1).value for r in range(4, 4 + len(ifn_goals))] == ifn_goals
    assert [c.value for c in sheet[3]] == ["Mål-id", "Mål", "Nämnd", "Period", "Bedömning (grön/gul/röd)",
                                           "Trend (förbättras/oförändrad/försämras)", "Kommentar"]
    assert sheet.protection.sheet is True
    assert sheet["A3"].protection.locked and sheet["A4"].protection.locked
    assert not sheet["E4"].protection.locked and not sheet["G4"].protection.locked
    lists = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {'"grön,gul,röd"', '"förbättras,oförändrad,försämras"'}
    activity_lists = {v.formula1 for v in book["Aktiviteter"].data_validations.dataValidation}
    assert '"genomförd,pågår,försenad,ej påbörjad,avbruten"' in activity_lists
    assert book["Instruktioner"]["A1"].value == "Så fyller du i inrapporteringen"


def test_the_template_prints_and_fits_its_text(vasteras_program, tmp_path):
    path = write_templates(vasteras_program, "2023", tmp_path)[1]  # IFN
    book = load_workbook(path)
    ifn = [goal for _, goal in vasteras_program.goals() if "IFN" in goal.committees]
    for name, title_rows in (("Inrapportering", "$3:$3"), ("Aktiviteter", "$1:$1")):
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == title_rows
        # Locked, but rows and columns can be resized for a long comment.
        assert sheet.protection.sheet and not sheet.protection.formatRows and not sheet.protection.formatColumns
    sheet = book["Inrapportering"]
    longest = max(ifn, key=lambda goal: len(goal.title))
    row = 4 + ifn.index(longest)
    assert sheet.row_dimensions[row].height == 15 * max(4, -(-len(longest.title) // 52))
    assert sheet.cell(row=row, column=2).alignment.wrap_text and sheet.cell(row=row, column=7).alignment.wrap_text
    # The activity sheet shows each goal with its title; the reader takes the id.
    lists = book["Listor"]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(row=r, column=1).value for r in range(1, len(ifn) + 1)] == [
        f"{goal.id} – {goal.title}" for goal in ifn]
    assert f"=Listor!$A$1:$A${len(ifn)}" in {v.formula1 for v in book["Aktiviteter"].data_validations.dataValidation}
    fill_activity(book["Aktiviteter"], 2, goal=f"{ifn[0].id} – {ifn[0].title}", activity="Stöd",
                  activity_status="pågår", cost_tkr=120)
    book.save(path)
    activity = read_source(path).frames["submissions"].iloc[0]
    assert activity[["goal", "activity", "cost_tkr"]].tolist() == [ifn[0].id, "Stöd", "120"]


def test_a_filled_in_template_reads_back_exactly_as_entered(vasteras_program, tmp_path):
    path = write_templates(vasteras_program, "2023", tmp_path)[0]  # KS
    book = load_workbook(path)
    sheet = book["Inrapportering"]
    entered = {4: ("röd", "försämras", "Otryggheten ökar i flera stadsdelar; se bilaga."),
               6: ("grön", None, "=Målet nått (skrivet med likhetstecken först)"),
               7: (None, "oförändrad", None)}
    for row, (light, trend, comment) in entered.items():
        sheet.cell(row=row, column=5).value = light
        sheet.cell(row=row, column=6).value = trend
        if comment is not None:
            sheet.cell(row=row, column=7).value = comment
            sheet.cell(row=row, column=7).data_type = "s"
    activities = book["Aktiviteter"]
    fill_activity(activities, 2, goal="5.1", activity="Medborgardialog", activity_status="pågår", cost_tkr=250)
    book.save(path)
    result = read_source(path)
    frame = result.frames["submissions"]
    goals = frame[frame["activity"].isna()]
    expected_goals = [sheet.cell(row=r, column=1).value for r in entered]
    assert goals["goal"].tolist() == expected_goals
    assert goals["committee"].tolist() == ["KS"] * 3 and goals["period"].tolist() == ["2023"] * 3
    def cells(column):
        return [None if not isinstance(v, str) else v for v in goals[column]]

    assert cells("raw_assessment") == [e[0] for e in entered.values()]
    assert cells("raw_trend") == [e[1] for e in entered.values()]
    assert cells("comment") == [e[2] for e in entered.values()]
    assert goals["row"].tolist() == [4, 6, 7]
    activity = frame[frame["activity"].notna()].iloc[0]
    assert activity[["goal", "committee", "period", "activity", "activity_status", "cost_tkr"]].tolist() == [
        "5.1", "KS", "2023", "Medborgardialog", "ongoing", "250"]
    # The goals left empty are named, nothing else is said.
    ks_goals = [goal.id for _, goal in vasteras_program.goals() if "KS" in goal.committees]
    assert [(i.rule, i.severity, i.value) for i in result.issues] == [
        ("mål_ej_ifyllt", "notering", goal) for goal in ks_goals if goal not in expected_goals]


def test_templates_command(tmp_path):
    result = CliRunner().invoke(app, ["templates", "--program", str(EXAMPLE / "program.yaml"), "--year", "2024",
                                      "--quarter", "2", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "10 mallar för 2024-Q2 skrivna" in result.output
    assert (tmp_path / "inrapportering_vasteras-social_an_2024-Q2.xlsx").exists()
