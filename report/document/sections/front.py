"""The report's front matter: the title page (with the example notice) and the table of contents."""

from __future__ import annotations

from report.context import ReportContext
from report.document.docx_tools import add_field, add_text, clean, page_break
from report.texts import EXAMPLE_NOTE, EXAMPLE_TITLE, join_words
from sources.formats import format_date


def title_page(document, context: ReportContext) -> None:
    program = context.program
    for _ in range(6):
        document.add_paragraph()
    add_text(document, program.municipality.name, size=16, bold=True)
    document.add_paragraph(clean(program.name), style="Title")
    add_text(document, f"Uppföljning {context.period}", size=20)
    document.add_paragraph()
    if program.parts:
        add_text(document, "Rapporten följer upp " + join_words([part.name.lower() if index else part.name
                                                                   for index, part in enumerate(program.parts)])
                 + " i ett dokument.", size=11)
    period = (f"Programperiod {program.period.start}–{program.period.end}. " if program.period else "")
    add_text(document, f"{period}Rapporten avser läget till och med {context.year}.", size=11)
    add_text(document, f"Datum: {format_date(context.generated)}", size=11)
    add_text(document, f"Version: {context.version}", size=11)
    add_text(document, "Rapporten är framtagen automatiskt ur inlämnad statistik och nämndernas "
                         "inrapportering; varje bedömning förklaras i bilaga 1.", italic=True, size=9)
    if program.example:
        document.add_paragraph()
        add_text(document, EXAMPLE_TITLE, bold=True, size=12)
        add_text(document, EXAMPLE_NOTE, size=10)
    for warning in context.title_warnings:
        document.add_paragraph()
        add_text(document, f"Observera: {warning}", bold=True, size=11)
    page_break(document)


def contents(document, context: ReportContext) -> None:
    add_text(document, "Innehåll", style="TOC Heading")
    paragraph = document.add_paragraph()
    add_field(paragraph, 'TOC \\o "1-1" \\h \\z \\u',
              "Innehållsförteckningen uppdateras när dokumentet öppnas (i Word: högerklicka och "
              "välj Uppdatera fält).")
    page_break(document)
