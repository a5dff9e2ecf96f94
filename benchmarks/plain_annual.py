"""The bundled example's annual run as plain function calls in one new process: the limit that
`followup run` (the same stages under Prefect) is compared to.

    .venv/bin/python benchmarks/plain_annual.py PROGRAM INBOX OUTPUT YEAR

The same steps as flows/annual.py's flow, in the same order, without Prefect (no server, no task
runs, no artifacts); prints the seconds from the process's start to the end on stdout.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.drop import files_table  # noqa: E402
from checks.runner import check_all  # noqa: E402
from report.annual import AnnualInput, annual_report  # noqa: E402
from report.document.feedback_pages import write_feedback  # noqa: E402
from report.locks import lock_path  # noqa: E402
from report.method.previous import periods_used, recompute  # noqa: E402
from report.method.report_year import report_year_warnings  # noqa: E402
from report.run_folder import DATADOCS, period_dir, previous_run, staged  # noqa: E402
from sources.intake import take_in  # noqa: E402
from sources.kolada import program_issues  # noqa: E402
from sources.ledger import Ledger  # noqa: E402
from sources.locking import run_lock  # noqa: E402
from sources.program import load_program  # noqa: E402
from sources.readers import read_dropped  # noqa: E402
from sources.settings import OperationSettings, RunSettings  # noqa: E402


def plain_annual(program_path: Path, inbox: Path, output: Path, year: int) -> Path:
    started = dt.datetime.now(dt.UTC)
    settings = RunSettings(program_path=program_path, inbox=inbox, output=output, year=year, settle_seconds=0)
    program = load_program(settings.program_path)
    period = program.period_label(year)
    with run_lock(lock_path(output, program.id, period), period), staged(output, program, period) as staging:
        final = period_dir(output, program, period)
        previous = previous_run(settings.output, program, year)
        with Ledger(settings.ledger_path) as ledger:
            files, intake_issues = take_in(settings.inbox, settings.archive_dir, ledger, 0)
        results = [read_dropped(f) for f in files]
        issues = program_issues(program, settings.program_path.name) + list(intake_issues)
        checked = check_all(results, program, settings.min_year, settings.max_year, issues, staging / DATADOCS,
                            periods_used(program, year, previous))
        received = files_table(files, checked.files)
        with Ledger(settings.ledger_path) as ledger:
            ledger.record_outcome(received, checked.issues, checked.ledger_statistics, checked.ledger_submissions)
        write_feedback(settings.feedback_dir, received, checked.issues, final / DATADOCS)
        warnings = report_year_warnings(program, checked.statistics, year, False)
        data = AnnualInput(program=program, year=year, statistics=checked.statistics,
                           submissions=checked.submissions, issues=checked.issues, files=received,
                           revisions=checked.revisions, groups=checked.groups,
                           previous=previous or recompute(program, checked.statistics, checked.submissions, year),
                           title_warnings=warnings)
        made = annual_report(data, staging, final, settings.today, settings.parameters(), started,
                             datadocs=f"{DATADOCS}/index.html", feedback=str(settings.feedback_dir),
                             chart_processes=OperationSettings.load().chart_processes)
    return made.folder


if __name__ == "__main__":
    plain_annual(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
    sys.stdout.write(f"{time.perf_counter() - STARTED:.3f}\n")
