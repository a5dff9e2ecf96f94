"""The priority districts, each against the whole municipality, indicator by indicator."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Cell, Content
from report.method.explain import difference_unit
from report.texts import LIGHT_FILLS, count_noun, join_words, light_label, trend_label
from sources.formats import format_number, format_percent, format_value
from sources.vocabulary import IMPROVING, NOT_ASSESSED, WORSENING


def districts(context: ReportContext) -> Content:
    """Each priority district against the whole municipality, indicator by indicator."""
    out = Content()
    table = context.assessment.districts
    if table is None or not context.program.districts:
        return out
    program = context.program
    out.page_break()
    out.heading("Prioriterade stadsdelar", level=1)
    names = [district.name for district in program.districts]
    out.text(f"Programmet följer {count_noun(len(names), 'stadsdel')} särskilt: {join_words(names)}. "
             f"För {count_noun(table['indicator'].nunique(), 'nyckeltal')} finns statistik per stadsdel. "
             f"Varje stadsdel jämförs med {program.municipality.name} som helhet: grönt betyder mer än "
             f"{format_percent(program.rating.reference_band, 0)} bättre än kommunen, gult inom "
             f"{format_percent(program.rating.reference_band, 0)} och rött mer än så sämre.")
    summary = context.assessment.summary.get("districts", {})
    rows = [[d["name"], d["indicators"], d["better"], d["near"], d["worse"], d[NOT_ASSESSED],
             d["trends"][IMPROVING], d["trends"][WORSENING]] for d in summary.values()]
    out.table(["Stadsdel", "Nyckeltal", "Bättre", "Nära", "Sämre", "Ej bedömd", "Förbättras", "Försämras"],
              rows, widths=[4.0, 2.0, 1.6, 1.6, 1.6, 1.8, 2.0, 2.0], size=8)
    out.text("Bättre, nära och sämre avser stadsdelens senaste värde jämfört med kommunen som "
             "helhet; förbättras och försämras stadsdelens egen utveckling.", italic=True, size=8)
    for indicator, rows in table.groupby("indicator", sort=False):
        out.extend(_indicator(context, indicator, rows))
    out.text("Jämförelsen avser stadsdelens senaste värde mot kommunens värde samma år; "
             "\"bättre\" följer nyckeltalets önskade riktning. Trenden beräknas som för kommunens nyckeltal.",
             italic=True, size=8)
    return out


def _indicator(context: ReportContext, indicator: str, rows: pd.DataFrame) -> Content:
    """One indicator: the whole municipality (bold) and each district, with its light, then the chart."""
    out = Content()
    name = str(rows["name"].iloc[0])
    out.heading(f"{name} ({indicator})", level=2)
    unit = str(rows["unit"].iloc[0])
    body = []
    for row in rows.itertuples():
        difference = _district_difference(row, unit)
        year = "–" if pd.isna(row.latest_year) else str(int(row.latest_year))
        body.append([row.district_name, format_value(row.latest_value, unit), year, difference,
                     _light_cell(row.light), trend_label(row.trend)])
    out.table(["Område", "Senaste värde", "År", "Jämfört med kommunen", "Ljus", "Trend"], body,
              widths=[4.2, 2.6, 1.4, 3.0, 2.4, 2.6], size=8, bold_first=True)
    chart = context.district_charts.get(indicator)
    if chart is not None and chart.path is not None:
        out.figure(chart.path, chart.alt, title=name, width_cm=14, data=chart.data)
    elif chart is not None:
        out.text(chart.alt, italic=True, size=8)
    return out


def _light_cell(light) -> Cell | str:
    """The light in words, shaded in its colour; empty where the district has no light."""
    if light is None or pd.isna(light):
        return ""
    return Cell(light_label(light), fill=LIGHT_FILLS[light], light=light)


def _district_difference(row, unit: str) -> str:
    """'12,0 % bättre än kommunen' (better in the indicator's direction, not larger); in the unit
    where the municipality is at 0."""
    absolute = getattr(row, "absolute_difference", None)
    if absolute is not None and not pd.isna(absolute):
        if absolute == 0:
            return "lika med kommunen"
        return (f"{format_number(abs(absolute))} {difference_unit(unit)} "
                f"{'bättre' if absolute > 0 else 'sämre'} än kommunen").replace("  ", " ")
    relative = row.relative_difference
    if relative is None or pd.isna(relative):
        return "–"
    if relative == 0:
        return "lika med kommunen"
    word = "bättre" if relative > 0 else "sämre"
    value, whole = getattr(row, "latest_value", None), getattr(row, "municipality_value", None)
    if abs(relative) >= 1 and value is not None and whole and not pd.isna(value) and not pd.isna(whole):
        # "144 % sämre" reads badly for a rate: a district at 2,4 times the municipality's level
        return f"{format_number(float(value) / float(whole), 1)} gånger kommunens nivå ({word})"
    return f"{format_percent(abs(relative))} {word} än kommunen"
