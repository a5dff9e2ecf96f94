"""The summary: counts of lights and arrows, what changed, the red goals, the tables per target
area and program, and the largest improvements and deteriorations."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Content, Run
from report.method.rules import UNIT_METHODS
from report.method.selections import column_totals, differing_goals, largest_changes, red_goals
from report.texts import (
    EXAMPLE_NOTE,
    EXAMPLE_TITLE,
    attention_sentence,
    change_sentence,
    count_noun,
    counts_sentence,
    differing_sentence,
    gap_sentence,
    light_label,
    measurability_sentence,
    trend_label,
    trends_sentence,
)
from sources.formats import format_rate, format_unit_rate
from sources.vocabulary import ALL_LIGHTS, ALL_TRENDS


def summary(context: ReportContext) -> Content:
    out = Content()
    out.heading("Sammanfattning", level=1)
    if context.program.example:
        out.text(f"{EXAMPLE_TITLE}: {EXAMPLE_NOTE}", italic=True, size=9)
    s = context.assessment.summary
    goals = context.assessment.goals
    total = s["goals_total"]
    out.paragraph(Run("Att ta ställning till: ", bold=True), Run(attention_sentence(s["actions"], goals)),
                  Run(" Se avsnittet Analys och åtgärder."))
    text = counts_sentence(s["goals"], total) + " " + trends_sentence(s["trends"])
    out.text(text)
    out.text(measurability_sentence(s["measurability"], context.assessment.measurability, context.year)
             + " Se bilagan Mätbarhet.")
    committee = s["committee_rated_goals"]
    rest = "för det återstående målet" if total - committee == 1 else "för övriga mål"
    sentence = (f"Nämnderna har själva bedömt {committee} av {count_noun(total, 'mål', definite=True)}; "
                f"{rest} gäller den beräknade bedömningen utifrån nyckeltalen.")
    if committee == total:
        sentence = f"Nämnderna har själva bedömt alla {count_noun(total, 'mål')}."
    differing = differing_goals(goals)
    if not differing.empty:
        sentence += (f" {differing_sentence(differing)} Båda redovisas under respektive målområde och i "
                     "avsnittet Analys.")
    out.text(sentence)
    out.text(change_sentence(s.get("changes")) + " " + gap_sentence(s.get("sex_gaps")))
    red = red_goals(goals)
    if not red.empty:
        out.text("Mål som bedöms som röda:")
        for row in red.itertuples():
            out.bullet(f"{row.goal_id} {row.title}")
    out.extend(_parts_summary(context))
    out.heading("Bedömning per målområde", level=2)
    areas = context.assessment.areas
    light_rows = [[a["area"], a["goals"]] + [a[k] for k in ALL_LIGHTS] for _, a in areas.iterrows()]
    light_rows.append(["Totalt", *column_totals(areas, ["goals", *ALL_LIGHTS])])
    out.table(["Målområde", "Mål"] + [light_label(k) for k in ALL_LIGHTS], light_rows,
              widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5, bold_last=True)
    out.text("Tabellen räknar målens officiella bedömning: nämndens där en sådan finns, "
             "annars den beräknade.", italic=True, size=8)
    if context.summary_chart is not None and context.summary_chart.path is not None:
        out.figure(context.summary_chart.path, context.summary_chart.alt, title="Bedömning per målområde",
                   width_cm=15, data=context.summary_chart.data)
    out.heading("Utveckling per målområde", level=2)
    trend_rows = [[a["area"], a["goals"]] + [a[k] for k in ALL_TRENDS] for _, a in areas.iterrows()]
    trend_rows.append(["Totalt", *column_totals(areas, ["goals", *ALL_TRENDS])])
    out.table(["Målområde", "Mål"] + [trend_label(k) for k in ALL_TRENDS], trend_rows,
              widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5, bold_last=True)
    best, worst = largest_changes(context.assessment.indicators)
    out.extend(_changes_table(best, "Största förbättringar"))
    out.extend(_changes_table(worst, "Största försämringar"))
    return out


def _parts_summary(context: ReportContext) -> Content:
    """A combined report: one sentence and one table row per program, and the total."""
    out = Content()
    parts = context.assessment.parts
    if parts is None:
        return out
    out.heading("Bedömning per program", level=2)
    for row in parts.itertuples():
        counts = {k: getattr(row, k) for k in ALL_LIGHTS}
        trends = {k: getattr(row, k) for k in ALL_TRENDS}
        out.text(f"{row.part}: " + counts_sentence(counts, row.goals) + " " + trends_sentence(trends))
    rows = [[r["part"], r["goals"]] + [r[k] for k in ALL_LIGHTS] for _, r in parts.iterrows()]
    rows.append(["Totalt", *column_totals(parts, ["goals", *ALL_LIGHTS])])
    out.table(["Program", "Mål"] + [light_label(k) for k in ALL_LIGHTS], rows,
              widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5, bold_last=True)
    out.blank()
    rows = [[r["part"], r["goals"]] + [r[k] for k in ALL_TRENDS] for _, r in parts.iterrows()]
    rows.append(["Totalt", *column_totals(parts, ["goals", *ALL_TRENDS])])
    out.table(["Program", "Mål"] + [trend_label(k) for k in ALL_TRENDS], rows,
              widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5, bold_last=True)
    return out


def _changes_table(rows: pd.DataFrame, heading: str) -> Content:
    out = Content()
    out.heading(heading, level=2)
    if rows.empty:
        moved = "förbättrats" if heading == "Största förbättringar" else "försämrats"
        out.text(f"Inget nyckeltal har {moved} så mycket att pilen visar det.")
        return out

    def pace(r) -> str:
        threshold = getattr(r, "trend_threshold", None)
        threshold = None if threshold is None or pd.isna(threshold) else float(threshold)
        text = (format_unit_rate(r.progress, r.unit, threshold) if r.method in UNIT_METHODS
                else format_rate(r.progress, threshold))
        # a bounded share near its bound is rated on what is missing to the bound (bilaga 1)
        return text + (" (det som saknas till gränsen)" if getattr(r, "basis", "") == "shortfall" else "")

    out.table(["Nyckeltal", "Period", "Takt i önskad riktning", "Pil"],
              [[f"{r.name} ({r.indicator})", f"{int(r.first_year)}–{int(r.last_year)}", pace(r),
                trend_label(r.trend)] for r in rows.itertuples()], widths=[9.0, 2.2, 3.2, 2.6], size=8)
    return out
