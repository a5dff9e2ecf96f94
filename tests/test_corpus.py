"""The hostile corpus: every broken file gets its clear issue and nothing stops the run."""

import hashlib
import os

import pytest

from checks.drop import check_drop
from sources.intake import take_in
from sources.readers import read_source
from tests.conftest import FIXTURES
from tests.helpers import assert_issues_equal

CORPUS = FIXTURES / "corpus"


@pytest.fixture(scope="module")
def checked(small_program):
    return check_drop(small_program, CORPUS, 1990, 2026)


def test_corpus_has_at_least_40_cases():
    assert len(list(CORPUS.iterdir())) + 1 >= 40  # + the 200 MB file the test below makes


def test_every_file_gets_exactly_its_expected_issues(checked):
    _, result = checked
    assert_issues_equal(result.issues, FIXTURES / "corpus_expected_issues.csv")


def test_every_file_is_accounted_for(checked):
    files, result = checked
    listed = set(result.files["file"]) | set(result.issues["file"])
    assert len(files) == 50  # the Excel lock file is reported, not read
    assert "~$46_excel_lasfil.xlsx" in listed
    assert all(f.name in listed for f in files)
    summary = result.files.set_index("file")
    assert (summary["accepted"] + summary["rejected"] + summary["set_aside"] == summary["rows"]).all()


def test_values_from_awkward_but_valid_files(checked):
    _, result = checked
    stats = result.statistics.set_index("file")
    assert stats.loc["10_tusental_med_hart_mellanslag.csv", "value"] == 1234.5
    assert stats.loc["25_utf16_tabbavgransad.txt", ["gender", "value"]].tolist() == ["K", 30.5]
    assert stats.loc["27_kommunkod_utan_nolla.csv", "area"] == "0180"
    assert stats.loc["37_kolada_api.json", ["indicator", "area", "period", "value"]].tolist() == [
        "N00945", "0180", "2014", 38.61]
    assert stats.loc["45_kvartal_2023K2.csv", ["period", "quarter"]].tolist() == ["2023-Q2", 2]
    assert stats.loc["44_rubrik_pa_rad_5.csv", "value"] == 25.9
    px = stats.loc["47_pxweb_N05401_region_med_namn.csv"]
    assert px[["indicator", "area", "period", "value"]].values.tolist() == [
        ["N05401", "0180", "2014", 82.1], ["N05401", "0180", "2022", 82.5]]
    formula = stats.loc[["08_formler_i_stallet_for_varden.xlsx"]]
    assert formula[["period", "value"]].values.tolist() == [["2020", 40.8]]  # the formula row is not used
    subs = result.submissions.set_index("file")
    assert subs.loc["17_nul_i_kommentar.csv", "comment"] == "Nul här"
    assert subs.loc["18_makro.xlsm", "assessment"] == "yellow"  # data read, macro not run


def test_messages_say_what_to_do(checked):
    _, result = checked
    message = result.issues.set_index("file")["message"]
    assert "XML-bomb" in message["19_xml_bomb.xlsx"]
    assert "zip-bomb" in message["20_zip_bomb.xlsx"]
    assert "Klistra in special → Värden" in message["08_formler_i_stallet_for_varden.xlsx"]
    assert "Dela upp dem så att varje kolumn har en egen rubrik" in message["07_sammanslagna_rubrikceller.xlsx"]
    assert "makron" in message["18_makro.xlsm"] and "inte körts" in message["18_makro.xlsm"]


def test_unsafe_file_names_stay_inside_the_archive(tmp_path):
    files, issues = take_in(CORPUS, tmp_path / "archive")
    archive = (tmp_path / "archive").resolve()
    for f in files:
        assert f.archived.resolve().is_relative_to(archive)
        assert "\u202e" not in f.name and "\\" not in f.name
    renamed = [i for i in issues if i.rule == "filnamn"]
    assert [i.file for i in renamed] == ["22_.._.._utanför_arkivet.csv", "23_rtl__vsc.exe.csv"]


def test_a_200_mb_csv_is_archived_whole_but_not_read(tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    big = inbox / "21_stor_fil_200_MB.csv"
    with open(big, "wb") as handle:
        handle.write(b"kpi,municipality_id,year,value\n")
        handle.truncate(200 * 1024 * 1024)
    files, _ = take_in(inbox, tmp_path / "archive")
    assert files[0].size == os.path.getsize(big) == 200 * 1024 * 1024
    digest = hashlib.sha256()
    with open(files[0].archived, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    assert digest.hexdigest() == files[0].sha256
    result = read_source(files[0].archived, files[0].name)
    assert [(i.rule, i.severity) for i in result.issues] == [("filstorlek", "fel")]
    assert "200 MB" in result.issues[0].message and result.frames == {}
