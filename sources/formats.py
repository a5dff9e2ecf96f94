"""Swedish number, unit and date formats, for every layer (the checks' messages and the report).

Numbers use a decimal comma, a non-breaking space between thousands and a real minus; years
ranges an en dash; dates are written "22 november 2026".
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]

def format_number(value: float | None, decimals: int | None = None) -> str:
    """Swedish number: 1 234,5 (non-breaking space between thousands), −0,9."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        # The published precision, without trailing zeros beside it: 8,3 beside 10,8 (not 8,30);
        # a second decimal only where a value under 10 has one (2,32 %, 0,31), a third under 1.
        magnitude = abs(value)
        if magnitude >= 1000:
            decimals = 0
        elif magnitude >= 10 or abs(round(value, 2) - round(value, 1)) < 1e-9:
            decimals = 1
        elif magnitude < 1 and abs(round(value, 3) - round(value, 2)) > 1e-9:
            decimals = 3  # a Gini coefficient of 0,306 against 0,319: two decimals would hide the gap
        else:
            decimals = 2
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", NBSP)
    negative = value < 0 and any(ch not in "0,\u00a0" for ch in text)
    return (MINUS if negative else "") + text


def decimals_apart(value: float, threshold: float | None, decimals: int, most: int = 3) -> int:
    """The decimals at which a value no longer reads as its threshold: a 5,04 % difference
    against a 5 % band is written 5,04 %, so that '5,0 % bättre → grön' beside '5,0 % bättre →
    gul' never happens. A value exactly at the threshold keeps `decimals`."""
    if threshold is None or value is None or (isinstance(value, float) and math.isnan(value)):
        return decimals
    for shown in range(decimals, most + 1):
        if f"{abs(value):.{shown}f}" != f"{abs(threshold):.{shown}f}":
            return shown
    return decimals


def side_of(value: float, threshold: float | None, decimals: int) -> str:
    """' (strax under gränsen)' where a value that is not its threshold still reads as it at
    `decimals` (0,9998 % against 1 %): the verdict beside it is then never a contradiction."""
    if threshold is None or abs(value) == abs(threshold):
        return ""
    if f"{abs(value):.{decimals}f}" != f"{abs(threshold):.{decimals}f}":
        return ""
    return " (strax under gränsen)" if abs(value) < abs(threshold) else " (strax över gränsen)"


def format_rate(rate: float | None, threshold: float | None = None) -> str:
    """An annual rate as '+0,9 %/år' (always signed, one decimal; more where one decimal would
    read as the arrow's `threshold`, a rate too)."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "–"
    percent = rate * 100
    decimals = decimals_apart(percent, None if threshold is None else threshold * 100, 1)
    tiny = 0.5 * 10 ** -decimals
    sign = "+" if percent >= tiny else (MINUS if percent <= -tiny else "±")
    side = side_of(percent, None if threshold is None else threshold * 100, decimals)
    return f"{sign}{format_number(abs(percent), decimals)}{NBSP}%/år{side}"


PERCENT_UNITS = {"procent", "%", "percent", "andel (%)"}


def unit_text(unit: str, axis: bool = False) -> str:
    """A unit as a Swedish reader writes it after a number: 'antal/100 000 inv' -> 'per 100 000
    invånare', 'kr/inv' -> 'kr per invånare', 'antal/1000 inv' -> 'per 1 000 invånare'; as an
    axis label (`axis`) the count stays: 'antal per 100 000 invånare'."""
    text = (unit or "").strip()
    if not text:
        return ""
    text = re.sub(r"(?<![\d,.])(\d{1,3})(\d{3})(?![\d,.])", rf"\1{NBSP}\2", text)
    text = re.sub(r"(\d) (\d{3})", rf"\1{NBSP}\2", text)
    if not axis:
        text = re.sub(r"^antal\s*/\s*", "per ", text)
    text = re.sub(r"\s*/\s*", " per ", text)
    return re.sub(r"\binv\b\.?", "invånare", text)


def unit_of_change(unit: str) -> str:
    """The unit of a difference or a change: percentages change by percentage points."""
    return "procentenheter" if unit.strip().lower() in PERCENT_UNITS else unit_text(unit)


def format_unit_rate(rate: float | None, unit: str, threshold: float | None = None) -> str:
    """A change per year in the unit: '+0,86 procentenheter/år', '−0,6 dagar/år' (with more
    decimals where the default would read as the arrow's `threshold`)."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "–"
    sign = "+" if rate > 0 else (MINUS if rate < 0 else "±")
    default = default_decimals(rate)
    decimals = decimals_apart(rate, threshold, default, most=default + 2)
    shown = format_number(abs(rate), decimals)
    side = side_of(rate, threshold, decimals)
    return f"{sign}{shown} {unit_of_change(unit) or 'enheter'}/år{side}".replace("  ", " ")


def format_percent_apart(share: float | None, threshold: float | None) -> str:
    """A share as a percentage with as many decimals as it takes not to read as `threshold`."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    limit = None if threshold is None else threshold * 100
    decimals = decimals_apart(share * 100, limit, 1)
    return format_percent(share, decimals) + side_of(share * 100, limit, decimals)


def format_percent(share: float | None, decimals: int = 1) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{format_number(share * 100, decimals)}{NBSP}%"


def default_decimals(value: float) -> int:
    """The decimals `format_number` gives a value by default."""
    text = format_number(value)
    return len(text.split(",")[1]) if "," in text else 0


def shared_decimals(values: list[float | None]) -> int | None:
    """One number of decimals for values shown side by side (a total and its women's and men's
    values): 1,84 %, 1,78 % and 1,90 %, not 1,9 %."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return max((default_decimals(v) for v in present), default=None)


def format_value(value: float | None, unit: str, decimals: int | None = None) -> str:
    """A value with its unit: '50 %' for percentages, '22 dagar' otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit.strip().lower() in PERCENT_UNITS:
        return f"{format_number(value, decimals)}{NBSP}%"
    return f"{format_number(value, decimals)} {unit_text(unit)}".strip()


def format_date(day: dt.date) -> str:
    """'22 november 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)-((?:19|20)\d\d)\b(?!\.\w)")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1


def printable(text: object) -> str:
    """Text without control characters: neither a Word document nor an HTML page may hold them."""
    return "" if text is None else CONTROL_CHARACTERS.sub("", str(text))


def dash_ranges(text: str) -> str:
    """Year ranges with an en dash, as Swedish typography writes them: 2021–2022. File names
    ('inrapportering_ks_2021-2022.xlsx') are left as they are."""
    return _YEAR_RANGE.sub("\\1–\\2", text)


def is_blank(value: object) -> bool:
    """An empty cell of a frame: None, NaN or pd.NA (text, even empty text, is not blank)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
