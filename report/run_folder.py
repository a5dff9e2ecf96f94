"""The run folder: where a run writes (<output>/<program id>/<period>/), its lock, staging,
versions and publishing, the tables and manifest it leaves beside the report (ratings.csv,
summary.json, issues.csv, manifest.json ...), and what a later run reads back from an earlier
one (its ratings, the quarter's latest periods).

A run writes into a staging folder and renames it into place when everything is written. A
folder from an earlier run of the same period is moved to history/, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import platform
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import pandas as pd

from report.context import ReportContext
from report.method.assess import ratings_table
from report.method.previous import PREVIOUS_RUN, Previous
from report.method.quarterly import LATEST, previous_quarter, quarter_label
from sources.program import Program
from sources.vocabulary import severity_counts

log = logging.getLogger(__name__)

DATADOCS = "datadocs"  # Great Expectations' Data Docs, inside the period's folder
ACTIONS = "actions.csv"  # the period's actions, followed up by the next period's run
PACKAGES = ["prefect", "pandas", "great_expectations", "python-docx", "matplotlib", "openpyxl",
            "pydantic", "pyarrow"]


def period_dir(output: Path, program: Program, period: str) -> Path:
    return output / program.id / period


def staging_dir(output: Path, program: Program, period: str) -> Path:
    """A new staging folder for the period. Called under the period's lock, so any staging folder
    of the period already there was left by a run that was killed: it is removed first."""
    for stale in (output / program.id).glob(f".{period}.staging-*"):
        log.warning("tar bort %s, kvar efter en avbruten körning", stale)
        discard(stale)
    path = output / program.id / f".{period}.staging-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


@contextmanager
def staged(output: Path, program: Program, period: str) -> Iterator[Path]:
    """A new staging folder for a run of the period, removed if the run fails before it is published."""
    staging = staging_dir(output, program, period)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise


def report_name(program: Program, period: str) -> str:
    return f"uppfoljning_{program.id}_{period}.docx"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "saknas"
    try:
        found["followup"] = metadata.version("followup")
    except metadata.PackageNotFoundError:
        found["followup"] = "okänd"
    return found


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe.

    Only text columns are touched (a dropped comment "=HYPERLINK(...)" or value "-5" as text);
    numbers stay numbers."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return safe


def unprotect(frame: pd.DataFrame) -> pd.DataFrame:
    """A table `protect` wrote, read back as the user wrote it (the apostrophe taken off again)."""
    plain = frame.copy()
    for column in plain.columns:
        plain[column] = plain[column].map(
            lambda v: v[1:] if isinstance(v, str) and v.startswith("'") and v[1:].startswith(FORMULA_STARTS) else v)
    if "cost_tkr" in plain:
        plain["cost_tkr"] = pd.to_numeric(plain["cost_tkr"], errors="coerce")
    return plain


def write_tables(folder: Path, context: ReportContext) -> list[Path]:
    """ratings.csv, summary.json, issues.csv, actions.csv, and where the run has them districts.csv,
    coverage.csv (what the statistics cover per indicator) and revisions.csv (revised values)."""
    assessment = context.assessment
    ratings = folder / "ratings.csv"
    protect(ratings_table(assessment)).to_csv(ratings, index=False, encoding="utf-8")
    summary = folder / "summary.json"
    summary.write_text(json.dumps(assessment.summary, ensure_ascii=False, indent=2), encoding="utf-8")
    issues_path = folder / "issues.csv"
    protect(context.issues).to_csv(issues_path, index=False, encoding="utf-8")
    written = [ratings, summary, issues_path]
    for name, frame in ((ACTIONS, assessment.actions), ("groups.csv", assessment.group_gaps),
                        ("districts.csv", assessment.districts),
                        ("coverage.csv", context.coverage), ("revisions.csv", context.revisions)):
        if frame is not None:
            path = folder / name
            protect(frame).to_csv(path, index=False, encoding="utf-8")
            written.append(path)
    return written


def next_version(final: Path) -> tuple[int, str]:
    """The version number of a new run for a period, and why it exists (for the manifest)."""
    manifest = final / "manifest.json"
    if not manifest.exists():
        return 1, "första körningen för perioden"
    earlier = json.loads(manifest.read_text(encoding="utf-8"))
    version = int(earlier.get("version", 1)) + 1
    return version, (f"ny körning för perioden; version {version - 1} från {earlier.get('finished_at', '?')} "
                     "finns kvar oförändrad under history/")


def write_manifest(folder: Path, program: Program, period: str, files: pd.DataFrame, issues: pd.DataFrame,
                   parameters: dict, started: dt.datetime, version: int = 1, reason: str = "") -> Path:
    outputs = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {
        "program": {"id": program.id, "name": program.name,
                    "municipality": program.municipality.model_dump()},
        "period": period,
        "version": version,
        "reason": reason,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
        "parameters": parameters,
        "inputs": json.loads(files.to_json(orient="records", force_ascii=False)),
        "issues": severity_counts(issues),
        "outputs": [{"file": p.relative_to(folder).as_posix(), "sha256": _sha256(p),
                     "size": p.stat().st_size} for p in outputs],
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def write_outputs(folder: Path, final: Path, context: ReportContext, parameters: dict, started: dt.datetime,
                  version: tuple[int, str]) -> Path:
    """Beside the report in the staging folder: the tables and the manifest (with the method in
    force); then the folder is published as the period's folder."""
    program = context.program
    write_tables(folder, context)
    write_manifest(folder, program, context.period, context.files, context.issues,
                   {**parameters, "rating": program.rating.model_dump()}, started, *version)
    return publish(folder, final)


def publish(staging: Path, final: Path) -> Path:
    """Move the finished staging folder into place; an earlier run's folder goes to history/."""
    if final.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        history = final.parent / "history" / final.name / stamp
        history.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final, history)
        log.info("earlier run of %s kept in %s", final.name, history)
    os.replace(staging, final)
    return final


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def national_dir(output: Path, program: Program, period: str) -> Path:
    """A national run's own folder: the summary of every municipality's report and the Data Docs."""
    return output / f"{program.id}-nationell" / period


def write_national_summary(output: Path, program: Program, year: int, results: list[dict],
                           failed: list[dict]) -> Path:
    """One row per municipality of a national run: its report and counts, or why it failed."""
    rows = [{"kod": r["code"], "kommun": r["name"], "status": "klar", "rapport": r["report"],
             **{f"mål_{k}": v for k, v in r["goals"].items()}, **{f"trend_{k}": v for k, v in r["trends"].items()},
             "fel": ""} for r in results]
    rows += [{"kod": f["code"], "kommun": f["name"], "status": "misslyckades", "rapport": "", "fel": f["error"]}
             for f in failed]
    folder = national_dir(output, program, program.period_label(year))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rapporter.csv"
    frame = pd.DataFrame(rows).sort_values("kod") if rows else pd.DataFrame(columns=["kod", "kommun", "status"])
    protect(frame).to_csv(path, index=False, encoding="utf-8")
    return path


def previous_run(output: Path, program: Program, year: int) -> Previous | None:
    """The ratings of the program's previous follow-up run (a year earlier, two for a biennial
    program), when that run's folder exists."""
    period = program.period_label(program.previous_year(year))
    path = period_dir(output, program, period) / "ratings.csv"
    if not path.exists():
        return None
    ratings = pd.read_csv(path, dtype={"id": "string", "goal_id": "string", "area_id": "string"})
    actions_path = path.parent / ACTIONS
    return Previous(period, ratings, PREVIOUS_RUN, read_actions(actions_path) if actions_path.exists() else None)


def read_actions(path: Path) -> pd.DataFrame:
    """An actions.csv a run wrote, as the run had it (text as written, costs as numbers)."""
    return unprotect(pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None))


def read_previous_latest(output: Path, program: Program, year: int, quarter: int) -> dict | None:
    """The latest periods recorded by the previous quarter's run, if there was one."""
    path = period_dir(output, program, quarter_label(*previous_quarter(year, quarter))) / LATEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
