"""Run the suites with Great Expectations and decide, per row and cell, what is used.

One rule everywhere: a row counted as accepted is a row used as read. Every row that is not
used is in the issue table with why: rejected (an error), or set aside (a note: replaced by a
newer file, the same value in a newer file, a submission for another period, a duplicate); a
rejected cell of a committee's row loses only itself. The per-file summary counts rows read,
accepted, rejected and set aside, and every accepted or set-aside record goes to the ledger
with its state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checks.issues import ERROR, NOTE, WARNING, Issue, concat_issues, issues_frame
from checks.suites import (
    Rule,
    prepare_statistics,
    prepare_submissions,
    statistics_rules,
    submission_rules,
)
from sources.national import municipality_names
from sources.program import Program
from sources.readers import KIND_LABELS, ReadResult
from sources.statistics import empty_statistics
from sources.submissions import empty_submissions

log = logging.getLogger(__name__)

FILE_STATUS_ACCEPTED = "accepterad"
FILE_STATUS_PARTLY = "delvis accepterad"
FILE_STATUS_REJECTED = "avvisad"
FILE_STATUS_UNUSED = "används inte"  # every row set aside: replaced by a newer file, or another period
FILE_COLUMNS = ["file", "kind", "rows", "accepted", "rejected", "set_aside", "cells_rejected", "status", "format",
                "period", "preamble"]
REVISION_COLUMNS = ["indicator", "area", "period", "gender", "old_value", "old_file", "old_row", "new_value",
                    "new_file", "new_row"]
# A record's state in the ledger.
USED, NO_VALUE, REPLACED, DUPLICATE, OTHER_PERIOD, OTHER_AREA = (
    "används", "saknar värde", "ersatt", "dubblett", "annan period", "annat område")


@dataclass
class Checked:
    """Accepted rows per kind, every issue, a line per file, and what the ledger keeps."""

    statistics: pd.DataFrame  # the values used
    submissions: pd.DataFrame  # the committees' rows used (a rejected cell is empty)
    issues: pd.DataFrame
    files: pd.DataFrame  # FILE_COLUMNS
    revisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVISION_COLUMNS))
    ledger_statistics: pd.DataFrame | None = None  # every accepted or set-aside record, with state
    ledger_submissions: pd.DataFrame | None = None


class Validation:
    """One Great Expectations context for a run: runs the suites and, when a folder is given,
    writes the run's Data Docs there (one site: suites and validation results)."""

    SITE = "followup"

    def __init__(self, docs_dir: Path | None = None) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.docs_dir = docs_dir
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        if docs_dir is not None:
            docs_dir.mkdir(parents=True, exist_ok=True)
            self.context.add_data_docs_site(site_name=self.SITE, site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            })

    def failing_records(self, frame: pd.DataFrame, rules: list[Rule], suite_name: str) -> dict[str, list[int]]:
        """Rule name -> record_ids of the rows that fail it."""
        failing: dict[str, list[int]] = {rule.name: [] for rule in rules}
        if frame.empty:
            return failing
        gx = self.gx
        asset = self.context.data_sources.add_pandas(suite_name).add_dataframe_asset("rader")
        batch = asset.add_batch_definition_whole_dataframe("alla")
        suite = gx.ExpectationSuite(name=suite_name)
        by_name = {rule.name: rule for rule in rules}
        for rule in rules:
            suite.add_expectation(rule.expectation())
        suite = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite_name, data=batch, suite=suite))
        result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ["record_id"]}
        if self.docs_dir is None:
            outcomes = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format).results
        else:
            from great_expectations.checkpoint import UpdateDataDocsAction

            checkpoint = self.context.checkpoints.add(gx.Checkpoint(
                name=suite_name, validation_definitions=[definition], result_format=result_format,
                actions=[UpdateDataDocsAction(name="datadocs", site_names=[self.SITE])]))
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            outcomes = next(iter(run.run_results.values())).results
        for outcome in outcomes:
            rule = by_name[outcome.expectation_config.meta["rule"]]
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                raise RuntimeError(f"Great Expectations kunde inte köra regeln {rule.name}: "
                                   f"{outcome.exception_info.get('exception_message')}")
            for entry in outcome.result.get("unexpected_index_list") or []:
                failing[rule.name].append(int(entry["record_id"]))
        return failing


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def _swedish(value: object) -> str:
    return _text(value).replace(".", ",")


@dataclass
class Outcome:
    """What the checks decided for the records of one kind."""

    rejected: set[int] = field(default_factory=set)
    set_aside: dict[int, str] = field(default_factory=dict)  # record_id -> state
    notes: dict[int, str] = field(default_factory=dict)  # record_id -> why (for the ledger)
    blanked: dict[str, set[int]] = field(default_factory=dict)  # canonical column -> record_ids
    issues: list[Issue] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)

    def open(self, record_id: int) -> bool:
        return record_id not in self.rejected and record_id not in self.set_aside

    def open_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` neither rejected nor set aside."""
        return frame[~frame["record_id"].isin(self.rejected | set(self.set_aside))]


class Checker:
    """Applies the rules of one kind to its prepared frame."""

    def __init__(self, prepared: pd.DataFrame, headers: dict[tuple[str, str, str], str], recency: dict[str, int]):
        self.prepared = prepared
        self.indexed = prepared.set_index("record_id", drop=False)
        self.headers = headers
        self.recency = recency  # file -> rank, 0 = the newest
        self.outcome = Outcome()

    def header(self, record, canonical: str) -> str:
        found = self.headers.get((record["file"], record["sheet"] or "", canonical), canonical)
        if found == "(årskolumnerna)":
            return _text(record.get("raw_period"))
        return found

    def issue(self, record, rule: str, severity: str, message: str, column: str = "", raw: str = "") -> None:
        self.outcome.issues.append(Issue(file=record["file"], sheet=record["sheet"] or "", row=int(record["row"]),
                                         column=self.header(record, column) if column else "", rule=rule,
                                         severity=severity, value=_text(record.get(raw)) if raw else "",
                                         message=message))

    def apply(self, rules: list[Rule], failing: dict[str, list[int]], skip: str) -> list[tuple[int, Rule]]:
        """Errors and notes of the rules; returns the warnings, given once the rows are settled."""
        unusable = set(self.prepared.loc[self.prepared["reader_error"].fillna(False).astype(bool), "record_id"])
        outcome = self.outcome
        outcome.rejected |= unusable
        warnings: list[tuple[int, Rule]] = []
        for rule in rules:
            if rule.name == skip:
                continue
            for record_id in failing[rule.name]:
                if record_id in unusable:
                    continue  # the reader's issue says why; a second one would only confuse
                record = self.indexed.loc[record_id]
                if rule.severity == ERROR:
                    if rule.scope == "cell":
                        outcome.blanked.setdefault(rule.column, set()).add(record_id)
                    else:
                        outcome.rejected.add(record_id)
                    self.issue(record, rule.name, ERROR, rule.message(record), rule.column, rule.raw)
                else:
                    warnings.append((record_id, rule))
        for record_id, rule in warnings:
            if rule.sets_aside and record_id not in outcome.rejected:
                outcome.set_aside[record_id] = OTHER_PERIOD
                outcome.notes[record_id] = rule.message(self.indexed.loc[record_id])
                self.issue(self.indexed.loc[record_id], rule.name, rule.severity,
                           outcome.notes[record_id], rule.column, rule.raw)
        return [(record_id, rule) for record_id, rule in warnings if not rule.sets_aside]

    def give_warnings(self, warnings: list[tuple[int, Rule]]) -> None:
        for record_id, rule in warnings:
            if self.outcome.open(record_id):
                record = self.indexed.loc[record_id]
                self.issue(record, rule.name, rule.severity, rule.message(record), rule.column, rule.raw)

    def set_aside(self, record_id: int, state: str, note: str) -> None:
        self.outcome.set_aside[record_id] = state
        self.outcome.notes[record_id] = note

    def overlaps(self, rule: Rule, value_columns: list[str], replaced_rule: str, replaced) -> None:
        """Rows with the same key. In one file: identical ones are used once, differing ones are
        all rejected. Across files: the newest file's row is used; an older row with the same
        value is set aside (one note per pair of files), one with another value is replaced."""
        open_rows = self.outcome.open_rows(self.prepared)
        keyed = open_rows[open_rows["key"].notna()]
        groups = keyed[keyed["key"].duplicated(keep=False)]
        if groups.empty:
            return
        groups = groups.assign(rank=groups["file"].map(self.recency).fillna(0).astype(int),
                               signature=groups[value_columns].astype("string").fillna("").agg("|".join, axis=1))
        same_pairs: dict[tuple[str, str], int] = {}
        for _, group in groups.groupby("key", sort=False):
            group = group.sort_values(["rank", "row"])
            winner = None
            for _, rows in group.groupby("rank", sort=True):
                if rows["signature"].nunique() == 1:
                    winner = rows.iloc[0]
                    places = ", ".join(f"rad {int(r)}" for r in rows["row"])
                    for _, duplicate in rows.iloc[1:].iterrows():
                        self.set_aside(int(duplicate["record_id"]), DUPLICATE, "dubblett i samma fil")
                        self.issue(duplicate, rule.name, WARNING,
                                   f"Dubblett: samma uppgift finns också i filen ({places}). Den används en gång; "
                                   "ta bort dubbletten nästa gång.", rule.column, rule.raw)
                    break
                places = ", ".join(f"{r['file']} rad {int(r['row'])}" for _, r in rows.iterrows())
                for _, conflicting in rows.iterrows():
                    self.outcome.rejected.add(int(conflicting["record_id"]))
                    self.issue(conflicting, rule.name, ERROR,
                               f"{rule.message(conflicting)} Värdena skiljer sig ({places}), så ingen av raderna "
                               "används. Behåll bara den rätta raden och lämna in filen igen.", rule.column, rule.raw)
            if winner is None:
                continue
            for _, older in group[group["rank"] > winner["rank"]].iterrows():
                record_id = int(older["record_id"])
                if older["signature"] == winner["signature"]:
                    self.set_aside(record_id, DUPLICATE, f"samma värde i {winner['file']} rad {int(winner['row'])}")
                    pair = (older["file"], winner["file"])
                    same_pairs[pair] = same_pairs.get(pair, 0) + 1
                    continue
                message, revision = replaced(older, winner)
                self.set_aside(record_id, REPLACED, f"ersatt av {winner['file']} rad {int(winner['row'])}")
                self.issue(older, replaced_rule, NOTE, message, rule.column, rule.raw)
                if revision:
                    self.outcome.revisions.append(revision)
        for (older, newer), count in same_pairs.items():
            self.outcome.issues.append(Issue(
                file=older, rule="finns_i_nyare_fil", severity=NOTE,
                message=(f"{count} {'rad' if count == 1 else 'rader'} finns också i den nyare filen {newer} med samma "
                         "värde och används därifrån.")))


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
    message = (f"Värdet {_swedish(older['value'])} har reviderats till {_swedish(winner['value'])} i den nyare filen "
               f"{winner['file']} (rad {int(winner['row'])}), som används.")
    revision = {"indicator": older["indicator"], "area": older["area"], "period": older["period"],
                "gender": older["gender"], "old_value": float(older["value"]), "old_file": older["file"],
                "old_row": int(older["row"]), "new_value": float(winner["value"]), "new_file": winner["file"],
                "new_row": int(winner["row"])}
    return message, revision


def _submission_replaced(older, winner) -> tuple[str, dict | None]:
    return (f"Bedömningen av mål {older['goal']} har ersatts av den senare inrapporteringen i {winner['file']} "
            f"(rad {int(winner['row'])}), som används."), None


def file_recency(results: list[ReadResult]) -> dict[str, int]:
    """File -> rank by when it was received and last written (0 = the newest): a newer file's
    value replaces an older one's."""
    ordered = sorted(results, key=lambda r: (r.received or "", r.modified or "", r.file), reverse=True)
    return {result.file: rank for rank, result in enumerate(ordered)}


def program_areas(program: Program) -> set[str]:
    """The areas a program's report uses: the municipality, its references, peers and districts."""
    areas = {program.municipality.code, *program.peers, *(d.code for d in program.districts)}
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


def _statistics_file_notes(prepared: pd.DataFrame, program: Program, outcome: Outcome) -> list[Issue]:
    """Per file: area names read as codes; no sex column where the program splits by sex."""
    notes: list[Issue] = []
    named = prepared[prepared["area_named"].notna()]
    for (file, sheet), rows in named.groupby(["file", "sheet"], sort=True, dropna=False):
        pairs = rows.drop_duplicates("area_named")
        listed = ", ".join(f"{r.area_named} → {r.area}" for r in pairs.itertuples())
        notes.append(Issue(file=file, sheet=_text(sheet), rule="områdesnamn", severity=NOTE,
                           value=", ".join(pairs["area_named"].astype(str))[:80],
                           message=f"Områdena är angivna med namn och har lästs som koder: {listed}."))
    by_sex = {ind.id for ind in program.indicators().values() if ind.by_sex}
    default = prepared[~prepared["gender_given"].fillna(True).astype(bool) & prepared["gender_hint"].isna()
                       & prepared["indicator"].isin(by_sex)]
    for (file, sheet), rows in default.groupby(["file", "sheet"], sort=True, dropna=False):
        ids = ", ".join(sorted(rows["indicator"].unique()))
        notes.append(Issue(file=file, sheet=_text(sheet), rule="kön_saknas", severity=WARNING,
                           message=(f"Filen har ingen kolumn för kön, så alla rader har lästs som totalt (T). "
                                    f"Programmet redovisar {ids} per kön: om filen bara har kvinnor eller män, "
                                    "lägg till en kolumn Kön (K eller M) och lämna in filen igen.")))
    return notes


def check_submissions(prepared: pd.DataFrame, program: Program, rules: list[Rule], headers,
                      validation: Validation, recency: dict[str, int], results: list[ReadResult]) -> Checker:
    checker = Checker(prepared, headers, recency)
    failing = validation.failing_records(prepared, rules, "inrapportering")
    warnings = checker.apply(rules, failing, "unik_bedömning")
    _supersede_files(checker)
    unique = next(rule for rule in rules if rule.name == "unik_bedömning")
    checker.overlaps(unique, ["assessment", "trend", "comment"], "ersatt_bedömning", _submission_replaced)
    _deduplicate_activities(checker)
    checker.give_warnings(warnings)
    checker.outcome.issues += _missing_goal_notes(prepared, program, results, checker.outcome)
    return checker


def _supersede_files(checker: Checker) -> None:
    """A later file of the same committee and period that assesses some of the same goals
    replaces an earlier one as a whole (a corrected copy beside the original: its activities
    are not counted twice); both files get a note. Files with different goals are both used."""
    prepared = checker.prepared
    open_rows = checker.outcome.open_rows(prepared)
    open_rows = open_rows[open_rows["committee"].notna() & open_rows["period"].notna()]
    per_file = open_rows.groupby("file").agg(committees=("committee", "nunique"), periods=("period", "nunique"),
                                             committee=("committee", "first"), period=("period", "first"),
                                             municipality=("municipality", "first"))
    single = per_file[(per_file["committees"] == 1) & (per_file["periods"] == 1)].reset_index()
    goals = {name: set(rows["key"].dropna()) for name, rows in open_rows.groupby("file")}
    for (committee, period, _), files in single.groupby(["committee", "period", "municipality"]):
        ordered = sorted(files["file"], key=lambda name: checker.recency.get(name, 0))
        replaced: dict[str, list[str]] = {}
        for position, newer in enumerate(ordered):
            if any(newer in older for older in replaced.values()):
                continue  # itself replaced by a still newer file
            for older in ordered[position + 1:]:
                if goals[newer] & goals[older] and not any(older in names for names in replaced.values()):
                    replaced.setdefault(newer, []).append(older)
        for newest, older_files in replaced.items():
            for name in older_files:
                for record_id in open_rows.loc[open_rows["file"] == name, "record_id"]:
                    checker.set_aside(int(record_id), REPLACED, f"filen ersatt av {newest}")
                checker.outcome.issues.append(Issue(
                    file=name, rule="ersatt_fil", severity=NOTE,
                    message=(f"Filen har ersatts av {newest}, en senare inrapportering från samma nämnd "
                             f"({committee}) för samma period ({period}) och samma mål. Ingen av raderna i den här "
                             "filen används; lämna bara in den senaste filen nästa gång.")))
            checker.outcome.issues.append(Issue(
                file=newest, rule="ersätter_fil", severity=NOTE,
                message=(f"Filen ersätter den tidigare inrapporteringen {', '.join(older_files)} från {committee} "
                         f"för {period}; bara den här filen används.")))


def _deduplicate_activities(checker: Checker) -> None:
    prepared = checker.prepared
    rows = checker.outcome.open_rows(prepared[prepared["activity"].notna()])
    if rows.empty:
        return
    key = (rows[["goal", "committee", "period", "municipality", "activity", "activity_status", "cost_tkr"]]
           .astype("string").fillna("").apply(lambda column: column.str.strip().str.lower()).agg("|".join, axis=1))
    first_row = rows.groupby(key)["row"].transform("first")
    for (_, record), first in zip(rows[key.duplicated()].iterrows(), first_row[key.duplicated()], strict=True):
        checker.set_aside(int(record["record_id"]), DUPLICATE, f"samma aktivitet som rad {int(first)}")
        checker.issue(record, "aktivitet_dubblett", WARNING,
                      f"Aktiviteten '{record['activity']}' finns redan på rad {int(first)} med samma status och "
                      "kostnad; den räknas en gång. Ta bort dubbletten nästa gång.", "activity", "activity")


def _missing_goal_notes(prepared: pd.DataFrame, program: Program, results: list[ReadResult],
                        outcome: Outcome) -> list[Issue]:
    """A goal of the committee that its template no longer lists (a deleted row)."""
    notes: list[Issue] = []
    titles = {goal.id: goal.title for _, goal in program.goals()}
    for result in results:
        for sheet, listed in result.listed_goals.items():
            own = prepared[(prepared["file"] == result.file) & (prepared["sheet"] == sheet)]
            committees = set(own["committee"].dropna()) or set()
            if len(committees) != 1 or all(not outcome.open(i) for i in own["record_id"]):
                continue
            committee = committees.pop()
            expected = [goal.id for _, goal in program.goals() if committee in goal.committees]
            for goal in expected:
                if goal not in listed:
                    notes.append(Issue(file=result.file, sheet=sheet, rule="mål_saknas_i_filen", severity=WARNING,
                                       value=goal,
                                       message=(f"Målet {goal} ({titles[goal]}) saknas i filen, fast {committee} "
                                                "ansvarar för det: raden kan ha tagits bort. Lägg tillbaka raden "
                                                "(eller fyll i en ny mall) och lämna in filen igen.")))
    return notes


def _finish_statistics(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["value"].notna()].copy()  # an empty cell is "no value published"
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype(int)
    frame["quarter"] = frame["period"].str.extract(r"-Q([1-4])$")[0].astype("Int64")
    columns = ["indicator", "area", "period", "year", "quarter", "gender", "value", "status", "file", "sheet",
               "row", "sha256"]
    return frame[columns].reset_index(drop=True)


def _finish_submissions(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["cost_tkr"] = pd.to_numeric(frame["cost_tkr"], errors="coerce")
    frame["year"] = frame["year"].astype(int)
    columns = ["goal", "committee", "period", "year", "assessment", "trend", "comment", "activity",
               "activity_status", "cost_tkr", "file", "sheet", "row", "sha256"]
    return frame[columns].reset_index(drop=True)


def _kept(prepared: pd.DataFrame, outcome: Outcome) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the rows used, with rejected cells emptied; every record for the ledger, with its state)."""
    frame = prepared[~prepared["record_id"].isin(outcome.rejected)].copy()
    for column, ids in outcome.blanked.items():
        frame.loc[frame["record_id"].isin(ids), column] = None
    frame["state"] = frame["record_id"].map(outcome.set_aside).fillna(USED)
    frame["note"] = frame["record_id"].map(outcome.notes)
    used = frame[frame["state"] == USED]
    if "indicator" in frame:  # statistics: a blank is kept as "no value published"
        frame.loc[(frame["state"] == USED) & frame["value"].isna(), "state"] = NO_VALUE
    return used, frame


def inbox_issues(results: list[ReadResult], statistics: pd.DataFrame, program: Program,
                 own_municipality: bool = True) -> list[Issue]:
    """An empty inbox, or statistics none of which are the program's municipality, is an error
    (a national drop needs rows for any of Sweden's municipalities: `own_municipality=False`)."""
    code, name = program.municipality.code, program.municipality.name
    if not results:
        return [Issue(file="(inkorgen)", rule="tom_inkorg",
                      message=("Inkorgen har inga filer att läsa. Lägg statistik (t.ex. exporter från Kolada) och "
                               "nämndernas inrapporteringar i inkorgen och kör igen."))]
    if statistics.empty:
        return [Issue(file="(inkorgen)", rule="statistik_saknas",
                      message=(f"Inkorgen har ingen statistik, så inget nyckeltal kan bedömas för {name}. Lägg "
                               "statistikfilerna (t.ex. exporter från Kolada) i inkorgen och kör igen."))]
    areas = statistics["area"].dropna().astype(str)
    if not own_municipality:
        if not areas.isin(list(municipality_names())).any():
            return [Issue(file="(inkorgen)", rule="kommunen_saknas",
                          message=("Ingen rad i statistiken gäller någon av Sveriges kommuner. Kontrollera "
                                   "kommunkoderna i filerna (fyra siffror, t.ex. 0114).")) ]
        return []
    if not (areas == code).any():
        found = areas.value_counts()
        listed = ", ".join(f"{area} ({count} rader)" for area, count in found.head(8).items())
        more = f" och {len(found) - 8} till" if len(found) > 8 else ""
        return [Issue(file="(inkorgen)", rule="kommunen_saknas", value=code,
                      message=(f"Ingen rad i statistiken gäller {name} ({code}), så inget nyckeltal kan bedömas. "
                               f"Områdena i filerna är {listed}{more}. Kontrollera kommunkoden i programfilen och "
                               f"i filerna (fyra siffror, här {code}), eller lämna in statistik för {name}."))]
    return []


def check_all(results: list[ReadResult], program: Program, min_year: int, max_year: int,
              intake_issues: list[Issue] | None = None, docs_dir: Path | None = None,
              period: str | None = None, own_municipality: bool = True) -> Checked:
    """Validate everything that was read; what is used goes on, the rest becomes issues.

    `period` is the run's period: committee rows for another period are set aside. With
    `docs_dir`, Great Expectations' Data Docs for the run are written there. A national drop
    (`own_municipality=False`) needs statistics for any municipality, not the program's own."""
    validation = Validation(docs_dir)
    headers = {(result.file, sheet, canonical): header
               for result in results for (sheet, canonical), header in result.headers.items()}
    reader_issues = list(intake_issues or []) + [issue for result in results for issue in result.issues]
    recency = file_recency(results)

    def gather(kind: str, empty) -> pd.DataFrame:
        frames = [result.frames[kind] for result in results if kind in result.frames]
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else empty()

    statistics = prepare_statistics(gather("statistics", empty_statistics), program)
    stats = check_statistics(statistics, program, statistics_rules(program, min_year, max_year), headers,
                             validation, recency, own_municipality)
    submissions = prepare_submissions(gather("submissions", empty_submissions), program, period)
    subs = check_submissions(submissions, program, submission_rules(program, min_year, max_year), headers,
                             validation, recency, results)
    stats_used, stats_ledger = _kept(statistics, stats.outcome)
    subs_used, subs_ledger = _kept(submissions, subs.outcome)
    issues = concat_issues([issues_frame(reader_issues + inbox_issues(results, statistics, program,
                                                                      own_municipality)),
                            issues_frame(stats.outcome.issues + subs.outcome.issues)])
    log.info("checks: %d statistics rows used of %d, %d submission rows used of %d, %d issues",
             len(stats_used), len(statistics), len(subs_used), len(submissions), len(issues))
    files = file_summary(results, [(statistics, stats.outcome), (submissions, subs.outcome)])
    revisions = pd.DataFrame(stats.outcome.revisions, columns=REVISION_COLUMNS)
    return Checked(_finish_statistics(stats_used), _finish_submissions(subs_used), issues, files, revisions,
                   stats_ledger, subs_ledger)


def file_status(rows: int, accepted: int, rejected: int, set_aside: int, cells: int, file_error: bool) -> str:
    if rows and accepted == rows and not cells and not file_error:
        return FILE_STATUS_ACCEPTED
    if rows and not accepted and not rejected and set_aside == rows and not file_error:
        return FILE_STATUS_UNUSED
    if accepted:
        return FILE_STATUS_PARTLY
    return FILE_STATUS_REJECTED


def _periods(statistics: pd.Series, submissions: pd.Series) -> str:
    """What a file covers: the committees' periods, or the span of years of its statistics."""
    if len(submissions):
        return ", ".join(sorted(set(submissions.dropna().astype(str))))
    years = pd.to_numeric(statistics.astype("string").str.slice(0, 4), errors="coerce").dropna()
    if years.empty:
        return ""
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


def file_summary(results: list[ReadResult], kinds: list[tuple[pd.DataFrame, Outcome]]) -> pd.DataFrame:
    """One line per file: what it held, how many rows were read, used, rejected and set aside."""
    counts: dict[str, dict[str, int]] = {}
    for prepared, outcome in kinds:
        if prepared.empty:
            continue
        state = pd.Series("accepted", index=prepared.index)
        state[prepared["record_id"].isin(outcome.set_aside)] = "set_aside"
        state[prepared["record_id"].isin(outcome.rejected)] = "rejected"
        blanked = set().union(*outcome.blanked.values()) if outcome.blanked else set()
        state_counts = pd.crosstab(prepared["file"], state)
        cells = prepared[prepared["record_id"].isin(blanked) & (state == "accepted")].groupby("file").size()
        for file, row in state_counts.iterrows():
            entry = counts.setdefault(file, {"accepted": 0, "rejected": 0, "set_aside": 0, "cells": 0})
            for name in ("accepted", "rejected", "set_aside"):
                entry[name] += int(row.get(name, 0))
            entry["cells"] += int(cells.get(file, 0))
    stats_period = {f: g for f, g in kinds[0][0].groupby("file")["period"]} if not kinds[0][0].empty else {}
    subs_period = {f: g for f, g in kinds[1][0].groupby("file")["period"]} if not kinds[1][0].empty else {}
    rows = []
    empty = pd.Series(dtype="string")
    for result in results:
        entry = counts.get(result.file, {"accepted": 0, "rejected": 0, "set_aside": 0, "cells": 0})
        total = entry["accepted"] + entry["rejected"] + entry["set_aside"]
        file_error = any(issue.severity == ERROR for issue in result.issues)
        rows.append({"file": result.file, "kind": KIND_LABELS.get(result.kind, "blandad"), "rows": total,
                     "accepted": entry["accepted"], "rejected": entry["rejected"], "set_aside": entry["set_aside"],
                     "cells_rejected": entry["cells"],
                     "status": file_status(total, entry["accepted"], entry["rejected"], entry["set_aside"],
                                           entry["cells"], file_error),
                     "format": describe_format(result.details),
                     "period": _periods(stats_period.get(result.file, empty), subs_period.get(result.file, empty)),
                     "preamble": "\n".join(f"{sheet}: {line}" if sheet else line for sheet, lines in
                                           result.preamble.items() for line in lines) or None})
    return pd.DataFrame(rows, columns=FILE_COLUMNS)


def describe_format(details: dict) -> str:
    """What was detected, in Swedish: 'CSV, teckenkodning cp1252, avgränsare ;, rubrik på rad 1'."""
    if not details:
        return ""
    parts = [details.get("format", "")]
    if "encoding" in details:
        parts.append(f"teckenkodning {details['encoding']}")
    if "separator" in details:
        parts.append("avgränsare " + {"\t": "tabb"}.get(details["separator"], details["separator"]))
    if details.get("header_row"):
        parts.append(f"rubrik på rad {details['header_row']}")
    for sheet, row in (details.get("header_rows") or {}).items():
        parts.append(f"flik {sheet}: rubrik på rad {row}")
    if "records" in details:
        parts.append(f"{details['records']} poster")
    return ", ".join(part for part in parts if part)

