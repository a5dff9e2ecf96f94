import csv
import os

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


def test_codes_and_ids_are_read_as_written_in_the_program_file(tmp_path):
    """YAML reads an unquoted 0160 as the octal number 112 (Täby would become 0112) and 1.10 as 1.1."""
    text = (MINIMAL_DESIGN_PROGRAM.replace('code: "1980", name: Västerås', "code: 0160, name: Täby")
            .replace("rating:", "peers: [0114, 0123, 0160, 0163]\nrating:")
            .replace('id: "1.1"', "id: 1.10").replace('reference: "0000"', "reference: 0000")
            .replace("committees: {KS: Kommunstyrelsen,", "committees: {ON: Omsorgsnämnden, KS: Kommunstyrelsen,"))
    path = tmp_path / "program.yaml"
    path.write_text(text, encoding="utf-8")
    program = load_program(path)
    assert program.municipality.code == "0160"
    assert program.peers == ["0114", "0123", "0160", "0163"]  # not 0076, 0083, 0112, 0115 (Vallentuna)
    assert program.goal_ids() == ["1.10"]
    assert program.indicators()["N05401"].reference == "0000"
    assert list(program.committees) == ["ON", "KS", "IFN"]  # YAML 1.1 would read ON as true
    assert yaml.safe_load(text)["municipality"]["code"] == 112  # what plain YAML makes of it


def test_an_unknown_kolada_id_is_a_warning_naming_the_nearest_ids(tmp_path):
    from sources.kolada import program_issues

    program = parse_program(yaml.safe_load(MINIMAL_DESIGN_PROGRAM.replace("id: N00957", "id: N0957")))
    issues = program_issues(program, "program.yaml")
    assert [(i.file, i.rule, i.severity, i.value) for i in issues] == [
        ("program.yaml", "känt_kolada_id", "varning", "N0957")]
    assert issues[0].message.startswith("Nyckeltalet N0957 (Ohälsotal, dagar) finns inte bland Koladas nyckeltal; "
                                        "närmast är N00957 Ohälsotal, dagar")
    assert program_issues(parse_program(yaml.safe_load(MINIMAL_DESIGN_PROGRAM)), "program.yaml") == []


def test_check_names_the_unknown_kolada_id_and_the_program_id_beside_the_statistics(tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    program = tmp_path / "program.yaml"
    program.write_text((FIXTURES / "program_small.yaml").read_text(encoding="utf-8").replace(
        "id: N00957", "id: N0957"), encoding="utf-8")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "statistik.csv").write_text("kpi,municipality_id,year,gender,value\nN00957,0180,2023,T,24.3\n",
                                         encoding="utf-8")
    os.utime(inbox / "statistik.csv", (0, 0))  # older than the settle time
    result = CliRunner().invoke(app, ["check", "--program", str(program), "--inbox", str(inbox),
                                      "--feedback", str(tmp_path / "fb")])
    assert "program.yaml: [varning] Nyckeltalet N0957 (Ohälsotal, dagar) finns inte bland Koladas nyckeltal; " \
           "närmast är N00957" in result.output
    assert "Programmet har N0957, som liknar det" in result.output


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


# Districts, grants and combined programs (issue 7): each has a default, so the minimal program
# above still reads, and each refuses what it cannot use with the YAML path.

def _with(extra: str, replace: tuple[str, str] | None = None) -> str:
    text = MINIMAL_DESIGN_PROGRAM.replace("areas:\n", extra + "areas:\n", 1)
    return text.replace(*replace) if replace else text


def test_new_keys_default_to_nothing():
    program = parse_program(yaml.safe_load(MINIMAL_DESIGN_PROGRAM))
    assert (program.districts, program.grants, program.parts) == ([], [], [])
    assert program.areas[0].part is None
    assert not any(indicator.by_district for indicator in program.indicators().values())


def test_districts_and_grants_read():
    program = parse_program(yaml.safe_load(_with(
        "districts: [{code: 0484R001, name: Skiftinge}, {code: 0484R002, name: Årby}]\n"
        "grants: [{name: Utvecklingsanslag, committee: KS, goals: ['1.1'], budget: {2023: 6000},"
        " plan: {2025: 6000, 2024: 5500}}]\n",
        ("by_sex: true,", "by_sex: true, by_district: true,"))))
    assert program.district_names() == {"0484R001": "Skiftinge", "0484R002": "Årby"}
    assert program.grants[0].unit == "tkr"
    assert program.grants[0].amounts() == {2023: ("budget", 6000.0), 2024: ("plan", 5500.0), 2025: ("plan", 6000.0)}
    assert program.indicators()["N00957"].by_district


@pytest.mark.parametrize(("extra", "replace", "expected"), [
    ("", ("by_sex: true,", "by_sex: true, by_district: true,"),
     "areas[0].goals[0].indicators[0].by_district: programmet har inga stadsdelar; lägg till dem under "
     "districts eller ta bort by_district"),
    ("districts: [{code: '1980', name: Centrum}]\n", None,
     "districts: en stadsdel kan inte ha kommunens egen kod 1980"),
    ("districts: [{code: A1, name: X}, {code: A1, name: Y}]\n", None, "districts: A1 står två gånger"),
    ("grants: [{name: Anslag}]\n", None,
     "grants[0]: anslaget 'Anslag' saknar belopp: ange budget eller plan (år: belopp)"),
    ("grants: [{name: Anslag, budget: {2024: 1}, plan: {2024: 2}}]\n", None,
     "grants[0]: anslaget 'Anslag': år 2024 står under både budget och plan; ange varje år en gång"),
    ("grants: [{name: Anslag, committee: XN, budget: {2024: 1}}]\n", None,
     "grants[0].committee: nämnden 'XN' finns inte under committees"),
    ("grants: [{name: Anslag, goals: ['9.9'], budget: {2024: 1}}]\n", None,
     "grants[0].goals: målen 9.9 finns inte i programmet"),
    ("parts: [{id: social, name: Social}]\n", None,
     "areas[0].part: ange vilket program målområdet hör till (social); angivet: None"),
])
def test_new_keys_refuse_what_they_cannot_use(extra, replace, expected):
    assert expected in _errors(_with(extra, replace))


def _program_file(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_includes_combine_programs_into_parts(tmp_path):
    _program_file(tmp_path, "social.yaml", MINIMAL_DESIGN_PROGRAM.replace("rating:", "peers: ['0180']\nrating:"))
    eco = (MINIMAL_DESIGN_PROGRAM.replace("id: vasteras-social", "id: vasteras-eko")
           .replace("Program för social hållbarhet", "Program för ekologisk hållbarhet")
           .replace("id: halsa", "id: klimat").replace('"1.1"', '"E1.1"')
           .replace("{KS: Kommunstyrelsen, IFN: Individ- och familjenämnden}",
                    "{KS: Kommunstyrelsen, IFN: Individ- och familjenämnden, TN: Tekniska nämnden}")
           .replace("id: N00957", "id: N00401").replace("id: N05401", "id: N85073")
           .replace("trend_threshold: 0.01", "trend_threshold: 0.02"))
    _program_file(tmp_path, "eko.yaml", eco)
    combined = _program_file(tmp_path, "combined.yaml", "id: hallbarhet\nname: Hållbarhetsprogrammen\n"
                             "municipality: {code: '1980', name: Västerås}\nincludes: [eko.yaml, social.yaml]\n")
    program = load_program(combined)
    assert [(part.id, part.name) for part in program.parts] == [
        ("vasteras-eko", "Program för ekologisk hållbarhet"), ("vasteras-social", "Program för social hållbarhet")]
    assert [(area.id, area.part) for area in program.areas] == [
        ("klimat", "vasteras-eko"), ("halsa", "vasteras-social")]
    assert program.goal_ids() == ["E1.1", "1.1"]
    assert sorted(program.committees) == ["IFN", "KS", "TN"]
    indicators = program.indicators()
    # the ecological program's own threshold and the social program's peer group travel with their indicators
    assert program.settings_for(indicators["N00401"]).trend_threshold == 0.02
    assert program.settings_for(indicators["N00957"]).trend_threshold == 0.01
    assert program.peers_for(indicators["N00957"]) == ["0180", "1980"]
    assert program.peers_for(indicators["N00401"]) == ["1980"]


def test_includes_refuse_programs_that_do_not_fit_together(tmp_path):
    _program_file(tmp_path, "social.yaml", MINIMAL_DESIGN_PROGRAM)
    _program_file(tmp_path, "other.yaml", MINIMAL_DESIGN_PROGRAM.replace("id: vasteras-social", "id: annan")
                  .replace('"1980"', '"0180"').replace("IFN: Individ- och familjenämnden", "IFN: Socialnämnden")
                  .replace("id: halsa", "id: halsa2").replace('"1.1"', '"A1"'))
    combined = _program_file(tmp_path, "combined.yaml", "id: hallbarhet\nname: Båda\n"
                             "municipality: {code: '1980', name: Västerås}\n"
                             "includes: [social.yaml, other.yaml, saknas.yaml]\n")
    with pytest.raises(ProgramError) as raised:
        load_program(combined)
    assert raised.value.problems == [
        "includes[1] (other.yaml): kommunkoden 0180 skiljer sig från 1980",
        "includes[1] (other.yaml).committees.IFN: 'Socialnämnden' men 'Individ- och familjenämnden' i ett "
        "annat program; samma förkortning ska ha samma namn",
        "includes[2] (saknas.yaml): filen finns inte; ange sökvägen till programfilen",
    ]
    assert str(combined) in str(raised.value)
