"""Convert the Word report to PDF with LibreOffice (headless), for checks and for reading.

LibreOffice gets a profile of its own (a shared one blocks parallel runs) and its own process
group, which is killed on timeout: `soffice` hands off to `oosplash`, which a plain timeout
does not stop.

The PDF is accessible: tagged (a structure tree with headings, tables with header cells, figures
with the pictures' alt text), marked PDF/UA, with bookmarks from the headings and the document's
title (not its file name) in the reader's title bar; its language (/Lang sv-SE) comes from the
.docx. The options are writer_pdf_Export's filter data, given as JSON (LibreOffice 7.4 and later).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

PDF_OPTIONS = {
    "UseTaggedPDF": True,  # the structure tree: H1-H3, Table/TR/TH/TD, L/LI, Figure with /Alt
    "PDFUACompliance": True,  # PDF/UA-1: marks the file (pdfuaid:part) and checks the tagging
    "ExportBookmarks": True,  # outlines from the headings
    "DisplayPDFDocumentTitle": True,  # /ViewerPreferences /DisplayDocTitle: the title, not the file name
}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "boolean", "value": "true" if value else "false"} for name, value in PDF_OPTIONS.items()},
    separators=(",", ":"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(document: Path, folder: Path, timeout: float = 180) -> Path:
    binary = soffice()
    if binary is None:
        raise FileNotFoundError("LibreOffice (soffice) saknas; installera libreoffice-writer-nogui")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", PDF_FILTER, "--outdir", str(folder), str(document)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TimeoutError(f"LibreOffice blev inte klar inom {timeout:.0f} s") from None
    pdf = folder / f"{document.stem}.pdf"
    if process.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice kunde inte konvertera {document.name}: {stderr.decode(errors='replace')}")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        raise FileNotFoundError("pdftotext saknas; installera poppler-utils")
    text = subprocess.run([binary, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def starts_on(heading: str, page: str) -> bool:
    """Does the heading stand on the page, on one line or wrapped over consecutive lines?"""
    target = " ".join(heading.split())
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    for first in range(len(lines)):
        joined, last = lines[first], first
        while len(joined) < len(target) and last + 1 < len(lines):
            last += 1
            joined = f"{joined} {lines[last]}"
        if joined == target:
            return True
    return False


def heading_pages(headings: list[str], pages: list[str], start: int) -> list[int | None]:
    """1-based page of each heading, searching forward from page `start` (headings are in order);
    a heading too long for one line is found over the lines it wraps onto."""
    found: list[int | None] = []
    page = start
    for heading in headings:
        for index in range(page, len(pages)):
            if starts_on(heading, pages[index]):
                found.append(index + 1)
                page = index
                break
        else:
            found.append(None)
    return found


def write_pdf(document: Path, folder: Path) -> Path:
    """A PDF of the report with its table of contents filled in with page numbers.

    LibreOffice's conversion does not update the TOC field, so the headings' pages are read from
    a first conversion (of the report as saved, whose contents list the headings without pages),
    written into the field's result in the .docx (replacing the entries there), and the document
    is converted again (a third time if the contents page grew and moved the pages)."""
    from report.document.toc import fill_table_of_contents, toc_headings

    headings = toc_headings(document)
    pristine = document.read_bytes()
    previous: list[int | None] | None = None
    pdf = convert_to_pdf(document, folder)
    for _ in range(3):
        pages = page_texts(pdf)
        start = next((i + 1 for i, page in enumerate(pages) if "Innehåll" in page.splitlines()[:6]
                      or any(line.strip() == "Innehåll" for line in page.splitlines())), 0)
        numbers = heading_pages([text for _, text in headings], pages, start)
        if numbers == previous:
            break
        document.write_bytes(pristine)
        fill_table_of_contents(document, [(level, text, page) for (level, text), page in zip(headings, numbers,
                                                                                            strict=True)])
        previous = numbers
        pdf = convert_to_pdf(document, folder)
    return pdf
