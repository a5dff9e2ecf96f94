"""The quarterly follow-up flow: intake and checks, the reminder list of committees that have not
submitted, indicators with new values, and a short status document under <output>/<id>/<year>-Q<n>/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.tasks import artifacts_task, deliver, period_run, start_run, take_in_and_check
from report.method.quarterly import previous_quarter, quarter_label
from report.quarterly import write_quarterly_outputs
from report.run_folder import DATADOCS, next_version, publish, read_previous_latest
from report.texts import quarterly_markdown, quarterly_sentence
from sources.program import Program, peek_program_id
from sources.settings import RunSettings


def default_quarter(today: dt.date) -> tuple[int, int]:
    """A scheduled quarterly run reports on the quarter that has just ended."""
    return previous_quarter(today.year, (today.month - 1) // 3 + 1)


def run_name() -> str:
    parameters = flow_run.parameters
    year, quarter = parameters.get("year"), parameters.get("quarter")
    if not (year and quarter):
        year, quarter = default_quarter(dt.date.today())
    return f"kvartalsuppfoljning-{peek_program_id(parameters['program_path'])}-{year}-q{quarter}"


@task(cache_policy=NO_CACHE, name="previous-quarter", retries=2, retry_delay_seconds=2)
def previous_latest_task(output: Path, program: Program, year: int, quarter: int) -> dict | None:
    return read_previous_latest(output, program, year, quarter)


@task(cache_policy=NO_CACHE, name="status-document", retries=2, retry_delay_seconds=2)
def status_task(folder: Path, program: Program, period: str, settings: RunSettings, received, checked,
                previous: dict | None, started: dt.datetime, version: tuple[int, str]) -> tuple[Path, dict]:
    return write_quarterly_outputs(folder, program, period, settings, received, checked, previous, started, version)


@flow(name="quarterly_followup", flow_run_name=run_name, log_prints=False)
def quarterly_followup(program_path: Path, inbox: Path, output: Path, year: int | None = None,
                       quarter: int | None = None, feedback: Path | None = None,
                       settle_seconds: float = 5.0) -> Path:
    """Quarterly status of a program (default: the quarter that has just ended)."""
    if not (year and quarter):
        year, quarter = default_quarter(dt.date.today())
    period = quarter_label(year, quarter)
    run = start_run(program_path, inbox, output, year=year, feedback=feedback, settle_seconds=settle_seconds)
    settings, program = run.settings, run.program
    with period_run(run, period) as (staging, final):
        _, checked, received = take_in_and_check(settings, program, staging / DATADOCS, final / DATADOCS, period)
        previous = previous_latest_task(settings.output, program, year, quarter)
        report, summary = status_task(staging, program, period, settings, received, checked, previous,
                                      run.started, next_version(final))
        final = publish(staging, final)
    key = f"kvartalsuppfoljning-{program.id}-{period.lower()}"
    artifacts_task(key, quarterly_markdown(program, summary, final / report.name), checked.issues)
    deliver([final / report.name], run.operations, program, period, quarterly_sentence(summary), key)
    get_run_logger().info("quarterly status written to %s", final)
    return final
