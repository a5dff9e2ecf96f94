"""The Word document builder: page set-up, styles, then each registered section in order."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from report.context import ReportContext
from report.document.docx_tools import add_field, set_language, update_fields_on_open
from sources.formats import dash_ranges

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
    from report.document.toc import list_headings

    list_headings(document)  # the contents' stored result lists the headings (Word updates it on opening)
    update_fields_on_open(document)
    return document


def save_document(document: Document, path: Path) -> Path:
    """Write to a temporary name, then rename: a reader never sees half a document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    document.save(partial)
    os.replace(partial, path)
    return path
