"""The target areas, each on its own pages: the goals table, the indicators with their charts,
the committees' comments and activities; a part heading before each program of a combined report."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Cell, Content, Figure, Run
from report.method.assess import status_word
from report.method.selections import (
    activity_cost,
    area_goals,
    differing_goals,
    goal_indicators,
    in_program_order,
    light_and_trend_counts,
    period_activities,
    period_comments,
    status_counts,
)
from report.texts import (
    LIGHT_FILLS,
    SEX_WORDS,
    STATUS_WORDS,
    TREND_SYMBOLS,
    activity_cells,
    count_noun,
    count_status,
    counts_sentence,
    join_words,
    light_label,
    trend_label,
    trends_sentence,
)
from sources.formats import format_number, format_value, shared_decimals
from sources.vocabulary import ALL_LIGHTS, ALL_TRENDS


def _light_cell(light: str) -> Cell:
    return Cell(light_label(light), bold=True, fill=LIGHT_FILLS[light], light=light)


def _area_goals_table(goals: pd.DataFrame) -> Content:
    out = Content()
    rows = []
    for goal in goals.itertuples():
        computed = f"{light_label(goal.computed_light)}, {TREND_SYMBOLS[goal.computed_trend]}"
        source = "Nämnd" if goal.light_source == "committee" else "Beräknad"
        if goal.light_differs or goal.trend_differs:
            source += " (avviker)"
        rows.append([f"{goal.goal_id} {goal.title}", goal.committees, _light_cell(goal.light),
                     trend_label(goal.trend), computed, source])
    out.table(["Mål", "Nämnder", "Bedömning", "Trend", "Beräknat", "Källa"], rows,
              widths=[4.8, 2.2, 2.5, 2.7, 2.4, 2.0], size=8.5)
    return out


def _indicator_rows(context: ReportContext, goal_id: str) -> list[list[object]]:
    own = goal_indicators(context.assessment.indicators, goal_id)
    rows = []
    for indicator_id, group in own.groupby("indicator", sort=False):
        total = group[group["sex"] == "T"].iloc[0]
        decimals = shared_decimals([float(v) for v in group["latest_value"] if pd.notna(v)])
        latest = (format_value(total["latest_value"], total["unit"], decimals) if pd.notna(total["latest_value"])
                  else "–")
        if pd.notna(total["latest_year"]):
            marked = status_word(total.get("latest_status"))
            short = {"preliminärt": "prel."}.get(marked, marked)
            latest += f" ({int(total['latest_year'])}{', ' + short if short else ''})"
        by_sex = []
        for sex in ("K", "M"):
            part = group[group["sex"] == sex]
            if not part.empty and pd.notna(part.iloc[0]["latest_value"]):
                text = f"{SEX_WORDS[sex][0]}: {format_value(part.iloc[0]['latest_value'], total['unit'], decimals)}"
                if part.iloc[0]["latest_year"] != total["latest_year"]:  # another year than the total's: say which
                    text += f" ({int(part.iloc[0]['latest_year'])})"
                by_sex.append(text)
        rows.append([f"{total['name']} ({indicator_id})", latest, "; ".join(by_sex) or "–",
                     light_label(total["light"]), trend_label(total["trend"])])
    return rows


def _comments(context: ReportContext, goal_ids: list[str]) -> Content:
    out = Content()
    rows = period_comments(context.submissions, context.period, goal_ids)
    out.heading("Nämndernas kommentarer", level=2)
    if rows.empty:
        out.text("Inga kommentarer har lämnats för målområdets mål.")
        return out
    for row in in_program_order(rows, context.program.goal_ids()).itertuples():
        name = context.program.committees.get(row.committee, row.committee)
        out.paragraph(Run(f"Mål {row.goal}, {name}: ", bold=True), Run(row.comment))
    return out


def _activities(context: ReportContext, goal_ids: list[str]) -> Content:
    out = Content()
    rows = period_activities(context.submissions, context.period, goal_ids)
    out.heading("Aktiviteter", level=2)
    if rows.empty:
        out.text("Inga aktiviteter har rapporterats för målområdet.")
        return out
    counts = status_counts(rows, list(STATUS_WORDS))
    parts = [count_status(count, key) for key, count in counts.items() if count]
    unknown = len(rows) - sum(counts.values())
    if unknown:
        parts.append(f"{unknown} utan angiven status")
    cost = activity_cost(rows)
    text = f"Nämnderna har rapporterat {count_noun(len(rows), 'aktivitet')}: " + join_words(parts) + "."
    if pd.notna(cost):
        text += f" Rapporterad kostnad: {format_number(float(cost), 0)}\u00a0tkr."
    out.text(text)
    out.table(["Mål", "Nämnd", "Aktivitet", "Status", "Kostnad (tkr)"],
              [[r.goal, r.committee, r.activity, *activity_cells(r)]
               for r in in_program_order(rows, context.program.goal_ids()).itertuples()],
              widths=[1.4, 1.6, 8.6, 2.4, 2.4], size=8)
    return out


def _charts(charts: list) -> Content:
    """Charts two by two; a sentence where an indicator has no data."""
    out = Content()
    if charts:
        out.figures([Figure(chart.path, chart.alt, title=indicator.name, width_cm=8.0, data=chart.data)
                     for indicator, chart in charts], columns=2, cell_cm=8.3)
    return out


def _part_heading(context: ReportContext, part) -> Content:
    out = Content()
    out.page_break()
    out.heading(part.name, level=1)
    row = context.assessment.parts.set_index("part_id").loc[part.id]
    names = [area.name for area in context.program.areas if area.part == part.id]
    out.text(f"{part.name} har {count_noun(len(names), 'målområde')}: {join_words(names)}. "
             + counts_sentence({k: int(row[k]) for k in ALL_LIGHTS}, int(row["goals"])) + " "
             + trends_sentence({k: int(row[k]) for k in ALL_TRENDS}))
    return out


def areas(context: ReportContext) -> Content:
    out = Content()
    goals = context.assessment.goals
    current_part = None
    for area in context.program.areas:
        part = context.program.part_of(area)
        if part is not None and part != current_part:
            out.extend(_part_heading(context, part))
            current_part = part
        out.page_break()
        out.heading(area.name, level=1)
        own = area_goals(goals, area.id)
        counts, trends = light_and_trend_counts(own)
        out.text(counts_sentence(counts, len(own)) + " " + trends_sentence(trends))
        differing = differing_goals(own)
        if not differing.empty:
            out.text("Nämndens bedömning skiljer sig från den beräknade för mål "
                     + join_words(list(differing["goal_id"])) + "; båda visas i tabellen.")
        out.extend(_area_goals_table(own))
        out.heading("Nyckeltal", level=2)
        without = [goal.id for goal in area.goals if not goal.indicators]
        if without:
            out.text(("Målet " if len(without) == 1 else "Målen ") + join_words(without)
                     + " följs inte upp med nyckeltal; bedömningen är nämndernas.", size=9)
        for goal in area.goals:
            if not goal.indicators:
                continue
            out.heading(f"Mål {goal.id} {goal.title}", level=3)
            out.table(["Nyckeltal", "Senaste värde", "Kvinnor/män", "Ljus", "Trend"],
                      _indicator_rows(context, goal.id), widths=[7.0, 2.8, 2.8, 2.2, 2.6], size=8)
            out.extend(_charts([(i, context.charts[i.id]) for i in goal.indicators if i.id in context.charts]))
        out.extend(_comments(context, [goal.id for goal in area.goals]))
        out.extend(_activities(context, [goal.id for goal in area.goals]))
    return out
