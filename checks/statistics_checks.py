"""The statistics' outcome: the rules, then the areas the program does not compare with, values
that a newer file revised, blanks that another file fills, and one note per file for what was
read in a way worth knowing (area names, a missing sex column)."""

from __future__ import annotations

import pandas as pd

from checks.outcome import (
    Checker,
    Outcome,
    cell_text,
    swedish_decimal,
)
from checks.plausibility import check_plausibility
from checks.suites import Rule
from checks.validation import Validation
from sources.columns import normalise_header
from sources.issues import NOTE, WARNING, Issue, row_ranges, values_text
from sources.national import municipality_names
from sources.program import Program
from sources.symbols import ORIGIN_NAMES
from sources.vocabulary import GROUP, OTHER_AREA, OTHER_BREAKDOWN, OTHER_INDICATOR, REPLACED


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


def _other_indicators(checker: Checker) -> None:
    """Rows of Kolada's KPIs that the program does not use (a national export holds hundreds)
    are kept in the ledger but not used: one note per file lists them with their rows."""
    prepared = checker.prepared
    measures = prepared[prepared["indicator_problem"] == "measure"]
    for (file, sheet), rows in measures.groupby(["file", "sheet"], sort=True, dropna=False):
        for record_id in rows["record_id"]:
            checker.set_aside(int(record_id), OTHER_INDICATOR, "kolumnen hör inte till något nyckeltal i programmet")
        columns = list(dict.fromkeys(rows["measure"].astype(str)))
        named = ", ".join(f"'{c}'" for c in columns)
        checker.outcome.issues.append(Issue(
            file=file, sheet=cell_text(sheet), rule="annat_nyckeltal", severity=NOTE, value=named[:120],
            message=(f"{'Kolumnen' if len(columns) == 1 else 'Kolumnerna'} {named} ({values_text(len(rows))}) hör inte "
                     "till något nyckeltal i programmet och används inte, men finns kvar i registret. Ange "
                     "source: {column: ...} under nyckeltalet i programfilen om kolumnen ska följas upp.")))
    contents = prepared[prepared["indicator_problem"] == "content"]
    for (file, sheet), rows in contents.groupby(["file", "sheet"], sort=True, dropna=False):
        for record_id in rows["record_id"]:
            checker.set_aside(int(record_id), OTHER_INDICATOR, "innehållet följs inte upp i programmet")
        named = ", ".join(dict.fromkeys(rows["other_content"].astype(str)))
        message = (f"SCB-innehåll{'en' if ', ' in named else 'et'} {named}: {values_text(len(rows))} hör inte till "
                   "något nyckeltal i programmet och används inte, men finns kvar i registret (rad "
                   f"{row_ranges(rows['row'].tolist())}). Ange source: {{scb: {{table: ..., content: ...}}}} under "
                   "ett nyckeltal om det ska följas upp.")
        severity = NOTE
        if not (prepared.loc[prepared["file"] == file, "indicator"].notna()).any():
            # Nothing of the file is used: the program's content code may be written otherwise.
            message += (" Inget av filens värden används: står programmets content som tabellens kod för "
                        "innehållet (t.ex. BE0101N1, inte Folkmängd)?")
            severity = WARNING
        checker.outcome.issues.append(Issue(file=file, sheet=cell_text(sheet), rule="annat_nyckeltal",
                                            severity=severity, value=named[:120], message=message))
    other = prepared[prepared["indicator_problem"] == "other"]
    for (file, sheet), rows in other.groupby(["file", "sheet"], sort=True, dropna=False):
        for record_id in rows["record_id"]:
            checker.set_aside(int(record_id), OTHER_INDICATOR, "nyckeltalet följs inte upp i programmet")
        counts = rows.groupby("indicator").size()
        ids = ", ".join(counts.index[:8]) + (f" och {len(counts) - 8} till" if len(counts) > 8 else "")
        each = ""
        if len(counts) > 1:
            each = (f" ({counts.iloc[0]} var)" if counts.nunique() == 1 else
                    " (" + ", ".join(f"{kpi}: {count}" for kpi, count in counts.head(8).items()) + ")")
        checker.outcome.issues.append(Issue(
            file=file, sheet=cell_text(sheet), rule="annat_nyckeltal", severity=NOTE, value=ids[:120],
            message=(f"{ids}: {len(rows)} {'rad hör' if len(rows) == 1 else 'rader hör'} inte till programmet{each} "
                     f"och används inte, men finns kvar i registret (rad {row_ranges(rows['row'].tolist())}). "
                     "Lägg till nyckeltalet i programfilen om det ska följas upp.")))


def _none_used(count: int) -> str:
    """'inget av filens 24 värden har använts', 'filens enda värde har inte använts'."""
    return "filens enda värde har inte använts" if count == 1 else f"inget av filens {count} värden har använts"


def _other_breakdown(checker: Checker, program: Program) -> None:
    """Rows of a table split by a variable the follow-up does not use (an age group): the chosen
    category is used, the others are set aside; one note per file and variable."""
    prepared = checker.prepared
    # A group the program compares (`groups`) is checked like any row, then kept apart (_keep_groups).
    aside = prepared[prepared["breakdown"].notna() & (prepared["group"].isna() if "group" in prepared else True)]
    for (file, sheet), rows in aside.groupby(["file", "sheet"], sort=True, dropna=False):
        for record in rows.itertuples():
            checker.set_aside(int(record.record_id), OTHER_BREAKDOWN, f"annan indelning ({record.breakdown})")
        columns = sorted({reason.split(":")[0] for reason in rows["breakdown"]})
        used = prepared[(prepared["file"] == file) & prepared["dims"].notna() & prepared["breakdown"].isna()]
        column_text = ", ".join(f"'{c}'" for c in columns)
        values = sorted({reason.split(": ", 1)[1].rsplit(" (", 1)[0] for reason in rows["breakdown"]})
        shown = ", ".join(values[:6]) + (f" och {len(values) - 6} till" if len(values) > 6 else "")
        chosen = sorted({reason.rsplit("(används: ", 1)[1].rstrip(")") for reason in rows["breakdown"]
                         if "(används: " in reason})
        chosen_text = ", ".join(f"'{c}'" for c in chosen)
        if used.empty and not chosen and len(values) == 1:
            message = (f"Kolumnen {column_text} har bara kategorin '{values[0]}', så filens värden gäller den "
                       f"kategorin och inte totalen; {_none_used(len(rows))}. Gäller "
                       "nyckeltalet den kategorin, ange den under nyckeltalet i programfilen: source: {select: "
                       f"{{{columns[0]}: \"{values[0]}\"}}}}; annars ta ut tabellen med totalen.")
            severity = WARNING
        elif used.empty and not chosen:
            message = (f"Kolumnen {column_text} delar upp värdena ({shown}) och ingen kategori är vald, så "
                       f"{_none_used(len(rows))}. Välj en kategori (t.ex. totalt) när tabellen "
                       "tas ut, eller ange den under nyckeltalet i programfilen: source: {select: "
                       f"{{{columns[0]}: ...}}}}.")
            severity = WARNING
        elif used.empty:
            message = (f"Kolumnen {column_text} delar upp värdena ({shown}), men kategorin {chosen_text} som "
                       f"programmet väljer finns inte i filen, så {_none_used(len(rows))}. "
                       "Ange en av filens kategorier under nyckeltalet i programfilen (source: {select: ...}), "
                       "eller ta ut tabellen med den kategorin.")
            severity = WARNING
        else:
            message = (f"Kolumnen {column_text} delar upp värdena; {values_text(len(used))} för "
                       f"{', '.join(chosen)} används och {len(rows)} för andra kategorier ({shown}) har lagts åt "
                       "sidan. En annan kategori väljs under nyckeltalet i programfilen: source: {select: ...}.")
            severity = NOTE
        compared = [(indicator.id, indicator.groups) for indicator in program.indicators().values()
                    if indicator.groups and indicator.id in set(rows["indicator"].dropna())
                    and normalise_header(indicator.groups.column) in {normalise_header(c) for c in columns}]
        for indicator_id, split in compared:
            message += (f" Programmet jämför för {indicator_id} grupperna '{split.compare[0]}' och "
                        f"'{split.compare[1]}' i kolumnen '{split.column}'; andra kategorier används inte. Skriv "
                        "grupperna som programmet gör, eller rätta groups i programfilen.")
        checker.outcome.issues.append(Issue(file=file, sheet=cell_text(sheet), rule="annan_indelning",
                                            severity=severity, value=column_text[:80], message=message))


def _keep_groups(checker: Checker) -> None:
    """The rows of the groups an indicator compares (program `groups`) that passed the rules: kept
    for the gap between the groups, apart from the indicator's value."""
    prepared = checker.prepared
    if "group" not in prepared:
        return
    for record in prepared[prepared["group"].notna()].itertuples():
        if checker.outcome.open(int(record.record_id)):
            checker.set_aside(int(record.record_id), GROUP, f"grupp: {record.group}")


def check_statistics(prepared: pd.DataFrame, program: Program, rules: list[Rule], headers, validation: Validation,
                     recency: dict[str, int], own_municipality: bool = True,
                     titles: dict[str, str] | None = None) -> Checker:
    """`titles`: each file's title line (PX-Web's heading), quoted where the file cannot confirm
    what it holds."""
    checker = Checker(prepared, headers, recency)
    failing = validation.failing_records(prepared, rules, "statistik")
    _other_indicators(checker)
    _other_breakdown(checker, program)
    warnings = checker.apply(rules, failing, "unik_uppgift")
    _keep_groups(checker)
    if own_municipality:
        _other_areas(checker, program)
    unique = next(rule for rule in rules if rule.name == "unik_uppgift")
    checker.overlaps(unique, ["value"], "reviderat_värde", _statistics_replaced)
    _fill_blanks(checker)
    checker.give_warnings(warnings)
    checker.outcome.issues += check_plausibility(checker, program, validation)
    checker.outcome.issues += _statistics_file_notes(prepared, program, checker.outcome, own_municipality,
                                                     titles or {})
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


def _marker_notes(prepared: pd.DataFrame) -> list[Issue]:
    """Per file: the symbols for a value that is not a number, what they mean in the file's
    source, and how they were read (SCB's '-' as 0, the others as no value)."""
    notes: list[Issue] = []
    marked = prepared[prepared["marker"].notna()]
    for (file, sheet), rows in marked.groupby(["file", "sheet"], sort=True, dropna=False):
        zero, missing = rows[rows["marker_zero"].fillna(False).astype(bool)], rows[
            ~rows["marker_zero"].fillna(False).astype(bool)]
        sentences = []
        origin = rows["origin"].dropna().iloc[0] if rows["origin"].notna().any() else None
        if not missing.empty:
            parts = []
            for (marker, text), group in missing.groupby(["marker", "marker_meaning"], sort=False, dropna=False):
                why = f" ({text})" if isinstance(text, str) and text != "uppgift saknas" else ""
                parts.append(f"'{marker}'{why} på rad {row_ranges(group['row'].tolist())}")
            marked = "värden är markerade som saknade" if len(missing) > 1 else "värde är markerat som saknat"
            sentences.append(f"{len(missing)} {marked} och har lästs som 'uppgift saknas': " + "; ".join(parts) + ".")
            dashes = missing[missing["marker"].isin(["-", "–", "—"])]
            if not dashes.empty and origin not in ("px", "scb", "kolada"):
                sentences.append("I SCB:s tabeller betyder '-' noll (inget finns att redovisa), men filen säger inte "
                                 "att den kommer från SCB. Är den det, ange tabellen under nyckeltalet i "
                                 "programfilen (source: {scb: {table: ...}}), så läses '-' som 0.")
        if not zero.empty:
            parts = [f"'{marker}' ({text}) på rad {row_ranges(group['row'].tolist())}"
                     for (marker, text), group in zero.groupby(["marker", "marker_meaning"], sort=False)]
            who = ORIGIN_NAMES.get(origin, "källans")
            sentences.append(f"{len(zero)} {'värden är' if len(zero) > 1 else 'värde är'} {who} tecken för noll "
                             "och har lästs som 0: " + "; ".join(parts) + ".")
        notes.append(Issue(file=file, sheet=cell_text(sheet), rule="saknat_värde", severity=NOTE,
                           value=", ".join(dict.fromkeys(rows["marker"].astype(str)))[:60],
                           message=" ".join(sentences)))
    return notes


def _tie_notes(prepared: pd.DataFrame, program: Program, titles: dict[str, str]) -> list[Issue]:
    """Per file and indicator: the rows that were tied to an indicator by the program's source.
    Where the file could not confirm the content the program names (a PX-Web CSV has no content
    codes), the note is a warning that quotes what the file says it holds."""
    notes: list[Issue] = []
    names = {i.id: i.name for i in program.indicators().values()}
    tied = prepared[prepared["tied_by"].notna() & prepared["indicator"].isin(list(names))]
    for (file, sheet, indicator, how, unconfirmed), rows in tied.groupby(
            ["file", "sheet", "indicator", "tied_by", "tie_unconfirmed"], sort=True, dropna=False):
        message = (f"Filen har ingen kolumn för nyckeltal; {values_text(len(rows))} har lästs som "
                   f"{indicator} ({names[indicator]}) eftersom {how}.")
        severity = NOTE
        if isinstance(unconfirmed, str):
            title = titles.get(file)
            said = f" Filens rubrik är '{title}'." if title else ""
            message += (f" Filen visar inte vilket innehåll tabellen har, så det går inte att se att det är "
                        f"{unconfirmed}.{said} Kontrollera att värdena är {names[indicator]}. En fil som har "
                        "tabellinnehållets kod (en PX-fil med variabeln tabellinnehåll, eller SCB:s API) bekräftar "
                        "det; har tabellen bara ett innehåll kan content tas bort ur source i programfilen.")
            severity = WARNING
        notes.append(Issue(file=file, sheet=cell_text(sheet), rule="nyckeltal_från_källa", severity=severity,
                           value=indicator, message=message))
    return notes


def _own_municipality_notes(prepared: pd.DataFrame, program: Program, outcome: Outcome) -> list[Issue]:
    """A statistics file in which no row is the program's municipality (or one of its districts)
    but some are areas the program does not compare with is said to be so, with the areas it
    has: it is most likely an export for the wrong municipality. A file of comparison areas only
    (Riket) is no mistake."""
    notes: list[Issue] = []
    own = {program.municipality.code, *(d.code for d in program.districts)}
    compared = program_areas(program)
    followed = prepared["area"].notna() & prepared["indicator"].isin(list(program.indicators()))
    for file, rows in prepared[followed].groupby("file", sort=True):
        areas = rows["area"].astype(str)
        if areas.isin(list(own)).any():
            continue
        found = areas.value_counts()
        listed = ", ".join(f"{area} ({values_text(count)})" for area, count in
                           found.head(8).items()) + (f" och {len(found) - 8} till" if len(found) > 8 else "")
        code, name = program.municipality.code, program.municipality.name
        if not set(found.index) <= compared:  # a file of comparison areas only (Riket) is no mistake
            notes.append(Issue(file=file, rule="kommunen_saknas_i_filen", severity=WARNING,
                               value=", ".join(found.index[:8]),
                               message=(f"Filen har inga rader för {name} ({code}); områdena i filen är {listed}. "
                                        f"Gäller filen en annan kommun? Kontrollera kommunkoden i filen (fyra "
                                        f"siffror, här {code}) och lämna in filen för {name}.")))
    return notes


def _statistics_file_notes(prepared: pd.DataFrame, program: Program, outcome: Outcome,
                           own_municipality: bool, titles: dict[str, str]) -> list[Issue]:
    """Per file: area names read as codes; no sex column where the program splits by sex; the
    symbols read; the rows tied to an indicator by the program; no row for the municipality."""
    notes: list[Issue] = _marker_notes(prepared) + _tie_notes(prepared, program, titles)
    if own_municipality:
        notes += _own_municipality_notes(prepared, program, outcome)
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
