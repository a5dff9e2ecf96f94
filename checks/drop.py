"""Check a drop folder without making a report (the check-only mode)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checks.feedback import counts_text, grouped_issues
from checks.runner import Checked, check_all
from sources.intake import DroppedFile, take_in
from sources.program import Program
from sources.readers import read_dropped


def check_drop(program: Program, inbox: Path, min_year: int, max_year: int, archive: Path | None = None,
               settle_seconds: float = 0, docs_dir: Path | None = None, period: str | list[str] | None = None,
               program_issues: list | None = None) -> tuple[list[DroppedFile], Checked]:
    """Fingerprint, read and check every file in `inbox`; the files are only read.

    `period` is the period checked against (committee rows for another period are set aside)."""
    files, intake_issues = take_in(inbox, archive, settle_seconds=settle_seconds)
    results = [read_dropped(f) for f in files]
    return files, check_all(results, program, min_year, max_year, list(program_issues or []) + intake_issues,
                            docs_dir, period)


def feedback_lines(checked: Checked) -> list[str]:
    """Short Swedish feedback per file, then each issue with its place and what to do."""
    lines = []
    for f in checked.files.itertuples():
        period = f", {f.period}" if isinstance(f.period, str) and f.period else ""
        lines.append(f"{f.file}: {f.status} ({f.kind}{period}; {counts_text(f)})")
        own = checked.issues[checked.issues["file"] == f.file]
        for issue in grouped_issues(own):
            place = ", ".join(part for part in (
                f"flik {issue['sheet']}" if issue["sheet"] else "",
                f"rad {issue['rows']}" if issue["rows"] else "",
                f"kolumn {issue['column']}" if issue["column"] else "") if part)
            lines.append(f"  - [{issue['severity']}] {place + ': ' if place else ''}{issue['message']} "
                         f"(regel {issue['rule']})")
    orphans = checked.issues[~checked.issues["file"].isin(checked.files["file"])]
    for issue in orphans.itertuples():
        lines.append(f"{issue.file}: [{issue.severity}] {issue.message} (regel {issue.rule})")
    return lines


def files_table(dropped: list[DroppedFile], summary: pd.DataFrame) -> pd.DataFrame:
    """The per-file summary of the checks with each file's fingerprint, size and times."""
    prints = pd.DataFrame([{"file": f.name, "version": f.version, "sha256": f.sha256, "size": f.size,
                            "received": f.received, "modified": f.modified, "archived": str(f.archived)}
                           for f in dropped],
                          columns=["file", "version", "sha256", "size", "received", "modified", "archived"])
    return summary.merge(prints, on="file", how="outer")
