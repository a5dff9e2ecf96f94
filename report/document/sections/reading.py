"""How to read the report: what the lights and arrows mean, and the committees' abbreviations."""

from __future__ import annotations

from report.context import ReportContext
from report.document.model import Cell, Content
from report.texts import LIGHT_FILLS, LIGHT_MEANINGS, TREND_MEANINGS, light_label, trend_label
from sources.vocabulary import ALL_LIGHTS, ALL_TRENDS


def how_to_read(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Så läser du rapporten", level=1)
    out.text("Varje mål har ett ljus som visar hur långt målet är uppfyllt och en pil som "
             "visar åt vilket håll utvecklingen går. Färgen är aldrig ensam bärare av "
             "bedömningen: varje ljus har också ett ord och en symbol med egen form.")
    out.table(["Ljus", "Betydelse"],
              [[Cell(light_label(k), fill=LIGHT_FILLS[k], light=k), LIGHT_MEANINGS[k]] for k in ALL_LIGHTS],
              widths=[3.5, 12.5])
    out.blank()
    out.table(["Pil", "Betydelse"], [[trend_label(k), TREND_MEANINGS[k]] for k in ALL_TRENDS], widths=[3.5, 12.5])
    out.text("Där nämnden har lämnat en egen bedömning är den målets officiella bedömning; "
             "den beräknade bedömningen visas bredvid. Statistiken redovisas uppdelad på "
             "kvinnor och män där uppgifterna finns. Bilaga 1 förklarar varje ljus och pil. Avsnittet "
             "Analys och åtgärder tar upp varje mål som är rött eller försämras och vad som görs åt det; "
             "bilaga 4 visar hur mätbart varje mål är i dag.")
    out.extend(_abbreviations(context))
    return out


def _abbreviations(context: ReportContext) -> Content:
    """The committees' abbreviations, before the first table that uses them."""
    program = context.program
    out = Content()
    used = sorted({committee for _, goal in program.goals() for committee in goal.committees})
    if not used:
        return out
    out.heading("Förkortningar", level=2)
    out.text("Nämnderna skrivs i tabellerna med sina förkortningar:")
    out.table(["Förkortning", "Nämnd"], [[key, program.committees[key]] for key in used], widths=[3.0, 13.0], size=9)
    return out
