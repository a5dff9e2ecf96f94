"""Small python-docx helpers for what the library has no API for: shading, repeated header
rows, fields (table of contents, page numbers), document language and alt text.

All text goes through `clean`: python-docx raises on control characters and leaves an empty
paragraph behind, so text is cleaned at this boundary.
"""

from __future__ import annotations

import weakref

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sources.formats import dash_ranges, printable

TEXT_WIDTH_CM = 16.6  # A4 less the report's margins (22 mm each side)
CELL_PADDING_CM = 0.45  # Word's default cell margins (0,19 cm each side) and a little air
CHAR_EM = 0.56  # Arial's average advance of a Swedish word's letters, in em (measured on the report's words)


def clean(text: object) -> str:
    """Text safe for a Word document: no control characters (C0 but tab and newline, DEL, C1); year ranges
    with an en dash (2021–2022) wherever the text comes from."""
    return dash_ranges(printable(text))


_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document part -> {(name, type): id}


def style_id(document, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The style id python-docx writes for a style's name (None for the document's default style),
    looked up once per document and name.

    python-docx compares every style it is given with the default style by walking all the
    document's styles: setting a paragraph's or a table's style that way took a twentieth of a
    municipality's report (measured with py-spy on the national run)."""
    ids = _STYLE_IDS.setdefault(document.part, {})
    if (name, kind) not in ids:
        ids[(name, kind)] = document.part.get_style_id(name, kind)
    return ids[(name, kind)]


def styled_paragraph(document, style: str | None = None):
    """`document.add_paragraph(style=style)`, with the style's id looked up once (`style_id`)."""
    paragraph = document.add_paragraph()
    if style is not None:
        paragraph._p.style = style_id(document, style)
    return paragraph


def grid_style(document, table) -> None:
    """The tables' "Table Grid" style, as `table.style = "Table Grid"` sets it (`style_id`)."""
    table._tbl.tblStyle_val = style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)


def _text_cm(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * CHAR_EM * (1.08 if bold else 1.0) / 72 * 2.54


def fit_widths(headers: list[str], rows: list[list[object]], widths: list[float] | None, size: float,
               total: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths (cm) in which no word has to be broken: each column at least as wide as its
    longest word (the header's in bold), the rest of the line shared as `widths` propose (or by
    the amount of text). A word longer than half the line (a checksum), or the longest word where
    the columns' longest words do not fit on one line (a file name), may wrap."""
    columns = list(zip(*([list(headers)] + [[clean(v) for v in row] for row in rows]), strict=True))
    needed = []
    for column in columns:
        longest = max((_text_cm(word, size, bold=position == 0) for position, text in enumerate(column)
                       for word in str(text).split()), default=0.0)
        needed.append(min(longest + CELL_PADDING_CM, total / 2))
    for _ in range(len(needed)):  # too many long words for one line: the longest (a file name) wraps
        if sum(needed) <= total:
            break
        widest = max(range(len(needed)), key=needed.__getitem__)
        needed[widest] = max(total - (sum(needed) - needed[widest]), 2.5, needed[widest] / 2)
    if widths:
        proposed = list(widths)
    else:
        proposed = [max(sum(len(str(t)) for t in column) / len(column), 1.0) for column in columns]
        proposed = [w * total / sum(proposed) for w in proposed]
    line = min(max(sum(proposed), sum(needed)), total) if sum(needed) <= total else sum(needed)
    fitted = [max(w, n) for w, n in zip(proposed, needed, strict=True)]
    excess = sum(fitted) - line
    room = [f - n for f, n in zip(fitted, needed, strict=True)]
    if excess > 0 and sum(room) > 0:  # taken back from the columns wider than their longest word
        share = min(1.0, excess / sum(room))
        fitted = [f - r * share for f, r in zip(fitted, room, strict=True)]
    return [round(w, 2) for w in fitted]


def fix_layout(table, widths: list[float]) -> None:
    """A fixed table layout with explicit widths: LibreOffice and Word then keep the columns as
    given instead of fitting them to the first line of text (which broke 'Versio/n')."""
    table.autofit = False
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(widths) / 2.54 * 1440)))
    for column, cm in zip(table.columns, widths, strict=True):
        column.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, widths, strict=True):
            cell.width = Cm(cm)


def shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def repeat_header(row) -> None:
    """Mark a table row as header row, repeated on every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def no_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    properties.append(cant)


def set_cell_text(cell, text: object, bold: bool = False, size: float | None = None,
                  color: str | None = None) -> None:
    """The text as one run in the cell's first paragraph, bold or explicitly not, in a size and colour.

    The run's properties are written as elements, in the schema's order (b, color, sz), the
    same XML as python-docx's `run.bold`, `font.color.rgb` and `font.size` setters give, which
    look up and insert each child by name and cost more than half of a report's tables."""
    run = cell.paragraphs[0]._p.add_r()
    properties = run.get_or_add_rPr()
    properties.append(_valued("w:b", None if bold else "0"))
    if color:
        properties.append(_valued("w:color", str(RGBColor.from_string(color))))
    if size:
        properties.append(_valued("w:sz", str(int(Pt(size).pt * 2))))  # half-points, as python-docx writes them
    run.text = clean(text)


def _valued(tag: str, value: str | None):
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


def add_field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (TOC, PAGE, NUMPAGES) with a placeholder result until it is updated."""
    def fld(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        return element

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    run._r.append(fld("separate"))
    paragraph.add_run(clean(placeholder))
    run = paragraph.add_run()
    run._r.append(fld("end"))


def update_fields_on_open(document) -> None:
    """Ask Word to update fields (the table of contents) when the document is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def set_language(document, language: str = "sv-SE") -> None:
    """Document language in the defaults and the Normal style, and in the core properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                _set_lang(rpr, language)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    _set_lang(normal, language)
    document.core_properties.language = language


def _set_lang(rpr, language: str) -> None:
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def set_alt_text(inline_shape, description: str, title: str = "") -> None:
    """Alt text of a picture: the descr (and title) of its wp:docPr."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", clean(description))
    if title:
        doc_pr.set("title", clean(title))


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_hyperlink(paragraph, target: str, text: str) -> None:
    """A clickable link (an external relationship; a relative target opens next to the file)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    rel_id = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    properties.extend([style, color, underline])
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = clean(text)
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


HEADER_FILL = "D9D9D9"
def add_text(document, text: str, style: str | None = None, bold: bool = False,
               italic: bool = False, size: float | None = None):
    paragraph = styled_paragraph(document, style)
    run = paragraph.add_run(clean(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def add_table(document, headers: list[str], rows: list[list[object]], widths: list[float] | None = None,
           size: float = 9):
    """A table with a marked, repeated header row; cells written through `clean`."""
    table = document.add_table(rows=1, cols=len(headers))
    grid_style(document, table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        set_cell_text(cell, text, bold=True, size=size)
        shade(cell, HEADER_FILL)
    for values in rows:
        row = table.add_row()
        no_split(row)
        for cell, value in zip(row.cells, values, strict=True):
            set_cell_text(cell, value, size=size)
    fix_layout(table, fit_widths(headers, rows, widths, size))
    return table


def bold_last_row(table) -> None:
    """The table's last row (a Totalt row) in bold."""
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def bold_first_body_row(table) -> None:
    """The table's first row under the header (the whole municipality) in bold."""
    for cell in table.rows[1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
