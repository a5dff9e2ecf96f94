"""The program's development grants: budget and plan per year, and the year's grant beside the reported costs."""

from __future__ import annotations

import pandas as pd

from report.context import ReportContext
from report.document.model import Content
from report.method.selections import (
    activity_cost,
    grant_kinds,
    grant_total,
    grant_units,
    grant_years,
    period_activities,
    year_grant,
)
from report.texts import join_words
from sources.formats import format_number


def grants(context: ReportContext) -> Content:
    """The program's development grants (Umeå's utvecklingsanslag): budget and plan per year."""
    program = context.program
    out = Content()
    if not program.grants:
        return out
    out.page_break()
    out.heading("Utvecklingsanslag", level=1)
    years = grant_years(program.grants)
    kinds = grant_kinds(program.grants, years)
    labels = [("Budget" if kinds[year] == {"budget"} else "Plan" if kinds[year] == {"plan"} else "Budget/plan")
              + f" {year}" for year in years]
    units = grant_units(program.grants)
    rows = []
    for grant in program.grants:
        amounts = grant.amounts()
        rows.append([grant.name] + [format_number(amounts[year][1], 0) if year in amounts else "–" for year in years])
    totalled = len(program.grants) > 1 and len(units) == 1
    if totalled:
        rows.append(["Totalt"] + [format_number(grant_total(program.grants, year), 0) for year in years])
    width = min(2.2, 10.0 / max(len(years), 1))
    out.table([f"Anslag ({', '.join(units)})"] + labels, rows,
              widths=[16.0 - width * len(years)] + [width] * len(years), size=8.5, bold_last=totalled)
    for grant in program.grants:
        details = []
        if grant.committee:
            details.append(f"förvaltas av {program.committees[grant.committee].lower()}")
        if grant.goals:
            details.append(f"avser mål {join_words(grant.goals)}")
        if details or grant.note:
            out.text(f"{grant.name}: " + "; ".join(details) + ("." if details else "")
                     + (f" {grant.note}" if grant.note else ""), size=9)
    in_year = year_grant(program.grants, context.year)
    reported = activity_cost(period_activities(context.submissions, context.period))
    sentence = f"För {context.year} "
    if in_year is None:
        sentence += "finns inget anslag angivet i programmet."
    else:
        total = grant_total(program.grants, context.year)
        sentence += (f"är anslagen {format_number(total, 0)} {units[0]} "
                     f"({'budget' if in_year[0] == 'budget' else 'plan'}).")
    if pd.notna(reported):
        sentence += (f" Nämnderna har rapporterat aktiviteter för sammanlagt {format_number(float(reported), 0)} tkr "
                     f"under {context.period}.")
    else:
        sentence += f" Nämnderna har inte rapporterat några kostnader för aktiviteter under {context.period}."
    out.text(sentence)
    return out
