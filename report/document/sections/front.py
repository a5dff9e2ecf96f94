"""The report's front matter: the title page (with the example notice) and the table of contents."""

from __future__ import annotations

from report.context import ReportContext
from report.document.model import Content, Run
from report.texts import EXAMPLE_NOTE, EXAMPLE_TITLE, join_words
from sources.formats import format_date


def title_page(context: ReportContext) -> Content:
    program = context.program
    out = Content()
    for _ in range(6):
        out.blank()
    out.text(program.municipality.name, size=16, bold=True)
    out.paragraph(Run(program.name), style="Title")
    out.text(f"Uppföljning {context.period}", size=20)
    out.blank()
    if program.parts:
        out.text("Rapporten följer upp " + join_words([part.name.lower() if index else part.name
                                                      for index, part in enumerate(program.parts)])
                 + " i ett dokument.", size=11)
    period = (f"Programperiod {program.period.start}–{program.period.end}. " if program.period else "")
    out.text(f"{period}Rapporten avser läget till och med {context.year}.", size=11)
    out.text(f"Datum: {format_date(context.generated)}", size=11)
    out.text(f"Version: {context.version}", size=11)
    out.text("Rapporten är framtagen automatiskt ur inlämnad statistik och nämndernas "
             "inrapportering; varje bedömning förklaras i bilaga 1.", italic=True, size=9)
    if program.example:
        out.blank()
        out.text(EXAMPLE_TITLE, bold=True, size=12)
        out.text(EXAMPLE_NOTE, size=10)
    for warning in context.title_warnings:
        out.blank()
        out.text(f"Observera: {warning}", bold=True, size=11)
    out.page_break()
    return out


def contents(context: ReportContext) -> Content:
    out = Content()
    out.contents("Innehåll")
    out.page_break()
    return out
