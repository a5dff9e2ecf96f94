"""Markup in every text column of a dropped workbook and CSV never reaches an HTML page
unescaped, and every page the product writes or links to loads nothing from the internet."""

from __future__ import annotations

import os
import re
import shutil

import openpyxl
import pytest

from tests.conftest import EXAMPLE

WORKBOOK = "inrapportering_kun_2023.xlsx"
# Every text cell of the committee's 2023 workbook that a committee fills in, and more.
WORKBOOK_CELLS = {
    "Inrapportering": ["A5", "C5", "D5", "E4", "F4", "G4"],
    "Aktiviteter": ["A2", "B3", "C2", "D4", "F3", "G2", "H2", "I3", "J2", "K2", "L2"],
}
REMOTE = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE)


def _markup(place: str) -> str:
    return f'<script>alert("{place}")</script><img src=x onerror=alert(1)>'


def _hostile_inbox(folder):
    inbox = folder / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    book = openpyxl.load_workbook(inbox / WORKBOOK)
    for sheet, cells in WORKBOOK_CELLS.items():
        for cell in cells:
            book[sheet][cell] = _markup(f"{sheet}!{cell}")
    book.save(inbox / WORKBOOK)
    rows = ["Nyckeltal;Kommun;År;Kön;Värde",
            f"{_markup('csv-nyckeltal')};1980;2023;Totalt;1",
            f"N07401;{_markup('csv-kommun')};2023;Totalt;1",
            f"N07401;1980;{_markup('csv-år')};Totalt;1",
            f"N07401;1980;2023;{_markup('csv-kön')};1",
            f"N07401;1980;2023;Totalt;{_markup('csv-värde')}"]
    (inbox / "statistik_med_markering.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for path in inbox.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))  # settled long ago
    return inbox


@pytest.fixture(scope="module")
def hostile_run(prefect_server, tmp_path_factory):
    from flows.annual import annual_followup

    base = tmp_path_factory.mktemp("markup")
    inbox = _hostile_inbox(base)
    final = annual_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, year=2023, output=base / "output",
                            feedback=base / "feedback")
    pages = sorted((base / "output").rglob("*.html")) + sorted((base / "feedback").rglob("*.html"))
    return final, base, pages


def test_no_markup_from_a_dropped_file_reaches_any_page_unescaped(hostile_run):
    final, base, pages = hostile_run
    assert len(pages) > 20  # the web edition, the feedback pages and the Data Docs
    raw = {page.relative_to(base).as_posix() for page in pages
           if "<script>alert(" in (text := page.read_text(encoding="utf-8").lower()) or "<img src=x" in text}
    assert raw == set()
    texts = {page.relative_to(base).as_posix(): page.read_text(encoding="utf-8") for page in pages}
    escaped = "&lt;script&gt;alert("
    shown = {name for name, text in texts.items() if escaped in text}
    # The values are shown, escaped: on the files' feedback pages and in GX's validation pages.
    assert "feedback/inrapportering_kun_2023.xlsx.html" in shown
    assert "feedback/statistik_med_markering.csv.html" in shown
    docs = f"{final.relative_to(base).as_posix()}/datadocs/validations"
    assert any(name.startswith(f"{docs}/inrapportering/") for name in shown)
    assert any(name.startswith(f"{docs}/statistik/") for name in shown)
    assert f"{final.relative_to(base).as_posix()}/webb/11-bilaga-2-datakvalitet.html" in shown
    feedback = texts["feedback/statistik_med_markering.csv.html"].lower()
    for column in ("nyckeltal", "kommun", "år", "kön", "värde"):  # each column's value, shown
        assert f"&lt;script&gt;alert(&#34;csv-{column}&#34;)&lt;/script&gt;" in feedback


def test_every_page_loads_nothing_from_the_internet(hostile_run):
    final, base, pages = hostile_run
    remote = {page.relative_to(base).as_posix() for page in pages if REMOTE.search(page.read_text(encoding="utf-8"))}
    assert remote == set()
    index = (final / "datadocs" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in index and "<h1>Kontrollerna med Great Expectations (Data Docs)</h1>" in index
    assert index.count('href="validations/') == 3 and index.count('href="expectations/') == 3
    for link in re.findall(r'href="([^"#]+)"', index):
        assert (final / "datadocs" / link).exists(), link
