"""The target areas, each on its own pages: the goals table, the indicators with their charts,
the committees' comments and activities; a part heading before each program of a combined report."""

from __future__ import annotations

import pandas as pd
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from report.context import ReportContext
from report.document.docx_tools import (
    add_table,
    add_text,
    clean,
    fix_layout,
    page_break,
    set_alt_text,
    set_cell_text,
    shade,
)
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


def _light_cell(cell, light: str, size: float = 9) -> None:
    set_cell_text(cell, light_label(light), bold=True, size=size)
    shade(cell, LIGHT_FILLS[light])


def _area_goals_table(document, context: ReportContext, goals: pd.DataFrame) -> None:
    headers = ["Mål", "Nämnder", "Bedömning", "Trend", "Beräknat", "Källa"]
    table = add_table(document, headers, [["", "", "", "", "", ""] for _ in range(len(goals))],
                   widths=[4.8, 2.2, 2.5, 2.7, 2.4, 2.0], size=8.5)
    for row, goal in zip(table.rows[1:], goals.itertuples(), strict=True):
        set_cell_text(row.cells[0], f"{goal.goal_id} {goal.title}", size=8.5)
        set_cell_text(row.cells[1], goal.committees, size=8.5)
        _light_cell(row.cells[2], goal.light, size=8.5)
        set_cell_text(row.cells[3], trend_label(goal.trend), size=8.5)
        computed = f"{light_label(goal.computed_light)}, {TREND_SYMBOLS[goal.computed_trend]}"
        set_cell_text(row.cells[4], computed, size=8.5)
        source = "Nämnd" if goal.light_source == "committee" else "Beräknad"
        if goal.light_differs or goal.trend_differs:
            source += " (avviker)"
        set_cell_text(row.cells[5], source, size=8.5)


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


def _comments(document, context: ReportContext, goal_ids: list[str]) -> None:
    rows = period_comments(context.submissions, context.period, goal_ids)
    document.add_heading("Nämndernas kommentarer", level=2)
    if rows.empty:
        add_text(document, "Inga kommentarer har lämnats för målområdets mål.")
        return
    for row in in_program_order(rows, context.program.goal_ids()).itertuples():
        paragraph = document.add_paragraph()
        name = context.program.committees.get(row.committee, row.committee)
        paragraph.add_run(clean(f"Mål {row.goal}, {name}: ")).bold = True
        paragraph.add_run(clean(row.comment))


def _activities(document, context: ReportContext, goal_ids: list[str]) -> None:
    rows = period_activities(context.submissions, context.period, goal_ids)
    document.add_heading("Aktiviteter", level=2)
    if rows.empty:
        add_text(document, "Inga aktiviteter har rapporterats för målområdet.")
        return
    counts = status_counts(rows, list(STATUS_WORDS))
    parts = [count_status(count, key) for key, count in counts.items() if count]
    unknown = len(rows) - sum(counts.values())
    if unknown:
        parts.append(f"{unknown} utan angiven status")
    cost = activity_cost(rows)
    text = f"Nämnderna har rapporterat {count_noun(len(rows), 'aktivitet')}: " + join_words(parts) + "."
    if pd.notna(cost):
        text += f" Rapporterad kostnad: {format_number(float(cost), 0)}\u00a0tkr."
    add_text(document, text)
    add_table(document, ["Mål", "Nämnd", "Aktivitet", "Status", "Kostnad (tkr)"],
           [[r.goal, r.committee, r.activity, STATUS_WORDS.get(r.activity_status, r.activity_status or "–"),
             format_number(r.cost_tkr, 0) if pd.notna(r.cost_tkr) else "–"]
            for r in in_program_order(rows, context.program.goal_ids()).itertuples()],
           widths=[1.4, 1.6, 8.6, 2.4, 2.4], size=8)


def _charts(document, charts: list) -> None:
    """Charts two by two in a borderless table; a sentence where an indicator has no data."""
    if not charts:
        return
    table = document.add_table(rows=(len(charts) + 1) // 2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_layout(table, [8.3, 8.3])
    for index, (indicator, chart) in enumerate(charts):
        cell = table.rows[index // 2].cells[index % 2]
        cell.width = Cm(8.3)
        paragraph = cell.paragraphs[0]
        if chart.path is None:
            run = paragraph.add_run(clean(chart.alt))
            run.italic, run.font.size = True, Pt(8)
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture = paragraph.add_run().add_picture(str(chart.path), width=Cm(8.0))
        set_alt_text(picture, chart.alt, title=indicator.name)


def _part_heading(document, context: ReportContext, part) -> None:
    page_break(document)
    document.add_heading(part.name, level=1)
    row = context.assessment.parts.set_index("part_id").loc[part.id]
    names = [area.name for area in context.program.areas if area.part == part.id]
    add_text(document, f"{part.name} har {count_noun(len(names), 'målområde')}: {join_words(names)}. "
             + counts_sentence({k: int(row[k]) for k in ALL_LIGHTS}, int(row["goals"])) + " "
             + trends_sentence({k: int(row[k]) for k in ALL_TRENDS}))


def areas(document, context: ReportContext) -> None:
    goals = context.assessment.goals
    current_part = None
    for area in context.program.areas:
        part = context.program.part_of(area)
        if part is not None and part != current_part:
            _part_heading(document, context, part)
            current_part = part
        page_break(document)
        document.add_heading(area.name, level=1)
        own = area_goals(goals, area.id)
        counts, trends = light_and_trend_counts(own)
        add_text(document, counts_sentence(counts, len(own)) + " " + trends_sentence(trends))
        differing = differing_goals(own)
        if not differing.empty:
            add_text(document, "Nämndens bedömning skiljer sig från den beräknade för mål "
                       + join_words(list(differing["goal_id"])) + "; båda visas i tabellen.")
        _area_goals_table(document, context, own)
        document.add_heading("Nyckeltal", level=2)
        without = [goal.id for goal in area.goals if not goal.indicators]
        if without:
            add_text(document, ("Målet " if len(without) == 1 else "Målen ") + join_words(without)
                     + " följs inte upp med nyckeltal; bedömningen är nämndernas.", size=9)
        for goal in area.goals:
            if not goal.indicators:
                continue
            document.add_heading(clean(f"Mål {goal.id} {goal.title}"), level=3)
            add_table(document, ["Nyckeltal", "Senaste värde", "Kvinnor/män", "Ljus", "Trend"],
                   _indicator_rows(context, goal.id), widths=[7.0, 2.8, 2.8, 2.2, 2.6], size=8)
            _charts(document, [(i, context.charts[i.id]) for i in goal.indicators if i.id in context.charts])
        _comments(document, context, [goal.id for goal in area.goals])
        _activities(document, context, [goal.id for goal in area.goals])
