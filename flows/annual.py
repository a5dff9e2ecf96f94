"""The annual follow-up flow: intake -> checks -> the annual sequence (assessment, charts, report,
outputs) -> delivery.

Only wiring: every task calls a function of sources/, checks/ or report/; the sequence itself is
report/annual.py's `annual_report`, whose steps run here as Prefect tasks (`STAGES`). The same
functions are tested directly; this module adds Prefect's retries, logging, artifacts and run names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from checks.runner import Checked
from flows.tasks import artifacts_task, deliver, period_run, start_run, take_in_and_check
from report.annual import AnnualInput, annual_report
from report.method.previous import Previous, periods_used, recompute
from report.method.report_year import report_year_warnings
from report.run_folder import DATADOCS, previous_run
from report.texts import annual_markdown, counts_sentence, trends_sentence
from sources.program import Program, peek_program_id
from sources.settings import RunSettings
from sources.vocabulary import count_severity

# The annual sequence's steps as tasks: name -> options (retries on file I/O).
STAGES: dict[str, dict] = {
    "assess": {}, "charts": {}, "coverage": {},
    "write-report": {"retries": 2, "retry_delay_seconds": 2},
    "write-web": {"retries": 2, "retry_delay_seconds": 2},
    "write-pdf": {"retries": 1, "retry_delay_seconds": 5},
    "write-outputs": {"retries": 2, "retry_delay_seconds": 2},
}


def as_task(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
    """A step of the annual sequence run as a Prefect task of that name."""
    return task(step, name=name, cache_policy=NO_CACHE, **STAGES[name])


def default_year(today: dt.date) -> int:
    """A scheduled annual run reports on the previous calendar year."""
    return today.year - 1


def run_name() -> str:
    parameters = flow_run.parameters
    year = parameters.get("year") or default_year(dt.date.today())
    return f"arsuppfoljning-{peek_program_id(parameters['program_path'])}-{year}"


@task(cache_policy=NO_CACHE, name="previous-run", retries=2, retry_delay_seconds=2)
def previous_run_task(settings: RunSettings, program: Program, year: int) -> Previous | None:
    previous = previous_run(settings.output, program, year)
    get_run_logger().info("previous run: %s", previous.period if previous else "none")
    return previous


@task(cache_policy=NO_CACHE, name="previous-recomputed")
def recompute_task(program: Program, checked: Checked, year: int) -> Previous | None:
    """No earlier run: the previous period rated from the same files."""
    return recompute(program, checked.statistics, checked.submissions, year)


@flow(name="annual_followup", flow_run_name=run_name, log_prints=False)
def annual_followup(program_path: Path, inbox: Path, output: Path, year: int | None = None,
                    feedback: Path | None = None, settle_seconds: float = 5.0, pdf: bool = False,
                    allow_missing_years: bool = False) -> Path:
    """Make the annual follow-up report of a program (default: the previous year), deliver it,
    and return the period's output folder. A year after the statistics' last year is refused
    (YearBeyondData) unless `allow_missing_years`; then the title page says so."""
    year = year or default_year(dt.date.today())
    run = start_run(program_path, inbox, output, year=year, feedback=feedback, settle_seconds=settle_seconds,
                    allow_missing_years=allow_missing_years)
    settings, program = run.settings, run.program
    period = program.period_label(year)
    with period_run(run, period) as (staging, final):
        previous = previous_run_task(settings, program, year)
        _, checked, received = take_in_and_check(settings, program, staging / DATADOCS, final / DATADOCS,
                                                 periods_used(program, year, previous))
        # a year after the statistics' last year: refused (YearBeyondData) or a title page warning
        warnings = report_year_warnings(program, checked.statistics, year, settings.allow_missing_years)
        for warning in warnings:
            get_run_logger().warning(warning)
        data = AnnualInput(program=program, year=year, statistics=checked.statistics,
                           submissions=checked.submissions, issues=checked.issues, files=received,
                           revisions=checked.revisions, groups=checked.groups,
                           previous=previous or recompute_task(program, checked, year), title_warnings=warnings)
        made = annual_report(data, staging, final, settings.today, settings.parameters(), run.started,
                             datadocs=f"{DATADOCS}/index.html", feedback=str(settings.feedback_dir), pdf=pdf,
                             stage=as_task, chart_processes=run.operations.chart_processes)
    if pdf and made.pdf is None:  # report.annual.pdf_if_possible: a program it needs is missing
        get_run_logger().warning("ingen PDF: LibreOffice (soffice) eller pdftotext (poppler-utils) saknas")
    summary = made.assessment.summary
    get_run_logger().info("goals: %s; trends: %s", summary["goals"], summary["trends"])
    sentence = counts_sentence(summary["goals"], summary["goals_total"]) + " " + trends_sentence(summary["trends"])
    key = f"arsuppfoljning-{program.id}-{period}"
    artifacts_task(key, annual_markdown(program, period, summary, sentence, made.report, made.version,
                                        settings.feedback_dir, count_severity(checked.issues)), checked.issues)
    deliver([made.report] + ([made.pdf] if made.pdf else []), run.operations, program, period, sentence, key)
    get_run_logger().info("report written to %s", made.folder)
    return made.folder
