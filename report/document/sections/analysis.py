"""The analysis: changes since the previous follow-up, gaps between women and men, the comparison
with other municipalities, and where the committees' rating differs from the computed one."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.docx_tools import add_table, add_text, page_break
from report.method.explain import GAP_BASES, difference_unit
from report.method.selections import differing_goals, gap_indicators, peer_indicators, widening_gaps
from report.texts import GAP_LABELS, change_sentence, differing_sentence, gap_sentence, light_label, trend_label
from sources.formats import format_number, format_percent, format_value


def analysis(document, context: ReportContext) -> None:
    page_break(document)
    document.add_heading("Analys", level=1)
    assessment = context.assessment
    document.add_heading("Förändring sedan föregående uppföljning", level=2)
    add_text(document, change_sentence(assessment.summary.get("changes"), refer=False))
    if assessment.changes is not None and not assessment.changes.empty:
        before = assessment.previous_period
        now = context.period
        add_table(document, ["Mål", f"Ljus {before}", f"Ljus {now}", f"Pil {before}", f"Pil {now}"],
               [[f"{c.goal_id} {c.title}", light_label(c.light_before), light_label(c.light),
                 trend_label(c.trend_before), trend_label(c.trend)] for c in assessment.changes.itertuples()],
               widths=[6.2, 2.6, 2.6, 2.6, 2.6], size=8)
    document.add_heading("Skillnader mellan kvinnor och män", level=2)
    indicators = assessment.indicators
    split = gap_indicators(indicators)
    if split.empty:
        add_text(document, "Inget av programmets nyckeltal redovisas uppdelat på kön.")
    else:
        sentence = gap_sentence(assessment.summary.get("sex_gaps"))
        add_text(document, sentence + " Skillnaden räknas som kvinnornas värde minus "
                   "männens. Den ökar eller minskar när dess storlek, i förhållande till totalen (där totalen "
                   "saknas: summan av kvinnor och män för antal, annars deras medelvärde), ändras med minst en "
                   "procentenhet per år.")
        widening = widening_gaps(split)
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
    peers = peer_indicators(indicators)
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
