"""Swedish words, symbols and sentences for everything a municipal reader sees of the report
(number and date formats are in sources/formats.py).

A light or an arrow is never carried by colour alone: each has a word and a symbol of its own
shape. Numbers use a decimal comma, a (non-breaking) space between thousands and a real minus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sources.formats import format_number
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

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from sources.program import Program

LIGHT_WORDS = {"green": "Grön", YELLOW: "Gul", RED: "Röd", NOT_ASSESSED: "Ej bedömd"}
LIGHT_SYMBOLS = {"green": "●", YELLOW: "▲", RED: "■", NOT_ASSESSED: "○"}
# Fill colours for table cells (black text on top): a blue-green, a pale yellow and an orange-brown
# that stay apart for red-green colour blindness (tested by simulating deuteranopia and protanopia).
LIGHT_FILLS = {"green": "5AB4AC", YELLOW: "F6E8A6", RED: "D8845A", NOT_ASSESSED: "E6E6E6"}
TREND_WORDS = {"improving": "Förbättras", UNCHANGED: "Oförändrad", WORSENING: "Försämras",
               NO_TREND: "Ingen trend"}
TREND_SYMBOLS = {"improving": "↑", UNCHANGED: "→", WORSENING: "↓", NO_TREND: "–"}
SEX_WORDS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

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


def annual_markdown(program: Program, period: str, summary: dict, sentence: str, report: Path, version: int,
                    feedback: Path, errors: int) -> str:
    """The run's markdown artifact: counts in words and as a table, where the report is."""
    return "\n".join([
        f"# Årsuppföljning {period}: {program.name}, {program.municipality.name}", "", sentence, "",
        "| Ljus | Antal mål |", "|---|---|", *(f"| {k} | {v} |" for k, v in summary["goals"].items()), "",
        f"Rapport: `{report}` (version {version})", f"Återkoppling per fil: `{feedback}`",
        f"Fel i inlämnade filer: {errors}",
    ])


def new_values_sentence(new: pd.DataFrame | None, with_values: int, previous: str) -> str:
    if new is None:
        return (f"Det finns ingen kvartalsstatus för {previous} att jämföra med, så nya värden visas från nästa "
                f"kvartal; {count_noun(with_values, 'nyckeltal')} har värden i statistiken.")
    return f"{count_noun(len(new), 'nyckeltal')} har nya värden sedan {previous}."


def quarterly_sentence(summary: dict) -> str:
    new = summary["indicators_with_new_values"]
    values = (f"{new} nyckeltal har nya värden sedan {summary['previous_period']}" if new is not None else
              f"ingen tidigare kvartalsstatus att jämföra med ({summary['indicators_with_values']} nyckeltal har "
              "värden)")
    return f"{summary['committees_missing']} nämnder har inte lämnat inrapportering för {summary['period']}; {values}."


def quarterly_markdown(program: Program, summary: dict, report: Path) -> str:
    return "\n".join([f"# Kvartalsstatus {summary['period']}: {program.name}", "", quarterly_sentence(summary), "",
                      *(f"- påminnelse: {r['committee']} ({r['name']})" for r in summary["reminders"]),
                      "", f"Statusdokument: `{report}`"])
