"""What the board must act on (goals red or worsening, and their planned actions) and how
measurable each goal is: the selections of report/method/attention.py on small frames whose
answer is known, and the sentences the summary opens with."""

from __future__ import annotations

import pandas as pd

from report.method.attention import (
    BOTH,
    JUDGED,
    MEASURED,
    UNRATED,
    actions_summary,
    driving_indicators,
    measurability,
    measurability_summary,
    widest_district_gaps,
)
from report.texts import attention_sentence, measurability_sentence
from sources.vocabulary import (
    DELAYED,
    DONE,
    DROPPED,
    GREEN,
    IMPROVING,
    NOT_ASSESSED,
    NOT_STARTED,
    ONGOING,
    RED,
    UNCHANGED,
    WORSENING,
    YELLOW,
)

GOALS = pd.DataFrame({
    "goal_id": ["1.1", "1.2", "2.1", "2.2"],
    "title": ["Hälsa", "Jämställt uttag", "Valdeltagande", "Dialog"],
    "light": [RED, YELLOW, GREEN, RED],
    "trend": [UNCHANGED, WORSENING, IMPROVING, UNCHANGED],
    "light_source": ["computed", "committee", "computed", "committee"],
})


def activity(goal: str, status: str | None, period: str = "2023") -> dict:
    return {"period": period, "goal": goal, "committee": "KS", "activity": f"Åtgärd för {goal}",
            "activity_status": status, "cost_tkr": 100.0, "comment": None}


def test_a_goal_has_a_planned_action_only_while_one_is_ongoing_or_not_started():
    submissions = pd.DataFrame([
        activity("1.1", DONE),  # red, its only action is done: none planned
        activity("1.2", ONGOING),  # worsening, an ongoing action: planned
        activity("2.1", NOT_STARTED),  # green: needs no attention
        activity("2.2", NOT_STARTED, period="2022"),  # red, an action of another period only
        {**activity("2.2", None), "activity": None, "comment": "Kommentar"},  # a comment is no action
    ])
    assert actions_summary(GOALS, submissions, "2023") == {
        "goals_needing_attention": ["1.1", "1.2", "2.2"], "without_action": ["1.1", "2.2"],
        "actions": 3, "planned": 2}
    assert attention_sentence(actions_summary(GOALS, submissions, "2023"), GOALS) == (
        "3 av de 4 målen är röda eller försämras. För 2 av dem finns ingen planerad åtgärd (pågående, försenad "
        "eller ej påbörjad): 1.1 Hälsa; 2.2 Dialog.")
    # a delayed action is still planned; a dropped one is not
    later = pd.DataFrame([activity("1.1", DELAYED), activity("1.2", DROPPED)])
    assert actions_summary(GOALS, later, "2023")["without_action"] == ["1.2", "2.2"]


def test_nothing_to_decide_is_said_plainly():
    calm = GOALS.assign(light=GREEN, trend=IMPROVING)
    none = pd.DataFrame([activity("1.1", DONE)])
    summary = actions_summary(calm, none, "2023")
    assert summary == {"goals_needing_attention": [], "without_action": [], "actions": 1, "planned": 0}
    assert attention_sentence(summary, calm) == "Inget av de 4 målen är rött eller försämras."
    one = calm.assign(light=[RED, GREEN, GREEN, GREEN])
    planned = pd.DataFrame([activity("1.1", ONGOING)])
    assert attention_sentence(actions_summary(one, planned, "2023"), one) == (
        "1 av de 4 målen är rött eller försämras. Det har minst en planerad åtgärd (pågående, försenad eller ej "
        "påbörjad).")


def indicator(goal: str, ident: str, sex: str = "T", year: float | None = 2023, light: str = YELLOW,
              trend: str = UNCHANGED, value: float | None = 10.0) -> dict:
    return {"goal_id": goal, "indicator": ident, "name": ident, "unit": "procent", "sex": sex, "latest_year": year,
            "latest_value": value, "light": light, "trend": trend}


def test_measurability_counts_recent_values_targets_sexes_and_says_what_the_rating_rests_on(small_program):
    indicators = pd.DataFrame([
        indicator("1.1", "N00957"), indicator("1.1", "N00957", "K"), indicator("1.1", "N00957", "M"),
        indicator("1.2", "N00945", year=2019, light=RED),  # only an old value: not a measured rating
        indicator("2.1", "N05401", year=2022, light=NOT_ASSESSED),  # recent, but not rated
        indicator("2.2", "N05401", year=None, value=None, light=NOT_ASSESSED),  # serving two goals
    ])
    goals = GOALS.assign(light_source=["computed", "committee", "computed", "committee"])
    table = measurability(small_program, indicators, goals, 2023)
    assert str(table["latest_year"].dtype) == "Int64"
    shown = table.astype(object).where(table.notna(), None)
    assert shown[["goal_id", "indicators", "recent", "with_target", "by_sex", "basis", "latest_year"]].to_dict(
        "records") == [
        {"goal_id": "1.1", "indicators": 1, "recent": 1, "with_target": 0, "by_sex": 1, "basis": MEASURED,
         "latest_year": 2023},
        {"goal_id": "1.2", "indicators": 1, "recent": 0, "with_target": 1, "by_sex": 0, "basis": JUDGED,
         "latest_year": 2019},
        {"goal_id": "2.1", "indicators": 1, "recent": 1, "with_target": 0, "by_sex": 0, "basis": UNRATED,
         "latest_year": 2022},
        {"goal_id": "2.2", "indicators": 1, "recent": 0, "with_target": 0, "by_sex": 0, "basis": JUDGED,
         "latest_year": None},
    ]
    summary = measurability_summary(table)
    assert summary == {"goals_with_measured_rating": 1, "goals_total": 4, "not_measurable": ["1.2", "2.1", "2.2"]}
    assert measurability_sentence(summary, table, 2023) == (
        "1 av de 4 målen (25\u00a0%) har en bedömning som vilar på nyckeltal med värden för 2022 eller 2023. "
        "Kan inte mätas i dag: 1.2 Jämställt uttag; 2.1 Valdeltagande; 2.2 Dialog.")
    both = measurability(small_program, indicators, goals.assign(light_source="committee"), 2023)
    assert both["basis"].tolist() == [BOTH, JUDGED, JUDGED, JUDGED]


def test_the_indicators_that_pull_a_goal_down_red_first_then_worsening():
    indicators = pd.DataFrame([
        indicator("1.1", "A", trend=WORSENING), indicator("1.1", "B", light=GREEN),
        indicator("1.1", "C", light=RED), indicator("1.1", "C", "K", light=RED), indicator("2.1", "D", light=RED),
    ])
    assert driving_indicators(indicators, "1.1")["indicator"].tolist() == ["C", "A"]


def test_the_districts_furthest_apart():
    districts = pd.DataFrame([
        {"indicator": "N1", "name": "Trygghet", "unit": "procent", "direction": "increase", "district_name": name,
         "light": light, "latest_value": value, "latest_year": 2023}
        for name, light, value in [("Hela kommunen", None, 70.0), ("Bäckby", RED, 55.0), ("Centrum", GREEN, 81.0),
                                   ("Vallby", YELLOW, 68.0)]])
    gaps = widest_district_gaps(districts, ["N1", "N2"])
    assert gaps[["low", "low_value", "high", "high_value", "year"]].to_dict("records") == [
        {"low": "Bäckby", "low_value": 55.0, "high": "Centrum", "high_value": 81.0, "year": 2023}]


def test_the_quarterly_status_lists_the_actions_not_started_per_committee(small_program):
    """Delayed and not started, per committee in the program's order (KS before IFN), then by
    goal; done, ongoing and dropped ones and other periods are left out."""
    import datetime as dt

    from report.document.quarterly import status_document
    from report.method.quarterly import REMINDER_COLUMNS, quarterly_summary, stalled_actions

    submissions = pd.DataFrame([
        {**activity("1.2", NOT_STARTED, "2024-Q2"), "committee": "IFN", "activity": "Uppsökande arbete"},
        {**activity("2.1", NOT_STARTED, "2024-Q2"), "activity": "Valinformation"},
        {**activity("1.1", NOT_STARTED, "2024-Q2"), "activity": "Hälsosamtal"},
        {**activity("1.1", DELAYED, "2024-Q2"), "activity": "Motionsspår"},
        activity("1.1", ONGOING, "2024-Q2"), activity("1.1", DONE, "2024-Q2"),
        activity("1.1", DROPPED, "2024-Q2"),
        activity("1.1", NOT_STARTED, "2024-Q1"),
    ])
    stalled = stalled_actions(small_program, submissions, "2024-Q2")
    assert stalled.values.tolist() == [["KS", "1.1", "Hälsosamtal", NOT_STARTED],
                                       ["KS", "1.1", "Motionsspår", DELAYED],
                                       ["KS", "2.1", "Valinformation", NOT_STARTED],
                                       ["IFN", "1.2", "Uppsökande arbete", NOT_STARTED]]
    empty = pd.DataFrame(columns=["file", "period", "status", "rows", "accepted"])
    issues = pd.DataFrame(columns=["file", "row", "severity", "message"])
    reminders = pd.DataFrame(columns=REMINDER_COLUMNS)
    assert quarterly_summary(small_program, "2024-Q2", reminders, None, empty, issues, None, 0,
                             stalled)["actions_delayed_or_not_started"] == 4
    document = status_document(small_program, "2024-Q2", reminders, None, empty, issues, dt.date(2024, 7, 15),
                               0, stalled)
    texts = [p.text for p in document.paragraphs]
    assert "4 åtgärder som har rapporterats för 2024-Q2 är försenade eller har inte påbörjats, per nämnd:" in texts
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nämnd" and t.rows[0].cells[1].text == "Mål")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["KS", "1.1", "Hälsosamtal", "Ej påbörjad"], ["KS", "1.1", "Motionsspår", "Försenad"],
        ["KS", "2.1", "Valinformation", "Ej påbörjad"], ["IFN", "1.2", "Uppsökande arbete", "Ej påbörjad"]]


def test_a_committee_may_write_delayed_or_dropped_as_it_says_them():
    from sources.columns import ACTIVITY_STATUS_CODES, normalise_code

    written = ["Försenad", "forsenad", "Avbruten", "Utgår", "Pågår", "Ej påbörjad", "Senarelagd"]
    assert [normalise_code(text, ACTIVITY_STATUS_CODES) for text in written] == [
        DELAYED, DELAYED, DROPPED, DROPPED, ONGOING, NOT_STARTED, "Senarelagd"]  # unknown: kept, the check reports it
