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
- light by the Kolada rule: among a peer group of at least `kolada_min_areas` areas with a
  value the same year, green in the best quarter, red in the worst quarter, else yellow.
- trend by least squares (an alternative for noisy series): the slope of log(value) on year,
  as a rate per year; where a value is <= 0, the linear slope relative to the window mean.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
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
    method: str = ""  # "cagr", "relative_change", "least_squares" or "relative_slope"
    basis: str = "value"  # "value", or "shortfall" (100 - value) for percentages near 100


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
    better_areas: int | None = None  # Kolada rule: areas with a better value the same year
    worse_areas: int | None = None
    areas: int | None = None  # Kolada rule: areas of the peer group with a value that year
    areas_needed: int | None = None  # Kolada rule: the smallest group that is rated


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


def least_squares_rate(values: pd.Series) -> tuple[float | None, str]:
    """Rate per year from a least-squares line: exp(slope of log value) - 1 where every value is
    positive, else the linear slope relative to the mean. Gaps are fine: x is the real year."""
    years = values.index.to_numpy(dtype=float)
    data = values.to_numpy(dtype=float)
    if len(set(years)) < 2:
        return None, ""
    if (data > 0).all():
        slope = float(np.polyfit(years, np.log(data), 1)[0])
        return math.expm1(slope), "least_squares"
    mean = float(data.mean())
    if mean == 0:
        return None, ""
    return float(np.polyfit(years, data, 1)[0]) / abs(mean), "relative_slope"


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
    if settings.trend_method == "least_squares":
        rate, method = least_squares_rate(values)
    else:
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


def light_from_peers(series: pd.Series, peers: dict[str, pd.Series], report_year: int,
                     direction: str, settings: RatingSettings) -> Light:
    """Kolada's relative colours: best quarter of the peer group green, worst quarter red.

    `peers` holds every area of the group, the municipality included. With n areas that have a
    value in the municipality's latest year, the n // 4 best are green and the n // 4 worst red;
    ties share the better place.
    """
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="kolada", latest_year=latest_year, latest_value=latest_value)
    if latest_value is None:
        return Light("not_assessed", **base)
    values = [float(s.dropna().loc[latest_year]) for s in peers.values()
              if latest_year in s.dropna().index]
    n = len(values)
    if n < settings.kolada_min_areas:
        return Light("not_assessed", areas=n, areas_needed=settings.kolada_min_areas, **base)
    sign = 1 if direction == "increase" else -1
    better = sum(1 for v in values if sign * (v - latest_value) > 0)
    worse = sum(1 for v in values if sign * (v - latest_value) < 0)
    quarter = n // 4
    light = "green" if better < quarter else "red" if worse < quarter else "yellow"
    return Light(light, better_areas=better, worse_areas=worse, areas=n, **base)


def no_rule_light(series: pd.Series, report_year: int) -> Light:
    latest_year, latest_value = latest(series, report_year)
    return Light("not_assessed", "none", latest_year=latest_year, latest_value=latest_value)


SCORE_LIGHT = {score: light for light, score in LIGHT_SCORE.items()}


def aggregate_lights(lights: list[str], settings: RatingSettings) -> tuple[str, float | None]:
    """Goal light from indicator lights (not assessed left out), by the program's aggregation:

    - mean (default): mean of green=2, yellow=1, red=0; >= goal_green green, < goal_red red;
    - worst: the worst light;
    - worst_two (SDSN): the two worst; both red -> red, one red -> yellow, else the worse of them;
    - majority: the most common light, a tie going to the worse.
    The score returned is the mean of the scores that decided.
    """
    scores = sorted(LIGHT_SCORE[light] for light in lights if light in LIGHT_SCORE)
    if not scores:
        return "not_assessed", None
    method = settings.goal_aggregation
    if method == "worst":
        return SCORE_LIGHT[scores[0]], float(scores[0])
    if method == "worst_two":
        two = scores[:2]
        if len(two) == 1 or two[0] == two[1]:
            return SCORE_LIGHT[two[0]], float(two[0])
        return (SCORE_LIGHT[1] if two[0] == 0 else SCORE_LIGHT[two[0]]), sum(two) / 2
    if method == "majority":
        counts = Counter(scores)
        top = max(counts.values())
        winner = min(score for score, count in counts.items() if count == top)
        return SCORE_LIGHT[winner], float(winner)
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


@dataclass(frozen=True)
class Gap:
    """The gap between women and men (K - M) and whether it narrows."""

    trend: str  # "narrowing", "unchanged", "widening" or "no_trend"
    first_year: int | None = None
    first_gap: float | None = None
    last_year: int | None = None
    last_gap: float | None = None
    first_share: float | None = None  # |K - M| as a share of the total that year
    last_share: float | None = None
    rate: float | None = None  # change of that share per year (0.01 = one percentage point)


def sex_gap(women: pd.Series, men: pd.Series, total: pd.Series, report_year: int,
            settings: RatingSettings) -> Gap:
    """K - M over the trend window, and whether the gap widens.

    The size of the gap is |K - M| as a share of the total (of the mean of K and M where the
    total is missing), so that it does not depend on the unit and a tiny gap that doubles by
    noise is not called widening. It widens when that share grows by at least the trend
    threshold (one percentage point of the total) a year, narrows when it shrinks as much.
    """
    both = pd.concat([women.dropna().rename("K"), men.dropna().rename("M")], axis=1, join="inner")
    if both.empty:
        return Gap("no_trend")
    both = both[(both.index >= report_year - settings.trend_years) & (both.index <= report_year)].sort_index()
    if both.empty:
        return Gap("no_trend")
    level = total.reindex(both.index).fillna((both["K"] + both["M"]) / 2)
    gaps = both["K"] - both["M"]
    share = (gaps.abs() / level.abs()).where(level != 0)
    first_year, last_year = int(gaps.index[0]), int(gaps.index[-1])
    base = dict(first_year=first_year, first_gap=float(gaps.iloc[0]), last_year=last_year,
                last_gap=float(gaps.iloc[-1]), first_share=float(share.iloc[0]), last_share=float(share.iloc[-1]))
    if len(gaps) < settings.min_points or share.isna().any():
        return Gap("no_trend", **base)
    rate = (float(share.iloc[-1]) - float(share.iloc[0])) / (last_year - first_year)
    trend = ("widening" if rate >= settings.trend_threshold else
             "narrowing" if rate <= -settings.trend_threshold else "unchanged")
    return Gap(trend, rate=rate, **base)


def near_upper_bound(series: pd.Series, report_year: int, settings: RatingSettings) -> bool:
    """A percentage whose window values all lie within `percent_near_bound` points of 100.

    Near 100 a rate of the value says little (98 -> 99 is +0,2 %/år but halves what is
    missing), so rates are then computed on the shortfall 100 - value."""
    values = window(series, report_year, settings.trend_years)
    return bool(settings.percent_near_bound) and not values.empty and \
        bool((values >= 100 - settings.percent_near_bound).all())
