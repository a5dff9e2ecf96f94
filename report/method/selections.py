"""The selections and totals the report's sections show: differing goals, largest changes, gaps and
peers, comments and activities, grants and the data-quality counts; no document library here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from sources.vocabulary import IMPROVING, RED, WIDENING, WORSENING

if TYPE_CHECKING:
    from sources.program import Grant, Program


def column_totals(frame: pd.DataFrame, columns: list[str]) -> list[int]:
    """The sum of each column, as whole numbers (a table's Totalt row)."""
    return [int(frame[column].sum()) for column in columns]


def red_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals whose official light is red."""
    return goals[goals["light"] == RED]


def area_goals(goals: pd.DataFrame, area_id: str) -> pd.DataFrame:
    """The goals of one target area."""
    return goals[goals["area_id"] == area_id]


def light_and_trend_counts(goals: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """How many of the goals have each light, and each arrow."""
    return goals["light"].value_counts().to_dict(), goals["trend"].value_counts().to_dict()


def goal_indicators(indicators: pd.DataFrame, goal_id: str) -> pd.DataFrame:
    """The indicator rows (total, women, men) of one goal."""
    return indicators[indicators["goal_id"] == goal_id]


def differing_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals whose committee rating differs from the computed one in light or arrow: the one
    count the summary, the target areas and the analysis all give."""
    return goals[goals["light_differs"] | goals["trend_differs"]]


def largest_changes(indicators: pd.DataFrame, count: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators (totals) that moved most in the desired and in the wrong direction, among
    those whose arrow says they moved. A relative rate and a change in the unit are ranked
    together by how many times their arrow's threshold they moved."""
    totals = indicators[(indicators["sex"] == "T") & indicators["progress"].notna()].drop_duplicates("indicator")
    threshold = totals["trend_threshold"] if "trend_threshold" in totals else pd.Series(1.0, index=totals.index)
    totals = totals.assign(moved=totals["progress"] / threshold.where(threshold > 0))
    ranked = totals.sort_values("moved", ascending=False)
    return (ranked[ranked["trend"] == IMPROVING].head(count),
            ranked[ranked["trend"] == WORSENING].iloc[::-1].head(count))


def gap_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators (once each) with a trend for the gap between women and men."""
    return (indicators[indicators["gap_trend"].notna()].drop_duplicates("indicator")
            if "gap_trend" in indicators else indicators.iloc[0:0])


def widening_gaps(split: pd.DataFrame) -> pd.DataFrame:
    """Those of the gap indicators whose gap between women and men widens."""
    return split[split["gap_trend"] == WIDENING]


def peer_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators (totals, once each) placed among the peer group's areas."""
    return indicators[(indicators["sex"] == "T") & indicators["peer_areas"].notna()
                      & indicators["peers_better"].notna()].drop_duplicates("indicator") \
        if "peer_areas" in indicators else indicators.iloc[0:0]


def period_comments(submissions: pd.DataFrame, period: str, goal_ids: list[str]) -> pd.DataFrame:
    """The committees' comments on these goals (not on activities) for the period."""
    subs = submissions
    return subs[(subs["period"] == period) & subs["activity"].isna() & subs["comment"].notna()
                & subs["goal"].isin(goal_ids)]


def period_activities(submissions: pd.DataFrame, period: str, goal_ids: list[str] | None = None) -> pd.DataFrame:
    """The activities reported for the period, for these goals (all goals when None)."""
    subs = submissions
    mask = (subs["period"] == period) & subs["activity"].notna()
    if goal_ids is not None:
        mask = mask & subs["goal"].isin(goal_ids)
    return subs[mask]


def in_program_order(rows: pd.DataFrame, goal_ids: list[str]) -> pd.DataFrame:
    """Rows in the program's goal order (E1.2 before E1.10), then by committee."""
    order = {goal: index for index, goal in enumerate(goal_ids)}
    return rows.assign(_order=rows["goal"].map(order)).sort_values(["_order", "committee"]).drop(columns="_order")


def status_counts(activities: pd.DataFrame, statuses: list[str]) -> dict[str, int]:
    """How many activities have each of these statuses, in the given order."""
    counts = activities["activity_status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in statuses}


def activity_cost(activities: pd.DataFrame) -> float:
    """The activities' reported cost (tkr); NaN where none gave a cost."""
    return activities["cost_tkr"].sum(min_count=1)


def grant_years(grants: list[Grant]) -> list[int]:
    """Every year any grant has an amount for, in order."""
    return sorted({year for grant in grants for year in grant.amounts()})


def grant_kinds(grants: list[Grant], years: list[int]) -> dict[int, set[str]]:
    """Per year, which kinds of amount ('budget', 'plan') the grants give."""
    return {year: {grant.amounts()[year][0] for grant in grants if year in grant.amounts()} for year in years}


def grant_units(grants: list[Grant]) -> list[str]:
    """The units the grants are given in, in order."""
    return sorted({grant.unit for grant in grants})


def grant_total(grants: list[Grant], year: int) -> float:
    """The sum of the grants' amounts for the year."""
    return sum(g.amounts()[year][1] for g in grants if year in g.amounts())


def year_grant(grants: list[Grant], year: int) -> tuple[str, float] | None:
    """The first grant's (kind, amount) for the year, or None when no grant has the year."""
    return next((grant.amounts()[year] for grant in grants if year in grant.amounts()), None)


def missing_assessments(submissions: pd.DataFrame, period: str, program: Program) -> list[tuple[str, str]]:
    """(goal, committee) for each responsible committee that gave no assessment, trend or comment."""
    subs = submissions
    given = subs[(subs["period"] == period) & subs["activity"].isna()
                 & subs[["assessment", "trend", "comment"]].notna().any(axis=1)]
    return [(goal.id, committee) for _, goal in program.goals() for committee in goal.committees
            if given[(given["goal"] == goal.id) & (given["committee"] == committee)].empty]


def file_counts(files: pd.DataFrame) -> tuple[int, int, int, int]:
    """Records read, used, rejected and set aside over all received files."""
    read, used = int(files["rows"].sum()), int(files["accepted"].sum())
    rejected = int(files["rejected"].sum())
    aside = int(files["set_aside"].sum()) if "set_aside" in files else 0
    return read, used, rejected, aside


def issues_of(issues: pd.DataFrame, severity: str) -> pd.DataFrame:
    """The issues of one severity."""
    return issues[issues["severity"] == severity]


def incomplete_coverage(coverage: pd.DataFrame) -> pd.DataFrame:
    """The indicators whose statistics are not complete."""
    return coverage[~coverage["complete"]]
