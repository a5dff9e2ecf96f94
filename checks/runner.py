"""Run the suites with Great Expectations and split rows into accepted and rejected.

Nothing is dropped silently: every row that is not used appears in the issue table with the
rule it broke, and the per-file summary counts rows read, accepted and rejected.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from checks.issues import ERROR, WARNING, Issue, concat_issues, issues_frame
from checks.suites import (
    Rule,
    prepare_statistics,
    prepare_submissions,
    statistics_rules,
    submission_rules,
)
from sources.program import Program
from sources.readers import KIND_LABELS, ReadResult
from sources.statistics import empty_statistics
from sources.submissions import empty_submissions

log = logging.getLogger(__name__)

FILE_STATUS_ACCEPTED = "accepterad"
FILE_STATUS_PARTLY = "delvis accepterad"
FILE_STATUS_REJECTED = "avvisad"


@dataclass
class Checked:
    """Accepted rows per kind, every issue, and a line per file."""

    statistics: pd.DataFrame
    submissions: pd.DataFrame
    issues: pd.DataFrame
    files: pd.DataFrame  # file, kind, rows, accepted, rejected, status


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


def _duplicate_issues(prepared: pd.DataFrame, ids: list[int], rule: Rule, value_columns: list[str],
                      header) -> tuple[list[Issue], set[int]]:
    """Identical duplicates: the first is used, the others noted. Conflicting ones: all rejected."""
    issues: list[Issue] = []
    rejected: set[int] = set()
    rows = prepared.set_index("record_id").loc[sorted(ids)]
    for _, group in rows.groupby("key", sort=False):
        places = ", ".join(f"{record['file']} rad {record['row']}" for _, record in group.iterrows())
        identical = len(group[value_columns].astype("string").drop_duplicates()) == 1
        for position, (record_id, record) in enumerate(group.iterrows()):
            if identical and position == 0:
                continue
            rejected.add(int(record_id))
            if identical:
                message = (f"Dubblett: samma uppgift finns också på {places}. Den används en gång; "
                           "ta bort dubbletten nästa gång.")
                severity = WARNING
            else:
                message = (f"{rule.message(record)} Värdena skiljer sig ({places}), så ingen av "
                           "raderna används. Behåll bara den rätta raden och lämna in filen igen.")
                severity = ERROR
            issues.append(Issue(file=record["file"], sheet=record["sheet"] or "", row=int(record["row"]),
                                column=header(record, rule.column), rule=rule.name, severity=severity,
                                value=_text(record.get(rule.raw)), message=message))
    return issues, rejected


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def apply_rules(prepared: pd.DataFrame, rules: list[Rule], unique_rule: str, value_columns: list[str],
                headers: dict[tuple[str, str, str], str], validation: Validation,
                suite_name: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Accepted rows of `prepared` and the issues of the others."""

    def header(record, canonical: str) -> str:
        found = headers.get((record["file"], record["sheet"] or "", canonical), canonical)
        if found == "(årskolumnerna)":
            return _text(record.get("raw_period"))
        return found

    failing = validation.failing_records(prepared, rules, suite_name)
    indexed = prepared.set_index("record_id", drop=False)
    # Rows the reader could not use (a formula in a cell) already have their issue.
    unusable = set(prepared.loc[prepared["reader_error"].fillna(False).astype(bool), "record_id"])
    rejected: set[int] = set(unusable)
    warnings: list[tuple[int, Rule]] = []
    issues: list[Issue] = []
    for rule in rules:
        ids = failing[rule.name]
        if rule.name == unique_rule:
            continue
        for record_id in ids:
            if record_id in unusable:
                continue  # the reader's issue says why; a second one would only confuse
            if rule.severity == ERROR:
                rejected.add(record_id)
                record = indexed.loc[record_id]
                issues.append(Issue(file=record["file"], sheet=record["sheet"] or "",
                                    row=int(record["row"]), column=header(record, rule.column),
                                    rule=rule.name, severity=ERROR, value=_text(record.get(rule.raw)),
                                    message=rule.message(record)))
            else:
                warnings.append((record_id, rule))
    # Duplicates among rows that are otherwise fine (a broken row is no competitor).
    unique = next(rule for rule in rules if rule.name == unique_rule)
    duplicate_ids = [i for i in failing[unique_rule] if i not in rejected]
    still_duplicated = indexed.loc[duplicate_ids, "key"].duplicated(keep=False) if duplicate_ids else []
    duplicate_ids = [i for i, dup in zip(duplicate_ids, still_duplicated, strict=False) if dup]
    if duplicate_ids:
        found, dropped = _duplicate_issues(prepared, duplicate_ids, unique, value_columns, header)
        issues += found
        rejected |= dropped
    for record_id, rule in warnings:
        if record_id in rejected:
            continue
        record = indexed.loc[record_id]
        issues.append(Issue(file=record["file"], sheet=record["sheet"] or "", row=int(record["row"]),
                            column=header(record, rule.column), rule=rule.name, severity=WARNING,
                            value=_text(record.get(rule.raw)), message=rule.message(record)))
    accepted = prepared[~prepared["record_id"].isin(rejected)]
    return accepted, issues


def _finish_statistics(accepted: pd.DataFrame) -> pd.DataFrame:
    frame = accepted[accepted["value"].notna()].copy()  # an empty cell is "no value published"
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype(int)
    frame["quarter"] = frame["period"].str.extract(r"-Q([1-4])$")[0].astype("Int64")
    frame = frame[~frame["period"].str.match(r"^\d{4}-\d{4}$")].copy()  # statistics are per year or quarter
    columns = ["indicator", "area", "period", "year", "quarter", "gender", "value", "file", "sheet", "row",
               "sha256"]
    return frame[columns].reset_index(drop=True)


def _finish_submissions(accepted: pd.DataFrame) -> pd.DataFrame:
    frame = accepted.copy()
    frame["cost_tkr"] = pd.to_numeric(frame["cost_tkr"], errors="coerce")
    frame["year"] = frame["year"].astype(int)
    columns = ["goal", "committee", "period", "year", "assessment", "trend", "comment", "activity",
               "activity_status", "cost_tkr", "file", "sheet", "row", "sha256"]
    return frame[columns].reset_index(drop=True)


def check_all(results: list[ReadResult], program: Program, min_year: int, max_year: int,
              intake_issues: list[Issue] | None = None, docs_dir: Path | None = None) -> Checked:
    """Validate everything that was read; accepted rows go on, the rest become issues.

    With `docs_dir`, Great Expectations' Data Docs for the run are written there."""
    validation = Validation(docs_dir)
    headers = {(result.file, sheet, canonical): header
               for result in results for (sheet, canonical), header in result.headers.items()}
    reader_issues = list(intake_issues or []) + [issue for result in results for issue in result.issues]

    def gather(kind: str, empty) -> pd.DataFrame:
        frames = [result.frames[kind] for result in results if kind in result.frames]
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else empty()

    statistics = prepare_statistics(gather("statistics", empty_statistics), program)
    stats_ok, stats_issues = apply_rules(statistics, statistics_rules(program, min_year, max_year),
                                         "unik_uppgift", ["value"], headers, validation, "statistik")
    submissions = prepare_submissions(gather("submissions", empty_submissions))
    subs_ok, subs_issues = apply_rules(submissions, submission_rules(program, min_year, max_year),
                                       "unik_bedömning", ["assessment", "trend", "comment"], headers, validation,
                                       "inrapportering")
    issues = concat_issues([issues_frame(reader_issues), issues_frame(stats_issues + subs_issues)])
    log.info("checks: %d statistics rows accepted of %d, %d submission rows accepted of %d, %d issues",
             len(stats_ok), len(statistics), len(subs_ok), len(submissions), len(issues))
    files = file_summary(results, statistics, stats_ok, submissions, subs_ok)
    return Checked(_finish_statistics(stats_ok), _finish_submissions(subs_ok), issues, files)


def file_summary(results: list[ReadResult], statistics: pd.DataFrame, stats_ok: pd.DataFrame,
                 submissions: pd.DataFrame, subs_ok: pd.DataFrame) -> pd.DataFrame:
    """One line per file: what it held, how many rows were read, accepted and rejected."""
    read_counts = pd.concat([statistics["file"], submissions["file"]]).value_counts()
    ok_counts = pd.concat([stats_ok["file"], subs_ok["file"]]).value_counts()
    rows = []
    for result in results:
        total = int(read_counts.get(result.file, 0))
        accepted = int(ok_counts.get(result.file, 0))
        file_errors = any(issue.severity == ERROR for issue in result.issues)
        if total and accepted == total and not file_errors:
            status = FILE_STATUS_ACCEPTED
        elif accepted:
            status = FILE_STATUS_PARTLY
        else:
            status = FILE_STATUS_REJECTED
        rows.append({"file": result.file, "kind": KIND_LABELS.get(result.kind, "blandad"),
                     "rows": total, "accepted": accepted, "rejected": total - accepted,
                     "status": status, "format": describe_format(result.details)})
    return pd.DataFrame(rows, columns=["file", "kind", "rows", "accepted", "rejected", "status", "format"])


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
