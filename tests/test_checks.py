import pytest

from checks.drop import check_drop, feedback_lines
from tests.conftest import FIXTURES
from tests.helpers import assert_issues_equal

DROP = FIXTURES / "drop"


@pytest.fixture(scope="module")
def checked(small_program):
    files, result = check_drop(small_program, DROP, 1990, 2026)
    return files, result


def test_every_broken_file_gets_exactly_its_expected_issue(checked):
    _, result = checked
    assert_issues_equal(result.issues, FIXTURES / "drop_expected_issues.csv")


def test_every_dropped_file_is_listed_and_no_row_disappears(checked):
    files, result = checked
    assert sorted(result.files["file"]) == sorted(f.name for f in files)
    assert len(files) == 19
    summary = result.files.set_index("file")
    assert (summary["accepted"] + summary["rejected"] + summary["set_aside"] == summary["rows"]).all()
    # Each rejected row has at least one issue row naming it.
    errors = result.issues[result.issues["severity"] == "fel"]
    for name, rejected in summary["rejected"].items():
        if rejected:
            assert len(result.issues[result.issues["file"] == name]) >= rejected, name
    assert summary.loc["statistik_text_i_vardekolumn.csv", "status"] == "avvisad"
    assert summary.loc["statistik_dubbletter_lika_varden.csv", "status"] == "delvis accepterad"
    assert summary.loc["statistik_kolada_ok.csv", "status"] == "accepterad"
    assert len(errors) == 14


def test_accepted_rows_are_typed_and_carry_provenance(checked):
    _, result = checked
    stats = result.statistics
    assert len(stats) == 15  # 6 + 4 + 4 good rows and one copy of the identical duplicate
    stockholm = stats[(stats["indicator"] == "N00945") & (stats["area"] == "0180")].sort_values("year")
    assert stockholm["year"].tolist() == [2015, 2016, 2017, 2018, 2019, 2020]
    assert stockholm["value"].iloc[0] == 39.09
    assert stockholm.iloc[0][["file", "row"]].tolist() == ["statistik_kolada_ok.csv", 2]
    assert stats.loc[stats["area"] == "0000", "value"].max() == 1024.5
    subs = result.submissions
    # The row with an unknown light and trend loses those two cells only: its comment is used.
    assert subs[["goal", "committee", "assessment", "trend", "comment"]].astype(object).where(
        subs[["goal", "committee", "assessment", "trend", "comment"]].notna(), None).values.tolist() == [
        ["1.1", "KS", "yellow", "unchanged", "Arbetet pågår."], ["1.2", "KS", "red", "worsening",
                                                                   "Andelen ökar för långsamt."],
        ["2.1", "IFN", "green", "improving", "IFN ansvarar inte för 2.1."], ["1.1", "IFN", None, None, "Okända koder."]]


def test_messages_are_swedish_and_say_what_to_do(checked):
    _, result = checked
    by_rule = result.issues.set_index("rule")["message"]
    assert by_rule["värde_är_tal"] == ("Värdet 'ca 41' är inte ett tal. Skriv talet med siffror, t.ex. 12,5, "
                                      "eller lämna cellen tom om uppgift saknas.")
    assert "Perioden '20x3' är inte ett år eller kvartal" in by_rule["period_format"]
    assert by_rule["annat_nyckeltal"] == ("N99999: 1 rad hör inte till programmet och används inte, men finns kvar "
                                         "i registret (rad 2). Lägg till nyckeltalet i programfilen om det ska "
                                         "följas upp.")
    assert "Bedömningen 'orange' känns inte igen" in by_rule["känd_bedömning"]
    conflicting = result.issues[(result.issues["rule"] == "unik_uppgift") & (result.issues["severity"] == "fel")]
    assert conflicting["message"].str.contains("statistik_dubbletter_olika_varden.csv rad 2").all()


def test_feedback_lines_name_file_place_and_rule(checked):
    _, result = checked
    lines = feedback_lines(result)
    assert "statistik_okant_kon.csv: avvisad (statistik, 2021; 1 rad: 0 används, 1 avvisad)" in lines
    assert any(line.startswith("  - [fel] rad 2, kolumn gender: Könet 'X' känns inte igen") for line in lines)
