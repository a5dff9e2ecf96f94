"""What a source's symbols for a value that is not a number mean, read as that source says.

The same symbol means different things in different sources: SCB writes '-' for "nothing to
report" (zero) and '..' for a value not available, where a spreadsheet of the municipality's
own may use '-' for a value it does not have. A value's symbol is read by the conventions of the
file it comes from (its `origin`), and the symbol as written is kept in the ledger
(docs/intake.md has the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ZERO_SYMBOLS = {"-", "–", "—"}

_SCB = {
    "-": "inget finns att redovisa (noll)",
    "..": "uppgift inte tillgänglig eller för osäker för att anges",
    ".": "uppgift kan inte förekomma",
    "...": "uppgiften redovisas inte (t.ex. sekretess)",
    "…": "uppgiften redovisas inte (t.ex. sekretess)",
}
# PX files: '.' to '......' are the file's own symbols 1-6 (DATASYMBOL1-6), '-' its nil (zero).
_PX_DEFAULTS = {**_SCB, "....": "uppgift saknas (PX-symbol 4)", ".....": "uppgift saknas (PX-symbol 5)",
                "......": "uppgift saknas (PX-symbol 6)"}
ORIGIN_NAMES = {"px": "PC-Axis-filens", "scb": "SCB:s", "kolada": "Koladas", "jsonstat": "JSON-stat-filens"}
_SCB_NAMES = r"(?:scb|statistiska centralbyrån|statistics sweden|statistikdatabasen)\b"
_SCB_ANYWHERE = re.compile(r"(?<!\w)" + _SCB_NAMES, re.IGNORECASE)
_SCB_FIRST = re.compile(r"\s*" + _SCB_NAMES, re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\s*(?:källa|källor|source)[\s:,;]*(.*)$", re.IGNORECASE | re.DOTALL)


def names_scb(source: str) -> bool:
    """A source text (JSON-stat's `source`, PX SOURCE) that names SCB."""
    return bool(_SCB_ANYWHERE.search(source))


def is_scb_source_line(line: str) -> bool:
    """'Källa: SCB, Befolkningsstatistik' or 'Källa: Statistiska centralbyrån (SCB)': a line that
    gives SCB as the table's source. A line that only mentions SCB ('beräknat med folkmängd från
    SCB') does not make the file SCB's."""
    found = _SOURCE_LINE.match(line)
    return bool(found and _SCB_FIRST.match(found.group(1)))


@dataclass(frozen=True)
class Meaning:
    zero: bool  # the symbol stands for zero: the value is 0
    text: str  # what the symbol means, in Swedish


def meaning(symbol: str, origin: str | None, file_symbols: dict[str, str] | None = None) -> Meaning:
    """How `symbol` reads in a file of this origin ('px', 'scb', 'kolada', or None: unknown).

    Only SCB and PX files read a dash as zero: in a file that does not say where it comes from,
    a dash is a missing value, and the note about it says what it would mean in SCB's tables."""
    key = symbol.strip()
    dash = key in ZERO_SYMBOLS
    if origin == "px":
        own = (file_symbols or {}).get("-" if dash else key)
        if own and own != key:  # the file's own legend (DATASYMBOLn) says what its symbol means
            return Meaning(dash, f"filens förklaring: '{own}'" + ("; noll" if dash else ""))
        return Meaning(dash, _PX_DEFAULTS.get("-" if dash else key, "uppgift saknas"))
    if origin == "scb":
        return Meaning(dash, _SCB.get("-" if dash else key, "uppgift saknas"))
    return Meaning(False, "uppgift saknas")
