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

from checks.outcome import Outcome
from checks.statistics_checks import check_statistics
from checks.submission_checks import check_submissions
from checks.suites import prepare_statistics, prepare_submissions, statistics_rules, submission_rules
from checks.validation import Validation
from sources.issues import ERROR, Issue, concat_issues, issues_frame, values_text
from sources.national import municipality_names
from sources.program import Program
from sources.readers import KIND_LABELS, ReadResult
from sources.statistics import empty_statistics
from sources.submissions import ACTION_FIELDS, empty_submissions
from sources.vocabulary import FILE_ACCEPTED, FILE_PARTLY, FILE_REJECTED, FILE_UNUSED, GROUP, NO_VALUE, USED

log = logging.getLogger(__name__)

FILE_COLUMNS = ["file", "kind", "rows", "accepted", "rejected", "set_aside", "cells_rejected", "status", "format",
                "period", "preamble", "lines"]  # rows: records (values); lines: the file's rows they stand on
GROUP_COLUMNS = ["indicator", "area", "period", "year", "group", "value", "file", "sheet", "row"]
REVISION_COLUMNS = ["indicator", "area", "period", "gender", "old_value", "old_file", "old_row", "new_value",
                    "new_file", "new_row"]

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
    groups: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GROUP_COLUMNS))  # compared groups


def file_recency(results: list[ReadResult]) -> dict[str, int]:
    """File -> rank by when it was received and last written (0 = the newest): a newer file's
    value replaces an older one's."""
    ordered = sorted(results, key=lambda r: (r.received or "", r.modified or "", r.file), reverse=True)
    return {result.file: rank for rank, result in enumerate(ordered)}


def _finish_statistics(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["value"].notna()].copy()  # an empty cell is "no value published"
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype(int)
    frame["quarter"] = frame["period"].str.extract(r"-Q([1-4])$")[0].astype("Int64")
    columns = ["indicator", "area", "period", "year", "quarter", "gender", "value", "status", "file", "sheet",
               "row", "sha256"]
    return frame[columns].reset_index(drop=True)


def _finish_groups(ledger: pd.DataFrame) -> pd.DataFrame:
    """The values of the groups the program compares (annual values with a number)."""
    if "state" not in ledger or "group" not in ledger:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    rows = ledger[(ledger["state"] == GROUP) & ledger["year"].notna()].copy()
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows = rows[rows["value"].notna() & ~rows["period"].astype("string").str.contains("Q", na=False)]
    rows["year"] = rows["year"].astype(int)
    return rows[GROUP_COLUMNS].reset_index(drop=True)


def _finish_submissions(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["cost_tkr"] = pd.to_numeric(frame["cost_tkr"], errors="coerce")
    frame["year"] = frame["year"].astype(int)
    columns = ["goal", "committee", "period", "year", "assessment", "trend", "comment", "activity",
               "activity_status", "cost_tkr", *ACTION_FIELDS, "file", "sheet", "row", "sha256"]
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
        listed = ", ".join(f"{area} ({values_text(count)})" for area, count in found.head(8).items())
        more = f" och {len(found) - 8} till" if len(found) > 8 else ""
        return [Issue(file="(inkorgen)", rule="kommunen_saknas", value=code,
                      message=(f"Ingen rad i statistiken gäller {name} ({code}), så inget nyckeltal kan bedömas. "
                               f"Områdena i filerna är {listed}{more}. Kontrollera kommunkoden i programfilen och "
                               f"i filerna (fyra siffror, här {code}), eller lämna in statistik för {name}."))]
    return []


def check_all(results: list[ReadResult], program: Program, min_year: int, max_year: int,
              intake_issues: list[Issue] | None = None, docs_dir: Path | None = None,
              period: str | list[str] | None = None, own_municipality: bool = True) -> Checked:
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
    titles = {result.file: lines[0] for result in results for lines in result.preamble.values() if lines}
    stats = check_statistics(statistics, program, statistics_rules(program, min_year, max_year), headers,
                             validation, recency, own_municipality, titles)
    submissions = prepare_submissions(gather("submissions", empty_submissions), program, period)
    subs = check_submissions(submissions, program, submission_rules(program, min_year, max_year), headers,
                             validation, recency, results)
    validation.write_docs()
    stats_used, stats_ledger = _kept(statistics, stats.outcome)
    subs_used, subs_ledger = _kept(submissions, subs.outcome)
    # A file wholly for another period has one note (checks/submission_checks.py); the goals its
    # template left empty concern that period's report, not this one.
    other_period = {issue.file for issue in subs.outcome.issues
                    if issue.rule == "period_för_körningen" and issue.row is None}
    reader_issues = [issue for issue in reader_issues
                     if not (issue.rule == "mål_ej_ifyllt" and issue.file in other_period)]
    issues = concat_issues([issues_frame(reader_issues + inbox_issues(results, statistics, program,
                                                                      own_municipality)),
                            issues_frame(stats.outcome.issues + subs.outcome.issues)])
    log.info("checks: %d statistics rows used of %d, %d submission rows used of %d, %d issues",
             len(stats_used), len(statistics), len(subs_used), len(submissions), len(issues))
    files = file_summary(results, [(statistics, stats.outcome), (submissions, subs.outcome)])
    revisions = pd.DataFrame(stats.outcome.revisions, columns=REVISION_COLUMNS)
    return Checked(_finish_statistics(stats_used), _finish_submissions(subs_used), issues, files, revisions,
                   stats_ledger, subs_ledger, _finish_groups(stats_ledger))


def file_status(rows: int, accepted: int, rejected: int, set_aside: int, cells: int, file_error: bool) -> str:
    if rows and accepted == rows and not cells and not file_error:
        return FILE_ACCEPTED
    if rows and not accepted and not rejected and set_aside == rows and not file_error:
        return FILE_UNUSED
    if accepted:
        return FILE_PARTLY
    return FILE_REJECTED


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
    lines: dict[str, int] = {}
    for prepared, outcome in kinds:
        if prepared.empty:
            continue
        for file, count in prepared.drop_duplicates(["file", "sheet", "row"]).groupby("file").size().items():
            lines[file] = lines.get(file, 0) + int(count)
        state = pd.Series("accepted", index=prepared.index)
        # a row of a compared group (program `groups`) is used, for the gap between the groups
        aside = [record_id for record_id, why in outcome.set_aside.items() if why != GROUP]
        state[prepared["record_id"].isin(aside)] = "set_aside"
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
                     "preamble": "\n".join(f"{sheet}: {line}" if sheet else line for sheet, above in
                                           result.preamble.items() for line in above) or None,
                     "lines": lines.get(result.file, 0)})
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

