"""One Swedish line per light and arrow that says which numbers and which rule gave it.

"CAGR 2018–2023 +0,9 %/år; målet 50 % år 2030 kräver +1,7 %/år; kvot 0,52 → gul"
"""

from __future__ import annotations

import math

from report.method.rules import Gap, Light, Trend
from report.texts import LIGHT_WORDS, TREND_WORDS, count_noun
from sources.formats import (
    decimals_apart,
    format_number,
    format_percent,
    format_percent_apart,
    format_rate,
    format_unit_rate,
    format_value,
    unit_of_change,
)
from sources.vocabulary import NARROWING, NO_TREND, RED, UNCHANGED, WIDENING

AREA_NAMES = {"0000": "riket"}
METHOD_NAMES = {
    "cagr": "CAGR",
    "least_squares": "minsta kvadrat-trend",
    "absolute_change": "förändring per år i enheten",
    "absolute_slope": "minsta kvadrat-lutning i enheten",
    "points_change": "förändring per år i enheten",
    "points_slope": "minsta kvadrat-lutning i enheten",
}
PROGRESS_WORDS = {
    "significant_progress": "betydande framsteg", "moderate_progress": "måttliga framsteg",
    "insufficient_progress": "otillräckliga framsteg", "movement_away": "rör sig bort från målet",
    "moderate_movement_away": "rör sig något bort från målet",
    "significant_movement_away": "rör sig tydligt bort från målet",
}
GAP_BASES = {"total": "av totalen", "sum": "av summan av kvinnor och män",
             "mean": "av medelvärdet av kvinnor och män"}
GAP_WORDS = {NARROWING: "minskar", UNCHANGED: "är oförändrad", WIDENING: "ökar",
             NO_TREND: "kan inte bedömas"}


def area_name(code: str | None) -> str:
    return AREA_NAMES.get(code or "", f"område {code}")


def _rate(trend: Trend, rate: float | None, unit: str) -> str:
    """The rate, written so that it does not read as the arrow's threshold when it is on the
    other side of it."""
    if trend.in_unit:
        return format_unit_rate(rate, unit, trend.threshold)
    return format_rate(rate, trend.threshold)


def explain_trend(trend: Trend, direction: str, min_points: int, years: int, report_year: int,
                  unit: str = "") -> str:
    better = "högre är bättre" if direction == "increase" else "lägre är bättre"
    if trend.basis == "band":
        better = "närmare intervallet är bättre"
    if trend.rate is None:
        if trend.points < min_points:
            return (f"{count_noun(trend.points, 'värde')} i perioden {report_year - years}–{report_year}; minst "
                    f"{min_points} behövs → {TREND_WORDS['no_trend'].lower()}")
        return f"utvecklingstakten kan inte beräknas → {TREND_WORDS['no_trend'].lower()}"
    name = METHOD_NAMES[trend.method]
    if trend.basis == "shortfall":
        better = "andelen som saknas till gränsen, lägre är bättre" if direction == "increase" else \
            "andelen som saknas till gränsen, högre är bättre"
    extra = ""
    if trend.in_unit and trend.threshold is not None:
        extra = f"; gräns ±{format_unit_rate(trend.threshold, unit).lstrip('+')}"
    if trend.reason:
        extra += f"; {trend.reason}"
    return (f"{name} {trend.first_year}–{trend.last_year} {_rate(trend, trend.rate, unit)} ({better}{extra}) "
            f"→ {TREND_WORDS[trend.trend].lower()}")


def _ratio(light: Light) -> str:
    return ("∞" if math.isinf(light.ratio or 0) and (light.ratio or 0) > 0 else
            "−∞" if math.isinf(light.ratio or 0) else format_number(light.ratio, 2))


def explain_light(light: Light, trend: Trend, unit: str, report_year: int, status: str | None = None,
                  reference_band: float | None = None) -> str:
    word = LIGHT_WORDS[light.light].lower()
    if light.latest_value is None:
        return f"inget värde till och med {report_year} → {word}"
    marked = f", {status}" if status else ""
    latest = f"senaste värde {format_value(light.latest_value, unit)} ({light.latest_year}{marked})"
    if light.latest_year is not None and light.latest_year < report_year:
        latest += f", äldre än {report_year}"
    if light.rule in ("target", "band"):
        return _explain_target(light, trend, unit, latest, word)
    if light.rule == "reference":
        ref = area_name(light.reference_area)
        if light.reference_value is None:
            return f"{latest}; {ref} saknar värde för {light.latest_year} → {word}"
        if light.absolute_difference is not None:
            diff = light.absolute_difference
            relation = "bättre än" if diff > 0 else "sämre än" if diff < 0 else "lika med"
            return (f"{latest}; {ref} {format_value(light.reference_value, unit)}; {light.reason}: "
                    f"{format_number(abs(diff))} {unit_of_change(unit)} {relation} {ref} (gräns "
                    f"±{format_number(light.band[1])} {unit_of_change(unit)}) → {word}").replace("  ", " ")
        diff = light.relative_difference or 0.0
        if diff == 0:
            return f"{latest}; {ref} {format_value(light.reference_value, unit)}, lika med {ref} → {word}"
        relation = "bättre än" if diff > 0 else "sämre än"
        return (f"{latest}; {ref} {format_value(light.reference_value, unit)}, "
                f"{format_percent_apart(abs(diff), reference_band)} {relation} {ref} → {word}")
    if light.rule == "kolada":
        if light.better_areas is None:
            return (f"{latest}; bara {count_noun(light.areas or 0, 'område')} i jämförelsegruppen har värde "
                    f"{light.latest_year}, minst {light.areas_needed} behövs → {word}")
        place = light.better_areas + 1
        same = (light.areas or 0) - light.better_areas - (light.worse_areas or 0) - 1
        tied = f", {same} lika" if same > 0 else ""
        reason = f"; {light.reason}" if light.reason else ""
        return (f"{latest}; plats {place} av {light.areas} i jämförelsegruppen ({light.better_areas} "
                f"bättre{tied}, {light.worse_areas} sämre; bästa fjärdedelen grön, sämsta röd{reason}) → {word}")
    return f"{latest}; varken mål eller jämförelse angivet → {word}"


def _explain_target(light: Light, trend: Trend, unit: str, latest: str, word: str) -> str:
    if light.rule == "band" and light.band:
        low, high = light.band
        goal = f"intervallet {format_value(low, unit)}–{format_value(high, unit)}"
        if light.target_year:
            goal += f" år {light.target_year}"
    else:
        goal = f"målet {format_value(light.target_value, unit)} år {light.target_year}"
    if light.target_met:
        return f"{latest}; {goal} är nått → {word}"
    if light.required_rate is None:
        if light.light == RED and light.rule == "target":
            return f"{latest}; {goal} är inte nått och målåret har passerats → {word}"
        if light.rule == "band" and trend.rate is not None:
            return (f"{latest}; utanför {goal}: {METHOD_NAMES[trend.method]} {trend.first_year}–{trend.last_year} "
                    f"{_rate(trend, trend.progress, unit)} närmare intervallet → {word}")
        return f"{latest}; {goal}; utvecklingstakten saknas → {word}"
    name = METHOD_NAMES[trend.method]
    shortfall = "andelen som saknas till gränsen: " if trend.basis == "shortfall" else ""
    reason = f" ({light.reason})" if light.reason else ""
    return (f"{latest}; {shortfall}{name} {trend.first_year}–{trend.last_year} {_rate(trend, trend.rate, unit)}; "
            f"{goal} kräver {_rate(trend, light.required_rate, unit)}{reason}; kvot {_ratio(light)} av den takt "
            f"som krävs → {word}")


def difference_unit(unit: str) -> str:
    """The unit of a difference between two values: percentages differ by percentage points."""
    return unit_of_change(unit)


def format_difference(value: float, unit: str) -> str:
    return f"{format_number(value)} {difference_unit(unit)}".strip()


def explain_gap(gap: Gap, unit: str, gap_threshold: float = 0.01) -> str:
    """'skillnad K−M 9,80 dagar (2018) → 9,60 dagar (2022), 33,0 % → 36,2 % av totalen,
    +0,8 procentenheter/år → skillnaden är oförändrad'."""
    if gap.first_gap is None:
        return "värden för både kvinnor och män saknas → skillnaden kan inte bedömas"
    text = (f"skillnad K−M {format_difference(gap.first_gap, unit)} ({gap.first_year}) → "
            f"{format_difference(gap.last_gap, unit)} ({gap.last_year})")
    if gap.rate is None:
        return f"{text}; för få år → skillnaden {GAP_WORDS[gap.trend]}"
    change = format_number(gap.rate * 100, decimals_apart(gap.rate * 100, gap_threshold * 100, 1))
    sign = "+" if gap.rate >= 0 else ""
    return (f"{text}, {format_percent(gap.first_share)} → {format_percent(gap.last_share)} {GAP_BASES[gap.base]}, "
            f"{sign}{change} procentenheter/år → skillnaden {GAP_WORDS[gap.trend]}")
