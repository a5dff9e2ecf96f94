"""The table of contents field's result: one entry per main heading, written into the .docx.

Every saved report carries the entries (report.document.builder fills them, without page numbers), so a
client that shows a field's stored result (LibreOffice, pandoc, a previewer) lists the headings instead of a
placeholder. Word replaces the result when it updates fields on opening; LibreOffice's PDF conversion shows it
as it is, so for the PDF the entries are filled again with the pages the headings fall on (see
report.document.pdf.write_pdf). The field stays a real TOC field: filling only replaces what lies between its
separator and its end, and a filled result can be filled again."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from report.document.docx_tools import clean, style_id

LEVELS = {"Heading 1": 1}  # the contents list the main sections; the field is TOC \o "1-1"


def _open(source):
    return Document(source) if isinstance(source, str | Path) else source


def toc_headings(source) -> list[tuple[int, str]]:
    """(level, text) of each heading the contents list, in order; `source` is a path or a Document."""
    document = _open(source)
    # the styles' ids, read once: `paragraph.style` walks every style for each unstyled paragraph
    ids = {style_id(document, name): level for name, level in LEVELS.items()}
    return [(ids[p._p.style], p.text) for p in document.paragraphs if p._p.style in ids]


def _paragraph_of(element):
    while element is not None and element.tag != qn("w:p"):
        element = element.getparent()
    if element is None:
        raise ValueError("innehållsförteckningens fält står inte i ett stycke")
    return element


def _toc_field(document):
    """The TOC field's separator run and its end run (the result lies between them, possibly over several
    paragraphs); nested fields in the result (Word's PAGEREF) are stepped over."""
    runs = list(document.element.body.iter(qn("w:r")))
    index = next((i for i, run in enumerate(runs) for instr in run.iter(qn("w:instrText"))
                  if (instr.text or "").strip().startswith("TOC")), None)
    if index is None:
        raise ValueError("dokumentet har ingen innehållsförteckning")
    depth, separate = 0, None
    for run in runs[index + 1:]:
        for char in run.iter(qn("w:fldChar")):
            kind = char.get(qn("w:fldCharType"))
            if kind == "begin":
                depth += 1
            elif kind == "separate" and depth == 0 and separate is None:
                separate = run
            elif kind == "end":
                if depth == 0:
                    if separate is None:
                        raise ValueError("innehållsförteckningens fält har inget resultat")
                    return separate, run
                depth -= 1
    raise ValueError("innehållsförteckningens fält har inget slut")


def _clear_result(separate, end):
    """Remove the field's present result (a placeholder or entries filled before) and detach the end run;
    returns the paragraph that holds the separator."""
    first, last = _paragraph_of(separate), _paragraph_of(end)
    if last is not first:
        if last.getparent() is not first.getparent():
            raise ValueError("innehållsförteckningens fält slutar utanför sitt avsnitt")
        # the paragraphs after the first, up to the one holding the end, hold only result
        while first.getnext() is not last:
            first.getparent().remove(first.getnext())
        held = _child_holding(last, end)
        for child in list(last):
            if child is held:
                break
            if child.tag != qn("w:pPr"):
                last.remove(child)
        end.getparent().remove(end)
        if all(child.tag == qn("w:pPr") for child in last):
            last.getparent().remove(last)
    else:
        end.getparent().remove(end)
    # in the first paragraph, everything after the separator is result (the end is detached already)
    separator = _child_holding(first, separate)
    while separator.getnext() is not None:
        first.remove(separator.getnext())
    return first


def _child_holding(paragraph, element):
    """The child of `paragraph` that is or holds `element` (a run may stand in a hyperlink)."""
    while element.getparent() is not paragraph:
        element = element.getparent()
    return element


def fill_contents(document, entries: list[tuple[int, str, int | None]]) -> None:
    """Write the entries (level, text, page or None) as the TOC field's result of the Document, replacing
    whatever result it had. Without a page the entry ends in an empty page column (a right tab, no leader)."""
    if not entries:
        return
    separate, end = _toc_field(document)
    first = _clear_result(separate, end)
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    parent = document._body
    anchor = first
    for index, (level, text, page) in enumerate(entries):
        if index:
            element = OxmlElement("w:p")
            anchor.addnext(element)
            anchor = element
        target = Paragraph(anchor, parent)
        fmt = target.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_after = Pt(2 if level > 1 else 4)
        fmt.tab_stops.clear_all()
        fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT,
                                   WD_TAB_LEADER.DOTS if page is not None else WD_TAB_LEADER.SPACES)
        run = target.add_run(f"{clean(text)}\t{page if page is not None else ''}")
        run.bold = level == 1
    anchor.append(end)  # the field's end follows the last entry: the field spans them all


def list_headings(document) -> None:
    """Fill the contents of a freshly built Document with its headings, without page numbers (a document
    without a TOC field is left as it is)."""
    try:
        _toc_field(document)
    except ValueError:
        return
    fill_contents(document, [(level, text, None) for level, text in toc_headings(document)])


def fill_table_of_contents(path: Path, entries: list[tuple[int, str, int | None]]) -> None:
    """fill_contents on the .docx at `path`, saved in place."""
    document = Document(path)
    fill_contents(document, entries)
    document.save(path)
