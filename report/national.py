"""One report per municipality from one national drop: split the checked data, then make each
municipality's report with the annual sequence (report/annual.py), as the annual run does.

`municipality_report` is a plain function of picklable arguments so that it can run in a Dask
worker; it returns a small dict (never the data) so that results travel cheaply.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import resource
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from report.annual import AnnualInput, annual_report
from report.locks import lock_path
from report.run_folder import period_dir, staged
from sources.locking import run_lock
from sources.national import code_in_file_name, program_for
from sources.program import Program


@dataclass(frozen=True)
class MunicipalityInput:
    """What one municipality's report needs, cut from the national data."""

    program: Program
    statistics: pd.DataFrame
    submissions: pd.DataFrame
    files: pd.DataFrame
    issues: pd.DataFrame
    revisions: pd.DataFrame | None = None  # revised values of its areas


def municipalities_in(statistics: pd.DataFrame, names: dict[str, str]) -> list[tuple[str, str]]:
    """The municipalities (code, name) that have rows in the statistics, in code order."""
    codes = set(statistics["area"].dropna().astype(str).unique()) & set(names)
    return [(code, names[code]) for code in sorted(codes)]


def split_national(program: Program, statistics: pd.DataFrame, submissions: pd.DataFrame, files: pd.DataFrame,
                   issues: pd.DataFrame, municipalities: list[tuple[str, str]],
                   revisions: pd.DataFrame | None = None) -> list[MunicipalityInput]:
    """Each municipality's slice: its own rows, its reference areas' and its peers' statistics; the
    submissions, files and issues of its own submission file and of the shared statistics files."""
    file_code = files["file"].map(code_in_file_name)
    shared_files = set(files.loc[file_code.isna(), "file"])
    submission_code = submissions["file"].map(code_in_file_name) if not submissions.empty else submissions["file"]
    issue_code = issues["file"].map(code_in_file_name) if not issues.empty else issues["file"]
    references = {i.reference for i in program.indicators().values() if i.reference}
    by_area = dict(tuple(statistics.groupby("area", sort=False)))
    result = []
    for code, name in municipalities:
        own = program_for(program, code, name)
        areas = {code, *references, *program.peers}
        frames = [by_area[area] for area in sorted(areas) if area in by_area]
        result.append(MunicipalityInput(
            program=own,
            statistics=pd.concat(frames, ignore_index=True) if frames else statistics.iloc[0:0],
            submissions=submissions[submission_code == code].reset_index(drop=True),
            files=files[(file_code == code) | files["file"].isin(shared_files)].reset_index(drop=True),
            issues=issues[(issue_code == code) | issues["file"].isin(shared_files)].reset_index(drop=True),
            revisions=None if revisions is None else revisions[revisions["area"].isin(areas)].reset_index(drop=True),
        ))
    return result


def municipality_report(data: MunicipalityInput, year: int, output: Path, generated: dt.date,
                        parameters: dict, *, datadocs: Path | None = None, feedback: str | None = None) -> dict:
    """One municipality's annual report (the annual sequence, as plain calls), under the same
    per-period lock as its annual run; returns its counts, path and this process's memory.

    `datadocs` is the national run's Data Docs folder: the report links to it."""
    started = dt.datetime.now(dt.UTC)
    program = data.program
    period = program.period_label(year)
    final = period_dir(output, program, period)
    link = Path(os.path.relpath(datadocs / "index.html", final)).as_posix() if datadocs else None
    with run_lock(lock_path(output, program.id, period), f"{program.name} {period}"), \
            staged(output, program, period) as staging:
        made = annual_report(AnnualInput(program=program, year=year, statistics=data.statistics,
                                         submissions=data.submissions, issues=data.issues, files=data.files,
                                         revisions=data.revisions),
                             staging, final, generated, parameters, started, datadocs=link, feedback=feedback)
    outcome = {"code": program.municipality.code, "name": program.municipality.name,
               "report": str(made.report), "goals": made.assessment.summary["goals"],
               "trends": made.assessment.summary["trends"]}
    del made
    # A report leaves its figures, documents and frames as cyclic garbage, which Python's
    # collector reaches only now and then; collected here, a worker's memory stays flat.
    gc.collect()
    if not gc.get_freeze_count():
        # After the process's first report, what is left is its imports and caches: frozen, the
        # collections of the next reports skip them (0,17 → 0,06 s of collecting a report, measured).
        gc.freeze()
    return {**outcome, "peak_memory_mb": peak_memory_mb(), "memory_mb": memory_mb(), "process": os.getpid()}


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_memory_mb() -> float:
    """The peak resident memory of this process so far (a Dask worker's, when run there).

    Linux's VmHWM belongs to this process image; ru_maxrss would also count the parent's peak
    before the worker was spawned (fork and exec keep it)."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_mb() -> float | None:
    """This process's resident memory now (None where /proc is missing)."""
    return _status_mb("VmRSS")
