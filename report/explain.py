"""One Swedish line per light and arrow that says which numbers and which rule gave it.

"CAGR 2018–2023 +0,9 %/år; målet 50 % år 2030 kräver +1,7 %/år; kvot 0,52 → gul"
"""

from __future__ import annotations

import math

from report.rules import Light, Trend
from report.texts import (
    LIGHT_WORDS,
    TREND_WORDS,
    format_number,
    format_percent,
    format_rate,
    format_value,
)

AREA_NAMES = {"0000": "riket"}


def area_name(code: str | None) -> str:
    return AREA_NAMES.get(code or "", f"område {code}")


def explain_trend(trend: Trend, direction: str, min_points: int, years: int, report_year: int) -> str:
    better = "högre är bättre" if direction == "increase" else "lägre är bättre"
    if trend.rate is None:
        if trend.points < min_points:
            return (f"{trend.points} värden i perioden {report_year - years}–{report_year}; minst "
                    f"{min_points} behövs → {TREND_WORDS['no_trend'].lower()}")
        return f"utvecklingstakten kan inte beräknas → {TREND_WORDS['no_trend'].lower()}"
    name = "CAGR" if trend.method == "cagr" else "förändring/år relativt medelvärdet"
    return (f"{name} {trend.first_year}–{trend.last_year} {format_rate(trend.rate)} ({better}) "
            f"→ {TREND_WORDS[trend.trend].lower()}")


def explain_light(light: Light, trend: Trend, unit: str, report_year: int) -> str:
    word = LIGHT_WORDS[light.light].lower()
    if light.latest_value is None:
        return f"inget värde till och med {report_year} → {word}"
    latest = f"senaste värde {format_value(light.latest_value, unit)} ({light.latest_year})"
    if light.latest_year is not None and light.latest_year < report_year:
        latest += f", äldre än {report_year}"
    if light.rule == "target":
        goal = f"målet {format_value(light.target_value, unit)} år {light.target_year}"
        if light.target_met:
            return f"{latest}; {goal} är nått → {word}"
        if light.required_rate is None:
            if light.light == "red":
                return f"{latest}; {goal} är inte nått och målåret har passerats → {word}"
            return f"{latest}; {goal}; utvecklingstakten saknas → {word}"
        ratio = ("∞" if math.isinf(light.ratio or 0) and (light.ratio or 0) > 0
                 else format_number(light.ratio, 2))
        return (f"CAGR {trend.first_year}–{trend.last_year} {format_rate(trend.rate)}; {goal} kräver "
                f"{format_rate(light.required_rate)}; kvot {ratio} → {word}")
    if light.rule == "reference":
        ref = area_name(light.reference_area)
        if light.reference_value is None:
            return f"{latest}; {ref} saknar värde för {light.latest_year} → {word}"
        diff = light.relative_difference or 0.0
        relation = "bättre" if diff > 0 else "sämre" if diff < 0 else "lika"
        return (f"{latest}; {ref} {format_value(light.reference_value, unit)}, "
                f"{format_percent(abs(diff))} {relation} → {word}")
    return f"{latest}; varken mål eller jämförelse angivet → {word}"
