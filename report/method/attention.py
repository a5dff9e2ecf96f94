"""What the board must act on, and how measurable the goals are.

A goal needs attention when its official light is red or its arrow says worsening. For each such
goal the report shows what drives the rating (its red or worsening indicators, with their
numbers), its widest gaps (women and men, districts), how it compares with the reference area
and the peers, the committees' own word, and the actions linked to it. An action is *planned*
while it is ongoing, delayed or not started; a goal whose actions are all done or dropped has
none planned.

Measurability is counted per goal from what the statistics hold for the report year: a goal has a
measured rating when at least one of its indicators is rated on a value of the report year or the
year before. Its official rating then rests on figures (the computed one is official) or on a
committee's judgement beside figures; without a measured rating it rests on a committee's
judgement alone, or on nothing.
"""

from __future__ import annotations

import pandas as pd

from report.method.selections import period_activities
from sources.program import Program
from sources.vocabulary import DELAYED, NOT_ASSESSED, NOT_STARTED, ONGOING, RED, WORSENING

PLANNED = (ONGOING, DELAYED, NOT_STARTED)  # still to be done; done and dropped ones are not
# What a goal's official rating rests on; the first two are measured ratings.
MEASURED, BOTH, JUDGED, UNRATED = "measured", "committee_and_measured", "committee", "none"
MEASURED_BASES = (MEASURED, BOTH)


def attention_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals whose official light is red or whose arrow is worsening, in program order."""
    return goals[(goals["light"] == RED) | (goals["trend"] == WORSENING)]


def goal_actions(submissions: pd.DataFrame, period: str, goal_id: str) -> pd.DataFrame:
    """The actions (activities) the committees linked to the goal for the period: as its goal, or
    among the further goals it serves (template version 2's "Även mål")."""
    rows = period_activities(submissions, period)
    serves = rows["goal"] == goal_id
    if "also_goals" in rows:
        serves |= rows["also_goals"].map(lambda text: isinstance(text, str) and goal_id in text.split(";"))
    return rows[serves]


def has_planned_action(actions: pd.DataFrame) -> bool:
    return bool(actions["activity_status"].isin(PLANNED).any())


def driving_indicators(indicators: pd.DataFrame, goal_id: str) -> pd.DataFrame:
    """The goal's indicators (totals) that pull its rating down: red ones first, then the
    worsening ones, each once."""
    own = indicators[(indicators["goal_id"] == goal_id) & (indicators["sex"] == "T")]
    pulling = own[(own["light"] == RED) | (own["trend"] == WORSENING)]
    return pulling.assign(_red=pulling["light"] != RED).sort_values("_red", kind="stable").drop(columns="_red")


def widest_sex_gaps(indicators: pd.DataFrame, goal_id: str, count: int = 2) -> pd.DataFrame:
    """The goal's indicators with the widest gap between women and men, by its size relative to
    the total (the same measure the analysis uses)."""
    own = indicators[(indicators["goal_id"] == goal_id) & (indicators["sex"] == "T")
                     & indicators["gap_last_share"].notna()]
    order = own["gap_last_share"].abs().sort_values(ascending=False, kind="stable").index
    return own.loc[order].head(count)


def widest_district_gaps(districts: pd.DataFrame | None, indicator_ids: list[str]) -> pd.DataFrame:
    """Per district indicator of the goal: the districts with the lowest and highest latest value."""
    columns = ["indicator", "name", "unit", "direction", "low", "low_value", "high", "high_value", "year"]
    if districts is None or districts.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for indicator, group in districts[districts["indicator"].isin(indicator_ids)].groupby("indicator", sort=False):
        areas = group[group["light"].notna() & group["latest_value"].notna()]
        if len(areas) < 2:
            continue
        low = areas.loc[areas["latest_value"].idxmin()]
        high = areas.loc[areas["latest_value"].idxmax()]
        rows.append({"indicator": indicator, "name": low["name"], "unit": low["unit"], "direction": low["direction"],
                     "low": low["district_name"], "low_value": float(low["latest_value"]),
                     "high": high["district_name"], "high_value": float(high["latest_value"]),
                     "year": max(int(low["latest_year"]), int(high["latest_year"]))})
    return pd.DataFrame(rows, columns=columns)


def actions_summary(goals: pd.DataFrame, submissions: pd.DataFrame, period: str) -> dict:
    """For summary.json: the goals needing attention, and those of them without a planned action."""
    needing = attention_goals(goals)
    without = [goal for goal in needing["goal_id"] if not has_planned_action(goal_actions(submissions, period, goal))]
    actions = period_activities(submissions, period)
    return {"goals_needing_attention": list(needing["goal_id"]), "without_action": without,
            "actions": len(actions), "planned": int(actions["activity_status"].isin(PLANNED).sum())}


def measurability(program: Program, indicators: pd.DataFrame, goals: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per goal: its indicators, how many have a value for the report year or the year
    before, a target, values by sex; what the official rating rests on; the latest year with data."""
    defined = program.indicators()
    rows = []
    for goal in goals.itertuples():
        own = indicators[indicators["goal_id"] == goal.goal_id]
        totals = own[own["sex"] == "T"].drop_duplicates("indicator")
        recent = totals[totals["latest_year"].notna() & (totals["latest_year"] >= year - 1)]
        measured = recent[recent["light"] != NOT_ASSESSED]
        by_sex = own[own["sex"].isin(["K", "M"]) & own["latest_value"].notna()]["indicator"].nunique()
        targets = sum(1 for i in totals["indicator"] if defined[i].target is not None or defined[i].band is not None)
        committee = goal.light_source == "committee"
        basis = (BOTH if committee else MEASURED) if len(measured) else JUDGED if committee else UNRATED
        latest = totals["latest_year"].dropna()
        rows.append({"goal_id": goal.goal_id, "title": goal.title, "indicators": len(totals),
                     "recent": len(recent), "with_target": targets, "by_sex": int(by_sex), "basis": basis,
                     "latest_year": int(latest.max()) if len(latest) else None})
    table = pd.DataFrame(rows, columns=["goal_id", "title", "indicators", "recent", "with_target", "by_sex",
                                        "basis", "latest_year"])
    return table.astype({"latest_year": "Int64"})


def measurability_summary(table: pd.DataFrame) -> dict:
    """For summary.json: how many goals have a rating measured on figures, and which have not."""
    measured = table[table["basis"].isin(MEASURED_BASES)]
    return {"goals_with_measured_rating": len(measured), "goals_total": len(table),
            "not_measurable": [goal for goal in table["goal_id"] if goal not in set(measured["goal_id"])]}
