"""The annual follow-up flow: intake -> checks -> assessment -> charts -> report -> outputs.

Only wiring: every task calls a function of sources/, checks/ or report/. The same functions
are tested directly; this module adds Prefect's retries, logging and run names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task

from checks.feedback import write_feedback
from checks.runner import Checked, check_all
from report.assess import Assessment, assess
from report.document import ReportContext, build_document, save_document
from report.outputs import (
    DATADOCS,
    discard,
    files_table,
    period_dir,
    previous_ratings,
    publish,
    render_charts,
    render_summary_chart,
    report_name,
    staging_dir,
    write_manifest,
    write_tables,
)
from report.pdf import write_pdf
from report.sections import SECTIONS
from sources.intake import DroppedFile, take_in
from sources.ledger import Ledger
from sources.program import Program, load_program
from sources.readers import ReadResult, read_source
from sources.settings import RunSettings


@task(name="load-program")
def load_program_task(path: Path) -> Program:
    return load_program(path)


@task(name="intake", retries=2, retry_delay_seconds=2)
def intake_task(settings: RunSettings) -> tuple[list[DroppedFile], list]:
    with Ledger(settings.ledger_path) as ledger:
        files, issues = take_in(settings.inbox, settings.archive_dir, ledger, settings.settle_seconds)
    get_run_logger().info("intake: %d files fingerprinted and archived", len(files))
    return files, issues


@task(name="read", retries=2, retry_delay_seconds=2)
def read_task(files: list[DroppedFile]) -> list[ReadResult]:
    return [read_source(f.archived, f.name, f.sha256) for f in files]


@task(name="feedback", retries=2, retry_delay_seconds=2)
def feedback_task(settings: RunSettings, received, checked: Checked, datadocs: Path) -> Path:
    index = write_feedback(settings.feedback_dir, received, checked.issues, datadocs)
    get_run_logger().info("feedback per file: %s", index)
    return index


@task(name="ledger", retries=2, retry_delay_seconds=2)
def ledger_task(settings: RunSettings, files, checked: Checked) -> None:
    with Ledger(settings.ledger_path) as ledger:
        ledger.record_outcome(files, checked.issues, checked.statistics, checked.submissions)


@task(name="check")
def check_task(results: list[ReadResult], program: Program, settings: RunSettings,
               intake_issues: list, docs_dir: Path) -> Checked:
    checked = check_all(results, program, settings.min_year, settings.max_year, intake_issues, docs_dir)
    get_run_logger().info("checks: %d issues (%d errors)", len(checked.issues),
                          int((checked.issues["severity"] == "fel").sum()))
    return checked


@task(name="previous-ratings", retries=2, retry_delay_seconds=2)
def previous_task(settings: RunSettings, program: Program, year: int) -> tuple:
    period, ratings = previous_ratings(settings.output, program, year)
    get_run_logger().info("previous period: %s", period or "none")
    return period, ratings


@task(name="assess")
def assess_task(program: Program, checked: Checked, year: int, previous: tuple) -> Assessment:
    period, ratings = previous
    assessment = assess(program, checked.statistics, checked.submissions, year, ratings, period)
    get_run_logger().info("goals: %s; trends: %s", assessment.summary["goals"], assessment.summary["trends"])
    return assessment


@task(name="charts")
def charts_task(program: Program, checked: Checked, assessment: Assessment, folder: Path) -> tuple:
    return render_charts(program, checked.statistics, folder), render_summary_chart(assessment, folder)


@task(name="write-report", retries=2, retry_delay_seconds=2)
def report_task(context: ReportContext, path: Path) -> Path:
    return save_document(build_document(context, SECTIONS), path)


@task(name="write-pdf", retries=1, retry_delay_seconds=5)
def pdf_task(report: Path) -> Path | None:
    """The PDF with its table of contents filled in (needs LibreOffice and poppler)."""
    try:
        return write_pdf(report, report.parent)
    except FileNotFoundError as exc:
        get_run_logger().warning("ingen PDF: %s", exc)
        return None


@task(name="write-outputs", retries=2, retry_delay_seconds=2)
def outputs_task(folder: Path, program: Program, settings: RunSettings, context: ReportContext,
                 started: dt.datetime) -> Path:
    write_tables(folder, context.assessment, context.issues)
    write_manifest(folder, program, str(context.year), context.files, context.issues,
                   {**settings.parameters(), "rating": program.rating.model_dump()}, started)
    return publish(folder, period_dir(settings.output, program, str(context.year)))


@flow(name="annual_followup", flow_run_name="annual-followup-{year}", log_prints=False)
def annual_followup(program_path: Path, inbox: Path, year: int, output: Path, feedback: Path | None = None,
                    settle_seconds: float = 5.0, pdf: bool = False) -> Path:
    """Make the annual follow-up report of a program; returns the period's output folder."""
    started = dt.datetime.now(dt.UTC)
    settings = RunSettings(program_path=program_path, inbox=inbox, output=output, year=year, feedback=feedback,
                           settle_seconds=settle_seconds)
    program = load_program_task(settings.program_path)
    files, intake_issues = intake_task(settings)
    results = read_task(files)
    staging = staging_dir(settings.output, program, str(year))
    try:
        checked = check_task(results, program, settings, intake_issues, staging / DATADOCS)
        received = files_table(files, checked.files)
        ledger_task(settings, received, checked)
        feedback_task(settings, received, checked, period_dir(settings.output, program, str(year)) / DATADOCS)
        assessment = assess_task(program, checked, year, previous_task(settings, program, year))
        charts, overview = charts_task(program, checked, assessment, staging / "diagram")
        context = ReportContext(program=program, year=year, assessment=assessment,
                                submissions=checked.submissions, issues=checked.issues,
                                files=received, charts=charts, summary_chart=overview, generated=settings.today,
                                datadocs=f"{DATADOCS}/index.html", feedback=str(settings.feedback_dir))
        report = report_task(context, staging / report_name(program, str(year)))
        if pdf:
            pdf_task(report)
        final = outputs_task(staging, program, settings, context, started)
    except BaseException:
        discard(staging)
        raise
    get_run_logger().info("report written to %s", final)
    return final
