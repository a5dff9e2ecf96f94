"""A real client opens the report: LibreOffice converts it to PDF, and the PDF's text has the
headings and the summary counts. CI installs LibreOffice and poppler (see .ci/run)."""

import json
import os
import shutil
import subprocess

import pytest

from report.pdf import convert_to_pdf, soffice

NEEDED = soffice() is not None and shutil.which("pdftotext") is not None
if not NEEDED and os.environ.get("CI"):
    raise RuntimeError("CI must have LibreOffice and poppler-utils (.ci/run installs them)")


@pytest.mark.skipif(not NEEDED, reason="LibreOffice or pdftotext is not installed")
def test_libreoffice_opens_the_report(annual_run, tmp_path):
    final, _, _ = annual_run
    pdf = convert_to_pdf(final / "uppfoljning_vasteras-social_2023.docx", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))) > 20
    for heading in ["Sammanfattning", "Så läser du rapporten", "Hälsa", "Utbildning", "Arbete och sysselsättning",
                    "Bostäder", "Inkludering, samhandling och demokrati", "Trygghet och levande kommundelar",
                    "Bilaga 1. Metod", "Bilaga 2. Datakvalitet", "Bilaga 3. Källor"]:
        assert heading in text, heading
    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    flat = " ".join(text.split())
    assert f"Av 24 mål bedöms {summary['goals']['red']} som röda" in flat
