"""Properties of the rating method over generated series (hypothesis, the project's fixed
profile in conftest.py): improving a series never makes its light worse, higher-is-better and
lower-is-better mirror each other, a ratio rule does not depend on the unit, and any series
(gaps, zeros, negatives, values above 100, two points, values on a threshold) gets a defined
light and arrow with an explanation, never an exception or a NaN."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from report.method.explain import explain_light, explain_trend
from report.method.rules import (
    LIGHT_SCORE,
    TREND_SCORE,
    compute_band_trend,
    compute_trend,
    light_from_band,
    light_from_peers,
    light_from_reference,
    light_from_target,
)
from sources.program import Band, RatingSettings

YEAR = 2023
SETTINGS = st.builds(RatingSettings, trend_method=st.sampled_from(["cagr", "least_squares"]),
                     min_points=st.integers(2, 4))
POSITIVE = st.floats(min_value=0.5, max_value=1000, allow_nan=False)
ANY = st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda v: round(v, 2))
DIRECTION = st.sampled_from(["increase", "decrease"])
MIRROR = {"green": "red", "red": "green", "yellow": "yellow", "not_assessed": "not_assessed",
          "improving": "worsening", "worsening": "improving", "unchanged": "unchanged", "no_trend": "no_trend"}


def years(count: int) -> list[int]:
    return list(range(YEAR - count + 1, YEAR + 1))


def positive_series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=years(len(values)), dtype=float)


def rate(rule: str, values: pd.Series, direction: str, settings: RatingSettings, target: float,
         reference: float, peers: list[float]):
    trend = compute_trend(values, YEAR, settings, direction, target=target if rule == "target" else None)
    if rule == "target":
        light = light_from_target(values, YEAR, trend, target, 2030, direction, settings)
    elif rule == "reference":
        light = light_from_reference(values, pd.Series({YEAR: reference}), YEAR, "0000", direction, settings)
    else:
        group = {f"p{i}": pd.Series({YEAR: v}) for i, v in enumerate(peers)}
        group["own"] = values
        light = light_from_peers(values, group, YEAR, direction, settings)
    return trend, light


def improved(values: pd.Series, direction: str, step: float, multiplicative: bool) -> pd.Series:
    """Every value moved in the desired direction, more the later it is (the first stays)."""
    sign = 1 if direction == "increase" else -1
    age = values.index - values.index[0]
    if multiplicative:
        return values * (1 + step) ** (sign * age)
    return values + sign * step * age


@given(values=st.lists(POSITIVE, min_size=2, max_size=6), direction=DIRECTION, settings=SETTINGS,
       rule=st.sampled_from(["target", "reference", "kolada"]), target=POSITIVE, reference=POSITIVE,
       peers=st.lists(POSITIVE, min_size=8, max_size=12), step=st.floats(min_value=0.001, max_value=0.5))
def test_improving_a_series_above_zero_never_makes_its_light_or_arrow_worse(values, direction, settings, rule,
                                                                           target, reference, peers, step):
    series = positive_series(values)
    before = rate(rule, series, direction, settings, target, reference, peers)
    after = rate(rule, improved(series, direction, step, multiplicative=True), direction, settings, target,
                 reference, peers)
    _assert_not_worse(before, after)


@given(first=st.floats(min_value=-100, max_value=0), rest=st.lists(ANY, min_size=1, max_size=5),
       direction=DIRECTION, settings=SETTINGS, rule=st.sampled_from(["target", "reference", "kolada"]),
       target=ANY, reference=ANY, peers=st.lists(ANY, min_size=8, max_size=12),
       step=st.floats(min_value=0.01, max_value=50))
def test_improving_a_series_at_or_below_zero_never_makes_its_light_or_arrow_worse(first, rest, direction, settings,
                                                                                 rule, target, reference, peers,
                                                                                 step):
    series = positive_series([first, *rest])  # the first value stays <= 0: the series is rated in the unit
    before = rate(rule, series, direction, settings, target, reference, peers)
    after = rate(rule, improved(series, direction, step, multiplicative=False), direction, settings, target,
                 reference, peers)
    _assert_not_worse(before, after)


def _assert_not_worse(before, after) -> None:
    (trend_before, light_before), (trend_after, light_after) = before, after
    if light_before.light in LIGHT_SCORE:
        assert light_after.light in LIGHT_SCORE, (light_before, light_after)
        assert LIGHT_SCORE[light_after.light] >= LIGHT_SCORE[light_before.light], (light_before, light_after)
    if trend_before.trend in TREND_SCORE:
        assert TREND_SCORE[trend_after.trend] >= TREND_SCORE[trend_before.trend], (trend_before, trend_after)


@given(values=st.lists(ANY, min_size=1, max_size=6), settings=SETTINGS, rule=st.sampled_from(["reference", "kolada"]),
       reference=ANY, peers=st.lists(ANY, min_size=8, max_size=12))
def test_higher_is_better_and_lower_is_better_mirror_each_other(values, settings, rule, reference, peers):
    series = positive_series(values)
    up = rate(rule, series, "increase", settings, 0, reference, peers)
    down = rate(rule, series, "decrease", settings, 0, reference, peers)
    assert MIRROR[up[0].trend] == down[0].trend
    assert MIRROR[up[1].light] == down[1].light


@given(values=st.lists(POSITIVE, min_size=2, max_size=6), direction=DIRECTION, settings=SETTINGS,
       rule=st.sampled_from(["target", "reference", "kolada"]), target=POSITIVE, reference=POSITIVE,
       peers=st.lists(POSITIVE, min_size=8, max_size=12), factor=st.floats(min_value=0.01, max_value=1000),
       shift=st.booleans())
def test_scaling_a_series_with_its_target_and_comparisons_changes_nothing(values, direction, settings, rule, target,
                                                                         reference, peers, factor, shift):
    # With `shift` the first value is zero, so the series is rated in the unit: still a ratio rule.
    series = positive_series(values) - (values[0] if shift else 0)
    before = rate(rule, series, direction, settings, target, reference, peers)
    after = rate(rule, series * factor, direction, settings, target * factor, reference * factor,
                 [p * factor for p in peers])
    assert before[0].trend == after[0].trend
    if not (rule == "reference" and before[1].absolute_difference is not None):  # a zero reference: unit band
        assert before[1].light == after[1].light


def _finite_or_none(*numbers) -> bool:
    return all(n is None or (isinstance(n, (int, float)) and not math.isnan(n)) for n in numbers)


@given(values=st.dictionaries(st.integers(2012, YEAR), st.one_of(ANY, st.sampled_from([0.0, 100.0, 100.5, 150.0])),
                              max_size=8),
       direction=DIRECTION, settings=SETTINGS, rule=st.sampled_from(["target", "reference", "kolada", "band"]),
       target=st.one_of(ANY, st.just(0.0)), reference=st.one_of(ANY, st.just(0.0)),
       peers=st.lists(ANY, max_size=12), band=st.tuples(ANY, ANY).filter(lambda b: b[0] < b[1]))
def test_any_series_gets_a_defined_light_and_arrow_with_a_reason(values, direction, settings, rule, target,
                                                               reference, peers, band):
    series = pd.Series(values, dtype=float).sort_index()
    if rule == "band":
        interval = Band(min=band[0], max=band[1])
        trend = compute_band_trend(series, YEAR, settings, interval)
        light = light_from_band(series, YEAR, trend, interval, settings)
    else:
        trend, light = rate(rule, series, direction, settings, target, reference, peers)
    assert light.light in (*LIGHT_SCORE, "not_assessed")
    assert trend.trend in (*TREND_SCORE, "no_trend")
    assert _finite_or_none(trend.rate, trend.progress, trend.threshold, light.required_rate,
                           light.relative_difference, light.absolute_difference)
    assert light.ratio is None or not math.isnan(light.ratio)
    assert explain_light(light, trend, "procent", YEAR).endswith(("grön", "gul", "röd", "ej bedömd"))
    assert explain_trend(trend, direction, settings.min_points, settings.trend_years, YEAR, "procent")
