"""The report's sections, each a function (document, context) -> None, in reading order.

`SECTIONS` is the registry the document builder loops over.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from report.context import ReportContext
from report.document.builder import Section
from report.document.docx_tools import (
    add_field,
    add_hyperlink,
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
from report.method.explain import GAP_BASES, difference_unit
from report.method.rules import UNIT_METHODS
from report.texts import (
    LIGHT_FILLS,
    RECORD_NOTE,
    SEX_WORDS,
    TREND_SYMBOLS,
    count_noun,
    count_status,
    counts_sentence,
    join_words,
    light_label,
    trend_label,
    trends_sentence,
)
from sources.formats import (
    format_date,
    format_number,
    format_percent,
    format_rate,
    format_unit_rate,
    format_value,
    shared_decimals,
)
from sources.vocabulary import (
    ALL_LIGHTS,
    ALL_TRENDS,
    ERROR,
    GREEN,
    IMPROVING,
    NARROWING,
    NO_TREND,
    NOT_ASSESSED,
    NOT_STARTED,
    NOTE,
    ONGOING,
    RED,
    UNCHANGED,
    WARNING,
    WIDENING,
    WORSENING,
    YELLOW,
)

EXAMPLE_TITLE = "Exempeldata"
INVENTED_TARGET = "Målvärdet är påhittat för exemplet; programmet anger inget sådant värde."
EXAMPLE_NOTE = ("Rapporten bygger på påhittade exempeldata: nyckeltalens id och namn är Koladas och programmets "
                "mål är kommunens, men värdena, nämndernas bedömningar och de målvärden som är märkta "
                "påhittade är uppdiktade för att visa verktyget. Siffrorna beskriver inte kommunen.")
STATUS_WORDS = {"done": "Genomförd", ONGOING: "Pågår", NOT_STARTED: "Ej påbörjad"}


def _light_cell(cell, light: str, size: float = 9) -> None:
    set_cell_text(cell, light_label(light), bold=True, size=size)
    shade(cell, LIGHT_FILLS[light])


def title_page(document, context: ReportContext) -> None:
    program = context.program
    for _ in range(6):
        document.add_paragraph()
    add_text(document, program.municipality.name, size=16, bold=True)
    document.add_paragraph(clean(program.name), style="Title")
    add_text(document, f"Uppföljning {context.period}", size=20)
    document.add_paragraph()
    if program.parts:
        add_text(document, "Rapporten följer upp " + join_words([part.name.lower() if index else part.name
                                                                   for index, part in enumerate(program.parts)])
                 + " i ett dokument.", size=11)
    period = (f"Programperiod {program.period.start}–{program.period.end}. " if program.period else "")
    add_text(document, f"{period}Rapporten avser läget till och med {context.year}.", size=11)
    add_text(document, f"Datum: {format_date(context.generated)}", size=11)
    add_text(document, f"Version: {context.version}", size=11)
    add_text(document, "Rapporten är framtagen automatiskt ur inlämnad statistik och nämndernas "
                         "inrapportering; varje bedömning förklaras i bilaga 1.", italic=True, size=9)
    if program.example:
        document.add_paragraph()
        add_text(document, EXAMPLE_TITLE, bold=True, size=12)
        add_text(document, EXAMPLE_NOTE, size=10)
    for warning in context.title_warnings:
        document.add_paragraph()
        add_text(document, f"Observera: {warning}", bold=True, size=11)
    page_break(document)


def contents(document, context: ReportContext) -> None:
    add_text(document, "Innehåll", style="TOC Heading")
    paragraph = document.add_paragraph()
    add_field(paragraph, 'TOC \\o "1-1" \\h \\z \\u',
              "Innehållsförteckningen uppdateras när dokumentet öppnas (i Word: högerklicka och "
              "välj Uppdatera fält).")
    page_break(document)


def summary(document, context: ReportContext) -> None:
    document.add_heading("Sammanfattning", level=1)
    if context.program.example:
        add_text(document, f"{EXAMPLE_TITLE}: {EXAMPLE_NOTE}", italic=True, size=9)
    s = context.assessment.summary
    goals = context.assessment.goals
    total = s["goals_total"]
    text = counts_sentence(s["goals"], total) + " " + trends_sentence(s["trends"])
    add_text(document, text)
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
    add_text(document, sentence)
    add_text(document, change_sentence(context) + " " + gap_sentence(context))
    red = goals[goals["light"] == RED]
    if not red.empty:
        add_text(document, "Mål som bedöms som röda:")
        for row in red.itertuples():
            document.add_paragraph(clean(f"{row.goal_id} {row.title}"), style="List Bullet")
    _parts_summary(document, context)
    document.add_heading("Bedömning per målområde", level=2)
    areas = context.assessment.areas
    light_rows = [[a["area"], a["goals"]] + [a[k] for k in ALL_LIGHTS] for _, a in areas.iterrows()]
    light_rows.append(["Totalt", int(areas["goals"].sum())] + [int(areas[k].sum()) for k in ALL_LIGHTS])
    table = add_table(document, ["Målområde", "Mål"] + [light_label(k) for k in ALL_LIGHTS], light_rows,
                   widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5)
    _bold_last_row(table)
    add_text(document, "Tabellen räknar målens officiella bedömning: nämndens där en sådan finns, "
                         "annars den beräknade.", italic=True, size=8)
    if context.summary_chart is not None and context.summary_chart.path is not None:
        picture = document.add_picture(str(context.summary_chart.path), width=Cm(15))
        set_alt_text(picture, context.summary_chart.alt, title="Bedömning per målområde")
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading("Utveckling per målområde", level=2)
    trend_rows = [[a["area"], a["goals"]] + [a[k] for k in ALL_TRENDS] for _, a in areas.iterrows()]
    trend_rows.append(["Totalt", int(areas["goals"].sum())] + [int(areas[k].sum()) for k in ALL_TRENDS])
    table = add_table(document, ["Målområde", "Mål"] + [trend_label(k) for k in ALL_TRENDS], trend_rows,
                   widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5)
    _bold_last_row(table)
    best, worst = largest_changes(context)
    _changes_table(document, best, "Största förbättringar")
    _changes_table(document, worst, "Största försämringar")


def differing_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals whose committee rating differs from the computed one in light or arrow: the one
    count the summary, the target areas and the analysis all give."""
    return goals[goals["light_differs"] | goals["trend_differs"]]


def differing_sentence(differing: pd.DataFrame) -> str:
    """'För 4 mål skiljer sig nämndens bedömning från den beräknade: för 1 ljuset, för 3 bara pilen.'"""
    lights = int(differing["light_differs"].sum())
    arrows = len(differing) - lights
    detail = []
    if lights:
        detail.append(f"för {lights} ljuset")
    if arrows:
        detail.append(f"för {arrows} bara pilen")
    return (f"För {count_noun(len(differing), 'mål')} skiljer sig nämndens bedömning från den beräknade: "
            + join_words(detail) + ".")


def _parts_summary(document, context: ReportContext) -> None:
    """A combined report: one sentence and one table row per program, and the total."""
    parts = context.assessment.parts
    if parts is None:
        return
    document.add_heading("Bedömning per program", level=2)
    for row in parts.itertuples():
        counts = {k: getattr(row, k) for k in ALL_LIGHTS}
        trends = {k: getattr(row, k) for k in ALL_TRENDS}
        add_text(document, f"{row.part}: " + counts_sentence(counts, row.goals) + " " + trends_sentence(trends))
    rows = [[r["part"], r["goals"]] + [r[k] for k in ALL_LIGHTS] for _, r in parts.iterrows()]
    rows.append(["Totalt", int(parts["goals"].sum())] + [int(parts[k].sum()) for k in ALL_LIGHTS])
    _bold_last_row(add_table(document, ["Program", "Mål"] + [light_label(k) for k in ALL_LIGHTS], rows,
                             widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5))
    document.add_paragraph()
    rows = [[r["part"], r["goals"]] + [r[k] for k in ALL_TRENDS] for _, r in parts.iterrows()]
    rows.append(["Totalt", int(parts["goals"].sum())] + [int(parts[k].sum()) for k in ALL_TRENDS])
    _bold_last_row(add_table(document, ["Program", "Mål"] + [trend_label(k) for k in ALL_TRENDS], rows,
                             widths=[5.4, 1.6, 2.4, 2.4, 2.4, 2.4], size=8.5))


def largest_changes(context: ReportContext, count: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators (totals) that moved most in the desired and in the wrong direction, among
    those whose arrow says they moved. A relative rate and a change in the unit are ranked
    together by how many times their arrow's threshold they moved."""
    indicators = context.assessment.indicators
    totals = indicators[(indicators["sex"] == "T") & indicators["progress"].notna()].drop_duplicates("indicator")
    threshold = totals["trend_threshold"] if "trend_threshold" in totals else pd.Series(1.0, index=totals.index)
    totals = totals.assign(moved=totals["progress"] / threshold.where(threshold > 0))
    ranked = totals.sort_values("moved", ascending=False)
    return (ranked[ranked["trend"] == IMPROVING].head(count),
            ranked[ranked["trend"] == WORSENING].iloc[::-1].head(count))


def _changes_table(document, rows: pd.DataFrame, heading: str) -> None:
    document.add_heading(heading, level=2)
    if rows.empty:
        moved = "förbättrats" if heading == "Största förbättringar" else "försämrats"
        add_text(document, f"Inget nyckeltal har {moved} så mycket att pilen visar det.")
        return
    def pace(r) -> str:
        threshold = getattr(r, "trend_threshold", None)
        threshold = None if threshold is None or pd.isna(threshold) else float(threshold)
        text = (format_unit_rate(r.progress, r.unit, threshold) if r.method in UNIT_METHODS
                else format_rate(r.progress, threshold))
        # a bounded share near its bound is rated on what is missing to the bound (bilaga 1)
        return text + (" (det som saknas till gränsen)" if getattr(r, "basis", "") == "shortfall" else "")

    add_table(document, ["Nyckeltal", "Period", "Takt i önskad riktning", "Pil"],
              [[f"{r.name} ({r.indicator})", f"{int(r.first_year)}–{int(r.last_year)}", pace(r),
                trend_label(r.trend)] for r in rows.itertuples()], widths=[9.0, 2.2, 3.2, 2.6], size=8)


def change_sentence(context: ReportContext, refer: bool = True) -> str:
    changes = context.assessment.summary.get("changes")
    if changes is None:
        return ("Det finns ingen tidigare uppföljning av programmet att jämföra med, och statistiken räcker "
                "inte till att räkna om föregående period.")
    if changes["goals_changed"] == 0:
        text = f"Jämfört med {changes['previous_period']} har inget mål fått ändrat ljus eller ändrad pil."
    else:
        text = (f"Jämfört med {changes['previous_period']} har {count_noun(changes['light_changed'], 'mål')} "
                f"fått ett annat ljus och {count_noun(changes['trend_changed'], 'mål')} en annan pil"
                + ("; se avsnittet Analys." if refer else "."))
    return text if refer else f"{text} {basis_sentence(changes)}"


def basis_sentence(changes: dict) -> str:
    """What the previous period's lights are: an earlier run's, or recomputed from these files."""
    if changes.get("basis") == "recomputed":
        return (f"Ingen tidigare uppföljning finns sparad för {changes['previous_period']}, så den perioden har "
                "räknats om "
                "ur samma filer: statistiken till och med det året och nämndernas bedömningar för "
                f"{changes['previous_period']} där de finns (annars den beräknade bedömningen). Värden som har "
                "reviderats sedan dess räknas med sina nya värden.")
    return f"Jämförelsen gäller bedömningen i den tidigare rapporten för {changes['previous_period']}."


def gap_sentence(context: ReportContext) -> str:
    gaps = context.assessment.summary.get("sex_gaps") or {}
    total = sum(gaps.values())
    if not total:
        return ""
    # (as the first clause, after it): "ökar skillnaden mellan könen för 3", "minskar för 2".
    forms = {"widening": ("ökar skillnaden mellan könen", "ökar"),
             NARROWING: ("minskar skillnaden mellan könen", "minskar"),
             UNCHANGED: ("är skillnaden mellan könen oförändrad", "är oförändrad"),
             NO_TREND: ("kan skillnaden mellan könen inte bedömas", "kan inte bedömas")}
    present = [key for key in forms if gaps.get(key, 0)]
    if len(present) == 1 and total > 1:
        return (f"För alla {count_noun(total, 'nyckeltal')} som redovisas för kvinnor och män "
                f"{forms[present[0]][0]}.")
    clauses = [f"{forms[key][0 if index == 0 else 1]} för {gaps[key]}" for index, key in enumerate(present)]
    return f"Av {count_noun(total, 'nyckeltal')} som redovisas för kvinnor och män {join_words(clauses)}."


def _bold_last_row(table) -> None:
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def how_to_read(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Så läser du rapporten", level=1)
    add_text(document, "Varje mål har ett ljus som visar hur långt målet är uppfyllt och en pil som "
                         "visar åt vilket håll utvecklingen går. Färgen är aldrig ensam bärare av "
                         "bedömningen: varje ljus har också ett ord och en symbol med egen form.")
    meanings = {
        GREEN: "Målet är nått eller utvecklingen går i den takt som krävs.",
        YELLOW: "Utvecklingen går åt rätt håll men för långsamt, eller läget är nära jämförelsen.",
        RED: "Utvecklingen går åt fel håll, eller läget är klart sämre än jämförelsen.",
        NOT_ASSESSED: "Det saknas mål, jämförelse eller data för en bedömning.",
    }
    table = add_table(document, ["Ljus", "Betydelse"], [[light_label(k), meanings[k]] for k in ALL_LIGHTS],
                   widths=[3.5, 12.5])
    for row, light in zip(table.rows[1:], ALL_LIGHTS, strict=True):
        shade(row.cells[0], LIGHT_FILLS[light])
    document.add_paragraph()
    arrows = {
        IMPROVING: "Utvecklingen går i önskad riktning med minst 1 % per år.",
        UNCHANGED: "Förändringen är mindre än 1 % per år åt något håll.",
        WORSENING: "Utvecklingen går åt fel håll med minst 1 % per år.",
        NO_TREND: "För få värden (minst tre behövs) för att bedöma utvecklingen.",
    }
    add_table(document, ["Pil", "Betydelse"], [[trend_label(k), arrows[k]] for k in ALL_TRENDS],
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
    indicators = context.assessment.indicators
    own = indicators[indicators["goal_id"] == goal_id]
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
    subs = context.submissions
    rows = subs[(subs["period"] == context.period) & subs["activity"].isna() & subs["comment"].notna()
                & subs["goal"].isin(goal_ids)]
    document.add_heading("Nämndernas kommentarer", level=2)
    if rows.empty:
        add_text(document, "Inga kommentarer har lämnats för målområdets mål.")
        return
    for row in _in_program_order(context, rows).itertuples():
        paragraph = document.add_paragraph()
        name = context.program.committees.get(row.committee, row.committee)
        paragraph.add_run(clean(f"Mål {row.goal}, {name}: ")).bold = True
        paragraph.add_run(clean(row.comment))


def _in_program_order(context: ReportContext, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the program's goal order (E1.2 before E1.10), then by committee."""
    order = {goal: index for index, goal in enumerate(context.program.goal_ids())}
    return rows.assign(_order=rows["goal"].map(order)).sort_values(["_order", "committee"]).drop(columns="_order")


def _activities(document, context: ReportContext, goal_ids: list[str]) -> None:
    subs = context.submissions
    rows = subs[(subs["period"] == context.period) & subs["activity"].notna() & subs["goal"].isin(goal_ids)]
    document.add_heading("Aktiviteter", level=2)
    if rows.empty:
        add_text(document, "Inga aktiviteter har rapporterats för målområdet.")
        return
    counts = rows["activity_status"].value_counts()
    parts = [count_status(int(counts.get(key, 0)), key) for key in STATUS_WORDS if counts.get(key, 0)]
    unknown = len(rows) - sum(int(counts.get(key, 0)) for key in STATUS_WORDS)
    if unknown:
        parts.append(f"{unknown} utan angiven status")
    cost = rows["cost_tkr"].sum(min_count=1)
    text = f"Nämnderna har rapporterat {count_noun(len(rows), 'aktivitet')}: " + join_words(parts) + "."
    if pd.notna(cost):
        text += f" Rapporterad kostnad: {format_number(float(cost), 0)}\u00a0tkr."
    add_text(document, text)
    add_table(document, ["Mål", "Nämnd", "Aktivitet", "Status", "Kostnad (tkr)"],
           [[r.goal, r.committee, r.activity, STATUS_WORDS.get(r.activity_status, r.activity_status or "–"),
             format_number(r.cost_tkr, 0) if pd.notna(r.cost_tkr) else "–"]
            for r in _in_program_order(context, rows).itertuples()],
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
        own = goals[goals["area_id"] == area.id]
        counts = own["light"].value_counts().to_dict()
        trends = own["trend"].value_counts().to_dict()
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


def districts(document, context: ReportContext) -> None:
    """Each priority district against the whole municipality, indicator by indicator."""
    table = context.assessment.districts
    if table is None or not context.program.districts:
        return
    program = context.program
    page_break(document)
    document.add_heading("Prioriterade stadsdelar", level=1)
    names = [district.name for district in program.districts]
    add_text(document, f"Programmet följer {count_noun(len(names), 'stadsdel')} särskilt: {join_words(names)}. "
             f"För {count_noun(table['indicator'].nunique(), 'nyckeltal')} finns statistik per stadsdel. "
             f"Varje stadsdel jämförs med {program.municipality.name} som helhet: grönt betyder mer än "
             f"{format_percent(program.rating.reference_band, 0)} bättre än kommunen, gult inom "
             f"{format_percent(program.rating.reference_band, 0)} och rött mer än så sämre.")
    summary = context.assessment.summary.get("districts", {})
    rows = [[d["name"], d["indicators"], d["better"], d["near"], d["worse"], d[NOT_ASSESSED],
             d["trends"][IMPROVING], d["trends"][WORSENING]] for d in summary.values()]
    add_table(document, ["Stadsdel", "Nyckeltal", "Bättre", "Nära", "Sämre", "Ej bedömd", "Förbättras",
                         "Försämras"], rows, widths=[4.0, 2.0, 1.6, 1.6, 1.6, 1.8, 2.0, 2.0], size=8)
    add_text(document, "Bättre, nära och sämre avser stadsdelens senaste värde jämfört med kommunen som "
             "helhet; förbättras och försämras stadsdelens egen utveckling.", italic=True, size=8)
    for indicator, rows in table.groupby("indicator", sort=False):
        document.add_heading(f"{rows['name'].iloc[0]} ({indicator})", level=2)
        unit = str(rows["unit"].iloc[0])
        body = []
        for row in rows.itertuples():
            difference = _district_difference(row, unit)
            year = "–" if pd.isna(row.latest_year) else str(int(row.latest_year))
            body.append([row.district_name, format_value(row.latest_value, unit), year, difference,
                         "" if row.light is None or pd.isna(row.light) else light_label(row.light),
                         trend_label(row.trend)])
        grid = add_table(document, ["Område", "Senaste värde", "År", "Jämfört med kommunen", "Ljus", "Trend"],
                         body, widths=[4.2, 2.6, 1.4, 3.0, 2.4, 2.6], size=8)
        for cells, row in zip(grid.rows[1:], rows.itertuples(), strict=True):
            if row.light is not None and not pd.isna(row.light):
                shade(cells.cells[4], LIGHT_FILLS[row.light])
        _bold_first_body_row(grid)
        chart = context.district_charts.get(indicator)
        if chart is not None and chart.path is not None:
            picture = document.add_picture(str(chart.path), width=Cm(14))
            set_alt_text(picture, chart.alt, title=str(rows["name"].iloc[0]))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif chart is not None:
            add_text(document, chart.alt, italic=True, size=8)
    add_text(document, "Jämförelsen avser stadsdelens senaste värde mot kommunens värde samma år; "
             "\"bättre\" följer nyckeltalets önskade riktning. Trenden beräknas som för kommunens nyckeltal.",
             italic=True, size=8)


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


def _bold_first_body_row(table) -> None:
    for cell in table.rows[1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def grants(document, context: ReportContext) -> None:
    """The program's development grants (Umeå's utvecklingsanslag): budget and plan per year."""
    program = context.program
    if not program.grants:
        return
    page_break(document)
    document.add_heading("Utvecklingsanslag", level=1)
    years = sorted({year for grant in program.grants for year in grant.amounts()})
    kinds = {year: {grant.amounts()[year][0] for grant in program.grants if year in grant.amounts()}
             for year in years}
    labels = [("Budget" if kinds[year] == {"budget"} else "Plan" if kinds[year] == {"plan"} else "Budget/plan")
              + f" {year}" for year in years]
    units = sorted({grant.unit for grant in program.grants})
    rows = []
    for grant in program.grants:
        amounts = grant.amounts()
        rows.append([grant.name] + [format_number(amounts[year][1], 0) if year in amounts else "–" for year in years])
    if len(program.grants) > 1 and len(units) == 1:
        rows.append(["Totalt"] + [format_number(sum(g.amounts()[year][1] for g in program.grants
                                                    if year in g.amounts()), 0) for year in years])
    width = min(2.2, 10.0 / max(len(years), 1))
    table = add_table(document, [f"Anslag ({', '.join(units)})"] + labels, rows,
                      widths=[16.0 - width * len(years)] + [width] * len(years), size=8.5)
    if len(program.grants) > 1 and len(units) == 1:
        _bold_last_row(table)
    for grant in program.grants:
        details = []
        if grant.committee:
            details.append(f"förvaltas av {program.committees[grant.committee].lower()}")
        if grant.goals:
            details.append(f"avser mål {join_words(grant.goals)}")
        if details or grant.note:
            add_text(document, f"{grant.name}: " + "; ".join(details) + ("." if details else "")
                     + (f" {grant.note}" if grant.note else ""), size=9)
    in_year = next((grant.amounts()[context.year] for grant in program.grants
                    if context.year in grant.amounts()), None)
    subs = context.submissions
    reported = subs[(subs["period"] == context.period) & subs["activity"].notna()]["cost_tkr"].sum(min_count=1)
    sentence = f"För {context.year} "
    if in_year is None:
        sentence += "finns inget anslag angivet i programmet."
    else:
        total = sum(g.amounts()[context.year][1] for g in program.grants if context.year in g.amounts())
        sentence += (f"är anslagen {format_number(total, 0)} {units[0]} "
                     f"({'budget' if in_year[0] == 'budget' else 'plan'}).")
    if pd.notna(reported):
        sentence += (f" Nämnderna har rapporterat aktiviteter för sammanlagt {format_number(float(reported), 0)} tkr "
                     f"under {context.period}.")
    else:
        sentence += f" Nämnderna har inte rapporterat några kostnader för aktiviteter under {context.period}."
    add_text(document, sentence)


GAP_LABELS = {"narrowing": "↓ Minskar", UNCHANGED: "→ Oförändrad", WIDENING: "⚠ Ökar", NO_TREND: "– Ingen trend"}


def analysis(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Analys", level=1)
    assessment = context.assessment
    document.add_heading("Förändring sedan föregående uppföljning", level=2)
    add_text(document, change_sentence(context, refer=False))
    if assessment.changes is not None and not assessment.changes.empty:
        before = assessment.previous_period
        now = context.period
        add_table(document, ["Mål", f"Ljus {before}", f"Ljus {now}", f"Pil {before}", f"Pil {now}"],
               [[f"{c.goal_id} {c.title}", light_label(c.light_before), light_label(c.light),
                 trend_label(c.trend_before), trend_label(c.trend)] for c in assessment.changes.itertuples()],
               widths=[6.2, 2.6, 2.6, 2.6, 2.6], size=8)
    document.add_heading("Skillnader mellan kvinnor och män", level=2)
    indicators = assessment.indicators
    split = (indicators[indicators["gap_trend"].notna()].drop_duplicates("indicator")
             if "gap_trend" in indicators else indicators.iloc[0:0])
    if split.empty:
        add_text(document, "Inget av programmets nyckeltal redovisas uppdelat på kön.")
    else:
        add_text(document, gap_sentence(context) + " Skillnaden räknas som kvinnornas värde minus "
                   "männens. Den ökar eller minskar när dess storlek, i förhållande till totalen (där totalen "
                   "saknas: summan av kvinnor och män för antal, annars deras medelvärde), ändras med minst en "
                   "procentenhet per år.")
        widening = split[split["gap_trend"] == WIDENING]
        if not widening.empty:
            add_text(document, "Skillnaden mellan kvinnor och män ökar för: " + "; ".join(
                f"{r.name} ({r.indicator})" for r in widening.itertuples()) + ".", bold=True)
        rows = []
        for r in split.itertuples():
            span, share = "–", "–"
            if pd.notna(r.gap_first):
                unit = difference_unit(r.unit)
                span = (f"{format_number(r.gap_first)} → {format_number(r.gap_last)}{' ' + unit if unit else ''} "
                        f"({int(r.gap_first_year)}–{int(r.gap_last_year)})")
            if pd.notna(r.gap_first_share) and pd.notna(r.gap_last_share):
                share = (f"{format_percent(r.gap_first_share)} → {format_percent(r.gap_last_share)} "
                         f"{GAP_BASES[r.gap_base]}")
            rows.append([f"{r.name} ({r.indicator})", span, share, GAP_LABELS[r.gap_trend]])
        # The verdict is on the gap's size relative to the total, so that size is shown beside it.
        add_table(document, ["Nyckeltal", "Skillnad kvinnor − män", "Skillnadens storlek", "Skillnaden"], rows,
                  widths=[6.4, 4.0, 3.6, 2.6], size=8)
    peers = indicators[(indicators["sex"] == "T") & indicators["peer_areas"].notna()
                       & indicators["peers_better"].notna()].drop_duplicates("indicator") \
        if "peer_areas" in indicators else indicators.iloc[0:0]
    if not peers.empty:
        document.add_heading("Jämförelse med andra kommuner", level=2)
        add_text(document, f"{context.program.municipality.name} jämförs med jämförelsegruppen för de nyckeltal "
                             "som saknar målvärde och jämförelseområde (Koladaregeln: bästa fjärdedelen grön, "
                             "sämsta röd).")
        add_table(document, ["Nyckeltal", "Senaste värde", "Plats", "Ljus"],
               [[f"{r.name} ({r.indicator})", f"{format_value(r.latest_value, r.unit)} ({int(r.latest_year)})",
                 f"{int(r.peers_better) + 1} av {int(r.peer_areas)}", light_label(r.light)]
                for r in peers.itertuples()], widths=[9.0, 3.0, 2.0, 2.6], size=8)
    document.add_heading("Nämndernas och den beräknade bedömningen", level=2)
    goals = assessment.goals
    differing = differing_goals(goals)
    if differing.empty:
        add_text(document, "Där nämnderna har bedömt målen stämmer bedömningen med den beräknade.")
    else:
        add_text(document, f"{differing_sentence(differing)} Nämndens bedömning gäller; båda visas här.")
        add_table(document, ["Mål", "Nämnd", "Nämndens bedömning", "Beräknad bedömning"],
               [[f"{g.goal_id} {g.title}", g.assessed_by, f"{light_label(g.light)}, {trend_label(g.trend)}",
                 f"{light_label(g.computed_light)}, {trend_label(g.computed_trend)}"]
                for g in differing.itertuples()], widths=[6.0, 2.0, 4.3, 4.3], size=8)


RULE_NAMES = {"auto": "automatiskt (mål, annars jämförelse, annars Koladaregeln, annars ingen)",
              "target": "målvärde", "reference": "jämförelse med annat område", "kolada": "Koladaregeln",
              "none": "ingen beräknad bedömning"}
AGGREGATION_NAMES = {"mean": "medelvärde", "worst": "sämsta nyckeltalet",
                     "worst_two": "de två sämsta nyckeltalen (SDSN)", "majority": "majoritet"}
METHOD_WORDS = {"cagr": "årlig förändringstakt mellan periodens första och sista värde (CAGR)",
                "least_squares": "minsta kvadrat-trend över periodens alla värden"}
HARD_CASES = [
    "Färre än {min_points} värden i perioden: ingen trend. Ett målvärde som redan är nått ger ändå grönt; "
    "annars blir ljuset ej bedömt, eftersom takten saknas.",
    "Luckor i en serie fylls inte i: takten räknas över de år som faktiskt ligger mellan första och "
    "sista värdet (minsta kvadrat-trenden använder de verkliga åren).",
    "Saknas värde för rapportåret används det senaste tidigare värdet, och året anges i tabeller och "
    "förklaringar.",
    "CAGR kräver en serie över noll. Når eller passerar serien noll, eller är målet noll (en nollvision), "
    "mäts förändringen per år i nyckeltalets enhet i stället, och tröskeln för pilen är {threshold} % av "
    "periodens medelnivå; förklaringen anger det. Den takt som krävs för att nå ett mål räknas då också "
    "i enheten.",
    "Är jämförelsevärdet 0 (som nettokostnadsavvikelsen för riket) kan ingen procentuell skillnad räknas; "
    "skillnaden mäts i enheten, med marginalen {absolute} i enheten.",
    "Gränsvärden jämförs med den noggrannhet värdena publiceras med: ett värde som är exakt på en gräns "
    "(8,4 mot 8,0 och 9,5 mot 10,0 är båda exakt 5,0\u00a0% bättre) räknas som på gränsen. Ligger ett värde "
    "nära en gräns skrivs det med så många decimaler att det syns på vilken sida det ligger (5,04\u00a0%).",
    "Ett mål som är nått ger grönt så länge värdet håller målnivån; pilen visar ändå utvecklingen. "
    "Passeras målåret utan att målet nåtts blir ljuset rött.",
    "Kvinnor och män bedöms var för sig där värden finns, och jämförs med kvinnor respektive män i "
    "jämförelseområdet. Saknas värden för ett kön blir det könets ljus ej bedömt; målets ljus bygger "
    "på totalen.",
    "Andelar som programmet ger en övre gräns (t.ex. 100\u00a0%) och som ligger nära gränsen (alla värden i "
    "perioden inom {near} enheter): takten räknas på det som saknas till gränsen, eftersom en liten ökning "
    "där halverar det som återstår. Nyckeltal utan gräns (en självfinansieringsgrad på 131\u00a0%, en "
    "avvikelse under noll) bedöms på sina värden, och inga värden avvisas för att de ligger utanför 0–100.",
    "Kvartalsvärden: i årsrapporten används årsvärden; ett år med bara kvartalsvärden får medelvärdet "
    "av årets fyra kvartal, och saknas något kvartal saknas året.",
    "Ett nyckeltal som hör till flera mål bedöms en gång och räknas med i varje måls bedömning; i "
    "sammanställningen av nyckeltal räknas det en gång.",
    "Koladaregeln kräver minst {kolada} områden med värde samma år; annars är ljuset ej bedömt.",
]


OVERRIDE_LABELS = {
    "trend_years": "trendperiod (år)", "trend_threshold": "tröskel för trend", "trend_method": "trendmetod",
    "min_points": "minsta antal värden", "light_rule": "regel för ljuset", "on_track_ratio": "kvot för grönt",
    "reference_band": "marginal mot jämförelse", "kolada_min_areas": "minsta jämförelsegrupp",
    "percent_near_bound": "gräns för nära den övre gränsen (enheter)",
    "trend_unit": "trend", "points_threshold": "tröskel för trend i enheten per år",
    "reference_band_absolute": "marginal i enheten mot ett jämförelsevärde på 0", "prices": "priser",
    "peer_group": "jämförelsegrupp för Koladaregeln",
}
SETTING_VALUES = {"relative": "relativ (CAGR)", "points": "i enheten per år (procentenheter)",
                  "nominal": "löpande priser", "fixed": "fasta priser", "list": "programmets lista",
                  "all": "alla kommuner", "kommungrupp": "kommungruppen"}


def _override_text(key: str, value: object) -> str:
    words = {**METHOD_WORDS, **RULE_NAMES, **SETTING_VALUES, "least_squares": "minsta kvadrat-trend", "cagr": "CAGR"}
    shown = words.get(value, value) if isinstance(value, str) else (
        format_number(value, 2) if isinstance(value, float) else value)
    return f"{OVERRIDE_LABELS.get(key, key)}: {shown}"


def method_annex(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Bilaga 1. Metod", level=1)
    r = context.program.rating
    threshold = format_number(r.trend_threshold * 100, 1)
    band = format_number(r.reference_band * 100, 0)
    lines = [
        f"Trend: {METHOD_WORDS[r.trend_method]} i perioden {context.year - r.trend_years}–{context.year}; "
        f"minst {r.min_points} värden krävs. Förbättras vid minst +{threshold} % per år i önskad riktning, "
        f"försämras vid minst {threshold} % per år åt fel håll, annars oförändrad.",
        f"Regel för ljuset: {RULE_NAMES[r.light_rule]}.",
        f"Ljus med målvärde: grönt om senaste värdet når målet, annars kvoten mellan faktisk takt och "
        f"den takt som krävs från periodens första värde till målet under målåret: grönt vid minst "
        f"{format_number(r.on_track_ratio, 2)}, gult från 0, rött under 0.",
        f"Ljus med jämförelse (t.ex. riket): grönt om senaste värdet är mer än {band} % bättre än "
        f"jämförelsen samma år, rött om mer än {band} % sämre, annars gult.",
        f"Koladaregeln: bland jämförelsegruppens områden ({SETTING_VALUES[r.peer_group]}, minst "
        f"{r.kolada_min_areas}) med värde samma år är den bästa fjärdedelen grön och den sämsta röd, övriga gula.",
        "Ljus mot ett intervall (t.ex. 40–60 % för en jämn könsfördelning): grönt inom intervallet; utanför "
        "det, med ett år för intervallet, som ett målvärde vid intervallets närmaste gräns, och utan år gult "
        "så länge värdet rör sig mot intervallet och rött annars.",
        "Saknas både målvärde, jämförelse och jämförelsegrupp beräknas inget ljus (ej bedömd).",
        f"Målets beräknade ljus: {AGGREGATION_NAMES[r.goal_aggregation]} av nyckeltalens ljus"
        + (f" (grön 2, gul 1, röd 0): grönt vid minst {format_number(r.goal_green, 2)}, rött under "
           f"{format_number(r.goal_red, 2)}, annars gult" if r.goal_aggregation == "mean" else "")
        + f". Målets trend är medelvärdet av pilarna (+1, 0, −1): förbättras vid minst "
        f"{format_number(r.goal_trend_cutoff, 2)}, försämras vid högst −{format_number(r.goal_trend_cutoff, 2)}.",
        "Nämndens bedömning är målets officiella bedömning där den finns. Har flera nämnder bedömt "
        "samma mål gäller den försiktigaste bedömningen.",
        "Skillnaden mellan kvinnor och män (K − M) mäts som |K − M| i förhållande till totalen samma år "
        "(saknas totalen: summan av kvinnor och män för antal, annars medelvärdet av dem, vilket anges); "
        f"den ökar om den andelen växer med minst {threshold} procentenheter per år, minskar om den "
        "krymper lika mycket.",
    ]
    options = []
    if r.trend_unit == "points":
        options.append(f"trender i enheten per år (procentenheter för andelar), tröskel "
                       f"{format_number(r.points_threshold, 2)} per år")
    if r.prices == "fixed":
        options.append("belopp i fasta priser")
    if context.program.deflator is not None:
        deflator = context.program.deflator
        options.append(f"prisindex för fasta priser: {deflator.name} ({deflator.id}, område {deflator.area})")
    if r.progress_classes:
        options.append("Eurostats fyra klasser för framsteg redovisas i förklaringarna bredvid ljusen")
    if options:
        lines.append("Valda metodalternativ: " + "; ".join(options) + ".")
    overrides = [i for i in context.program.indicators().values() if i.rating is not None]
    if overrides:
        lines.append("Egna inställningar för enskilda nyckeltal: " + "; ".join(
            f"{i.id} ({', '.join(_override_text(k, v) for k, v in i.rating.model_dump(exclude_none=True).items())})"
            for i in overrides) + ".")
    for line in lines:
        document.add_paragraph(clean(line), style="List Bullet")
    document.add_heading("Svåra fall och hur de bedöms", level=2)
    for line in HARD_CASES:
        text = line.format(min_points=r.min_points, near=format_number(r.percent_near_bound, 0),
                           kolada=r.kolada_min_areas, threshold=format_number(r.trend_threshold * 100, 1),
                           absolute=format_number(r.reference_band_absolute, 1))
        document.add_paragraph(clean(text), style="List Bullet")
    document.add_heading("Förklaring per nyckeltal", level=2)
    indicators = context.assessment.indicators
    definitions = context.program.indicators()
    for goal_id, group in indicators.groupby("goal_id", sort=False):
        title = context.assessment.goals.set_index("goal_id").loc[goal_id, "title"]
        document.add_heading(clean(f"Mål {goal_id} {title}"), level=3)
        for row in group.itertuples():
            sex = "" if row.sex == "T" else f", {SEX_WORDS[row.sex].lower()}"
            text = f"{row.indicator}{sex}: {row.light_explanation}; {row.trend_explanation}."
            gap = getattr(row, "gap_explanation", None)
            if isinstance(gap, str):
                text += f" Kvinnor och män: {gap}."
            target = definitions[row.indicator].target if row.indicator in definitions else None
            if row.sex == "T" and target is not None and target.invented:
                text += f" {INVENTED_TARGET}"
            add_text(document, text, size=8.5)
        goal = context.assessment.goals.set_index("goal_id").loc[goal_id]
        add_text(document, f"Mål {goal_id} beräknat: {goal['explanation']}.", italic=True, size=8.5)


def _row(value: object) -> object:
    return "" if value is None or pd.isna(value) else int(value)


def data_quality_annex(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Bilaga 2. Datakvalitet", level=1)
    files = context.files
    issues = context.issues
    errors = issues[issues["severity"] == ERROR]
    read, used = int(files["rows"].sum()), int(files["accepted"].sum())
    rejected = int(files["rejected"].sum())
    aside = int(files["set_aside"].sum()) if "set_aside" in files else 0
    add_text(document, (f"{count_noun(len(files), 'fil')} har tagits emot. {count_noun(read, 'post')} har lästs, "
                        f"varav {format_number(used, 0)} används i rapporten, {format_number(rejected, 0)} har "
                        f"avvisats med fel och {format_number(aside, 0)} har lagts "
                        "åt sidan (ersatta av en nyare fil, dubbletter, en annan period eller områden som "
                        "programmet inte jämför med). Allt som inte har använts listas nedan med skäl; "
                        f"originalfilerna är arkiverade oförändrade. {RECORD_NOTE}"))
    if context.datadocs or context.feedback:
        paragraph = document.add_paragraph()
        if context.feedback:
            paragraph.add_run(clean(f"Återkoppling per fil (en sida per fil, att skicka till den som lämnat filen) "
                                    f"finns i mappen {Path(context.feedback).name}, bredvid inkorgen. "))
        if context.datadocs:
            paragraph.add_run("Kontrollerna i detalj (Great Expectations Data Docs): ")
            add_hyperlink(paragraph, context.datadocs, context.datadocs)
    document.add_heading("Mottagna filer", level=2)
    add_table(document, ["Fil", "Version", "Typ", "Period", "Poster", "Används", "Ej använda", "Status"],
              [[f.file, _version(f), f.kind, f.period if isinstance(getattr(f, "period", None), str) else "",
                format_number(f.rows, 0), format_number(f.accepted, 0), format_number(f.rows - f.accepted, 0),
                f.status] for f in files.itertuples()],
              widths=[3.5, 1.5, 2.4, 1.8, 1.4, 1.7, 1.7, 2.0], size=8)
    document.add_heading("Avvisade rader och andra fel", level=2)
    if errors.empty:
        add_text(document, "Inga rader har avvisats.")
    else:
        add_table(document, ["Fil", "Flik", "Rad", "Kolumn", "Vad är fel och vad ska göras"],
                  [[i.file, i.sheet, _row(i.row), i.column, i.message]
                   for i in errors.itertuples()], widths=[3.6, 2.0, 1.1, 1.8, 8.1], size=7.5)
    for severity, heading in ((WARNING, "Varningar"), (NOTE, "Noteringar om inläsningen")):
        rows = issues[issues["severity"] == severity]
        if rows.empty:
            continue
        document.add_heading(heading, level=2)
        add_table(document, ["Fil", "Flik", "Rad", "Meddelande"],
                  [[i.file, i.sheet, _row(i.row), i.message] for i in rows.itertuples()],
                  widths=[3.8, 2.2, 1.1, 9.5], size=7.5)
    _revisions(document, context)
    document.add_heading("Saknad inrapportering", level=2)
    subs = context.submissions
    given = subs[(subs["period"] == context.period) & subs["activity"].isna()
                 & subs[["assessment", "trend", "comment"]].notna().any(axis=1)]
    missing = [(goal.id, committee) for _, goal in context.program.goals() for committee in goal.committees
               if given[(given["goal"] == goal.id) & (given["committee"] == committee)].empty]
    if missing:
        add_text(document, f"De ansvariga nämnderna har inte lämnat {count_noun(len(missing), 'bedömning')} "
                           f"för {context.period}:")
        add_table(document, ["Mål", "Nämnd"],
                  [[goal, f"{committee} ({context.program.committees[committee]})"] for goal, committee in missing],
                  widths=[2.0, 10.0], size=8)
    else:
        add_text(document, "Alla ansvariga nämnder har lämnat bedömning för sina mål.")
    _coverage(document, context)


def _revisions(document, context: ReportContext) -> None:
    revisions = context.revisions
    if revisions is None or revisions.empty:
        return
    document.add_heading("Reviderade värden", level=2)
    add_text(document, (f"{count_noun(len(revisions), 'värde')} har fått ett annat värde i en nyare fil. Det "
                        "nyare värdet används; båda finns kvar i registret (ledger.sqlite)."), size=9)
    add_table(document, ["Nyckeltal", "Område", "År", "Kön", "Tidigare värde (fil, rad)", "Nytt värde (fil, rad)"],
              [[r.indicator, r.area, r.period, r.gender,
                f"{format_number(r.old_value, _decimals(r.old_value))} ({r.old_file}, rad {r.old_row})",
                f"{format_number(r.new_value, _decimals(r.new_value))} ({r.new_file}, rad {r.new_row})"]
               for r in revisions.itertuples()], widths=[1.8, 1.4, 1.2, 1.0, 5.3, 5.3], size=7.5)


def _decimals(value: float) -> int:
    text = f"{value:.6g}"
    return len(text.split(".")[1]) if "." in text else 0


def _coverage(document, context: ReportContext) -> None:
    document.add_heading("Täckning per nyckeltal", level=2)
    table = context.coverage
    if table is None or table.empty:
        add_text(document, "Programmet har inga nyckeltal.")
        return
    gaps = table[~table["complete"]]
    add_text(document, (f"Vilka år, jämförelser och kön statistiken har för {context.program.municipality.name} och "
                        f"vad som saknas för {context.year}, med följden för bedömningen. "
                        f"{len(table) - len(gaps)} av {count_noun(len(table), 'nyckeltal')} är kompletta."), size=9)
    add_table(document, ["Nyckeltal", "År", "Rapportåret", "Jämförelse", "Kön", "Följd för bedömningen"],
              [[f"{r.indicator} {r.name}", r.years, r.report_year, r.comparison, r.sexes,
                r.consequences or "komplett"] for r in table.itertuples()],
              widths=[3.8, 1.8, 2.0, 2.8, 1.7, 3.9], size=7)


def _grouped(sha256: str) -> str:
    """A checksum in groups of eight, as fingerprints are read aloud and compared."""
    return " ".join(sha256[i:i + 8] for i in range(0, len(sha256), 8))


def _version(f) -> str:
    """'2' where earlier versions of the file exist; the report says which one it used."""
    version = getattr(f, "version", None)
    return "–" if version is None or pd.isna(version) else str(int(version))


def sources_annex(document, context: ReportContext) -> None:
    document.add_heading("Bilaga 3. Källor", level=1)
    add_text(document, "Filerna som rapporten bygger på, med kontrollsumma (SHA-256). Samma "
                         "kontrollsumma betyder byte för byte samma fil.")
    add_table(document, ["Fil", "Version", "Mottagen", "Storlek (byte)", "SHA-256"],
           [[f.file, _version(f), str(f.received)[:10], format_number(float(f.size), 0), _grouped(f.sha256)]
            for f in context.files.itertuples()],
           widths=[4.2, 1.4, 2.0, 2.0, 7.0], size=7)
    add_text(document, "Nyckeltalens id och namn följer Kolada (Rådet för främjande av kommunala "
                         "analyser). Riket avser område 0000.", size=9)


SECTIONS: list[Section] = [
    title_page, contents, summary, how_to_read, areas, districts, grants, analysis, method_annex,
    data_quality_annex, sources_annex,
]
