import pytest
from openpyxl import Workbook

from sources.columns import normalise_area, normalise_header, normalise_period
from sources.readers import read_source
from tests.conftest import FIXTURES

DROP = FIXTURES / "drop"


@pytest.mark.parametrize("text, expected", [
    ("2023", "2023"), ("2023.0", "2023"), ("2023K2", "2023-Q2"), ("2023-Q4", "2023-Q4"),
    ("2023 kv 1", "2023-Q1"), ("20x3", "20x3"),
])
def test_normalise_period(text, expected):
    assert normalise_period(text) == expected


def test_area_codes_keep_leading_zero_and_headers_normalise():
    assert normalise_area("180") == "0180"
    assert normalise_area("0") == "0000"
    assert normalise_area("1980") == "1980"
    assert normalise_area("Skiftinge") == "Skiftinge"
    assert normalise_header("Bedömning (grön/gul/röd)") == "bedömning"
    assert normalise_header(" Mål-id ") == "mål_id"


def test_kolada_csv_is_read_with_provenance():
    result = read_source(DROP / "statistik_kolada_ok.csv")
    frame = result.frames["statistics"]
    assert [(i.rule, i.severity, i.value) for i in result.issues] == [
        ("kolumn_används_inte", "notering", "'count', 'municipality', 'municipality_type'")]
    assert result.kind == "statistics"
    assert len(frame) == 7
    first = frame.iloc[0]
    assert (first["indicator"], first["area"], first["period"], first["gender"], first["value"]) == (
        "N00945", "0180", "2015", "T", "39.09")
    assert (first["file"], first["sheet"], first["row"]) == ("statistik_kolada_ok.csv", "", 2)
    assert result.headers[("", "area")] == "municipality_id"


def test_swedish_excel_csv_cp1252_semicolon_decimal_comma():
    result = read_source(DROP / "statistik_excel_cp1252_ok.csv")
    frame = result.frames["statistics"]
    assert result.details == {"format": "CSV", "encoding": "cp1252", "separator": ";", "header_row": 1}
    assert list(frame["gender"]) == ["K", "M", "T", "T"]
    assert list(frame["area"]) == ["0180", "0180", "0180", "0000"]
    assert list(frame["value"]) == ["28.4", "20.1", "24.2", "1024.5"]
    assert result.headers[("", "period")] == "År"


def test_pxweb_wide_layout_is_melted_one_row_per_year():
    result = read_source(DROP / "statistik_pxweb_bred_ok.csv")
    frame = result.frames["statistics"]
    assert result.details["encoding"] == "utf-8-sig"
    assert frame[["area", "period", "value"]].values.tolist() == [
        ["0180", "2018", "84.1"], ["0180", "2022", "82.5"], ["0000", "2018", "87.2"], ["0000", "2022", "84.2"]]


def test_submission_workbook_with_title_rows(tmp_path):
    result = read_source(DROP / "inrapportering_ks_ok.xlsx")
    frame = result.frames["submissions"]
    assert list(frame["row"]) == [4, 5]  # header on row 3 under two title rows
    assert frame.iloc[1][["goal", "committee", "period", "assessment", "trend"]].tolist() == [
        "1.2", "KS", "2020", "red", "worsening"]
    assert result.headers[("Inrapportering", "assessment")] == "Bedömning"


def test_not_a_workbook_empty_file_and_unknown_type_give_issues_not_exceptions():
    for name, words in [("inte_en_arbetsbok.xlsx", "Excel-arbetsbok"), ("tom_fil.csv", "tom"),
                        ("rapport.pdf", "Filtypen '.pdf'")]:
        result = read_source(DROP / name)
        assert result.frames == {}
        assert len(result.issues) == 1
        assert result.issues[0].rule == "läsbar_fil"
        assert words in result.issues[0].message


def test_unrecognised_sheet_is_reported_and_template_sheets_are_not(tmp_path):
    book = Workbook()
    book.active.title = "Inrapportering"
    book.active.append(["Mål-id", "Nämnd", "Bedömning"])
    book.active.append(["1.1", "KS", "gul"])
    book.create_sheet("Instruktioner")["A1"] = "Fyll i bedömningen."
    notes = book.create_sheet("Anteckningar")
    notes.append(["Vad", "Vem"])
    notes.append(["Möte", "Anna"])
    path = tmp_path / "inrapportering.xlsx"
    book.save(path)
    result = read_source(path)
    assert len(result.frames["submissions"]) == 1
    assert [(i.sheet, i.rule, i.severity) for i in result.issues] == [("Anteckningar", "känd_tabell", "varning")]
