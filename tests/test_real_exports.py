"""Real exports read as they come: every shape of tests/fixtures/exports/ (PC-Axis, PX-Web CSV
and Excel, JSON-stat, Kolada exports with more KPIs than the program uses, municipal systems'
files) gives its exact issues and the values the file holds, checked against
tests/fixtures/program_exports.yaml (Täby, 0160) for the period 2023."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from checks.drop import check_drop, feedback_lines, files_table
from flows.cli import app
from report.method.assess import assess
from sources.program import load_program
from tests.conftest import FIXTURES
from tests.fixtures.build_exports import EXPORTS, POPULATION, men
from tests.helpers import assert_issues_equal

EXPECTED = FIXTURES / "exports_expected"
PROGRAM = FIXTURES / "program_exports.yaml"
CASES = sorted(p.name for p in EXPORTS.iterdir())


@pytest.fixture(scope="module")
def program():
    return load_program(PROGRAM)


@pytest.fixture(scope="module")
def case(program):
    done: dict[str, object] = {}

    def run(prefix: str):
        name = next(n for n in CASES if n.startswith(prefix))
        if name not in done:
            done[name] = check_drop(program, EXPORTS / name, 1990, 2026, period="2023")[1]
        return done[name]
    return run


def values(checked, indicator: str, area: str = "0160", gender: str = "T") -> list:
    rows = checked.statistics[(checked.statistics["indicator"] == indicator) & (checked.statistics["area"] == area)
                              & (checked.statistics["gender"] == gender)]
    return rows.sort_values("year")[["period", "value"]].values.tolist()


def message(checked, rule: str) -> str:
    found = checked.issues[checked.issues["rule"] == rule]["message"]
    assert len(found) == 1, (rule, found.tolist())
    return found.iloc[0]


def counts(checked) -> list:
    return checked.files[["file", "rows", "accepted", "rejected", "set_aside", "lines", "status"]].values.tolist()


def check_exit(name: str, tmp_path) -> int:
    return CliRunner().invoke(app, ["check", "--program", str(PROGRAM), "--inbox", str(EXPORTS / name),
                                    "--year", "2023", "--feedback", str(tmp_path / "återkoppling")])


@pytest.mark.parametrize("name", CASES)
def test_each_export_gives_exactly_its_expected_issues(case, name):
    assert_issues_equal(case(name).issues, EXPECTED / f"{name}.csv")


@pytest.mark.parametrize("name", CASES)
def test_every_value_read_is_used_rejected_or_set_aside(case, name):
    files = case(name).files
    assert (files["accepted"] + files["rejected"] + files["set_aside"] == files["rows"]).all()


def population(code: str, sex: str) -> list:
    """The population the fixture files were made from, as [period, value] from 2019."""
    out = []
    for year, total in POPULATION[code][1].items():
        value = {"T": total, "M": men(total), "K": total - men(total)}[sex]
        out.append([str(year), float(value)])
    return out


def test_a_px_file_is_read_with_its_codes_sexes_and_notes(case):
    checked = case("e01")
    for sex in ("T", "M", "K"):  # SCB's sex codes 1+2, 1 and 2
        assert values(checked, "folkmangd", gender=sex) == population("0160", sex)
        assert values(checked, "folkmangd", "0000", sex) == population("00", sex)
    # The county (01 -> 0001) is read, and set aside as an area the program does not compare with.
    ledger = checked.ledger_statistics
    county = ledger[ledger["area"] == "0001"]
    assert len(county) == 15 and set(county["state"]) == {"annat område"}
    assert counts(checked) == [["BE0101N1_20240221-080000.px", 45, 30, 0, 15, 9, "delvis accepterad"]]
    assert message(checked, "filens_fotnoter") == (
        "Filens egna fotnoter: Folkmängden avser förhållandet den 31 december enligt regionindelningen den 1 "
        "januari året efter.")
    # A single-content PX file has no content variable: the content the program names is not confirmed.
    assert message(checked, "nyckeltal_från_källa").startswith(
        "Filen har ingen kolumn för nyckeltal; 45 värden har lästs som folkmangd (Folkmängd 31 december) "
        "eftersom programmets source anger SCB-tabell BE0101N1. Filen visar inte vilket innehåll tabellen har, så "
        "det går inte att se att det är SCB-innehåll BE0101N1. Filens rubrik är 'Folkmängden efter region, kön "
        "och år'.")


def test_a_pxweb_csv_with_title_and_footnotes_reads_riket_and_counts_only_its_values(case, program):
    checked = case("e02")
    assert values(checked, "valdeltagande_riksdag", "0000") == [["2010", 84.6], ["2014", 85.8], ["2018", 87.2],
                                                                ["2022", 84.2]]
    assert values(checked, "valdeltagande_riksdag") == [["2010", 89.4], ["2014", 90.5], ["2018", 91.4],
                                                        ["2022", 89.8]]
    # 3 table lines with 12 values; the title, the empty lines and the two footnotes are no rows.
    assert counts(checked) == [["ME0104T4_20231201-101500.csv", 12, 8, 0, 4, 3, "delvis accepterad"]]
    assert message(checked, "textrad") == (
        "2 rader med bara text (fotnot, källa eller förklaring) har inte lästs som statistik (rad 8–9): "
        "'Fotnot: Valdeltagande i procent av antalet röstberättigade.'; 'Källa: Statistiska centralbyrån (SCB)'.")
    # Riket is the reference, and the light says so.
    indicators = assess(program, checked.statistics, checked.submissions, 2023).indicators
    rated = indicators[indicators["indicator"] == "valdeltagande_riksdag"].iloc[0]
    assert (rated["reference_area"], rated["reference_value"], rated["light"]) == ("0000", 84.2, "green")
    assert rated["light_explanation"] == ("senaste värde 89,8\xa0% (2022), äldre än 2023; riket 84,2\xa0%, 6,7\xa0% "
                                          "bättre än riket → grön")


def test_check_of_an_scb_export_with_title_footnotes_and_riket_exits_0(tmp_path):
    result = check_exit("e02_pxweb_csv_med_rubrik_och_fotnoter", tmp_path)
    assert result.exit_code == 0, result.output


def test_the_report_of_an_scb_export_uses_riket_as_reference(program, tmp_path):
    import datetime as dt

    from docx import Document

    from report.context import ReportContext
    from report.document.builder import build_document, save_document
    from report.document.sections import SECTIONS
    from report.method.coverage import coverage

    files, checked = check_drop(program, EXPORTS / "e02_pxweb_csv_med_rubrik_och_fotnoter", 1990, 2026,
                                period="2023")
    assessment = assess(program, checked.statistics, checked.submissions, 2023)
    context = ReportContext(program=program, year=2023, assessment=assessment, submissions=checked.submissions,
                            issues=checked.issues, files=files_table(files, checked.files),
                            generated=dt.date(2024, 3, 1),
                            coverage=coverage(program, checked.statistics, 2023, assessment))
    document = Document(save_document(build_document(context, SECTIONS), tmp_path / "rapport.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts = [p.text for p in document.paragraphs] + cells
    assert any("riket 84,2\xa0%, 6,7\xa0% bättre än riket → grön" in text for text in texts)
    assert not any("riket saknar värde" in text for text in texts)  # what it said while "00 Riket" was a name


def test_year_and_sex_in_the_heading_and_sex_as_scb_codes(case):
    two = case("e03")
    for sex in ("M", "K"):
        assert values(two, "folkmangd", gender=sex) == population("0160", sex)[2:]
    assert values(two, "folkmangd") == []  # the file has no totals; none is made up
    codes = case("e04")
    for sex in ("M", "K"):
        assert values(codes, "folkmangd", gender=sex) == population("0160", sex)[3:]


def test_kommun_id_is_the_code_and_the_name_column_is_not_used(case):
    checked = case("e05")
    assert set(checked.statistics["area"]) == {"0160", "0000"}
    assert counts(checked) == [["valdeltagande_kommunsystemet.csv", 4, 4, 0, 0, 4, "accepterad"]]


def test_a_drop_without_the_municipality_says_so_and_names_the_codes_it_found(case, tmp_path):
    checked = case("e06")
    assert message(checked, "kommunen_saknas").startswith(
        "Ingen rad i statistiken gäller Täby (0160), så inget nyckeltal kan bedömas. Områdena i filerna är "
        "1980 (2 värden), 0000 (2 värden).")
    assert message(checked, "kommunen_saknas_i_filen").startswith(
        "Filen har inga rader för Täby (0160); områdena i filen är 1980 (2 värden), 0000 (2 värden). Gäller filen "
        "en annan kommun?")
    result = check_exit("e06_fil_for_fel_kommun", tmp_path)
    assert result.exit_code == 1, result.output
    assert "Ingen rad i statistiken gäller Täby (0160)" in result.output


def test_a_dimension_the_program_does_not_use_is_one_note_not_duplicates(case):
    without_total = case("e07")
    assert len(without_total.issues) == 2 and "unik_uppgift" not in set(without_total.issues["rule"])
    assert message(without_total, "annan_indelning").startswith(
        "Kolumnen 'ålder' delar upp värdena (0-19 år, 20-64 år, 65+ år) och ingen kategori är vald, så inget av "
        "filens 24 värden har använts.")
    assert without_total.statistics.empty
    with_total = case("e08")
    assert message(with_total, "annan_indelning").startswith(
        "Kolumnen 'ålder' delar upp värdena; 8 värden för totalt ålder används och 24 för andra kategorier "
        "(0-19 år, 20-64 år, 65+ år) har lagts åt sidan.")
    for sex in ("M", "K"):
        assert values(with_total, "folkmangd", gender=sex) == population("0160", sex)[3:]


def test_scb_symbols_are_read_as_scb_means_them_and_kept_as_written(case):
    checked = case("e09")
    # '-' is zero in SCB's tables, '..' not available: 2021 is 0, 2023 has no value.
    assert values(checked, "spadbarnsdoda") == [["2019", 2.0], ["2020", 1.0], ["2021", 0.0], ["2022", 1.0]]
    ledger = checked.ledger_statistics
    taby = ledger[ledger["area"] == "0160"].sort_values("period")
    assert taby[["period", "raw_value", "state"]].values.tolist() == [
        ["2019", "2", "används"], ["2020", "1", "används"], ["2021", "-", "används"], ["2022", "1", "används"],
        ["2023", "..", "saknar värde"]]
    other = ledger[ledger["area"] == "0114"].sort_values("period")
    assert other["raw_value"].tolist() == [".", "-", "1", "-", ".."]
    assert message(checked, "saknat_värde").startswith(
        "4 värden är markerade som saknade och har lästs som 'uppgift saknas': '..' (uppgift inte tillgänglig "
        "eller för osäker för att anges) på rad 4–6; '.' (uppgift kan inte förekomma) på rad 6.")


def test_jsonstat_from_scbs_api_is_read_with_its_status_symbols(case):
    checked = case("e10")
    assert values(checked, "folkmangd", gender="M") == population("0160", "M")[2:]
    assert values(checked, "folkmangd", gender="K") == population("0160", "K")[2:4]
    ledger = checked.ledger_statistics
    missing = ledger[ledger["state"] == "saknar värde"]
    assert missing[["area", "period", "gender", "raw_value"]].values.tolist() == [["0160", "2023", "K", ".."]]


def test_a_column_of_the_municipalitys_own_file_is_an_indicator(case):
    checked = case("e11")
    assert [v for _, v in values(checked, "nojda_besokare")] == [88.0, 86.5, 87.1, 89.2, 90.4]
    assert message(checked, "annat_nyckeltal").startswith(
        "Kolumnen 'Antal besök' (5 värden) hör inte till något nyckeltal i programmet och används inte, men finns "
        "kvar i registret.")


def test_kpis_the_program_does_not_use_are_one_note_and_check_passes(case, tmp_path):
    checked = case("e12")
    assert message(checked, "annat_nyckeltal").startswith(
        "N03700, N03701, N03702, N03703: 256 rader hör inte till programmet (64 var) och används inte, men finns "
        "kvar i registret (rad 2–257).")
    assert set(checked.issues["severity"]) == {"notering"}
    assert counts(checked) == [["kolada_bnp_per_invanare.csv", 256, 0, 0, 256, 256, "används inte"],
                               ["kolada_n00957.csv", 30, 30, 0, 0, 30, "accepterad"]]
    result = check_exit("e12_kolada_export_med_fler_nyckeltal", tmp_path)
    assert result.exit_code == 0, result.output


def test_statistikdatabasens_excel_reads_like_its_csv(case):
    excel, csv = case("e13"), case("e02")
    columns = ["indicator", "area", "period", "gender", "value"]
    pd.testing.assert_frame_equal(excel.statistics[columns], csv.statistics[columns])


def test_a_file_that_names_no_indicator_says_how_to_name_one(case):
    checked = case("e14")
    errors = checked.issues[checked.issues["rule"] == "nyckeltal_ifyllt"]
    assert errors["row"].tolist() == [4, 5, 6]  # one line per row, not one per value
    assert errors["message"].iloc[0].startswith(
        "Raden säger inte vilket nyckeltal den gäller: filen har ingen kolumn för nyckeltal, inget Kolada-id i "
        "filens namn, och inget nyckeltal i programmet anger filen")
    lines = feedback_lines(checked)
    assert any("rad 4–6" in line for line in lines), lines


def test_feedback_counts_lines_and_values_as_a_statistician_does(case):
    from types import SimpleNamespace

    from checks.feedback import status_text

    wide = case("e02").files.iloc[0]
    assert status_text(wide, case("e02").issues) == (
        "▲ Delvis använd: 3 rader med 12 värden: 8 används, 4 lagda åt sidan (se noteringarna). Se nedan vad som "
        "inte har använts och varför.")
    accepted = SimpleNamespace(status="accepterad", rows=15, lines=3)
    assert status_text(accepted, case("e02").issues.iloc[0:0]) == "✓ Accepterad: alla 15 värden (3 rader) har använts."
