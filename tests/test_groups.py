"""Groups beyond sex: a statistics file's extra breakdown column (födelseland) is kept by the
reader, its two compared groups are validated against the program and kept apart from the
indicator's value, other categories are set aside with a note, and the gap between the groups
is judged with the rules of the gap between women and men."""

from __future__ import annotations

import pytest

from checks.runner import check_all
from report.method.assess import annual_series
from report.method.groups import group_gaps
from sources.errors import ProgramError
from sources.ledger import Ledger
from sources.program import GroupSplit, parse_program
from sources.readers import read_source
from tests.conftest import FIXTURES

GROUP_FILE = (
    "Nyckeltal;Kommun;År;Födelseland;Värde\r\n"
    "N00957;0180;2019;Utrikes född;40,0\r\n"
    "N00957;0180;2019;Inrikes född;26,0\r\n"
    "N00957;0180;2021;Utrikes född;38,0\r\n"
    "N00957;0180;2021;Inrikes född;26,0\r\n"
    "N00957;0180;2023;Utrikes född;34,0\r\n"
    "N00957;0180;2023;Inrikes född;26,0\r\n"
    "N00957;0180;2023;Okänt;30,0\r\n"  # a category the program does not compare
    "N00957;0180;2023;Totalt;27,0\r\n"  # the total: the indicator's value
)
TOTALS = "kpi,municipality_id,year,gender,value\nN00957,0180,2019,T,28.0\nN00957,0180,2021,T,27.5\n"


@pytest.fixture(scope="module")
def grouped_program(small_program):
    data = small_program.model_dump(mode="json", exclude_none=True)
    indicator = data["areas"][0]["goals"][0]["indicators"][0]
    indicator["groups"] = {"column": "Födelseland", "compare": ["Utrikes född", "Inrikes född"],
                           "name": "utrikes och inrikes födda"}
    return parse_program(data, source="test")


@pytest.fixture(scope="module")
def checked(grouped_program, tmp_path_factory):
    folder = tmp_path_factory.mktemp("grupper")
    (folder / "statistik_fodelseland.csv").write_bytes(GROUP_FILE.encode("cp1252"))
    (folder / "kolada.csv").write_text(TOTALS, encoding="utf-8")
    results = [read_source(path) for path in sorted(folder.iterdir())]
    return check_all(results, grouped_program, 1990, 2026)


def test_the_compared_groups_are_kept_apart_from_the_indicators_value(checked):
    values = checked.statistics.sort_values("year")[["year", "value"]].values.tolist()
    assert values == [[2019, 28.0], [2021, 27.5], [2023, 27.0]]  # the totals only
    assert checked.groups[["year", "group", "value"]].values.tolist() == [
        [2019, "Utrikes född", 40.0], [2019, "Inrikes född", 26.0], [2021, "Utrikes född", 38.0],
        [2021, "Inrikes född", 26.0], [2023, "Utrikes född", 34.0], [2023, "Inrikes född", 26.0]]
    files = checked.files.set_index("file")
    # Six group rows and the total used; the category the program does not compare set aside.
    assert files.loc["statistik_fodelseland.csv", ["rows", "accepted", "set_aside", "status"]].tolist() == [
        8, 7, 1, "delvis accepterad"]
    aside = checked.issues[checked.issues["rule"] == "annan_indelning"]
    assert len(aside) == 1 and "Okänt" in aside.iloc[0]["message"]
    assert aside.iloc[0]["message"].endswith(
        "Programmet jämför för N00957 grupperna 'Utrikes född' och 'Inrikes född' i kolumnen 'Födelseland'; andra "
        "kategorier används inte. Skriv grupperna som programmet gör, eller rätta groups i programfilen.")
    ledger = checked.ledger_statistics
    states = ledger[ledger["file"] == "statistik_fodelseland.csv"].set_index("row")["state"]
    assert [states[row] for row in (2, 3, 8, 9)] == ["grupp", "grupp", "annan indelning", "används"]


def test_the_gap_between_the_groups_is_judged_like_the_sex_gap(checked, grouped_program):
    series = annual_series(checked.statistics)
    gaps = group_gaps(grouped_program, checked.groups, series, 2023)
    row = gaps.iloc[0]
    assert (row["goal_id"], row["indicator"], row["group_a"], row["group_b"]) == ("1.1", "N00957", "Utrikes född",
                                                                                 "Inrikes född")
    # 14 -> 8 days against totals 28 -> 27: 50,0 % -> 29,6 % of the total, -3,4 points a year: narrowing
    assert (row["gap_first"], row["gap_last"], row["gap_base"], row["gap_trend"]) == (14.0, 8.0, "total",
                                                                                     "narrowing")
    assert row["gap_first_share"] == pytest.approx(0.5) and row["gap_last_share"] == pytest.approx(8 / 27)
    assert row["explanation"].startswith("skillnad Utrikes född − Inrikes född 14,0 dagar (2019) → 8,0 dagar (2023)")
    assert row["explanation"].endswith("→ skillnaden minskar")


def test_without_group_values_the_gap_says_it_cannot_be_judged(grouped_program):
    gaps = group_gaps(grouped_program, None, {}, 2023)
    assert gaps[["indicator", "gap_trend"]].values.tolist() == [["N00957", "no_trend"]]
    assert gaps.iloc[0]["explanation"] == ("värden för både utrikes född och inrikes född saknas → skillnaden kan "
                                           "inte bedömas")


def test_the_ledger_keeps_the_breakdown_of_each_value(checked, tmp_path):
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        ledger.record_outcome(checked.files.assign(sha256="x"), checked.issues,
                              checked.ledger_statistics.assign(sha256="x"), checked.ledger_submissions)
        stored = ledger.table("statistics")
    grouped = stored[stored["state"] == "grupp"]
    assert len(grouped) == 6 and grouped["dims"].str.contains("Födelseland").all()


def test_the_program_must_name_two_different_groups(small_program):
    assert GroupSplit(column="Ålder", compare=("16-24 år", "65-84 år")).label == "16-24 år och 65-84 år"
    data = small_program.model_dump(mode="json", exclude_none=True)
    data["areas"][0]["goals"][0]["indicators"][0]["groups"] = {"column": "Ålder", "compare": ["Totalt", "totalt"]}
    with pytest.raises(ProgramError, match="ange två olika grupper"):
        parse_program(data, source="test")


def test_a_program_file_declares_groups_in_yaml():
    text = (FIXTURES / "program_small.yaml").read_text(encoding="utf-8").replace(
        "by_sex: true, reference: \"0000\"}",
        "by_sex: true, reference: \"0000\", groups: {column: Födelseland, compare: [Utrikes född, Inrikes född]}}")
    import yaml

    program = parse_program(yaml.safe_load(text), source="test")
    assert program.indicators()["N00957"].groups.compare == ("Utrikes född", "Inrikes född")
    assert program.indicators()["N00957"].groups.label == "Utrikes född och Inrikes född"


def test_a_groups_values_are_checked_like_any_value(small_program):
    """A group row is held to the program's rules before it is kept for the gap: a value outside
    the bounds or not a number is rejected, not compared."""
    import tempfile
    from pathlib import Path

    data = small_program.model_dump(mode="json", exclude_none=True)
    data["areas"][0]["goals"][1]["indicators"][0]["groups"] = {"column": "Födelseland",
                                                               "compare": ["Utrikes född", "Inrikes född"]}
    program = parse_program(data, source="test")
    text = ("Nyckeltal;Kommun;År;Födelseland;Värde\r\nN00945;0180;2021;Utrikes född;140,0\r\n"
            "N00945;0180;2021;Inrikes född;3O,0\r\nN00945;0180;2022;Utrikes född;30,0\r\n"
            "N00945;0180;2022;Inrikes född;40,0\r\nN00945;0180;2022;Totalt;38,0\r\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grupper.csv"
        path.write_bytes(text.encode("cp1252"))
        checked = check_all([read_source(path)], program, 1990, 2026)
    assert checked.groups[["year", "group", "value"]].values.tolist() == [[2022, "Utrikes född", 30.0],
                                                                         [2022, "Inrikes född", 40.0]]
    assert checked.issues[["row", "rule", "severity"]].values.tolist() == [[2, "inom_gränserna", "fel"],
                                                                           [3, "värde_är_tal", "fel"]]
    assert checked.files[["rows", "accepted", "rejected", "status"]].values.tolist() == [
        [5, 3, 2, "delvis accepterad"]]
