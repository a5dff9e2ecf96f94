"""Feedback pages per file, the Data Docs in the same words, and protection of CSV outputs against
formula injection."""

import os

import pandas as pd

from checks.drop import check_drop, files_table
from report.document.feedback_pages import page_name, write_feedback
from report.run_folder import protect
from tests.conftest import FIXTURES


def test_a_page_per_file_with_each_issue_and_an_index(small_program, tmp_path):
    files, checked = check_drop(small_program, FIXTURES / "drop", 1990, 2026, docs_dir=tmp_path / "datadocs")
    index = write_feedback(tmp_path / "feedback", files_table(files, checked.files), checked.issues,
                           tmp_path / "datadocs")
    pages = sorted(p.name for p in (tmp_path / "feedback").glob("*.html"))
    assert len(pages) == 19 + 1
    page = (tmp_path / "feedback" / page_name("statistik_text_i_vardekolumn.csv")).read_text(encoding="utf-8")
    assert "■ Avvisad: inga rader har använts" in page
    assert "Värdet &#39;ca 41&#39; är inte ett tal." in page  # escaped, and in Swedish
    assert "<td>2</td><td>value</td><td>ca 41</td><td>värde_är_tal</td>" in page
    assert "CSV, teckenkodning utf-8, avgränsare ,, rubrik på rad 1" in page
    text = index.read_text(encoding="utf-8")
    assert 'href="statistik_kolada_ok.csv.html"' in text
    assert 'href="../datadocs/index.html"' in text
    assert (tmp_path / "datadocs" / "index.html").exists()
    # Great Expectations' Data Docs say the same in Swedish: the rule, its column and the row's message
    docs = next((tmp_path / "datadocs" / "validations" / "statistik").rglob("*.html")).read_text(encoding="utf-8")
    assert ("Regel värde_är_tal, kolumn value (fel: raden används inte). Samma meddelanden som återkopplingen "
            "per fil. 1 rad bryter mot regeln: Värdet 'ca 41' är inte ett tal.") in docs


def test_a_value_from_a_file_is_escaped_in_the_data_docs(small_program, tmp_path):
    """GX writes descriptions and unexpected values into its HTML as they are; ours are escaped."""
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    text = (FIXTURES / "drop" / "statistik_text_i_vardekolumn.csv").read_text(encoding="utf-8")
    (inbox / "statistik_text_i_vardekolumn.csv").write_text(text.replace("ca 41", "<i>ca</i> 41"), encoding="utf-8")
    os.utime(inbox / "statistik_text_i_vardekolumn.csv", (1_700_000_000, 1_700_000_000))  # settled long ago
    check_drop(small_program, inbox, 1990, 2026, docs_dir=tmp_path / "datadocs")
    docs = next((tmp_path / "datadocs" / "validations" / "statistik").rglob("*.html")).read_text(encoding="utf-8")
    assert "<i>ca</i>" not in docs
    assert docs.count("&lt;i&gt;ca&lt;/i&gt; 41") == 2  # in the message and in GX's table of unexpected values


def test_formula_injection_is_defused_in_text_columns_only():
    frame = pd.DataFrame({"message": ["=HYPERLINK(\"http://x\")", "+SUM(A1)", "@cmd", "-5", "ok"],
                          "row": [1, 2, 3, 4, 5], "value": [1.5, -2.0, 3.0, 4.0, 5.0]})
    safe = protect(frame)
    assert safe["message"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+SUM(A1)", "'@cmd", "'-5", "ok"]
    assert safe["value"].tolist() == [1.5, -2.0, 3.0, 4.0, 5.0]
    assert safe["row"].tolist() == [1, 2, 3, 4, 5]


def test_received_times_are_swedish_local_time():
    from checks.feedback import local_time

    assert local_time("2024-02-03T10:15:00+00:00") == "2024-02-03 11:15"  # CET in winter
    assert local_time("2024-07-01T10:15:00+00:00") == "2024-07-01 12:15"  # CEST in summer
    assert local_time("") == "" and local_time(None) == ""


def test_the_status_line_never_says_more_than_is_true(small_program, tmp_path):
    files, checked = check_drop(small_program, FIXTURES / "drop", 1990, 2026)
    index = write_feedback(tmp_path / "feedback", files_table(files, checked.files), checked.issues)
    page = (tmp_path / "feedback" / page_name("statistik_dubbletter_lika_varden.csv")).read_text(encoding="utf-8")
    assert "▲ Delvis använd: 2 rader: 1 används, 1 lagd åt sidan (se noteringarna)." in page
    ok = (tmp_path / "feedback" / page_name("statistik_kolada_ok.csv")).read_text(encoding="utf-8")
    assert "✓ Accepterad: alla 7 rader har använts; se noteringarna nedan." in ok
    assert index.exists()
