"""The PDF is accessible (tagged, PDF/UA, bookmarks, title, Swedish, figures with alt text, table header
cells), and every saved report's table of contents lists its headings, also in clients that show the field's
stored result (pandoc, LibreOffice) and also when no PDF was made.

One `followup run` (without --pdf) on a copy of the bundled example gives the fresh .docx; the PDF is then made
from a copy of it by the function the annual flow runs for --pdf (report.annual.pdf_if_possible)."""

import os
import re
import shutil
import subprocess
import tempfile

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from report.document.pdf import soffice
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.client  # LibreOffice, poppler and pandoc

NEEDED = soffice() is not None and shutil.which("pdftotext") is not None
if not NEEDED and os.environ.get("CI"):
    raise RuntimeError("CI must have LibreOffice and poppler-utils (.ci/run installs them)")
needs_libreoffice = pytest.mark.skipif(not NEEDED, reason="LibreOffice or pdftotext is not installed")
PLACEHOLDER = "Innehållsförteckningen uppdateras"
REPORT = "uppfoljning_vasteras-social_2023"


@pytest.fixture(scope="module")
def fresh_report(prefect_server, tmp_path_factory):
    """`followup run` on the example, no PDF: a copy of the .docx as it was saved."""
    from typer.testing import CliRunner

    from flows.cli import app

    folder = tmp_path_factory.mktemp("fresh")
    inbox = folder / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    result = CliRunner().invoke(app, ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                      "--year", "2023", "--output", str(folder / "out")])
    assert result.exit_code == 0, result.output
    made = folder / "out" / "vasteras-social" / "2023" / f"{REPORT}.docx"
    assert not made.with_suffix(".pdf").exists()
    fresh = folder / "fresh" / made.name
    fresh.parent.mkdir()
    shutil.copy2(made, fresh)
    return fresh


@pytest.fixture(scope="module")
def report_pdf(fresh_report, tmp_path_factory):
    """(the PDF --pdf makes of the report, the .docx it was made from)."""
    from report.annual import pdf_if_possible

    if not NEEDED:
        pytest.skip("LibreOffice or pdftotext is not installed")
    document = tmp_path_factory.mktemp("pdf") / fresh_report.name
    shutil.copy2(fresh_report, document)
    pdf = pdf_if_possible(document)
    assert pdf is not None and pdf.exists()
    return pdf, Document(document)


def heading_1(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the structure tree, in document order."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):  # a structure element, or a marked-content reference
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.get("/K"))
    return found


def kinds(elements, kind: str) -> list[pikepdf.Dictionary]:
    """The elements of a standard type (a custom one is mapped to it in the RoleMap)."""
    return [e for e in elements if str(e.S) == kind]


@needs_libreoffice
def test_the_pdf_is_tagged_swedish_titled_and_bookmarked(report_pdf):
    path, document = report_pdf
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.MULTILINE), info
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang).startswith("sv")
        assert root.ViewerPreferences.DisplayDocTitle is True
        title = document.core_properties.title
        assert title and str(pdf.docinfo.Title) == title
        with pdf.open_metadata() as metadata:
            assert metadata.get("dc:title") == title
            assert metadata.get("pdfuaid:part") == "1"  # marked PDF/UA-1
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == heading_1(document)
        assert len(kinds(structure(pdf), "/H1")) == len(heading_1(document))


@needs_libreoffice
def test_every_picture_is_a_figure_with_its_alt_text(report_pdf):
    path, document = report_pdf
    descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(descriptions) == len(document.inline_shapes) > 0
    with pikepdf.open(path) as pdf:
        alts = [str(figure.get("/Alt", "")) for figure in kinds(structure(pdf), "/Figure")]
    assert len(alts) == len(document.inline_shapes)
    assert all(alt.strip() for alt in alts)
    # LibreOffice writes "title - description"; each picture's description is in its figure's /Alt
    assert all(description in alt for description, alt in zip(descriptions, alts, strict=True))


@needs_libreoffice
def test_tables_have_header_cells(report_pdf):
    path, document = report_pdf
    header_cells = sum(len(row._tr.findall(qn("w:tc"))) for table in document.tables for row in table.rows
                       if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None)
    assert header_cells > 0
    with pikepdf.open(path) as pdf:
        elements = structure(pdf)
        assert len(kinds(elements, "/Table")) == len(document.tables)
        assert len(kinds(elements, "/TH")) == header_cells


def contents_part(text: str, count: int) -> list[str]:
    """The first `count` non-empty lines after the line "Innehåll" (the contents' entries), stripped."""
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("Innehåll") + 1
    return [line for line in lines[start:] if line][:count]


def test_a_fresh_report_keeps_a_real_toc_field_with_the_headings_as_its_result(fresh_report):
    document = Document(fresh_report)
    body = document.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert instructions == ['TOC \\o "1-1" \\h \\z \\u']
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert not [t.text for t in body.iter(qn("w:t")) if PLACEHOLDER in (t.text or "")]
    texts = [p.text for p in document.paragraphs]
    headings = heading_1(document)
    assert texts[texts.index("Innehåll") + 1:][:len(headings)] == [f"{h}\t" for h in headings]  # no page yet


@pytest.mark.skipif(shutil.which("pandoc") is None and not os.environ.get("CI"), reason="pandoc is not installed")
def test_pandoc_shows_the_headings_in_the_contents(fresh_report):
    text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(fresh_report)],
                          capture_output=True, text=True, check=True).stdout
    headings = heading_1(Document(fresh_report))
    assert contents_part(text, len(headings)) == headings
    assert PLACEHOLDER not in text


@needs_libreoffice
def test_libreoffice_shows_the_headings_in_the_contents(fresh_report, tmp_path):
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(fresh_report)],
                       capture_output=True, check=True, timeout=180, start_new_session=True)
    text = (tmp_path / f"{fresh_report.stem}.txt").read_text(encoding="utf-8-sig")
    headings = heading_1(Document(fresh_report))
    assert contents_part(text, len(headings)) == headings
    assert PLACEHOLDER not in text


def test_filling_the_contents_again_replaces_the_entries(fresh_report):
    """write_pdf fills the already filled contents with pages: the entries are replaced, not added, and the
    field keeps its begin, separator and end around them."""
    from report.document.toc import fill_contents, toc_headings

    document = Document(fresh_report)
    paragraphs = len(document.paragraphs)
    headings = toc_headings(document)
    fill_contents(document, [(level, text, 3 + index) for index, (level, text) in enumerate(headings)])
    fill_contents(document, [(level, text, 5 + index) for index, (level, text) in enumerate(headings)])
    assert len(document.paragraphs) == paragraphs
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Innehåll") + 1
    assert texts[start:start + len(headings)] == [f"{text}\t{5 + i}" for i, (_, text) in enumerate(headings)]
    chars = [c.get(qn("w:fldCharType")) for p in document.paragraphs[start:start + len(headings)]
             for c in p._p.iter(qn("w:fldChar"))]
    assert chars == ["begin", "separate", "end"]
    assert [c.get(qn("w:fldCharType")) for c in document.paragraphs[start + len(headings) - 1]._p.iter(
        qn("w:fldChar"))] == ["end"]  # the field ends with the last entry
