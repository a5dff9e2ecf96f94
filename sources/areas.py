"""Area codes as the statistics contract has them: four-digit municipality codes (0000 Riket,
00NN a county, as Kolada writes them) and the program's own districts; names are read as codes.

A statistician's own file often names the areas ("Täby", "Riket", "Täby kommun"): each name of
Sweden's 290 municipalities, Riket and the program's district names is read as its code, and
the reader says so. Anything else is not an area the follow-up knows, and is reported.
"""

from __future__ import annotations

import re
import unicodedata

from sources.national import municipality_names
from sources.program import Program

RIKET = "0000"
COUNTY_CODES = {f"00{number:02d}" for number in range(1, 26)}  # Kolada's regions: 0001 Stockholm ... 0025
# SCB's counties (län) by their code, as Kolada writes it (0001) and SCB names them.
COUNTY_NAMES = {
    "0001": "Stockholms län", "0003": "Uppsala län", "0004": "Södermanlands län", "0005": "Östergötlands län",
    "0006": "Jönköpings län", "0007": "Kronobergs län", "0008": "Kalmar län", "0009": "Gotlands län",
    "0010": "Blekinge län", "0012": "Skåne län", "0013": "Hallands län", "0014": "Västra Götalands län",
    "0017": "Värmlands län", "0018": "Örebro län", "0019": "Västmanlands län", "0020": "Dalarnas län",
    "0021": "Gävleborgs län", "0022": "Västernorrlands län", "0023": "Jämtlands län", "0024": "Västerbottens län",
    "0025": "Norrbottens län",
}
_RIKET_NAMES = {"riket", "hela riket", "sverige", "riket totalt", "hela landet", "riksgenomsnitt", "sweden"}
_SUFFIXES = (" kommun", " stad", " kommunkod")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name).strip().lower())


def area_names(program: Program) -> dict[str, str]:
    """Lower-case name -> code: the municipalities, Riket and the program's districts."""
    names = {_key(name): code for code, name in municipality_names().items()}
    names |= {name: RIKET for name in _RIKET_NAMES}
    names |= {_key(name): code for code, name in COUNTY_NAMES.items()}
    names |= {_key(district.name): district.code for district in program.districts}
    return names


def known_areas(program: Program) -> set[str]:
    return set(municipality_names()) | {RIKET} | COUNTY_CODES | {d.code for d in program.districts}


def code_for_name(text: str, names: dict[str, str]) -> str | None:
    """'Täby' / 'Täby kommun' / 'Stockholms stad' -> its code; None when it names no known area."""
    key = _key(text)
    if key in names:
        return names[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            stem = key[: -len(suffix)].strip()
            if stem in names:
                return names[stem]
            if stem.endswith("s") and stem[:-1] in names:  # 'Stockholms stad'
                return names[stem[:-1]]
    return None
