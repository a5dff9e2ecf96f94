"""Accepted means used: every intake case of tests/fixtures/cases/ gives its exact issues, and
what it says it used is what was in the file, read as the user wrote it."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from checks.drop import check_drop
from flows.cli import app
from report.method.coverage import coverage
from sources.program import load_program
from tests.conftest import FIXTURES
from tests.fixtures.build_cases import CASES, apply_mtimes
from tests.helpers import assert_issues_equal

EXPECTED = FIXTURES / "cases_expected"
PROGRAM = FIXTURES / "program_cases.yaml"


@pytest.fixture(scope="module")
def program():
    return load_program(PROGRAM)


@pytest.fixture(scope="module")
def case(program, tmp_path_factory):
    """Check one case folder (a copy with its files' order in time), for the period 2023."""
    done: dict[str, tuple] = {}

    def run(name: str):
        if name not in done:
            inbox = tmp_path_factory.mktemp(name) / "inkorg"
            shutil.copytree(CASES / name, inbox)
            apply_mtimes(inbox, name)
            done[name] = check_drop(program, inbox, 1990, 2026, period="2023")
        return done[name]
    return run


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir()))
def test_each_case_gives_exactly_its_expected_issues(case, name):
    _, checked = case(name)
    assert_issues_equal(checked.issues, EXPECTED / f"{name}.csv")


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir()))
def test_every_row_read_is_used_rejected_or_set_aside(case, name):
    _, checked = case(name)
    files = checked.files
    assert (files["accepted"] + files["rejected"] + files["set_aside"] == files["rows"]).all()
    # "accepterad" only when every row was used, with nothing lost in a cell.
    accepted = files[files["status"] == "accepterad"]
    assert (accepted["accepted"] == accepted["rows"]).all() and (accepted["cells_rejected"] == 0).all()


def values(checked, indicator: str, area: str = "0160") -> list:
    rows = checked.statistics[(checked.statistics["indicator"] == indicator) & (checked.statistics["area"] == area)]
    return rows.sort_values("year")[["period", "value"]].values.tolist()


def status(checked, file: str) -> str:
    return checked.files.set_index("file").loc[file, "status"]


def message(checked, rule: str) -> str:
    found = checked.issues[checked.issues["rule"] == rule]["message"]
    assert len(found) >= 1, rule
    return found.iloc[0]


def test_a_number_in_a_cell_is_never_read_as_text_again(case):
    _, checked = case("s01_ett_decimaltal_bland_heltal_xlsx")
    assert values(checked, "N00957") == [["2019", 24.0], ["2020", 25.0], ["2021", 24.125], ["2022", 23.0],
                                         ["2023", 22.0]]


def test_a_dot_with_three_decimals_in_a_comma_separated_file_is_a_decimal(case):
    _, checked = case("s02_ett_decimaltal_bland_heltal_csv")
    assert values(checked, "N00957")[2] == ["2021", 24.125]


def test_three_decimals_everywhere_are_decimals_and_the_guess_is_said(case):
    _, checked = case("s03_alla_varden_med_tre_decimaler")
    assert values(checked, "N00945") == [["2019", 24.3], ["2020", 25.125], ["2021", 26.75], ["2022", 27.0],
                                         ["2023", 28.5]]
    assert "De har lästs som decimaltal (24,3, inte 24 300); rad 2–6" in message(checked, "decimaltecken_antaget")


def test_a_decimal_comma_in_a_comma_separated_file_is_an_error_naming_the_line(case):
    _, checked = case("s04_decimalkomma_i_kommaseparerad_fil")
    assert values(checked, "N00957") == [["2023", 23.0]]
    assert message(checked, "antal_fält").startswith("Raden har 6 fält men rubrikraden 5 (avgränsare komma)")


def test_two_year_and_school_year_periods_are_rejected_not_counted(case):
    _, checked = case("s05_tvaarsperiod_och_lasar")
    assert values(checked, "N00945") == [["2023", 31.2]]
    assert checked.files.iloc[0][["rows", "accepted", "rejected"]].tolist() == [3, 1, 2]
    assert "sträcker sig över två år" in message(checked, "period_format")


def test_area_names_are_read_as_codes_and_an_unknown_one_is_reported(case):
    _, checked = case("s06_omradesnamn_i_stallet_for_koder")
    assert values(checked, "N05401") == [["2018", 83.0], ["2022", 84.1]]
    assert values(checked, "N05401", "0000") == [["2022", 84.2]]
    assert message(checked, "områdesnamn").endswith("Täby → 0160, Riket → 0000, Täby kommun → 0160.")
    assert "Området 'Täbyy' känns inte igen" in message(checked, "känt_område")


def test_a_percent_formatted_cell_is_the_percentage_excel_shows(case):
    _, checked = case("s07_procentformaterade_celler")
    assert values(checked, "N00945") == [["2023", 41.7]]
    assert values(checked, "N05401") == [["2022", 84.1]]


def test_a_provisional_year_column_is_that_year_with_its_marker_as_status(case):
    _, checked = case("s08_preliminart_ar_i_rubriken")
    stats = checked.statistics.set_index(["indicator", "period"])
    assert stats.loc[("N00957", "2023"), ["value", "status"]].tolist() == [23.6, "*"]
    assert stats.loc[("N00945", "2023"), ["value", "status"]].tolist() == [41.0, "prel."]
    assert pd.isna(stats.loc[("N00957", "2022"), "status"])


def test_a_file_that_says_kvinnor_without_a_sex_column_is_not_read_as_the_total(case):
    _, checked = case("s09_bara_kvinnor_utan_konskolumn")
    assert values(checked, "N00957") == [["2022", 23.9]]
    assert status(checked, "N00957_ohalsotal_kvinnor.csv") == "avvisad"
    assert "filnamnet säger 'kvinnor'" in message(checked, "kön_i_filen")
    assert "alla rader har lästs som totalt (T)" in message(checked, "kön_saknas")


def test_a_file_in_another_unit_is_not_joined_to_the_series(case):
    _, checked = case("s10_tva_filer_i_olika_enheter")
    assert values(checked, "N01004") == [["2021", 3.1], ["2022", 3.3]]
    assert "('antal per 1 000 invånare')" in message(checked, "enhet")


def test_missing_value_markers_are_listed_and_a_short_line_is_an_error(case):
    _, checked = case("s11_saknade_varden_och_kort_rad")
    assert values(checked, "N00957") == []
    assert values(checked, "N00957", "0000") == [["2023", 27.1]]
    assert message(checked, "saknat_värde") == (
        "4 värden är markerade som saknade och har lästs som 'uppgift saknas': 'NaN' på rad 2; 'n/a' på rad 3; "
        "'-' på rad 4; '..' på rad 5.")
    assert message(checked, "antal_fält").startswith("Raden har 7 fält men rubrikraden 9")


def test_hidden_rows_and_a_filter_are_read_and_said(case):
    _, checked = case("s12_dolda_rader_och_filter")
    assert message(checked, "dolda_rader").startswith("Fliken har ett filter påslaget och 2 dolda rader (rad 3, 4).")
    # Täby and Riket are used; the two municipalities the program does not compare with are set aside.
    assert sorted(checked.statistics["area"]) == ["0000", "0160"]
    assert message(checked, "annat_område").startswith("2 rader gäller områden som programmet inte jämför med "
                                                       "(0114, 0180)")


def test_a_new_export_beside_last_years_uses_the_newest_values_and_lists_the_revision(case):
    _, checked = case("s13_ny_export_bredvid_forra")
    assert values(checked, "N00957") == [["2019", 24.5], ["2020", 24.9], ["2021", 24.3], ["2022", 23.8],
                                         ["2023", 23.2]]
    assert values(checked, "N00957", "0000") == [["2022", 27.4]]
    assert checked.revisions.to_dict(orient="records") == [{
        "indicator": "N00957", "area": "0160", "period": "2021", "gender": "T", "old_value": 24.1,
        "old_file": "kolada_export_2012-2022.csv", "old_row": 4, "new_value": 24.3,
        "new_file": "kolada_export_2012-2023.csv", "new_row": 4}]
    assert status(checked, "kolada_export_2012-2022.csv") == "används inte"
    assert status(checked, "kolada_export_2012-2023.csv") == "accepterad"
    # The ledger keeps both: the older file's rows are there, marked as replaced or duplicated.
    old = checked.ledger_statistics[checked.ledger_statistics["file"] == "kolada_export_2012-2022.csv"]
    assert old["state"].tolist() == ["dubblett", "dubblett", "ersatt", "ersatt", "ersatt"]


def test_statistics_without_the_municipality_are_an_error_naming_the_codes_found(case, tmp_path):
    _, checked = case("s14_ingen_rad_for_kommunen")
    assert message(checked, "kommunen_saknas").startswith(
        "Ingen rad i statistiken gäller Täby (0160), så inget nyckeltal kan bedömas. Områdena i filerna är "
        "0180 (1 värde), 0000 (1 värde).")
    result = CliRunner().invoke(app, ["check", "--program", str(PROGRAM), "--inbox",
                                      str(CASES / "s14_ingen_rad_for_kommunen"), "--year", "2022",
                                      "--feedback", str(tmp_path / "återkoppling")])
    assert result.exit_code == 1, result.output


def test_an_empty_inbox_is_an_error(program, tmp_path):
    (tmp_path / "inkorg").mkdir()
    _, checked = check_drop(program, tmp_path / "inkorg", 1990, 2026)
    assert checked.issues[["file", "rule", "severity"]].values.tolist() == [["(inkorgen)", "tom_inkorg", "fel"]]
    result = CliRunner().invoke(app, ["check", "--program", str(PROGRAM), "--inbox", str(tmp_path / "inkorg"),
                                      "--feedback", str(tmp_path / "återkoppling")])
    assert result.exit_code == 1
    assert "Inkorgen har inga filer att läsa" in result.output


def test_coverage_says_what_is_missing_and_what_it_does_to_the_rating(case, program, tmp_path):
    _, checked = case("s16_tackning_per_nyckeltal")
    table = coverage(program, checked.statistics, 2023)
    assert table[["indicator", "years", "latest_year", "report_year", "comparison", "sexes"]].astype(object).values \
        .tolist() == [
        ["N00957", "2021–2023", 2023, "finns", "Riket (0000): inga värden", "kvinnor och män saknas"],
        ["N00945", "2020–2022", 2022, "saknas (senaste 2022)", "målet 50,0\u00a0% år 2030", "–"],
        ["N01004", "inga", pd.NA, "inga värden", "Riket (0000): inga värden", "–"],
        ["N05401", "2022", 2022, "saknas (senaste 2022)", "Riket (0000): 2022", "–"]]
    assert table["consequences"].tolist() == [
        "Riket (0000) saknas: ingen jämförelse, ej bedömd; kvinnor och män saknas: ingen jämförelse mellan kvinnor "
        "och män",
        "inget värde för 2023: värdet för 2022 används",
        "inga värden för Täby: ej bedömd, ingen trend",
        "inget värde för 2023: värdet för 2022 används; färre än 3 värden 2018–2023: ingen trendpil"]
    result = CliRunner().invoke(app, ["check", "--program", str(PROGRAM), "--inbox",
                                      str(CASES / "s16_tackning_per_nyckeltal"), "--year", "2023",
                                      "--feedback", str(tmp_path / "återkoppling")])
    assert result.exit_code == 0, result.output
    assert "Täckning mot 2023: 0 av 4 nyckeltal är kompletta." in result.output
    assert "  - N01004 Nystartade arbetsställen, antal/1000 inv. 16-64 år: inga värden för Täby: ej bedömd, " \
           "ingen trend" in result.output
    page = (tmp_path / "återkoppling" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Täckning per nyckeltal mot 2023</h2>" in page


def submissions(checked) -> list[list]:
    frame = checked.submissions
    columns = ["file", "goal", "committee", "assessment", "trend", "comment", "activity", "cost_tkr"]
    return frame[columns].astype(object).where(frame[columns].notna(), None).values.tolist()


def test_a_renamed_template_header_rejects_the_sheet_and_names_the_header(case):
    _, checked = case("c01_omdopt_rubrik_i_mallen")
    assert checked.submissions.empty
    assert ("rubriken 'Nämndens bedömning' känns inte igen; mallen har här rubriken 'Bedömning (grön/gul/röd)'"
            in message(checked, "mallens_kolumner"))


def test_a_template_for_another_year_is_reported_and_not_used(case):
    _, checked = case("c02_mall_for_fel_ar")
    assert checked.submissions.empty
    assert message(checked, "period_som_filnamnet").startswith("Raden gäller 2022, men filens namn säger 2023")
    assert status(checked, "inrapportering_taby-social_uan_2022.xlsx") == "används inte"


def test_one_committees_wrong_file_leaves_the_others_rows_alone(case):
    _, checked = case("c03_ifn_fyllde_i_ks_mall")
    used = submissions(checked)
    assert [row[:4] for row in used] == [["inrapportering_taby-social_ks_2023.xlsx", goal, "KS", light]
                                         for goal, light in (("1.1", "yellow"), ("1.2", "red"), ("2.2", "green"))]
    assert status(checked, "inrapportering_taby-social_ks_2023.xlsx") == "accepterad"
    assert "filen är troligen IFNs inrapportering ifylld i KSs mall" in message(checked, "nämnd_som_filnamnet")


def test_a_corrected_copy_replaces_the_original_and_activities_count_once(case):
    _, checked = case("c04_rattad_kopia_bredvid_originalet")
    used = submissions(checked)
    assert {row[0] for row in used} == {"IFN inrapportering 2023 (2).xlsx"}
    assert [row[1:4] for row in used if row[6] is None] == [["1.1", "IFN", "yellow"], ["2.1", "IFN", "green"]]
    assert sum(row[7] for row in used if row[6] is not None) == 8000
    assert status(checked, "IFN inrapportering 2023.xlsx") == "används inte"
    assert "Filen har ersatts av IFN inrapportering 2023 (2).xlsx" in message(checked, "ersatt_fil")


def test_a_rejected_cell_loses_only_itself(case):
    _, checked = case("c05_en_cell_fel_pa_raden")
    used = submissions(checked)
    goals = [row[1:6] for row in used if row[6] is None]
    assert goals == [["1.1", "KS", None, "improving", "Trenden och kommentaren ska användas."],
                     ["1.2", "KS", "red", "unchanged", "Rött är rött."],
                     ["2.2", "KS", "green", "improving", "Valdeltagandet ökade."]]
    activities = [(row[6], row[7]) for row in used if row[6] is not None]
    assert activities == [("Hälsoveckor", 1200.0), ("Informationskampanj", None), ("Valinformation", 50.0)]
    assert status(checked, "inrapportering_taby-social_ks_2023.xlsx") == "delvis accepterad"


def test_ambiguous_lights_and_costs_are_refused_with_the_allowed_words(case):
    _, checked = case("c06_tvetydiga_varden")
    used = submissions(checked)
    assert [row[3] for row in used if row[6] is None] == [None, None, "green", None, "yellow"]
    assert [row[7] for row in used if row[6] is not None] == [None, None]
    assert "Skriv ut ordet: grön, gul eller röd" in message(checked, "känd_bedömning")
    assert message(checked, "tvetydig_kostnad").startswith("Kostnaden '1,200' kan läsas som 1,2 eller 1 200 tkr")
    assert message(checked, "kostnad_ej_negativ").startswith("Kostnaden -50 är negativ.")


def test_a_csv_copy_of_the_template_says_the_activities_are_not_in_it(case):
    _, checked = case("c07_csv_export_av_mallen")
    assert len(checked.submissions) == 3
    assert "fliken Aktiviteter finns inte med" in message(checked, "mallen_som_csv")


def test_a_deleted_goal_row_and_an_empty_template_are_named(case):
    _, deleted = case("c08_borttagen_malrad")
    assert message(deleted, "mål_saknas_i_filen").startswith("Målet 1.2 (Jämställt föräldraskap) saknas i filen")
    _, empty = case("c09_tom_mall_inlamnad")
    assert message(empty, "tom_mall").startswith("Mallen har lämnats in utan att något fyllts i: 2 mål")
    assert status(empty, "inrapportering_taby-social_uan_2023.xlsx") == "avvisad"


def test_an_ods_saved_by_libreoffice_is_read_like_a_workbook(case):
    _, checked = case("c11_ods_sparad_i_libreoffice")
    used = submissions(checked)
    assert [row[1:5] for row in used if row[6] is None] == [["1.1", "KS", "yellow", "unchanged"],
                                                            ["1.2", "KS", "red", "worsening"],
                                                            ["2.2", "KS", "green", "improving"]]
    assert [(row[6], row[7]) for row in used if row[6] is not None] == [("Hälsofrämjande insatser", 300.5)]
