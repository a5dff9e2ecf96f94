import pandas as pd
import pytest

from report.method.assess import assess, ratings_table
from sources.submissions import empty_submissions
from tests.helpers import make_program


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
    assert row["explanation"].startswith("senaste värde 40,8\u00a0% (2020); CAGR 2015–2020 +0,9\u00a0%/år; målet "
                                         "50,0\u00a0% år 2030 kräver")
    goal = table[(table["level"] == "goal") & (table["id"] == "1.1")].iloc[0]
    assert goal["explanation"] == "1 av 1 nyckeltal har ljus, medelpoäng 2,00 → grön; 1 har trend → förbättras"


def _program(text_extra: str = "", rating: str = "{}"):
    return make_program(
        """          - {id: N1, name: Arbetslöshet, unit: procent, direction: decrease, by_sex: true}
          - {id: N2, name: Andel nöjda, unit: procent, direction: increase, target: {value: 99, year: 2030},
             bounds: [0, 100]}""", text_extra, rating,
        goals="""      - id: "2"
        title: Två
        committees: [KS]
        indicators:
          - {id: N2, name: Andel nöjda, unit: procent, direction: increase, target: {value: 99, year: 2030},
             bounds: [0, 100]}
""")


def test_quarters_make_a_year_only_when_all_four_are_there():
    from report.method.assess import annual_series

    rows = [["N1", "0180", 2022, "T", v] for v in (8.0, 7.0, 6.0, 7.0)] + \
        [["N1", "0180", 2023, "T", v] for v in (6.0, 5.0, 4.0)]
    frame = stats(rows)
    frame["quarter"] = pd.array([1, 2, 3, 4, 1, 2, 3], dtype="Int64")
    frame["period"] = frame["year"].astype(str) + "-Q" + frame["quarter"].astype(str)
    published = stats([["N1", "0180", 2021, "T", 9.0]])
    series = annual_series(pd.concat([frame, published], ignore_index=True))[("N1", "0180", "T")]
    assert series.to_dict() == {2021: 9.0, 2022: 7.0}  # 2023 has three quarters: no value


def test_values_for_some_sexes_indicator_in_two_goals_and_near_100():
    program = _program()
    rows = [["N1", "0180", y, "K", v] for y, v in ((2019, 6.0), (2021, 5.5), (2023, 5.0))]
    rows += [["N2", "0180", y, "T", v] for y, v in ((2019, 96.0), (2021, 97.0), (2023, 98.0))]
    result = assess(program, stats(rows), empty_submissions(), 2023)
    ind = result.indicators.set_index(["goal_id", "indicator", "sex"])
    # Only women have values: their trend is rated; the total and men are not.
    assert ind.loc[("1", "N1", "K"), "trend"] == "improving"
    assert ind.loc[("1", "N1", "T"), ["light", "trend"]].tolist() == ["not_assessed", "no_trend"]
    assert ind.loc[("1", "N1", "M"), "latest_value"] is None or pd.isna(ind.loc[("1", "N1", "M"), "latest_value"])
    assert ind.loc[("1", "N1", "T"), "gap_trend"] == "no_trend"
    # N2 belongs to both goals: the same rating under each, counted once among the indicators.
    assert ind.loc[("1", "N2", "T"), "light"] == ind.loc[("2", "N2", "T"), "light"] == "green"
    assert result.summary["indicators"]["total"] == 2
    # 96 -> 98 % is rated on what is missing: 4 -> 2 points, −12,9 %/år, on track for 99 % in 2030.
    row = ind.loc[("2", "N2", "T")]
    assert (row["basis"], row["trend"]) == ("shortfall", "improving")
    assert row["rate"] == pytest.approx(0.5 ** (1 / 4) - 1)
    assert row["light_explanation"].startswith(
        "senaste värde 98,0\u00a0% (2023); andelen som saknas till gränsen: CAGR")
    assert row["latest_value"] == 98.0 and row["target_value"] == 99


def test_kolada_rule_from_the_program_peer_group():
    program = _program('peers: ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]')
    rows = [["N1", "0180", 2023, "T", 3.0]] + [["N1", f"000{i}", 2023, "T", 3.0 + i] for i in range(1, 8)]
    result = assess(program, stats(rows), empty_submissions(), 2023)
    row = result.indicators.set_index(["indicator", "sex"]).loc[("N1", "T")]
    assert (row["rule"], row["light"], row["peer_areas"], row["peers_better"]) == ("kolada", "green", 8, 0)
    assert "plats 1 av 8 i jämförelsegruppen" in row["light_explanation"]


def test_change_since_the_previous_period(small_program, statistics):
    previous = pd.DataFrame({"level": ["goal", "goal", "goal", "area"], "id": ["1.1", "1.2", "9.9", "halsa"],
                             "light": ["red", "yellow", "green", "red"],
                             "trend": ["improving", "worsening", "unchanged", "unchanged"]})
    result = assess(small_program, statistics, empty_submissions(), 2020, previous, "2019", "previous run")
    changes = result.changes
    assert changes[["goal_id", "light_before", "light", "trend_before", "trend"]].values.tolist() == [
        ["1.1", "red", "green", "improving", "improving"],
        ["1.2", "yellow", "yellow", "worsening", "unchanged"],
    ]
    assert result.summary["changes"] == {
        "previous_period": "2019", "basis": "previous run", "goals_changed": 2, "light_changed": 1,
        "trend_changed": 1, "changed_goals": ["1.1", "1.2"],
        # The previous period's counts over today's goals (9.9 is no longer in the program).
        "previous": {"goals": {"green": 0, "yellow": 1, "red": 1, "not_assessed": 0},
                     "trends": {"improving": 1, "unchanged": 0, "worsening": 1, "no_trend": 0}},
        "current": {"goals": result.summary["goals"], "trends": result.summary["trends"]}}
    assert assess(small_program, statistics, empty_submissions(), 2020).summary["changes"] is None
