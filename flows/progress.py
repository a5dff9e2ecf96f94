"""What a run prints while it works: a progress bar over the flow's steps, not Prefect's log lines.

Prefect's per-task INFO lines still go to its API (the UI and `prefect flow-run logs`); on the
terminal only warnings and errors are shown unless `--verbose`. The bar advances when a task
run finishes, read from Prefect's task-run logger, so it needs nothing from the flows themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# The annual flow's steps in order, with the Swedish words the bar shows while each one runs next.
ANNUAL_STEPS: dict[str, str] = {
    "load-program": "läser programmet", "previous-run": "söker förra körningen", "intake": "tar emot filer",
    "read": "läser filerna", "check": "granskar uppgifterna", "ledger": "för liggaren",
    "feedback": "skriver återkopplingen", "previous-recomputed": "bedömer förra perioden",
    "assess": "bedömer målen", "charts": "ritar diagrammen", "coverage": "räknar täckningen",
    "write-report": "skriver rapporten", "write-web": "skriver webbutgåvan", "write-pdf": "skriver PDF",
    "write-outputs": "skriver tabellerna", "artifacts": "sparar sammanfattningen",
    "deliver-files": "levererar", "notify": "skickar e-post",
}

QUARTERLY_STEPS: dict[str, str] = {
    "load-program": "läser programmet", "intake": "tar emot filer", "read": "läser filerna",
    "check": "granskar uppgifterna", "ledger": "för liggaren", "feedback": "skriver återkopplingen",
    "previous-quarter": "söker förra kvartalet", "status-document": "skriver statusdokumentet",
    "artifacts": "sparar sammanfattningen",
}


def quiet_prefect(verbose: bool) -> None:
    """The terminal shows warnings and errors only: Prefect's console handler (set before Prefect
    configures its logging) and the command line's root handler, to which Prefect's loggers
    propagate. Prefect's API handler, and so the UI, keeps every level."""
    level = logging.NOTSET if verbose else logging.WARNING
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    for handler in logging.getLogger().handlers:  # the command line's own handler (flows/cli.py main)
        handler.setLevel(level)
        if not verbose and not any(isinstance(f, _NoRunFailures) for f in handler.filters):
            handler.addFilter(_NoRunFailures())


class _NoRunFailures(logging.Filter):
    """Leaves out of the terminal Prefect's errors about a failed task or flow run, tracebacks and
    all: the command says in one line why the run could not be made (or shows the traceback of a
    defect itself). Prefect's own log and UI keep them, and --verbose shows them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and record.name.startswith(("prefect.task_runs",
                                                                                  "prefect.flow_runs")))


class _StepHandler(logging.Handler):
    """Advances the bar when Prefect logs that a task run has finished."""

    def __init__(self, progress: Progress, job, steps: dict[str, str]) -> None:
        super().__init__(logging.INFO)
        self.progress, self.job, self.steps, self.done = progress, job, steps, []

    def emit(self, record: logging.LogRecord) -> None:
        name = str(getattr(record, "task_run_name", "")).rsplit("-", 1)[0]
        if name not in self.steps or not record.getMessage().startswith("Finished in state"):
            return
        self.done.append(name)
        following = list(self.steps)[list(self.steps).index(name) + 1:]
        self.progress.update(self.job, advance=1, description=self.steps[following[0]] if following else "klar")


@contextmanager
def step_bar(steps: dict[str, str], enabled: bool = True) -> Iterator[None]:
    """A bar over `steps` on standard error while the block runs, when it is a terminal; completed
    at the end (a run skips some steps, such as the PDF).

    Imports Prefect first: configuring its logging would remove a handler added before it."""
    import prefect  # noqa: F401

    console = Console(stderr=True)
    # Only on a terminal: in a scheduler's log a bar is noise, and a transient bar leaves an empty
    # line before the command's one-line reason.
    progress = Progress(TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, disable=not (enabled and console.is_terminal),
                        transient=True)
    job = progress.add_task("startar Prefect", total=len(steps))
    handler = _StepHandler(progress, job, steps)
    logger = logging.getLogger("prefect.task_runs")
    logger.addHandler(handler)
    try:
        with progress:
            yield
            progress.update(job, completed=len(steps), description="klar")
    finally:
        logger.removeHandler(handler)
