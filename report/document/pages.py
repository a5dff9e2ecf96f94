"""HTML pages from the report model: the templates (jinja2, always autoescaped), the blocks
(model.py) as the templates' entries, one page's shell (skip link, header, navigation, <main>,
footer). The web edition (html.py) and the feedback pages per dropped file (feedback_pages.py)
are both written here, so both look and read the same and pass the same accessibility checks.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from report.document.model import Block, Cell, Contents, Figure, FigureGrid, Heading, PageBreak, Paragraph, Table
from sources.formats import dash_ranges, printable


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates, always autoescaped: text from a dropped file is never markup.

    One environment for the process: jinja2 compiles a template once per environment, and a new
    one per page compiled every template again (a second of a report's web edition)."""
    return Environment(loader=PackageLoader("report.document", "templates"), autoescape=True,
                       trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)


def _link(target: str | None, base: str) -> str | None:
    """A relative link of the blocks, as seen from the page (`base`: "../" for webb/, one folder
    below the report); a scheme, an absolute path or an anchor stays as it is."""
    if target is None or re.match(r"^[a-z]+:", target) or target.startswith(("/", "#")):
        return target
    return f"{base}{target}"


def report_text(text: str) -> str:
    """The report's text on a page: no control characters, year ranges with an en dash."""
    return dash_ranges(printable(text))


def _runs(paragraph: Paragraph, base: str, typeset=report_text) -> list[dict]:
    return [{"text": typeset(run.text), "bold": run.bold, "italic": run.italic, "link": _link(run.link, base)}
            for run in paragraph.runs]


def _table(block: Table, base: str = "", typeset=report_text) -> dict:
    rows = []
    for index, row in enumerate(block.rows):
        bold = (block.bold_last and index == len(block.rows) - 1) or (block.bold_first and index == 0)
        cells = []
        for value in row:
            if isinstance(value, Cell):
                cells.append({"text": typeset(value.text), "fill": value.fill, "light": value.light,
                              "bold": value.bold, "link": _link(value.link, base)})
            else:
                cells.append({"text": typeset("" if value is None else str(value))})
        rows.append({"cells": cells, "bold": bold})
    return {"kind": "table", "headers": [typeset(h) for h in block.headers], "rows": rows}


def frame_table(frame: pd.DataFrame) -> dict:
    return _table(Table([str(c) for c in frame.columns], frame.astype(str).values.tolist()))


def inline_svg(path: Path, title: str, description: str, ident: str) -> Markup | None:
    """The chart's SVG (written by charts.save_figure) as an inline image with its title and
    description; None when there is no SVG beside the picture."""
    svg_path = path.with_suffix(".svg")
    if not svg_path.exists():
        return None
    svg = svg_path.read_text(encoding="utf-8")
    svg = svg[svg.index("<svg"):]
    head_end = svg.index(">") + 1
    head = svg[:head_end].rstrip(">").rstrip("/")
    label = (f'<title id="{ident}-titel">{escape(title or description)}</title>'
             f'<desc id="{ident}-beskrivning">{escape(description)}</desc>')
    head += f' role="img" aria-labelledby="{ident}-titel" aria-describedby="{ident}-beskrivning">'
    return Markup(head + label + svg[head_end:])


class Items:
    """Blocks as the templates' items; consecutive bullets become one list."""

    def __init__(self, shift: int, link_base: str = "", typography: bool = True) -> None:
        self.shift = shift
        self.base = link_base
        self.typeset = report_text if typography else printable  # off: quoted file text stays as written
        self.items: list[dict] = []
        self.figures = 0

    def figure(self, block: Figure) -> dict:
        self.figures += 1
        svg = inline_svg(block.path, block.title, block.alt, f"diagram-{self.figures}") if block.path else None
        return {"kind": "figure", "svg": svg, "alt": block.alt, "title": block.title,
                "data": frame_table(block.data) if block.data is not None and svg is not None else None}

    def add(self, block: Block, contents: list[dict]) -> None:
        if isinstance(block, Heading):
            self.items.append({"kind": "heading", "text": self.typeset(block.text),
                               "level": min(block.level + self.shift, 6)})
        elif isinstance(block, Paragraph):
            if not block.runs or not block.text.strip():
                return
            if block.style == "List Bullet":
                if not self.items or self.items[-1]["kind"] != "list":
                    self.items.append({"kind": "list", "entries": []})
                self.items[-1]["entries"].append({"runs": _runs(block, self.base, self.typeset)})
            elif block.style == "Title":
                self.items.append({"kind": "heading", "text": self.typeset(block.text), "level": 1})
            else:
                small = any(run.size and run.size < 10 for run in block.runs)
                italic = all(run.italic for run in block.runs)
                css = " ".join(c for c, on in (("liten", small), ("kursiv", italic)) if on)
                self.items.append({"kind": "paragraph", "runs": _runs(block, self.base, self.typeset), "css": css})
        elif isinstance(block, Table):
            self.items.append(_table(block, self.base, self.typeset))
        elif isinstance(block, Figure):
            self.items.append(self.figure(block))
        elif isinstance(block, FigureGrid):
            self.items.extend(self.figure(figure) for figure in block.figures)
        elif isinstance(block, Contents):
            self.items.append({"kind": "contents", "title": block.title, "entries": contents})
        elif isinstance(block, PageBreak):
            return
        else:
            raise TypeError(f"unknown block {type(block).__name__}")


def render_page(blocks: list[Block], *, page_title: str, header: list[str], nav_label: str, nav: list[dict],
                footer: str, shift: int = 0, contents: list[dict] | None = None, link_base: str = "",
                typography: bool = True) -> str:
    """One page: the shell of base.html.j2 around the blocks. `shift` moves the headings down (a
    page whose h1 is a Title paragraph); `nav` entries are {"href", "text", "current"}; relative
    links of the blocks get `link_base` in front; `typography` False keeps every text as written
    (the feedback quotes the files)."""
    items = Items(shift=shift, link_base=link_base, typography=typography)
    for block in blocks:
        items.add(block, contents or [])
    return environment().get_template("page.html.j2").render(
        page_title=page_title, header=header, nav_label=nav_label, nav=nav, blocks=items.items, footer=footer)
