"""The statistics' outcome: the rules, then the areas the program does not compare with, values
that a newer file revised, blanks that another file fills, and one note per file for what was
read in a way worth knowing (area names, a missing sex column)."""

from __future__ import annotations

import pandas as pd

from checks.issues import NOTE, WARNING, Issue
from checks.outcome import OTHER_AREA, REPLACED, Checker, Outcome, cell_text, swedish_decimal
from checks.suites import Rule
from checks.validation import Validation
from sources.national import municipality_names
from sources.program import Program


def program_areas(program: Program) -> set[str]:
    """The areas a program's report uses: the municipality, its references, peers and districts."""
    areas = {program.municipality.code, *program.peers, *(d.code for d in program.districts)}
    if program.deflator is not None:
        areas.add(program.deflator.area)
    if program.kommungrupp is not None:
        areas |= set(program.kommungrupp.members)
    if program.rating.peer_group == "all" or any(i.rating and i.rating.peer_group == "all"
                                                 for i in program.indicators().values()):
        areas |= set(municipality_names())
    for indicator in program.indicators().values():
        areas |= {indicator.reference} if indicator.reference else set()
        areas |= set(program.peers_for(indicator))
    return areas


def _other_areas(checker: Checker, program: Program) -> None:
    """Rows for areas the program does not compare with (an export of every municipality) are
    kept in the ledger but not used: one note per file says which."""
    used = program_areas(program)
    open_rows = checker.outcome.open_rows(checker.prepared)
    other = open_rows[open_rows["area"].notna() & ~open_rows["area"].isin(list(used))]
    for file, rows in other.groupby("file", sort=True):
        for record_id in rows["record_id"]:
            checker.set_aside(int(record_id), OTHER_AREA, "området jämförs inte i programmet")
        areas = sorted(rows["area"].astype(str).unique())
        listed = ", ".join(areas[:8]) + (f" och {len(areas) - 8} till" if len(areas) > 8 else "")
        checker.outcome.issues.append(Issue(
            file=file, rule="annat_område", severity=NOTE, value=", ".join(areas[:8]),
            message=(f"{len(rows)} {'rad gäller ett område' if len(rows) == 1 else 'rader gäller områden'} som "
                     f"programmet inte jämför med ({listed}); de används inte i rapporten men finns kvar i "
                     "registret. Lägg till områdena som jämförelse (reference eller peers) om de ska användas.")))


def check_statistics(prepared: pd.DataFrame, program: Program, rules: list[Rule], headers, validation: Validation,
                     recency: dict[str, int], own_municipality: bool = True) -> Checker:
    checker = Checker(prepared, headers, recency)
    failing = validation.failing_records(prepared, rules, "statistik")
    warnings = checker.apply(rules, failing, "unik_uppgift")
    if own_municipality:
        _other_areas(checker, program)
    unique = next(rule for rule in rules if rule.name == "unik_uppgift")
    checker.overlaps(unique, ["value"], "reviderat_värde", _statistics_replaced)
    _fill_blanks(checker)
    checker.give_warnings(warnings)
    checker.outcome.issues += _statistics_file_notes(prepared, program, checker.outcome)
    return checker


def _fill_blanks(checker: Checker) -> None:
    """A blank cell (no value published yet) where another file has a value: the value is used,
    the blank is set aside (one note per pair of files), never a conflict."""
    open_rows = checker.outcome.open_rows(checker.prepared)
    valued = open_rows[open_rows["value"].notna()].drop_duplicates("slot").set_index("slot")["file"]
    blanks = open_rows[open_rows["value"].isna() & open_rows["slot"].isin(valued.index)]
    pairs: dict[tuple[str, str], int] = {}
    for record in blanks.itertuples():
        source = valued[record.slot]
        checker.set_aside(int(record.record_id), REPLACED, f"tomt; värdet finns i {source}")
        pairs[(record.file, source)] = pairs.get((record.file, source), 0) + 1
    for (file, source), count in pairs.items():
        checker.outcome.issues.append(Issue(
            file=file, rule="tomt_värde_finns_i_annan_fil", severity=NOTE,
            message=(f"{count} {'tom cell' if count == 1 else 'tomma celler'} (uppgift saknas) har "
                     f"{'ett värde' if count == 1 else 'värden'} i filen {source}, som används.")))


def _statistics_replaced(older, winner) -> tuple[str, dict]:
    message = (f"Värdet {swedish_decimal(older['value'])} har reviderats till {swedish_decimal(winner['value'])} "
               f"i den nyare filen {winner['file']} (rad {int(winner['row'])}), som används.")
    revision = {"indicator": older["indicator"], "area": older["area"], "period": older["period"],
                "gender": older["gender"], "old_value": float(older["value"]), "old_file": older["file"],
                "old_row": int(older["row"]), "new_value": float(winner["value"]), "new_file": winner["file"],
                "new_row": int(winner["row"])}
    return message, revision


def _statistics_file_notes(prepared: pd.DataFrame, program: Program, outcome: Outcome) -> list[Issue]:
    """Per file: area names read as codes; no sex column where the program splits by sex."""
    notes: list[Issue] = []
    named = prepared[prepared["area_named"].notna()]
    for (file, sheet), rows in named.groupby(["file", "sheet"], sort=True, dropna=False):
        pairs = rows.drop_duplicates("area_named")
        listed = ", ".join(f"{r.area_named} → {r.area}" for r in pairs.itertuples())
        notes.append(Issue(file=file, sheet=cell_text(sheet), rule="områdesnamn", severity=NOTE,
                           value=", ".join(pairs["area_named"].astype(str))[:80],
                           message=f"Områdena är angivna med namn och har lästs som koder: {listed}."))
    by_sex = {ind.id for ind in program.indicators().values() if ind.by_sex}
    default = prepared[~prepared["gender_given"].fillna(True).astype(bool) & prepared["gender_hint"].isna()
                       & prepared["indicator"].isin(by_sex)]
    for (file, sheet), rows in default.groupby(["file", "sheet"], sort=True, dropna=False):
        ids = ", ".join(sorted(rows["indicator"].unique()))
        notes.append(Issue(file=file, sheet=cell_text(sheet), rule="kön_saknas", severity=WARNING,
                           message=(f"Filen har ingen kolumn för kön, så alla rader har lästs som totalt (T). "
                                    f"Programmet redovisar {ids} per kön: om filen bara har kvinnor eller män, "
                                    "lägg till en kolumn Kön (K eller M) och lämna in filen igen.")))
    return notes
