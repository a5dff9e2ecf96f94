"""Swedish words, symbols and number formats for everything a municipal reader sees.

A light or an arrow is never carried by colour alone: each has a word and a symbol of its own
shape. Numbers use a decimal comma, a (non-breaking) space between thousands and a real minus.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from sources.vocabulary import (
    GREEN,
    IMPROVING,
    NO_TREND,
    NOT_ASSESSED,
    NOT_STARTED,
    ONGOING,
    RED,
    UNCHANGED,
    WORSENING,
    YELLOW,
)

NBSP = "\u00a0"
MINUS = "\u2212"

LIGHT_WORDS = {"green": "Grön", YELLOW: "Gul", RED: "Röd", NOT_ASSESSED: "Ej bedömd"}
LIGHT_SYMBOLS = {"green": "●", YELLOW: "▲", RED: "■", NOT_ASSESSED: "○"}
# Fill colours for table cells (black text on top): a blue-green, a pale yellow and an orange-brown
# that stay apart for red-green colour blindness (tested by simulating deuteranopia and protanopia).
LIGHT_FILLS = {"green": "5AB4AC", YELLOW: "F6E8A6", RED: "D8845A", NOT_ASSESSED: "E6E6E6"}
TREND_WORDS = {"improving": "Förbättras", UNCHANGED: "Oförändrad", WORSENING: "Försämras",
               NO_TREND: "Ingen trend"}
TREND_SYMBOLS = {"improving": "↑", UNCHANGED: "→", WORSENING: "↓", NO_TREND: "–"}
SEX_WORDS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]

# Counted nouns: (one, many, the many): "1 mål", "24 mål", "21 av de 24 målen".
NOUNS = {
    "mål": ("mål", "mål", "målen"),
    "nyckeltal": ("nyckeltal", "nyckeltal", "nyckeltalen"),
    "fil": ("fil", "filer", "filerna"),
    "rad": ("rad", "rader", "raderna"),
    "nämnd": ("nämnd", "nämnder", "nämnderna"),
    "aktivitet": ("aktivitet", "aktiviteter", "aktiviteterna"),
    "område": ("område", "områden", "områdena"),
    "målområde": ("målområde", "målområden", "målområdena"),
    "stadsdel": ("stadsdel", "stadsdelar", "stadsdelarna"),
    "program": ("program", "program", "programmen"),
    "värde": ("värde", "värden", "värdena"),
    "post": ("post", "poster", "posterna"),
    "bedömning": ("bedömning", "bedömningar", "bedömningarna"),
}
# An activity's status counted: "1 genomförd", "3 genomförda", "2 pågående", "2 ej påbörjade".
STATUS_COUNTED = {"done": ("genomförd", "genomförda"), ONGOING: ("pågående", "pågående"),
                  NOT_STARTED: ("ej påbörjad", "ej påbörjade")}
# What the files tables count: a wide PX-Web line of five years is five values, so "rows" would
# not be what a statistician counts.
RECORD_NOTE = "En post är ett värde i en statistikfil eller en rad i en inrapportering."
# Adjectives agree with the noun: "1 mål ... rött", "7 mål ... röda" (mål is neuter).
LIGHT_ADJECTIVES_NEUTER = {"green": ("grönt", "gröna"), YELLOW: ("gult", "gula"),
                           RED: ("rött", "röda"), NOT_ASSESSED: ("ej bedömt", "ej bedömda")}


def light_label(light: str) -> str:
    return f"{LIGHT_SYMBOLS[light]} {LIGHT_WORDS[light]}"


def trend_label(trend: str) -> str:
    return f"{TREND_SYMBOLS[trend]} {TREND_WORDS[trend]}"


def count_noun(count: int, noun: str, definite: bool = False) -> str:
    """'1 fil', '12 filer'; definite: 'de 24 målen' (after 'av': '21 av de 24 målen')."""
    one, many, the_many = NOUNS[noun]
    if definite and count != 1:
        return f"de {format_number(count, 0)} {the_many}"
    return f"{format_number(count, 0)} {one if count == 1 else many}"


def count_status(count: int, status: str) -> str:
    one, many = STATUS_COUNTED[status]
    return f"{format_number(count, 0)} {one if count == 1 else many}"


def count_adjective(count: int, light: str) -> str:
    """'1 grönt', '3 gula' (a light counted in goals; mål is neuter)."""
    one, many = LIGHT_ADJECTIVES_NEUTER[light]
    return f"{format_number(count, 0)} {one if count == 1 else many}"


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


def dash_ranges(text: str) -> str:
    """Year ranges with an en dash, as Swedish typography writes them: 2021–2022. File names
    ('inrapportering_ks_2021-2022.xlsx') are left as they are."""
    return _YEAR_RANGE.sub("\\1–\\2", text)


def join_words(parts: list[str]) -> str:
    """'a', 'a och b', 'a, b och c'."""
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def counts_sentence(counts: dict[str, int], total: int, noun: str = "mål") -> str:
    """'Av 24 mål bedöms 7 som röda, 16 som gula och 1 som grönt.'"""
    parts = []
    for light in (RED, YELLOW, GREEN, NOT_ASSESSED):
        n = counts.get(light, 0)
        if n == 0:
            continue
        one, many = LIGHT_ADJECTIVES_NEUTER[light]
        word = one if n == 1 else many
        parts.append(f"{n} som {word}" if light != NOT_ASSESSED else f"{n} är {word}")
    if not parts:
        return f"Inget av de {count_noun(total, noun)} har bedömts."
    only = [light for light in (RED, YELLOW, GREEN) if counts.get(light, 0) == total]
    if only and total > 1:
        return f"Alla {count_noun(total, noun, definite=True)[3:]} bedöms som {LIGHT_ADJECTIVES_NEUTER[only[0]][1]}."
    first = [p for p in parts if " som " in p]
    rest = [p for p in parts if " som " not in p]
    sentence = f"Av {count_noun(total, noun)} bedöms {join_words(first)}" if first else f"Av {count_noun(total, noun)}"
    if rest:
        sentence += ("; " if first else " ") + join_words(rest)
    return sentence + "."


def trends_sentence(counts: dict[str, int]) -> str:
    """'Vidare bedöms 5 mål ha en positiv utveckling, 17 en oförändrad och 2 en negativ.'"""
    phrases = [(IMPROVING, "en positiv"), (UNCHANGED, "en oförändrad"),
               (WORSENING, "en negativ")]
    parts = [(counts.get(key, 0), phrase) for key, phrase in phrases if counts.get(key, 0)]
    sentence = ""
    if parts:
        first_n, first_phrase = parts[0]
        head = f"{count_noun(first_n, 'mål')} ha {first_phrase} utveckling"
        tail = [f"{n} {phrase}" for n, phrase in parts[1:]]
        sentence = f"Vidare bedöms {join_words([head] + tail)}."
    missing = counts.get(NO_TREND, 0)
    if missing:
        sentence += (" " if sentence else "") + (
            f"För {count_noun(missing, 'mål')} går utvecklingen inte att bedöma.")
    return sentence
