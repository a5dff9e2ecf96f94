"""The quarterly sequence: reminders, new values, summary.json, latest_periods.json, the status
document and the manifest, written into the run's staging folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from checks.runner import Checked
from report.document.builder import save_document
from report.document.quarterly import status_document
from report.method.quarterly import (
    LATEST,
    latest_periods,
    new_values,
    previous_quarter,
    quarter_label,
    quarterly_summary,
    reminder_list,
    stalled_actions,
)
from report.run_folder import protect, write_manifest
from sources.program import Program
from sources.settings import RunSettings


def write_quarterly_outputs(folder: Path, program: Program, period: str, settings: RunSettings, received: pd.DataFrame,
                            checked: Checked, previous: dict | None, started: dt.datetime,
                            version: tuple[int, str]) -> tuple[Path, dict]:
    """Reminders, new values, summary.json, latest_periods.json, the status document and manifest."""
    reminders = reminder_list(program, checked.submissions, period)
    current = latest_periods(checked.statistics, program.municipality.code)
    new = new_values(program, current, previous)
    earlier = quarter_label(*previous_quarter(int(period[:4]), int(period[-1])))
    stalled = stalled_actions(program, checked.submissions, period)
    summary = quarterly_summary(program, period, reminders, new, received, checked.issues,
                                None if previous is None else earlier, len(current), stalled)
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / LATEST).write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")
    protect(reminders).to_csv(folder / "paminnelser.csv", index=False)
    protect(checked.issues).to_csv(folder / "issues.csv", index=False)
    report = save_document(status_document(program, period, reminders, new, received, checked.issues,
                                           settings.today, len(current), stalled),
                           folder / f"kvartalsstatus_{program.id}_{period}.docx")
    write_manifest(folder, program, period, received, checked.issues, settings.parameters(), started, *version)
    return report, summary
