"""Priority districts compared with the whole municipality (Eskilstuna's plan for trygghet).

For each indicator marked `by_district`, every district gets the reference rule with the
municipality as its reference (better than the municipality by more than the band: green;
within it: yellow; worse: red) and its own arrow, rated by the program's method.
"""

from __future__ import annotations

import pandas as pd

from report.method.explain import explain_light
from report.method.rules import compute_band_trend, compute_trend, latest, light_from_band, light_from_reference
from report.texts import LIGHT_WORDS, TREND_WORDS
from sources.formats import format_number, format_percent, format_value, unit_of_change
from sources.program import Program
from sources.vocabulary import GREEN, IMPROVING, NO_TREND, NOT_ASSESSED, RED, UNCHANGED, WORSENING, YELLOW

EMPTY_SERIES = pd.Series(dtype=float)
DISTRICT_COLUMNS = ["indicator", "name", "unit", "direction", "district", "district_name", "light", "trend",
                    "latest_year", "latest_value", "municipality_value", "relative_difference", "absolute_difference",
                    "rate",
                    "first_year", "last_year", "explanation"]
WHOLE = "Hela kommunen"


def _explanation(district: str, municipality: str, unit: str, light, trend) -> str:
    if light.latest_value is None:
        return f"{district}: inget värde → {LIGHT_WORDS[light.light].lower()}"
    text = f"{district} {format_value(light.latest_value, unit)} ({light.latest_year})"
    if light.rule == "band":
        return f"{district}: {explain_light(light, trend, unit, light.latest_year or 0)}"
    if light.reference_value is None:
        return f"{text}; {municipality} saknar värde för {light.latest_year} → {LIGHT_WORDS[light.light].lower()}"
    if light.absolute_difference is not None:  # the municipality's value is 0: the difference in the unit
        diff = light.absolute_difference
        size = f"{format_number(abs(diff))} {unit_of_change(unit)}".strip()
    else:
        diff = light.relative_difference or 0.0
        size = format_percent(abs(diff))
    relation = f"{size} bättre än kommunen" if diff > 0 else f"{size} sämre än kommunen" if diff < 0 \
        else "lika med kommunen"
    return (f"{text}; {municipality} {format_value(light.reference_value, unit)}, "
            f"{relation} → {LIGHT_WORDS[light.light].lower()}; utvecklingen "
            f"{TREND_WORDS[trend.trend].lower()}")


def _rate(own: pd.Series, whole: pd.Series, indicator, settings, year: int, code: str):
    """The district's trend and light: against the municipality, or the band where the indicator has one."""
    if indicator.band is not None:
        trend = compute_band_trend(own, year, settings, indicator.band)
        return trend, light_from_band(own, year, trend, indicator.band, settings)
    trend = compute_trend(own, year, settings, indicator.direction)
    return trend, light_from_reference(own, whole, year, code, indicator.direction, settings)


def assess_districts(program: Program, series: dict[tuple[str, str, str], pd.Series], year: int) -> pd.DataFrame:
    """One row per district indicator and area: first the whole municipality, then each district."""
    code = program.municipality.code
    rows = []
    for indicator in program.indicators().values():
        if not indicator.by_district:
            continue
        settings = program.settings_for(indicator)
        whole = series.get((indicator.id, code, "T"), EMPTY_SERIES)
        base = {"indicator": indicator.id, "name": indicator.name, "unit": indicator.unit,
                "direction": indicator.direction}
        whole_trend = (compute_band_trend(whole, year, settings, indicator.band) if indicator.band is not None
                       else compute_trend(whole, year, settings, indicator.direction))
        whole_year, whole_value = latest(whole, year)
        rows.append({**base, "district": code, "district_name": WHOLE, "light": None,
                     "trend": whole_trend.trend, "latest_year": whole_year, "latest_value": whole_value,
                     "municipality_value": whole_value, "relative_difference": None, "rate": whole_trend.rate,
                     "first_year": whole_trend.first_year, "last_year": whole_trend.last_year,
                     "explanation": f"{WHOLE}: {TREND_WORDS[whole_trend.trend].lower()}"})
        for district in program.districts:
            own = series.get((indicator.id, district.code, "T"), EMPTY_SERIES)
            trend, light = _rate(own, whole, indicator, settings, year, code)
            rows.append({**base, "district": district.code, "district_name": district.name, "light": light.light,
                         "trend": trend.trend, "latest_year": light.latest_year,
                         "latest_value": light.latest_value, "municipality_value": light.reference_value,
                         "relative_difference": light.relative_difference,
                         "absolute_difference": light.absolute_difference, "rate": trend.rate,
                         "first_year": trend.first_year, "last_year": trend.last_year,
                         "explanation": _explanation(district.name, program.municipality.name, indicator.unit,
                                                     light, trend)})
    return pd.DataFrame(rows, columns=DISTRICT_COLUMNS)


def district_summary(program: Program, districts: pd.DataFrame) -> dict:
    """Per district: how many of its indicators are better than, near or worse than the municipality."""
    summary = {}
    for district in program.districts:
        own = districts[districts["district"] == district.code]
        counts = own["light"].value_counts()
        trends = own["trend"].value_counts()
        summary[district.code] = {
            "name": district.name, "indicators": len(own),
            "better": int(counts.get(GREEN, 0)), "near": int(counts.get(YELLOW, 0)),
            "worse": int(counts.get(RED, 0)), NOT_ASSESSED: int(counts.get(NOT_ASSESSED, 0)),
            "trends": {key: int(trends.get(key, 0)) for key in (IMPROVING, UNCHANGED, WORSENING, NO_TREND)},
        }
    return summary
