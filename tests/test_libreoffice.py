"""Real clients open the report: LibreOffice converts it to PDF (the PDF's text has the headings
and the summary counts), `followup run --pdf` fills the table of contents, and pandoc reads the
.docx. CI installs LibreOffice, poppler and pandoc (see .ci/run)."""

import json
import os
import re
import shutil
import subprocess

import pytest

from report.document.pdf import convert_to_pdf, page_texts, soffice
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.client  # LibreOffice, poppler and pandoc

NEEDED = soffice() is not None and shutil.which("pdftotext") is not None
if not NEEDED and os.environ.get("CI"):
    raise RuntimeError("CI must have LibreOffice and poppler-utils (.ci/run installs them)")
AREAS = ["Hälsa", "Utbildning", "Arbete och sysselsättning", "Bostäder", "Inkludering, samhandling och demokrati",
         "Trygghet och levande kommundelar"]
HEADINGS = ["Sammanfattning", "Så läser du rapporten", *AREAS, "Analys", "Analys och åtgärder", "Bilaga 1. Metod",
            "Bilaga 2. Datakvalitet", "Bilaga 3. Källor", "Bilaga 4. Mätbarhet"]
# An area name (163 characters) that wraps in the contents and in its heading on the area's first page.
LONG_AREA = ("Bostäder för alla: ett blandat och tillgängligt bostadsbestånd med rimliga boendekostnader, "
             "trygga närmiljöer och goda möjligheter att byta bostad genom hela livet")
LONG_HEADINGS = [LONG_AREA if h == "Bostäder" else h for h in HEADINGS]


def pdf_pages(pdf) -> list[str]:
    """Each page's text, page by page (pdfinfo's count, then pdftotext -f N -l N)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)\s*$", info, flags=re.MULTILINE).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def words(text: str) -> str:
    return " ".join(text.split())


def contents_entries(page: str) -> list[tuple[str, int | None]]:
    """The (text, printed page) of each entry under "Innehåll"; an entry may wrap over lines, and ends on the
    line with its dot leader (page None: the leader ends without a number)."""
    lines = page.splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.strip() == "Innehåll") + 1:]
    entries, pending = [], []
    for line in filter(str.strip, lines):
        leader = re.search(r"\.{3,}\s*(\d*)\s*$", line)
        if leader is None:
            pending.append(line)
            continue
        entries.append((words(" ".join([*pending, line[:leader.start()]])), int(leader.group(1) or 0) or None))
        pending = []
    return entries


def heading_lines(heading: str, page: str) -> int:
    """On how many whole consecutive lines of the page the heading stands (0: not there)."""
    lines, target = [words(line) for line in page.splitlines()], words(heading)
    for first, line in enumerate(lines):
        joined, count = line, 1
        while joined != target and target.startswith(joined + " ") and first + count < len(lines):
            joined, count = f"{joined} {lines[first + count]}", count + 1
        if line and joined == target:
            return count
    return 0


@pytest.fixture(scope="module")
def long_heading_pdf(prefect_server, tmp_path_factory):
    """`followup run --pdf` on the example with one area's name long enough to wrap: (its pages' text, the
    contents page's index, the PDF)."""
    from typer.testing import CliRunner

    from flows.cli import app

    folder = tmp_path_factory.mktemp("toc")
    inbox = folder / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    program = (EXAMPLE / "program.yaml").read_text(encoding="utf-8")
    assert program.count("    name: Bostäder\n") == 1
    (folder / "program.yaml").write_text(program.replace("    name: Bostäder\n", f'    name: "{LONG_AREA}"\n'),
                                         encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--program", str(folder / "program.yaml"), "--inbox", str(inbox),
                                      "--year", "2023", "--output", str(folder / "out"), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = folder / "out" / "vasteras-social" / "2023" / "uppfoljning_vasteras-social_2023.pdf"
    pages = pdf_pages(pdf)
    contents = [i for i, page in enumerate(pages) if any(line.strip() == "Innehåll" for line in page.splitlines())]
    assert len(contents) == 1, contents
    return pages, contents[0], pdf


def first_pages(headings: list[str], pages: list[str], after: int) -> dict[str, int]:
    """The 1-based page on which each heading starts, looking forward from the page after `after` (the
    headings are in the document's order)."""
    found, page = {}, after + 1
    for heading in headings:
        page = next((i for i in range(page, len(pages)) if heading_lines(heading, pages[i])), None)
        assert page is not None, f"no page after the contents has {heading!r} on lines of its own"
        found[heading] = page + 1
    return found


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
def test_run_with_pdf_fills_the_table_of_contents(long_heading_pdf):
    """The contents list every main heading, and each printed page number is the page the PDF shows the
    heading on (found here in the PDF's text, not by report.document.pdf)."""
    pages, contents, pdf = long_heading_pdf
    listed = dict(contents_entries(pages[contents]))
    assert list(listed) == LONG_HEADINGS
    actual = first_pages(LONG_HEADINGS, pages, after=contents)
    assert {h: listed[h] for h in LONG_HEADINGS if h != LONG_AREA} == {
        h: actual[h] for h in LONG_HEADINGS if h != LONG_AREA}
    # the long area name wraps, in the contents and in its heading
    assert not any(LONG_AREA in words(line) for line in pages[contents].splitlines())
    assert heading_lines(LONG_AREA, pages[actual[LONG_AREA] - 1]) > 1
    manifest = json.loads((pdf.parent / "manifest.json").read_text(encoding="utf-8"))
    assert pdf.name in {entry["file"] for entry in manifest["outputs"]}


@pytest.mark.skipif(not NEEDED, reason="LibreOffice or pdftotext is not installed")
def test_a_heading_that_wraps_gets_its_page_in_the_contents(long_heading_pdf):
    """(That the entry is listed and that both it and the heading wrap is checked above.)"""
    pages, contents, _ = long_heading_pdf
    page = first_pages(LONG_HEADINGS, pages, after=contents)[LONG_AREA]
    assert dict(contents_entries(pages[contents]))[LONG_AREA] == page


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
