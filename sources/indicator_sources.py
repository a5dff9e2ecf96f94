"""Which of the program's indicators a row of statistics is, and which rows of a split table it uses.

A row names its indicator in an indicator column (Kolada's `kpi`). Where it does not, the
program says where each indicator's numbers come from (`source` in the program file): SCB's
table and content codes (from a PX file, SCB's API, or the start of PX-Web's file name), a file
name pattern, or the heading of a column of the municipality's own file. A Kolada id in the
file name ('N00957_ohalsotal.csv') is the last resort. Each file's rows that were tied to an
indicator this way are listed in one note, so that nobody has to guess why a file counted.

A table split by a variable the follow-up does not use (an age group) gives one value per
category: the program may pick the category (`select: {ålder: totalt}`), else the table's total
is used ('totalt ålder', the PX file's ELIMINATION), else no row of the table is used and the
note says how to choose.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from sources.columns import normalise_header
from sources.program import Indicator, Program

_TOKENS = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Tie:
    indicator: str
    how: str  # in Swedish, for the note: "programmets source: SCB-tabell BE0101N1"


def _file_tokens(file: str) -> set[str]:
    return {token.upper() for token in _TOKENS.findall(PurePosixPath(file).stem)}


def _by_scb(program: Program, table: str | None, content: str | None, file: str) -> Tie | None:
    tokens = _file_tokens(file)
    ties = []
    for indicator in program.indicators().values():
        scb = indicator.source.scb if indicator.source else None
        if scb is None:
            continue
        table_given = table or next((t for t in tokens if scb.table and t == scb.table.upper()), None)
        if scb.content and content:
            if scb.content.upper() != content.upper():
                continue
            if scb.table and table_given and scb.table.upper() != table_given.upper():
                continue
            where = f"SCB-innehåll {scb.content}" + (f" i tabell {scb.table}" if scb.table else "")
        elif scb.table and table_given and scb.table.upper() == table_given.upper():
            if scb.content and content and scb.content.upper() != content.upper():
                continue
            where = f"SCB-tabell {scb.table}" + ("" if table else " (i filens namn)")
        else:
            continue
        ties.append(Tie(indicator.id, f"programmets source anger {where}"))
    return ties[0] if len(ties) == 1 else None


def _by_file(program: Program, file: str) -> Tie | None:
    name = PurePosixPath(file).name.lower()
    ties = [Tie(i.id, f"programmets source anger filnamnet '{i.source.file}'") for i in program.indicators().values()
            if i.source and i.source.file and fnmatch.fnmatch(name, i.source.file.lower())]
    return ties[0] if len(ties) == 1 else None


def tie_rows(frame: pd.DataFrame, program: Program) -> pd.DataFrame:
    """`indicator` filled for rows without one, and `tied_by` saying how (None: the file named it)."""
    frame = frame.copy()
    frame["tied_by"] = pd.Series(None, index=frame.index, dtype="object")
    if frame.empty:
        return frame
    by_column = {normalise_header(i.source.column): i.id for i in program.indicators().values()
                 if i.source and i.source.column}
    measures_per_file = frame.groupby("file")["measure"].nunique()
    open_rows = frame["indicator"].isna()
    keys = ["file", "table", "content", "measure", "name_kpi"]
    cache: dict[tuple, Tie | None] = {}
    ties = []
    for record in frame.loc[open_rows, keys].itertuples(index=False):
        key = tuple(None if pd.isna(v) else v for v in record)
        if key not in cache:
            file, table, content, measure, kpi = key
            tie = None
            if measure is not None and normalise_header(measure) in by_column:
                tie = Tie(by_column[normalise_header(measure)], f"programmets source anger kolumnen '{measure}'")
            elif measure is None or measures_per_file.get(file, 0) == 1:
                tie = (_by_scb(program, table, content, file) or _by_file(program, file)
                       or (Tie(kpi, f"filens namn har Kolada-id:t {kpi}") if kpi else None))
            cache[key] = tie
        ties.append(cache[key])
    frame.loc[open_rows, "indicator"] = [tie.indicator if tie else None for tie in ties]
    frame.loc[open_rows, "tied_by"] = [tie.how if tie else None for tie in ties]
    return frame


def _same_category(chosen: str, value: str) -> bool:
    """'tot' or 'totalt ålder' picks 'tot totalt ålder' (code and label as PX-Web shows them)."""
    a, b = chosen.strip().lower(), value.strip().lower()
    if a == b:
        return True
    code, _, label = b.partition(" ")
    return a in (code, label)


def breakdown(frame: pd.DataFrame, program: Program) -> pd.Series:
    """Per row: None when it is used, else why not ('ålder: 20-64 år (programmet väljer totalt)')."""
    indicators = program.indicators()
    reasons = []
    for dims, totals, indicator in zip(frame["dims"], frame["dim_totals"], frame["indicator"], strict=True):
        if not isinstance(dims, str):
            reasons.append(None)
            continue
        values = json.loads(dims)
        totals_of = json.loads(totals) if isinstance(totals, str) else {}
        found = indicators.get(indicator) if isinstance(indicator, str) else None
        choices = {normalise_header(k): v for k, v in _choices(found).items()}
        reason = None
        for column, value in values.items():
            chosen = choices.get(normalise_header(column)) or totals_of.get(column)
            if chosen is None:
                reason = f"{column}: {value} (ingen kategori vald)"
                break
            if value is None or not _same_category(chosen, value):
                reason = f"{column}: {value} (används: {chosen})"
                break
        reasons.append(reason)
    return pd.Series(reasons, index=frame.index, dtype="object")


def _choices(indicator: Indicator | None) -> dict[str, str]:
    return indicator.source.choices() if indicator is not None and indicator.source else {}
