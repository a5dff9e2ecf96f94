"""The national follow-up: one report per municipality from one national drop, fanned out on
Dask. Intake and checks run once for the whole drop; each municipality's report is a task.

Only wiring: the splitting and the report are report/national.py's functions.
"""

from __future__ import annotations

import collections
import datetime as dt
import queue
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checks.runner import Checked
from flows.annual import default_year
from flows.tasks import start_run, take_in_and_check
from report.locks import national_lock_path
from report.national import MunicipalityInput, municipalities_in, municipality_report, split_national
from report.run_folder import DATADOCS, national_dir, write_national_summary
from sources.locking import run_lock
from sources.national import municipality_names
from sources.program import Program, peek_program_id
from sources.vocabulary import count_severity

READ_PART_SIZE = 10  # submission files a read task reads on a worker (a national drop has about 290)
REPORTS_PER_WORKER = 2  # reports submitted to the cluster at a time, per worker: one runs, one waits
T = TypeVar("T")


def completed(submit: Callable[[T], PrefectFuture], items: list[T], window: int) -> Iterator[tuple[PrefectFuture, T]]:
    """Submit the items `window` at a time and yield (future, item) in the order they finish,
    submitting the next item as each one finishes; a future is dropped once yielded.

    A window because Dask gives a worker every task submitted to it at once, with its data: with
    all 290 municipalities submitted, each worker held the inputs of about 145 reports waiting
    for it, and its memory rose by some 90 MB until they were done (measured: 300 → 406 MB, then
    back to 350). With two tasks a worker, one runs and one waits. Not Prefect's `as_completed`:
    it keeps every future it was given until the last one is done, so Dask kept every finished
    report's task on its worker. Here a future lives in `futures` until it finishes, then in the
    queue until it is yielded; the caller drops it after reading it."""
    count, waiting = len(items), collections.deque(items)
    del items  # the queue lets go of each item once it is submitted
    finished: queue.SimpleQueue = queue.SimpleQueue()
    futures: dict[PrefectFuture, T] = {}
    for _ in range(window - 1):
        _submit_next(submit, waiting, futures, finished)
    for _ in range(count):
        _submit_next(submit, waiting, futures, finished)
        yield _taken(finished.get(), futures)  # no local name: the paused generator holds nothing


def _submit_next(submit: Callable, waiting: collections.deque, futures: dict, finished: queue.SimpleQueue) -> None:
    """(A function of its own, so that no local name of the generator keeps the last future.)"""
    if waiting:
        item = waiting.popleft()
        future = submit(item)
        futures[future] = item
        future.add_done_callback(finished.put)


def _taken(future: PrefectFuture, futures: dict) -> tuple[PrefectFuture, object]:
    return future, futures.pop(future)


def run_name() -> str:
    parameters = flow_run.parameters
    year = parameters.get("year") or default_year(dt.date.today())
    return f"nationell-uppfoljning-{peek_program_id(parameters['program_path'])}-{year}"


@task(cache_policy=NO_CACHE, name="split-by-municipality")
def split_task(program: Program, checked: Checked, received, limit: int | None) -> list[MunicipalityInput]:
    municipalities = municipalities_in(checked.statistics, municipality_names())[:limit]
    get_run_logger().info("%d municipalities in the drop", len(municipalities))
    return split_national(program, checked.statistics, checked.submissions, received, checked.issues,
                          municipalities, checked.revisions)


@task(cache_policy=NO_CACHE, name="municipality-report", task_run_name="rapport-{data.program.municipality.code}")
def municipality_task(data: MunicipalityInput, year: int, output: Path, generated: dt.date,
                      parameters: dict, datadocs: Path, feedback: str) -> dict:
    return municipality_report(data, year, output, generated, parameters, datadocs=datadocs, feedback=feedback)


@task(cache_policy=NO_CACHE, name="national-summary", retries=2, retry_delay_seconds=2)
def summary_task(output: Path, program: Program, year: int, results: list[dict], failed: list[dict]) -> Path:
    return write_national_summary(output, program, year, results, failed)


@flow(name="national_followup", flow_run_name=run_name, log_prints=False)
def national_followup(program_path: Path, inbox: Path, output: Path, year: int | None = None,
                      feedback: Path | None = None, settle_seconds: float = 5.0, limit: int | None = None,
                      progress: bool = False, window: int = 2 * REPORTS_PER_WORKER) -> dict:
    """Make every municipality's report of the program; a failing municipality is listed, not fatal.

    One national run at a time per period (a lock); the Data Docs are written in the national
    run's folder and every report links to them. At most `window` reports are on the cluster at a
    time, and each report's future is dropped as soon as its result is read, so that Dask forgets
    the task (and the municipality's data) on its worker."""
    year = year or default_year(dt.date.today())
    run = start_run(program_path, inbox, output, year=year, feedback=feedback, settle_seconds=settle_seconds)
    settings, program = run.settings, run.program
    period = program.period_label(year)
    docs = national_dir(settings.output, program, period) / DATADOCS
    with run_lock(national_lock_path(settings.output, program.id, period), f"{program.name} {period} (nationell)",
                  run.operations.lock_wait_seconds):
        _, checked, received = take_in_and_check(settings, program, docs, docs, period, national=True,
                                                 read_part_size=READ_PART_SIZE)
        inputs = split_task(program, checked, received, limit)
        parameters = settings.parameters()

        def submit(item: MunicipalityInput) -> PrefectFuture:
            return municipality_task.submit(item, year, settings.output, settings.today, parameters, docs,
                                            str(settings.feedback_dir))

        results, failed = [], []
        columns = (TextColumn("Rapporter"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, disable=not progress, transient=False) as bar:
            counter = bar.add_task("rapporter", total=len(inputs))
            reports = completed(submit, inputs, window)
            del inputs  # each input is let go once its report is submitted
            for future, item in reports:
                municipality = item.program.municipality
                del item
                outcome = future.result(raise_on_failure=False)
                if isinstance(outcome, BaseException) or not future.state.is_completed():
                    failed.append({"code": municipality.code, "name": municipality.name, "error": str(outcome)})
                    get_run_logger().error("%s %s: %s", municipality.code, municipality.name, outcome)
                else:
                    results.append(outcome)
                del future, outcome
                bar.advance(counter)
        summary = summary_task(settings.output, program, year, results, failed)
    get_run_logger().info("%d reports, %d failed; summary %s", len(results), len(failed), summary)
    return {"reports": len(results), "failed": failed, "summary": str(summary),
            "issues": count_severity(checked.issues),
            "peak_memory_mb": max((r["peak_memory_mb"] for r in results), default=None),
            "memory": [{key: r[key] for key in ("process", "peak_memory_mb", "memory_mb")} for r in results]}


def dask_runner(address: str | None, workers: int):
    """An existing Dask cluster when its address is given, else a LocalCluster of `workers`
    single-threaded processes (matplotlib and python-docx are not thread-safe).

    The LocalCluster's workers do not profile themselves: Dask's statistical profiler samples
    every thread's stack every 10 ms and keeps a tree per second for the last 1 000 seconds, which
    grew a worker by about 10 MB a report (measured: the dicts that grew were its trees). A
    cluster given by address keeps its own configuration (set
    `distributed.worker.profile.enabled: false` there)."""
    import dask
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    dask.config.set({"distributed.worker.profile.enabled": False})  # passed to the workers by their nannies
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


def run_national(program_path: Path, inbox: Path, output: Path, year: int | None = None,
                 address: str | None = None, workers: int = 2, **options) -> dict:
    return national_followup.with_options(task_runner=dask_runner(address, workers))(
        program_path=program_path, inbox=inbox, output=output, year=year,
        window=REPORTS_PER_WORKER * workers, **options)
