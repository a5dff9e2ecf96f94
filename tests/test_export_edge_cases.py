"""Exports a statistician may drop that look almost like the ordinary ones, each read as the
source means it or said out loud: never a value read wrong without a word. Each test writes one
small file and checks it against tests/fixtures/program_exports.yaml (Täby, 0160) for 2023."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from checks.drop import check_drop, feedback_lines
from sources.program import load_program
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def program():
    return load_program(FIXTURES / "program_exports.yaml")


@pytest.fixture
def drop(program, tmp_path):
    def run(files: dict[str, bytes | str]):
        inbox = tmp_path / "inkorg"
        inbox.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("cp1252") if isinstance(content, str) else content
            (inbox / name).write_bytes(data)
        return check_drop(program, inbox, 1990, 2026, period="2023")[1]
    return run


def rules(checked) -> list[tuple[str, str]]:
    return [(i.rule, i.severity) for i in checked.issues.itertuples()]


def message(checked, rule: str) -> str:
    found = checked.issues[checked.issues["rule"] == rule]["message"].tolist()
    assert len(found) == 1, (rule, found)
    return found[0]


def values(checked, area: str = "0160") -> list:
    rows = checked.statistics[checked.statistics["area"] == area].sort_values(["gender", "year"])
    return rows[["indicator", "period", "gender", "value"]].values.tolist()


def px(*lines: str) -> bytes:
    return "\r\n".join(['CHARSET="ANSI";', 'LANGUAGE="sv";', 'MATRIX="BE0101N1";', *lines, ""]).encode("cp1252")


def test_a_table_whose_content_the_file_cannot_confirm_is_used_with_a_warning_quoting_its_title(drop):
    # BE0101N1 holds Folkmängd and Folkökning; a PX-Web CSV has no content codes.
    checked = drop({"BE0101N1_20240221-090000.csv": '"Folkökning efter region och år"\r\n\r\n'
                    '"region","2022","2023"\r\n"00 Riket",69230,30151\r\n"0160 Täby",770,532\r\n'})
    assert message(checked, "nyckeltal_från_källa") == (
        "Filen har ingen kolumn för nyckeltal; 4 värden har lästs som folkmangd (Folkmängd 31 december) eftersom "
        "programmets source anger SCB-tabell BE0101N1 (i filens namn). Filen visar inte vilket innehåll tabellen "
        "har, så det går inte att se att det är SCB-innehåll BE0101N1. Filens rubrik är 'Folkökning efter region "
        "och år'. Kontrollera att värdena är Folkmängd 31 december. En fil som har tabellinnehållets kod (en PX-fil "
        "med variabeln tabellinnehåll, eller SCB:s API) bekräftar det; har tabellen bara ett innehåll kan content "
        "tas bort ur source i programfilen.")
    assert ("nyckeltal_från_källa", "varning") in rules(checked)


def test_another_content_of_the_table_is_set_aside_not_rejected(drop):
    checked = drop({"folk.px": px(
        'CONTVARIABLE="tabellinnehåll";', 'STUB="region";', 'HEADING="tabellinnehåll","år";',
        'VALUES("region")="Riket","Täby";', 'VALUES("tabellinnehåll")="Folkmängd","Folkökning";',
        'VALUES("år")="2022","2023";', 'CODES("region")="00","0160";',
        'CODES("tabellinnehåll")="BE0101N1","BE0101N2";', 'TIMEVAL("år")=TLIST(A1),"2022","2023";',
        "DATA=", "100 101 5 1", "1000 1001 50 10;")})
    assert values(checked) == [["folkmangd", "2022", "T", 1000.0], ["folkmangd", "2023", "T", 1001.0]]
    assert message(checked, "annat_nyckeltal").startswith(
        "SCB-innehållet BE0101N2 i tabell BE0101N1: 4 värden hör inte till något nyckeltal i programmet och "
        "används inte")
    assert "fel" not in {severity for _, severity in rules(checked)}


def test_a_cube_variable_with_one_category_that_is_no_total_is_not_used_as_the_total(drop):
    checked = drop({"folk.px": px('STUB="region","ålder";', 'HEADING="år";', 'VALUES("region")="Täby";',
                                  'VALUES("ålder")="20-64 år";', 'VALUES("år")="2022","2023";',
                                  'CODES("region")="0160";', "DATA=", "40799 41091;")})
    assert checked.statistics.empty
    assert message(checked, "annan_indelning") == (
        "Kolumnen 'ålder' har bara kategorin '20-64 år', så filens värden gäller den kategorin och inte totalen; "
        "inget av filens 2 värden har använts. Gäller nyckeltalet den kategorin, ange den under nyckeltalet i "
        'programfilen: source: {select: {ålder: "20-64 år"}}; annars ta ut tabellen med totalen.')
    assert ("annan_indelning", "varning") in rules(checked)


def test_a_constant_column_of_a_csv_is_used_with_a_warning_that_it_may_be_a_category(drop):
    # A CSV's constant column is as often a department or a description as a category the table
    # was cut to: the values are used, and the warning says what to do if it is a category.
    checked = drop({"BE0101N1_20240221-083000.csv": '"Folkmängden efter region, ålder, kön och år"\r\n\r\n'
                    '"region","ålder","kön","2022","2023"\r\n"0160 Täby","20-64 år","män",20155,20299\r\n'
                    '"0160 Täby","20-64 år","kvinnor",20644,20792\r\n'})
    assert len(checked.statistics) == 4
    assert message(checked, "en_kategori") == (
        "Kolumnen 'ålder' har värdet '20-64 år' på alla rader och har inte lästs; värdena har använts som "
        "nyckeltalets. Är det en kategori som tabellen är begränsad till (t.ex. en åldersgrupp), gäller de bara "
        "'20-64 år': ta då ut tabellen med totalen, eller ange kategorin under nyckeltalet i programfilen (source: "
        '{select: {ålder: "20-64 år"}}) så att det syns att den är vald.')
    descriptive = drop({"egen.csv": "Kommun;Förvaltning;Nyckeltal;År;Värde\r\n"
                        "0160;Kultur- och fritidsförvaltningen;N05401;2022;87,5\r\n"})
    own = descriptive.issues[descriptive.issues["file"] == "egen.csv"]
    assert "en_kategori" not in set(own["rule"]) and len(own) > 0


def test_a_file_that_only_mentions_scb_reads_a_dash_as_missing(drop):
    checked = drop({"biblioteket.csv": "Kommun;År;Andel nöjda besökare (%)\r\n0160;2021;84\r\n0160;2022;-\r\n"
                    "0160;2023;86\r\n\r\nBesökare per invånare beräknat med folkmängd från SCB.\r\n"})
    assert values(checked) == [["nojda_besokare", "2021", "T", 84.0], ["nojda_besokare", "2023", "T", 86.0]]
    assert "men filen säger inte att den kommer från SCB" in message(checked, "saknat_värde")


def test_a_column_source_names_the_column_exactly(drop):
    checked = drop({"biblioteket.csv": "År;Kommun;Andel nöjda besökare (antal svar)\r\n2023;Täby;1310\r\n"})
    assert checked.statistics.empty
    assert ("nyckeltal_ifyllt", "fel") in rules(checked)


def test_a_sex_code_that_contradicts_its_label_is_rejected(drop):
    checked = drop({"folk.px": px('STUB="region","kön";', 'HEADING="år";', 'VALUES("region")="Täby";',
                                  'VALUES("kön")="kvinnor","män";', 'VALUES("år")="2023";',
                                  'CODES("region")="0160";', 'CODES("kön")="1","2";', "DATA=", "37804", "36908;")})
    assert checked.statistics.empty
    assert checked.issues[checked.issues["rule"] == "känt_kön"]["value"].tolist() == ["1 kvinnor", "2 män"]


@pytest.mark.parametrize("broken", [{"size": [1, None]}, {"dimension": []}, {"role": ["time"]},
                                    {"dimension": {"Region": "x", "Tid": "y"}}])
def test_a_malformed_jsonstat_answer_is_refused_with_a_message_not_a_crash(drop, broken):
    document = {"class": "dataset", "version": "2.0", "id": ["Region", "Tid"], "size": [1, 1],
                "dimension": {"Region": {"category": {"index": ["0160"]}}, "Tid": {"category": {"index": ["2023"]}}},
                "value": [5], "role": {"time": ["Tid"], "geo": ["Region"]}, **broken}
    checked = drop({"api.json": json.dumps(document).encode("utf-8")})
    file_issues = checked.issues[checked.issues["file"] == "api.json"]
    assert file_issues[["rule", "severity"]].values.tolist() == [["känd_tabell", "fel"]]
    assert file_issues["message"].iloc[0].startswith("JSON-stat-filen följer inte formatet")


def test_feedback_keeps_each_different_message_of_one_rule(drop):
    header = "kpi,municipality_id,year,gender,value\n"
    checked = drop({"a_kolada.csv": (header + "N00957,0160,2022,T,\nN00957,0160,2023,T,\n").encode(),
                    "b_kolada.csv": (header + "N00957,0160,2022,T,17.9\n").encode(),
                    "c_kolada.csv": (header + "N00957,0160,2023,T,17.4\n").encode()})
    lines = "\n".join(feedback_lines(checked))
    assert "har ett värde i filen b_kolada.csv" in lines and "har ett värde i filen c_kolada.csv" in lines


def test_a_footnote_in_the_second_cell_is_no_data(drop):
    checked = drop({"ME0104T4_20231201-101500.csv": '"Valdeltagande i riksdagsval efter region och valår"\r\n\r\n'
                    '"region","2018","2022"\r\n"0160 Täby",91.4,89.8\r\n\r\n'
                    ',"Fotnot: Valdeltagande i procent av antalet röstberättigade."\r\n'})
    assert checked.files[["rows", "accepted", "rejected"]].values.tolist() == [[2, 2, 0]]
    assert ("textrad", "notering") in rules(checked)


def test_monthly_columns_are_found_and_refused_as_months(drop):
    checked = drop({"BE0101N1_20240221-090000.csv": '"Folkmängden efter region och månad"\r\n\r\n'
                    '"region","2023M01","2023M02"\r\n"0160 Täby",74500,74600\r\n'})
    errors = checked.issues[checked.issues["rule"] == "period_format"]
    assert errors["column"].tolist() == ["2023M01", "2023M02"]
    assert errors["message"].iloc[0].startswith("Perioden '2023M01' är en månad; uppföljningen görs per år eller "
                                                "kvartal")


def test_a_county_code_beside_the_municipality_is_not_the_area(drop):
    checked = drop({"valdeltagande.csv": "Länskod;Län;Kommun;Nyckeltal;År;Värde\r\n"
                    "01;Stockholms län;Täby;N05401;2022;87,5\r\n"})
    assert values(checked) == [["N05401", "2022", "T", 87.5]]


def test_pxweb_excel_writes_each_outer_category_once(drop):
    book = Workbook()
    sheet = book.active
    sheet.title = "BE0101N1"
    for row in [["Folkmängden efter kön, region och år"], [], ["kön", "region", "2022", "2023"],
                ["män", "00 Riket", 5197649, 5212543], [None, "0160 Täby", 36645, 36908],
                ["kvinnor", "00 Riket", 5323907, 5339164], [None, "0160 Täby", 37535, 37804]]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    checked = drop({"BE0101N1_20240221-090000.xlsx": data.getvalue()})
    assert values(checked) == [["folkmangd", "2022", "K", 37535.0], ["folkmangd", "2023", "K", 37804.0],
                               ["folkmangd", "2022", "M", 36645.0], ["folkmangd", "2023", "M", 36908.0]]
    assert message(checked, "värde_ovanför") == (
        "Tomma celler i kolumnen 'kön' har lästs som värdet ovanför, så som PX-Web:s Excel-export skriver varje "
        "kategori bara på gruppens första rad (rad 5, 7).")


def test_a_second_heading_variable_is_sex_only_when_every_label_is(drop):
    checked = drop({"BE0101N1_20240221-090000.csv": '"Folkmängden efter region, utbildningsnivå och år"\r\n\r\n'
                    '"region","2023 förgymnasial","2023 gymnasial","2023 samtliga"\r\n"0160 Täby",10,20,60\r\n'})
    assert values(checked) == [["folkmangd", "2023", "T", 60.0]]
    assert message(checked, "annan_indelning").startswith(
        "Kolumnen 'kolumnrubrikens tillägg' delar upp värdena; 1 värde för samtliga används och 2 för andra "
        "kategorier (förgymnasial, gymnasial) har lagts åt sidan.")


def test_a_utf8_px_file_that_says_ansi_is_read_as_utf8(drop):
    checked = drop({"folk.px": px('STUB="region";', 'HEADING="år";', 'VALUES("region")="Täby";',
                                  'VALUES("år")="2023";', 'CODES("region")="0160";', "DATA=", "74712;")
                    .decode("cp1252").encode("utf-8")})
    assert values(checked) == [["folkmangd", "2023", "T", 74712.0]]


def test_numbers_no_statistic_has_are_no_numbers_and_stop_nothing(drop):
    checked = drop({"N00957_x.csv": "kpi;municipality_id;year;value\r\nN00957;0160;2023;1e999999999\r\n"
                    "N00957;0160;2022;Infinity\r\nN00957;0160;2021;17,9\r\n",
                    "api.json": json.dumps({
                        "class": "dataset", "id": ["Region", "Tid"], "size": [1, 1],
                        "dimension": {"Region": {"category": {"index": ["0000"]}},
                                      "Tid": {"category": {"index": ["2023"]}}},
                        "value": [1e400], "role": {"time": ["Tid"], "geo": ["Region"]},
                        "extension": {"px": {"tableid": "BE0101N1"}}}).encode("utf-8")})
    assert values(checked) == [["N00957", "2021", "T", 17.9]]
    rejected = checked.issues[checked.issues["rule"] == "värde_är_tal"]
    assert rejected[["file", "row"]].values.tolist() == [["N00957_x.csv", 2], ["N00957_x.csv", 3], ["api.json", 1]]


def test_a_blank_sex_in_a_csv_with_a_column_per_year_is_still_the_total(drop):
    checked = drop({"N00957_ohalsotal.csv": "Kommun;Kön;2022;2023\r\n0160;K;21,0;20,4\r\n0160;M;15,0;14,4\r\n"
                    "0160;;17,9;17,4\r\n"})
    assert [row[2] for row in values(checked)] == ["K", "K", "M", "M", "T", "T"]
    assert "värde_ovanför" not in {rule for rule, _ in rules(checked)}
