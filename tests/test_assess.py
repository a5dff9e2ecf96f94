import pandas as pd
import pytest

from report.assess import assess, ratings_table
from sources.submissions import empty_submissions


def stats(rows):
    frame = pd.DataFrame(rows, columns=["indicator", "area", "year", "gender", "value"])
    frame["period"] = frame["year"].astype(str)
    frame["quarter"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame


def submissions(rows):
    frame = pd.DataFrame(rows, columns=["goal", "committee", "period", "assessment", "trend", "comment"])
    for column in ("activity", "activity_status", "cost_tkr"):
        frame[column] = None
    return frame


@pytest.fixture()
def statistics():
    rows = []
    for year, value in {2015: 39.09, 2016: 38.79, 2017: 38.93, 2018: 39.4, 2019: 39.3, 2020: 40.8}.items():
        rows.append(["N00945", "0180", year, "T", value])
    for year, (t, k, m) in {2018: (26.0, 30.0, 22.0), 2019: (25.0, 29.0, 21.5), 2020: (24.0, 28.5, 19.0)}.items():
        rows += [["N00957", "0180", year, "T", t], ["N00957", "0180", year, "K", k],
                 ["N00957", "0180", year, "M", m], ["N00957", "0000", year, "T", 27.0]]
    rows += [["N00957", "0000", 2020, "K", 27.0]]  # riket for women, one year; none for men
    rows += [["N05401", "0180", 2018, "T", 84.1], ["N05401", "0000", 2018, "T", 87.2]]
    return stats(rows)


def test_indicators_goals_and_areas(small_program, statistics):
    result = assess(small_program, statistics, empty_submissions(), 2020)
    ind = result.indicators.set_index(["indicator", "sex"])
    assert len(result.indicators) == 5  # N00957 T/K/M, N00945 T, N05401 T
    assert ind.loc[("N00945", "T"), ["light", "trend"]].tolist() == ["yellow", "unchanged"]
    # Ohälsotal 24,0 against riket 27,0, lower is better: 11 % better -> green; 26 -> 24 is -3,9 %/år.
    assert ind.loc[("N00957", "T"), ["light", "trend"]].tolist() == ["green", "improving"]
    # Women are compared with women in riket: 28,5 vs 27,0 is 5,6 % worse -> red.
    assert ind.loc[("N00957", "K"), ["light", "trend"]].tolist() == ["red", "improving"]
    # Riket has no value for men: no light, and the explanation says so.
    assert ind.loc[("N00957", "M"), ["light", "trend"]].tolist() == ["not_assessed", "improving"]
    assert "riket saknar värde för 2020" in ind.loc[("N00957", "M"), "light_explanation"]
    assert ind.loc[("N05401", "T"), ["light", "trend", "latest_year"]].tolist() == ["yellow", "no_trend", 2018]
    goals = result.goals.set_index("goal_id")
    assert goals.loc["1.1", ["light", "trend", "light_source"]].tolist() == ["green", "improving", "computed"]
    assert goals.loc["1.2", ["light", "trend"]].tolist() == ["yellow", "unchanged"]
    assert result.summary["goals"] == {"green": 1, "yellow": 2, "red": 0, "not_assessed": 0}
    assert result.summary["trends"] == {"improving": 1, "unchanged": 1, "worsening": 0, "no_trend": 1}
    assert sum(result.summary["goals"].values()) == result.summary["goals_total"] == 3
    assert result.areas.set_index("area_id").loc["halsa", ["goals", "green", "yellow"]].tolist() == [2, 1, 1]


def test_committee_assessment_is_official_and_computed_is_kept(small_program, statistics):
    subs = submissions([
        ["1.1", "KS", "2020", "red", "worsening", "Vi ser en oroande utveckling."],
        ["1.1", "IFN", "2020", "yellow", None, None],
        ["1.2", "KS", "2019", "green", "improving", "Förra året."],  # another period: not used
    ])
    result = assess(small_program, statistics, subs, 2020)
    goals = result.goals.set_index("goal_id")
    row = goals.loc["1.1"]
    assert (row["light"], row["trend"], row["light_source"]) == ("red", "worsening", "committee")
    assert (row["computed_light"], row["computed_trend"]) == ("green", "improving")
    assert row["light_differs"] and row["committees_disagree"]
    assert row["assessed_by"] == "IFN, KS"
    assert goals.loc["1.2", "light_source"] == "computed"
    assert result.summary["goals"]["red"] == 1
    assert result.summary["goals_where_committee_differs"] == 1


def test_ratings_table_has_every_level_and_explanations(small_program, statistics):
    table = ratings_table(assess(small_program, statistics, empty_submissions(), 2020))
    assert table["level"].value_counts().to_dict() == {"indicator": 5, "goal": 3, "area": 2}
    row = table[(table["level"] == "indicator") & (table["id"] == "N00945")].iloc[0]
    assert row["ratio"] == pytest.approx(0.52, abs=0.005)
    assert row["explanation"].startswith("CAGR 2015–2020 +0,9\u00a0%/år; målet 50,0\u00a0% år 2030 kräver")
    goal = table[(table["level"] == "goal") & (table["id"] == "1.1")].iloc[0]
    assert goal["explanation"] == "1 av 1 nyckeltal har ljus, medelpoäng 2,00 → grön; 1 har trend → förbättras"
