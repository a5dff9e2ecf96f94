"""The HTML renderer and the web edition: the same blocks as the Word report (model.py), written
with jinja2 templates (autoescaped) into a static site that works offline: index.html with the
title page and the summary, then a page per chapter (each Heading 1: the target areas, the
analysis, the annexes ...). Charts are the run's SVGs inlined with a title and a description, the
numbers behind each in a table a reader can open; lights and arrows are word + symbol.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from report.context import ReportContext
from report.document.model import Block, Heading, blocks_of
from report.document.pages import render_page
from sources.formats import dash_ranges

WEB = "webb"  # the web edition's folder beside the Word report


@dataclass
class Page:
    """One page of the web edition: its file, its heading (for the navigation) and its blocks."""

    file: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "sida"


def pages_of(blocks: list[Block]) -> list[Page]:
    """index.html holds everything before the second chapter (title page, contents, summary);
    every further Heading 1 starts a page."""
    pages = [Page("index.html", "")]
    chapters = 0
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapters += 1
            if chapters == 1:
                pages[0].title = block.text
            else:
                pages.append(Page(f"{len(pages):02d}-{slug(block.text)}.html", block.text))
        pages[-1].blocks.append(block)
    return pages


def section_blocks(context: ReportContext, sections: list) -> list[Block]:
    """Every section's blocks, in the report's order (the sections' renderer-neutral builders)."""
    blocks: list[Block] = []
    for section in sections:
        blocks.extend(blocks_of(section.build, context))
    return blocks


def render_pages(context: ReportContext, blocks: list[Block]) -> dict[str, str]:
    """File name -> HTML of every page of the web edition."""
    program = context.program
    pages = pages_of(blocks)
    nav = [{"href": page.file, "text": page.title or "Sammanfattning"} for page in pages]
    report_title = dash_ranges(f"{program.name}: uppföljning {context.period}")
    footer = dash_ranges(f"{program.municipality.name}, {program.name}, uppföljning {context.period}, "
                         f"version {context.version}. Samma innehåll som Word-rapporten.")
    return {page.file: render_page(
        page.blocks, page_title=dash_ranges(f"{page.title or 'Sammanfattning'} – {report_title}"),
        header=[program.municipality.name, report_title], nav_label="Rapportens delar",
        nav=[{**item, "current": item["href"] == page.file} for item in nav], footer=footer,
        shift=1 if page.file == "index.html" else 0, contents=nav[1:], link_base="../") for page in pages}


def write_web_edition(context: ReportContext, sections: list, folder: Path) -> Path:
    """Write the web edition into `folder` (the run's webb/); returns its index.html."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in render_pages(context, section_blocks(context, sections)).items():
        (folder / name).write_text(html, encoding="utf-8")
    return folder / "index.html"
