"""What a run prints: the quiet default, --verbose, and the bar over the flow's steps."""

import logging
import os

from rich.progress import Progress

from flows.progress import ANNUAL_STEPS, QUARTERLY_STEPS, _StepHandler, quiet_prefect, step_bar


def _record(task_run_name: str, message: str) -> logging.LogRecord:
    record = logging.LogRecord("prefect.task_runs", logging.INFO, __file__, 1, message, None, None)
    record.task_run_name = task_run_name
    return record


def test_quiet_by_default_and_verbose_shows_prefects_lines(monkeypatch):
    monkeypatch.delenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", raising=False)
    handler = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        quiet_prefect(verbose=False)
        assert handler.level == logging.WARNING
        assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "WARNING"
        monkeypatch.delenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL")
        quiet_prefect(verbose=True)
        assert handler.level == logging.NOTSET
        assert "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL" not in os.environ
    finally:
        root.removeHandler(handler)


def test_the_bar_advances_on_finished_task_runs_and_names_the_next_step():
    progress = Progress(disable=True)
    job = progress.add_task("startar Prefect", total=len(ANNUAL_STEPS))
    handler = _StepHandler(progress, job, ANNUAL_STEPS)
    handler.emit(_record("check-975", "checks: 25 issues (2 errors)"))  # not a finish
    handler.emit(_record("rapport-1980", "Finished in state Completed()"))  # not a step of this flow
    assert progress.tasks[0].completed == 0
    handler.emit(_record("check-975", "Finished in state Completed()"))
    handler.emit(_record("charts-55e", "Finished in state Completed()"))
    assert handler.done == ["check", "charts"]
    assert progress.tasks[0].completed == 2
    assert progress.tasks[0].description == "räknar täckningen"
    handler.emit(_record("notify-486", "Finished in state Completed()"))
    assert progress.tasks[0].description == "klar"


def test_step_bar_completes_and_leaves_no_handler_behind():
    logger = logging.getLogger("prefect.task_runs")
    before = list(logger.handlers)
    with step_bar(QUARTERLY_STEPS, enabled=False):
        assert len(logger.handlers) == len(before) + 1
        logger.handlers[-1].emit(_record("status-document-1a2", "Finished in state Completed()"))
    assert logger.handlers == before
