"""Last period's actions followed up in this one.

An action is known from period to period by its id (template version 2: 'IFN-3'); an action of an
older template, without an id, by its committee and name, and the report says so. Every action
that was still planned last period (ongoing, delayed or not started) is followed up: its status
now, or "not reported" when this period's submissions do not have it. An action is *promised but
not started* when it is reported not started although its planned start has passed or it was
already promised last period. For each action done this period the report shows how the
indicators of its goal moved since it started: the latest value before the start year against the
latest value now. That is a fact about the indicator, not a measured effect of the action.
"""

from __future__ import annotations

import pandas as pd

from report.method.attention import PLANNED
from report.method.selections import period_activities
from sources.formats import is_blank
from sources.program import Program
from sources.vocabulary import (
    ACTIVITY_STATUSES,
    AWAY,
    DONE,
    NO_BEFORE,
    NO_NEWER,
    NO_STATUS,
    NOT_REPORTED,
    NOT_STARTED,
    SAME,
    TOWARDS,
)

BY_ID, BY_NAME = "id", "name"
ACTION_COLUMNS = ["period", "committee", "action_id", "goal", "also_goals", "activity", "owner", "start", "deadline",
                  "effect_indicator", "activity_status", "cost_tkr", "file", "row"]
FOLLOW_UP_COLUMNS = ["key", "matched_by", "action_id", "committee", "goal", "also_goals", "activity", "owner",
                     "start", "deadline", "effect_indicator", "status_before", "status_now"]
MOVEMENT_COLUMNS = ["key", "action_id", "activity", "committee", "goal", "indicator", "name", "unit", "direction",
                    "start_year", "before_year", "before_value", "latest_year", "latest_value", "moved"]


def with_keys(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions with the key they are followed up by: the id, else committee and name."""
    keys = [(f"id:{row.action_id}", BY_ID) if not is_blank(row.action_id)
            else (f"namn:{row.committee}|{str(row.activity).strip().lower()}", BY_NAME)
            for row in actions.itertuples()]
    return actions.assign(key=[key for key, _ in keys], matched_by=[by for _, by in keys])


def period_actions(submissions: pd.DataFrame, period: str) -> pd.DataFrame:
    """The period's activity rows with the fields an action has (ACTION_COLUMNS)."""
    return period_activities(submissions, period).reindex(columns=ACTION_COLUMNS).reset_index(drop=True)


def actions_table(own: pd.DataFrame, follow: pd.DataFrame | None, previous: pd.DataFrame | None) -> pd.DataFrame:
    """actions.csv: the period's actions (`period_actions`), and last period's planned ones this
    period did not report (with their last reported period and status), so that the next period
    follows them up too."""
    if follow is None or previous is None or follow.empty:
        return own
    missing = set(follow.loc[follow["status_now"] == NOT_REPORTED, "key"])
    carried = with_keys(previous)
    carried = carried[carried["key"].isin(missing)].drop_duplicates("key", keep="last")
    return pd.concat([own, carried.reindex(columns=ACTION_COLUMNS)], ignore_index=True)


def follow_up(previous: pd.DataFrame | None, current: pd.DataFrame) -> pd.DataFrame | None:
    """One row per action still planned last period: its status then and now (NOT_REPORTED when
    this period has no row for it). None when last period has no actions to follow up (no list,
    or an empty one: a first run whose inbox has no submissions for last period)."""
    if previous is None or previous.empty:
        return None
    before = with_keys(previous)
    before = before[before["activity_status"].isin(PLANNED)].drop_duplicates("key", keep="last")
    now = with_keys(current).drop_duplicates("key", keep="last").set_index("key")["activity_status"]
    status = before["key"].map(now).fillna(NO_STATUS).where(before["key"].isin(now.index), NOT_REPORTED)
    rows = before.assign(status_before=before["activity_status"], status_now=status)
    return rows.reindex(columns=FOLLOW_UP_COLUMNS).reset_index(drop=True)


def promised_not_started(follow: pd.DataFrame | None, current: pd.DataFrame, period_end: str) -> pd.DataFrame:
    """This period's actions reported not started although their planned start (ISO date) is on
    or before the period's end, or they were already planned last period."""
    rows = with_keys(current)
    rows = rows[rows["activity_status"] == NOT_STARTED]
    earlier = set(follow["key"]) if follow is not None else set()
    started_by = rows["start"].astype("string").fillna("9999") <= period_end
    promised = rows[started_by | rows["key"].isin(earlier)]
    return promised.assign(promised_before=promised["key"].isin(earlier)).reset_index(drop=True)


def movement_since_start(program: Program, current: pd.DataFrame, series: dict, year: int) -> pd.DataFrame:
    """For each action done this period: each indicator it names (else each of its goal's
    indicators), the latest value before the year it started against the latest value now."""
    defined = program.indicators()
    goals = {goal.id: goal for _, goal in program.goals()}
    area = program.municipality.code
    rows = []
    for action in with_keys(current[current["activity_status"] == DONE]).itertuples():
        start_year = int(str(action.start)[:4]) if not is_blank(action.start) else year
        goal = goals.get(action.goal)
        named = [action.effect_indicator] if not is_blank(action.effect_indicator) else (
            [indicator.id for indicator in goal.indicators] if goal else [])
        for indicator_id in named:
            indicator = defined.get(indicator_id)
            values = series.get((indicator_id, area, "T"))
            if indicator is None or values is None:
                continue
            values = values[values.index <= year]
            before, after = values[values.index < start_year], values[values.index >= start_year]
            row = {"key": action.key, "action_id": action.action_id, "activity": action.activity,
                   "committee": action.committee, "goal": action.goal, "indicator": indicator_id,
                   "name": indicator.name, "unit": indicator.unit, "direction": indicator.direction,
                   "start_year": start_year, "before_year": None, "before_value": None, "latest_year": None,
                   "latest_value": None, "moved": NO_BEFORE if before.empty else NO_NEWER}
            if not before.empty:
                row.update(before_year=int(before.index[-1]), before_value=float(before.iloc[-1]))
            if not after.empty:
                row.update(latest_year=int(after.index[-1]), latest_value=float(after.iloc[-1]))
            if not before.empty and not after.empty:
                row["moved"] = _moved(indicator, row["before_value"], row["latest_value"])
            rows.append(row)
    return pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)


def _moved(indicator, before: float, latest: float) -> str:
    """TOWARDS the desired direction (or the band), AWAY from it, or the SAME value."""
    if indicator.direction == "band":
        band = indicator.band
        before, latest = (max(band.min - v, 0.0, v - band.max) for v in (before, latest))
        if latest == before:
            return SAME
        return TOWARDS if latest < before else AWAY
    if latest == before:
        return SAME
    better = latest > before if indicator.direction == "increase" else latest < before
    return TOWARDS if better else AWAY


def follow_up_summary(follow: pd.DataFrame | None, promised: pd.DataFrame, movement: pd.DataFrame,
                      previous_period: str | None) -> dict | None:
    """For summary.json: how last period's planned actions stand now, and what was promised but not begun."""
    if follow is None:
        return None
    counts = follow["status_now"].value_counts()
    return {"previous_period": previous_period, "followed_up": len(follow),
            "status_now": {status: int(counts.get(status, 0))
                           for status in (*ACTIVITY_STATUSES, NO_STATUS, NOT_REPORTED)},
            "by_name": int((follow["matched_by"] == BY_NAME).sum()),
            "promised_not_started": [str(key).split(":", 1)[1] for key in promised["key"]],
            "done_with_indicator_movement": int(movement["key"].nunique()) if not movement.empty else 0}
