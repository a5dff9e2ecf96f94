"""The gap between two groups besides sex (born in Sweden or abroad, two age groups), for the
indicators whose program declares `groups`.

The gap is the first group minus the second, over the trend window, measured and judged exactly
as the gap between women and men (report/method/rules.py's `sex_gap`): its size as a share of the
indicator's total, narrowing or widening when that share moves by the trend threshold a year.
Without a total the base is the mean (or, for a count, the sum) of the two groups, and the
explanation says so.
"""

from __future__ import annotations

import pandas as pd

from report.method.explain import explain_gap
from report.method.rules import sex_gap
from sources.program import Program

GROUP_GAP_COLUMNS = ["goal_id", "indicator", "name", "unit", "column", "label", "group_a", "group_b", "gap_trend",
                     "gap_first_year", "gap_first", "gap_last_year", "gap_last", "gap_first_share",
                     "gap_last_share", "gap_rate", "gap_base", "latest_a", "latest_b", "years", "explanation"]


def group_series(groups: pd.DataFrame, indicator: str, area: str, group: str) -> pd.Series:
    rows = groups[(groups["indicator"] == indicator) & (groups["area"] == area) & (groups["group"] == group)]
    return rows.groupby("year")["value"].last().sort_index().astype(float)


def group_gaps(program: Program, groups: pd.DataFrame | None, series: dict, year: int) -> pd.DataFrame:
    """One row per goal and indicator with `groups`: the gap between its two groups, its trend, and
    an explanation in the words of the sex gap's (with the groups named instead of K and M)."""
    from report.method.assess import is_count

    code = program.municipality.code
    rows = []
    empty = pd.DataFrame(columns=["indicator", "area", "group", "year", "value"])
    groups = empty if groups is None else groups
    for _, goal in program.goals():
        for indicator in goal.indicators:
            split = indicator.groups
            if split is None:
                continue
            first, second = (group_series(groups, indicator.id, code, name) for name in split.compare)
            first, second = first[first.index <= year], second[second.index <= year]
            total = series.get((indicator.id, code, "T"), pd.Series(dtype=float))
            settings = program.settings_for(indicator)
            gap = sex_gap(first, second, total, year, settings, is_count=is_count(indicator.unit))
            explanation = explain_gap(gap, indicator.unit, settings.trend_threshold)
            pair = f"{split.compare[0].lower()} och {split.compare[1].lower()}"
            explanation = (explanation.replace("K−M", f"{split.compare[0]} − {split.compare[1]}", 1)
                           .replace("kvinnor och män", pair))
            rows.append({"goal_id": goal.id, "indicator": indicator.id, "name": indicator.name, "unit": indicator.unit,
                         "column": split.column, "label": split.label, "group_a": split.compare[0],
                         "group_b": split.compare[1], "gap_trend": gap.trend, "gap_first_year": gap.first_year,
                         "gap_first": gap.first_gap, "gap_last_year": gap.last_year, "gap_last": gap.last_gap,
                         "gap_first_share": gap.first_share, "gap_last_share": gap.last_share, "gap_rate": gap.rate,
                         "gap_base": gap.base if gap.first_gap is not None else None,
                         "latest_a": float(first.iloc[-1]) if len(first) else None,
                         "latest_b": float(second.iloc[-1]) if len(second) else None,
                         "years": len(first.index.intersection(second.index)), "explanation": explanation})
    return pd.DataFrame(rows, columns=GROUP_GAP_COLUMNS)


def group_gap_summary(gaps: pd.DataFrame) -> dict:
    """For summary.json: per indicator once, the trend of the gap between its groups."""
    once = gaps.drop_duplicates("indicator")
    return {row.indicator: {"groups": [row.group_a, row.group_b], "gap_trend": row.gap_trend}
            for row in once.itertuples()}
