"""How to read the report: what the lights and arrows mean, and the committees' abbreviations."""

from __future__ import annotations

from report.context import ReportContext
from report.document.docx_tools import add_table, add_text, page_break, shade
from report.texts import LIGHT_FILLS, LIGHT_MEANINGS, TREND_MEANINGS, light_label, trend_label
from sources.vocabulary import ALL_LIGHTS, ALL_TRENDS


def how_to_read(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Så läser du rapporten", level=1)
    add_text(document, "Varje mål har ett ljus som visar hur långt målet är uppfyllt och en pil som "
                         "visar åt vilket håll utvecklingen går. Färgen är aldrig ensam bärare av "
                         "bedömningen: varje ljus har också ett ord och en symbol med egen form.")
    table = add_table(document, ["Ljus", "Betydelse"], [[light_label(k), LIGHT_MEANINGS[k]] for k in ALL_LIGHTS],
                   widths=[3.5, 12.5])
    for row, light in zip(table.rows[1:], ALL_LIGHTS, strict=True):
        shade(row.cells[0], LIGHT_FILLS[light])
    document.add_paragraph()
    add_table(document, ["Pil", "Betydelse"], [[trend_label(k), TREND_MEANINGS[k]] for k in ALL_TRENDS],
           widths=[3.5, 12.5])
    add_text(document, "Där nämnden har lämnat en egen bedömning är den målets officiella bedömning; "
                         "den beräknade bedömningen visas bredvid. Statistiken redovisas uppdelad på "
                         "kvinnor och män där uppgifterna finns. Bilaga 1 förklarar varje ljus och pil.")
    _abbreviations(document, context)


def _abbreviations(document, context: ReportContext) -> None:
    """The committees' abbreviations, before the first table that uses them."""
    program = context.program
    used = sorted({committee for _, goal in program.goals() for committee in goal.committees})
    if not used:
        return
    document.add_heading("Förkortningar", level=2)
    add_text(document, "Nämnderna skrivs i tabellerna med sina förkortningar:")
    add_table(document, ["Förkortning", "Nämnd"], [[key, program.committees[key]] for key in used],
              widths=[3.0, 13.0], size=9)
