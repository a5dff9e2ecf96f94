"""Plausibility warnings (checks/plausibility.py): a total outside women's and men's values, a
part larger than its whole, a value far from its own history. Each is a warning: the value is
used. Small frames give exactly the expected warnings; a drop folder gives them on its rows."""

from __future__ import annotations

import pandas as pd
import pytest

from checks.drop import check_drop
from checks.plausibility import (
    HISTORY_RULE,
    PART_RULE,
    TOTAL_RULE,
    history_check,
    is_rate,
    plausibility_issues,
    with_precision,
    written_decimals,
)
from sources.issues import WARNING
from tests.fixtures.build_cases import KOLADA, write_folders
from tests.helpers import make_program

NBSP = "\u00a0"
RULES = [TOTAL_RULE, PART_RULE, HISTORY_RULE]

PROGRAM = make_program("""\
          - {id: N15720, name: "Andel behöriga", unit: procent, direction: increase, by_sex: true}
          - {id: N07917, name: "Färdigställda bostäder", unit: antal/1000 inv, direction: increase, by_sex: true}
          - {id: N00957, name: "Ohälsotal", unit: dagar, direction: decrease, by_sex: true}
          - {id: U00001, name: "Invånare", unit: antal, direction: increase, by_sex: true}
          - {id: U00002, name: "Kvot", unit: kvot, direction: increase, by_sex: true, bounds: [0, 5]}
          - {id: N85001, name: "Utsläpp totalt", unit: ton/inv, direction: decrease}
          - {id: N85002, name: "Utsläpp från transporter", unit: ton/inv, direction: decrease, part_of: N85001}""")


@pytest.fixture
def validation():
    """A run's Great Expectations context (each suite runs once in it)."""
    from checks.validation import Validation

    return Validation()


def frame(*rows: tuple, file: str = "kolada.csv") -> pd.DataFrame:
    """(indicator, period, sex, value as written[, area]) -> the used values, rows 2, 3, ... of
    `file` (the precision of an indicator is the most decimals it has in its file)."""
    records = []
    for number, row in enumerate(rows):
        indicator, period, sex, raw = row[:4]
        records.append({"record_id": number, "file": file, "sheet": "", "row": number + 2,
                        "indicator": indicator, "area": row[4] if len(row) > 4 else "0180", "period": period,
                        "gender": sex, "number": float(raw.replace(",", ".")), "raw_value": raw,
                        "raw_period": period})
    return with_precision(pd.DataFrame(records))


def joined(*frames: pd.DataFrame) -> pd.DataFrame:
    """The values of several files (record ids renumbered)."""
    values = pd.concat(frames, ignore_index=True)
    return values.assign(record_id=range(len(values)))


def found(values: pd.DataFrame, validation) -> list[tuple]:
    return [(issue.rule, issue.row, issue.value, issue.severity)
            for issue in plausibility_issues(values, PROGRAM, validation)]


def sexes(indicator: str, total: str, women: str, men: str, period: str = "2023") -> list[tuple]:
    return [(indicator, period, "T", total), (indicator, period, "K", women), (indicator, period, "M", men)]


# --- total_inom_kön -----------------------------------------------------------------------------

def test_a_total_outside_women_and_men_is_a_warning_naming_all_three(validation):
    values = frame(*sexes("N15720", "94,0", "92,0", "93,5"))
    issues = plausibility_issues(values, PROGRAM, validation)
    assert [(i.file, i.row, i.column, i.rule, i.severity, i.value) for i in issues] == [
        ("kolada.csv", 2, "value", TOTAL_RULE, WARNING, "94,0")]
    assert issues[0].message == (
        f"Totalen 94,0{NBSP}% ligger utanför kvinnors (92,0{NBSP}%, rad 3) och mäns (93,5{NBSP}%, rad 4) värden "
        "för N15720, Stockholm 2023; för en andel eller ett tal per invånare ligger totalen mellan dem. "
        "Kontrollera att raderna hör ihop (samma nyckeltal, område och år) och att värdena är rätt. Värdet används.")


def test_a_total_between_or_on_women_and_men_is_fine(validation):
    values = frame(*sexes("N15720", "92,3", "92,0", "93,5", "2021"), *sexes("N15720", "93,5", "92,0", "93,5", "2022"),
                   *sexes("N15720", "92,0", "92,0", "93,5", "2023"), *sexes("N15720", "88,0", "88,0", "88,0", "2024"))
    assert found(values, validation) == []


def test_a_total_beyond_the_coarser_precision_only_is_a_warning(validation):
    # Totals with two decimals in one file, women and men with one in another: 93,55 against
    # men's 93,5 is within its rounding (0,05), 93,56 is not; likewise 91,95 and 91,9 below 92,0.
    totals = frame(*[("N15720", year, "T", value) for year, value in
                     (("2020", "93,55"), ("2021", "93,56"), ("2022", "91,95"), ("2023", "91,94"))], file="t.csv")
    sexes_file = frame(*[("N15720", year, sex, value) for year in ("2020", "2021", "2022", "2023")
                         for sex, value in (("K", "92,0"), ("M", "93,5"))], file="km.csv")
    issues = plausibility_issues(joined(totals, sexes_file), PROGRAM, validation)
    assert [(i.file, i.row, i.value) for i in issues] == [("t.csv", 3, "93,56"), ("t.csv", 5, "91,94")]
    assert f"kvinnors (92,0{NBSP}%, filen km.csv rad 8)" in issues[1].message


def test_rates_per_inhabitants_and_declared_bounds_are_checked_counts_and_days_are_not(validation):
    values = frame(*sexes("N07917", "6,1", "4,0", "5,2"), *sexes("U00002", "0,9", "1,2", "1,4"),
                   *sexes("U00001", "1000", "480", "520"), *sexes("N00957", "30,0", "20,0", "25,0"))
    assert found(values, validation) == [(TOTAL_RULE, 2, "6,1", WARNING), (TOTAL_RULE, 5, "0,9", WARNING)]
    indicators = PROGRAM.indicators()
    assert [is_rate(indicators[i]) for i in ("N15720", "N07917", "U00002", "U00001", "N00957", "N85001")] == [
        True, True, True, False, False, True]


def test_a_total_without_both_sexes_is_not_compared(validation):
    values = frame(("N15720", "2023", "T", "99,0"), ("N15720", "2023", "K", "50,0"),
                   ("N15720", "2022", "T", "99,0", "0180"), ("N15720", "2022", "M", "50,0", "1980"))
    assert found(values, validation) == []


def test_decimals_are_read_as_written():
    values = pd.Series([28.0, 1234.5, 1234567.0, 24.125, 41.7, 0.5, 7.0, 3.25])
    raw = pd.Series(["28,0", "1 234,5", "1.234.567", "24.125", "41,7 %", None, "7", None])
    assert written_decimals(values, raw).tolist() == [1, 1, 0, 3, 1, 1, 0, 2]


# --- del_av_helhet ------------------------------------------------------------------------------

def test_a_part_larger_than_its_whole_is_a_warning_naming_both(validation):
    values = frame(("N85001", "2023", "T", "3,70"), ("N85002", "2023", "T", "4,70"))
    issues = plausibility_issues(values, PROGRAM, validation)
    assert [(i.row, i.rule, i.severity, i.value) for i in issues] == [(3, PART_RULE, WARNING, "4,70")]
    assert issues[0].message == (
        "N85002 (4,70 ton/inv) är större än N85001 (3,70 ton/inv, rad 2) för Stockholm 2023, totalt, fast "
        "programmet anger N85002 som en del av N85001 (part_of). Kontrollera att värdena hör till rätt nyckeltal "
        "och är i samma enhet, eller ta bort part_of i programfilen om nyckeltalet inte är en del av det andra. "
        "Värdet används.")


def test_a_part_equal_to_its_whole_or_of_another_year_or_sex_is_fine(validation):
    values = frame(("N85001", "2023", "T", "3,70"), ("N85002", "2023", "T", "3,70"),
                   ("N85001", "2021", "K", "3,00"), ("N85002", "2021", "T", "4,00"),
                   ("N85001", "2020", "T", "3,00"), ("N85002", "2019", "T", "4,00"))
    assert found(values, validation) == []


def test_a_part_within_the_rounding_of_its_whole_is_fine(validation):
    # The whole is written with one decimal (3,7 is 3,65-3,75), the part with two.
    whole = frame(("N85001", "2022", "T", "3,7"), ("N85001", "2023", "T", "3,7"), file="helhet.csv")
    part = frame(("N85002", "2022", "T", "3,74"), ("N85002", "2023", "T", "3,76"), file="del.csv")
    assert found(joined(whole, part), validation) == [(PART_RULE, 3, "3,76", WARNING)]


# --- rimligt_mot_historik -----------------------------------------------------------------------

def series(indicator: str, values: list[str], first: int = 2012, sex: str = "T", area: str = "0180") -> list[tuple]:
    return [(indicator, str(first + offset), sex, value, area) for offset, value in enumerate(values)]


def test_a_value_far_from_its_history_is_a_warning_naming_the_median(validation):
    values = frame(*series("N15720", ["91,2", "92,0", "91,5", "92,3", "92,8", "9,3"]))
    issues = plausibility_issues(values, PROGRAM, validation)
    assert [(i.row, i.rule, i.severity, i.value) for i in issues] == [(7, HISTORY_RULE, WARNING, "9,3")]
    assert issues[0].message == (
        f"Värdet 9,3{NBSP}% för N15720, Stockholm 2017, totalt, ligger långt från seriens övriga år: medianen för "
        f"2012–2016 är 92,0{NBSP}% (5 värden), och värdet skiljer sig med 82,7 procentenheter. Kontrollera värdet och "
        "enheten (t.ex. en andel skriven som 0,92 i stället för 92, ett annat nyckeltal eller ett skrivfel); är det "
        "rätt kan varningen lämnas. Värdet används.")


def test_a_series_needs_five_other_values(validation):
    values = frame(*series("N15720", ["91,2", "92,0", "91,5", "92,3", "9,3"]))
    assert found(values, validation) == []


def test_trends_growth_and_real_events_are_not_outliers(validation):
    steady = series("N07917", [f"{4 + 0.4 * year:.1f}".replace(".", ",") for year in range(12)])
    # Solar installations in Västerås 2012-2023: growing by half every year.
    growth = series("U00001", ["47", "66", "106", "161", "244", "356", "545", "835", "1260", "1802", "2637",
                               "4136"])
    # Library visits per inhabitant, Örebro 2012-2022: 2020's closed libraries.
    closed = series("N85001", ["3,97", "3,72", "4,13", "4,00", "3,68", "3,52", "3,78", "3,25", "1,49", "1,85",
                               "3,07"])
    small = series("U00002", ["1", "2", "1", "1", "2", "6"])  # a small count: 6 is within ten steps
    shift = series("N00957", ["10", "10", "10", "10", "10", "20", "20", "20", "20", "20", "20"])
    assert found(frame(*steady, *growth, *closed, *small, *shift), validation) == []


def test_each_series_is_its_own_area_and_sex_and_quarter(validation):
    women = series("N15720", ["50,0", "51,0", "50,5", "50,8", "51,2", "50,9"], sex="K")
    men = series("N15720", ["20,0", "21,0", "20,5", "20,8", "21,2", "20,9"], sex="M")
    other = series("N15720", ["80,0", "81,0", "80,5", "80,8", "81,2", "80,9"], area="1980")
    quarters = [("N07917", f"{2015 + n}-Q{q}", "T", value) for n in range(6)
                for q, value in ((1, "1,0"), (3, "12,0"))]
    quarters[-1] = ("N07917", "2020-Q3", "T", "120,0")
    assert found(frame(*quarters, *women, *men, *other), validation) == [(HISTORY_RULE, 13, "120,0", WARNING)]


def test_zeros_and_a_series_across_zero(validation):
    # A zero among 120-130 is far; zeros among zeros and 1, 2 are not; in a series across zero,
    # 4,0 is not far from -3,1 ... 2,0.
    values = frame(*series("U00001", ["120", "130", "125", "128", "0", "122", "124"]),
                   *series("U00001", ["0", "0", "1", "0", "0", "2", "0"], sex="K"),
                   *series("N00957", ["-3,1", "-1,0", "0,5", "1,2", "-0,4", "2,0", "4,0"], sex="K"))
    assert found(values, validation) == [(HISTORY_RULE, 6, "0", WARNING)]
    checked = history_check(values)
    assert checked.loc[checked["record_id"] == 4, ["median", "others", "first_other", "last_other"]].values.tolist() \
        == [[124.5, 6, 2012, 2018]]


# --- the whole check stage ----------------------------------------------------------------------

def kolada_rows(indicator: str, rows: list[tuple]) -> list[str]:
    return [f"{indicator},0180,{year},1,{sex},,{value},Stockholm,K" for year, sex, value in rows]


def test_the_check_stage_warns_on_the_rows_and_uses_the_values(tmp_path):
    lines = [*kolada_rows("N15720", [(2023, "T", "94.0"), (2023, "K", "92.0"), (2023, "M", "93.5"),
                                     (2022, "T", "92.3"), (2022, "K", "92.0"), (2022, "M", "93.5")]),
             *kolada_rows("N85001", [(year, "T", value) for year, value in
                                     zip(range(2017, 2024), ["3.6", "3.5", "3.7", "3.6", "3.4", "3.5", "3.7"],
                                         strict=True)]),
             *kolada_rows("N85002", [(year, "T", value) for year, value in
                                     zip(range(2017, 2024), ["1.2", "1.1", "1.3", "1.2", "1.1", "1.2", "4.7"],
                                         strict=True)])]
    program = PROGRAM.model_copy(deep=True)
    write_folders(tmp_path, {"inkorg": {"kolada_export.csv": (KOLADA + "\n".join(lines) + "\n").encode()}})
    _, checked = check_drop(program, tmp_path / "inkorg", 1990, 2026)
    warnings = checked.issues[checked.issues["rule"].isin(RULES)]
    assert warnings[["file", "row", "column", "rule", "severity", "value"]].values.tolist() == [
        ["kolada_export.csv", 2, "value", TOTAL_RULE, WARNING, "94.0"],
        ["kolada_export.csv", 21, "value", PART_RULE, WARNING, "4.7"],
        ["kolada_export.csv", 21, "value", HISTORY_RULE, WARNING, "4.7"],
    ]
    assert "N85002 (4,7 ton/inv) är större än N85001 (3,7 ton/inv, rad 14)" in warnings["message"].iloc[1]
    assert "medianen för 2017–2022 är 1,2 ton/inv (6 värden)" in warnings["message"].iloc[2]
    assert checked.files.set_index("file").loc["kolada_export.csv", "status"] == "accepterad"
    used = checked.statistics.set_index(["indicator", "period", "gender"])["value"]
    assert used[("N15720", "2023", "T")] == 94.0 and used[("N85002", "2023", "T")] == 4.7
