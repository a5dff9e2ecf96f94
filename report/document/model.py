"""The report model: what a section says, before any format. Sections build a `Content` (a list
of blocks: headings, paragraphs of runs, tables with header rows and light cells, figures with
alt text and the data behind them, page breaks, the table of contents); the Word renderer
(word.py) and the HTML renderer (html.py) write the same blocks each in their format.

Text is stored as the reader sees it; each renderer cleans or escapes it for its format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from report.context import ReportContext


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph; `bold`/`italic` None leave the style's own; `link` makes it a link."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    link: str | None = None


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    style: str | None = None  # a Word style: "Title", "List Bullet", "TOC Heading"; None = body text
    center: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True)
class Cell:
    """A table cell with its own look: a light's fill, bold."""

    text: str
    bold: bool | None = None
    fill: str | None = None  # hex colour, e.g. a light's fill
    light: str | None = None  # the light code the cell shows (the HTML edition marks it)
    link: str | None = None  # a link the HTML pages make of the cell's text (Word shows the text)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[object]]  # values (written as text) or Cells
    widths: list[float] | None = None  # cm
    size: float = 9
    bold_last: bool = False  # a Totalt row
    bold_first: bool = False  # the whole municipality above its districts

    def texts(self) -> list[list[str]]:
        return [[cell.text if isinstance(cell, Cell) else ("" if cell is None else str(cell)) for cell in row]
                for row in self.rows]


@dataclass
class Figure:
    """A chart: its picture (None: no data, `alt` says why), alt text, title and the numbers behind it."""

    path: Path | None
    alt: str
    title: str = ""
    width_cm: float = 14
    data: pd.DataFrame | None = None


@dataclass
class FigureGrid:
    """Figures side by side (two columns in Word)."""

    figures: list[Figure]
    columns: int = 2
    cell_cm: float = 8.3


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    """The table of contents (Heading 1 entries)."""

    title: str = "Innehåll"


Block = Heading | Paragraph | Table | Figure | FigureGrid | PageBreak | Contents


class Content(list):
    """The blocks of one section, built with the calls a section needs."""

    def heading(self, text: str, level: int = 1) -> Heading:
        block = Heading(text, level)
        self.append(block)
        return block

    def text(self, text: str, style: str | None = None, bold: bool = False, italic: bool = False,
             size: float | None = None, center: bool = False) -> Paragraph:
        """A paragraph of one run (bold and italic set, as the body text's runs are)."""
        block = Paragraph([Run(text, bold=bold, italic=italic, size=size)], style=style, center=center)
        self.append(block)
        return block

    def paragraph(self, *runs: Run, style: str | None = None, center: bool = False) -> Paragraph:
        block = Paragraph(list(runs), style=style, center=center)
        self.append(block)
        return block

    def bullet(self, text: str) -> Paragraph:
        return self.paragraph(Run(text), style="List Bullet")

    def blank(self) -> Paragraph:
        return self.paragraph()

    def table(self, headers: list[str], rows: list[list[object]], widths: list[float] | None = None,
              size: float = 9, bold_last: bool = False, bold_first: bool = False) -> Table:
        block = Table(headers, rows, widths, size, bold_last, bold_first)
        self.append(block)
        return block

    def figure(self, path: Path | None, alt: str, title: str = "", width_cm: float = 14,
               data: pd.DataFrame | None = None) -> Figure:
        block = Figure(path, alt, title, width_cm, data)
        self.append(block)
        return block

    def figures(self, figures: list[Figure], columns: int = 2, cell_cm: float = 8.3) -> FigureGrid:
        block = FigureGrid(figures, columns, cell_cm)
        self.append(block)
        return block

    def page_break(self) -> None:
        self.append(PageBreak())

    def contents(self, title: str = "Innehåll") -> None:
        self.append(Contents(title))


def blocks_of(build: Callable[[ReportContext], list[Block]], context: ReportContext) -> list[Block]:
    """A section's blocks for this context, built once and kept in it for the other editions
    (blocks are read, never changed, by the renderers)."""
    key = f"{build.__module__}.{build.__qualname__}"
    if key not in context.blocks:
        context.blocks[key] = build(context)
    return context.blocks[key]
