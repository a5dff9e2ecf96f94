"""The rating rules for one series: trend arrow and light, with the numbers behind.

Pure functions of numbers, reproducible by hand in a spreadsheet. Every rule has a domain, and
a series outside it gets a valid fallback that its `reason` names (docs/method.md):
- trend: CAGR g between the first and last value of the window (report year and the
  `trend_years` before it, at least `min_points` values); p = g, or -g where lower is better;
  improving if p >= threshold, worsening if p <= -threshold, else unchanged. CAGR needs a
  series above zero: a series that touches or crosses zero, or is rated against a zero target,
  gets the change per year in the unit instead, with the threshold in the unit (the relative
  threshold times the window's mean level). `trend_unit: points` gives the change per year in
  the unit (percentage points) for every series, with `points_threshold`.
- light with a target: green if the latest value meets it, else the ratio R = p / |rate needed
  from the window's first value to the target in the target year|, in the trend's own terms:
  green if R >= on_track, yellow if 0 <= R < on_track, red if R < 0.
- light with a band (an optimum such as 40-60 %): green inside it, else as a target at the
  band's near edge when the band has a year, else yellow while moving toward it, red if not.
- light with a reference area: green if better than the reference by more than the band,
  red if worse by more than the band, else yellow; a zero reference compares the difference
  in the unit with `reference_band_absolute`.
- light by the Kolada rule: among a group of at least `kolada_min_areas` areas with a value the
  same year, green in the best quarter, red in the worst quarter, else yellow.
- trend by least squares (an alternative for noisy series): the slope of log(value) on year,
  as a rate per year; in the unit, the linear slope.
Thresholds are compared at the published precision: values within `TOLERANCE` of a threshold
count as on it, so 8,4 against 8,0 and 9,5 against 10,0 (both 5,0 % better) get the same light.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sources.program import Band, RatingSettings
from sources.vocabulary import (
    GREEN,
    IMPROVING,
    NARROWING,
    NO_TREND,
    NOT_ASSESSED,
    RED,
    UNCHANGED,
    WIDENING,
    WORSENING,
    YELLOW,
)

LIGHT_SCORE = {GREEN: 2, YELLOW: 1, RED: 0}
TREND_SCORE = {IMPROVING: 1, UNCHANGED: 0, WORSENING: -1}
TOLERANCE = 1e-9  # relative: what floating point leaves of an exact threshold
UNIT_METHODS = {"absolute_change", "absolute_slope", "points_change", "points_slope"}


def at_least(value: float, limit: float) -> bool:
    """value >= limit, counting a value within the tolerance of the limit as on it."""
    return value >= limit - TOLERANCE * max(1.0, abs(limit))


def more_than(value: float, limit: float) -> bool:
    """value > limit, not counting a value within the tolerance of the limit."""
    return value > limit + TOLERANCE * max(1.0, abs(limit))


@dataclass(frozen=True)
class Trend:
    trend: str
    points: int = 0
    first_year: int | None = None
    first_value: float | None = None
    last_year: int | None = None
    last_value: float | None = None
    rate: float | None = None  # g, change per year (relative, or in the unit: see `method`)
    progress: float | None = None  # p, positive = in the desired direction
    method: str = ""  # cagr, least_squares; absolute_change, absolute_slope; points_change, points_slope
    basis: str = "value"  # "value", or "shortfall" (bound - value) for a bounded share near its bound
    threshold: float | None = None  # the arrow's threshold, in the rate's terms
    reason: str = ""  # why a fallback was used, in Swedish ("" for the default method)

    @property
    def in_unit(self) -> bool:
        return self.method in UNIT_METHODS


@dataclass(frozen=True)
class Light:
    light: str
    rule: str  # "target", "band", "reference", "kolada" or "none"
    latest_year: int | None = None
    latest_value: float | None = None
    target_value: float | None = None
    target_year: int | None = None
    required_rate: float | None = None
    ratio: float | None = None
    target_met: bool = False
    reference_area: str | None = None
    reference_value: float | None = None
    relative_difference: float | None = None  # better (+) or worse (-), as a share of the reference
    absolute_difference: float | None = None  # better (+) or worse (-) in the unit (a zero reference)
    better_areas: int | None = None  # Kolada rule: areas with a better value the same year
    worse_areas: int | None = None
    areas: int | None = None  # Kolada rule: areas of the group with a value that year
    areas_needed: int | None = None  # Kolada rule: the smallest group that is rated
    band: tuple[float, float] | None = None  # the band rule's interval, or (-b, b) for a zero reference
    reason: str = ""  # why a fallback was used, in Swedish


def window(series: pd.Series, report_year: int, years: int) -> pd.Series:
    """Non-missing values of the trend window, by year."""
    clean = series.dropna()
    return clean[(clean.index >= report_year - years) & (clean.index <= report_year)].sort_index()


def least_squares_rate(values: pd.Series, in_unit: bool = False) -> float | None:
    """Rate per year from a least-squares line: exp(slope of log value) - 1, or in the unit the
    linear slope. Gaps are fine: x is the real year."""
    years = values.index.to_numpy(dtype=float)
    data = values.to_numpy(dtype=float)
    if len(set(years)) < 2:
        return None
    if in_unit:
        return float(np.polyfit(years, data, 1)[0])
    return math.expm1(float(np.polyfit(years, np.log(data), 1)[0]))


def rate_domain(values: pd.Series, settings: RatingSettings, target: float | None = None) -> tuple[str, str]:
    """('relative' | 'absolute' | 'points', why) for a window of values."""
    if settings.trend_unit == "points":
        return "points", "trend i enheten per år (programmets val, trend_unit: points)"
    if (values <= 0).any():
        return "absolute", "serien når eller passerar noll, så förändringen mäts i enheten i stället för CAGR"
    if target is not None and target <= 0:
        return "absolute", "målet är noll eller lägre, så förändringen mäts i enheten i stället för CAGR"
    return "relative", ""


def compute_trend(series: pd.Series, report_year: int, settings: RatingSettings,
                  direction: str, target: float | None = None) -> Trend:
    """Trend arrow of an annual series (index: year, values: float). `target` is the value the
    light is rated against, where there is one: a zero target needs a rate in the unit."""
    values = window(series, report_year, settings.trend_years)
    points = len(values)
    if points == 0:
        return Trend(NO_TREND)
    first_year, last_year = int(values.index[0]), int(values.index[-1])
    first, last = float(values.iloc[0]), float(values.iloc[-1])
    base = Trend(NO_TREND, points, first_year, first, last_year, last)
    if points < settings.min_points or last_year == first_year:
        return base
    domain, reason = rate_domain(values, settings, target)
    least = settings.trend_method == "least_squares"
    if domain == "relative":
        rate = least_squares_rate(values) if least else (last / first) ** (1 / (last_year - first_year)) - 1
        method, threshold = ("least_squares" if least else "cagr"), settings.trend_threshold
    else:
        rate = least_squares_rate(values, in_unit=True) if least else (last - first) / (last_year - first_year)
        method = f"{'points' if domain == 'points' else 'absolute'}_{'slope' if least else 'change'}"
        threshold = (settings.points_threshold if domain == "points"
                     else settings.trend_threshold * float(values.abs().mean()))
    if rate is None:
        return base
    progress = rate if direction == "increase" else -rate
    trend = arrow(progress, threshold)
    return Trend(trend, points, first_year, first, last_year, last, rate, progress, method,
                 threshold=threshold, reason=reason)


def arrow(progress: float, threshold: float) -> str:
    """improving / worsening at the threshold or beyond it, in the desired direction; a change
    of zero is unchanged whatever the threshold."""
    if progress > 0 and at_least(progress, threshold):
        return IMPROVING
    if progress < 0 and at_least(-progress, threshold):
        return WORSENING
    return UNCHANGED


def latest(series: pd.Series, report_year: int) -> tuple[int | None, float | None]:
    clean = series.dropna()
    clean = clean[clean.index <= report_year]
    if clean.empty:
        return None, None
    year = int(clean.index.max())
    return year, float(clean.loc[year])


def _meets(value: float, target: float, direction: str) -> bool:
    return at_least(value, target) if direction == "increase" else at_least(-value, -target)


def required_rate(trend: Trend, target_value: float, target_year: int) -> float | None:
    """The rate a trend would need from its first value to reach the target in the target year,
    in the trend's own terms: a CAGR for a relative trend, a change per year in the unit else."""
    years = target_year - (trend.first_year or target_year)
    if trend.first_value is None or years <= 0:
        return None
    if trend.in_unit:
        return (target_value - trend.first_value) / years
    if trend.first_value <= 0 or target_value <= 0:
        return None
    return (target_value / trend.first_value) ** (1 / years) - 1


def _on_track(progress: float, needed: float, settings: RatingSettings) -> tuple[str, float]:
    if abs(needed) <= TOLERANCE:
        ratio = math.inf if progress > 0 else (0.0 if abs(progress) <= TOLERANCE else -math.inf)
    else:
        ratio = progress / abs(needed)
    if at_least(ratio, settings.on_track_ratio):
        return GREEN, ratio
    if at_least(ratio, 0):
        return YELLOW, ratio
    return RED, ratio


def light_from_target(series: pd.Series, report_year: int, trend: Trend, target_value: float,
                      target_year: int, direction: str, settings: RatingSettings) -> Light:
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="target", latest_year=latest_year, latest_value=latest_value,
                target_value=target_value, target_year=target_year, reason=trend.reason)
    if latest_value is None:
        return Light(NOT_ASSESSED, **base)
    if _meets(latest_value, target_value, direction):
        return Light(GREEN, target_met=True, **base)
    if trend.progress is None or trend.first_value is None or trend.first_year is None:
        return Light(NOT_ASSESSED, **base)
    if target_year <= latest_year:
        # The target year has come without the target being met.
        return Light(RED, **base)
    needed = required_rate(trend, target_value, target_year)
    if needed is None:
        return Light(NOT_ASSESSED, **base)
    light, ratio = _on_track(trend.progress, needed, settings)
    return Light(light, required_rate=needed, ratio=ratio, **base)


def band_distance(series: pd.Series, band: Band) -> pd.Series:
    """How far each value lies outside the band (0 inside it), in the unit."""
    return (band.min - series).clip(lower=0) + (series - band.max).clip(lower=0)


def compute_band_trend(series: pd.Series, report_year: int, settings: RatingSettings, band: Band) -> Trend:
    """The arrow toward a band: the distance outside it, lower is better, in the unit."""
    values = window(series, report_year, settings.trend_years)
    # Rated against the distance 0, the distance's trend is in the unit (or in points).
    trend = compute_trend(band_distance(values, band), report_year, settings, "decrease", target=0.0)
    if trend.rate is None:
        return Trend(NO_TREND, trend.points, trend.first_year, trend.first_value, trend.last_year, trend.last_value)
    # The arrow's threshold in the unit: the relative threshold of the values' own level.
    threshold = (settings.points_threshold if settings.trend_unit == "points"
                 else settings.trend_threshold * float(values.abs().mean()))
    return Trend(arrow(trend.progress, threshold), trend.points, trend.first_year, float(values.iloc[0]),
                 trend.last_year, float(values.iloc[-1]), trend.rate, trend.progress, trend.method,
                 basis="band", threshold=threshold,
                 reason=f"avståndet till intervallet {band.min:g}–{band.max:g} mäts i enheten")


def light_from_band(series: pd.Series, report_year: int, trend: Trend, band: Band,
                    settings: RatingSettings) -> Light:
    """Green inside the band. Outside it: with the band's year, the target rule toward the band's
    near edge; without it, yellow while moving toward the band, red while not."""
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="band", latest_year=latest_year, latest_value=latest_value, target_year=band.year,
                band=(band.min, band.max), reason=trend.reason)
    if latest_value is None:
        return Light(NOT_ASSESSED, **base)
    if at_least(latest_value, band.min) and at_least(band.max, latest_value):
        return Light(GREEN, target_met=True, **base)
    if trend.progress is None or trend.first_value is None:
        return Light(NOT_ASSESSED, **base)
    if band.year is None:
        return Light(YELLOW if trend.trend == IMPROVING else RED, **base)
    if band.year <= latest_year:
        return Light(RED, **base)
    # The distance from the band shrinks to 0: the rate needed in the unit, from the first value.
    first_distance = float(band_distance(pd.Series([trend.first_value]), band).iloc[0])
    needed = -first_distance / (band.year - (trend.first_year or band.year))
    light, ratio = _on_track(trend.progress, needed, settings)
    return Light(light, required_rate=needed, ratio=ratio, **base)


def light_from_reference(series: pd.Series, reference: pd.Series, report_year: int,
                         reference_area: str, direction: str, settings: RatingSettings) -> Light:
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="reference", latest_year=latest_year, latest_value=latest_value,
                reference_area=reference_area)
    if latest_value is None:
        return Light(NOT_ASSESSED, **base)
    ref = reference.dropna()
    if latest_year not in ref.index:
        return Light(NOT_ASSESSED, **base)
    ref_value = float(ref.loc[latest_year])
    sign = 1 if direction == "increase" else -1
    if abs(ref_value) <= TOLERANCE:
        # A share of zero is undefined: the difference is measured in the unit instead.
        better = sign * (latest_value - ref_value)
        band = settings.reference_band_absolute
        light = GREEN if more_than(better, band) else RED if more_than(-better, band) else YELLOW
        return Light(light, reference_value=ref_value, absolute_difference=better, band=(-band, band),
                     reason="jämförelsevärdet är 0, så skillnaden mäts i enheten", **base)
    better = sign * (latest_value - ref_value) / abs(ref_value)
    band = settings.reference_band
    light = GREEN if more_than(better, band) else RED if more_than(-better, band) else YELLOW
    return Light(light, reference_value=ref_value, relative_difference=better, **base)


def light_from_peers(series: pd.Series, peers: dict[str, pd.Series], report_year: int,
                     direction: str, settings: RatingSettings) -> Light:
    """Kolada's relative colours: best quarter of the group green, worst quarter red.

    `peers` holds every area of the group, the municipality included. With n areas that have a
    value in the municipality's latest year, the n // 4 best are green and the n // 4 worst red;
    ties share the better place. A tie so wide that the shared place lies in both the best and
    the worst quarter places the municipality in neither (yellow, and the reason says so), and
    when every area has the same value the comparison ranks nothing (not assessed): otherwise
    such a tie was green whichever direction is better.
    """
    latest_year, latest_value = latest(series, report_year)
    base = dict(rule="kolada", latest_year=latest_year, latest_value=latest_value)
    if latest_value is None:
        return Light(NOT_ASSESSED, **base)
    values = [float(s.dropna().loc[latest_year]) for s in peers.values()
              if latest_year in s.dropna().index]
    n = len(values)
    if n < settings.kolada_min_areas:
        return Light(NOT_ASSESSED, areas=n, areas_needed=settings.kolada_min_areas, **base)
    sign = 1 if direction == "increase" else -1
    better = sum(1 for v in values if more_than(sign * v, sign * latest_value))
    worse = sum(1 for v in values if more_than(sign * latest_value, sign * v))
    quarter = n // 4
    counts = dict(better_areas=better, worse_areas=worse, areas=n)
    if better < quarter and worse < quarter:
        if better == worse == 0:
            return Light(NOT_ASSESSED, reason="alla har samma värde, så jämförelsen skiljer inte ut någon",
                         **counts, **base)
        return Light(YELLOW, reason="så många har samma värde att platsen hör till både den bästa och den "
                                    "sämsta fjärdedelen", **counts, **base)
    light = GREEN if better < quarter else RED if worse < quarter else YELLOW
    return Light(light, **counts, **base)


def no_rule_light(series: pd.Series, report_year: int) -> Light:
    latest_year, latest_value = latest(series, report_year)
    return Light(NOT_ASSESSED, "none", latest_year=latest_year, latest_value=latest_value)


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
        return NOT_ASSESSED, None
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
        return GREEN, mean
    if mean < settings.goal_red:
        return RED, mean
    return YELLOW, mean


def aggregate_trends(trends: list[str], settings: RatingSettings) -> tuple[str, float | None]:
    """Goal trend from indicator arrows: mean of +1/0/-1 (no trend left out)."""
    scores = [TREND_SCORE[trend] for trend in trends if trend in TREND_SCORE]
    if not scores:
        return NO_TREND, None
    mean = sum(scores) / len(scores)
    if mean >= settings.goal_trend_cutoff:
        return IMPROVING, mean
    if mean <= -settings.goal_trend_cutoff:
        return WORSENING, mean
    return UNCHANGED, mean


def worst_light(lights: list[str]) -> str:
    ranked = [light for light in (RED, YELLOW, GREEN) if light in lights]
    return ranked[0] if ranked else NOT_ASSESSED


def worst_trend(trends: list[str]) -> str:
    ranked = [trend for trend in (WORSENING, UNCHANGED, IMPROVING) if trend in trends]
    return ranked[0] if ranked else NO_TREND


@dataclass(frozen=True)
class Gap:
    """The gap between women and men (K - M) and whether it narrows."""

    trend: str  # "narrowing", "unchanged", "widening" or "no_trend"
    first_year: int | None = None
    first_gap: float | None = None
    last_year: int | None = None
    last_gap: float | None = None
    first_share: float | None = None  # |K - M| as a share of the base that year
    last_share: float | None = None
    rate: float | None = None  # change of that share per year (0.01 = one percentage point)
    base: str = "total"  # what the share is of: the total; the mean of K and M; the sum of K and M


def sex_gap(women: pd.Series, men: pd.Series, total: pd.Series, report_year: int,
            settings: RatingSettings, is_count: bool = False) -> Gap:
    """K - M over the trend window, and whether the gap widens.

    The size of the gap is |K - M| as a share of the total, so that it does not depend on the
    unit and a tiny gap that doubles by noise is not called widening. Where there is no total,
    the base is the sum of K and M for a count (the total of a count is the sum), else the mean
    of the two (a rate's total lies between them); `base` says which. It widens when that share
    grows by at least the trend threshold (one percentage point) a year, narrows when it shrinks
    as much.
    """
    both = pd.concat([women.dropna().rename("K"), men.dropna().rename("M")], axis=1, join="inner")
    if both.empty:
        return Gap(NO_TREND)
    both = both[(both.index >= report_year - settings.trend_years) & (both.index <= report_year)].sort_index()
    if both.empty:
        return Gap(NO_TREND)
    given = total.reindex(both.index)
    if given.notna().all():
        level, base = given, "total"
    elif is_count:
        level, base = given.fillna(both["K"] + both["M"]), "sum"
    else:
        level, base = given.fillna((both["K"] + both["M"]) / 2), "mean"
    gaps = both["K"] - both["M"]
    share = (gaps.abs() / level.abs()).where(level != 0)
    first_year, last_year = int(gaps.index[0]), int(gaps.index[-1])
    found = dict(first_year=first_year, first_gap=float(gaps.iloc[0]), last_year=last_year,
                 last_gap=float(gaps.iloc[-1]), first_share=_finite(share.iloc[0]), last_share=_finite(share.iloc[-1]),
                 base=base)
    if len(gaps) < settings.min_points or share.isna().any():
        return Gap(NO_TREND, **found)
    rate = (float(share.iloc[-1]) - float(share.iloc[0])) / (last_year - first_year)
    widening = {IMPROVING: WIDENING, WORSENING: NARROWING, UNCHANGED: UNCHANGED}
    return Gap(widening[arrow(rate, settings.trend_threshold)], rate=rate, **found)


def _finite(value: object) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def near_upper_bound(series: pd.Series, report_year: int, settings: RatingSettings, upper: float) -> bool:
    """A bounded share whose window values all lie within `percent_near_bound` of its upper
    bound (and not above it).

    Near 100 a rate of the value says little (98 -> 99 is +0,2 %/år but halves what is
    missing), so rates are then computed on the shortfall (bound - value). Only for a share the
    program bounds: a percentage that is not a share (self-financing at 131 %) has no bound."""
    values = window(series, report_year, settings.trend_years)
    return bool(settings.percent_near_bound) and not values.empty and \
        bool((values >= upper - settings.percent_near_bound).all()) and bool((values <= upper).all())


# Eurostat's SDG progress classes (its 2023 method): with a target, the ratio of the actual rate
# to the rate needed; without one, the rate in the desired direction against the threshold.
TARGET_CLASSES = ("significant_progress", "moderate_progress", "insufficient_progress", "movement_away")
TREND_CLASSES = ("significant_progress", "moderate_progress", "moderate_movement_away", "significant_movement_away")


def progress_class(trend: Trend, light: Light, settings: RatingSettings) -> str | None:
    """One of Eurostat's four classes, or None where the rule gives none (no trend, no ratio)."""
    if light.rule in ("target", "band"):
        if light.target_met:
            return "significant_progress"
        if light.ratio is None:
            return None
        if at_least(light.ratio, settings.on_track_ratio):
            return "significant_progress"
        if at_least(light.ratio, 0.6):
            return "moderate_progress"
        if at_least(light.ratio, 0):
            return "insufficient_progress"
        return "movement_away"
    if trend.progress is None or trend.threshold is None:
        return None
    if at_least(trend.progress, trend.threshold):
        return "significant_progress"
    if trend.progress >= 0:
        return "moderate_progress"
    if at_least(-trend.progress, trend.threshold):
        return "significant_movement_away"
    return "moderate_movement_away"
