"""One report, two editions from the same blocks: the Word report and the web edition.

No section writes python-docx itself (they build the report model); one section rendered to
both formats says the same; the goal rows (id, light, trend) agree between the editions of the
bundled example; the web edition escapes what comes from a dropped file and loads nothing from
the network."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest
from docx import Document

from checks.drop import check_drop, files_table
from report.annual import AnnualInput, annual_report
from report.document.html import WEB, render_pages
from report.document.model import Content, Heading, Paragraph, Run, Table
from report.document.sections import SECTIONS
from report.document.sections.areas import areas
from report.document.word import render
from report.method.previous import periods_used, recompute
from report.run_folder import period_dir, staged
from sources.formats import dash_ranges
from sources.program import load_program
from tests.conftest import EXAMPLE, ROOT

SECTIONS_DIR = ROOT / "report" / "document" / "sections"


class Tables(HTMLParser):
    """Every table of an HTML page as (headers, rows of cell texts); and every h1-h6 text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self.headings: list[tuple[int, str]] = []
        self.sources: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("src", "href"):
            if key in attributes and tag in ("script", "link", "img", "iframe"):
                self.sources.append(attributes[key])
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [tag]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            headers, rows = self.tables[-1]
            if not headers:
                headers.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None
        elif tag.startswith("h") and tag[1:].isdigit() and self._heading:
            self.headings.append((int(tag[1]), "".join(self._heading[1:]).strip()))
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parsed(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def test_no_section_imports_python_docx():
    found = {}
    for path in sorted(SECTIONS_DIR.glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        bad = sorted(n for n in names if n.split(".")[0] == "docx" or n == "report.document.docx_tools")
        if bad:
            found[path.name] = bad
    assert found == {}
    assert all(hasattr(section, "build") for section in SECTIONS)  # every section builds the report model


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled example's annual report made by the annual sequence: the published report, and
    the target areas' section built from its context and rendered to Word and HTML (at the
    write-report step, while the charts are in the staging folder)."""
    folder = tmp_path_factory.mktemp("editions")
    inbox = folder / "inkorg"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    program = load_program(EXAMPLE / "program.yaml")
    files, checked = check_drop(program, inbox, 1990, 2026, period=periods_used(program, 2023, None))
    data = AnnualInput(program=program, year=2023, statistics=checked.statistics, submissions=checked.submissions,
                       issues=checked.issues, files=files_table(files, checked.files), revisions=checked.revisions,
                       previous=recompute(program, checked.statistics, checked.submissions, 2023))
    caught = {}

    def stage(name, step):
        if name != "write-report":
            return step

        def write(context, path):  # while the charts are in the staging folder
            blocks = areas(context)
            document = Document()
            render(document, blocks)
            caught.update(context=context, blocks=blocks, document=document, pages=render_pages(context, blocks))
            return step(context, path)
        return write

    with staged(folder, program, "2023") as staging:
        made = annual_report(data, staging, period_dir(folder, program, "2023"), dt.date(2026, 12, 2), {},
                             dt.datetime.now(dt.UTC), stage=stage)
    return made, caught


@pytest.fixture(scope="module")
def example(built):
    return built[0]


GOAL_HEADERS = ["Mål", "Nämnder", "Bedömning", "Trend", "Beräknat", "Källa"]


def _goal_rows(tables) -> list[tuple[str, str, str]]:
    return [(row[0].split(" ")[0], row[2], row[3]) for headers, rows in tables if headers == GOAL_HEADERS
            for row in rows]


def test_the_goal_rows_of_both_editions_agree(example):
    document = Document(example.report)
    word = [([c.text for c in t.rows[0].cells], [[c.text for c in r.cells] for r in t.rows[1:]])
            for t in document.tables if len(t.rows) > 1]
    pages = sorted((example.folder / WEB).glob("*.html"))
    web = [table for page in pages for table in parsed(page.read_text(encoding="utf-8")).tables]
    goals = _goal_rows(word)
    assert len(goals) == 24 and goals[0][0] == "1.1"  # Västerås social: 24 goals, in program order
    assert _goal_rows(web) == goals
    assert {light for _, light, _ in goals} >= {"■ Röd", "▲ Gul"}  # word and symbol, never colour alone


def test_the_web_edition_has_a_page_per_chapter_with_headings_in_order(example):
    folder = example.folder / WEB
    names = sorted(p.name for p in folder.glob("*.html"))
    assert names[-1] == "index.html" and len(names) >= 8
    for name in names:
        html = (folder / name).read_text(encoding="utf-8")
        page = parsed(html)
        assert '<html lang="sv">' in html and 'href="#innehall"' in html and "<main" in html and "<nav" in html
        levels = [level for level, _ in page.headings]
        assert levels[0] == 1 and levels.count(1) == 1, (name, page.headings[:3])
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
        assert all(source.startswith(("#", ".", "0", "1", "i")) or "://" not in source for source in page.sources)
        assert "://" not in "".join(page.sources)  # nothing from a CDN or any other server
    index = parsed((folder / "index.html").read_text(encoding="utf-8"))
    assert index.headings[:3] == [(1, "Program för social hållbarhet"), (2, "Innehåll"), (2, "Sammanfattning")]
    area = next(p for p in names if "halsa" in p)
    html = (folder / area).read_text(encoding="utf-8")
    assert html.count("<svg") == html.count("<figcaption>") > 3 and 'role="img"' in html
    assert "<details>" in html and "Siffrorna bakom diagrammet" in html


def test_a_section_of_the_report_rendered_to_both_formats_says_the_same(built):
    """The target areas' section (goal tables with light cells, comments, charts two by two) of the
    bundled example, rendered to Word and to HTML: the same headings, paragraphs and table cells in
    the same order, and a picture in Word for each inline SVG in HTML."""
    context, blocks, document, pages = (built[1][key] for key in ("context", "blocks", "document", "pages"))
    # pages are in block order: index.html holds the first area
    html = parsed(re.sub(r"<details>.*?</details>", "", "".join(pages.values()), flags=re.S))  # not a chart's numbers
    headings = [dash_ranges(block.text) for block in blocks if isinstance(block, Heading)]
    assert len(headings) > 10 and headings[0] == context.program.areas[0].name
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == headings
    assert [text for _, text in html.headings] == headings
    tables = [[[dash_ranges(text) for text in row] for row in [table.headers, *table.texts()]]
              for table in blocks if isinstance(table, Table)]
    word = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables
            if t.style is not None and t.style.name == "Table Grid"]  # not the charts' borderless grid
    assert len(tables) > 5 and word == tables
    assert [[headers, *rows] for headers, rows in html.tables] == tables
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(dash_ranges(block.text) in text for block in blocks if isinstance(block, Paragraph) and block.text)
    svgs = sum(page.count("<svg") for page in pages.values())
    assert svgs == len(document.inline_shapes) > 10


def test_one_section_rendered_to_both_formats_says_the_same(tmp_path):
    """A section's blocks give the same headings, paragraphs and table cells in Word and in HTML,
    and a value from a dropped file is escaped in HTML, never markup."""
    blocks = Content()
    blocks.heading("Hälsa", level=1)
    blocks.text("Nämndens kommentar: <script>alert(1)</script> & mer")
    blocks.paragraph(Run("Mål 1.1, KS: ", bold=True), Run("Bra arbete."))
    blocks.table(["Mål", "Bedömning"], [["1.1 <b>x</b>", "■ Röd"], ["Totalt", "1"]], bold_last=True)
    document = Document()
    render(document, blocks)
    class Context:  # what the page's header and footer read
        program = load_program(EXAMPLE / "program.yaml")
        period = "2023"
        version = "1"

    html = render_pages(Context(), blocks)["index.html"]
    page = parsed(html)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    word_paragraphs = [p.text for p in document.paragraphs if p.text]
    assert word_paragraphs[0] == "Hälsa" and [t for _, t in page.headings][-1] == "Hälsa"
    for block in blocks:
        if isinstance(block, Paragraph):
            assert block.text in word_paragraphs
    table = next(b for b in blocks if isinstance(b, Table))
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [table.headers, *table.texts()]
    assert page.tables == [(table.headers, table.texts())]
    assert isinstance(blocks[0], Heading)
