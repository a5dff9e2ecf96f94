"""Check a drop folder without making a report (the check-only mode)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checks.runner import Checked, check_all
from sources.intake import DroppedFile, take_in
from sources.program import Program
from sources.readers import read_source


def check_drop(program: Program, inbox: Path, min_year: int, max_year: int, archive: Path | None = None,
               settle_seconds: float = 0, docs_dir: Path | None = None) -> tuple[list[DroppedFile], Checked]:
    """Fingerprint, read and check every file in `inbox`; the files are only read."""
    files, intake_issues = take_in(inbox, archive, settle_seconds=settle_seconds)
    results = [read_source(f.archived, f.name, f.sha256) for f in files]
    return files, check_all(results, program, min_year, max_year, intake_issues, docs_dir)


def feedback_lines(checked: Checked) -> list[str]:
    """Short Swedish feedback per file, then each issue with its place and what to do."""
    lines = []
    for f in checked.files.itertuples():
        lines.append(f"{f.file}: {f.status} ({f.kind}; {f.rows} rader, {f.accepted} godtagna, "
                     f"{f.rejected} ej använda)")
        own = checked.issues[checked.issues["file"] == f.file]
        for issue in own.itertuples():
            place = ", ".join(part for part in (
                f"flik {issue.sheet}" if issue.sheet else "",
                f"rad {int(issue.row)}" if not pd.isna(issue.row) else "",
                f"kolumn {issue.column}" if issue.column else "") if part)
            lines.append(f"  - [{issue.severity}] {place + ': ' if place else ''}{issue.message} "
                         f"(regel {issue.rule})")
    orphans = checked.issues[~checked.issues["file"].isin(checked.files["file"])]
    for issue in orphans.itertuples():
        lines.append(f"{issue.file}: [{issue.severity}] {issue.message} (regel {issue.rule})")
    return lines
