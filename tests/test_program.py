import csv

import pytest
import yaml

from sources.errors import ProgramError
from sources.program import load_program, parse_program
from tests.conftest import FIXTURES

MINIMAL_DESIGN_PROGRAM = """
id: vasteras-social                 # used in output paths
name: Program för social hållbarhet
municipality: {code: "1980", name: Västerås}
language: sv
committees: {KS: Kommunstyrelsen, IFN: Individ- och familjenämnden}
rating: {trend_years: 5, trend_threshold: 0.01}   # optional overrides of the defaults below
areas:
  - id: halsa
    name: Hälsa
    goals:
      - id: "1.1"
        title: Förbättra den allmänna folkhälsan
        committees: [KS, IFN]
        indicators:
          - {id: N00957, name: "Ohälsotal, dagar", unit: dagar, direction: decrease,
             by_sex: true, target: {value: 20, year: 2030}}
          - {id: N05401, name: Valdeltagande i kommunvalet, unit: procent,
             direction: increase, reference: "0000"}
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(ProgramError) as caught:
        parse_program(yaml.safe_load(text))
    return caught.value.problems


def test_minimal_program_of_design_reads():
    program = parse_program(yaml.safe_load(MINIMAL_DESIGN_PROGRAM))
    assert program.id == "vasteras-social"
    assert [i.id for i in program.areas[0].goals[0].indicators] == ["N00957", "N05401"]
    assert program.areas[0].goals[0].indicators[0].target.value == 20
    assert program.areas[0].goals[0].indicators[1].reference == "0000"
    assert program.rating.trend_years == 5 and program.rating.on_track_ratio == 0.95


def test_bundled_vasteras_program_shape(vasteras_program):
    p = vasteras_program
    assert [a.name for a in p.areas] == [
        "Hälsa", "Utbildning", "Arbete och sysselsättning", "Bostäder",
        "Inkludering, samhandling och demokrati", "Trygghet och levande kommundelar"]
    assert len(p.goal_ids()) == 24
    assert all(goal.committees for _, goal in p.goals())
    indicators = p.indicators()
    assert len(indicators) == 48
    assert sum(i.by_sex for i in indicators.values()) == 30  # more than a third
    assert sum(i.target is not None for i in indicators.values()) == 9
    assert sum(i.reference == "0000" for i in indicators.values()) == 31


def test_bundled_indicators_are_real_kolada_ids_and_titles(vasteras_program):
    with open(FIXTURES / "kolada_kpi_metadata_vasteras.csv", encoding="utf-8") as handle:
        kolada = {row["id"]: row for row in csv.DictReader(handle)}
    for indicator in vasteras_program.indicators().values():
        assert indicator.id in kolada, indicator.id
        assert indicator.name == kolada[indicator.id]["title"]
        assert indicator.by_sex == (kolada[indicator.id]["is_divided_by_gender"] == "1")


def test_unquoted_municipality_code_keeps_leading_zero():
    text = MINIMAL_DESIGN_PROGRAM.replace('code: "1980"', "code: 180")
    assert parse_program(yaml.safe_load(text)).municipality.code == "0180"


def test_unknown_direction_is_reported_with_yaml_path():
    problems = _errors(MINIMAL_DESIGN_PROGRAM.replace("direction: decrease", "direction: down"))
    assert len(problems) == 1
    assert problems[0].startswith("areas[0].goals[0].indicators[0].direction: ogiltigt värde")
    assert "'down'" in problems[0]


def test_typo_key_is_reported_with_its_path():
    problems = _errors(MINIMAL_DESIGN_PROGRAM.replace("unit: dagar", "units: dagar"))
    assert problems == ["areas[0].goals[0].indicators[0].units: okänd nyckel (stavfel?), angivet: 'dagar'"]


def test_unknown_committee_is_reported_with_its_path():
    problems = _errors(MINIMAL_DESIGN_PROGRAM.replace("committees: [KS, IFN]", "committees: [KS, XYZ]"))
    assert problems == ["areas[0].goals[0].committees[1]: nämnden 'XYZ' finns inte under committees (IFN, KS)"]


def test_missing_name_and_threshold_out_of_range():
    text = MINIMAL_DESIGN_PROGRAM.replace("name: Program för social hållbarhet\n", "")
    text = text.replace("trend_threshold: 0.01", "trend_threshold: 2")
    problems = _errors(text)
    assert "name: obligatorisk nyckel saknas" in problems
    assert any(p.startswith("rating.trend_threshold: är för stort") for p in problems)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "trasig.yaml"
    path.write_text("id: x\nareas: [\n", encoding="utf-8")
    with pytest.raises(ProgramError) as caught:
        load_program(path)
    assert "trasig.yaml" in str(caught.value)
    assert "YAML-syntaxfel" in str(caught.value) and "rad 3" in str(caught.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ProgramError, match="filen finns inte"):
        load_program(tmp_path / "saknas.yaml")


def test_unknown_rule_and_aggregation_are_refused_with_paths():
    text = MINIMAL_DESIGN_PROGRAM.replace("rating: {trend_years: 5, trend_threshold: 0.01}",
                                          "rating: {trend_method: median, goal_aggregation: best}")
    problems = _errors(text)
    assert len(problems) == 2
    assert problems[0].startswith("rating.trend_method: ogiltigt värde; tillåtna värden: 'cagr' or 'least_squares'")
    assert problems[1].startswith("rating.goal_aggregation: ogiltigt värde")


def test_per_indicator_rule_override_is_checked_with_its_path():
    text = MINIMAL_DESIGN_PROGRAM.replace(
        'direction: increase, reference: "0000"}',
        'direction: increase, reference: "0000", rating: {light_rule: kolada, trend_threshold: 1.5}}')
    problems = _errors(text)
    assert problems == ["areas[0].goals[0].indicators[1].rating.trend_threshold: är för stort (gräns 1), angivet: 1.5"]
    text = text.replace("trend_threshold: 1.5", "trend_threshold: 0.02")
    problems = _errors(text)
    assert problems == ["areas[0].goals[0].indicators[1].rating.light_rule: Koladaregeln kräver en jämförelsegrupp "
                        "(peers) med minst 8 områden för N05401; angivna: 1"]


def test_rules_need_what_they_use():
    text = MINIMAL_DESIGN_PROGRAM.replace("rating: {trend_years: 5, trend_threshold: 0.01}",
                                          "rating: {light_rule: target, kolada_min_areas: 2}")
    problems = _errors(text)
    assert problems == ["rating.kolada_min_areas: är för litet (gräns 4), angivet: 2"]
    text = text.replace("kolada_min_areas: 2", "kolada_min_areas: 8")
    assert _errors(text) == ["rating.light_rule: regeln 'target' kräver ett målvärde (target) för N05401"]
    peers = MINIMAL_DESIGN_PROGRAM + 'peers: ["0180", "1280", "1480", "0380", "0580", "0581", "0680"]\n'
    program = parse_program(yaml.safe_load(peers.replace(
        "rating: {trend_years: 5, trend_threshold: 0.01}", "rating: {light_rule: kolada}")))
    assert program.peers_for(program.indicators()["N05401"]) == [
        "0180", "0380", "0580", "0581", "0680", "1280", "1480", "1980"]


def test_indicator_in_two_goals_must_be_defined_alike():
    data = yaml.safe_load(MINIMAL_DESIGN_PROGRAM)
    twin = dict(data["areas"][0]["goals"][0]["indicators"][1])
    data["areas"][0]["goals"].append({"id": "1.2", "title": "Demokrati", "committees": ["KS"],
                                      "indicators": [twin]})
    program = parse_program(data)
    assert [g.id for _, g in program.goals()] == ["1.1", "1.2"] and len(program.indicators()) == 2
    data["areas"][0]["goals"][1]["indicators"][0] = {**twin, "direction": "decrease"}
    with pytest.raises(ProgramError) as caught:
        parse_program(data)
    assert caught.value.problems == [
        "areas[0].goals[1].indicators[0]: nyckeltalet 'N05401' står också under areas[0].goals[0].indicators[1] "
        "men med andra uppgifter; ett nyckeltal som hör till flera mål ska ha samma uppgifter överallt"]
