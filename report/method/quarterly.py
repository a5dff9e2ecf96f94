"""The quarterly method: which committees have not submitted for the period (the reminder list),
which indicators have new values since the previous quarter, which reported actions have not
started, and the status's counts; the document is report/document/quarterly.py, the sequence
report/quarterly.py.
"""

from __future__ import annotations

import pandas as pd

from sources.program import Program
from sources.vocabulary import DELAYED, NOT_STARTED, severity_counts

LATEST = "latest_periods.json"  # the previous quarter's latest periods, for "new values"
REMINDER_COLUMNS = ["committee", "name", "goals"]
NEW_VALUE_COLUMNS = ["indicator", "name", "latest", "previous"]
STALLED_COLUMNS = ["committee", "goal", "activity", "activity_status"]
STALLED = (DELAYED, NOT_STARTED)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def reminder_list(program: Program, submissions: pd.DataFrame, period: str) -> pd.DataFrame:
    """Committees that answer for goals but have sent nothing for the period (and which goals)."""
    given = submissions[(submissions["period"] == period)
                        & submissions[["assessment", "trend", "comment", "activity"]].notna().any(axis=1)]
    rows = []
    for committee, name in program.committees.items():
        goals = [goal.id for _, goal in program.goals() if committee in goal.committees]
        if goals and given[given["committee"] == committee].empty:
            rows.append([committee, name, ", ".join(goals)])
    return pd.DataFrame(rows, columns=REMINDER_COLUMNS)


def stalled_actions(program: Program, submissions: pd.DataFrame, period: str) -> pd.DataFrame:
    """The actions reported for the period as delayed or not started, per committee in the
    program's order, then by goal in the program's order."""
    rows = submissions[(submissions["period"] == period) & submissions["activity"].notna()
                       & submissions["activity_status"].isin(STALLED)]
    committees = {committee: index for index, committee in enumerate(program.committees)}
    goals = {goal: index for index, goal in enumerate(program.goal_ids())}
    ordered = rows.assign(_c=rows["committee"].map(committees), _g=rows["goal"].map(goals))
    return ordered.sort_values(["_c", "_g", "activity"], kind="stable")[STALLED_COLUMNS].reset_index(drop=True)


def _order(period: str) -> tuple[int, int]:
    """'2023' sorts after '2023-Q3' and level with '2023-Q4' (an annual value covers the year)."""
    year = int(period[:4])
    return (year, int(period[-1])) if "-Q" in period else (year, 4)


def latest_periods(statistics: pd.DataFrame, area: str) -> dict[str, str]:
    """Indicator -> the latest period with a value for the area."""
    own = statistics[statistics["area"] == area]
    latest: dict[str, str] = {}
    for indicator, group in own.groupby("indicator"):
        latest[str(indicator)] = max(group["period"].astype(str), key=_order)
    return latest


def new_values(program: Program, current: dict[str, str], previous: dict[str, str] | None) -> pd.DataFrame | None:
    """Indicators whose latest period is newer than at the previous quarterly run; None when there
    was no previous run to compare with (a first run has no "new" values, only values)."""
    if previous is None:
        return None
    rows = []
    for indicator in program.indicators().values():
        now = current.get(indicator.id)
        before = previous.get(indicator.id)
        if now is not None and (before is None or _order(now) > _order(before)):
            rows.append([indicator.id, indicator.name, now, before or ""])
    return pd.DataFrame(rows, columns=NEW_VALUE_COLUMNS)


def quarterly_summary(program: Program, period: str, reminders: pd.DataFrame, new: pd.DataFrame | None,
                      files: pd.DataFrame, issues: pd.DataFrame, previous_period: str | None,
                      with_values: int = 0, stalled: pd.DataFrame | None = None) -> dict:
    return {
        "program": program.id, "period": period, "previous_period": previous_period,
        "committees_missing": len(reminders), "reminders": reminders.to_dict(orient="records"),
        "actions_delayed_or_not_started": 0 if stalled is None else len(stalled),
        "indicators_with_new_values": None if new is None else len(new), "indicators_with_values": with_values,
        "files": len(files),
        **severity_counts(issues),
    }


