"""Real clients open the report: LibreOffice converts it to PDF (the PDF's text has the headings
and the summary counts), `followup run --pdf` fills the table of contents, and pandoc reads the
.docx. CI installs LibreOffice, poppler and pandoc (see .ci/run)."""

import json
import os
import re
import shutil
import subprocess

import pytest

from report.document.pdf import convert_to_pdf, heading_pages, page_texts, soffice
from tests.conftest import EXAMPLE

NEEDED = soffice() is not None and shutil.which("pdftotext") is not None
if not NEEDED and os.environ.get("CI"):
    raise RuntimeError("CI must have LibreOffice and poppler-utils (.ci/run installs them)")
AREAS = ["Hälsa", "Utbildning", "Arbete och sysselsättning", "Bostäder", "Inkludering, samhandling och demokrati",
         "Trygghet och levande kommundelar"]
HEADINGS = ["Sammanfattning", "Så läser du rapporten", *AREAS, "Analys", "Bilaga 1. Metod",
            "Bilaga 2. Datakvalitet", "Bilaga 3. Källor"]


@pytest.mark.skipif(not NEEDED, reason="LibreOffice or pdftotext is not installed")
def test_libreoffice_opens_the_report(annual_run, tmp_path):
    final, _, _ = annual_run
    pdf = convert_to_pdf(final / "uppfoljning_vasteras-social_2023.docx", tmp_path)
    pages = page_texts(pdf)
    assert len(pages) > 20
    text = "\n".join(pages)
    for heading in HEADINGS:
        assert heading in text, heading
    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    flat = " ".join(text.split())
    assert f"Av 24 mål bedöms {summary['goals']['red']} som röda" in flat


@pytest.mark.skipif(not NEEDED, reason="LibreOffice or pdftotext is not installed")
def test_run_with_pdf_fills_the_table_of_contents(prefect_server, tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    result = CliRunner().invoke(app, ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                      "--year", "2023", "--output", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "vasteras-social" / "2023" / "uppfoljning_vasteras-social_2023.pdf"
    pages = page_texts(pdf)
    contents = next(page for page in pages if "Innehåll" in page)
    listed = dict(re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, flags=re.MULTILINE))
    assert list(listed) == HEADINGS
    actual = heading_pages(HEADINGS, pages, start=pages.index(contents) + 1)
    assert [int(listed[h]) for h in HEADINGS] == actual
    manifest = json.loads((pdf.parent / "manifest.json").read_text(encoding="utf-8"))
    assert pdf.name in {entry["file"] for entry in manifest["outputs"]}


@pytest.mark.skipif(shutil.which("pandoc") is None and not os.environ.get("CI"), reason="pandoc is not installed")
def test_pandoc_reads_the_report(annual_run):
    final, _, _ = annual_run
    report = str(final / "uppfoljning_vasteras-social_2023.docx")
    text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", report],
                          capture_output=True, text=True, check=True).stdout
    for heading in HEADINGS:
        assert heading in text, heading
    assert "■ Röd" in text and "↑ Förbättras" in text
    markdown = subprocess.run(["pandoc", "-f", "docx", "-t", "markdown", report],
                              capture_output=True, text=True, check=True).stdout
    assert "Linjediagram över" in markdown  # alt text survives
