"""What a report is made from: the program, the year, the assessment, the checked data and the
drawn charts. The method fills it; the document reads it and computes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from report.method.assess import Assessment
from sources.program import Program


@dataclass(frozen=True)
class ChartImage:
    path: Path | None  # None: no data, `alt` then says why; an SVG of the same chart lies beside it
    alt: str
    data: pd.DataFrame | None = None  # the numbers the chart shows (a column per line or bar), as text


@dataclass
class ReportContext:
    """Everything a section may show. Sections read it; none of them computes ratings."""

    program: Program
    year: int
    assessment: Assessment
    submissions: pd.DataFrame  # accepted submission rows
    issues: pd.DataFrame  # every issue of the run
    files: pd.DataFrame  # file, kind, period, rows, accepted, rejected, set_aside, status, sha256, size
    charts: dict[str, ChartImage] = field(default_factory=dict)  # indicator id -> chart
    summary_chart: ChartImage | None = None
    district_charts: dict[str, ChartImage] = field(default_factory=dict)  # district indicator id -> chart
    generated: dt.date = field(default_factory=dt.date.today)
    version: str = "1"
    datadocs: str | None = None  # Great Expectations' Data Docs, relative to the report
    feedback: str | None = None  # the folder with the feedback pages per file
    coverage: pd.DataFrame | None = None  # per indicator: what the statistics cover (report/method/coverage.py)
    revisions: pd.DataFrame | None = None  # values a newer file revised (checks/runner.py)
    title_warnings: list[str] = field(default_factory=list)  # Swedish sentences shown on the title page
    # each section's blocks once built: the Word document and the web edition show the same
    # blocks, so the second edition does not build them again (report/document/model.py `blocks_of`)
    blocks: dict[str, list] = field(default_factory=dict, repr=False, compare=False)

    @property
    def period(self) -> str:
        """'2023', or '2021-2022' for a program followed up every other year."""
        return self.program.period_label(self.year)
