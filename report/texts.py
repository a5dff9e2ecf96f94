"""Swedish words, symbols and sentences for everything a municipal reader sees of the report
(number and date formats are in sources/formats.py).

A light or an arrow is never carried by colour alone: each has a word and a symbol of its own
shape. Numbers use a decimal comma, a (non-breaking) space between thousands and a real minus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sources.formats import format_number
from sources.vocabulary import (
    AWAY,
    DELAYED,
    DONE,
    DROPPED,
    GREEN,
    IMPROVING,
    NARROWING,
    NO_BEFORE,
    NO_NEWER,
    NO_STATUS,
    NO_TREND,
    NOT_ASSESSED,
    NOT_REPORTED,
    NOT_STARTED,
    ONGOING,
    RED,
    SAME,
    TOWARDS,
    UNCHANGED,
    WIDENING,
    WORSENING,
    YELLOW,
)

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from sources.program import Program

LIGHT_WORDS = {GREEN: "Grön", YELLOW: "Gul", RED: "Röd", NOT_ASSESSED: "Ej bedömd"}
LIGHT_SYMBOLS = {GREEN: "●", YELLOW: "▲", RED: "■", NOT_ASSESSED: "○"}
# Fill colours for table cells (black text on top): a blue-green, a pale yellow and an orange-brown
# that stay apart for red-green colour blindness (tested by simulating deuteranopia and protanopia).
LIGHT_FILLS = {GREEN: "5AB4AC", YELLOW: "F6E8A6", RED: "D8845A", NOT_ASSESSED: "E6E6E6"}
TREND_WORDS = {IMPROVING: "Förbättras", UNCHANGED: "Oförändrad", WORSENING: "Försämras",
               NO_TREND: "Ingen trend"}
TREND_SYMBOLS = {IMPROVING: "↑", UNCHANGED: "→", WORSENING: "↓", NO_TREND: "–"}
SEX_WORDS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

# Counted nouns: (one, many, the many): "1 mål", "24 mål", "21 av de 24 målen".
NOUNS = {
    "mål": ("mål", "mål", "målen"),
    "nyckeltal": ("nyckeltal", "nyckeltal", "nyckeltalen"),
    "fil": ("fil", "filer", "filerna"),
    "rad": ("rad", "rader", "raderna"),
    "nämnd": ("nämnd", "nämnder", "nämnderna"),
    "aktivitet": ("aktivitet", "aktiviteter", "aktiviteterna"),
    "åtgärd": ("åtgärd", "åtgärder", "åtgärderna"),
    "område": ("område", "områden", "områdena"),
    "målområde": ("målområde", "målområden", "målområdena"),
    "stadsdel": ("stadsdel", "stadsdelar", "stadsdelarna"),
    "program": ("program", "program", "programmen"),
    "värde": ("värde", "värden", "värdena"),
    "post": ("post", "poster", "posterna"),
    "bedömning": ("bedömning", "bedömningar", "bedömningarna"),
}
# An activity's status counted: "1 genomförd", "3 genomförda", "2 pågående", "2 ej påbörjade".
STATUS_COUNTED = {DONE: ("genomförd", "genomförda"), ONGOING: ("pågående", "pågående"),
                  DELAYED: ("försenad", "försenade"), NOT_STARTED: ("ej påbörjad", "ej påbörjade"),
                  DROPPED: ("avbruten", "avbrutna"), NOT_REPORTED: ("ej återrapporterad", "ej återrapporterade"),
                  NO_STATUS: ("utan status", "utan status")}
# What the files tables count: a wide PX-Web line of five years is five values, so "rows" would
# not be what a statistician counts.
RECORD_NOTE = "En post är ett värde i en statistikfil eller en rad i en inrapportering."
# Adjectives agree with the noun: "1 mål ... rött", "7 mål ... röda" (mål is neuter).
LIGHT_ADJECTIVES_NEUTER = {GREEN: ("grönt", "gröna"), YELLOW: ("gult", "gula"),
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


# --- The report's own wording, shared by its sections: the example notice, activity
# statuses, what the lights and arrows mean, the gap labels and the method annex's names, hard
# cases and settings; and the sentences built from plain values.
EXAMPLE_TITLE = "Exempeldata"
INVENTED_TARGET = "Målvärdet är påhittat för exemplet; programmet anger inget sådant värde."
EXAMPLE_NOTE = ("Rapporten bygger på påhittade exempeldata: nyckeltalens id och namn är Koladas och programmets "
                "mål är kommunens, men värdena, nämndernas bedömningar och de målvärden som är märkta "
                "påhittade är uppdiktade för att visa verktyget. Siffrorna beskriver inte kommunen.")
STATUS_WORDS = {DONE: "Genomförd", ONGOING: "Pågår", DELAYED: "Försenad", NOT_STARTED: "Ej påbörjad",
                DROPPED: "Avbruten"}
# "Så läser du rapporten": what each light and each arrow means.
LIGHT_MEANINGS = {
    GREEN: "Målet är nått eller utvecklingen går i den takt som krävs.",
    YELLOW: "Utvecklingen går åt rätt håll men för långsamt, eller läget är nära jämförelsen.",
    RED: "Utvecklingen går åt fel håll, eller läget är klart sämre än jämförelsen.",
    NOT_ASSESSED: "Det saknas mål, jämförelse eller data för en bedömning.",
}
TREND_MEANINGS = {
    IMPROVING: "Utvecklingen går i önskad riktning med minst 1 % per år.",
    UNCHANGED: "Förändringen är mindre än 1 % per år åt något håll.",
    WORSENING: "Utvecklingen går åt fel håll med minst 1 % per år.",
    NO_TREND: "För få värden (minst tre behövs) för att bedöma utvecklingen.",
}


def activity_cells(activity) -> list[str]:
    """An activity's status and cost as the reports' tables show them ('Pågår', '1 400'; '–' for none)."""
    status = activity.activity_status
    return [STATUS_WORDS.get(status, status or "–"), format_number(activity.cost_tkr, 0)]  # NaN, None: "–"


FOLLOW_UP_WORDS = {**STATUS_WORDS, NO_STATUS: "Ingen status angiven", NOT_REPORTED: "Ej återrapporterad"}
MOVEMENT_WORDS = {TOWARDS: "I önskad riktning", AWAY: "Åt fel håll", SAME: "Oförändrad",
                  NO_NEWER: "Inget nytt värde sedan start", NO_BEFORE: "Inget värde före start"}


def follow_up_sentence(summary: dict, period: str) -> str:
    """How last period's planned actions stand now (summary.json's actions.follow_up)."""
    before, total = summary["previous_period"], summary["followed_up"]
    if not total:
        return f"Inga åtgärder var planerade {before} (pågående, försenade eller ej påbörjade), så inget följs upp."
    counts = summary["status_now"]
    parts = [count_status(counts[status], status) for status in FOLLOW_UP_WORDS if counts.get(status)]
    planned = "var planerad" if total == 1 else "var planerade"
    return (f"{count_noun(total, 'åtgärd')} {planned} {before} (pågående, försenade eller ej påbörjade). I "
            f"rapporteringen för {period} är {join_words(parts)}.")


GAP_PHRASES = {NARROWING: "skillnaden minskar", UNCHANGED: "skillnaden är oförändrad", WIDENING: "skillnaden ökar",
               NO_TREND: "för få år för att säga om skillnaden ändras"}
GAP_LABELS = {NARROWING: "↓ Minskar", UNCHANGED: "→ Oförändrad", WIDENING: "⚠ Ökar", NO_TREND: "– Ingen trend"}
# The method annex (bilaga 1): rules, aggregations, trend methods, hard cases and per-indicator settings.
RULE_NAMES = {"auto": "automatiskt (mål, annars jämförelse, annars Koladaregeln, annars ingen)",
              "target": "målvärde", "reference": "jämförelse med annat område", "kolada": "Koladaregeln",
              "none": "ingen beräknad bedömning"}
AGGREGATION_NAMES = {"mean": "medelvärde", "worst": "sämsta nyckeltalet",
                     "worst_two": "de två sämsta nyckeltalen (SDSN)", "majority": "majoritet"}
METHOD_WORDS = {"cagr": "årlig förändringstakt mellan periodens första och sista värde (CAGR)",
                "least_squares": "minsta kvadrat-trend över periodens alla värden"}
HARD_CASES = [
    "Färre än {min_points} värden i perioden: ingen trend. Ett målvärde som redan är nått ger ändå grönt; "
    "annars blir ljuset ej bedömt, eftersom takten saknas.",
    "Luckor i en serie fylls inte i: takten räknas över de år som faktiskt ligger mellan första och "
    "sista värdet (minsta kvadrat-trenden använder de verkliga åren).",
    "Saknas värde för rapportåret används det senaste tidigare värdet, och året anges i tabeller och "
    "förklaringar.",
    "CAGR kräver en serie över noll. Når eller passerar serien noll, eller är målet noll (en nollvision), "
    "mäts förändringen per år i nyckeltalets enhet i stället, och tröskeln för pilen är {threshold} % av "
    "periodens medelnivå; förklaringen anger det. Den takt som krävs för att nå ett mål räknas då också "
    "i enheten.",
    "Är jämförelsevärdet 0 (som nettokostnadsavvikelsen för riket) kan ingen procentuell skillnad räknas; "
    "skillnaden mäts i enheten, med marginalen {absolute} i enheten.",
    "Gränsvärden jämförs med den noggrannhet värdena publiceras med: ett värde som är exakt på en gräns "
    "(8,4 mot 8,0 och 9,5 mot 10,0 är båda exakt 5,0\u00a0% bättre) räknas som på gränsen. Ligger ett värde "
    "nära en gräns skrivs det med så många decimaler att det syns på vilken sida det ligger (5,04\u00a0%).",
    "Ett mål som är nått ger grönt så länge värdet håller målnivån; pilen visar ändå utvecklingen. "
    "Passeras målåret utan att målet nåtts blir ljuset rött.",
    "Kvinnor och män bedöms var för sig där värden finns, och jämförs med kvinnor respektive män i "
    "jämförelseområdet. Saknas värden för ett kön blir det könets ljus ej bedömt; målets ljus bygger "
    "på totalen.",
    "Andelar som programmet ger en övre gräns (t.ex. 100\u00a0%) och som ligger nära gränsen (alla värden i "
    "perioden inom {near} enheter): takten räknas på det som saknas till gränsen, eftersom en liten ökning "
    "där halverar det som återstår. Nyckeltal utan gräns (en självfinansieringsgrad på 131\u00a0%, en "
    "avvikelse under noll) bedöms på sina värden, och inga värden avvisas för att de ligger utanför 0–100.",
    "Kvartalsvärden: i årsrapporten används årsvärden; ett år med bara kvartalsvärden får medelvärdet "
    "av årets fyra kvartal, och saknas något kvartal saknas året.",
    "Ett nyckeltal som hör till flera mål bedöms en gång och räknas med i varje måls bedömning; i "
    "sammanställningen av nyckeltal räknas det en gång.",
    "Koladaregeln kräver minst {kolada} områden med värde samma år; annars är ljuset ej bedömt.",
]
OVERRIDE_LABELS = {
    "trend_years": "trendperiod (år)", "trend_threshold": "tröskel för trend", "trend_method": "trendmetod",
    "min_points": "minsta antal värden", "light_rule": "regel för ljuset", "on_track_ratio": "kvot för grönt",
    "reference_band": "marginal mot jämförelse", "kolada_min_areas": "minsta jämförelsegrupp",
    "percent_near_bound": "gräns för nära den övre gränsen (enheter)",
    "trend_unit": "trend", "points_threshold": "tröskel för trend i enheten per år",
    "reference_band_absolute": "marginal i enheten mot ett jämförelsevärde på 0", "prices": "priser",
    "peer_group": "jämförelsegrupp för Koladaregeln",
}
SETTING_VALUES = {"relative": "relativ (CAGR)", "points": "i enheten per år (procentenheter)",
                  "nominal": "löpande priser", "fixed": "fasta priser", "list": "programmets lista",
                  "all": "alla kommuner", "kommungrupp": "kommungruppen"}


def differing_sentence(differing: pd.DataFrame) -> str:
    """'För 4 mål skiljer sig nämndens bedömning från den beräknade: för 1 ljuset, för 3 bara pilen.'"""
    lights = int(differing["light_differs"].sum())
    arrows = len(differing) - lights
    detail = []
    if lights:
        detail.append(f"för {lights} ljuset")
    if arrows:
        detail.append(f"för {arrows} bara pilen")
    return (f"För {count_noun(len(differing), 'mål')} skiljer sig nämndens bedömning från den beräknade: "
            + join_words(detail) + ".")


def change_sentence(changes: dict | None, refer: bool = True) -> str:
    """What changed since the previous follow-up; refer: point to the analysis, else say what it is based on."""
    if changes is None:
        return ("Det finns ingen tidigare uppföljning av programmet att jämföra med, och statistiken räcker "
                "inte till att räkna om föregående period.")
    if changes["goals_changed"] == 0:
        text = f"Jämfört med {changes['previous_period']} har inget mål fått ändrat ljus eller ändrad pil."
    else:
        text = (f"Jämfört med {changes['previous_period']} har {count_noun(changes['light_changed'], 'mål')} "
                f"fått ett annat ljus och {count_noun(changes['trend_changed'], 'mål')} en annan pil"
                + ("; se avsnittet Analys." if refer else "."))
    return text if refer else f"{text} {basis_sentence(changes)}"


def basis_sentence(changes: dict) -> str:
    """What the previous period's lights are: an earlier run's, or recomputed from these files."""
    if changes.get("basis") == "recomputed":
        return (f"Ingen tidigare uppföljning finns sparad för {changes['previous_period']}, så den perioden har "
                "räknats om "
                "ur samma filer: statistiken till och med det året och nämndernas bedömningar för "
                f"{changes['previous_period']} där de finns (annars den beräknade bedömningen). Värden som har "
                "reviderats sedan dess räknas med sina nya värden.")
    return f"Jämförelsen gäller bedömningen i den tidigare rapporten för {changes['previous_period']}."


def gap_sentence(gaps: dict[str, int] | None) -> str:
    """How the gaps between women and men move, counted over the indicators split by sex."""
    gaps = gaps or {}
    total = sum(gaps.values())
    if not total:
        return ""
    # (as the first clause, after it): "ökar skillnaden mellan könen för 3", "minskar för 2".
    forms = {"widening": ("ökar skillnaden mellan könen", "ökar"),
             NARROWING: ("minskar skillnaden mellan könen", "minskar"),
             UNCHANGED: ("är skillnaden mellan könen oförändrad", "är oförändrad"),
             NO_TREND: ("kan skillnaden mellan könen inte bedömas", "kan inte bedömas")}
    present = [key for key in forms if gaps.get(key, 0)]
    if len(present) == 1 and total > 1:
        return (f"För alla {count_noun(total, 'nyckeltal')} som redovisas för kvinnor och män "
                f"{forms[present[0]][0]}.")
    clauses = [f"{forms[key][0 if index == 0 else 1]} för {gaps[key]}" for index, key in enumerate(present)]
    return f"Av {count_noun(total, 'nyckeltal')} som redovisas för kvinnor och män {join_words(clauses)}."


def override_text(key: str, value: object) -> str:
    """'trendmetod: minsta kvadrat-trend': one of an indicator's own settings, in words."""
    words = {**METHOD_WORDS, **RULE_NAMES, **SETTING_VALUES, "least_squares": "minsta kvadrat-trend", "cagr": "CAGR"}
    shown = words.get(value, value) if isinstance(value, str) else (
        format_number(value, 2) if isinstance(value, float) else value)
    return f"{OVERRIDE_LABELS.get(key, key)}: {shown}"


# The table of contents field's result until it is filled or updated.
TOC_PLACEHOLDER = ("Innehållsförteckningen uppdateras när dokumentet öppnas (i Word: högerklicka och "
                   "välj Uppdatera fält).")


def _goal_list(goal_ids: list[str], goals: pd.DataFrame) -> str:
    titles = dict(zip(goals["goal_id"].astype(str), goals["title"], strict=False))
    return "; ".join(f"{goal} {titles.get(goal, '')}".strip() for goal in goal_ids)


def attention_sentence(actions: dict, goals: pd.DataFrame) -> str:
    """What the board must decide on: how many goals are red or worsening, and which of them have
    no planned action (summary.json's `actions`)."""
    needing, without = actions["goals_needing_attention"], actions["without_action"]
    total = len(goals)
    if not needing:
        return f"Inget av {count_noun(total, 'mål', definite=True)} är rött eller försämras."
    adjective = "rött" if len(needing) == 1 else "röda"  # "1 av de 24 målen är rött", "9 ... är röda"
    head = f"{len(needing)} av {count_noun(total, 'mål', definite=True)} är {adjective} eller försämras."
    if not without:
        every = "Det har" if len(needing) == 1 else "Alla har"
        return f"{head} {every} minst en planerad åtgärd (pågående, försenad eller ej påbörjad)."
    return (f"{head} För {len(without)} av dem finns ingen planerad åtgärd (pågående, försenad eller ej påbörjad): "
            f"{_goal_list(without, goals)}.")


def measurability_sentence(measurability: dict, table: pd.DataFrame, year: int) -> str:
    """How many goals have a rating measured on figures of the report year or the year before,
    and which cannot be measured today (summary.json's `measurability`)."""
    measured, total = measurability["goals_with_measured_rating"], measurability["goals_total"]
    share = format_number(100 * measured / total, 0) if total else "0"
    head = (f"{measured} av {count_noun(total, 'mål', definite=True)} ({share}\u00a0%) har en bedömning som vilar "
            f"på nyckeltal med värden för {year - 1} eller {year}.")
    missing = measurability["not_measurable"]
    if not missing:
        return head
    return f"{head} Kan inte mätas i dag: {_goal_list(missing, table)}."
