"""The rating rules of DESIGN.md for one series: trend arrow and light, with the numbers behind.

Pure functions of numbers, reproducible by hand in a spreadsheet:
- trend: CAGR g between the first and last value of the window (report year and the
  `trend_years` before it, at least `min_points` values); p = g, or -g where lower is better;
  improving if p >= threshold, worsening if p <= -threshold, else unchanged. Where CAGR is
  undefined (a value <= 0) the absolute change per year relative to the window mean is used.
- light with a target: green if the latest value meets it, else the ratio R = p / |rate needed
  from the window's first value to the target in the target year|: green if R >= on_track,
  yellow if 0 <= R < on_track, red if R < 0.
- light with a reference area: green if better than the reference by more than the band,
  red if worse by more than the band, else yellow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sources.program import RatingSettings

LIGHT_SCORE = {"green": 2, "yellow": 1, "red": 0}
TREND_SCORE = {"improving": 1, "unchanged": 0, "worsening": -1}


@dataclass(frozen=True)
class Trend:
    trend: str
    points: int = 0
    first_year: int | None = None
    first_value: float | None = None
    last_year: int | None = None
    last_value: float | None = None
    rate: float | None = None  # g, change per year
    progress: float | None = None  # p, positive = in the desired direction
    method: str = ""  # "cagr" or "relative_change"


@dataclass(frozen=True)
class Light:
    light: str
    rule: str  # "target", "reference" or "none"
    latest_year: int | None = None
    latest_value: float | None = None
    target_value: float | None = None
    target_year: int | None = None
    required_rate: float | None = None
    ratio: float | None = None
    target_met: bool = False
    reference_area: str | None = None
    reference_value: float | None = None
    relative_difference: float | None = None


def annual_rate(first: float, last: float, years: float, mean: float) -> tuple[float | None, str]:
    """CAGR where both ends are positive; else the change per year relative to the mean."""
    if years <= 0:
        return None, ""
    if first > 0 and last > 0:
        return (last / first) ** (1 / years) - 1, "cagr"
    if mean == 0:
        return None, ""
    return (last - first) / years / abs(mean), "relative_change"


def window(series: pd.Series, report_year: int, years: int) -> pd.Series:
    """Non-missing values of the trend window, by year."""
    clean = series.dropna()
    return clean[(clean.index >= report_year - years) & (clean.index <= report_year)].sort_index()


def compute_trend(series: pd.Series, report_year: int, settings: RatingSettings,
                  direction: str) -> Trend:
    """Trend arrow of an annual series (index: year, values: float)."""
    values = window(series, report_year, settings.trend_years)
    points = len(values)
    if points == 0:
        return Trend("no_trend")
    first_year, last_year = int(values.index[0]), int(values.index[-1])
    first, last = float(values.iloc[0]), float(values.iloc[-1])
    base = Trend("no_trend", points, first_year, first, last_year, last)
    if points < settings.min_points:
        return base
    rate, method = annual_rate(first, last, last_year - first_year, float(values.mean()))
    if rate is None:
        return base
    progress = rate if direction == "increase" else -rate
    if progress >= settings.trend_threshold:
        trend = "improving"
    elif progress <= -settings.trend_threshold:
        trend = "worsening"
    else:
        trend = "unchanged"
    return Trend(trend, points, first_year, first, last_year, last, rate, progress, method)


def latest(series: pd.Series, report_year: int) -> tuple[int | None, float | None]:
    clean = series.dropna()
    clean = clean[clean.index <= report_year]
    if clean.empty:
        return None, None
    year = int(clean.index.max())
    return year, float(clean.loc[year])


def _meets(value: float, target: float, direction: str) -> bool:
    return value >= target if direction == "increase" else value <= target


def light_from_target(series: pd.Series, report_year: int, trend: Trend, target_value: float,
                      target_year: int, direction: str, settings: RatingSettings) -> Light:
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="target", latest_year=latest_year, latest_value=latest_value,
                target_value=target_value, target_year=target_year)
    if latest_value is None:
        return Light("not_assessed", **base)
    if _meets(latest_value, target_value, direction):
        return Light("green", target_met=True, **base)
    if trend.progress is None or trend.first_value is None or trend.first_year is None:
        return Light("not_assessed", **base)
    if target_year <= latest_year:
        # The target year has come without the target being met.
        return Light("red", **base)
    needed, _ = annual_rate(trend.first_value, target_value, target_year - trend.first_year,
                            (trend.first_value + target_value) / 2)
    if needed is None:
        return Light("not_assessed", **base)
    if needed == 0:
        ratio = math.inf if trend.progress > 0 else (0.0 if trend.progress == 0 else -math.inf)
    else:
        ratio = trend.progress / abs(needed)
    if ratio >= settings.on_track_ratio:
        light = "green"
    elif ratio >= 0:
        light = "yellow"
    else:
        light = "red"
    return Light(light, required_rate=needed, ratio=ratio, **base)


def light_from_reference(series: pd.Series, reference: pd.Series, report_year: int,
                         reference_area: str, direction: str, settings: RatingSettings) -> Light:
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="reference", latest_year=latest_year, latest_value=latest_value,
                reference_area=reference_area)
    if latest_value is None:
        return Light("not_assessed", **base)
    ref = reference.dropna()
    if latest_year not in ref.index:
        return Light("not_assessed", **base)
    ref_value = float(ref.loc[latest_year])
    if ref_value == 0:
        return Light("not_assessed", reference_value=ref_value, **base)
    difference = (latest_value - ref_value) / abs(ref_value)
    better = difference if direction == "increase" else -difference
    if better > settings.reference_band:
        light = "green"
    elif better < -settings.reference_band:
        light = "red"
    else:
        light = "yellow"
    return Light(light, reference_value=ref_value, relative_difference=better, **base)


def no_rule_light(series: pd.Series, report_year: int) -> Light:
    latest_year, latest_value = latest(series, report_year)
    return Light("not_assessed", "none", latest_year=latest_year, latest_value=latest_value)


def aggregate_lights(lights: list[str], settings: RatingSettings) -> tuple[str, float | None]:
    """Goal light from indicator lights: mean of green=2, yellow=1, red=0 (not assessed left out)."""
    scores = [LIGHT_SCORE[light] for light in lights if light in LIGHT_SCORE]
    if not scores:
        return "not_assessed", None
    mean = sum(scores) / len(scores)
    if mean >= settings.goal_green:
        return "green", mean
    if mean < settings.goal_red:
        return "red", mean
    return "yellow", mean


def aggregate_trends(trends: list[str], settings: RatingSettings) -> tuple[str, float | None]:
    """Goal trend from indicator arrows: mean of +1/0/-1 (no trend left out)."""
    scores = [TREND_SCORE[trend] for trend in trends if trend in TREND_SCORE]
    if not scores:
        return "no_trend", None
    mean = sum(scores) / len(scores)
    if mean >= settings.goal_trend_cutoff:
        return "improving", mean
    if mean <= -settings.goal_trend_cutoff:
        return "worsening", mean
    return "unchanged", mean


def worst_light(lights: list[str]) -> str:
    ranked = [light for light in ("red", "yellow", "green") if light in lights]
    return ranked[0] if ranked else "not_assessed"


def worst_trend(trends: list[str]) -> str:
    ranked = [trend for trend in ("worsening", "unchanged", "improving") if trend in trends]
    return ranked[0] if ranked else "no_trend"
