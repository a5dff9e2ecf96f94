"""Actions followed up from one period to the next: the template's action columns read back
exactly, the checks of the new cells, the older template still read (with a warning), the
follow-up of last period's planned actions, promises not begun, how a finished action's
indicators moved, every version kept in the ledger, and the next template filled in with the
actions still to do."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
from openpyxl import load_workbook

from report.method.follow_up import follow_up, follow_up_summary, movement_since_start, promised_not_started
from report.texts import follow_up_sentence
from sources.ledger import Ledger
from sources.readers import read_source
from sources.templates import ACTIVITY_FIELDS, build_template, fill_activity, write_templates
from sources.vocabulary import (
    AWAY,
    DELAYED,
    DONE,
    DROPPED,
    NO_BEFORE,
    NO_NEWER,
    NO_STATUS,
    NOT_REPORTED,
    NOT_STARTED,
    ONGOING,
    TOWARDS,
)
from tests.conftest import FIXTURES
from tests.test_ledger import intake_and_record


def action(action_id: str | None, status: str | None, period: str = "2023", goal: str = "1.1", **more) -> dict:
    row = {"period": period, "committee": "KS", "action_id": action_id, "goal": goal, "also_goals": None,
           "activity": f"Insats {action_id or 'utan id'}", "owner": "Strateg", "start": None, "deadline": None,
           "effect_indicator": None, "activity_status": status, "cost_tkr": 100.0}
    return {**row, **more}


PREVIOUS = pd.DataFrame([
    action("KS-1", ONGOING, "2022"),
    action("KS-2", ONGOING, "2022"),
    action("KS-3", NOT_STARTED, "2022"),
    action("KS-4", DELAYED, "2022"),
    action("KS-5", ONGOING, "2022"),
    action("KS-6", DONE, "2022"),  # finished last period: nothing to follow up
    action(None, ONGOING, "2022", activity="Dialogmöten"),  # an older template's row: followed by its name
])
CURRENT = pd.DataFrame([
    action("KS-1", DONE, start="2022-03-01"),
    action("ks-2 ", DROPPED),  # the id as typed: compared in capitals, without spaces around it
    action("KS-3", NOT_STARTED, start="2024-02-01"),  # promised last period, still not begun
    action("KS-4", None),  # reported, status left empty
    action(None, DELAYED, activity="dialogmöten"),
    action("KS-7", NOT_STARTED, start="2023-05-01"),  # new this period, its start has passed
    action("KS-8", NOT_STARTED, start="2024-09-01"),  # new, starts next year: not a broken promise
]).assign(action_id=lambda f: f["action_id"].str.strip().str.upper())


def test_last_periods_planned_actions_are_followed_up_by_id_or_by_name():
    follow = follow_up(PREVIOUS, CURRENT)
    assert follow[["key", "matched_by", "status_before", "status_now"]].values.tolist() == [
        ["id:KS-1", "id", ONGOING, DONE],
        ["id:KS-2", "id", ONGOING, DROPPED],
        ["id:KS-3", "id", NOT_STARTED, NOT_STARTED],
        ["id:KS-4", "id", DELAYED, NO_STATUS],
        ["id:KS-5", "id", ONGOING, NOT_REPORTED],
        ["namn:KS|dialogmöten", "name", ONGOING, DELAYED],
    ]
    promised = promised_not_started(follow, CURRENT, "2023-12-31")
    assert promised[["action_id", "promised_before"]].values.tolist() == [["KS-3", True], ["KS-7", False]]
    summary = follow_up_summary(follow, promised, pd.DataFrame(columns=["key"]), "2022")
    assert summary == {"previous_period": "2022", "followed_up": 6,
                       "status_now": {DONE: 1, ONGOING: 0, DELAYED: 1, NOT_STARTED: 1, DROPPED: 1, NO_STATUS: 1,
                                      NOT_REPORTED: 1},
                       "by_name": 1, "promised_not_started": ["KS-3", "KS-7"], "done_with_indicator_movement": 0}
    assert follow_up_sentence(summary, "2023") == (
        "6 åtgärder var planerade 2022 (pågående, försenade eller ej påbörjade). I rapporteringen för 2023 är "
        "1 genomförd, 1 försenad, 1 ej påbörjad, 1 avbruten, 1 utan status och 1 ej återrapporterad.")


def test_nothing_is_followed_up_without_last_periods_actions():
    assert follow_up(None, CURRENT) is None
    assert follow_up(PREVIOUS.iloc[0:0], CURRENT) is None  # a first run with no submissions for last period
    assert follow_up_summary(None, CURRENT.iloc[0:0], pd.DataFrame(columns=["key"]), "2022") is None


def test_a_finished_actions_indicators_are_compared_before_its_start_and_now(small_program):
    series = {("N00957", "0180", "T"): pd.Series({2019: 30.0, 2020: 29.0, 2021: 28.5, 2022: 27.0, 2023: 26.0}),
              ("N00945", "0180", "T"): pd.Series({2020: 40.0, 2021: 39.0, 2022: 38.5})}
    current = pd.DataFrame([
        action("KS-1", DONE, start="2022-03-01"),  # goal 1.1: its indicator N00957 (lower is better)
        action("KS-2", DONE, goal="1.2", start="2021-01-01", effect_indicator="N00945"),
        action("KS-3", DONE, goal="1.2", start="2023-01-01", effect_indicator="N00945"),  # no value since
        action("KS-4", DONE, goal="1.2", start="2020-01-01", effect_indicator="N00945"),  # no value before
        action("KS-5", ONGOING, start="2022-03-01"),  # not done: not shown
    ])
    moved = movement_since_start(small_program, current, series, 2023)
    assert moved[["action_id", "indicator", "before_year", "before_value", "latest_year", "latest_value",
                  "moved"]].astype(object).where(moved.notna(), None).values.tolist() == [
        ["KS-1", "N00957", 2021, 28.5, 2023, 26.0, TOWARDS],
        ["KS-2", "N00945", 2020, 40.0, 2022, 38.5, AWAY],
        ["KS-3", "N00945", 2022, 38.5, None, None, NO_NEWER],
        ["KS-4", "N00945", None, None, 2022, 38.5, NO_BEFORE],
    ]


def _filled_template(program, tmp_path, name="inrapportering_ks_2023.xlsx"):
    book = build_template(program, "KS", "2023")
    sheet = book["Aktiviteter"]
    fill_activity(sheet, 2, action_id="ks-1", goal="1.1 – Förbättra den allmänna folkhälsan", also_goals="1.2 och 2.1",
                  activity="Hälsodialoger", owner="Folkhälsostrateg", start=dt.date(2023, 3, 1),
                  deadline=dt.datetime(2024, 6, 30), effect_indicator="N00957 – Ohälsotal, dagar",
                  activity_status="pågår", cost_tkr=250)
    fill_activity(sheet, 3, action_id="KS-2", goal="1.2", also_goals="9.9", activity="Informationsinsats",
                  start="första mars", deadline="2023-02-01", effect_indicator="N99999", activity_status="försenad")
    fill_activity(sheet, 4, action_id="KS-3", goal="2.1", activity="Valinformation", start="2023-09-01",
                  deadline="2023-06-30", activity_status="ej påbörjad")
    path = tmp_path / name
    book.save(path)
    return path


def test_the_templates_action_columns_read_back_exactly(small_program, tmp_path):
    book = build_template(small_program, "KS", "2023")
    assert [cell.value for cell in book["Aktiviteter"][1]] == [
        "Aktivitets-id", "Mål-id", "Även mål (mål-id)", "Nämnd", "Period", "Aktivitet", "Ansvarig",
        "Planerad start (datum)", "Klart senast (datum)", "Förväntad effekt på nyckeltal", "Aktivitetsstatus",
        "Kostnad (tkr)"]
    assert len(ACTIVITY_FIELDS) == 12
    assert [book["Listor"].cell(row=r, column=2).value for r in (1, 2, 3)] == [
        "N00957 – Ohälsotal, dagar", "N00945 – Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel (%)",
        "N05401 – Valdeltagande i senaste kommunalvalet, andel (%)"]
    result = read_source(_filled_template(small_program, tmp_path))
    frame = result.frames["submissions"]
    rows = frame[frame["activity"].notna()]
    assert rows[["action_id", "goal", "also_goals", "owner", "start", "deadline", "effect_indicator",
                 "activity_status", "cost_tkr"]].values.tolist()[0] == [
        "KS-1", "1.1", "1.2;2.1", "Folkhälsostrateg", "2023-03-01", "2024-06-30", "N00957", ONGOING, "250"]
    assert not [issue for issue in result.issues if issue.rule == "äldre_mall"]


def test_the_action_cells_are_checked_and_only_the_bad_cell_is_left_out(small_program, tmp_path):
    from checks.runner import check_all
    from sources.intake import take_in
    from sources.readers import read_dropped

    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    _filled_template(small_program, inbox)
    os.utime(inbox / "inrapportering_ks_2023.xlsx", (0, 0))
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        files, intake_issues = take_in(inbox, tmp_path / "arkiv", ledger, 0.0)
        checked = check_all([read_dropped(f) for f in files], small_program, 1990, 2026, intake_issues,
                            period="2023")
    found = checked.issues[checked.issues["rule"].isin(
        ["datum_planerad_start", "datum_klart_senast", "start_före_slut", "kända_övriga_mål",
         "känt_nyckeltal_för_effekt"])]
    assert sorted(found[["row", "column", "rule", "severity"]].values.tolist()) == [
        [3, "Förväntad effekt på nyckeltal", "känt_nyckeltal_för_effekt", "fel"],
        [3, "Planerad start (datum)", "datum_planerad_start", "fel"],
        [3, "Även mål (mål-id)", "kända_övriga_mål", "fel"],
        [4, "Klart senast (datum)", "start_före_slut", "varning"],
    ]
    assert "Även mål anger 9.9, som inte finns i programmet" in " ".join(found["message"])
    activities = checked.submissions[checked.submissions["activity"].notna()].set_index("action_id")
    assert len(activities) == 3  # every activity is used; only the bad cells are emptied
    assert activities.loc["KS-2", ["start", "also_goals", "effect_indicator", "deadline"]].tolist() == [
        None, None, None, "2023-02-01"]
    assert activities.loc["KS-1", "also_goals"] == "1.2;2.1"


def test_an_activity_sheet_of_the_older_template_is_read_with_a_warning():
    result = read_source(FIXTURES / "mallversion1_inrapportering_ifn_2023.xlsx")
    frame = result.frames["submissions"]
    activities = frame[frame["activity"].notna()]
    assert activities[["goal", "activity_status", "cost_tkr"]].values.tolist() == [
        ["1.1", DONE, "1950"], ["1.2", DONE, "700"], ["1.2", ONGOING, "1450"]]
    assert activities["action_id"].isna().all()
    older = [issue for issue in result.issues if issue.rule == "äldre_mall"]
    assert [(issue.sheet, issue.severity) for issue in older] == [("Aktiviteter", "varning")]
    assert "nästa period kan de bara följas upp på sitt namn" in older[0].message


def test_the_ledger_keeps_every_version_of_an_action(small_program, tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    path = _filled_template(small_program, inbox)
    os.utime(path, (0, 0))
    intake_and_record(small_program, inbox, tmp_path / "out")
    book = load_workbook(path)
    fill_activity(book["Aktiviteter"], 2, activity_status="genomförd", cost_tkr=300)
    book.save(path)
    os.utime(path, (0, 0))
    intake_and_record(small_program, inbox, tmp_path / "out")
    with Ledger(tmp_path / "out" / "ledger.sqlite") as ledger:
        versions = ledger.action_versions("ks-1")
    assert versions[["version", "activity_status", "cost_tkr", "deadline", "owner"]].values.tolist() == [
        [1, ONGOING, 250.0, "2024-06-30", "Folkhälsostrateg"], [2, DONE, 300.0, "2024-06-30", "Folkhälsostrateg"]]


def test_the_next_template_lists_the_actions_still_to_do(small_program, tmp_path):
    previous = pd.DataFrame([
        action("KS-1", ONGOING, also_goals="1.2;2.1", start="2023-03-01", deadline="2024-06-30",
               effect_indicator="N00957"),
        action("KS-2", DONE),  # finished: not carried over
        action("KS-3", DROPPED),  # dropped: not carried over
        action("KS-4", NOT_STARTED, goal="2.1", start="2024-01-01"),
        {**action("IFN-1", ONGOING), "committee": "IFN"},  # another committee's
    ])
    written = write_templates(small_program, "2024", tmp_path, previous)
    sheet = load_workbook(next(p for p in written if "_ks_" in p.name))["Aktiviteter"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert rows == [
        ["KS-1", "1.1 – Förbättra den allmänna folkhälsan", "1.2, 2.1", "KS", "2024", "Insats KS-1", "Strateg",
         "2023-03-01", "2024-06-30", "N00957 – Ohälsotal, dagar", None, None],
        ["KS-4", "2.1 – Ökat valdeltagande", None, "KS", "2024", "Insats KS-4", "Strateg", "2024-01-01", None, None,
         None, None],
        [None, None, None, "KS", "2024", None, None, None, None, None, None, None],
    ]
    # The template is the workbook users fill in: its reader takes the carried rows back, status to fill in.
    back = read_source(next(p for p in written if "_ks_" in p.name)).frames["submissions"]
    carried = back[back["activity"].notna()]
    assert carried[["action_id", "goal", "also_goals", "activity_status"]].astype(object).where(
        carried[["action_id", "goal", "also_goals", "activity_status"]].notna(), None).values.tolist() == [
        ["KS-1", "1.1", "1.2;2.1", None], ["KS-4", "2.1", None, None]]
