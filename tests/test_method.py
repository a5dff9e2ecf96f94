"""The full rating method: alternatives, hard cases, the sex gap, and properties."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report.method.explain import explain_light
from report.method.rules import (
    Trend,
    aggregate_lights,
    compute_trend,
    light_from_peers,
    light_from_target,
    near_upper_bound,
    sex_gap,
)
from sources.program import RatingSettings

DEFAULT = RatingSettings()
LSQ = RatingSettings(trend_method="least_squares")
NO_TREND = Trend("no_trend")


def test_least_squares_equals_cagr_on_an_exact_exponential_and_handles_gaps():
    series = pd.Series({2018: 100.0, 2019: 102.0, 2021: 100 * 1.02**3, 2023: 100 * 1.02**5})  # 2020, 2022 missing
    trend = compute_trend(series, 2023, LSQ, "increase")
    assert trend.method == "least_squares"
    assert trend.rate == pytest.approx(0.02)
    assert trend.trend == "improving"


def test_least_squares_is_robust_where_endpoints_mislead():
    # A rising series whose last value dips: the endpoints see no change, the fitted line the rise.
    series = pd.Series({2018: 50.0, 2019: 55.0, 2020: 59.0, 2021: 63.0, 2022: 66.0, 2023: 48.0})
    assert compute_trend(series, 2023, DEFAULT, "increase").trend == "unchanged"
    assert compute_trend(series, 2023, LSQ, "increase").trend == "improving"


def test_least_squares_with_a_zero_uses_the_slope_in_the_unit():
    series = pd.Series({2019: 0.0, 2020: 1.0, 2021: 2.0})
    trend = compute_trend(series, 2021, LSQ, "decrease")
    assert trend.method == "absolute_slope"
    assert trend.rate == pytest.approx(1.0)  # slope 1 a year
    assert trend.trend == "worsening"


def _peers(values: dict[str, float], year: int = 2022) -> dict[str, pd.Series]:
    return {area: pd.Series({year: value}) for area, value in values.items()}


@pytest.mark.parametrize("own, light, better, worse", [
    (80.0, "green", 0, 7), (71.0, "green", 1, 6), (65.0, "yellow", 2, 5),
    (48.0, "red", 6, 1), (40.0, "red", 7, 0),
])
def test_kolada_rule_best_quarter_green_worst_quarter_red(own, light, better, worse):
    others = [75.0, 70.0, 60.0, 58.0, 55.0, 50.0, 45.0]
    result = light_from_peers(pd.Series({2022: own}), _peers({"own": own} | {str(i): v for i, v in enumerate(others)}),
                              2023, "increase", DEFAULT)
    assert (result.light, result.better_areas, result.worse_areas, result.areas) == (light, better, worse, 8)
    assert result.latest_year == 2022


def test_kolada_rule_lower_is_better_ties_and_too_small_a_group():
    values = {"own": 3.0, "a": 3.0, "b": 4.0, "c": 5.0, "d": 6.0, "e": 7.0, "f": 8.0, "g": 9.0}
    result = light_from_peers(pd.Series({2022: 3.0}), _peers(values), 2023, "decrease", DEFAULT)
    assert (result.light, result.better_areas) == ("green", 0)  # a tie shares the better place
    small = light_from_peers(pd.Series({2022: 3.0}), _peers({"own": 3.0, "a": 4.0}), 2023, "decrease", DEFAULT)
    assert (small.light, small.areas, small.areas_needed) == ("not_assessed", 2, 8)


@pytest.mark.parametrize("direction", ["increase", "decrease"])
def test_kolada_rule_a_tie_over_both_quarters_is_yellow_and_all_equal_is_not_assessed(direction):
    """Seven of nine areas share the municipality's value: its place is in the best quarter and in
    the worst (two of nine each), so neither; nine equal values rank nothing. The same whichever
    direction is better (before, both were green in both directions)."""
    tie = {"own": 50.0, **{str(i): 50.0 for i in range(6)}, "low": 40.0, "high": 60.0}
    result = light_from_peers(pd.Series({2022: 50.0}), _peers(tie), 2023, direction, DEFAULT)
    assert (result.light, result.better_areas, result.worse_areas, result.areas) == ("yellow", 1, 1, 9)
    assert explain_light(result, NO_TREND, "procent", 2023) == (
        "senaste värde 50,0\u00a0% (2022), äldre än 2023; plats 2 av 9 i jämförelsegruppen (1 bättre, 6 lika, "
        "1 sämre; bästa fjärdedelen grön, sämsta röd; så många har samma värde att platsen hör till både den "
        "bästa och den sämsta fjärdedelen) → gul")
    equal = light_from_peers(pd.Series({2022: 0.0}), _peers({str(i): 0.0 for i in range(9)}), 2023, direction,
                             DEFAULT)
    assert (equal.light, equal.better_areas, equal.worse_areas, equal.areas) == ("not_assessed", 0, 0, 9)
    assert explain_light(equal, NO_TREND, "procent", 2023).endswith(
        "plats 1 av 9 i jämförelsegruppen (0 bättre, 8 lika, 0 sämre; bästa fjärdedelen grön, sämsta röd; alla "
        "har samma värde, så jämförelsen skiljer inte ut någon) → ej bedömd")


@pytest.mark.parametrize("method, lights, expected", [
    ("worst", ["green", "green", "red"], "red"),
    ("worst", ["green", "yellow", "not_assessed"], "yellow"),
    ("worst_two", ["green", "green", "red", "red"], "red"),
    ("worst_two", ["green", "green", "yellow", "red"], "yellow"),
    ("worst_two", ["green", "green", "yellow"], "yellow"),
    ("worst_two", ["green", "green", "green"], "green"),
    ("majority", ["green", "green", "red"], "green"),
    ("majority", ["green", "red"], "red"),  # a tie goes to the worse
    ("mean", ["green", "green", "red"], "yellow"),  # 1,33
])
def test_goal_aggregations(method, lights, expected):
    assert aggregate_lights(lights, RatingSettings(goal_aggregation=method))[0] == expected


def test_target_already_met_and_kept_is_green_even_when_falling():
    series = pd.Series({2018: 90.0, 2020: 85.0, 2023: 80.0})
    trend = compute_trend(series, 2023, DEFAULT, "increase")
    assert trend.trend == "worsening"
    light = light_from_target(series, 2023, trend, 75, 2030, "increase", DEFAULT)
    assert (light.light, light.target_met) == ("green", True)
    # Once it falls below the target, the required-rate rule applies again: moving away is red.
    below = pd.Series({2018: 90.0, 2020: 80.0, 2023: 72.0})
    trend = compute_trend(below, 2023, DEFAULT, "increase")
    assert light_from_target(below, 2023, trend, 75, 2030, "increase", DEFAULT).light == "red"


def test_base_of_zero_uses_the_change_in_the_unit_for_trend_and_required_rate():
    series = pd.Series({2019: 0.0, 2021: 2.0, 2023: 4.0})
    trend = compute_trend(series, 2023, DEFAULT, "increase")
    assert (trend.method, trend.rate) == ("absolute_change", pytest.approx(1.0))  # 4 units in 4 years
    light = light_from_target(series, 2023, trend, 10, 2030, "increase", DEFAULT)
    # needed: (10 - 0) / 11 years = 0.909 a year; ratio 1.0 / 0.909 = 1.1
    assert light.required_rate == pytest.approx(10 / 11)
    assert light.ratio == pytest.approx(1.1)
    assert light.light == "green"


def test_percentage_near_100_is_rated_on_the_shortfall():
    series = pd.Series({2018: 96.0, 2020: 97.0, 2023: 98.0})
    assert near_upper_bound(series, 2023, DEFAULT, 100)
    assert not near_upper_bound(pd.Series({2018: 85.0, 2023: 98.0}), 2023, DEFAULT, 100)
    assert not near_upper_bound(pd.Series({2018: 99.0, 2023: 101.0}), 2023, DEFAULT, 100)  # above the bound
    assert compute_trend(series, 2023, DEFAULT, "increase").trend == "unchanged"  # +0,4 %/år on the value
    shortfall = compute_trend(100 - series, 2023, DEFAULT, "decrease")
    assert shortfall.rate == pytest.approx((2 / 4) ** (1 / 5) - 1)  # what is missing halves: −12,9 %/år
    assert shortfall.trend == "improving"


def test_sex_gap_widening_narrowing_and_too_few_years():
    total = pd.Series({2019: 50.0, 2021: 50.0, 2023: 50.0})
    women = pd.Series({2019: 55.0, 2021: 57.0, 2023: 60.0})
    men = pd.Series({2019: 45.0, 2021: 43.0, 2023: 40.0})
    gap = sex_gap(women, men, total, 2023, DEFAULT)
    assert (gap.first_gap, gap.last_gap) == (10.0, 20.0)
    assert gap.rate == pytest.approx((0.4 - 0.2) / 4)  # five points of the total a year
    assert gap.trend == "widening"
    assert sex_gap(men, women, total, 2023, DEFAULT).trend == "widening"  # the sign does not matter
    assert sex_gap(women.iloc[::-1].set_axis(women.index), men.iloc[::-1].set_axis(men.index), total, 2023,
                   DEFAULT).trend == "narrowing"
    assert sex_gap(women.iloc[:2], men.iloc[:2], total, 2023, DEFAULT).trend == "no_trend"
    only_women = sex_gap(women, pd.Series(dtype=float), total, 2023, DEFAULT)
    assert (only_women.trend, only_women.first_gap) == ("no_trend", None)


# Property tests -----------------------------------------------------------------------------

values = st.floats(min_value=0.5, max_value=1000, allow_nan=False, allow_infinity=False)
series_strategy = st.lists(values, min_size=3, max_size=6).map(
    lambda vs: pd.Series(vs, index=range(2023 - len(vs) + 1, 2024)))
scale = st.floats(min_value=0.01, max_value=100)
methods = st.sampled_from([DEFAULT, LSQ])


@settings(max_examples=200, deadline=None)
@given(series=series_strategy, factor=scale, rating=methods, direction=st.sampled_from(["increase", "decrease"]),
       target=values)
def test_scaling_changes_no_light_or_arrow(series, factor, rating, direction, target):
    before = compute_trend(series, 2023, rating, direction)
    after = compute_trend(series * factor, 2023, rating, direction)
    if before.rate is not None and abs(abs(before.progress) - rating.trend_threshold) < 1e-9:
        return  # exactly on the threshold: floating point may fall either side
    assert after.trend == before.trend
    light = light_from_target(series, 2023, before, target, 2030, direction, rating)
    scaled = light_from_target(series * factor, 2023, after, target * factor, 2030, direction, rating)
    if light.ratio is not None and math.isfinite(light.ratio) and (
            abs(light.ratio - rating.on_track_ratio) < 1e-9 or abs(light.ratio) < 1e-12):
        return
    assert scaled.light == light.light


@settings(max_examples=200, deadline=None)
@given(series=series_strategy, rating=methods)
def test_flipping_direction_swaps_improving_and_worsening(series, rating):
    up = compute_trend(series, 2023, rating, "increase").trend
    down = compute_trend(series, 2023, rating, "decrease").trend
    swap = {"improving": "worsening", "worsening": "improving", "unchanged": "unchanged", "no_trend": "no_trend"}
    assert down == swap[up]


@settings(max_examples=200, deadline=None)
@given(start=st.floats(min_value=-50, max_value=500), steps=st.lists(st.floats(min_value=0.01, max_value=50),
       min_size=2, max_size=5), rating=methods, direction=st.sampled_from(["increase", "decrease"]))
def test_strictly_improving_series_is_never_worsening(start, steps, rating, direction):
    sign = 1 if direction == "increase" else -1
    values = [start]
    for step in steps:
        values.append(values[-1] + sign * step)
    series = pd.Series(values, index=range(2023 - len(values) + 1, 2024))
    assert compute_trend(series, 2023, rating, direction).trend != "worsening"
