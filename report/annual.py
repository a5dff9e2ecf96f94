"""The annual sequence, written once: assess, draw the charts, number the version, build and save
the report (and its PDF), write the web edition (webb/), the tables and the manifest, publish the
staging folder.

The annual flow and the national run both call `annual_report`. The flow passes `stage`, which
runs each step as a Prefect task (with its retries and its name in the UI); the national run's
Dask workers run the steps as plain calls.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from report.context import ReportContext
from report.document.builder import build_document, save_document
from report.document.figures import render_all_charts
from report.document.html import WEB, write_web_edition
from report.document.pdf import write_pdf
from report.document.sections import SECTIONS
from report.method.assess import Assessment, assess
from report.method.coverage import coverage
from report.method.previous import Previous
from report.run_folder import next_version, report_name, write_outputs
from sources.program import Program

log = logging.getLogger(__name__)

Stage = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def plain(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
    """Run a step as a plain call (the default `stage`)."""
    return step


@dataclass(frozen=True)
class AnnualInput:
    """The checked data one annual report is made from."""

    program: Program
    year: int
    statistics: pd.DataFrame
    submissions: pd.DataFrame
    issues: pd.DataFrame
    files: pd.DataFrame  # the files table (checks/drop.py's files_table)
    revisions: pd.DataFrame | None = None
    previous: Previous | None = None  # the previous period's ratings, for "change since"
    groups: pd.DataFrame | None = None  # values of the groups indicators compare (checks/runner.py)
    title_warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnnualReport:
    """A published annual report: its period folder, the report, the PDF if made, the assessment."""

    folder: Path
    report: Path
    pdf: Path | None
    assessment: Assessment
    version: int


def assess_input(data: AnnualInput) -> Assessment:
    previous = data.previous
    return assess(data.program, data.statistics, data.submissions, data.year,
                  previous.ratings if previous else None, previous.period if previous else None,
                  previous.basis if previous else None, previous.actions if previous else None, data.groups)


def write_report(context: ReportContext, path: Path) -> Path:
    return save_document(build_document(context, SECTIONS), path)


def pdf_if_possible(report: Path) -> Path | None:
    """The PDF with its table of contents filled in; None (and a warning) without LibreOffice or poppler."""
    try:
        return write_pdf(report, report.parent)
    except FileNotFoundError as exc:
        log.warning("ingen PDF: %s", exc)
        return None


def annual_report(data: AnnualInput, staging: Path, final: Path, generated: dt.date, parameters: dict,
                  started: dt.datetime, *, datadocs: str | None = None, feedback: str | None = None,
                  pdf: bool = False, stage: Stage = plain, chart_processes: int = 1) -> AnnualReport:
    """Make one annual report in `staging` and publish it as `final` (an earlier run's folder goes
    to history/). The caller made `staging` (run_folder.staged) and discards it if this raises.

    `chart_processes` draw the charts side by side (the national run's reports keep 1: its
    workers already use every core)."""
    program, year = data.program, data.year
    assessment = stage("assess", assess_input)(data)
    charts, overview, district_charts = stage("charts", render_all_charts)(
        program, data.statistics, assessment, staging / "diagram", chart_processes)
    version = next_version(final)
    context = ReportContext(program=program, year=year, assessment=assessment, submissions=data.submissions,
                            issues=data.issues, files=data.files, charts=charts, summary_chart=overview,
                            district_charts=district_charts, generated=generated, version=str(version[0]),
                            datadocs=datadocs, feedback=feedback,
                            coverage=stage("coverage", coverage)(program, data.statistics, year, assessment),
                            revisions=data.revisions, title_warnings=list(data.title_warnings))
    report = stage("write-report", write_report)(context, staging / report_name(program, context.period))
    stage("write-web", write_web_edition)(context, SECTIONS, staging / WEB)
    made_pdf = stage("write-pdf", pdf_if_possible)(report) if pdf else None
    folder = stage("write-outputs", write_outputs)(staging, final, context, parameters, started, version)
    return AnnualReport(folder=folder, report=folder / report.name,
                        pdf=folder / made_pdf.name if made_pdf else None, assessment=assessment,
                        version=version[0])
