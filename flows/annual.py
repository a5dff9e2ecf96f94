"""The annual follow-up flow: intake -> checks -> assessment -> charts -> report -> outputs ->
delivery.

Only wiring: every task calls a function of sources/, checks/ or report/. The same functions
are tested directly; this module adds Prefect's retries, logging, artifacts and run names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from checks.runner import Checked
from flows.tasks import artifacts_task, deliver, load_program_task, take_in_and_check
from report.context import ReportContext
from report.document.builder import build_document, save_document
from report.document.figures import render_all_charts
from report.document.pdf import write_pdf
from report.document.sections import SECTIONS
from report.method.assess import Assessment, assess
from report.method.coverage import coverage
from report.method.previous import Previous, periods_used, previous_run, recompute
from report.method.report_year import report_year_warnings
from report.run_folder import (
    DATADOCS,
    discard,
    lock_path,
    next_version,
    period_dir,
    report_name,
    staging_dir,
    write_outputs,
)
from report.texts import annual_markdown, counts_sentence, trends_sentence
from sources.locking import run_lock
from sources.program import Program, peek_program_id
from sources.settings import OperationSettings, RunSettings
from sources.vocabulary import count_severity


def default_year(today: dt.date) -> int:
    """A scheduled annual run reports on the previous calendar year."""
    return today.year - 1


def run_name() -> str:
    parameters = flow_run.parameters
    year = parameters.get("year") or default_year(dt.date.today())
    return f"arsuppfoljning-{peek_program_id(parameters['program_path'])}-{year}"


@task(name="previous-run", retries=2, retry_delay_seconds=2)
def previous_run_task(settings: RunSettings, program: Program, year: int) -> Previous | None:
    previous = previous_run(settings.output, program, year)
    get_run_logger().info("previous run: %s", previous.period if previous else "none")
    return previous


@task(name="previous-recomputed")
def recompute_task(program: Program, checked: Checked, year: int) -> Previous | None:
    """No earlier run: the previous period rated from the same files."""
    return recompute(program, checked.statistics, checked.submissions, year)


@task(name="assess")
def assess_task(program: Program, checked: Checked, year: int, previous: Previous | None) -> Assessment:
    assessment = assess(program, checked.statistics, checked.submissions, year,
                        previous.ratings if previous else None, previous.period if previous else None,
                        previous.basis if previous else None)
    get_run_logger().info("goals: %s; trends: %s", assessment.summary["goals"], assessment.summary["trends"])
    return assessment


@task(name="coverage")
def coverage_task(program: Program, checked: Checked, assessment: Assessment, year: int):
    return coverage(program, checked.statistics, year, assessment)


@task(name="charts")
def charts_task(program: Program, checked: Checked, assessment: Assessment, folder: Path) -> tuple:
    return render_all_charts(program, checked.statistics, assessment, folder)


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
                 started: dt.datetime, version: tuple[int, str]) -> Path:
    return write_outputs(folder, period_dir(settings.output, program, context.period), context,
                         settings.parameters(), started, version)


@flow(name="annual_followup", flow_run_name=run_name, log_prints=False)
def annual_followup(program_path: Path, inbox: Path, output: Path, year: int | None = None,
                    feedback: Path | None = None, settle_seconds: float = 5.0, pdf: bool = False,
                    allow_missing_years: bool = False) -> Path:
    """Make the annual follow-up report of a program (default: the previous year), deliver it,
    and return the period's output folder. A year after the statistics' last year is refused
    (YearBeyondData) unless `allow_missing_years`; then the title page says so."""
    started = dt.datetime.now(dt.UTC)
    year = year or default_year(dt.date.today())
    operations = OperationSettings()
    settings = RunSettings(program_path=program_path, inbox=inbox, output=output, year=year, feedback=feedback,
                           settle_seconds=settle_seconds, allow_missing_years=allow_missing_years)
    program = load_program_task(settings.program_path)
    period = program.period_label(year)
    final = period_dir(settings.output, program, period)
    with run_lock(lock_path(settings.output, program, period), f"{program.name} {period}",
                  operations.lock_wait_seconds):
        staging = staging_dir(settings.output, program, period)
        try:
            previous = previous_run_task(settings, program, year)
            _, checked, received = take_in_and_check(settings, program, staging / DATADOCS, final / DATADOCS,
                                                     periods_used(program, year, previous))
            # a year after the statistics' last year: refused (YearBeyondData) or a title page warning
            warnings = report_year_warnings(program, checked.statistics, year, settings.allow_missing_years)
            for warning in warnings:
                get_run_logger().warning(warning)
            assessment = assess_task(program, checked, year, previous or recompute_task(program, checked, year))
            charts, overview, district_charts = charts_task(program, checked, assessment, staging / "diagram")
            version = next_version(final)
            context = ReportContext(program=program, year=year, assessment=assessment,
                                    submissions=checked.submissions, issues=checked.issues, files=received,
                                    charts=charts, summary_chart=overview, district_charts=district_charts,
                                    generated=settings.today,
                                    version=str(version[0]), datadocs=f"{DATADOCS}/index.html",
                                    feedback=str(settings.feedback_dir),
                                    coverage=coverage_task(program, checked, assessment, year),
                                    revisions=checked.revisions, title_warnings=warnings)
            report = report_task(context, staging / report_name(program, period))
            made_pdf = pdf_task(report) if pdf else None
            final = outputs_task(staging, program, settings, context, started, version)
        except BaseException:
            discard(staging)
            raise
    summary = assessment.summary
    sentence = counts_sentence(summary["goals"], summary["goals_total"]) + " " + trends_sentence(summary["trends"])
    key = f"arsuppfoljning-{program.id}-{period}"
    report = final / report.name
    errors = count_severity(checked.issues)
    artifacts_task(key, annual_markdown(program, period, summary, sentence, report, version[0],
                                        settings.feedback_dir, errors), checked.issues)
    deliver([report] + ([final / made_pdf.name] if made_pdf else []), operations, program, period, sentence, key)
    get_run_logger().info("report written to %s", final)
    return final
