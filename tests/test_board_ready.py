"""The report as a board reads it: every bundled example's text free of forbidden forms, one
number for one thing, goal headings as headings, tables that fit their words, no internals.

The examples' reports are built in-process (checks, ratings, charts, document) the way the
annual flow builds them, without Prefect, so that every example is read on every test run.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from checks.drop import check_drop, files_table
from report.annual import AnnualInput, annual_report
from report.method.previous import periods_used, recompute
from report.run_folder import period_dir, staged
from report.texts import count_noun, count_status
from sources.formats import dash_ranges, format_number, format_value, unit_text
from sources.program import load_program
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
# program folder -> (report year, inbox folders)
BUNDLED = {
    "vasteras": (2023, ["vasteras"]),
    "vasteras-ekologisk": (2023, ["vasteras-ekologisk"]),
    "vasteras-hallbarhet": (2023, ["vasteras", "vasteras-ekologisk"]),
    "boras": (2022, ["boras"]),
    "umea": (2024, ["umea"]),
    "eskilstuna": (2022, ["eskilstuna"]),
}

# Forms a Swedish official would not write, or internals that do not belong in a board document.
FORBIDDEN = {
    "plural noun after 1": r"(?<![\d,])\b1 (rader|filer|poster|värden|nämnder|aktiviteter|stadsdelar|bedömningar)\b",
    "singular noun after 2+": r"\b([2-9]|\d{2,}) (rad|fil|post|nämnd|aktivitet|stadsdel)\b(?!-)",
    "indefinite after 'av de'": r"\bav de \d+ mål\b(?!en)",
    "status not agreeing": r"\b([2-9]|\d{2,}) (genomförd|påbörjad|ej påbörjad)\b",
    "light not agreeing": r"\b([2-9]|\d{2,}) (gul|grön|röd|gult|grönt|rött)\b|\b1 (gula|gröna|röda)\b",
    "'lika än'": r"\blika än\b",
    "thousands without separator": r"(?<![\w,.\-/])\d{5,}(?![\w,.\-/])",
    "hyphen in a year range": r"(?<![\w])(19|20)\d\d-(19|20)\d\d(?![\w.])",
    "Kolada's unit shorthand after a number": r"\d (antal/|kr/inv|ton/inv|kg/inv)",
    "machine path": r"(^|[\s(])/(work|tmp|home|usr|var|root)/",
    "English or Python words": r"\b(None|nan|NaN|True|False|Usage|Error)\b",
    "raw checksum": r"\b[0-9a-f]{64}\b",
}


def _build(name: str, folder: Path) -> tuple[Path, object]:
    year, inboxes = BUNDLED[name]
    program = load_program(EXAMPLES / name / "program.yaml")
    inbox = folder / "inkorg"
    inbox.mkdir(parents=True)
    for source in inboxes:
        for path in (EXAMPLES / source / "inbox").iterdir():
            shutil.copy2(path, inbox / path.name)
    period = program.period_label(year)
    first = periods_used(program, year, None)
    files, checked = check_drop(program, inbox, 1990, 2026, period=first)
    data = AnnualInput(program=program, year=year, statistics=checked.statistics, submissions=checked.submissions,
                       issues=checked.issues, files=files_table(files, checked.files), revisions=checked.revisions,
                       previous=recompute(program, checked.statistics, checked.submissions, year))
    with staged(folder, program, period) as staging:  # the annual sequence, as the flow runs it
        made = annual_report(data, staging, period_dir(folder, program, period), dt.date(2026, 12, 2), {},
                             dt.datetime.now(dt.UTC), datadocs="datadocs/index.html",
                             feedback=str(folder / "inkorg_återkoppling"))
    return made.report, (program, made.assessment, checked)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    built = {}
    for name in BUNDLED:
        built[name] = _build(name, tmp_path_factory.mktemp(name))
    return built


def document_texts(document) -> list[str]:
    """Every piece of text a reader meets: paragraphs, table cells, header and footer, alt texts."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    texts += [element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))]
    return [text for text in texts if text]


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_no_forbidden_forms_in_any_example(reports, name):
    path, (program, _, checked) = reports[name]
    texts = document_texts(Document(path))
    checksum = re.compile(r"^([0-9a-f]{8} ){7}[0-9a-f]{8}$")  # the sources annex writes SHA-256 in groups
    found = [(label, match.group(0), text[:120]) for text in texts if not checksum.match(text)
             for label, pattern in FORBIDDEN.items() for match in re.finditer(pattern, text)]
    # a trailing zero ("8,30 dagar") is only right beside a value that needs the second decimal
    found += [("trailing zero beside a rounded value", text[:120]) for text in texts if not checksum.match(text)
              and re.search(r"\b\d,\d0\u00a0?(%|dagar|år\b|procentenheter)", text)
              and not re.search(r"\b\d,\d[1-9](?!\d)", text)]
    rules = set(checked.issues["rule"].dropna())
    found += [("rule id", rule, text[:120]) for text in texts for rule in rules
              if re.search(rf"(?<![\w]){re.escape(rule)}(?![\w])", text)]
    assert found == []


def _paragraph_after(document, heading: str) -> str:
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    return paragraphs[index + 1].text


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_one_number_for_one_thing(reports, name):
    """Every count that appears twice in the report is the same count."""
    path, (program, assessment, _) = reports[name]
    document = Document(path)
    texts = [p.text for p in document.paragraphs]
    goals = assessment.goals
    differing = goals[goals["light_differs"] | goals["trend_differs"]]
    said = [t for t in texts if "skiljer sig nämndens bedömning från den beräknade" in t]
    if differing.empty:
        assert said == []
    else:
        # the summary and the analysis: the same count of goals, the same split
        assert len(said) == 2
        counts = {re.search(r"För (\d+) mål skiljer", t).group(1) for t in said}
        assert counts == {str(len(differing))}
        tables = [t for t in document.tables if t.rows[0].cells[0].text == "Mål"
                  and t.rows[0].cells[-1].text == "Beräknad bedömning"]
        assert len(tables) == 1 and len(tables[0].rows) - 1 == len(differing)
        per_area = [t for t in texts if t.startswith("Nämndens bedömning skiljer sig från den beräknade för mål")]
        named = [goal for t in per_area for goal in re.findall(r"[A-ZÅÄÖ]?\d+(?:\.\d+)+", t)]
        assert sorted(named) == sorted(differing["goal_id"])
    # lights: the summary sentence, the area table's total row, and the sum of the area sentences
    total_row = next(t for t in document.tables if t.rows[0].cells[0].text == "Målområde").rows[-1]
    table_total = [int(c.text) for c in total_row.cells[1:]]
    summary = assessment.summary
    assert table_total == [summary["goals_total"], summary["goals"]["green"], summary["goals"]["yellow"],
                           summary["goals"]["red"], summary["goals"]["not_assessed"]]
    opening = texts.index("Sammanfattning") + 1 + program.example  # after the example note
    assert texts[opening].startswith("Att ta ställning till: ")  # what the board must decide on comes first
    assert texts[opening + 1].startswith(f"Av {count_noun(summary['goals_total'], 'mål')} bedöms")
    # the sex gaps: the sentence's counts add up to its total, and the table has that many rows
    gap = next((t for t in texts if "som redovisas för kvinnor och män" in t), None)
    if gap is not None:
        gap = gap[gap.index("Av ") if "Av " in gap else gap.index("För alla "):]
        numbers = _numbers(gap.split("som redovisas")[0]) + _numbers(gap.split("som redovisas")[1])
        if gap.startswith("För alla "):
            numbers = numbers[:1] * 2
        assert numbers[0] == sum(numbers[1:])
        gap_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nyckeltal"
                         and t.rows[0].cells[1].text == "Skillnad kvinnor − män")
        assert len(gap_table.rows) - 1 == numbers[0]
    # red goals: the summary's list is the goals whose official light is red
    red = [p.text for p in document.paragraphs if p.style.name == "List Bullet"
           and texts.index("Mål som bedöms som röda:") < texts.index(p.text) < texts.index("Bedömning per målområde")] \
        if "Mål som bedöms som röda:" in texts else []
    assert red == [f"{g.goal_id} {g.title}" for g in goals[goals["light"] == "red"].itertuples()]


def test_the_sex_gap_verdict_stands_beside_the_numbers_it_is_made_on(reports):
    """'5,0 → 5,0 dagar' marked 'Ökar' read as a contradiction: the gap's share of the total is shown too."""
    path, (_, assessment, _) = reports["vasteras"]
    document = Document(path)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Skillnad kvinnor − män")
    assert [c.text for c in table.rows[0].cells] == ["Nyckeltal", "Skillnad kvinnor − män", "Skillnadens storlek",
                                                     "Skillnaden"]
    indicators = assessment.indicators
    sick = indicators[(indicators["indicator"] == "N00938") & (indicators["sex"] == "T")].iloc[0]
    row = next(r for r in table.rows if r.cells[0].text.endswith("(N00938)"))
    shown = re.findall(r"(\d+,\d)\u00a0%", row.cells[2].text)
    assert shown == [format_number(sick["gap_first_share"] * 100, 1), format_number(sick["gap_last_share"] * 100, 1)]
    grows = float(shown[1].replace(",", ".")) > float(shown[0].replace(",", "."))
    assert (row.cells[3].text == "⚠ Ökar") <= grows


def test_goal_headings_are_headings_in_the_areas_and_the_method_annex(reports):
    path, (program, assessment, _) = reports["vasteras"]
    document = Document(path)
    level3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    with_indicators = [f"Mål {goal.id} {goal.title}" for _, goal in program.goals() if goal.indicators]
    parts = ["Det som drar ned bedömningen", "Största skillnader", "Nämndernas kommentarer", "Åtgärder"]
    attention = len(assessment.summary["actions"]["goals_needing_attention"])
    # once under its area, then the four parts of each block in "Analys och åtgärder", then the method annex
    assert level3 == with_indicators + parts * attention + with_indicators
    bold_goal_lines = [p.text for p in document.paragraphs if p.style.name == "Normal"
                       and re.match(r"Mål \d+\.\d+ ", p.text) and p.runs and all(r.bold for r in p.runs)]
    assert bold_goal_lines == []


def test_every_table_has_a_fixed_layout_and_widths_that_hold_its_longest_word(reports):
    path, _ = reports["vasteras"]
    document = Document(path)
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        width = properties.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) <= 16.7 / 2.54 * 1440
    sources = next(t for t in document.tables if t.rows[0].cells[0].text == "Fil"
                   and t.rows[0].cells[1].text == "Version" and t.rows[0].cells[2].text == "Mottagen")
    assert sources.columns[1].width.cm >= 1.4  # "Version" in bold 7 pt


@pytest.mark.client
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are needed to render the report")
def test_libreoffice_breaks_no_word_inside_a_table_cell(reports, tmp_path):
    """Rendered by LibreOffice, every word of every table header and every light and arrow word
    is found whole as often as the document has it ('Versio/n', 'Förbättra/s' were broken)."""
    from report.document.pdf import convert_to_pdf

    path, _ = reports["vasteras"]
    document = Document(path)
    words: dict[str, int] = {}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for word in re.findall(r"[A-Za-zÅÄÖåäö]{6,}", cell.text):
                    words[word] = words.get(word, 0) + 1
    pdf = convert_to_pdf(path, tmp_path)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    rendered = re.findall(r"[A-Za-zÅÄÖåäö]+", text)
    counted: dict[str, int] = {}
    for word in rendered:
        counted[word] = counted.get(word, 0) + 1
    broken = {word: (n, counted.get(word, 0)) for word, n in words.items()
              if word in {"Version", "Förbättras", "Försämras", "Oförändrad", "Förkortning", "Bedömning",
                          "Används", "Mottagen", "Senaste", "Kostnad"} and counted.get(word, 0) < n}
    assert broken == {}


def test_examples_say_they_are_examples_and_mark_invented_targets(reports):
    path, (program, _, _) = reports["vasteras-ekologisk"]
    document = Document(path)
    texts = [p.text for p in document.paragraphs]
    assert program.example
    summary_at = texts.index("Sammanfattning")
    assert "Exempeldata" in texts[:summary_at]  # the title page
    assert texts[summary_at + 1].startswith("Exempeldata: Rapporten bygger på påhittade exempeldata")
    invented = [i.id for i in program.indicators().values() if i.target is not None and i.target.invented]
    marked = [t.split(":")[0] for t in texts if t.endswith("Målvärdet är påhittat för exemplet; programmet anger "
                                                           "inget sådant värde.")]
    assert sorted(set(marked)) == sorted(invented)


def test_feedback_folder_named_without_the_machine_path(reports):
    path, _ = reports["vasteras"]
    texts = [p.text for p in Document(path).paragraphs]
    line = next(t for t in texts if t.startswith("Återkoppling per fil"))
    assert "mappen inkorg_återkoppling, bredvid inkorgen." in line and "/" not in line.split("Kontrollerna")[0]


def test_district_difference_reads_better_or_worse_than_the_municipality(reports):
    path, (_, assessment, _) = reports["eskilstuna"]
    document = Document(path)
    cells = [row.cells[3].text for table in document.tables if len(table.columns) == 6
             and table.rows[0].cells[3].text == "Jämfört med kommunen" for row in table.rows[1:]]
    districts = assessment.districts
    expected = []
    for row in districts.itertuples():
        if row.relative_difference is None or row.relative_difference != row.relative_difference:
            expected.append("–")
        elif row.relative_difference == 0:
            expected.append("lika med kommunen")
        else:
            word = "bättre" if row.relative_difference > 0 else "sämre"
            if abs(row.relative_difference) >= 1:
                expected.append(f"{format_number(row.latest_value / row.municipality_value, 1)} gånger kommunens "
                                f"nivå ({word})")
            else:
                expected.append(f"{format_number(abs(row.relative_difference) * 100, 1)}\u00a0% {word} än kommunen")
    assert cells == expected
    assert not any(re.match(r"[+−-]\d", cell) for cell in cells)


def test_swedish_forms_in_one_place():
    assert count_noun(1, "mål", definite=True) == "1 mål"
    assert count_noun(24, "mål", definite=True) == "de 24 målen"
    assert count_noun(10422, "post") == "10\u00a0422 poster"
    assert [count_status(1, "done"), count_status(3, "done"), count_status(2, "ongoing"),
            count_status(2, "not_started")] == ["1 genomförd", "3 genomförda", "2 pågående", "2 ej påbörjade"]
    assert unit_text("antal/100 000 inv") == "per 100\u00a0000 invånare"
    assert unit_text("antal/1000 inv") == "per 1\u00a0000 invånare"
    assert unit_text("kr/inv") == "kr per invånare"
    assert unit_text("dagar") == "dagar"
    assert format_value(136.6, "antal/100 000 inv") == "136,6 per 100\u00a0000 invånare"
    assert [format_number(8.3), format_number(10.8), format_number(2.32), format_number(0.31),
            format_number(22.0), format_number(1234.0)] == ["8,3", "10,8", "2,32", "0,31", "22,0", "1\u00a0234"]
    assert dash_ranges("Ljus 2021-2022; inrapportering_ks_2021-2022.xlsx") == \
        "Ljus 2021–2022; inrapportering_ks_2021-2022.xlsx"


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_largest_changes_list_only_indicators_whose_arrow_moved_that_way(reports, name):
    path, _ = reports[name]
    document = Document(path)
    paragraphs = [p.text for p in document.paragraphs]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] ==
              ["Nyckeltal", "Period", "Takt i önskad riktning", "Pil"]]
    expected = [arrow for heading, arrow in (("Största förbättringar", "↑ Förbättras"),
                                             ("Största försämringar", "↓ Försämras"))
                if not paragraphs[paragraphs.index(heading) + 1].startswith("Inget nyckeltal har")]
    assert len(tables) == len(expected)
    for table, arrow in zip(tables, expected, strict=True):
        assert {row.cells[3].text for row in table.rows[1:]} == {arrow}
        rates = [row.cells[2].text for row in table.rows[1:]]
        assert all(rate.startswith("+" if arrow.startswith("↑") else "−") for rate in rates)


PLAUSIBILITY_RULES = {"total_inom_kön", "del_av_helhet", "rimligt_mot_historik"}
# The levels the first read of the rendered examples found impossible, with the range a Swedish
# reader expects for the municipality's latest total (Riket about 2022 in brackets).
REALISTIC = {
    ("umea", "N00953"): (85.0, 100.0),  # women's median wage as a share of men's (about 95 %), was 41,2
    ("umea", "N31816"): (0.3, 3.0),  # adults with long-term financial assistance (about 1 %), was 76,5
    ("eskilstuna", "N02906"): (3.0, 15.0),  # 17-24 neither working nor studying (about 6 %), was 61,2
    ("boras", "N11800"): (75.0, 97.0),  # children 1-5 in preschool (about 86 %), was 41,4
}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_the_bundled_examples_pass_the_plausibility_checks(reports, name):
    """Totals within women's and men's values, parts below their wholes, no outliers: the
    examples pass the checks a user's own data gets, and say they are examples."""
    _, (program, assessment, checked) = reports[name]
    assert program.example
    assert set(checked.issues["rule"]) & PLAUSIBILITY_RULES == set()
    statistics = checked.statistics
    for indicator in program.indicators().values():
        if indicator.is_percentage:
            values = statistics[statistics["indicator"] == indicator.id]["value"]
            assert values.between(0, 100).all(), indicator.id
    for (example, indicator), (low, high) in REALISTIC.items():
        if example == name:
            rows = assessment.indicators
            total = rows[(rows["indicator"] == indicator) & (rows["sex"] == "T")].iloc[0]
            assert low <= total["latest_value"] <= high, indicator
    parts = [i for i in program.indicators().values() if i.part_of]
    if name == "vasteras-ekologisk":
        assert {(i.id, i.part_of) for i in parts} >= {("N85073", "N00401")}  # transport emissions in the total


def test_a_combined_report_holds_each_committee_file_to_its_own_program(reports):
    """Both Västerås programs in one report: the social KS template lists no ecological goal and
    the ecological one no social goal; neither is 'missing' a goal the other file has."""
    _, (_, _, checked) = reports["vasteras-hallbarhet"]
    assert (checked.issues["rule"] == "mål_saknas_i_filen").sum() == 0


def test_a_rate_a_hair_from_its_threshold_says_which_side_it_is_on():
    from sources.formats import format_percent_apart, format_rate, format_unit_rate

    assert format_rate(0.00999806840289974, 0.01) == "+1,0\u00a0%/år (strax under gränsen)"
    assert format_rate(0.0098, 0.01) == "+0,98\u00a0%/år"
    assert format_rate(0.01, 0.01) == "+1,0\u00a0%/år"  # on the threshold: the rule's own case
    assert format_percent_apart(0.0504, 0.05) == "5,04\u00a0%"
    assert format_percent_apart(0.050001, 0.05) == "5,0\u00a0% (strax över gränsen)"
    assert format_unit_rate(-0.04, "procent", 0.1) == "\u22120,04 procentenheter/år"
