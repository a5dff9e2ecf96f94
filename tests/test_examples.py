"""Every program of the seeds, bundled as an example: each runs end to end and its report names
every goal. Borås (every other year), Umeå (grant table), Eskilstuna (priority districts),
Västerås ecological, and both Västerås programs in one combined report."""

import csv
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document

from report.texts import light_label
from sources.formats import format_number
from sources.program import load_program
from sources.templates import ACTIVITY_FIELDS
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
BORAS = EXAMPLES / "boras"
# name -> (report year, seed, committee lights red/yellow/green, arrows up/flat/down), as in the README
GENERATED = {
    "boras": (2022, 1490, None, None),
    "umea": (2024, 2480, None, None),
    "eskilstuna": (2022, 484, None, None),
    "vasteras-ekologisk": (2023, 2021, (9, 29, 4), (17, 24, 1)),
}


def _generator():
    spec = importlib.util.spec_from_file_location("generic_drop", EXAMPLES / "generic_drop.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generic_generator_reproduces_the_committed_statistics(name, tmp_path):
    year, seed, lights, trends = GENERATED[name]
    written = _generator().generate(EXAMPLES / name, year, seed, tmp_path, lights, trends)
    committed = EXAMPLES / name / "inbox"
    assert sorted(p.name for p in written) == sorted(p.name for p in committed.iterdir())
    statistics = [p for p in written if p.suffix == ".csv"]
    assert len(statistics) == (2 if name == "umea" else 1)  # Umeå's own file by födelseland beside Kolada's
    for path in statistics:
        assert path.read_bytes() == (committed / path.name).read_bytes()


def _run(name: str, year: int, tmp_path: Path, inboxes: list[str] | None = None) -> Path:
    from flows.annual import annual_followup

    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for source in inboxes or [name]:
        for path in (EXAMPLES / source / "inbox").iterdir():
            shutil.copy2(path, inbox / path.name)
    return annual_followup(program_path=EXAMPLES / name / "program.yaml", inbox=inbox, output=tmp_path / "ut",
                           year=year)


def _summary(final: Path) -> dict:
    return json.loads((final / "summary.json").read_text(encoding="utf-8"))


def _goal_cells(document) -> set[str]:
    return {row.cells[0].text for table in document.tables if len(table.columns) == 6
            and table.rows[0].cells[2].text == "Bedömning" for row in table.rows[1:]}


def _tables(document, first_header: str) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
            if table.rows[0].cells[0].text == first_header]


def _table(document, first_header: str) -> list[list[str]]:
    found = _tables(document, first_header)
    assert len(found) == 1, first_header
    return found[0]


def _assert_names_every_goal(document, program) -> None:
    assert _goal_cells(document) == {f"{goal.id} {goal.title}" for _, goal in program.goals()}


def test_boras_is_followed_up_every_other_year_and_compares_with_two_years_earlier(prefect_server, tmp_path):
    from flows.annual import annual_followup

    program = load_program(BORAS / "program.yaml")
    inbox = tmp_path / "inkorg"
    shutil.copytree(BORAS / "inbox", inbox)
    earlier = annual_followup(program_path=BORAS / "program.yaml", inbox=inbox, output=tmp_path / "ut", year=2020)
    final = annual_followup(program_path=BORAS / "program.yaml", inbox=inbox, output=tmp_path / "ut", year=2022)
    assert (earlier.name, final.name) == ("2019-2020", "2021-2022")
    summary = _summary(final)
    assert summary["period"] == "2021-2022"
    assert summary["changes"]["previous_period"] == "2019-2020"
    assert summary["committee_rated_goals"] == 12  # the committees' 2021-2022 submissions are used
    document = Document(final / "uppfoljning_boras-social_2021-2022.docx")
    assert "Uppföljning 2021–2022" in [p.text for p in document.paragraphs]  # en dash in the text, not the name
    _assert_names_every_goal(document, program)
    assert len(_goal_cells(document)) == 13


def _reported_costs(inbox: Path) -> float:
    """The activity costs (tkr) the committees typed into their workbooks, read independently."""
    total = 0.0
    for path in inbox.glob("*.xlsx"):
        activity, cost = ACTIVITY_FIELDS.index("activity"), ACTIVITY_FIELDS.index("cost_tkr")
        for row in openpyxl.load_workbook(path)["Aktiviteter"].iter_rows(min_row=2, values_only=True):
            if row[activity]:
                total += float(row[cost] or 0)
    return total


def test_umea_shows_its_development_grant_table(prefect_server, tmp_path):
    program = load_program(EXAMPLES / "umea" / "program.yaml")
    final = _run("umea", 2024, tmp_path)
    document = Document(final / "uppfoljning_umea-social_2024.docx")
    _assert_names_every_goal(document, program)
    assert len(program.areas) == 5 and len(program.goal_ids()) == 14
    assert program.goal_ids() == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2",
                                  "4.3", "5.1", "5.2"]
    six_thousand = format_number(6000.0, 0)
    assert _table(document, "Anslag (tkr)") == [
        ["Anslag (tkr)", "Budget 2023", "Budget 2024", "Plan 2025", "Plan 2026", "Plan 2027"],
        ["Utvecklingsanslag social hållbarhet"] + [six_thousand] * 5,
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Utvecklingsanslag" in headings
    costs = format_number(_reported_costs(tmp_path / "inkorg"), 0)
    assert (f"För 2024 är anslagen {six_thousand} tkr (budget). Nämnderna har rapporterat aktiviteter för "
            f"sammanlagt {costs} tkr under 2024.") in [p.text for p in document.paragraphs]
    # Huvudansvar: the committees of a sub-area are listed in the goal table
    goal_rows = {row.cells[0].text.split(" ")[0]: row.cells[1].text for table in document.tables
                 if len(table.columns) == 6 and table.rows[0].cells[2].text == "Bedömning" for row in table.rows[1:]}
    assert goal_rows["2.2"] == "JUSK"
    # Groups beyond sex: the statistics unit's file by födelseland, compared as the program declares
    assert _summary(final)["group_gaps"] == {"N31816": {"groups": ["Utrikes född", "Inrikes född"],
                                                        "gap_trend": "narrowing"}}
    groups = [table for table in _tables(document, "Nyckeltal") if table[0][1] == "Grupper"]
    assert len(groups) == 1 and groups[0][0] == ["Nyckeltal", "Grupper", "Senaste värden", "Skillnad",
                                                 "Skillnadens storlek", "Skillnaden"]
    assert groups[0][1][1:] == [
        "Utrikes född − inrikes född", "Utrikes född 2,6\u00a0%, inrikes född 0,7\u00a0% (2024)",
        "2,7 → 1,9 procentenheter (2019–2024)", "225,0\u00a0% → 190,0\u00a0% av totalen", "↓ Minskar"]
    written = pd.read_csv(final / "groups.csv", dtype=str)
    assert written["goal_id"].tolist() == ["1.1", "5.1"]  # the indicator serves two goals


def _latest_pair(rows: list[dict], indicator: str, district: str, municipality: str, year: int) -> tuple:
    values = {(r["municipality_id"], int(r["year"])): float(r["value"]) for r in rows
              if r["kpi"] == indicator and r["gender"] == "T" and r["value"]}
    latest = max(y for (area, y) in values if area == district and y <= year)
    return latest, values[(district, latest)], values[(municipality, latest)]


def test_eskilstuna_compares_each_priority_district_with_the_whole_municipality(prefect_server, tmp_path):
    program = load_program(EXAMPLES / "eskilstuna" / "program.yaml")
    final = _run("eskilstuna", 2022, tmp_path)
    document = Document(final / "uppfoljning_eskilstuna-trygghet_2022.docx")
    _assert_names_every_goal(document, program)
    names = ["Skiftinge", "Årby", "Nyfors", "Fröslunda/Brunnsbacken", "Lagersberg/Råbergstorp"]
    assert [d.name for d in program.districts] == names
    by_district = [i for i in program.indicators().values() if i.by_district]
    districts = pd.read_csv(final / "districts.csv", dtype={"district": str})
    assert len(districts) == len(by_district) * 6  # the whole municipality and five districts each
    assert "Prioriterade stadsdelar" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    # the overview: one row per district, its counts those of districts.csv
    overview = _table(document, "Stadsdel")
    assert [row[0] for row in overview[1:]] == names
    for row in overview[1:]:
        own = districts[districts["district_name"] == row[0]]
        counts = own["light"].value_counts()
        assert row[1:5] == [str(len(own)), str(counts.get("green", 0)), str(counts.get("yellow", 0)),
                            str(counts.get("red", 0))]

    # each indicator's table: the municipality first, then the districts with their lights; and the
    # lights agree with the rule applied by hand to the committed statistics
    with open(EXAMPLES / "eskilstuna" / "inbox" / "kolada_export_eskilstuna-trygghet_2012-2022.csv",
              encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Område"]
    assert len(tables) == len(by_district)
    band = program.rating.reference_band
    for table, indicator in zip(tables, by_district, strict=True):
        cells = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        assert [row[0] for row in cells] == ["Hela kommunen", *names]
        assert cells[0][4] == ""
        for row, district in zip(cells[1:], program.districts, strict=True):
            year, own, whole = _latest_pair(raw, indicator.id, district.code, "0484", 2022)
            better = (own - whole) / abs(whole) * (1 if indicator.direction == "increase" else -1)
            expected = "green" if better > band else "red" if better < -band else "yellow"
            assert (row[2], row[4]) == (str(year), light_label(expected)), (indicator.id, district.name)
    assert _summary(final)["districts"]["0484R001"]["name"] == "Skiftinge"


def test_vasteras_ecological_program_gives_the_counts_of_the_2023_decision(prefect_server, tmp_path):
    program = load_program(EXAMPLES / "vasteras-ekologisk" / "program.yaml")
    assert [area.name for area in program.areas] == [
        "Samhällsplanering och infrastruktur", "Värna och utveckla naturvärden", "Konsumtion och engagerade invånare"]
    final = _run("vasteras-ekologisk", 2023, tmp_path)
    document = Document(final / "uppfoljning_vasteras-ekologisk_2023.docx")
    _assert_names_every_goal(document, program)
    summary = _summary(final)
    # "Av de 42 mål ... 9 som är röda, 29 gula och 4 gröna ... uppåt för 17 mål och rakt fram för 24 mål.
    # Ett mål är bedömt som att det går åt fel håll." (seed 001)
    assert summary["goals_total"] == 42
    assert summary["goals"] == {"green": 4, "yellow": 29, "red": 9, "not_assessed": 0}
    assert summary["trends"] == {"improving": 17, "unchanged": 24, "worsening": 1, "no_trend": 0}


def test_both_vasteras_programs_in_one_combined_report(prefect_server, annual_run, tmp_path):
    program = load_program(EXAMPLES / "vasteras-hallbarhet" / "program.yaml")
    final = _run("vasteras-hallbarhet", 2023, tmp_path, ["vasteras", "vasteras-ekologisk"])
    document = Document(final / "uppfoljning_vasteras-hallbarhet_2023.docx")
    _assert_names_every_goal(document, program)
    assert len(_goal_cells(document)) == 66
    summary = _summary(final)
    social_alone = _summary(annual_run[0])
    parts = summary["parts"]
    assert list(parts) == ["vasteras-ekologisk", "vasteras-social"]
    assert parts["vasteras-ekologisk"]["lights"] == {"green": 4, "yellow": 29, "red": 9, "not_assessed": 0}
    assert parts["vasteras-social"]["lights"] == social_alone["goals"]
    assert parts["vasteras-social"]["trends"] == social_alone["trends"]
    assert summary["goals_total"] == 66
    social, social_trends = social_alone["goals"], social_alone["trends"]
    lights_table, trends_table = _tables(document, "Program")
    assert lights_table == [
        ["Program", "Mål", "● Grön", "▲ Gul", "■ Röd", "○ Ej bedömd"],
        ["Program för ekologisk hållbarhet", "42", "4", "29", "9", "0"],
        ["Program för social hållbarhet", "24", str(social["green"]), str(social["yellow"]), str(social["red"]),
         str(social["not_assessed"])],
        ["Totalt", "66", str(4 + social["green"]), str(29 + social["yellow"]), str(9 + social["red"]),
         str(social["not_assessed"])],
    ]
    assert trends_table[1] == ["Program för ekologisk hållbarhet", "42", "17", "24", "1", "0"]
    assert trends_table[3][:4] == ["Totalt", "66", str(17 + social_trends["improving"]),
                                   str(24 + social_trends["unchanged"])]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    first_area = headings.index("Samhällsplanering och infrastruktur")
    assert headings[first_area - 1] == "Program för ekologisk hållbarhet"
    assert headings[headings.index("Hälsa") - 1] == "Program för social hållbarhet"
