"""Analysis and actions: one block per goal that needs attention (red, or worsening) joining the
rating to what is being done about it; and the measurability annex (what each goal's rating can
rest on today). The selections are in report/method/attention.py."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Content, Run
from report.document.sections.analysis import group_base
from report.method.attention import (
    BOTH,
    JUDGED,
    MEASURED,
    UNRATED,
    attention_goals,
    driving_indicators,
    goal_actions,
    has_planned_action,
    widest_district_gaps,
    widest_sex_gaps,
)
from report.method.explain import area_name, format_difference
from report.method.selections import in_program_order, period_comments
from report.texts import (
    FOLLOW_UP_WORDS,
    GAP_PHRASES,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    activity_cells,
    attention_sentence,
    count_noun,
    follow_up_sentence,
    light_label,
    measurability_sentence,
    trend_label,
)
from sources.formats import format_percent, format_value, is_blank

BASIS_WORDS = {MEASURED: "Nyckeltal", BOTH: "Nämndens bedömning, nyckeltal finns",
               JUDGED: "Bara nämndens bedömning", UNRATED: "Ingen bedömning"}


def _comparison(row) -> str:
    """What the indicator's light was measured against: its target, its reference area or its peers."""
    if pd.notna(row.target_value):
        year = f" år {int(row.target_year)}" if pd.notna(row.target_year) else ""
        return f"Mål {format_value(row.target_value, row.unit)}{year}"
    if pd.notna(row.reference_value) and isinstance(row.reference_area, str):
        return f"{area_name(row.reference_area).capitalize()} {format_value(row.reference_value, row.unit)}"
    if pd.notna(row.peer_areas) and pd.notna(row.peers_better):
        return f"Plats {int(row.peers_better) + 1} av {int(row.peer_areas)} jämförbara kommuner"
    return "–"


def _latest(row) -> str:
    if pd.isna(row.latest_value):
        return "–"
    return f"{format_value(row.latest_value, row.unit)} ({int(row.latest_year)})"


def _drivers(context: ReportContext, goal) -> Content:
    out = Content()
    drivers = driving_indicators(context.assessment.indicators, goal.goal_id)
    out.heading("Det som drar ned bedömningen", level=3)
    if drivers.empty:
        source = "nämndens" if goal.light_source == "committee" else "den beräknade"
        out.text(f"Inget av målets nyckeltal är rött eller försämras; bedömningen är {source}.")
        return out
    out.table(["Nyckeltal", "Senaste värde", "Jämfört med", "Ljus", "Trend"],
              [[f"{r.name} ({r.indicator})", _latest(r), _comparison(r), light_label(r.light), trend_label(r.trend)]
               for r in drivers.itertuples()], widths=[6.0, 2.8, 3.6, 2.0, 2.6], size=8)
    return out


def _gaps(context: ReportContext, goal) -> Content:
    out = Content()
    indicators = context.assessment.indicators
    lines = []
    for r in widest_sex_gaps(indicators, goal.goal_id).itertuples():
        lines.append(f"Kvinnor och män, {r.name}: kvinnornas värde minus männens är "
                     f"{format_difference(r.gap_last, r.unit)} ({int(r.gap_last_year)}), "
                     f"{format_percent(abs(r.gap_last_share))} av totalen; {GAP_PHRASES[r.gap_trend]}.")
    groups = context.assessment.group_gaps
    for r in ([] if groups is None else groups[(groups["goal_id"] == goal.goal_id)
                                                & groups["gap_last"].notna()].itertuples()):
        lines.append(f"{r.group_a} och {r.group_b.lower()}, {r.name}: skillnaden är "
                     f"{format_difference(r.gap_last, r.unit)} ({int(r.gap_last_year)})"
                     + (f", {format_percent(abs(r.gap_last_share))} {group_base(r)}" if pd.notna(r.gap_last_share)
                        else "") + f"; {GAP_PHRASES[r.gap_trend]}.")
    own = indicators[indicators["goal_id"] == goal.goal_id]["indicator"].unique().tolist()
    for r in widest_district_gaps(context.assessment.districts, own).itertuples():
        lines.append(f"Stadsdelar, {r.name} ({r.year}): från {format_value(r.low_value, r.unit)} i {r.low} "
                     f"till {format_value(r.high_value, r.unit)} i {r.high}.")
    out.heading("Största skillnader", level=3)
    if not lines:
        out.text("Målets nyckeltal redovisas inte uppdelade på kön, stadsdel eller andra grupper.")
    for line in lines:
        out.bullet(line)
    return out


def _committees(context: ReportContext, goal) -> Content:
    out = Content()
    out.heading("Nämndernas kommentarer", level=3)
    comments = period_comments(context.submissions, context.period, [goal.goal_id])
    if comments.empty:
        out.text("Ingen nämnd har kommenterat målet.")
    for row in comments.sort_values("committee").itertuples():
        out.paragraph(Run(f"{context.program.committees.get(row.committee, row.committee)}: ", bold=True),
                      Run(row.comment))
    return out


def _named(row) -> str:
    """An action as the tables name it: 'Trygghetsvandringar (IFN-2)'."""
    return row.activity if is_blank(row.action_id) else f"{row.activity} ({row.action_id})"


def _text_or_dash(value) -> str:
    return "–" if is_blank(value) else str(value)


def _actions(context: ReportContext, goal) -> Content:
    out = Content()
    actions = goal_actions(context.submissions, context.period, goal.goal_id)
    out.heading("Åtgärder", level=3)
    if actions.empty:
        out.text("Ingen åtgärd planerad.", bold=True)
        return out
    if not has_planned_action(actions):
        out.text("Ingen åtgärd planerad: de rapporterade åtgärderna är genomförda, avbrutna eller saknar status.",
                 bold=True)
    out.table(["Åtgärd", "Nämnd", "Ansvarig", "Klart senast", "Status", "Kostnad (tkr)"],
              [[_named(r), r.committee, _text_or_dash(r.owner), _text_or_dash(r.deadline), *activity_cells(r)]
               for r in actions.sort_values(["committee", "activity"]).itertuples()],
              widths=[6.0, 1.6, 2.6, 2.2, 2.0, 1.8], size=8)
    return out


def _follow_up(context: ReportContext) -> Content:
    """Last period's planned actions: their status then and now."""
    out = Content()
    follow = context.assessment.follow_up
    if follow is None:
        return out
    before = context.assessment.previous_period
    out.heading(f"Uppföljning av åtgärderna från {before}", level=2)
    summary = context.assessment.summary["actions"]["follow_up"]
    out.text(follow_up_sentence(summary, context.period))
    if follow.empty:
        return out
    if summary["by_name"]:
        out.text(f"{count_noun(summary['by_name'], 'åtgärd')} från en äldre mall utan aktivitets-id har följts upp "
                 "på nämnd och namn.", italic=True, size=9)
    ordered = in_program_order(follow, context.program.goal_ids())
    out.table(["Åtgärd", "Mål", "Nämnd", "Klart senast", f"Status {before}", f"Status {context.period}"],
              [[_named(r), r.goal, r.committee, _text_or_dash(r.deadline), STATUS_WORDS.get(r.status_before, "–"),
                FOLLOW_UP_WORDS.get(r.status_now, r.status_now)] for r in ordered.itertuples()],
              widths=[6.0, 1.2, 1.6, 2.2, 2.6, 2.6], size=8)
    return out


def _promised(context: ReportContext) -> Content:
    out = Content()
    promised = context.assessment.promised
    if promised is None or (promised.empty and context.assessment.follow_up is None):
        return out
    out.heading("Utlovade åtgärder som inte har påbörjats", level=2)
    if promised.empty:
        out.text("Alla åtgärder vars planerade start har passerat har påbörjats.")
        return out
    out.text(f"{count_noun(len(promised), 'åtgärd')} rapporteras som ej påbörjade fast den planerade starten har "
             "passerat eller åtgärden redan var planerad förra perioden.")
    ordered = in_program_order(promised, context.program.goal_ids())
    out.table(["Åtgärd", "Mål", "Nämnd", "Ansvarig", "Planerad start", "Planerad redan förra perioden"],
              [[_named(r), r.goal, r.committee, _text_or_dash(r.owner), _text_or_dash(r.start),
                "Ja" if r.promised_before else "Nej"] for r in ordered.itertuples()],
              widths=[6.0, 1.2, 1.6, 2.6, 2.4, 2.4], size=8)
    return out


def _movement(context: ReportContext) -> Content:
    out = Content()
    movement = context.assessment.movement
    if movement is None or movement.empty:
        return out
    out.heading("Genomförda åtgärder och nyckeltalens utveckling", level=2)
    out.text("För varje genomförd åtgärd: målets nyckeltal (det nyckeltal nämnden angett som förväntad effekt, "
             "annars målets alla) före det år åtgärden startade och i dag. Det visar hur läget har ändrats, inte "
             "hur mycket åtgärden har påverkat det: andra orsaker kan ha bidragit.", italic=True, size=9)
    ordered = in_program_order(movement, context.program.goal_ids())
    out.table(["Åtgärd", "Mål", "Nyckeltal", "Före start", "Senast", "Utveckling"],
              [[_named(r), r.goal, f"{r.name} ({r.indicator})", _dated(r.before_value, r.before_year, r.unit),
                _dated(r.latest_value, r.latest_year, r.unit), MOVEMENT_WORDS[r.moved]]
               for r in ordered.itertuples()], widths=[4.4, 1.0, 4.4, 2.4, 2.4, 2.4], size=8)
    return out


def _dated(value, year, unit: str) -> str:
    return "–" if pd.isna(value) else f"{format_value(value, unit)} ({int(year)})"


def analysis_and_actions(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Analys och åtgärder", level=1)
    goals = attention_goals(context.assessment.goals)
    out.text(attention_sentence(context.assessment.summary["actions"], context.assessment.goals))
    if goals.empty:
        for part in (_follow_up, _promised, _movement):
            out.extend(part(context))
        return out
    out.text("För varje mål som är rött eller försämras: vilka nyckeltal som drar ned bedömningen och vad de "
             "jämförs med, de största skillnaderna mellan kvinnor och män och mellan stadsdelar, nämndernas egen "
             "bedömning och de åtgärder som är kopplade till målet. En åtgärd räknas som planerad när den pågår, "
             "är försenad eller ännu inte har påbörjats.", italic=True, size=9)
    for goal in goals.itertuples():
        out.heading(f"Mål {goal.goal_id} {goal.title}", level=2)
        computed = f"{light_label(goal.computed_light)}, {trend_label(goal.computed_trend)}"
        source = (f"nämndens bedömning, {goal.assessed_by}; beräknat utifrån nyckeltalen: {computed}"
                  if goal.light_source == "committee" else "beräknad utifrån nyckeltalen")
        out.text(f"Bedömning: {light_label(goal.light)}, {trend_label(goal.trend)} ({source}).")
        for part in (_drivers, _gaps, _committees, _actions):
            out.extend(part(context, goal))
    for part in (_follow_up, _promised, _movement):
        out.extend(part(context))
    return out


def measurability_annex(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Bilaga 4. Mätbarhet", level=1)
    table = context.assessment.measurability
    year = context.year
    out.text(measurability_sentence(context.assessment.summary["measurability"], table, year))
    out.text(f"Per mål: antal nyckeltal, hur många som har ett värde för {year} eller {year - 1}, hur många som "
             "har ett målvärde i programmet, hur många som redovisas för kvinnor och män, vad den officiella "
             "bedömningen vilar på och det senaste året med värden. Ett mål som inte kan mätas i dag bör få "
             "mätbara nyckeltal vid nästa revidering av programmet.", italic=True, size=9)
    out.table(["Mål", "Nyckeltal", f"Värde {year - 1}–{year}", "Målvärde", "Kvinnor/män", "Bedömningen vilar på",
               "Senaste år"],
              [[f"{r.goal_id} {r.title}", r.indicators, r.recent, r.with_target, r.by_sex, BASIS_WORDS[r.basis],
                "–" if pd.isna(r.latest_year) else str(int(r.latest_year))] for r in table.itertuples()],
              widths=[6.0, 1.6, 1.8, 1.6, 1.2, 2.6, 1.6], size=8)
    out.text(f"{count_noun(int((table['with_target'] > 0).sum()), 'mål')} har minst ett nyckeltal med målvärde.",
             size=9)
    return out
