"""The Word renderer: writes a section's blocks (report/document/model.py) with python-docx, in
the report's look (the helpers of docx_tools.py)."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from report.context import ReportContext
from report.document.docx_tools import (
    HEADER_FILL,
    add_field,
    add_hyperlink,
    bold_first_body_row,
    bold_last_row,
    clean,
    fit_widths,
    fix_layout,
    grid_style,
    no_split,
    page_break,
    repeat_header,
    set_alt_text,
    set_cell_text,
    shade,
    styled_paragraph,
)
from report.document.model import (
    Block,
    Cell,
    Contents,
    Figure,
    FigureGrid,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    blocks_of,
)
from report.texts import TOC_PLACEHOLDER

TOC_FIELD = 'TOC \\o "1-1" \\h \\z \\u'


def _paragraph(document, block: Paragraph) -> None:
    paragraph = styled_paragraph(document, block.style)
    for run in block.runs:
        if run.link:
            add_hyperlink(paragraph, run.link, run.text)
            continue
        written = paragraph.add_run(clean(run.text))
        if run.bold is not None:
            written.bold = run.bold
        if run.italic is not None:
            written.italic = run.italic
        if run.size:
            written.font.size = Pt(run.size)
    if block.center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _cell(cell, value: object, size: float) -> None:
    if isinstance(value, Cell):
        set_cell_text(cell, value.text, bold=bool(value.bold), size=size)
        if value.fill:
            shade(cell, value.fill)
    else:
        set_cell_text(cell, value, size=size)


def _table(document, block: Table) -> None:
    """A table with a marked, repeated header row; cells written through `clean`."""
    table = document.add_table(rows=1, cols=len(block.headers))
    grid_style(document, table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    repeat_header(header)
    for cell, text in zip(header.cells, block.headers, strict=True):
        set_cell_text(cell, text, bold=True, size=block.size)
        shade(cell, HEADER_FILL)
    for values in block.rows:
        row = table.add_row()
        no_split(row)
        for cell, value in zip(row.cells, values, strict=True):
            _cell(cell, value, block.size)
    fix_layout(table, fit_widths(block.headers, block.texts(), block.widths, block.size))
    if block.bold_last:
        bold_last_row(table)
    if block.bold_first:
        bold_first_body_row(table)


def _figure(document, block: Figure) -> None:
    if block.path is None:
        document.add_paragraph().add_run(clean(block.alt)).italic = True
        return
    picture = document.add_picture(str(block.path), width=Cm(block.width_cm))
    set_alt_text(picture, block.alt, title=block.title)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _grid(document, block: FigureGrid) -> None:
    """Figures side by side in a borderless table; a sentence where a figure has no data."""
    if not block.figures:
        return
    columns = block.columns
    table = document.add_table(rows=(len(block.figures) + columns - 1) // columns, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_layout(table, [block.cell_cm] * columns)
    for index, figure in enumerate(block.figures):
        cell = table.rows[index // columns].cells[index % columns]
        cell.width = Cm(block.cell_cm)
        paragraph = cell.paragraphs[0]
        if figure.path is None:
            run = paragraph.add_run(clean(figure.alt))
            run.italic, run.font.size = True, Pt(8)
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture = paragraph.add_run().add_picture(str(figure.path), width=Cm(figure.width_cm))
        set_alt_text(picture, figure.alt, title=figure.title)


def _contents(document, block: Contents) -> None:
    paragraph = styled_paragraph(document, "TOC Heading")
    run = paragraph.add_run(clean(block.title))
    run.bold, run.italic = False, False
    add_field(document.add_paragraph(), TOC_FIELD, TOC_PLACEHOLDER)


def render(document, blocks: list[Block]) -> None:
    """Write the blocks into the document, in order."""
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(clean(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            _figure(document, block)
        elif isinstance(block, FigureGrid):
            _grid(document, block)
        elif isinstance(block, PageBreak):
            page_break(document)
        elif isinstance(block, Contents):
            _contents(document, block)
        else:
            raise TypeError(f"unknown block {type(block).__name__}")


def word_section(build: Callable[[ReportContext], list[Block]]) -> Callable:
    """A section for the Word document builder: its blocks, rendered."""
    def write(document, context: ReportContext) -> None:
        render(document, blocks_of(build, context))

    write.__name__ = build.__name__
    write.build = build  # the renderer-neutral section, for the other formats
    return write
