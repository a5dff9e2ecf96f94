"""Reference data for national runs: the 290 municipalities, and a program made for each.

The codes and names are SCB's (sources/data/kommuner.csv). A national drop has one statistics
export for every municipality and one submission file per municipality, named with its code.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from sources.program import Municipality, Program

KOMMUNER = Path(__file__).resolve().parent / "data" / "kommuner.csv"
# <anything>_<code>_<period>.<ext>: the code is the four digits right before the period, so that
# a year in a file name (2023 is also Malung-Sälen's code) is never taken for a municipality.
CODE_IN_NAME = re.compile(r"(?:^|_)(\d{4})_\d{4}(?:-\d{4}|-Q[1-4])?\.[A-Za-z]+$")


@cache
def municipality_names() -> dict[str, str]:
    """Code -> name for Sweden's 290 municipalities."""
    with KOMMUNER.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def program_for(program: Program, code: str, name: str) -> Program:
    """The same program followed up for another municipality (own id, so own output folder)."""
    return program.model_copy(update={"id": f"{program.id}-{code}",
                                      "municipality": Municipality(code=code, name=name)})


def code_in_file_name(name: str) -> str | None:
    """'inrapportering_0114_2023.xlsx' -> '0114' (the municipality a submission file is from)."""
    match = CODE_IN_NAME.search(name)
    return match.group(1) if match and match.group(1) in municipality_names() else None
