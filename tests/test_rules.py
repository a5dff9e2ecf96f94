import math

import pandas as pd
import pytest

from report.method.explain import explain_light, explain_trend
from report.method.rules import (
    aggregate_lights,
    aggregate_trends,
    compute_trend,
    light_from_reference,
    light_from_target,
    worst_light,
)
from sources.program import RatingSettings
from tests.conftest import FIXTURES

DEFAULT = RatingSettings()
TWO_POINTS = RatingSettings(min_points=2)


def stockholm_n00945() -> pd.Series:
    """The real Kolada series N00945 for Stockholm (0180), copied into the fixtures."""
    frame = pd.read_csv(FIXTURES / "kolada_n00945_three_cities.csv", dtype={"municipality_id": str})
    own = frame[frame["municipality_id"] == "0180"].set_index("year")["value"]
    return own.astype(float)


def test_n00945_stockholm_2020_report_trend_and_target():
    series = stockholm_n00945()
    trend = compute_trend(series, 2020, DEFAULT, "increase")
    assert (trend.first_year, trend.first_value, trend.last_year, trend.last_value) == (2015, 39.09, 2020, 40.8)
    assert trend.points == 6
    assert trend.rate == pytest.approx(0.00860, abs=5e-6)  # CAGR 0.860 % a year
    assert trend.trend == "unchanged"  # under the 1 % rule
    light = light_from_target(series, 2020, trend, 50, 2030, "increase", DEFAULT)
    assert light.required_rate == pytest.approx(0.01655, abs=5e-6)  # 1.655 % a year
    assert light.ratio == pytest.approx(0.52, abs=0.005)
    assert light.light == "yellow"
    assert explain_light(light, trend, "procent", 2020) == (
        "senaste värde 40,8\u00a0% (2020); CAGR 2015–2020 +0,9\u00a0%/år; målet 50,0\u00a0% år 2030 kräver "
        "+1,7\u00a0%/år; kvot 0,52 av den takt som krävs → gul")
    assert explain_trend(trend, "increase", 3, 5, 2020) == (
        "CAGR 2015–2020 +0,9\u00a0%/år (högre är bättre) → oförändrad")


@pytest.mark.parametrize("end, ratio, light", [(16, 0.97, "green"), (18, 0.46, "yellow"), (21, -0.22, "red")])
def test_un_progress_chart_examples_lower_is_better(end, ratio, light):
    series = pd.Series({2015: 20.0, 2020: float(end)})
    trend = compute_trend(series, 2020, TWO_POINTS, "decrease")
    result = light_from_target(series, 2020, trend, 10, 2030, "decrease", TWO_POINTS)
    assert result.required_rate == pytest.approx(-0.04516, abs=5e-5)
    assert result.ratio == pytest.approx(ratio, abs=0.005)
    assert result.light == light


def test_open_sdg_examples():
    worse = pd.Series({2015: 10.0, 2016: 30.0})
    trend = compute_trend(worse, 2016, TWO_POINTS, "decrease")
    assert trend.rate == pytest.approx(2.0)  # +200 %
    assert trend.trend == "worsening"
    light = light_from_target(worse, 2016, trend, 1, 2030, "decrease", TWO_POINTS)
    assert light.required_rate == pytest.approx(-0.1423, abs=5e-5)
    assert light.light == "red"
    better = pd.Series({2015: 5.0, 2016: 6.0})
    trend = compute_trend(better, 2016, TWO_POINTS, "increase")
    light = light_from_target(better, 2016, trend, 9, 2030, "increase", TWO_POINTS)
    assert light.ratio == pytest.approx(5.0, abs=0.05)
    assert (trend.trend, light.light) == ("improving", "green")


def test_fewer_than_three_points_gives_no_trend_and_no_target_light():
    series = pd.Series({2019: 40.0, 2023: 45.0})
    trend = compute_trend(series, 2023, DEFAULT, "increase")
    assert (trend.trend, trend.points, trend.rate) == ("no_trend", 2, None)
    assert explain_trend(trend, "increase", 3, 5, 2023) == "2 värden i perioden 2018–2023; minst 3 behövs → ingen trend"
    assert light_from_target(series, 2023, trend, 60, 2030, "increase", DEFAULT).light == "not_assessed"
    # ... but a met target is green whatever the trend.
    assert light_from_target(series, 2023, trend, 44, 2030, "increase", DEFAULT).light == "green"


def test_window_ignores_values_outside_it_and_after_the_report_year():
    series = pd.Series({2010: 1.0, 2018: 10.0, 2020: 10.5, 2023: 11.0, 2024: 50.0})
    trend = compute_trend(series, 2023, DEFAULT, "increase")
    assert (trend.first_year, trend.last_year, trend.points) == (2018, 2023, 3)
    assert trend.rate == pytest.approx((11 / 10) ** (1 / 5) - 1)


def test_a_series_that_touches_zero_is_rated_on_its_change_in_the_unit_and_says_so():
    series = pd.Series({2018: 0.0, 2019: 1.0, 2020: 2.0})
    trend = compute_trend(series, 2020, DEFAULT, "increase")
    assert trend.method == "absolute_change"
    assert trend.rate == pytest.approx((2 - 0) / 2)  # one unit a year
    assert trend.threshold == pytest.approx(0.01 * 1.0)  # 1 % of the window's mean level
    assert trend.trend == "improving"
    assert explain_trend(trend, "increase", 3, 5, 2020, "dagar") == (
        "förändring per år i enheten 2018–2020 +1,0 dagar/år (högre är bättre; gräns ±0,01 dagar/år; serien når "
        "eller passerar noll, så förändringen mäts i enheten i stället för CAGR) → förbättras")


def test_target_year_passed_without_meeting_it_is_red():
    series = pd.Series({2018: 10.0, 2019: 11.0, 2020: 12.0, 2021: 13.0})
    trend = compute_trend(series, 2021, DEFAULT, "increase")
    assert light_from_target(series, 2021, trend, 20, 2020, "increase", DEFAULT).light == "red"


@pytest.mark.parametrize("own, light", [(84.0, "yellow"), (84.3, "green"), (75.9, "red"), (76.1, "yellow")])
def test_reference_band_five_percent_higher_is_better(own, light):
    result = light_from_reference(pd.Series({2022: own}), pd.Series({2022: 80.0}), 2023, "0000",
                                  "increase", DEFAULT)
    assert result.light == light
    assert result.latest_year == 2022 and result.reference_value == 80.0


def test_reference_lower_is_better_and_missing_reference_year():
    result = light_from_reference(pd.Series({2023: 7.0}), pd.Series({2023: 8.0}), 2023, "0000", "decrease", DEFAULT)
    assert result.light == "green" and result.relative_difference == pytest.approx(0.125)
    missing = light_from_reference(pd.Series({2023: 7.0}), pd.Series({2022: 8.0}), 2023, "0000", "decrease", DEFAULT)
    assert missing.light == "not_assessed"


def test_goal_aggregation_mean_rule():
    assert aggregate_lights(["green", "yellow"], DEFAULT) == ("green", 1.5)  # the boundary is green
    assert aggregate_lights(["green", "yellow", "yellow"], DEFAULT) == ("yellow", pytest.approx(4 / 3))
    assert aggregate_lights(["red", "yellow"], DEFAULT)[0] == "red"  # 0.5 < 0.75
    assert aggregate_lights(["red", "yellow", "yellow"], DEFAULT)[0] == "red"  # 0.67 < 0.75
    assert aggregate_lights(["red", "yellow", "yellow", "yellow"], DEFAULT)[0] == "yellow"  # 0.75
    assert aggregate_lights(["not_assessed"], DEFAULT) == ("not_assessed", None)
    assert aggregate_trends(["improving", "unchanged"], DEFAULT)[0] == "improving"  # 0.5
    assert aggregate_trends(["worsening", "unchanged", "unchanged"], DEFAULT)[0] == "unchanged"
    assert aggregate_trends(["no_trend"], DEFAULT) == ("no_trend", None)
    assert worst_light(["green", "yellow"]) == "yellow"
    assert math.isclose(aggregate_lights(["red", "green"], DEFAULT)[1], 1.0)


def test_latest_value_older_than_the_report_year_is_used_and_named():
    series = pd.Series({2018: 84.0, 2020: 85.0, 2022: 86.0})
    light = light_from_reference(series, pd.Series({2022: 80.0}), 2023, "0000", "increase", DEFAULT)
    trend = compute_trend(series, 2023, DEFAULT, "increase")
    assert (light.latest_year, light.latest_value, light.light) == (2022, 86.0, "green")
    assert explain_light(light, trend, "procent", 2023) == (
        "senaste värde 86,0\u00a0% (2022), äldre än 2023; riket 80,0\u00a0%, 7,5\u00a0% bättre än riket → grön")
