"""The analysis: changes since the previous follow-up, gaps between women and men, the comparison
with other municipalities, and where the committees' rating differs from the computed one."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Content
from report.method.explain import GAP_BASES, difference_unit
from report.method.selections import differing_goals, gap_indicators, peer_indicators, widening_gaps
from report.texts import GAP_LABELS, change_sentence, differing_sentence, gap_sentence, light_label, trend_label
from sources.formats import format_number, format_percent, format_value
from sources.vocabulary import WIDENING


def analysis(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Analys", level=1)
    assessment = context.assessment
    out.heading("Förändring sedan föregående uppföljning", level=2)
    out.text(change_sentence(assessment.summary.get("changes"), refer=False))
    if assessment.changes is not None and not assessment.changes.empty:
        before = assessment.previous_period
        now = context.period
        out.table(["Mål", f"Ljus {before}", f"Ljus {now}", f"Pil {before}", f"Pil {now}"],
                  [[f"{c.goal_id} {c.title}", light_label(c.light_before), light_label(c.light),
                    trend_label(c.trend_before), trend_label(c.trend)] for c in assessment.changes.itertuples()],
                  widths=[6.2, 2.6, 2.6, 2.6, 2.6], size=8)
    out.heading("Skillnader mellan kvinnor och män", level=2)
    indicators = assessment.indicators
    split = gap_indicators(indicators)
    if split.empty:
        out.text("Inget av programmets nyckeltal redovisas uppdelat på kön.")
    else:
        out.extend(_gaps(split, assessment.summary.get("sex_gaps")))
    if assessment.group_gaps is not None:
        out.heading("Skillnader mellan andra grupper", level=2)
        out.extend(group_gap_table(assessment.group_gaps.drop_duplicates("indicator")))
    peers = peer_indicators(indicators)
    if not peers.empty:
        out.heading("Jämförelse med andra kommuner", level=2)
        out.text(f"{context.program.municipality.name} jämförs med jämförelsegruppen för de nyckeltal "
                 "som saknar målvärde och jämförelseområde (Koladaregeln: bästa fjärdedelen grön, "
                 "sämsta röd).")
        out.table(["Nyckeltal", "Senaste värde", "Plats", "Ljus"],
                  [[f"{r.name} ({r.indicator})", f"{format_value(r.latest_value, r.unit)} ({int(r.latest_year)})",
                    f"{int(r.peers_better) + 1} av {int(r.peer_areas)}", light_label(r.light)]
                   for r in peers.itertuples()], widths=[9.0, 3.0, 2.0, 2.6], size=8)
    out.heading("Nämndernas och den beräknade bedömningen", level=2)
    goals = assessment.goals
    differing = differing_goals(goals)
    if differing.empty:
        out.text("Där nämnderna har bedömt målen stämmer bedömningen med den beräknade.")
    else:
        out.text(f"{differing_sentence(differing)} Nämndens bedömning gäller; båda visas här.")
        out.table(["Mål", "Nämnd", "Nämndens bedömning", "Beräknad bedömning"],
                  [[f"{g.goal_id} {g.title}", g.assessed_by, f"{light_label(g.light)}, {trend_label(g.trend)}",
                    f"{light_label(g.computed_light)}, {trend_label(g.computed_trend)}"]
                   for g in differing.itertuples()], widths=[6.0, 2.0, 4.3, 4.3], size=8)
    return out


def _gaps(split: pd.DataFrame, sex_gaps) -> Content:
    """The indicators reported by sex: how the gap is counted, which gaps widen, and the gaps' table."""
    out = Content()
    sentence = gap_sentence(sex_gaps)
    out.text(sentence + " Skillnaden räknas som kvinnornas värde minus "
             "männens. Den ökar eller minskar när dess storlek, i förhållande till totalen (där totalen "
             "saknas: summan av kvinnor och män för antal, annars deras medelvärde), ändras med minst en "
             "procentenhet per år.")
    widening = widening_gaps(split)
    if not widening.empty:
        out.text("Skillnaden mellan kvinnor och män ökar för: " + "; ".join(
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
    out.table(["Nyckeltal", "Skillnad kvinnor − män", "Skillnadens storlek", "Skillnaden"], rows,
              widths=[6.4, 4.0, 3.6, 2.6], size=8)
    return out


def group_base(row) -> str:
    """What a group gap's size is a share of: the total, or the two groups' mean or sum."""
    pair = f"{row.group_a.lower()} och {row.group_b.lower()}"
    return {"total": "av totalen", "sum": f"av summan av {pair}", "mean": f"av medelvärdet av {pair}"}[row.gap_base]


def group_gap_table(gaps: pd.DataFrame) -> Content:
    """The indicators whose program compares two groups besides sex (born in Sweden or abroad):
    the gap, its size against the total and whether it narrows, by the rules of the sex gap."""
    out = Content()
    widening = gaps[gaps["gap_trend"] == WIDENING]
    out.text("Programmet jämför för några nyckeltal två grupper utöver kön (t.ex. inrikes och utrikes födda). "
             "Skillnaden räknas som den första gruppens värde minus den andras och bedöms med samma regler som "
             "skillnaden mellan kvinnor och män: den ökar eller minskar när dess storlek i förhållande till "
             "totalen ändras med minst en procentenhet per år.")
    if not widening.empty:
        out.text("Skillnaden mellan grupperna ökar för: " + "; ".join(
            f"{r.name} ({r.indicator})" for r in widening.itertuples()) + ".", bold=True)
    rows = []
    for r in gaps.itertuples():
        span, share, latest = "–", "–", "–"
        if pd.notna(r.gap_first):
            unit = difference_unit(r.unit)
            span = (f"{format_number(r.gap_first)} → {format_number(r.gap_last)}{' ' + unit if unit else ''} "
                    f"({int(r.gap_first_year)}–{int(r.gap_last_year)})")
            latest = (f"{r.group_a} {format_value(r.latest_a, r.unit)}, {r.group_b.lower()} "
                      f"{format_value(r.latest_b, r.unit)} ({int(r.gap_last_year)})")
        if pd.notna(r.gap_first_share) and pd.notna(r.gap_last_share):
            share = f"{format_percent(r.gap_first_share)} → {format_percent(r.gap_last_share)} {group_base(r)}"
        rows.append([f"{r.name} ({r.indicator})", f"{r.group_a} − {r.group_b.lower()}", latest, span, share,
                     GAP_LABELS[r.gap_trend]])
    out.table(["Nyckeltal", "Grupper", "Senaste värden", "Skillnad", "Skillnadens storlek", "Skillnaden"], rows,
              widths=[4.4, 2.4, 3.2, 3.0, 2.8, 1.8], size=8)
    return out
