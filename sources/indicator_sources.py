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

from sources.columns import is_total, normalise_header
from sources.program import Indicator, Program

_TOKENS = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Tie:
    indicator: str
    how: str  # in Swedish, for the note: "programmets source: SCB-tabell BE0101N1"
    unconfirmed: str | None = None  # what the file could not confirm: "SCB-innehåll BE0101N1"


def _file_tokens(file: str) -> set[str]:
    return {token.upper() for token in _TOKENS.findall(PurePosixPath(file).stem)}


def _heading(text: str) -> str:
    """A column heading as the program names it: case and spacing aside, every character counts
    ('Andel nöjda besökare (%)' is not 'Andel nöjda besökare (antal svar)')."""
    return " ".join(str(text).split()).casefold()


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.upper() == b.upper()


def _by_scb(program: Program, table: str | None, content: str | None, file: str) -> Tie | None:
    """The indicator whose `source.scb` the file's table and content match. A table named only
    in the file name, or a file without content codes, ties the file but cannot confirm the
    content the program names: the tie says so (a PX-Web CSV of BE0101N1 may hold Folkökning)."""
    tokens = _file_tokens(file)
    ties = []
    for indicator in program.indicators().values():
        scb = indicator.source.scb if indicator.source else None
        if scb is None:
            continue
        table_given = table or next((t for t in tokens if scb.table and t == scb.table.upper()), None)
        if scb.table and table_given and not _same(scb.table, table_given):
            continue
        if scb.content and content:
            if not _same(scb.content, content):
                continue
            where = f"SCB-innehåll {scb.content}" + (f" i tabell {scb.table}" if scb.table else "")
            ties.append(Tie(indicator.id, f"programmets source anger {where}"))
        elif scb.table and table_given:
            where = f"SCB-tabell {scb.table}" + ("" if table else " (i filens namn)")
            unconfirmed = f"SCB-innehåll {scb.content}" if scb.content else None
            ties.append(Tie(indicator.id, f"programmets source anger {where}", unconfirmed))
    return ties[0] if len(ties) == 1 else None


def other_content(program: Program, table: str | None, content: str | None, file: str) -> str | None:
    """'BE0101N2 i tabell BE0101N1' when the file is a table the program reads for another
    content: the rows are set aside like a KPI the program does not use, not rejected."""
    if not content:
        return None
    tokens = _file_tokens(file)
    for indicator in program.indicators().values():
        scb = indicator.source.scb if indicator.source else None
        if scb is None or not scb.table:
            continue
        if _same(scb.table, table) or (table is None and scb.table.upper() in tokens):
            return f"{content} i tabell {scb.table}"
    return None


def _by_file(program: Program, file: str) -> Tie | None:
    name = PurePosixPath(file).name.lower()
    ties = [Tie(i.id, f"programmets source anger filnamnet '{i.source.file}'") for i in program.indicators().values()
            if i.source and i.source.file and fnmatch.fnmatch(name, i.source.file.lower())]
    return ties[0] if len(ties) == 1 else None


def tie_rows(frame: pd.DataFrame, program: Program) -> pd.DataFrame:
    """`indicator` filled for rows without one, and `tied_by` saying how (None: the file named it)."""
    frame = frame.copy()
    frame["tied_by"] = pd.Series(None, index=frame.index, dtype="object")
    frame["tie_unconfirmed"] = pd.Series(None, index=frame.index, dtype="object")
    frame["other_content"] = pd.Series(None, index=frame.index, dtype="object")
    if frame.empty:
        return frame
    by_column = {_heading(i.source.column): i.id for i in program.indicators().values()
                 if i.source and i.source.column}
    measures_per_file = frame.groupby("file")["measure"].nunique()
    open_rows = frame["indicator"].isna()
    keys = ["file", "table", "content", "measure", "name_kpi"]
    cache: dict[tuple, Tie | str | None] = {}  # a str: the other content of a table read
    ties = []
    for record in frame.loc[open_rows, keys].itertuples(index=False):
        key = tuple(None if pd.isna(v) else v for v in record)
        if key not in cache:
            file, table, content, measure, kpi = key
            tie = None
            if measure is not None and _heading(measure) in by_column:
                tie = Tie(by_column[_heading(measure)], f"programmets source anger kolumnen '{measure}'")
            elif measure is None or measures_per_file.get(file, 0) == 1:
                tie = (_by_scb(program, table, content, file) or _by_file(program, file)
                       or (Tie(kpi, f"filens namn har Kolada-id:t {kpi}") if kpi else None))
            cache[key] = tie if tie is not None else other_content(program, table, content, file)
        ties.append(cache[key])
    frame.loc[open_rows, "indicator"] = [tie.indicator if isinstance(tie, Tie) else None for tie in ties]
    frame.loc[open_rows, "tied_by"] = [tie.how if isinstance(tie, Tie) else None for tie in ties]
    frame.loc[open_rows, "tie_unconfirmed"] = [tie.unconfirmed if isinstance(tie, Tie) else None for tie in ties]
    frame.loc[open_rows, "other_content"] = [tie if isinstance(tie, str) else None for tie in ties]
    return frame


def _same_category(chosen: str, value: str) -> bool:
    """'tot' or 'totalt ålder' picks 'tot totalt ålder' (code and label as PX-Web shows them)."""
    a, b = chosen.strip().lower(), value.strip().lower()
    if a == b or (is_total(a) and is_total(b)):  # 'totalt' picks SCB's 'tot totalt ålder'
        return True
    code, _, label = b.partition(" ")
    return a in (code, label)


def breakdown(frame: pd.DataFrame, program: Program) -> pd.Series:
    """Per row: None when it is used, else why not ('ålder: 20-64 år (programmet väljer totalt)').
    Only rows of a split table are looked at, each distinct combination once (a national file
    has millions of rows and none of them split)."""
    return _per_split_row(frame, program, _reason)


def _per_split_row(frame: pd.DataFrame, program: Program, judge) -> pd.Series:
    """`judge(dims, dim_totals, indicator, indicators)` per row of a split table, each distinct
    combination once; None for the other rows."""
    found = pd.Series(None, index=frame.index, dtype="object")
    split = frame["dims"].notna()
    if not split.any():
        return found
    indicators = program.indicators()
    cache: dict[tuple, str | None] = {}
    values = []
    for key in zip(frame.loc[split, "dims"], frame.loc[split, "dim_totals"], frame.loc[split, "indicator"],
                   strict=True):
        if key not in cache:
            cache[key] = judge(*key, indicators)
        values.append(cache[key])
    found[split] = values
    return found


def group_of(frame: pd.DataFrame, program: Program) -> pd.Series:
    """Per row: the group (as the program's `groups.compare` writes it) when the row is one of the
    two groups its indicator compares, with every other splitting column at its used category;
    else None. Such a row is not the indicator's value, but it is kept for the gap between groups."""
    if not any(indicator.groups for indicator in program.indicators().values()):
        return pd.Series(None, index=frame.index, dtype="object")
    return _per_split_row(frame, program, _group)


def _group(dims: str, totals: object, indicator: object, indicators: dict[str, Indicator]) -> str | None:
    declared = indicators.get(indicator) if isinstance(indicator, str) else None
    if declared is None or declared.groups is None:
        return None
    values = json.loads(dims)
    column = next((key for key in values if normalise_header(key) == normalise_header(declared.groups.column)), None)
    if column is None or values[column] is None:
        return None
    group = next((name for name in declared.groups.compare if _same_group(name, values[column])), None)
    rest = {key: value for key, value in values.items() if key != column}
    if group is None or (rest and _reason(json.dumps(rest), totals, indicator, indicators) is not None):
        return None
    return group


def _same_group(name: str, value: str) -> bool:
    """'Utrikes född' is 'utrikes född', or SCB's code and label '2 utrikes född'."""
    a, b = name.strip().lower(), value.strip().lower()
    return a == b or b.partition(" ")[2] == a


def _reason(dims: str, totals: object, indicator: object, indicators: dict[str, Indicator]) -> str | None:
    values = json.loads(dims)
    totals_of = json.loads(totals) if isinstance(totals, str) else {}
    chosen_by = indicators.get(indicator) if isinstance(indicator, str) else None
    choices = {normalise_header(k): v for k, v in _choices(chosen_by).items()}
    for column, value in values.items():
        chosen = choices.get(normalise_header(column)) or totals_of.get(column)
        if chosen is None:
            return f"{column}: {value} (ingen kategori vald)"
        if value is None or not _same_category(chosen, value):
            return f"{column}: {value} (används: {chosen})"
    return None


def _choices(indicator: Indicator | None) -> dict[str, str]:
    return indicator.source.choices() if indicator is not None and indicator.source else {}
