import datetime as dt
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from checks.drop import check_drop, files_table
from report.context import ReportContext
from report.document.builder import build_document, save_document
from report.document.figures import render_charts
from report.document.sections import SECTIONS
from report.method.assess import assess
from tests.conftest import FIXTURES

# C0 control characters but tab and newline (which python-docx reads from <w:tab/> and <w:br/>), DEL and the C1
# controls: none belongs in a report. XML refuses most C0 ones outright; DEL and C1 are valid XML, so only
# cleaning keeps them out.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def document_path(small_program, tmp_path_factory):
    folder = tmp_path_factory.mktemp("doc")
    files, checked = check_drop(small_program, FIXTURES / "drop", 1990, 2026)
    subs = checked.submissions.copy()
    subs.loc[0, "comment"] = "Bra\x00 arbete\x0b under\x7f året."  # control characters from a workbook
    assessment = assess(small_program, checked.statistics, subs, 2020)
    context = ReportContext(program=small_program, year=2020, assessment=assessment, submissions=subs,
                            issues=checked.issues, files=files_table(files, checked.files),
                            charts=render_charts(small_program, checked.statistics, folder / "diagram"),
                            generated=dt.date(2021, 3, 1))
    return save_document(build_document(context, SECTIONS), folder / "rapport.docx"), assessment


def with_control_characters(document) -> list[str]:
    """Every text in the document (body with its tables, headers, footers, alt texts, properties) that holds a
    control character."""
    parts = [document.element.body]
    for section in document.sections:
        for story in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                      section.even_page_header, section.even_page_footer):
            if not story.is_linked_to_previous:  # (reading a linked one would add it)
                parts.append(story._element)
    texts = [t.text or "" for part in parts for t in part.iter(qn("w:t"))]
    texts += [d.get(name) or "" for d in document.element.body.iter(qn("wp:docPr")) for name in ("descr", "title")]
    properties = document.core_properties
    texts += [properties.title or "", properties.subject or "", properties.author or ""]
    return [t for t in texts if CONTROL.search(t)]


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_outline_and_title_page(document_path):
    document = Document(document_path[0])
    assert headings(document, 1) == ["Sammanfattning", "Så läser du rapporten", "Hälsa", "Demokrati", "Analys",
                                     "Analys och åtgärder", "Bilaga 1. Metod", "Bilaga 2. Datakvalitet",
                                     "Bilaga 3. Källor", "Bilaga 4. Mätbarhet"]
    texts = [p.text for p in document.paragraphs]
    assert "Testprogram för social hållbarhet" in texts
    assert "Uppföljning 2020" in texts
    assert "Datum: 1 mars 2021" in texts
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == "Uppföljning 2020: Testprogram för social hållbarhet"
    assert document.core_properties.author == "Stockholm"


def test_summary_counts_in_words_and_table(document_path):
    document = Document(document_path[0])
    summary = document_path[1].summary
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Av 3 mål bedöms") for t in texts)
    lights, trends = document.tables[0], document.tables[1]
    assert [c.text for c in lights.rows[0].cells] == ["Målområde", "Mål", "● Grön", "▲ Gul", "■ Röd", "○ Ej bedömd"]
    assert [c.text for c in trends.rows[0].cells] == [
        "Målområde", "Mål", "↑ Förbättras", "→ Oförändrad", "↓ Försämras", "– Ingen trend"]
    total = [c.text for c in lights.rows[-1].cells]
    assert total[:2] == ["Totalt", "3"]
    assert [int(x) for x in total[2:]] == [summary["goals"][k] for k in ("green", "yellow", "red", "not_assessed")]
    total = [c.text for c in trends.rows[-1].cells]
    assert [int(x) for x in total[2:]] == [summary["trends"][k] for k in ("improving", "unchanged", "worsening",
                                                                          "no_trend")]
    assert lights.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_goal_table_cells_carry_word_and_symbol(document_path):
    document = Document(document_path[0])
    goal_tables = [t for t in document.tables if len(t.columns) == 6 and t.rows[0].cells[0].text == "Mål"
                   and t.rows[0].cells[2].text == "Bedömning"]
    assert len(goal_tables) == 2
    rows = {r.cells[0].text: [c.text for c in r.cells] for t in goal_tables for r in t.rows[1:]}
    assert rows["1.2 Jämställt föräldraskap"][2] == "■ Röd"  # the committee's assessment
    assert rows["1.2 Jämställt föräldraskap"][5] == "Nämnd (avviker)"
    assert rows["1.2 Jämställt föräldraskap"][4].startswith("▲ Gul")


def test_comments_are_cleaned_and_charts_have_alt_text(document_path):
    document = Document(document_path[0])
    assert with_control_characters(document) == []
    texts = [p.text for p in document.paragraphs]
    assert "Mål 1.1, Kommunstyrelsen: Bra arbete under året." in texts
    descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(descriptions) == 3  # N00957, N00945 and N05401 have data for Stockholm
    assert all(d and d.startswith("Linjediagram över") for d in descriptions)


def test_data_quality_annex_lists_every_file_and_rejected_row(document_path):
    document = Document(document_path[0])
    files = [t for t in document.tables if t.rows[0].cells[0].text == "Fil" and t.rows[0].cells[2].text == "Typ"][0]
    assert len(files.rows) == 1 + 19
    rejected = [t for t in document.tables if t.rows[0].cells[-1].text == "Vad är fel och vad ska göras"][0]
    assert len(rejected.rows) == 1 + 14
    cells = [[c.text for c in r.cells] for r in rejected.rows[1:]]
    # the rule id stays in issues.csv; the board reads the file, the place and the message
    assert ["statistik_text_i_vardekolumn.csv", "", "2", "value"] == cells[-2][:4]
    assert cells[-2][4].startswith("Värdet 'ca 41' är inte ett tal.")


def test_accessibility_headings_in_order_alt_text_header_rows_and_properties(document_path):
    document = Document(document_path[0])
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    assert pictures and all(p.get("descr") for p in pictures)
    data_tables = [t for t in document.tables if not list(t._tbl.iter(qn("wp:docPr")))]  # not chart layout
    assert data_tables and all(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader"))
                               is not None for t in data_tables)
    properties = document.core_properties
    assert (properties.language, properties.author) == ("sv-SE", "Stockholm")
    assert properties.subject == "Årlig uppföljning av testprogram för social hållbarhet, Stockholm 2020"
    styles = document.styles.element.xml
    assert 'w:val="sv-SE"' in styles


def test_the_data_quality_annex_lists_revisions_notes_and_coverage(tmp_path):
    """A new export beside last year's: the annex names the revision, what was set aside, and the
    coverage per indicator with what it does to the rating."""
    import shutil

    from report.method.coverage import coverage
    from sources.program import load_program
    from tests.fixtures.build_cases import CASES, apply_mtimes

    program = load_program(FIXTURES / "program_cases.yaml")
    inbox = tmp_path / "inkorg"
    shutil.copytree(CASES / "s13_ny_export_bredvid_forra", inbox)
    apply_mtimes(inbox, "s13_ny_export_bredvid_forra")
    files, checked = check_drop(program, inbox, 1990, 2026, period="2023")
    assessment = assess(program, checked.statistics, checked.submissions, 2023)
    context = ReportContext(program=program, year=2023, assessment=assessment, submissions=checked.submissions,
                            issues=checked.issues, files=files_table(files, checked.files),
                            generated=dt.date(2024, 3, 1),
                            coverage=coverage(program, checked.statistics, 2023, assessment),
                            revisions=checked.revisions)
    document = Document(save_document(build_document(context, SECTIONS), tmp_path / "rapport.docx"))
    annex = headings(document, 2)
    assert {"Mottagna filer", "Noteringar om inläsningen",
            "Reviderade värden", "Täckning per nyckeltal"} <= set(annex)
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    received = tables[("Fil", "Version", "Typ", "Period", "Poster", "Används", "Ej använda", "Status")]
    assert [[c.text for c in row.cells] for row in received.rows[1:]] == [
        ["kolada_export_2012-2022.csv", "1", "statistik", "2019–2022", "5", "0", "5", "används inte"],
        ["kolada_export_2012-2023.csv", "1", "statistik", "2019–2023", "7", "7", "0", "accepterad"]]
    revisions = tables[("Nyckeltal", "Område", "År", "Kön", "Tidigare värde (fil, rad)", "Nytt värde (fil, rad)")]
    assert [c.text for c in revisions.rows[1].cells] == [
        "N00957", "0160", "2021", "T", "24,1 (kolada_export_2012-2022.csv, rad 4)",
        "24,3 (kolada_export_2012-2023.csv, rad 4)"]
    covered = tables[("Nyckeltal", "År", "Rapportåret", "Jämförelse", "Kön", "Följd för bedömningen")]
    assert [c.text for c in covered.rows[1].cells] == [
        "N00957 Ohälsotal, dagar", "2019–2023", "finns", "Riket (0000): 2022", "kvinnor och män saknas",
        "Riket (0000) saknar värde för 2023: ingen jämförelse, ej bedömd; kvinnor och män saknas: ingen jämförelse "
        "mellan kvinnor och män"]
