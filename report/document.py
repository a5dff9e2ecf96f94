"""The Word document builder: page set-up, styles, then each registered section in order."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from report.assess import Assessment
from report.docx_tools import add_field, set_language, update_fields_on_open
from report.texts import dash_ranges
from sources.program import Program


@dataclass(frozen=True)
class ChartImage:
    path: Path | None  # None: no data, `alt` then says why
    alt: str


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
    coverage: pd.DataFrame | None = None  # per indicator: what the statistics cover (report/coverage.py)
    revisions: pd.DataFrame | None = None  # values a newer file revised (checks/runner.py)
    title_warnings: list[str] = field(default_factory=list)  # Swedish sentences shown on the title page

    @property
    def period(self) -> str:
        """'2023', or '2021-2022' for a program followed up every other year."""
        return self.program.period_label(self.year)


Section = Callable[[Document, ReportContext], None]


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)


def _page(document, context: ReportContext) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = dash_ranges(f"{context.program.municipality.name} – {context.program.name}, "
                              f"uppföljning {context.period}")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" av ")
    add_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


def build_document(context: ReportContext, sections: list[Section]) -> Document:
    document = Document()
    _styles(document)
    _page(document, context)
    set_language(document, "sv-SE")
    properties = document.core_properties
    properties.title = dash_ranges(f"Uppföljning {context.period}: {context.program.name}")
    properties.author = context.program.municipality.name
    properties.subject = (f"Årlig uppföljning av {context.program.name.lower()}, "
                          f"{context.program.municipality.name} {context.period}")
    properties.keywords = "hållbarhet; uppföljning; måluppfyllelse"
    properties.created = dt.datetime.combine(context.generated, dt.time(12, 0))
    properties.revision = int(context.version) if str(context.version).isdigit() else 1
    for section in sections:
        section(document, context)
    update_fields_on_open(document)
    return document


def save_document(document: Document, path: Path) -> Path:
    """Write to a temporary name, then rename: a reader never sees half a document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    document.save(partial)
    os.replace(partial, path)
    return path
