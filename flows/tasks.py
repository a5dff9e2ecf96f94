"""Tasks shared by the flows: intake, reading, checks, ledger, feedback, artifacts, delivery.

Each task calls functions of sources/, checks/ and report/; retries are on file and database I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from checks.drop import files_table
from checks.runner import Checked, check_all
from report.delivery import compose_email, deliver_files, send_email
from report.document.feedback_pages import write_feedback
from report.locks import lock_path
from report.run_folder import period_dir, staged
from sources.intake import DroppedFile, take_in
from sources.kolada import program_issues
from sources.ledger import Ledger
from sources.locking import run_lock
from sources.program import Program, load_program
from sources.readers import ReadResult, read_dropped
from sources.settings import OperationSettings, RunSettings
from sources.vocabulary import count_severity

LARGE_FILE_BYTES = 5 * 2**20  # read in the flow's own process by read_in_parts
ARTIFACT_ROWS = 500  # a table artifact shows the first issues; the feedback pages have them all


def artifact_key(text: str) -> str:
    """Prefect artifact keys are lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9-]+", "-", text.lower().translate(str.maketrans("åäö", "aao"))).strip("-")


@dataclass(frozen=True)
class Run:
    """What every flow starts from: its settings, the operation settings and the program."""

    settings: RunSettings
    operations: OperationSettings
    program: Program
    started: dt.datetime


def start_run(program_path: Path, inbox: Path, output: Path, **settings) -> Run:
    """The preamble every flow shares: the start time, the settings and the program, loaded once."""
    started = dt.datetime.now(dt.UTC)
    run_settings = RunSettings(program_path=program_path, inbox=inbox, output=output, **settings)
    return Run(run_settings, OperationSettings.load(), load_program_task(run_settings.program_path), started)


@contextmanager
def period_run(run: Run, period: str) -> Iterator[tuple[Path, Path]]:
    """One run at a time for the program's period (a lock), in a staging folder that is discarded
    if the run fails; yields (staging folder, the period's final folder)."""
    program, output = run.program, run.settings.output
    with run_lock(lock_path(output, program.id, period), f"{program.name} {period}",
                  run.operations.lock_wait_seconds), staged(output, program, period) as staging:
        yield staging, period_dir(output, program, period)


@task(cache_policy=NO_CACHE, name="load-program")
def load_program_task(path: Path) -> Program:
    return load_program(path)


@task(cache_policy=NO_CACHE, name="intake", retries=2, retry_delay_seconds=2)
def intake_task(settings: RunSettings) -> tuple[list[DroppedFile], list]:
    with Ledger(settings.ledger_path) as ledger:
        files, issues = take_in(settings.inbox, settings.archive_dir, ledger, settings.settle_seconds)
    get_run_logger().info("intake: %d files fingerprinted and archived", len(files))
    return files, issues


@task(cache_policy=NO_CACHE, name="read", retries=2, retry_delay_seconds=2)
def read_task(files: list[DroppedFile]) -> list[ReadResult]:
    return [read_dropped(f) for f in files]


def read_in_parts(files: list[DroppedFile], part_size: int) -> list[ReadResult]:
    """The files read by the flow's task runner, `part_size` files a task (a national drop's 290
    submission files on the Dask workers instead of one after the other), in the files' order.

    A large file (a national statistics export) is read here: its rows come here anyway, and
    reading it on a worker would leave that worker's memory at its peak for the rest of the run."""
    small = [f for f in files if f.size < LARGE_FILE_BYTES]
    futures = [read_task.submit(small[start:start + part_size]) for start in range(0, len(small), part_size)]
    large = [f for f in files if f.size >= LARGE_FILE_BYTES]
    read = dict(zip((f.name for f in large), read_task(large) if large else [], strict=True))
    read.update(zip((f.name for f in small), (r for future in futures for r in future.result()), strict=True))
    return [read[f.name] for f in files]


@task(cache_policy=NO_CACHE, name="check")
def check_task(results: list[ReadResult], program: Program, settings: RunSettings,
               intake_issues: list, docs_dir: Path | None, period: str | list[str] | None,
               national: bool = False) -> Checked:
    issues = program_issues(program, settings.program_path.name) + list(intake_issues)
    checked = check_all(results, program, settings.min_year, settings.max_year, issues, docs_dir, period,
                        own_municipality=not national)
    get_run_logger().info("checks: %d issues (%d errors)", len(checked.issues),
                          count_severity(checked.issues))
    return checked


@task(cache_policy=NO_CACHE, name="ledger", retries=2, retry_delay_seconds=2)
def ledger_task(settings: RunSettings, files: pd.DataFrame, checked: Checked) -> None:
    with Ledger(settings.ledger_path) as ledger:
        ledger.record_outcome(files, checked.issues, checked.ledger_statistics, checked.ledger_submissions)


@task(cache_policy=NO_CACHE, name="feedback", retries=2, retry_delay_seconds=2)
def feedback_task(settings: RunSettings, received: pd.DataFrame, checked: Checked, datadocs: Path | None) -> Path:
    index = write_feedback(settings.feedback_dir, received, checked.issues, datadocs)
    get_run_logger().info("feedback per file: %s", index)
    return index


@task(cache_policy=NO_CACHE, name="artifacts")
def artifacts_task(key: str, markdown: str, issues: pd.DataFrame) -> None:
    """A markdown artifact with the run's counts and paths, and a table of the data issues."""
    key = artifact_key(key)
    create_markdown_artifact(key=key, markdown=markdown, description="Sammanfattning av körningen")
    rows = issues.head(ARTIFACT_ROWS).astype(object).where(issues.head(ARTIFACT_ROWS).notna(), "")
    create_table_artifact(key=f"{key}-problem", table=rows.to_dict(orient="records"),
                          description=f"Datakvalitet: {len(issues)} fel och varningar")


@task(cache_policy=NO_CACHE, name="deliver-files", retries=3, retry_delay_seconds=10)
def deliver_task(files: list[Path], operations: OperationSettings, program: Program, period: str) -> list[Path]:
    if operations.delivery_dir is None:
        return []
    delivered = deliver_files(files, operations.delivery_dir, program, period)
    get_run_logger().info("delivered: %s", ", ".join(str(p) for p in delivered))
    return delivered


@task(cache_policy=NO_CACHE, name="notify", retries=3, retry_delay_seconds=10)
def notify_task(operations: OperationSettings, program: Program, period: str, sentence: str, report: Path) -> bool:
    if not operations.smtp_host or not program.recipients:
        return False
    message = compose_email(program, period, sentence, report, operations.smtp_sender,
                            int(operations.max_attachment_mb * 1024 * 1024))
    send_email(message, operations.smtp_host, operations.smtp_port, operations.smtp_timeout)
    get_run_logger().info("e-mail sent to %s", ", ".join(program.recipients))
    return True


def deliver(files: list[Path], operations: OperationSettings, program: Program, period: str, sentence: str,
            key: str) -> dict:
    """Deliver and notify; a failure (after the retries) is reported, never raised: the report stays."""
    outcome = {"delivered": [], "notified": False, "problems": []}
    retry = {"retries": operations.delivery_retries, "retry_delay_seconds": operations.delivery_retry_delay}
    state = deliver_task.with_options(**retry)(files, operations, program, period, return_state=True)
    if state.is_completed():
        outcome["delivered"] = [str(p) for p in state.result()]
    else:
        outcome["problems"].append(f"Leveransen till {operations.delivery_dir} misslyckades: {state.message}")
    target = Path(outcome["delivered"][0]) if outcome["delivered"] else files[0]
    state = notify_task.with_options(**retry)(operations, program, period, sentence, target, return_state=True)
    if state.is_completed():
        outcome["notified"] = bool(state.result())
    else:
        outcome["problems"].append(f"E-post till {', '.join(program.recipients)} misslyckades: {state.message}")
    markdown = "\n".join([f"# Leverans {program.id} {period}", "",
                          *(f"- levererad: `{p}`" for p in outcome["delivered"]),
                          f"- e-post: {'skickad' if outcome['notified'] else 'inte skickad'}",
                          *(f"- **problem:** {p}" for p in outcome["problems"])])
    create_markdown_artifact(key=artifact_key(f"{key}-leverans"), markdown=markdown,
                             description="Leverans till tjänstepersoner")
    for problem in outcome["problems"]:
        get_run_logger().error(problem)
    return outcome


def take_in_and_check(settings: RunSettings, program: Program, docs_dir: Path | None,
                      linked_docs: Path | None, period: str | list[str] | None = None, national: bool = False,
                      read_part_size: int | None = None) -> tuple[list[DroppedFile], Checked, pd.DataFrame]:
    """The intake part every flow shares: take in, read, check, record in the ledger, give feedback.

    `docs_dir` is where this run's Data Docs are written; `linked_docs` where the feedback links to
    (the annual run writes into its staging folder and links to the published one). `period` is
    the run's period: committee rows for another period are set aside. With `read_part_size`
    the files are read in parts on the task runner (the national run's Dask workers)."""
    files, intake_issues = intake_task(settings)
    results = read_in_parts(files, read_part_size) if read_part_size else read_task(files)
    checked = check_task(results, program, settings, intake_issues, docs_dir, period, national)
    received = files_table(files, checked.files)
    ledger_task(settings, received, checked)
    feedback_task(settings, received, checked, linked_docs)
    return files, checked, received
