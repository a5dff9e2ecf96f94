"""Every rule within its domain: the cases real Kolada series put to the method, each with the
numbers that went wrong before and what a statistician gives them."""

from __future__ import annotations

import pandas as pd
import pytest

from report.method.assess import assess, assess_indicator
from report.method.explain import explain_light, explain_trend
from report.method.rules import compute_trend, light_from_reference, light_from_target
from sources.program import RatingSettings
from sources.submissions import empty_submissions
from tests.helpers import make_program

DEFAULT = RatingSettings()


def program(indicators: str, extra: str = "", rating: str = "{}"):
    return make_program(indicators, extra, rating)


def series(values: dict[int, float], area: str = "0180", indicator: str = "N1") -> dict:
    return {(indicator, area, "T"): pd.Series(values, dtype=float).sort_index()}


def rate(indicator_yaml: str, data: dict, year: int = 2023, **program_kw) -> dict:
    made = program(indicator_yaml, **program_kw)
    indicator = next(iter(made.indicators().values()))
    return assess_indicator(made, indicator, "T", data, year)


def test_a_percentage_above_100_is_rated_on_its_values():
    # Before: rated on the shortfall 100 - value, negative above 100: yellow, "no trend".
    values = dict(zip(range(2018, 2024), (101.0, 105.0, 110.0, 115.0, 120.0, 125.0), strict=True))
    row = rate('          - {id: N1, name: Andel, unit: procent, direction: increase, reference: "0000"}',
               {**series(values), **series({2023: 100.0}, "0000")})
    assert (row["basis"], row["method"], row["trend"], row["light"]) == ("value", "cagr", "improving", "green")
    assert row["rate"] == pytest.approx((125 / 101) ** (1 / 5) - 1)


def test_a_percentage_that_is_not_a_share_keeps_every_value_and_meets_its_target(tmp_path):
    # Self-financing of investments (N03103) and the net cost deviation (N00097): "(%)" but not shares.
    # Before: values above 100 or below 0 were rejected (0-100 check) and 131,4 % against 100 was yellow.
    from checks.drop import check_drop

    made = program("""          - {id: N03103, name: "Självfinansieringsgrad av investeringar, %", unit: procent,
             direction: increase, target: {value: 100, year: 2026}}
          - {id: N00097, name: "Nettokostnadsavvikelse totalt, %", unit: procent, direction: decrease,
             reference: "0000"}""")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "statistik.csv").write_text(
        "kpi;municipality_id;year;value\n"
        + "".join(f"N03103;0180;{y};{v}\n" for y, v in zip(range(2019, 2024), ("84,2", "95,0", "110,5", "98,3",
                                                                                 "131,4"), strict=True))
        + "N00097;0180;2023;-3,1\nN00097;0000;2023;0\n", encoding="utf-8")
    import os

    os.utime(inbox / "statistik.csv", (0, 0))
    _, checked = check_drop(made, inbox, 1990, 2026)
    assert checked.issues[checked.issues["severity"] == "fel"].empty
    assert len(checked.statistics) == 7  # 131,4 and -3,1 kept
    result = assess(made, checked.statistics, empty_submissions(), 2023).indicators.set_index("indicator")
    assert result.loc["N03103", ["light", "latest_value"]].tolist() == ["green", 131.4]


def test_values_outside_declared_bounds_are_a_data_issue_naming_file_row_indicator_and_bound(tmp_path):
    import os

    from checks.drop import check_drop

    made = program("          - {id: N1, name: Andel, unit: procent, direction: increase, bounds: [0, 100]}")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "andelar.csv").write_text("kpi;municipality_id;year;value\nN1;0180;2022;99,5\nN1;0180;2023;104,0\n",
                                       encoding="utf-8")
    os.utime(inbox / "andelar.csv", (0, 0))
    _, checked = check_drop(made, inbox, 1990, 2026)
    issue = checked.issues[checked.issues["rule"] == "inom_gränserna"].iloc[0]
    assert (issue["file"], issue["row"], issue["severity"]) == ("andelar.csv", 3, "fel")
    assert issue["message"].startswith("Värdet 104,0 ligger utanför gränserna 0–100 som programmet anger för N1")


def test_a_zero_reference_compares_the_difference_in_the_unit():
    # Net cost deviation: Riket is 0 by definition. Before: "0,0 % lika", not assessed.
    light = light_from_reference(pd.Series({2023: 1.2}), pd.Series({2023: 0.0}), 2023, "0000", "decrease", DEFAULT)
    assert (light.light, light.absolute_difference, light.relative_difference) == ("red", pytest.approx(-1.2), None)
    trend = compute_trend(pd.Series({2023: 1.2}), 2023, DEFAULT, "decrease")
    assert explain_light(light, trend, "procent", 2023) == (
        "senaste värde 1,2\u00a0% (2023); riket 0,0\u00a0%; jämförelsevärdet är 0, så skillnaden mäts i enheten: "
        "1,2 procentenheter sämre än riket (gräns ±1,0 procentenheter) → röd")


def test_a_zero_target_is_rated_in_the_unit():
    # "Nollvision": 0, 0, 1, 2, 1, 3 against a target of 0. Before: not assessed, while its own arrow
    # said worsening.
    values = pd.Series(dict(zip(range(2018, 2024), (0.0, 0.0, 1.0, 2.0, 1.0, 3.0), strict=True)))
    trend = compute_trend(values, 2023, DEFAULT, "decrease", target=0.0)
    assert (trend.method, trend.rate, trend.trend) == ("absolute_change", pytest.approx(0.6), "worsening")
    light = light_from_target(values, 2023, trend, 0.0, 2030, "decrease", DEFAULT)
    assert light.light == "red"
    assert light.required_rate == 0.0


@pytest.mark.parametrize("own, reference, direction", [(8.4, 8.0, "increase"), (9.5, 10.0, "decrease")])
def test_a_tie_at_the_band_gives_the_same_light_whatever_the_direction(own, reference, direction):
    # Both are exactly 5,0 % better. Before: green (0.050000000000000044 > 0.05) and yellow.
    light = light_from_reference(pd.Series({2023: own}), pd.Series({2023: reference}), 2023, "0000", direction,
                                 DEFAULT)
    assert light.light == "yellow"
    assert light.relative_difference == pytest.approx(0.05)


def test_a_series_crossing_zero_has_its_change_per_year_in_the_unit():
    # Before: "+80,6 %/år" (the change relative to a mean near zero).
    values = pd.Series(dict(zip(range(2018, 2024), (-3.1, -2.0, -1.2, -0.4, 0.5, 1.2), strict=True)))
    trend = compute_trend(values, 2023, DEFAULT, "decrease")
    assert (trend.method, trend.rate) == ("absolute_change", pytest.approx(0.86))
    assert trend.trend == "worsening"  # a net cost deviation that grows
    assert explain_trend(trend, "decrease", 3, 5, 2023, "procent").startswith(
        "förändring per år i enheten 2018–2023 +0,86 procentenheter/år (lägre är bättre; gräns ±0,014 "
        "procentenheter/år; serien når eller passerar noll")


def test_small_percentages_in_percentage_points():
    # Unemployment 4,0 -> 3,8: CAGR -1,02 %/år is "improving"; in percentage points (an option) it is
    # -0,04 points a year: unchanged.
    values = pd.Series({2018: 4.0, 2020: 3.9, 2023: 3.8})
    default = compute_trend(values, 2023, DEFAULT, "decrease")
    assert (default.method, default.trend) == ("cagr", "improving")
    assert default.rate == pytest.approx((3.8 / 4.0) ** (1 / 5) - 1)
    points = compute_trend(values, 2023, RatingSettings(trend_unit="points"), "decrease")
    assert (points.method, points.rate, points.threshold, points.trend) == (
        "points_change", pytest.approx(-0.04), 0.1, "unchanged")
    assert explain_trend(points, "decrease", 3, 5, 2023, "procent").startswith(
        "förändring per år i enheten 2018–2023 −0,04 procentenheter/år (lägre är bättre; gräns ±0,1 "
        "procentenheter/år; trend i enheten per år (programmets val, trend_unit: points)")


def test_nominal_kronor_in_fixed_prices():
    # 666 -> 719 kr in five years: +1,5 %/år nominally, about +0,3 %/år in fixed prices.
    kronor = dict(zip(range(2018, 2024), (666.0, 675.0, 684.0, 695.0, 707.0, 719.0), strict=True))
    kpi = dict(zip(range(2018, 2024), (100.0, 101.0, 102.6, 104.0, 105.1, 106.3), strict=True))
    indicator = "          - {id: N1, name: Kostnad, unit: kr/inv, direction: increase, rating: {prices: fixed}}"
    data = {**series(kronor), **series(kpi, "0000", "KPI")}
    fixed = rate(indicator, data, extra="deflator: {id: KPI, name: Konsumentprisindex}")
    assert fixed["rate"] == pytest.approx((719 / 106.3 * 100 / 666) ** (1 / 5) - 1)
    assert round(fixed["rate"] * 100, 1) == 0.3
    assert fixed["trend"] == "unchanged" and fixed["prices"] == "fixed"
    assert "i fasta priser (2023 års priser), Konsumentprisindex" in fixed["trend_explanation"]
    nominal = rate(indicator.replace(", rating: {prices: fixed}", ""), data)
    assert round(nominal["rate"] * 100, 1) == 1.5 and nominal["trend"] == "improving"


def test_fixed_prices_need_a_deflator():
    from sources.errors import ProgramError

    with pytest.raises(ProgramError) as caught:
        program("          - {id: N1, name: Kostnad, unit: kr, direction: increase, rating: {prices: fixed}}")
    assert "fasta priser kräver ett prisindex under deflator" in str(caught.value)


def test_a_band_is_met_inside_and_moving_toward_it_is_improving():
    indicator = ("          - {id: N1, name: Andel kvinnor bland chefer, unit: procent, direction: band,\n"
                 "             band: {min: 40, max: 60}}")
    toward = rate(indicator, series({2019: 30.0, 2021: 33.0, 2023: 36.0}))
    assert (toward["rule"], toward["trend"], toward["light"]) == ("band", "improving", "yellow")
    away = rate(indicator, series({2019: 66.0, 2021: 68.0, 2023: 70.0}))
    assert (away["trend"], away["light"]) == ("worsening", "red")
    inside = rate(indicator, series({2019: 36.0, 2021: 41.0, 2023: 45.0}))
    assert inside["light"] == "green"
    assert "intervallet 40,0\u00a0%–60,0\u00a0% är nått" in inside["light_explanation"]
    dated = rate(indicator.replace("max: 60}", "max: 60, year: 2030}"), series({2019: 30.0, 2021: 33.0, 2023: 36.0}))
    # The distance 10 points in 2019 must close by 2030: -0,91 a year; it closed 1 point a year.
    assert dated["required_rate"] == pytest.approx(-10 / 11)
    assert dated["ratio"] == pytest.approx(1.5 / (10 / 11))
    assert dated["light"] == "green"


def test_eurostat_progress_classes_beside_the_lights():
    from tests.test_rules import stockholm_n00945

    indicator = ("          - {id: N1, name: VAB, unit: procent, direction: increase,\n"
                 "             target: {value: 50, year: 2030}}")
    data = {("N1", "0180", "T"): stockholm_n00945()}
    with_classes = rate(indicator, data, 2020, rating="{progress_classes: true}")
    assert (with_classes["light"], with_classes["progress_class"]) == ("yellow", "insufficient_progress")  # 0,52
    assert with_classes["light_explanation"].endswith("; Eurostats klass: otillräckliga framsteg")
    assert rate(indicator, data, 2020)["progress_class"] is None  # off by default


def test_kolada_rule_against_all_municipalities():
    codes = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136", "0138"]
    data = {("N1", code, "T"): pd.Series({2023: 50.0 + i}) for i, code in enumerate(codes)}
    data[("N1", "0180", "T")] = pd.Series({2023: 70.0})
    row = rate("          - {id: N1, name: Andel, unit: procent, direction: increase}", data,
               rating="{peer_group: all}")
    assert (row["rule"], row["light"], row["peer_areas"], row["peers_better"]) == ("kolada", "green", 12, 0)


def test_kolada_rule_against_the_kommungrupp_from_skrs_file(tmp_path):
    from sources.program import load_program

    (tmp_path / "kommungrupper.csv").write_text(
        "Kommungruppsindelning 2023\nKommunkod;Kommun;Huvudgrupp;Gruppkod;Kommungrupp 2023\n"
        + "".join(f"{code};K{code};A;A2;Pendlingskommun nära storstad\n" for code in ("0114", "0115", "0117"))
        + "0180;Stockholm;A;A1;Storstäder\n1280;Malmö;A;A1;Storstäder\n1480;Göteborg;A;A1;Storstäder\n",
        encoding="utf-8")
    (tmp_path / "program.yaml").write_text("""
id: t
name: Test
municipality: {code: "0180", name: Stockholm}
committees: {KS: Kommunstyrelsen}
kommungrupper: kommungrupper.csv
rating: {peer_group: kommungrupp, kolada_min_areas: 4}
areas:
  - id: a
    name: A
    goals:
      - {id: "1", title: Ett, committees: [KS], indicators: [{id: N1, name: Andel, unit: procent, direction: increase}]}
""", encoding="utf-8")
    made = load_program(tmp_path / "program.yaml")
    assert made.kommungrupp.model_dump() == {"name": "Storstäder (A1)", "members": ["0180", "1280", "1480"]}


def test_a_provisional_value_is_marked_in_the_explanation_and_the_table():
    made = program('          - {id: N1, name: Ohälsotal, unit: dagar, direction: decrease, reference: "0000"}')
    rows = [("N1", "0180", 2021, 24.5, None), ("N1", "0180", 2022, 24.0, None), ("N1", "0180", 2023, 23.6, "*"),
            ("N1", "0000", 2023, 25.0, "*")]
    statistics = pd.DataFrame([{"indicator": i, "area": a, "period": str(y), "year": y, "quarter": pd.NA,
                                "gender": "T", "value": v, "status": s} for i, a, y, v, s in rows])
    statistics["quarter"] = statistics["quarter"].astype("Int64")
    row = assess(made, statistics, empty_submissions(), 2023).indicators.iloc[0]
    assert row["latest_status"] == "*"
    assert row["light_explanation"].startswith("senaste värde 23,6 dagar (2023, preliminärt)")


@pytest.mark.parametrize("unit, base, words", [("antal", "sum", "av summan av kvinnor och män"),
                                                ("procent", "mean", "av medelvärdet av kvinnor och män")])
def test_a_gap_without_a_total_names_its_real_base(unit, base, words):
    # Before: the mean of K and M, labelled "av totalen"; for counts that doubled the share.
    from report.method.rules import sex_gap

    women = pd.Series({2019: 60.0, 2021: 62.0, 2023: 64.0})
    men = pd.Series({2019: 40.0, 2021: 38.0, 2023: 36.0})
    from report.method.assess import is_count

    gap = sex_gap(women, men, pd.Series(dtype=float), 2023, DEFAULT, is_count=is_count(unit))
    assert gap.base == base
    assert gap.first_share == pytest.approx(20 / 100 if base == "sum" else 20 / 50)  # 20 % of the total 100
    from report.method.explain import explain_gap

    assert words in explain_gap(gap, unit)


def test_the_price_index_is_dropped_like_any_statistics_file(tmp_path):
    import os

    from checks.drop import check_drop

    made = program("          - {id: N1, name: Kostnad, unit: kr/inv, direction: increase, rating: {prices: fixed}}",
                   extra="deflator: {id: KPI, name: Konsumentprisindex}")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "kostnad.csv").write_text("kpi;kommun;år;värde\nN1;0180;2022;707\nN1;0180;2023;719\n", encoding="utf-8")
    (inbox / "kpi.csv").write_text("kpi;kommun;år;värde\nKPI;0000;2022;105,1\nKPI;0000;2023;106,3\n",
                                   encoding="utf-8")
    for path in inbox.iterdir():
        os.utime(path, (0, 0))
    _, checked = check_drop(made, inbox, 1990, 2026)
    assert checked.issues[checked.issues["severity"] == "fel"].empty
    assert sorted(checked.statistics["indicator"]) == ["KPI", "KPI", "N1", "N1"]
