"""A deterministic drop folder for any bundled program: Kolada-format statistics for the
municipality, Riket and the peer group, and one filled-in template per committee.

The series are invented (example data, not the municipalities' statistics) but plausible: each
known Kolada indicator starts from a level near its real national level (`LEVELS`, with the basis
of each), municipalities spread a little around it, years move along a slow trend with noise,
and women's and men's values differ as they do in reality; the total is their weighted mean, so
it always lies between them. A part (`part_of` in the program) is drawn as a share of its whole,
so it is never larger. Indicators missing from the table get a level from their unit's range.
Committees mostly agree with the computed rating.
Usage: python examples/generic_drop.py PROGRAM_DIR REPORT_YEAR [SEED] [--lights R,Y,G --trends U,F,D]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report.method.assess import assess_goals, assess_indicators  # noqa: E402
from sources.program import Indicator, Program, load_program  # noqa: E402
from sources.submissions import empty_submissions  # noqa: E402
from sources.templates import HEADER_ROW, build_template, fill_activity, template_name  # noqa: E402

FIRST_YEAR = 2012
LEVEL_YEAR = 2022  # the year the levels below describe; other years follow the trend
ELECTION_YEARS = (2014, 2018, 2022)
NAMES = {"0000": "Riket", "1880": "Örebro", "0580": "Linköping", "0581": "Norrköping", "0380": "Uppsala",
         "0484": "Eskilstuna", "0680": "Jönköping", "2180": "Gävle", "1980": "Västerås", "1490": "Borås",
         "2480": "Umeå"}
# Inhabitants (thousands, about 2022), to scale national counts ("antal") to a municipality.
POPULATION = {"0000": 10_500, "1880": 157, "0580": 165, "0581": 144, "0380": 241, "0484": 107, "0680": 144,
              "2180": 104, "1980": 157, "1490": 114, "2480": 131}
ABSOLUTE_UNITS = {"antal", "hektar"}


@dataclass(frozen=True)
class Level:
    """One indicator's series: Riket's level in LEVEL_YEAR and its change a year (a municipality's
    level and change are in proportion), the year-to-year noise, women's value minus men's, the
    published decimals; `local` is a municipality's typical level where it differs in kind from
    Riket's (protected nature: Riket's includes the mountains), `growth` a relative growth a year
    (exponential series; its noise is then relative), `covid` what 2020 adds (half of it in 2021),
    `cap` a share's ceiling."""

    riket: float
    slope: float = 0.0
    noise: float = 0.0
    gap: float = 0.0
    decimals: int = 1
    spread: float = 0.06
    local: float | None = None
    growth: float = 0.0
    covid: float = 0.0
    cap: float = 99.0
    elections: bool = False  # published for election years only


L = Level
INDEX = L(50.0, 0.0, 1.5, spread=0.15)  # Kommunindex: 0-100, the municipalities' mean is about 50 by design
# Levels about 2022 (Riket) and their basis. Gaps are women minus men, in the unit.
LEVELS: dict[str, Level] = {
    # Schools and children
    "N15613": L(88.0, -0.3, 0.8, gap=-1.0, spread=0.04),  # Skolenkäten åk 5, trygg: Riket ≈ 88 % (Skolinspektionen)
    "N15643": L(83.0, -0.3, 1.0, gap=-3.0, spread=0.05),  # Skolenkäten åk 8, trygg: ≈ 83 %, flickor några p.e. lägre
    "N15619": L(72.0, -0.2, 1.2, gap=1.0),  # Skolenkäten åk 5, vuxna lyssnar på förslag: ≈ 70-75 %
    "N15649": L(52.0, -0.3, 1.5, gap=-3.0),  # Skolenkäten åk 8, vuxna lyssnar: ≈ 50 %, flickor lägre
    "N17679": L(50.0, -0.2, 1.5, gap=-2.0),  # Skolenkäten gymnasiet år 2, vuxna lyssnar: ≈ 50 %
    "N15418": L(73.0, -0.3, 1.0, gap=6.0),  # Riket 2022 ≈ 73 % (Skolverket); flickor ≈ 6 p.e. högre
    "N15428": L(85.5, -0.2, 0.8, gap=1.5, spread=0.04),  # Riket 2022 ≈ 85-86 % behöriga till yrkesprogram (Skolverket)
    "N15720": L(94.0, 0.05, 0.4, gap=-1.0, spread=0.02),  # ≈ 94 % minst E i idrott (Skolverket); flickor lägre
    "N17445": L(67.0, 0.2, 1.0, gap=8.0),  # Riket 2022 ≈ 67 % examen inom 3 år (Skolverket); kvinnor ≈ 8 p.e. högre
    "N11800": L(86.0, 0.3, 0.6, spread=0.03),  # Riket 2022 ≈ 86 % av 1-5-åringar i förskola (Skolverket)
    "N09890": L(14.0, -0.1, 0.5, gap=6.0),  # Kulturrådet: ≈ 14 % av 6-15 år; flickor ≈ 17, pojkar ≈ 11
    "N09888": L(11.0, -0.1, 0.4, gap=5.0),  # Kulturrådet: ≈ 11 % av 6-19 år; flickor ≈ 13, pojkar ≈ 8
    "N02902": L(5.5, -0.1, 0.3, covid=0.6),  # Riket ≈ 5-6 % (SCB); flickor och pojkar lika
    "N02904": L(10.0, -0.3, 0.4),  # Riket ≈ 10 % i ekonomiskt utsatta hushåll (SCB)
    "U31803": L(5.0, -0.15, 0.2),  # Socialstyrelsen: ≈ 5 % av barnen i hushåll med ekonomiskt bistånd
    # Work, income and assistance
    "N18891": L(7.0, 0.1, 0.3, gap=4.0),  # ≈ 7 % i komvux/sfi (SCB, Skolverket); kvinnor ≈ 9, män ≈ 5
    "N18409": L(40.0, 0.2, 2.0, gap=3.0),  # sfi, minst två kurser: ≈ 40 % (SCB), osäker nivå
    "N00914": L(80.5, 0.3, 0.4, gap=-4.0, covid=-0.8, spread=0.03),  # Riket 2022 ≈ 80-81 % (SCB); män ≈ 4 p.e. högre
    "N00700": L(52.0, 1.5, 1.5, gap=-15.0),  # Riket ≈ 50-55 % (SCB); kvinnor ≈ 15 p.e. lägre
    "N00708": L(3.0, -0.05, 0.15, covid=0.7),  # SCB STATIV: ≈ 3 % av inrikes födda 20-64 år
    "U00800": L(10.0, -0.1, 0.4, covid=1.2),  # ≈ 10 % av 18-64 år arbetslösa någon gång under året (SCB), osäker
    "N02906": L(7.0, -0.1, 0.3, gap=-0.8, covid=0.6),  # ≈ 7 % av 17-24 år varken arbetar eller studerar (SCB)
    "N00953": L(95.0, 0.2, 0.5, spread=0.03),  # kommunalt anställda: Riket ≈ 95 % (SCB lönestrukturstatistik)
    "N00942": L(70.0, -0.4, 0.4),  # Försäkringskassan 2022: kvinnor tar ut ≈ 70 % av föräldrapenningdagarna
    "N31807": L(3.7, -0.08, 0.1),  # Riket 2022 ≈ 3,7 % fått ekonomiskt bistånd (Socialstyrelsen)
    "N31816": L(1.1, -0.03, 0.05, gap=-0.1),  # ≈ 1,1 % av de vuxna med långvarigt bistånd (Socialstyrelsen)
    "N01401": L(15.0, 0.2, 0.4),  # SCB: ≈ 15 % av 65+ under 60 % av medianinkomsten
    "N00989": L(4.2, -0.08, 0.1, gap=-2.2),  # Kronofogden 2022: ≈ 4,2 % (kvinnor ≈ 3,1, män ≈ 5,3)
    "N01004": L(11.0, 0.1, 0.5),  # SCB: ≈ 70 000 nystartade arbetsställen/år ≈ 11/1000 inv 16-64 år
    "N00120": L(1.0, 0.02, 0.08, spread=0.3),  # ≈ 1 % av kostnaden köps från föreningar/stiftelser (SCB)
    # Safety
    "U07418": L(11.0, 0.05, 0.3),  # BRÅ: ≈ 115 000 anmälda våldsbrott/år ≈ 11/1000 inv
    "U07452": L(18.0, -0.3, 0.8),  # BRÅ: ≈ 190 000 anmälda skadegörelsebrott/år ≈ 18/1000 inv
    "N07401": L(120.0, -1.0, 6.0, spread=0.12),  # BRÅ: ≈ 12 000-13 000 anmälningar/år ≈ 120/100 000 inv
    "N07402": L(16.0, -0.3, 1.5, spread=0.15),  # BRÅ: ≈ 1 700 anmälningar/år ≈ 16/100 000 inv
    # Democracy and citizens' survey (SCB:s medborgarundersökning)
    "N05831": L(58.0, 0.0, 1.5, elections=True),  # lägsta valdistriktets valdeltagande: ofta 50-65 %, osäker
    "U65861": L(58.0, -0.3, 1.0, gap=3.0, elections=True),  # utrikes födda i kommunvalet: ≈ 55-60 % (SCB)
    "N00610": L(70.0, -0.3, 1.5, gap=-18.0),  # trygg utomhus när det är mörkt: kvinnor ≈ 60, män ≈ 80 %
    "N00669": L(30.0, -0.2, 1.5, gap=-1.0),  # insyn och inflytande: ≈ 30 %
    "N00670": L(55.0, 0.0, 1.5, gap=1.0),  # kan rekommendera att flytta hit: ≈ 55 %
    "N00572": L(55.0, 0.2, 1.5, gap=2.0),  # kollektivtrafiken är bra: ≈ 55 %
    "N00570": L(60.0, 0.0, 1.5, gap=-1.0),  # gång- och cykelvägar är bra: ≈ 60 %
    "N00576": L(30.0, 2.0, 1.5, gap=-2.0),  # laddningsstationer är bra: ≈ 30 %, ökar
    "N00599": L(75.0, 0.0, 1.2, gap=1.0),  # utbud av friluftsområden är bra: ≈ 75 %
    "N00606": L(65.0, 0.0, 1.5),  # skötsel av naturområden är bra: ≈ 65 %
    "N00628": L(30.0, 0.2, 1.5, gap=2.0),  # problem med nedskräpning: ≈ 30 %
    "N00637": L(40.0, 0.3, 1.5, gap=1.0),  # information om vad enskilda kan göra: ≈ 40 %
    "N00636": L(45.0, 0.3, 1.5, gap=2.0),  # kommunens eget miljöarbete är bra: ≈ 45 %
    "N00301": INDEX, "N00312": INDEX, "N00323": INDEX, "N00300": INDEX, "N00302": INDEX, "N00306": INDEX,
    "N00307": INDEX, "N00309": INDEX,
    # Health, housing, culture
    "N00938": L(10.3, 0.1, 0.4, gap=6.0, covid=1.5),  # Försäkringskassan 2022: ≈ 10 dagar (kvinnor ≈ 13, män ≈ 7)
    "N07917": L(5.8, 0.25, 0.6, spread=0.15),  # SCB: ≈ 60 000 färdigställda bostäder 2022 ≈ 5,8/1000 inv
    "N07925": L(11.0, 0.3, 1.0, spread=0.15),  # SCB: ≈ 55 000-65 000 bygglov/år ≈ 11/1000 inv på två år
    "N07901": L(175.0, 0.5, 0.8, spread=0.12),  # SCB: ≈ 1,8 miljoner hyresrätter ≈ 175/1000 inv
    "N07907": L(17.0, 0.1, 0.4, gap=-0.5),  # trångboddhet norm 2: ≈ 17 % (SCB)
    "N09809": L(230.0, -3.0, 6.0, gap=110.0, spread=0.12),  # KB: ≈ 2,4 miljoner aktiva låntagare; kvinnor fler
    "N09805": L(30.0, 0.3, 2.0, spread=0.3),  # KB: kommunernas värden ofta 10-60, osäker nivå
    "U09812": L(60.0, 0.5, 2.0, covid=-8.0, decimals=0),  # RF: ≈ 650 mnkr LOK-stöd/år ≈ 60 kr/inv
    # Climate and energy (Nationella emissionsdatabasen via Kolada; Energimyndigheten)
    "N00401": L(4.3, -0.13, 0.06, decimals=2, spread=0.12),  # Riket 2021 ≈ 4,3 ton CO2e/inv inom området
    "N85073": L(1.45, -0.04, 0.02, decimals=2, spread=0.1),  # transporter ≈ 1,45 ton/inv, del av N00401
    "N85076": L(0.45, -0.03, 0.02, decimals=2, spread=0.3),  # el och fjärrvärme ≈ 0,45 ton/inv, del av N00401
    "N45930": L(85.0, 0.8, 1.0, spread=0.05),  # förnybar fjärrvärme ≈ 85 % (Energimyndigheten)
    "N45925": L(66.0, 0.6, 1.5, spread=0.15),  # förnybar elproduktion ≈ 65-70 % (kärnkraften är inte förnybar)
    "N45974": L(150_000.0, 0.0, 0.03, growth=0.5, decimals=0, spread=0.15),  # ≈ 150 000 anläggningar 2022
    "N07938": L(18.0, 0.0, 0.03, growth=0.55, spread=0.15),  # Trafikanalys: ≈ 190 000 elbilar 2022 ≈ 18/1000 inv
    "N85047": L(11.0, -0.4, 0.3, spread=0.2),  # kväveoxider ≈ 11 kg/inv (Naturvårdsverket)
    "N85048": L(1.8, -0.06, 0.05, decimals=2, spread=0.2),  # PM2,5 ≈ 1,8 kg/inv (Naturvårdsverket)
    # Transport and planning
    "N07418": L(80.0, 0.2, 0.4, gap=0.5),  # ≈ 80 % bor kollektivtrafiknära (Trafikanalys); kvinnor något fler
    "N07410": L(82.0, 0.2, 3.0),  # nya bostäder kollektivtrafiknära: ≈ 80-85 %
    "N07530": L(87.0, 0.0, 0.3, spread=0.04),  # dagligvarubutik inom 2 km: ≈ 87 % (Tillväxtanalys)
    "U07458": L(88.0, 0.2, 1.5, spread=0.05),  # cykelväg som snöröjs: ofta ≈ 85-95 %
    "U00502": L(55.0, 2.5, 2.0, spread=0.15),  # fossiloberoende fordon i kommunen: ≈ 55 %, ökar
    "U00505": L(62.0, 3.0, 2.0, spread=0.15),  # fossiloberoende personbilar: ≈ 60-65 %, ökar
    # Nature and water (Naturvårdsverket, VISS, länsstyrelserna, Jordbruksverket)
    "N85054": L(14.5, 0.05, 0.05, local=4.0, spread=0.3),  # skyddad natur: Riket ≈ 14-15 % (fjällen), kommuner ≈ 2-6
    "N85055": L(15.0, 0.05, 0.05, local=4.5, spread=0.3),  # skyddad natur land: Riket ≈ 15 %, kommuner ≈ 2-7
    "N85051": L(57.0, 0.0, 1.0, local=40.0, spread=0.2),  # sjöar med god status: Riket ≈ 55-60 % (VISS)
    "N85052": L(40.0, 0.0, 1.0, local=30.0, spread=0.2),  # vattendrag med god status: ≈ 40 % (VISS)
    "N85053": L(92.0, 0.0, 0.8, spread=0.04),  # grundvatten med god status: ≈ 90-95 % (VISS)
    "N85069": L(78.0, 1.0, 1.0, spread=0.1, cap=100.0),  # vattentäkter med skyddsområde: ≈ 75-80 %
    "N00750": L(450_000.0, -1500.0, 0.0, local=2500.0, decimals=0, spread=0.25),  # Jordbruksverket ≈ 450 000 ha
    "N00403": L(20.0, 0.4, 0.3),  # ekologisk åkermark ≈ 20 % (Jordbruksverket)
    # Waste and food (Avfall Sverige, Ekomatcentrum)
    "U07801": L(450.0, -3.0, 6.0, decimals=0, spread=0.08),  # kommunalt avfall ≈ 450 kg/inv
    "U07482": L(190.0, -2.0, 3.0, decimals=0, spread=0.08),  # mat- och restavfall ≈ 190 kg/inv, del av U07801
    "U07414": L(38.0, 0.2, 0.8),  # materialåtervinning inkl. biologisk ≈ 38 %
    "U07480": L(45.0, 1.5, 1.2),  # matavfall till biologisk återvinning ≈ 45 %
    "U07481": L(40.0, 1.5, 1.2),  # endast rötning ≈ 40 %, del av U07480
    "U07514": L(32.0, 0.8, 1.0, spread=0.2),  # ekologiska livsmedel i kommunerna ≈ 30-35 % (Ekomatcentrum)
    "U50103": L(88.0, 1.5, 1.5, cap=100.0),  # vegetariskt alternativ i grundskolan ≈ 85-90 %
}
# Indicators outside the table: a level drawn from the unit's range.
UNIT_RANGES = {"procent": (8.0, 85.0), "index": (40.0, 60.0), "dagar": (10.0, 30.0),
               "antal/1000 inv": (2.0, 8.0), "kr/inv": (40.0, 80.0), "antal/100 000 inv": (20.0, 300.0),
               "ton/inv": (1.0, 5.0), "kg/inv": (5.0, 300.0), "antal": (30_000.0, 300_000.0),
               "hektar": (100_000.0, 400_000.0)}
COMMENTS = {
    "red": "Utvecklingen går åt fel håll och insatserna behöver förstärkas i samverkan med andra nämnder.",
    "yellow": "Arbetet pågår men effekterna syns ännu inte fullt ut; skillnaderna mellan områden följs upp.",
    "green": "Målet bedöms vara uppfyllt; arbetet fortsätter för att behålla utvecklingen.",
}
LIGHT_SV = {"green": "grön", "yellow": "gul", "red": "röd"}
TREND_SV = {"improving": "förbättras", "unchanged": "oförändrad", "worsening": "försämras"}


def level_of(indicator: Indicator, rng: np.random.Generator) -> Level:
    """The indicator's level from the table, or one drawn from its unit's range."""
    known = LEVELS.get(indicator.id)
    if known is not None:
        return known
    low, high = UNIT_RANGES.get(indicator.unit, (10.0, 90.0))
    riket = float(rng.uniform(low, high))
    gap = float(rng.normal(0, 0.08)) * riket if indicator.by_sex else 0.0
    return Level(riket, float(rng.normal(0, 0.012)) * riket, 0.015 * riket, gap=gap,
                 decimals=0 if indicator.unit in ABSOLUTE_UNITS else 1)


def _years(level: Level, last_year: int) -> list[int]:
    years = range(FIRST_YEAR, last_year + 1)
    return [year for year in years if year in ELECTION_YEARS] if level.elections else list(years)


def _trend(level: Level, year: int) -> float:
    """Riket's value in a year, before noise."""
    if level.growth:
        return level.riket * (1 + level.growth) ** (year - LEVEL_YEAR)
    covid = level.covid if year == 2020 else level.covid / 2 if year == 2021 else 0.0
    return level.riket + level.slope * (year - LEVEL_YEAR) + covid


def _noise(level: Level, year: int) -> float:
    """The year-to-year noise at Riket's level (relative to the trend for growing series)."""
    return level.noise * _trend(level, year) if level.growth else level.noise


def _bounds(indicator: Indicator, level: Level) -> tuple[float, float]:
    return (0.0, level.cap) if indicator.is_percentage else (0.0, float("inf"))


def _scale(indicator: Indicator, level: Level, area: str, rng: np.random.Generator) -> float:
    """An area's level as a multiple of Riket's: municipalities spread around their typical level."""
    if area == "0000":
        return 1.0
    typical = level.riket if level.local is None else level.local
    if indicator.unit in ABSOLUTE_UNITS and level.local is None:
        typical = level.riket * POPULATION.get(area, 100) / POPULATION["0000"]
    return typical / level.riket * float(np.clip(1 + rng.normal(0, level.spread), 0.6, 1.6))


Values = dict[tuple[str, int, str], float]  # (area, year, gender) -> unrounded value


def own_series(program: Program, indicator: Indicator, level: Level, rng: np.random.Generator,
               last_year: int) -> Values:
    """Totals, and women and men where the indicator is by sex: the total is their mean (equal
    weights), so it lies between them; a share stays within its bounds."""
    low, high = _bounds(indicator, level)
    values: Values = {}
    for area in [program.municipality.code, "0000", *program.peers]:
        scale = _scale(indicator, level, area, rng)
        damp = 0.5 if area == "0000" else 1.0
        for year in _years(level, last_year):
            centre = _trend(level, year) * scale + float(rng.normal(0, _noise(level, year) * scale * damp))
            if indicator.by_sex:
                half = level.gap / 2 * scale
                women = float(np.clip(centre + half + rng.normal(0, _noise(level, year) * scale * 0.5), low, high))
                men = float(np.clip(centre - half + rng.normal(0, _noise(level, year) * scale * 0.5), low, high))
                values[(area, year, "T")] = 0.5 * women + 0.5 * men
                values[(area, year, "K")] = women
                values[(area, year, "M")] = men
            else:
                values[(area, year, "T")] = float(np.clip(centre, low, high))
    return values


def part_series(indicator: Indicator, level: Level, whole: Indicator, whole_level: Level, whole_values: Values,
                rng: np.random.Generator) -> Values:
    """A part of another indicator (`part_of`): its share of the whole, near the ratio of their
    national levels, times the whole; never more than 97 % of it."""
    values: Values = {}
    areas = list(dict.fromkeys(area for area, _, _ in whole_values))
    sexes = ["K", "M"] if indicator.by_sex and whole.by_sex else []
    for area in areas:
        share = level.riket / whole_level.riket * max(0.3, 1 + float(rng.normal(0, level.spread)))
        for year in sorted({year for a, year, _ in whole_values if a == area}):
            drift = (_trend(level, year) / level.riket) / (_trend(whole_level, year) / whole_level.riket)
            ratio = min(0.97, share * drift * (1 + float(rng.normal(0, _noise(level, year) / level.riket))))
            ratio = max(ratio, 0.0)
            if sexes:
                parts = {sex: whole_values[(area, year, sex)] * ratio for sex in sexes}
                values[(area, year, "T")] = 0.5 * parts["K"] + 0.5 * parts["M"]
                values |= {(area, year, sex): value for sex, value in parts.items()}
            else:
                values[(area, year, "T")] = whole_values[(area, year, "T")] * ratio
    return values


def district_rows(program: Program, indicator: Indicator, level: Level, municipal: dict[int, float],
                  rng: np.random.Generator) -> list[dict]:
    """Priority districts start off worse than the municipality and mostly catch up slowly. A share
    that should rise falls short of 100 by more than the municipality's shortfall; anything else
    that should fall is a multiple of the municipality's value."""
    rows = []
    low, high = _bounds(indicator, level)
    increase = indicator.direction == "increase"
    shortfall = increase and indicator.is_percentage
    first, last = min(municipal), max(municipal)
    for district in program.districts:
        start = rng.uniform(1.2, 1.7) if shortfall else rng.uniform(0.65, 0.9) if increase else rng.uniform(1.3, 2.4)
        catch_up = float(rng.normal(0.25, 0.3))
        for year, whole in municipal.items():
            progress = (year - first) / max(1, last - first)
            factor = 1 + (start - 1) * (1 - catch_up * progress)
            value = 100 - (100 - whole) * factor if shortfall else whole * factor
            value += float(rng.normal(0, 1.5 * _noise(level, year) * whole / level.riket))
            rows.append({"indicator": indicator.id, "area": district.code, "year": year, "gender": "T",
                         "value": round(float(np.clip(value, low, high)), level.decimals)})
    return rows


def statistics_rows(program: Program, rng: np.random.Generator, last_year: int) -> list[dict]:
    """Kolada value rows for every indicator of the program; each whole before its parts."""
    indicators = program.indicators()
    ordered = sorted(indicators.values(), key=lambda indicator: indicator.part_of in indicators)
    levels: dict[str, Level] = {}
    series: dict[str, Values] = {}
    rows = []
    for indicator in ordered:
        level = levels[indicator.id] = level_of(indicator, rng)
        whole = indicators.get(indicator.part_of) if indicator.part_of else None
        if whole is not None:
            values = part_series(indicator, level, whole, levels[whole.id], series[whole.id], rng)
        else:
            values = own_series(program, indicator, level, rng, last_year)
        series[indicator.id] = values
        rows += [{"indicator": indicator.id, "area": area, "year": year, "gender": sex,
                  "value": round(value, level.decimals)} for (area, year, sex), value in values.items()]
        if indicator.by_district:
            municipal = {year: value for (area, year, sex), value in values.items()
                         if area == program.municipality.code and sex == "T"}
            rows += district_rows(program, indicator, level, municipal, rng)
    return rows


def write_kolada_csv(rows: list[dict], path: Path, names: dict[str, str]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kpi", "municipality_id", "year", "count", "gender", "status", "value", "municipality",
                     "municipality_type"])
    for row in rows:
        writer.writerow([row["indicator"], row["area"], row["year"], 1, row["gender"], "", repr(row["value"]),
                         names.get(row["area"], row["area"]),
                         "L" if row["area"] == "0000" else "K" if len(row["area"]) == 4 else "D"])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


GROUP_SHARES = (0.15, 0.85)  # of the population: the first group compared (utrikes födda) and the second


def group_rows(program: Program, rows: list[dict], rng: np.random.Generator) -> list[dict]:
    """The municipality's values for the two groups an indicator compares (`groups`), drawn so that
    their population-weighted mean is the total: the first group's value a few times the second's,
    the ratio falling slowly (the gap narrows)."""
    code = program.municipality.code
    found = []
    for indicator in program.indicators().values():
        if indicator.groups is None:
            continue
        totals = {row["year"]: row["value"] for row in rows
                  if row["indicator"] == indicator.id and row["area"] == code and row["gender"] == "T"}
        first_year = min(totals)
        for year, total in sorted(totals.items()):
            ratio = 5.5 - 0.15 * (year - first_year) + rng.normal(0, 0.1)
            second = total / (GROUP_SHARES[0] * ratio + GROUP_SHARES[1])
            for group, value in zip(indicator.groups.compare, (ratio * second, second), strict=True):
                found.append({"indicator": indicator.id, "area": code, "year": year, "group": group,
                              "column": indicator.groups.column, "value": round(value, 1)})
    return found


def write_group_csv(rows: list[dict], path: Path, names: dict[str, str]) -> None:
    """As a statistics unit's own compilation saved from Swedish Excel: ';', decimal comma, cp1252."""
    column = rows[0]["column"]
    lines = [f"Nyckeltal;Kommun;År;Kön;{column};Värde"]
    lines += [f"{row['indicator']};{names.get(row['area'], row['area'])};{row['year']};Totalt;{row['group']};"
              f"{row['value']:.1f}".replace(".", ",") for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def computed_goals(program: Program, rows: list[dict], year: int) -> dict[str, tuple[str, str]]:
    frame = pd.DataFrame(rows)
    frame["period"] = frame["year"].astype(str)
    frame["quarter"] = pd.NA
    goals = assess_goals(program, assess_indicators(program, frame, year), empty_submissions(), year)
    return {row.goal_id: (row.computed_light, row.computed_trend) for row in goals.itertuples()}


def official_ratings(program: Program, computed: dict, lights: tuple[int, int, int],
                     trends: tuple[int, int, int]) -> dict[str, tuple[str, str]]:
    """Committee ratings with exactly the given counts (red, yellow, green; improving, unchanged,
    worsening), given to the goals in the order of their computed ratings: to reproduce a
    published follow-up's totals (Västerås's ecological program 2023: 9/29/4 and 17/24/1)."""
    goals = program.goal_ids()
    if sum(lights) != len(goals) or sum(trends) != len(goals):
        raise SystemExit(f"the counts must add up to the program's {len(goals)} goals")
    light_rank = {"red": 0, "not_assessed": 1, "yellow": 1, "green": 2}
    trend_rank = {"improving": 0, "no_trend": 1, "unchanged": 1, "worsening": 2}
    by_light = sorted(goals, key=lambda goal: light_rank[computed[goal][0]])
    by_trend = sorted(goals, key=lambda goal: trend_rank[computed[goal][1]])
    light_of = dict(zip(by_light, ["red"] * lights[0] + ["yellow"] * lights[1] + ["green"] * lights[2], strict=True))
    trend_of = dict(zip(by_trend, ["improving"] * trends[0] + ["unchanged"] * trends[1] + ["worsening"] * trends[2],
                        strict=True))
    return {goal: (light_of[goal], trend_of[goal]) for goal in goals}


ACTIVITIES = ["Samverkan med civilsamhället i utsatta områden", "Kartläggning och analys av nuläget",
              "Kompetensutveckling för medarbetare", "Dialogmöten med invånare", "Riktad informationsinsats",
              "Pilotprojekt i en stadsdel", "Uppföljning av tidigare insatser"]
STATUS_SV = ["genomförd", "pågår", "ej påbörjad"]


OWNERS = ["Verksamhetschef", "Utvecklingsledare", "Enhetschef", "Strateg"]


def write_activities(sheet, goals: list, rng: np.random.Generator, committee: str, year: int) -> None:
    """A few activities per committee with status and cost (tkr), from their own random stream;
    id, owner, dates and the indicator follow from the row (no draw, so the stream is unchanged)."""
    row = 2
    for goal in goals:
        for _ in range(int(rng.integers(0, 3))):
            number = row - 1
            fill_activity(sheet, row, goal=goal.id, activity=str(rng.choice(ACTIVITIES)),
                          activity_status=str(rng.choice(STATUS_SV, p=[0.4, 0.45, 0.15])),
                          cost_tkr=int(rng.integers(1, 40)) * 50, action_id=f"{committee}-{number}",
                          owner=OWNERS[number % len(OWNERS)], start=dt.date(year - number % 2, 1 + 3 * (number % 4), 1),
                          deadline=dt.date(year + (number % 3 == 0), 12, 31),
                          effect_indicator=goal.indicators[0].id if goal.indicators else None)
            row += 1


def write_submission(program: Program, committee: str, computed: dict, year: int, rng: np.random.Generator,
                     path: Path, forced: dict | None = None, activity_rng: np.random.Generator | None = None) -> None:
    workbook = build_template(program, committee, program.period_label(year))
    sheet = workbook["Inrapportering"]
    goals = [goal for _, goal in program.goals() if committee in goal.committees]
    for offset, goal in enumerate(goals, start=1):
        if forced is not None:
            light, trend = forced[goal.id]
        else:
            if rng.random() > 0.8:
                continue
            light, trend = computed[goal.id]
            if light == "not_assessed" or rng.random() < 0.25:
                light = str(rng.choice(["red", "yellow", "green"], p=[0.3, 0.6, 0.1]))
            if trend == "no_trend" or rng.random() < 0.25:
                trend = str(rng.choice(["improving", "unchanged", "worsening"], p=[0.25, 0.6, 0.15]))
        row = HEADER_ROW + offset
        sheet.cell(row=row, column=5).value = LIGHT_SV[light]
        sheet.cell(row=row, column=6).value = TREND_SV[trend]
        sheet.cell(row=row, column=7).value = COMMENTS[light]
    if activity_rng is not None:
        write_activities(workbook["Aktiviteter"], goals, activity_rng, committee, year)
    stamp = dt.datetime(year + 1, 2, 1, 12, 0, 0)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.save(path)


def generate(program_dir: Path, year: int, seed: int, output: Path | None = None,
             lights: tuple[int, int, int] | None = None, trends: tuple[int, int, int] | None = None) -> list[Path]:
    program = load_program(program_dir / "program.yaml")
    rng = np.random.default_rng(seed)
    activity_rng = np.random.default_rng(seed + 1)
    output = output or program_dir / "inbox"
    output.mkdir(parents=True, exist_ok=True)
    rows = statistics_rows(program, rng, year)
    written = [output / f"kolada_export_{program.id}_{FIRST_YEAR}-{year}.csv"]
    write_kolada_csv(rows, written[0], {**NAMES, **program.district_names()})
    groups = group_rows(program, rows, np.random.default_rng(seed + 2))
    if groups:
        written.append(output / f"statistik_grupper_{program.id}_{FIRST_YEAR}-{year}.csv")
        write_group_csv(groups, written[-1], {program.municipality.code: program.municipality.code})
    computed = computed_goals(program, rows, year)
    forced = official_ratings(program, computed, lights, trends) if lights and trends else None
    for committee in program.committees:
        if not any(committee in goal.committees for _, goal in program.goals()):
            continue
        path = output / template_name(program, committee, program.period_label(year))
        write_submission(program, committee, computed, year, rng, path, forced, activity_rng)
        written.append(path)
    return written


def _counts(text: str | None) -> tuple[int, int, int] | None:
    return tuple(int(part) for part in text.split(",")) if text else None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program_dir", type=Path)
    parser.add_argument("year", type=int)
    parser.add_argument("seed", type=int, nargs="?", default=1490)
    parser.add_argument("--lights", help="committee lights red,yellow,green (all goals rated)")
    parser.add_argument("--trends", help="committee arrows improving,unchanged,worsening")
    arguments = parser.parse_args()
    for written_path in generate(arguments.program_dir, arguments.year, arguments.seed,
                                 lights=_counts(arguments.lights), trends=_counts(arguments.trends)):
        sys.stdout.write(f"{written_path}\n")
