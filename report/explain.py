"""One Swedish line per light and arrow that says which numbers and which rule gave it.

"CAGR 2018–2023 +0,9 %/år; målet 50 % år 2030 kräver +1,7 %/år; kvot 0,52 → gul"
"""

from __future__ import annotations

import math

from report.rules import Gap, Light, Trend
from report.texts import (
    LIGHT_WORDS,
    TREND_WORDS,
    count_noun,
    format_number,
    format_percent,
    format_rate,
    format_value,
)

AREA_NAMES = {"0000": "riket"}
METHOD_NAMES = {
    "cagr": "CAGR",
    "relative_change": "förändring/år relativt medelvärdet",
    "least_squares": "minsta kvadrat-trend",
    "relative_slope": "minsta kvadrat-lutning relativt medelvärdet",
}
GAP_WORDS = {"narrowing": "minskar", "unchanged": "är oförändrad", "widening": "ökar",
             "no_trend": "kan inte bedömas"}


def area_name(code: str | None) -> str:
    return AREA_NAMES.get(code or "", f"område {code}")


def explain_trend(trend: Trend, direction: str, min_points: int, years: int, report_year: int) -> str:
    better = "högre är bättre" if direction == "increase" else "lägre är bättre"
    if trend.rate is None:
        if trend.points < min_points:
            return (f"{trend.points} värden i perioden {report_year - years}–{report_year}; minst "
                    f"{min_points} behövs → {TREND_WORDS['no_trend'].lower()}")
        return f"utvecklingstakten kan inte beräknas → {TREND_WORDS['no_trend'].lower()}"
    name = METHOD_NAMES[trend.method]
    if trend.basis == "shortfall":
        better = "andelen som saknas till 100 %, lägre är bättre" if direction == "increase" else \
            "andelen som saknas till 100 %, högre är bättre"
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
        name = METHOD_NAMES[trend.method]
        if trend.basis == "shortfall":
            return (f"{latest}; andelen som saknas till 100 %: {name} {trend.first_year}–{trend.last_year} "
                    f"{format_rate(trend.rate)}; {goal} kräver {format_rate(light.required_rate)}; "
                    f"kvot {ratio} → {word}")
        return (f"{name} {trend.first_year}–{trend.last_year} {format_rate(trend.rate)}; {goal} kräver "
                f"{format_rate(light.required_rate)}; kvot {ratio} → {word}")
    if light.rule == "reference":
        ref = area_name(light.reference_area)
        if light.reference_value is None:
            return f"{latest}; {ref} saknar värde för {light.latest_year} → {word}"
        diff = light.relative_difference or 0.0
        relation = "bättre" if diff > 0 else "sämre" if diff < 0 else "lika"
        return (f"{latest}; {ref} {format_value(light.reference_value, unit)}, "
                f"{format_percent(abs(diff))} {relation} → {word}")
    if light.rule == "kolada":
        if light.better_areas is None:
            return (f"{latest}; bara {count_noun(light.areas or 0, 'område')} i jämförelsegruppen har värde "
                    f"{light.latest_year}, minst {light.areas_needed} behövs → {word}")
        place = light.better_areas + 1
        return (f"{latest}; plats {place} av {light.areas} i jämförelsegruppen ({light.better_areas} "
                f"bättre, {light.worse_areas} sämre; bästa fjärdedelen grön, sämsta röd) → {word}")
    return f"{latest}; varken mål eller jämförelse angivet → {word}"


def difference_unit(unit: str) -> str:
    """The unit of a difference between two values: percentages differ by percentage points."""
    return "procentenheter" if unit.strip().lower() in {"procent", "%", "percent"} else unit.strip()


def format_difference(value: float, unit: str) -> str:
    return f"{format_number(value)} {difference_unit(unit)}".strip()


def explain_gap(gap: Gap, unit: str) -> str:
    """'skillnad K−M 9,80 dagar (2018) → 9,60 dagar (2022), 33,0 % → 36,2 % av totalen,
    +0,8 procentenheter/år → skillnaden är oförändrad'."""
    if gap.first_gap is None:
        return "värden för både kvinnor och män saknas → skillnaden kan inte bedömas"
    text = (f"skillnad K−M {format_difference(gap.first_gap, unit)} ({gap.first_year}) → "
            f"{format_difference(gap.last_gap, unit)} ({gap.last_year})")
    if gap.rate is None:
        return f"{text}; för få år → skillnaden {GAP_WORDS[gap.trend]}"
    change = format_number(gap.rate * 100, 1)
    sign = "+" if gap.rate >= 0 else ""
    return (f"{text}, {format_percent(gap.first_share)} → {format_percent(gap.last_share)} av totalen, "
            f"{sign}{change} procentenheter/år → skillnaden {GAP_WORDS[gap.trend]}")
