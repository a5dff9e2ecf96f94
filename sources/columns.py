"""Column aliases and value normalisation shared by the readers.

Headers are matched case-insensitively after normalisation ("Mål-id" -> "mål_id",
"Bedömning (grön/gul/röd)" -> "bedömning"). Values are normalised to canonical codes, but the
text as written is kept beside them so that an issue can quote what the user typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from sources.vocabulary import (
    DELAYED,
    DONE,
    DROPPED,
    GREEN,
    IMPROVING,
    NOT_STARTED,
    ONGOING,
    RED,
    UNCHANGED,
    WORSENING,
    YELLOW,
)

# Canonical column -> aliases, in priority order: when a file has several matching columns
# (Kolada has both municipality_id and municipality), the earliest alias wins.
STATISTICS_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "kpi", "kpi_id", "nyckeltal_id", "nyckeltalsid", "nyckeltal", "indikator",
                  "indikator_id"),
    # Codes before names: 'Kommun-ID' beside 'Kommun' (a name) is the code; the municipality
    # before its county: 'Länskod' beside 'Kommun' is the county the municipality is in.
    "area": ("area", "municipality_id", "kommun_id", "kommunid", "kommunkod", "kommun_kod", "kommunnummer",
             "kommunnr", "kommun_nr", "område_id", "områdeskod", "område_kod", "omradeskod", "region_id",
             "regionkod", "region_kod", "område", "omrade", "kommun", "municipality", "region", "länskod",
             "lan_kod", "län", "lan"),
    "period": ("period", "year", "år", "ar", "tid", "valår", "månad"),
    "gender": ("gender", "kön", "kon", "sex", "kön_kod", "könskod"),
    "value": ("value", "värde", "varde", "observation", "obs_value"),
    "unit": ("unit", "enhet", "måttenhet", "mattenhet"),
    "status": ("status", "värdestatus"),
    # An SCB table's id and content code (a PX file's MATRIX and CONTVARIABLE, the API's tableid
    # and ContentsCode): what an indicator's `source: {scb: ...}` names.
    "table": ("table", "table_id", "tableid", "tabell", "tabell_id", "tabellid", "matrix"),
    "content": ("content", "contents_code", "contentscode", "innehåll", "innehållskod", "innehall"),
}
STATISTICS_REQUIRED = ("indicator", "area", "period", "value")
# Columns of the committee template that the reader knows but does not need: the goal's title.
SUBMISSION_TEMPLATE_EXTRAS = ("mål", "måltext", "mål_titel", "målets_titel", "målbeskrivning")

SUBMISSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "goal": ("goal", "goal_id", "mål_id", "målid", "mal_id", "delmål_id", "mål", "delmål", "mal"),
    "committee": ("committee", "nämnd", "namnd", "nämnd_styrelse", "styrelse"),
    "period": ("period", "year", "år", "ar"),
    "assessment": ("assessment", "bedömning", "bedomning", "måluppfyllelse", "light"),
    "trend": ("trend", "utveckling", "trendpil"),
    "comment": ("comment", "kommentar", "kommentarer", "analys"),
    "activity": ("activity", "aktivitet", "åtgärd"),
    # Template version 2: the action's stable id, further goals it serves, owner, planned start and
    # end, and the indicator it is expected to move.
    "action_id": ("action_id", "aktivitets_id", "aktivitetsid", "åtgärds_id", "åtgärdsid"),
    "also_goals": ("also_goals", "även_mål", "fler_mål", "övriga_mål"),
    "owner": ("owner", "ansvarig", "ägare"),
    "start": ("start", "planerad_start", "startdatum", "start_planerad"),
    "deadline": ("deadline", "klart_senast", "slutdatum", "planerat_slut"),
    "effect_indicator": ("effect_indicator", "förväntad_effekt_på_nyckeltal", "effekt_på_nyckeltal",
                         "påverkar_nyckeltal"),
    "activity_status": ("activity_status", "aktivitetsstatus", "status"),
    "cost_tkr": ("cost_tkr", "kostnad_tkr", "kostnad", "cost"),
}
SUBMISSION_REQUIRED = ("goal", "committee")

GENDER_CODES = {
    "t": "T", "totalt": "T", "total": "T", "alla": "T", "båda könen": "T", "samtliga": "T", "tot": "T",
    "män och kvinnor": "T", "kvinnor och män": "T", "totalt båda könen": "T", "both sexes": "T",
    "men and women": "T", "women and men": "T", "total both sexes": "T",
    "k": "K", "kvinnor": "K", "kvinna": "K", "women": "K", "female": "K", "f": "K", "flickor": "K",
    "m": "M", "män": "M", "man": "M", "men": "M", "male": "M", "pojkar": "M",
    # SCB's codes for sex (Statistikdatabasen, PX files, the API): 1 men, 2 women, 1+2 both.
    "1": "M", "2": "K", "1+2": "T",
}
SCB_SEX_CODES = {"1", "2", "1+2"}
# A single letter is not a light: G is grön or gul in Swedish (and green in English).
LIGHT_CODES = {
    "grön": GREEN, "gron": GREEN, "grönt": GREEN, "gröna": GREEN, "green": GREEN,
    "gul": YELLOW, "gult": YELLOW, "gula": YELLOW, "yellow": YELLOW,
    "röd": RED, "rod": RED, "rött": RED, "röda": RED, "red": RED,
}
TREND_CODES = {
    "förbättras": IMPROVING, "forbattras": IMPROVING, "förbättrad": IMPROVING,
    "upp": IMPROVING, "up": IMPROVING, "improving": IMPROVING, "↑": IMPROVING,
    "oförändrad": UNCHANGED, "oforandrad": UNCHANGED, "oförändrat": UNCHANGED,
    "flat": UNCHANGED, "unchanged": UNCHANGED, "→": UNCHANGED,
    "försämras": WORSENING, "forsamras": WORSENING, "försämrad": WORSENING,
    "ned": WORSENING, "down": WORSENING, "worsening": WORSENING, "↓": WORSENING,
}
ACTIVITY_STATUS_CODES = {
    "genomförd": DONE, "genomford": DONE, "klar": DONE, "done": DONE,
    "pågår": ONGOING, "pagar": ONGOING, "pågående": ONGOING, "ongoing": ONGOING,
    "ej påbörjad": NOT_STARTED, "ej paborjad": NOT_STARTED, "inte påbörjad": NOT_STARTED,
    "not started": NOT_STARTED, "not_started": NOT_STARTED,
    "försenad": DELAYED, "forsenad": DELAYED, "försenat": DELAYED, "delayed": DELAYED,
    "avbruten": DROPPED, "avbrutet": DROPPED, "struken": DROPPED, "utgår": DROPPED, "dropped": DROPPED,
}
# C0 control characters but tab, newline and carriage return; DEL. Word and XML refuse them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AREA_WITH_NAME = re.compile(r"^(\d{4})\s+\D")  # PX-Web: "1980 Västerås"
_REGION_WITH_NAME = re.compile(r"^(\d{2})\s+\D")  # SCB's Riket and counties: "00 Riket", "01 Stockholms län"
# A period heading of PX-Web's wide layout, with SCB's marker for a provisional year kept:
# '2023', '2023K2', '2023*', '2023 prel.'; a second heading variable may follow ('2023 män').
# A month ('2023M01', as PX-Web writes it) is found as a period heading, so that the file is
# read and each value gets the period check's message (the follow-up is per year or quarter).
PERIOD_HEADER = re.compile(r"^(\d{4}(?:\s*[-_ ]?\s*(?:Q|K|kv)\s*[1-4]|M(?:0[1-9]|1[0-2]))?)\s*"
                           r"(\*+|prel\.?|preliminärt?|p)?$", re.IGNORECASE)
PERIOD_HEADER_WITH_LABEL = re.compile(r"^(\d{4}(?:[-_ ]?(?:Q|K|kv)[1-4]|M(?:0[1-9]|1[0-2]))?)(\*+)?\s+(\S.*)$",
                                      re.IGNORECASE)
LABEL_WITH_PERIOD_HEADER = re.compile(r"^(\S.*?)\s+(\d{4}(?:[-_ ]?(?:Q|K|kv)[1-4]|M(?:0[1-9]|1[0-2]))?)(\*+)?$",
                                      re.IGNORECASE)
_PERIOD_ANNUAL = re.compile(r"^(\d{4})(?:\.0)?$")
_PERIOD_SPAN = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")  # a two-year follow-up period, "2021–2022"
_PERIOD_QUARTER = re.compile(r"^(\d{4})\s*[-_ ]?\s*(?:Q|K|kv|kvartal)\s*([1-4])$", re.IGNORECASE)


def is_period_header(text: str) -> bool:
    """A heading that is a period ('2023', '2023K2', '2023*'), alone or with a label ('2023 män')."""
    text = text.strip()
    return bool(PERIOD_HEADER.match(text) or PERIOD_HEADER_WITH_LABEL.match(text)
                or LABEL_WITH_PERIOD_HEADER.match(text))


def normalise_header(text: object) -> str:
    """'Bedömning (grön/gul/röd)' -> 'bedömning'; 'Mål-id' -> 'mål_id'."""
    value = unicodedata.normalize("NFC", str(text or "")).strip().lower()
    value = re.sub(r"\(.*?\)", "", value).strip()
    value = re.sub(r"[\s\-/]+", "_", value)
    return value.strip("_")


def match_columns(headers: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Canonical column -> index of the header it was found under."""
    normalised = [normalise_header(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for canonical, names in aliases.items():
        for name in names:
            if name in normalised and normalised.index(name) not in taken:
                index = normalised.index(name)
                found[canonical] = index
                taken.add(index)
                break
    return found


def clean_text(value: object) -> str | None:
    """Cell text, stripped and in Unicode NFC; None for an empty cell."""
    if value is None:
        return None
    return _clean_str(value) if type(value) is str else _clean_str(str(value))


@functools.lru_cache(maxsize=16384)
def _clean_str(text: str) -> str | None:
    """(Cached: codes, names, years and sexes repeat on every row; a national export has 4,5
    million cells.)"""
    return unicodedata.normalize("NFC", text).strip() or None


def normalise_period(text: str | None) -> str | None:
    """'2023' -> '2023'; '2023K2', '2023-Q2', '2023 kv 2' -> '2023-Q2'; else the text as is."""
    if text is None:
        return None
    raw = text.strip()
    match = _PERIOD_ANNUAL.match(raw)
    if match:
        return match.group(1)
    match = _PERIOD_QUARTER.match(raw)
    if match:
        return f"{match.group(1)}-Q{match.group(2)}"
    match = _PERIOD_SPAN.match(raw)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    return raw


@functools.lru_cache(maxsize=4096)  # a pure function of the text, called on every row
def normalise_area(text: str | None) -> str | None:
    """Four-digit municipality codes keep their leading zero (Excel drops it: 180 -> 0180)."""
    if text is None:
        return None
    raw = text.strip()
    if raw.endswith(".0") and raw[:-2].isdigit():
        raw = raw[:-2]
    with_name = _AREA_WITH_NAME.match(raw)
    if with_name:
        return with_name.group(1)
    region = _REGION_WITH_NAME.match(raw)
    if region:  # SCB writes Riket 00 and the counties 01-25; Kolada (and the follow-up) 0000, 0001-0025
        return region.group(1).zfill(4)
    if raw.isdigit() and len(raw) < 4:
        return raw.zfill(4)
    return raw


def normalise_code(text: str | None, codes: dict[str, str], default: str | None = None) -> str | None:
    """Map a coded value through its alias table; unknown text is returned as written."""
    if text is None:
        return default
    key = text.strip().lower()
    return codes.get(key, text.strip())


@functools.lru_cache(maxsize=4096)  # a pure function of the text, called on every row
def normalise_sex(text: str | None) -> str | None:
    """T, K or M; SCB's code shown with its label ('1 män', '1+2 totalt', as PX-Web writes it
    with codes shown) is read when code and label agree. Unknown text is returned as written."""
    if text is None:
        return "T"
    key = re.sub(r"\s+", " ", text.strip().lower())
    if key in GENDER_CODES:
        return GENDER_CODES[key]
    code, _, label = key.partition(" ")
    if code in GENDER_CODES and GENDER_CODES.get(label) == GENDER_CODES[code]:
        return GENDER_CODES[code]
    return text.strip()  # '1 kvinnor': code and label disagree, and the check says so


# A category that is the total of its variable: 'totalt', 'totalt ålder', 'samtliga', 'tot'.
_TOTAL = re.compile(r"(?:^|\s)(totalt?|tot|samtliga|alla|summa|total|1\+2)(?:\s|$)", re.IGNORECASE)


def is_total(category: str) -> bool:
    return bool(_TOTAL.search(category))


def labelled(code: str | None, label: str) -> str:
    """A category as PX-Web shows it with codes: '0160 Täby', '00 Riket', '1 män'; the code
    alone where the label is the code, the label where it already starts with the code."""
    if code is None or label == code or label.startswith(code + " "):
        return label
    return f"{code} {label}"


SEX_NAMES = {"kön", "kon", "sex", "gender"}  # a PX or JSON-stat variable that holds sex
