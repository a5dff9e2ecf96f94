"""The table of contents field's result: entries with page numbers, written into the .docx.

Word replaces it when it updates fields on opening; LibreOffice's PDF conversion shows it as it
is, so the entries must carry the right pages (see report.pdf.write_pdf)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from report.document.docx_tools import clean

LEVELS = {"Heading 1": 1}  # the contents list the main sections; the field is TOC \o "1-1"


def toc_headings(path: Path) -> list[tuple[int, str]]:
    document = Document(path)
    return [(LEVELS[p.style.name], p.text) for p in document.paragraphs if p.style.name in LEVELS]


def _toc_paragraph(document) -> tuple[object, object]:
    """The paragraph holding the TOC field, and the run holding its placeholder result."""
    for paragraph in document.paragraphs:
        runs = paragraph.runs
        for index, run in enumerate(runs):
            instr = run._r.find(qn("w:instrText"))
            if instr is not None and instr.text and instr.text.strip().startswith("TOC"):
                return paragraph, runs[index + 2]  # begin, instruction, separate, result, end
    raise ValueError("dokumentet har ingen innehållsförteckning")


def fill_table_of_contents(path: Path, entries: list[tuple[int, str, int | None]]) -> None:
    """Write the entries (level, text, page) as the TOC field's result (of a fresh document,
    whose result is still the placeholder)."""
    document = Document(path)
    paragraph, result_run = _toc_paragraph(document)
    width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    anchor = paragraph._p
    end_run = result_run._r.getnext()
    # The first entry lives in the field's own paragraph; the others follow it.
    for index, (level, text, page) in enumerate(entries):
        target = paragraph if index == 0 else document.add_paragraph()
        if index:
            anchor.addnext(target._p)
            anchor = target._p
        fmt = target.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_after = Pt(2 if level > 1 else 4)
        fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        line = f"{clean(text)}\t{page if page is not None else ''}"
        if index == 0:
            result_run.text = line
            result_run.bold = level == 1
        else:
            run = target.add_run(line)
            run.bold = level == 1
    if len(entries) > 1:
        anchor.append(end_run)  # the field's end moves to the last entry: the field spans them all
    document.save(path)
